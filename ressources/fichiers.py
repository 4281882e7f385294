"""Documents attached to resources: the type is read from the content, never trusted from the
name or from what the browser announces, and the size is capped."""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

TAILLE_MAX = 20 * 1024 * 1024

PDF = "application/pdf"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", ODT: ".odt", DOCX: ".docx"}
LIBELLES = {PDF: "PDF", ODT: "ODT", DOCX: "DOCX"}
# The content type a DOCX's `[Content_Types].xml` gives its main part.
DOCX_PRINCIPAL = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

TYPE_REFUSE = (
    "Ce fichier n'est pas un document PDF, ODT ou DOCX (son contenu ne correspond à aucun de ces "
    "formats, quel que soit son nom)."
)


# Zip entries read to recognise a format are small XML or text files: anything larger is not
# the format (and is never inflated).
ENTREE_MAX = 64 * 1024
# A PDF ends with this marker (possibly followed by a few line ends): a file that only starts
# like a PDF (a page or a script behind « %PDF- ») is refused. A crafted file can still carry
# both, which is why documents are also served with their checked type, `nosniff` and a
# sandboxing Content-Security-Policy (see views.ressource_fichier).
PDF_FIN = b"%%EOF"
PDF_QUEUE = 1024


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes | None:
    info = archive.getinfo(name)
    if info.file_size > ENTREE_MAX:
        return None
    return archive.read(name)


def _zip_type(file) -> str | None:
    """ODT: a zip whose first entry is `mimetype` naming the format (as the ODF standard
    requires); DOCX: a zip whose `[Content_Types].xml` declares a Word main document, which is
    present. Any other zip (a JAR, a spreadsheet, an archive with the right names but not the
    right declarations) is none of them."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                mimetype = _read_entry(archive, "mimetype")
                return ODT if mimetype is not None and mimetype.strip() == ODT.encode() else None
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                types = _read_entry(archive, "[Content_Types].xml")
                if types is not None and DOCX_PRINCIPAL in types:
                    return DOCX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError):
        return None
    return None


def _pdf_complet(file) -> bool:
    """The file ends with the PDF end-of-file marker."""
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(0, size - PDF_QUEUE))
    queue = file.read()
    file.seek(0)
    return PDF_FIN in queue


def detect_type(file) -> str | None:
    """The document type this content really is, or None."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF if _pdf_complet(file) else None
    if head.startswith(b"PK\x03\x04"):
        found = _zip_type(file)
        file.seek(0)
        return found
    return None


def check_document(file) -> str:
    """Validate an uploaded document and return its real content type.

    Refused: too large, content that is not PDF/ODT/DOCX, or a name whose extension announces
    another type than the content (a DOCX renamed .pdf would be served with the wrong type).
    """
    if file.size > TAILLE_MAX:
        raise ValidationError(
            f"Ce fichier pèse {filesizeformat(file.size)} : la limite est de "
            f"{filesizeformat(TAILLE_MAX)}.",
            code="trop_lourd",
        )
    content_type = detect_type(file)
    if content_type is None:
        raise ValidationError(TYPE_REFUSE, code="type_refuse")
    extension = PurePath(file.name or "").suffix.lower()
    if extension != EXTENSIONS[content_type]:
        raise ValidationError(
            f"Ce fichier est un document {LIBELLES[content_type]} mais son nom se termine par "
            f"« {extension or 'rien'} » : renommez-le en {EXTENSIONS[content_type]}.",
            code="extension_trompeuse",
        )
    return content_type
