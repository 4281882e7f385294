"""Demo resources for local use (`load_demo_ressources`): about forty fictitious guides, studies,
tools, webinars, testimonies and document templates, so that the library, its filters, the
guided entry and the kit's map of tools have something to show on a fresh machine.

Like the other demo data, every row is flagged `is_demo` and its content ends with a sentence
saying that it is fictitious; links point to example.org and documents are generated here. The
texts are in donnees_demo/ressources.yaml; this module composes the contents and the PDFs.
"""

import dataclasses
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from comptes.demo import choice, load
from nomenclatures.models import Typologie
from ressources.fichiers import PDF
from ressources.models import Categorie, Format, Maturite, Objectif, Profil, Ressource
from ressources.services import ressource_save

Typologie = Typologie

DONNEES = Path(__file__).resolve().parent / "donnees_demo"


@dataclass(frozen=True)
class Demo:
    """One resource of the demo library, as ressources.yaml writes it."""

    titre: str
    categorie: str
    format: str
    maturite: str
    profils: tuple[str, ...]
    objectifs: tuple[str, ...]
    typologies: tuple[str, ...]
    domaines: tuple[str, ...]
    editeur: str
    resume: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class DonneesRessources:
    """What ressources.yaml holds: the mention, the template of a resource's content (with
    {points}, {maturite}, {publics} and {mention}) and the resources."""

    mention: str
    contenu: str
    ressources: tuple[Demo, ...]


def ressources_load(path: Path = DONNEES / "ressources.yaml") -> DonneesRessources:
    """The demo resources, with every code checked against the choices of the library: a
    misspelt profil would otherwise only make a resource vanish from a filter."""
    donnees = load(DonneesRessources, path)
    demos = []
    for index, demo in enumerate(donnees.ressources):
        where = f"{path.name}, ressources[{index}] ({demo.titre})"
        for champ, choices in (
            ("profils", Profil),
            ("objectifs", Objectif),
            ("typologies", Typologie),
        ):
            for code in getattr(demo, champ):
                choice(choices, code, f"{where}, {champ}")
        demos.append(
            dataclasses.replace(
                demo,
                categorie=choice(Categorie, demo.categorie, f"{where}, categorie"),
                format=choice(Format, demo.format, f"{where}, format"),
                maturite=choice(Maturite, demo.maturite, f"{where}, maturite"),
            )
        )
    return dataclasses.replace(donnees, ressources=tuple(demos))


_DONNEES = ressources_load()
MENTION_DEMO = _DONNEES.mention
DEMOS = _DONNEES.ressources


def _contenu(demo: Demo) -> str:
    return _DONNEES.contenu.format(
        points="\n".join(f"- {point}" for point in demo.points),
        maturite=Maturite(demo.maturite).label,
        publics=", ".join(Profil(profil).label for profil in demo.profils),
        mention=MENTION_DEMO,
    )


def _texte_pdf(text: str) -> bytes:
    """A string for a PDF content stream, in the encoding of the standard fonts."""
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def demo_pdf(titre: str, lignes: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines, enough to try the download."""
    stream = b"BT /F1 16 Tf 56 780 Td (" + _texte_pdf(titre) + b") Tj /F1 11 Tf"
    for ligne in lignes:
        stream += b" 0 -22 Td (" + _texte_pdf(ligne) + b") Tj"
    stream += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    output = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    output += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    output += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return output


@transaction.atomic
def demo_ressources_create() -> int:
    """Create the demo resources once; 0 when they are already there."""
    if Ressource.objects.filter(is_demo=True).exists():
        return 0
    today = timezone.localdate()
    for index, demo in enumerate(DEMOS):
        slug = slugify(demo.titre)[:200]
        ressource = Ressource(
            titre=demo.titre,
            slug=slug,
            resume=demo.resume,
            contenu=_contenu(demo),
            categorie=demo.categorie,
            format=demo.format,
            maturite=demo.maturite,
            editeur_nom=demo.editeur,
            publiee=True,
            publiee_le=today - timedelta(days=11 * index + 3),
            is_demo=True,
        )
        if demo.format in (Format.LIEN, Format.VIDEO):
            ressource.lien = f"https://example.org/ressources/{slug}"
        if demo.format == Format.PDF:
            pdf = demo_pdf(demo.titre, [*demo.points, MENTION_DEMO])
            ressource.fichier.save(f"{slug}.pdf", ContentFile(pdf), save=False)
            ressource.fichier_type = PDF
        ressource_save(
            ressource=ressource,
            valeurs={
                "profil": list(demo.profils),
                "objectif": list(demo.objectifs),
                "typologie": list(demo.typologies),
            },
        )
        ressource.domaines.set(demo.domaines)
        ressource.odd.set([17])
    return len(DEMOS)
