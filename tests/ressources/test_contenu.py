"""A resource's Markdown: sanitised by the project's sanitiser, headings anchored for the table
of contents, whatever the author wrote."""

import pytest

from ressources.contenu import render_contenu, sommaire
from tests.ressources.factories import RessourceFactory

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](  javascript:alert(1))",
    '<a href="javascript:alert(1)">clic</a>',
    '<a href="&#106;avascript:alert(1)">clic</a>',
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<iframe src=https://exemple.org></iframe>",
    '<p onclick="alert(1)">texte</p>',
    '<svg onload="alert(1)"></svg>',
    "<style>body{display:none}</style>",
    '<h2 onmouseover="alert(1)">Titre</h2>',
    '<h2 id="contenu">Titre qui vole un id</h2>',
    "## Titre <script>alert(1)</script>",
    '## <img src=x onerror="alert(1)">',
    "<object data=x></object><embed src=x>",
    '<form action="https://exemple.org"><input name=x></form>',
    '<a href="https://exemple.org" style="position:fixed">clic</a>',
]
DANGERS = (
    "<script",
    "onerror",
    "onclick",
    "onload",
    "onmouseover",
    "javascript:",
    "data:",
    "<iframe",
    "<svg",
    "<style",
    "<object",
    "<embed",
    "<form",
    "<input",
    "style=",
    'id="contenu"',
)


@pytest.mark.parametrize("payload", XSS)
def test_le_contenu_est_neutralise(payload):
    html, _ = render_contenu(f"Texte.\n\n{payload}\n\n## Suite")
    for danger in DANGERS:
        assert danger not in html.lower()
    assert '<h2 id="section-suite">Suite</h2>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS[:6])
def test_la_page_ne_contient_pas_le_code_injecte(client, payload):
    ressource = RessourceFactory(contenu=f"Texte. {payload}", titre="<script>alert(2)</script>")
    html = client.get(ressource.get_absolute_url()).content.decode()
    body = html.split('<div class="ressource-contenu', 1)[1].split("</div>", 1)[0]
    for danger in ("<script", "onerror", "javascript:", "<iframe", "onclick"):
        assert danger not in body
    assert "<script>alert(2)" not in html


def test_les_titres_ont_des_ancres_uniques_et_forment_un_sommaire():
    html, sections = render_contenu(
        "Intro\n\n## Pourquoi s'allier ?\n\n### Les *bénéfices*\n\n## Pourquoi s'allier ?\n\n"
        "### Les & autres\n\n#### Trop profond"
    )
    assert '<h2 id="section-pourquoi-sallier">Pourquoi s\'allier ?</h2>' in html
    assert '<h3 id="section-les-benefices">Les <em>bénéfices</em></h3>' in html
    assert '<h2 id="section-pourquoi-sallier-2">' in html
    assert [(s.ancre, s.titre, s.niveau) for s in sections] == [
        ("section-pourquoi-sallier", "Pourquoi s'allier ?", 2),
        ("section-les-benefices", "Les bénéfices", 3),
        ("section-pourquoi-sallier-2", "Pourquoi s'allier ?", 2),
        ("section-les-autres", "Les & autres", 3),
    ]
    arbre = sommaire(sections)
    assert [len(entree.enfants) for entree in arbre] == [1, 1]


def test_un_titre_sans_lettre_a_quand_meme_une_ancre():
    html, sections = render_contenu("## ???\n\n## !!!")
    assert [s.ancre for s in sections] == ["section-1", "section-2"]
    assert '<h2 id="section-1">???</h2>' in html
