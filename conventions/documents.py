"""A convention as a document: its content (the draft as it stands, or a frozen version), and
that content as an OpenDocument text file (odfpy) or a PDF (WeasyPrint). Reads only."""

import io
import re

from django.template.loader import render_to_string
from django.utils.text import slugify

from conventions import modeles
from conventions.models import Convention, VersionConvention


class PdfIndisponible(Exception):
    """WeasyPrint, or the Pango library it draws text with, is missing on this machine."""


def contenu(convention: Convention) -> dict:
    """What the parties validate and what a frozen version keeps: plain JSON."""
    modele = modeles.modele(convention.modele)
    return {
        "titre": convention.titre,
        "modele": convention.modele,
        "modele_titre": modele.titre if modele else "",
        "information": modele.information if modele else "",
        "objet": convention.objet,
        "date_debut": convention.date_debut.isoformat() if convention.date_debut else "",
        "duree_mois": convention.duree_mois,
        "version": convention.version,
        "parties": [
            {
                "nom": partie.nom,
                "forme": partie.forme,
                "identifiant": partie.identifiant,
                "siege": partie.siege,
                "representant": partie.representant,
                "qualite": partie.qualite,
                "contribution": partie.contribution,
            }
            for partie in convention.parties.actives()
        ],
        "clauses": [
            {"titre": clause.titre, "texte": clause.texte} for clause in convention.clauses.all()
        ],
    }


def contenu_version(convention: Convention, numero: int) -> dict | None:
    """The content of version `numero`: frozen if it was validated, else the current draft's
    when it is that version; None for a version that no longer exists."""
    figee = VersionConvention.objects.filter(convention=convention, numero=numero).first()
    if figee is not None:
        return figee.contenu
    if convention.is_draft and convention.version == numero:
        return contenu(convention)
    return None


def identite(partie: dict) -> str:
    """« Nom, association, SIREN …, dont le siège est à …, représentée par … en qualité de … »."""
    morceaux = [partie["nom"]]
    for cle in ("forme", "identifiant"):
        if partie[cle]:
            morceaux.append(partie[cle])
    if partie["siege"]:
        morceaux.append(f"dont le siège est à {partie['siege']}")
    if partie["representant"]:
        qualite = f" en qualité de {partie['qualite']}" if partie["qualite"] else ""
        morceaux.append(f"représentée par {partie['representant']}{qualite}")
    return ", ".join(morceaux)


def filename(contenu: dict, extension: str) -> str:
    return f"{slugify(contenu['titre'])[:60] or 'convention'}-v{contenu['version']}.{extension}"


def pdf(contenu: dict) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        raise PdfIndisponible(str(error)) from error
    html = render_to_string(
        "conventions/document.html",
        {"contenu": contenu, "identites": [identite(p) for p in contenu["parties"]]},
    )

    def nothing_outside(url: str, *args, **kwargs):
        # The document carries its own style: never fetch anything while drawing it.
        raise ValueError(f"Ressource extérieure refusée : {url}")

    return HTML(string=html, url_fetcher=nothing_outside).write_pdf()


_GRAS = re.compile(r"\*\*(.+?)\*\*")


def _lignes(texte: str):
    """A clause's Markdown as (kind, text) blocks: each « - » line an item, the other lines of a
    block joined into a paragraph, bold marks dropped (a word processor shows the text; its
    author re-styles it there)."""
    for bloc in re.split(r"\n\s*\n", texte.strip()):
        paragraphe: list[str] = []
        for ligne in (ligne.strip() for ligne in bloc.splitlines()):
            if ligne.startswith(("- ", "* ")):
                if paragraphe:
                    yield "paragraphe", _GRAS.sub(r"\1", " ".join(paragraphe))
                    paragraphe = []
                yield "item", _GRAS.sub(r"\1", ligne[2:])
            elif ligne:
                paragraphe.append(ligne)
        if paragraphe:
            yield "paragraphe", _GRAS.sub(r"\1", " ".join(paragraphe))


def odt(contenu: dict) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, P

    document = OpenDocumentText()
    titre = Style(name="Titre", family="paragraph")
    titre.addElement(TextProperties(fontsize="18pt", fontweight="bold"))
    titre.addElement(ParagraphProperties(marginbottom="0.4cm"))
    intertitre = Style(name="Intertitre", family="paragraph")
    intertitre.addElement(TextProperties(fontsize="13pt", fontweight="bold"))
    intertitre.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
    item = Style(name="Item", family="paragraph")
    item.addElement(ParagraphProperties(marginleft="0.6cm"))
    note = Style(name="Note", family="paragraph")
    note.addElement(TextProperties(fontsize="9pt", fontstyle="italic"))
    for style in (titre, intertitre, item, note):
        document.styles.addElement(style)

    def write(kind_texte, style=None):
        kind, texte = kind_texte
        if kind == "item":
            document.text.addElement(P(stylename=item, text=f"• {texte}"))
        else:
            document.text.addElement(P(stylename=style, text=texte) if style else P(text=texte))

    document.text.addElement(H(outlinelevel=1, stylename=titre, text=contenu["titre"]))
    document.text.addElement(P(stylename=note, text=_version_line(contenu)))
    document.text.addElement(H(outlinelevel=2, stylename=intertitre, text="Entre les parties"))
    for partie in contenu["parties"]:
        write(("item", identite(partie)))
    for numero, clause in enumerate(contenu["clauses"], start=1):
        document.text.addElement(
            H(outlinelevel=2, stylename=intertitre, text=f"Article {numero} — {clause['titre']}")
        )
        for bloc in _lignes(clause["texte"]):
            write(bloc)
    if contenu["information"]:
        document.text.addElement(H(outlinelevel=2, stylename=intertitre, text="À savoir"))
        for bloc in _lignes(contenu["information"]):
            write(bloc, note)
    sortie = io.BytesIO()
    document.write(sortie)
    return sortie.getvalue()


def _version_line(contenu: dict) -> str:
    modele = (
        f" — d'après le modèle « {contenu['modele_titre']} »" if contenu["modele_titre"] else ""
    )
    return (
        f"Version {contenu['version']}{modele}. "
        "Document préparé sur la plateforme Alliances ODD 17."
    )
