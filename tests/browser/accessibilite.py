"""axe on every page a browser journey visits (issue 15): each HTML document is checked once
loaded, again after each htmx swap, and the journey fails on any violation of serious or
critical impact.

The check runs inside the page: axe and a few lines that start it come with the context's init
scripts, which the Content-Security-Policy does not govern (an inline <script> would be
refused), and the results come back through a binding. Playwright cannot evaluate in a page
whose next document is on its way, so the wait happens on the other side: every request that
replaces a state (a document, an htmx request) is held until that state has been checked.
Static files replace nothing: they are not routed, and load at full speed."""

import re
import time

GRAVES = ("serious", "critical")
NON_STATIQUE = re.compile(r"^(?!.*/static/)")
ATTENTE_MAX = 30  # seconds for axe to finish with a page, far beyond what it takes

CONTROLE = """
(() => {
  if (!location.protocol.startsWith("http") || document.contentType !== "text/html") return;
  const report = window.__axeReport;
  const documentId = Math.random().toString(36).slice(2);
  let queue = Promise.resolve();
  let checked = false;
  report({etat: "ouvert", documentId});
  function check() {
    checked = true;
    report({etat: "commence", documentId});
    // One run at a time: a swap may come while the previous run goes on.
    queue = queue
      .then(() => axe.run(document, {iframes: false}))
      .then((results) => report({
        etat: "fini", documentId, url: location.href, passes: results.passes.length,
        violations: results.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          cibles: v.nodes.slice(0, 3).map((node) => node.target.join(" ")),
        })),
      }))
      .catch((error) => report({
        etat: "fini", documentId, url: location.href, erreur: String(error),
      }));
  }
  window.addEventListener("load", check);
  document.addEventListener("htmx:afterSettle", check);
  // Left before its load event: checked as it was.
  window.addEventListener("beforeunload", () => { if (!checked) check(); });
})();
"""


class Axe:
    def __init__(self, context, source: str):
        self.page = None
        self.graves: list[str] = []
        self.current: dict = {}  # frame → the id of its HTML document
        self.pending: dict[str, int] = {}  # document id → runs started, not finished
        self.done: set[str] = set()  # documents checked at least once
        context.expose_binding("__axeReport", self._report)
        context.add_init_script(source + CONTROLE)

    def watch(self, page) -> None:
        self.page = page
        page.route(NON_STATIQUE, self._before_request)

    def _report(self, source, message: dict) -> None:
        document = message["documentId"]
        if message["etat"] == "ouvert":
            self.current[source["frame"]] = document
        elif message["etat"] == "commence":
            self.pending[document] = self.pending.get(document, 0) + 1
        else:
            self.pending[document] -= 1
            self.done.add(document)
            self._record(message)

    def _record(self, results: dict) -> None:
        url = results["url"]
        if "erreur" in results:
            self.graves.append(f"{url} : axe a échoué ({results['erreur']})")
            return
        if not results["passes"]:
            self.graves.append(f"{url} : axe n'a rien vérifié, la page est-elle chargée ?")
        self.graves.extend(
            f"{url} : {violation['id']} ({violation['impact']}) : {violation['help']} "
            f"— {', '.join(violation['cibles'])}"
            for violation in results["violations"]
            if violation["impact"] in GRAVES
        )

    def _checked(self, document: str) -> bool:
        return document in self.done and not self.pending.get(document)

    def _wait(self, documents: list[str]) -> None:
        """Until each document has been checked in its current state."""
        limit = time.monotonic() + ATTENTE_MAX
        while not all(self._checked(document) for document in documents):
            if time.monotonic() > limit:
                self.graves.append(f"axe n'a pas fini en {ATTENTE_MAX} s : {self.page.url}")
                return
            # Lets the page's reports arrive; the condition is what is waited for.
            self.page.wait_for_timeout(20)

    def _before_request(self, route) -> None:
        request = route.request
        if request.resource_type == "document" or request.headers.get("hx-request"):
            document = self.current.get(request.frame)
            if document is not None:
                self._wait([document])
        route.fallback()

    def finish(self) -> None:
        """The last states, once the journey is over."""
        if not self.page.is_closed():
            self._wait([self.current[frame] for frame in self.page.frames if frame in self.current])
