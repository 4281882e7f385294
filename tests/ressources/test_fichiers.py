"""Documents: type read from the content, size capped, served with the right headers; staff
upload them in the admin, with a preview of the content."""

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ressources import fichiers
from ressources.api import RessourceSerializer
from ressources.demo import demo_pdf
from ressources.exports import ressource_rows
from ressources.models import Ressource
from tests.factories import UserFactory
from tests.ressources.factories import RessourceFactory

PDF_BYTES = demo_pdf("Un guide", ["Une ligne."])
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
ELF_BYTES = b"\x7fELF\x02\x01\x01" + b"\x00" * 200


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


ODT_BYTES = _zip({"mimetype": fichiers.ODT.encode(), "content.xml": b"<office/>"})
CONTENT_TYPES_DOCX = (
    b'<Types><Override PartName="/word/document.xml" ContentType="'
    + fichiers.DOCX_PRINCIPAL
    + b'"/></Types>'
)
DOCX_BYTES = _zip(
    {"[Content_Types].xml": CONTENT_TYPES_DOCX, "word/document.xml": b"<w:document/>"}
)
# Right names, wrong declarations: a zip dressed up as a DOCX.
FAUX_DOCX_BYTES = _zip(
    {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<html><script/></html>"}
)
# The ODF standard puts `mimetype` first; here it comes after a payload.
FAUX_ODT_BYTES = _zip({"charge.exe": EXE_BYTES, "mimetype": fichiers.ODT.encode()})
# An ODT whose `mimetype` entry is huge: never inflated, refused.
ODT_ENORME_BYTES = _zip({"mimetype": fichiers.ODT.encode() + b" " * (fichiers.ENTREE_MAX + 1)})
# Starts like a PDF, but is a page with a script and no PDF structure.
FAUX_PDF_BYTES = b"%PDF-1.7\n<html><script>alert(1)</script></html>\n"
ODS_BYTES = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
JAR_BYTES = _zip({"META-INF/MANIFEST.MF": b"Manifest-Version: 1.0"})


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("guide.pdf", PDF_BYTES, fichiers.PDF),
        ("modele.odt", ODT_BYTES, fichiers.ODT),
        ("modele.DOCX", DOCX_BYTES, fichiers.DOCX),
    ],
)
def test_un_vrai_document_est_accepte_avec_son_type(name, content, expected):
    assert fichiers.check_document(_upload(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("guide.pdf", EXE_BYTES, "n'est pas un document PDF, ODT ou DOCX"),
        ("guide.pdf", ELF_BYTES, "n'est pas un document PDF, ODT ou DOCX"),
        ("guide.pdf", b"<html><script>alert(1)</script></html>", "n'est pas un document"),
        ("tableur.odt", ODS_BYTES, "n'est pas un document"),
        ("archive.docx", JAR_BYTES, "n'est pas un document"),
        ("faux.docx", b"PK\x03\x04 pas vraiment un zip", "n'est pas un document"),
        ("deguise.docx", FAUX_DOCX_BYTES, "n'est pas un document"),
        ("deguise.odt", FAUX_ODT_BYTES, "n'est pas un document"),
        ("enorme.odt", ODT_ENORME_BYTES, "n'est pas un document"),
        ("polyglotte.pdf", FAUX_PDF_BYTES, "n'est pas un document"),
        ("vide.pdf", b"", "n'est pas un document"),
        ("modele.pdf", DOCX_BYTES, "est un document DOCX mais son nom se termine par « .pdf »"),
        ("guide.exe", PDF_BYTES, "est un document PDF mais son nom se termine par « .exe »"),
        ("guide", PDF_BYTES, "se termine par « rien »"),
    ],
)
def test_un_fichier_qui_ment_sur_son_type_est_refuse(name, content, message):
    with pytest.raises(fichiers.ValidationError) as error:
        fichiers.check_document(_upload(name, content))
    assert message in error.value.messages[0]


def test_un_fichier_trop_lourd_est_refuse(monkeypatch):
    monkeypatch.setattr(fichiers, "TAILLE_MAX", 1000)
    with pytest.raises(fichiers.ValidationError) as error:
        fichiers.check_document(_upload("gros.pdf", b"%PDF-1.4" + b"0" * 2000))
    assert "la limite est de 1000" in error.value.messages[0]


# The admin


ADD = reverse("admin:ressources_ressource_add")


def _form(**fields) -> dict:
    data = {
        "titre": "Guide du mécénat",
        "slug": "guide-du-mecenat",
        "resume": "Tout savoir pour commencer.",
        "contenu": "## Les bases\n\nDu texte.",
        "categorie": "guide",
        "format": "pdf",
        "maturite": "decouvrir",
        "profils": ["entreprise", "association"],
        "objectifs": ["s_informer"],
        "typologies": ["mecenat"],
        "publiee": "on",
        "publiee_le": "2026-01-15",
        "ordre": "0",
        "fiche_kit": "",
        "lien": "",
        "editeur_nom": "",
    }
    data.update(fields)
    return data


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_l_equipe_cree_une_ressource_avec_son_document_et_la_previsualise(staff_client):
    response = staff_client.post(ADD, _form(fichier=_upload("guide.pdf", PDF_BYTES)))
    assert response.status_code == 302, response.content.decode()[:3000]
    ressource = Ressource.objects.get(slug="guide-du-mecenat")
    assert ressource.fichier_type == fichiers.PDF
    # Public media folder: the stored name cannot be guessed from the uploaded one.
    assert re.fullmatch(r"ressources/[0-9a-f]{32}\.pdf", ressource.fichier.name)
    assert ressource.valeurs("profil") == ["association", "entreprise"]
    assert ressource.valeurs("typologie") == ["mecenat"]
    assert "mecenat" in ressource.recherche

    change = staff_client.get(reverse("admin:ressources_ressource_change", args=[ressource.pk]))
    html = change.content.decode()
    assert "Aperçu du contenu" in html
    assert '<h2 id="section-les-bases">Les bases</h2>' in html
    assert re.search(r'value="entreprise"[^>]*checked', html)

    found = staff_client.get(reverse("ressources:ressource_list"), {"q": "mécénat"})
    assert ressource in found.context["page"].object_list


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("guide.pdf", EXE_BYTES, "n&#x27;est pas un document PDF, ODT ou DOCX"),
        ("modele.pdf", DOCX_BYTES, "renommez-le en .docx"),
    ],
)
def test_l_admin_refuse_un_document_trompeur_et_garde_la_saisie(
    staff_client, name, content, message
):
    response = staff_client.post(ADD, _form(fichier=_upload(name, content)))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Guide du mécénat"' in html
    assert not Ressource.objects.filter(slug="guide-du-mecenat").exists()


@pytest.mark.django_db
def test_l_admin_refuse_un_document_trop_lourd(staff_client, monkeypatch):
    monkeypatch.setattr(fichiers, "TAILLE_MAX", 100)
    response = staff_client.post(ADD, _form(fichier=_upload("guide.pdf", PDF_BYTES)))
    assert "la limite est de 100" in response.content.decode()
    assert not Ressource.objects.filter(slug="guide-du-mecenat").exists()


@pytest.mark.django_db
def test_l_admin_refuse_un_fichier_et_un_lien_a_la_fois(staff_client):
    response = staff_client.post(
        ADD, _form(fichier=_upload("guide.pdf", PDF_BYTES), lien="https://example.org/")
    )
    assert "soit un fichier, soit un lien externe" in response.content.decode()


@pytest.mark.django_db
def test_l_admin_refuse_une_adresse_reservee(staff_client):
    response = staff_client.post(ADD, _form(slug="flux"))
    assert "Cette adresse est réservée" in response.content.decode()


@pytest.mark.django_db
def test_l_admin_des_ressources_est_reserve_a_l_equipe(client):
    client.force_login(UserFactory())
    response = client.post(ADD, _form())
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not Ressource.objects.filter(slug="guide-du-mecenat").exists()


# Serving


def _with_file(name: str, content: bytes, content_type: str, **fields) -> Ressource:
    ressource = RessourceFactory(fichier_type=content_type, **fields)
    ressource.fichier.save(name, ContentFile(content))
    return ressource


@pytest.mark.django_db
def test_un_pdf_s_ouvre_dans_le_navigateur_avec_le_bon_type(client):
    ressource = _with_file("x.pdf", PDF_BYTES, fichiers.PDF, slug="guide-pdf")
    html = client.get(ressource.get_absolute_url()).content.decode()
    assert "Télécharger le document (PDF)" in html
    response = client.get(reverse("ressources:ressource_fichier", args=["guide-pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="guide-pdf.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.django_db
def test_un_docx_se_telecharge(client):
    _with_file("x.docx", DOCX_BYTES, fichiers.DOCX, slug="modele-docx")
    response = client.get(reverse("ressources:ressource_fichier", args=["modele-docx"]))
    assert response["Content-Type"] == fichiers.DOCX
    assert response["Content-Disposition"] == 'attachment; filename="modele-docx.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("visiteur", 404), ("equipe", 200)])
def test_le_document_d_une_ressource_non_publiee_est_cache(client, role, status):
    _with_file("x.pdf", PDF_BYTES, fichiers.PDF, slug="pas-encore", brouillon=True)
    if role == "equipe":
        client.force_login(UserFactory(staff=True))
    url = reverse("ressources:ressource_fichier", args=["pas-encore"])
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_une_ressource_sans_document_n_en_sert_pas(client):
    RessourceFactory(slug="sans-document")
    url = reverse("ressources:ressource_fichier", args=["sans-document"])
    assert client.get(url).status_code == 404


APERCU = reverse("admin:ressources_ressource_apercu")


@pytest.mark.django_db
def test_l_apercu_rend_le_contenu_saisi_assaini(staff_client):
    response = staff_client.post(
        APERCU, {"contenu": "## Titre\n\n<script>alert(1)</script>[x](javascript:alert(1))"}
    )
    html = response.content.decode()
    assert '<h2 id="section-titre">Titre</h2>' in html
    assert "<script" not in html and "javascript:" not in html
    assert staff_client.get(APERCU).status_code == 405


@pytest.mark.django_db
def test_l_apercu_est_reserve_a_l_equipe(client):
    client.force_login(UserFactory())
    response = client.post(APERCU, {"contenu": "## Titre"})
    assert response.status_code == 302
    assert "Titre" not in response.content.decode()


@pytest.mark.django_db
def test_l_export_et_l_api_donnent_l_adresse_de_telechargement_controlee(rf):
    """The stored file's media address would skip the checked type and headers (and stay
    reachable after unpublication): both give the library's download address."""
    ressource = _with_file("x.pdf", PDF_BYTES, fichiers.PDF, slug="guide-exporte")
    attendu = "http://testserver/ressources/guide-exporte/fichier/"
    ligne = next(row for row in ressource_rows() if row["slug"] == "guide-exporte")
    assert ligne["fichier"] == attendu
    donnees = RessourceSerializer(ressource, context={"request": rf.get("/")}).data
    assert donnees["fichier"] == attendu
    assert "/media/" not in ligne["fichier"] + donnees["fichier"]
