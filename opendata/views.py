import json
from collections.abc import Iterator
from email.utils import format_datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from opendata import LICENCE, SCHEMA_VERSION
from opendata.registry import SCHEMAS_DIR, Export, exports
from opendata.streaming import csv_body, json_body

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
CHANGELOG = SCHEMAS_DIR.parent / "CHANGELOG.md"


@login_not_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The list of files, their schema and version, the licence."""
    return render(
        request,
        "opendata/index.html",
        {"exports": exports().values(), "version": SCHEMA_VERSION, "licence": LICENCE},
    )


def _body(request: HttpRequest, found: Export, extension: str) -> Iterator[str]:
    if extension == "csv":
        return csv_body(found.fields, found.rows())
    header = {
        "nom": found.name,
        "titre": found.title,
        "version_schema": SCHEMA_VERSION,
        "schema": request.build_absolute_uri(reverse("opendata:schema", args=[found.name])),
        "licence": LICENCE["title"],
    }
    return json_body(header, found.fields, found.rows())


@login_not_required
@require_safe
def export(request: HttpRequest, name: str, extension: str) -> HttpResponse:
    """A data set, streamed. `ETag` and `Last-Modified` come from the state of the data, so a
    client that already has the file gets a 304 without the rows being read."""
    found = exports().get(name)
    if found is None or extension not in FORMATS:
        raise Http404
    if set(request.GET):
        return HttpResponse(
            "Ces fichiers ne prennent aucun paramètre : l'API (/api/v1/) filtre les données.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    last_modified, etag = found.state()
    etag = f'"{etag}-{extension}"'
    timestamp = last_modified.timestamp() if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if not_modified is not None:
        return not_modified
    if request.method == "HEAD":
        # The headers only: no row is read for a client that checks the file's date.
        response = HttpResponse(content_type=FORMATS[extension])
    else:
        response = StreamingHttpResponse(
            _body(request, found, extension), content_type=FORMATS[extension]
        )
    response["Content-Disposition"] = f'attachment; filename="{found.name}.{extension}"'
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = format_datetime(last_modified, usegmt=True)
    response["X-Schema-Version"] = SCHEMA_VERSION
    return response


@login_not_required
@require_safe
def schema(request: HttpRequest, name: str) -> HttpResponse:
    if name not in exports():
        raise Http404
    response = FileResponse(
        (SCHEMAS_DIR / f"{name}.json").open("rb"), content_type="application/json"
    )
    response["X-Schema-Version"] = SCHEMA_VERSION
    return response


@login_not_required
@require_safe
def datapackage(request: HttpRequest) -> HttpResponse:
    """A Data Package descriptor listing every file with its schema, version and licence."""
    resources = []
    for found in exports().values():
        for extension in FORMATS:
            resources.append(
                {
                    "name": f"{found.name}-{extension}",
                    "title": found.title,
                    "description": found.description,
                    "path": request.build_absolute_uri(
                        reverse("opendata:export", args=[found.name, extension])
                    ),
                    "format": extension,
                    "schema": request.build_absolute_uri(
                        reverse("opendata:schema", args=[found.name])
                    ),
                }
            )
    descriptor = {
        "name": "alliances-odd17",
        "title": "Alliances ODD 17 — données ouvertes",
        "version": SCHEMA_VERSION,
        "homepage": settings.SITE_URL + reverse("opendata:index"),
        "licenses": [LICENCE],
        "resources": resources,
    }
    return HttpResponse(
        json.dumps(descriptor, ensure_ascii=False, indent=2), content_type="application/json"
    )


@login_not_required
@require_safe
def changelog(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        CHANGELOG.read_text(encoding="utf-8"), content_type="text/markdown; charset=utf-8"
    )
