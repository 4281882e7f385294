"""What every htmx request of the project needs, checked on every template (issue 15): one
configuration for all pages, answers 400 and 422 shown, the last search request winning."""

import json
import re
from html.parser import HTMLParser

from tests.test_gabarits_dsfr import ROOT, TEMPLATES, VOID

BASE = ROOT / "templates" / "base.html"
REQUESTS = ("data-hx-get", "data-hx-post", "data-hx-put", "data-hx-patch", "data-hx-delete")


def _without_django(text: str) -> str:
    return re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", "", text, flags=re.S)


def _htmx_config() -> dict:
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", BASE.read_text())
    assert meta, "base.html doit porter la configuration d'htmx dans <meta name=htmx-config>"
    return json.loads(meta.group(1))


def _handling(status: int) -> dict:
    """The entry htmx applies to a status: the first whose `code` matches (htmx 2)."""
    for entry in _htmx_config()["responseHandling"]:
        if re.search(entry["code"], str(status)):
            return entry
    return {"swap": False}


def test_les_reponses_400_et_422_montrent_le_formulaire_et_ses_erreurs():
    for status in (400, 422):
        assert _handling(status)["swap"] is True, status
        assert not _handling(status).get("error"), status
    assert _handling(200)["swap"] is True
    assert _handling(204)["swap"] is False


def test_les_autres_erreurs_ne_remplacent_rien_et_sont_signalees():
    for status in (401, 403, 404, 405, 410, 429, 500, 502, 503):
        assert _handling(status)["swap"] is False, status
        assert _handling(status).get("error") is True, status


def test_la_page_de_base_charge_le_script_qui_signale_les_echecs():
    text = BASE.read_text()
    htmx = text.index("{% static 'vendor/htmx/htmx.min.js' %}")
    assert text.index("{% static 'js/htmx-erreurs.js' %}") > htmx
    assert (ROOT / "static" / "js" / "htmx-erreurs.js").exists()
    # The configuration lives in one place: no template or script sets it again.
    for path in TEMPLATES:
        if path != BASE:
            assert "htmx-config" not in path.read_text(), path
    for path in (ROOT / "static" / "js").glob("*.js"):
        assert "htmx.config" not in path.read_text(), path


class HtmxElements(HTMLParser):
    """The elements that send htmx requests (or boost their links), with the ids of the
    elements around them."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []  # (tag, id)
        self.found: list[tuple[int, dict, list[str]]] = []  # (line, attributes, ancestor ids)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if any(name in attributes for name in REQUESTS) or "data-hx-boost" in attributes:
            ids = [id_ for _, id_ in self.stack if id_]
            self.found.append((self.getpos()[0], attributes, ids))
        if tag not in VOID:
            self.stack.append((tag, attributes.get("id")))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return


def _htmx_elements():
    for path in TEMPLATES:
        parser = HtmxElements()
        parser.feed(_without_django(path.read_text(encoding="utf-8")))
        for line, attributes, ancestors in parser.found:
            yield f"{path.relative_to(ROOT)}:{line}", attributes, ancestors


def test_les_gabarits_ont_des_elements_htmx_a_verifier():
    assert len(list(_htmx_elements())) >= 8


def test_chaque_recherche_htmx_laisse_gagner_la_derniere_requete():
    """A search sends a request per change: the one in flight is abandoned for the new one
    (hx-sync replace), on the element they both replace so that a page link and a filter
    share one queue; the results then always match the address."""
    faults = []
    for where, attributes, _ in _htmx_elements():
        if "data-hx-post" in attributes:
            continue
        sync = attributes.get("data-hx-sync", "")
        target = attributes.get("data-hx-target")
        if sync not in {"this:replace", f"{target}:replace"}:
            faults.append(f"{where} data-hx-sync={sync!r}")
    assert faults == [], 'ajoutez data-hx-sync="<cible>:replace" :\n' + "\n".join(faults)


def test_chaque_formulaire_htmx_qui_ecrit_montre_ses_erreurs_et_ne_part_qu_une_fois():
    """A form that writes is inside what htmx replaces, so that its answer 400 or 422 (the form
    and its messages) shows them; a second click while it is sent is dropped."""
    faults = []
    for where, attributes, ancestors in _htmx_elements():
        verbs = [name for name in REQUESTS if name in attributes and name != "data-hx-get"]
        if not verbs:
            continue
        target = attributes.get("data-hx-target", "this")
        if target != "this" and target.removeprefix("#") not in ancestors:
            faults.append(f"{where} : la cible {target} ne contient pas le formulaire")
        if attributes.get("data-hx-sync") != "this:drop":
            faults.append(f'{where} : data-hx-sync="this:drop" manque')
    assert faults == [], "\n".join(faults)


def test_les_attributs_htmx_s_ecrivent_data_hx():
    faults = []
    for path in TEMPLATES:
        text = _without_django(path.read_text(encoding="utf-8"))
        faults += [f"{path.relative_to(ROOT)} {m}" for m in re.findall(r"\s(hx-[a-z-]+)=", text)]
    assert faults == []
