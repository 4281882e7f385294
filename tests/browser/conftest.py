"""Real Chromium (Debian's package) driven by Playwright; never a downloaded browser."""

import contextlib
import importlib
import os
import shutil
from pathlib import Path

import pytest

from tests.browser.accessibilite import Axe

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# How long a step may take before the test fails: a bound, never a wait. Generous because the
# machine may be busy: each step waits for the state it expects and goes on as soon as it's there.
ATTENTE_MAX_MS = 60_000
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.skip("Chromium absent (paquet Debian « chromium ») : tests navigateur sautés")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=ATTENTE_MAX_MS)

    # Playwright's sync API runs an event loop in this thread; the test code still talks to
    # the database synchronously, which Django allows once told so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every journey fails on anything the Content-Security-Policy refuses (issue 14): Chromium logs
# each refusal to the console ("Refused to load…", "Refused to apply inline style…"), across
# navigations and frames; the securitypolicyviolation events of the last page are read too.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def page(browser, axe_source):
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(ATTENTE_MAX_MS)
    context.add_init_script(CSP_LISTENER)
    axe = Axe(context, axe_source)
    page = context.new_page()
    axe.watch(page)
    refusals = []
    page.on("console", lambda m: refusals.append(m.text) if "Refused to" in m.text else None)
    yield page
    axe.finish()
    # A page already closed keeps its console messages; only its event list is lost.
    with contextlib.suppress(Exception):
        refusals.extend(page.evaluate("window.__cspViolations || []"))
    context.close()
    assert not refusals, f"La politique de sécurité (CSP) a refusé : {refusals}"
    assert not axe.graves, "Violations d'accessibilité graves (axe) :\n" + "\n".join(axe.graves)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_PATH.exists():
        pytest.skip("axe-core absent : lancez « npm ci » pour le contrôle d'accessibilité")
    return AXE_PATH.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def reference_lists(transactional_db):
    """Browser tests run on a flushed database: a flush also empties the domaines and ODD that
    a data migration fills, so put them back the way that migration does."""
    from django.apps import apps

    migration = importlib.import_module("nomenclatures.migrations.0002_domaines_et_odd_valeurs")
    migration.load(apps, None)
