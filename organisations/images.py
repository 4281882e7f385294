"""Uploaded logos: checked from their content, never trusted by name, and re-encoded so that
whatever the file carried besides pixels (metadata, scripts in SVG, polyglots) is dropped."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 512
LOGO_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
# Refuse huge images before decoding them: a logo never needs 8 Mpx, and decoding 40 Mpx
# to RGBA would take hundreds of megabytes of memory per request.
MAX_PIXELS = 8_000_000


def reencode_logo(upload) -> ContentFile:
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            "Le logo dépasse 2 Mo : réduisez-le ou enregistrez-le en PNG ou JPEG plus léger.",
            code="logo_trop_lourd",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in LOGO_FORMATS:
                raise UnidentifiedImageError
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError("Cette image est trop grande.", code="logo_trop_grand")
            image.load()
            image = image.convert("RGBA")
            image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
            output = BytesIO()
            image.save(output, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError(
            "Ce fichier n'est pas une image lisible : envoyez un logo PNG, JPEG, WebP ou GIF.",
            code="logo_invalide",
        ) from None
    return ContentFile(output.getvalue(), name="logo.png")
