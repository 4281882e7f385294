"""Markup rules of the DSFR that a rendered page can't show to a test reading text: checked on
every template of the project."""

import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
# The header's tools: the DSFR header gives the buttons of its group their labels itself.
EN_TETE = ROOT / "templates" / "components" / "header_tools.html"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class ButtonGroups(HTMLParser):
    """The groups of buttons (fr-btns-group) holding a button with an icon, and whether the
    group says where icons go (without it, the DSFR draws such a button as a bare icon)."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, is a group without icon position)
        self.faults: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        group = "fr-btns-group" in classes
        positioned = any(c.startswith("fr-btns-group--icon-") for c in classes)
        in_bare_group = any(bare for _, bare in self.stack)
        icon_button = "fr-btn" in classes and any(c.startswith("fr-icon-") for c in classes)
        if icon_button and in_bare_group:
            self.faults.append(f"ligne {self.getpos()[0]} : {' '.join(classes)}")
        if tag not in VOID:
            self.stack.append((tag, group and not positioned))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return


def test_un_bouton_a_icone_dans_un_groupe_garde_son_libelle():
    faults = []
    for path in TEMPLATES:
        if path == EN_TETE:
            continue
        text = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", "", path.read_text(encoding="utf-8"))
        parser = ButtonGroups()
        parser.feed(text)
        faults += [f"{path.relative_to(ROOT)} {fault}" for fault in parser.faults]
    assert faults == [], "ajoutez fr-btns-group--icon-left au groupe :\n" + "\n".join(faults)
