"""A local HTTP server speaking the protocol of the API Recherche d'entreprises, for tests and CI
(our machines cannot reach the real one). It replays recorded unités légales and simulates
outages, on 127.0.0.1 and a free port, with real sockets.

Recordings: tests/serveurs/annuaires/*.json, one unité légale each, in the shape of a result of
the real `GET /search` (public facts of real organisations, written by hand from public
registers). `q` matches a recording by SIREN, by SIRET (of its siège or one of its
`etablissements`), by RNA (`complements.identifiant_association`), or by name (every word of
`q` in `nom_complet`, ignoring case and accents), as the real search does for these cases.

Base paths, each with its /search route:
- ""            the recordings;
- "/panne-500"  always HTTP 500;
- "/lent"       answers after `slow_seconds` (longer than the tests' timeout);
- "/illisible"  HTTP 200 whose body is not JSON (an HTML error page from a proxy);
- "/inattendu"  HTTP 200 with JSON that is not the documented shape.
Every request received is recorded in `requests` (path and query), so tests count attempts.
"""

import json
import threading
import unicodedata
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDINGS = Path(__file__).resolve().parent / "annuaires"


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def load_recordings() -> list[dict]:
    return [json.loads(path.read_text()) for path in sorted(RECORDINGS.glob("*.json"))]


def _matches(recording: dict, query: str) -> bool:
    compact = "".join(query.split()).upper()
    sirets = {(recording.get("siege") or {}).get("siret")}
    sirets |= {e.get("siret") for e in recording.get("etablissements") or []}
    rna = ((recording.get("complements") or {}).get("identifiant_association")) or ""
    if compact.isdigit():
        return compact == recording["siren"] or compact in sirets
    if compact == rna.upper():
        return bool(rna)
    names = _fold(f"{recording.get('nom_complet') or ''} {recording.get('nom_raison_sociale')}")
    words = _fold(query).split()
    return bool(words) and all(word in names for word in words)


class _Handler(BaseHTTPRequestHandler):
    server: "ServeurAnnuaires._Server"

    def do_GET(self):  # noqa: N802 (http.server's name)
        split = urllib.parse.urlsplit(self.path)
        self.server.owner.record(self.path)
        base, _, route = split.path.rpartition("/")
        if route != "search":
            return self._send(404, {"erreur": "Route inconnue."})
        if base == "/panne-500":
            return self._send(500, {"erreur": "Erreur interne."})
        if base == "/lent":
            # Wakes up early when the server stops, so that stopping never waits.
            self.server.owner.stopping.wait(self.server.owner.slow_seconds)
            return self._send(200, {"results": [], "total_results": 0})
        if base == "/illisible":
            return self._send_raw(200, b"<html><body>502 Bad Gateway</body></html>", "text/html")
        if base == "/inattendu":
            return self._send(200, {"results": "aucun", "total_results": "?"})
        if base:
            return self._send(404, {"erreur": "Route inconnue."})
        params = urllib.parse.parse_qs(split.query)
        query = (params.get("q") or [""])[0].strip()
        if len(query) < 3:
            return self._send(400, {"erreur": "Veuillez indiquer au moins 3 caractères."})
        per_page = int((params.get("per_page") or ["10"])[0])
        found = [r for r in self.server.owner.recordings if _matches(r, query)]
        self._send(
            200,
            {
                "results": found[:per_page],
                "total_results": len(found),
                "page": 1,
                "per_page": per_page,
                "total_pages": 1 if found else 0,
            },
        )

    def _send(self, status: int, payload: dict) -> None:
        self._send_raw(status, json.dumps(payload).encode(), "application/json")

    def _send_raw(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its timeout): nothing to answer to

    def log_message(self, format, *args):  # noqa: A002 (http.server's signature)
        pass


class ServeurAnnuaires:
    """Start with start() (or as a context manager), read `url`, stop with stop()."""

    class _Server(ThreadingHTTPServer):
        daemon_threads = True
        owner: "ServeurAnnuaires"

    def __init__(self, *, slow_seconds: float = 2.0):
        self.slow_seconds = slow_seconds
        self.recordings = load_recordings()
        self.requests: list[str] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def record(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()

    def start(self) -> "ServeurAnnuaires":
        self._server = self._Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> "ServeurAnnuaires":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
