"""One word for email in the account pages and emails: « courriel », as the rest of the site
says it, in the project's own French (locale/fr/LC_MESSAGES/django.po overrides allauth's,
templates/account/ its wording where the translation alone can't fix it). The emails name the
platform, never the request's host."""

import ast
import gettext as python_gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import allauth
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "Coop3rer-en-territoire"
ADRESSE = "lea@exemple.fr"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
CATALOGUE_ALLAUTH = Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# « e-mail », « E-mail », « email », « mail »: the words the site doesn't use.
MOT_ANGLAIS = re.compile(r"\b(e-?)?mails?\b", re.IGNORECASE)


def _po_entries(path: Path) -> list[dict]:
    """The entries of a .po file (msgctxt, msgid, msgid_plural, msgstr, msgstr[n]), header and
    obsolete ones left out. A few lines instead of a dependency: the format is simple."""
    entries, entry, field = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry.get("msgid"):
                entries.append(entry)
            entry, field = {}, None
        elif line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#:"):
            entry.setdefault("references", []).extend(line[2:].split())
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, value = line.split(" ", 1)
            entry[field] = ast.literal_eval(value)
    return entries


def _translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


class _VisibleText(HTMLParser):
    """What a person reads on a page: its text and the attributes shown or spoken (title,
    placeholder, aria-label, alt, a button's value), not scripts, names or input types."""

    SHOWN = {"title", "placeholder", "aria-label", "alt"}

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        attrs = dict(attrs)
        self.parts += [value for name, value in attrs.items() if name in self.SHOWN and value]
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def _visible(html: str, *, main_only: bool = False) -> str:
    if main_only:
        html = html[html.index('<main id="contenu"') : html.index("</main>")]
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def _english(text: str) -> list[str]:
    return [match.group() for match in MOT_ANGLAIS.finditer(text)]


def _assert_courriel(text: str, where: str) -> None:
    assert not _english(text), f"{where} : {_english(text)} dans {text!r}"
    assert "courriel" in text.lower(), f"{where} ne dit pas « courriel » : {text!r}"


def _signup(client, capture):
    form = {"email": ADRESSE, "password1": MOT_DE_PASSE, "password2": MOT_DE_PASSE}
    with capture(execute=True):
        return client.post(reverse("account_signup"), form, follow=True)


def _link(body: str, path: str) -> str:
    return re.search(rf"https?://testserver({path}\S+/)", body).group(1)


@pytest.fixture
def lea(django_user_model):
    user = django_user_model.objects.create_user(email=ADRESSE, password=MOT_DE_PASSE)
    EmailAddress.objects.create(user=user, email=ADRESSE, verified=True, primary=True)
    return user


# --- The catalogue -------------------------------------------------------------------------


def test_le_catalogue_compile_est_a_jour_du_po():
    """The .mo is committed (`make run` needs no msgfmt): it must say what the .po says."""
    entries = [e for e in _po_entries(CATALOGUE / "django.po") if "fuzzy" not in e.get("flags", ())]
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalog = python_gettext.GNUTranslations(compiled)
    for entry in entries:
        context = f"{entry['msgctxt']}\x04" if "msgctxt" in entry else ""
        if "msgid_plural" in entry:
            for n, key in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                found = catalog.ngettext(context + entry["msgid"], entry["msgid_plural"], n)
                assert found == entry[key], "relancer manage.py compilemessages"
        else:
            found = catalog.gettext(context + entry["msgid"])
            assert found == entry["msgstr"], "relancer manage.py compilemessages"
    # Nothing left in the .mo that the .po no longer has (the header is the empty msgid).
    expected = sum(2 if "msgid_plural" in entry else 1 for entry in entries)
    assert len(catalog._catalog) - 1 == expected, "relancer manage.py compilemessages"


def test_le_catalogue_du_projet_passe_avant_celui_d_allauth():
    entries = _po_entries(CATALOGUE / "django.po")
    with translation.override("fr"):
        for entry in entries:
            assert translation.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


def _shown_only_by_our_templates(entry: dict) -> bool:
    """A text that only templates the project overrides (templates/account/) would show."""
    files = {reference.rsplit(":", 1)[0] for reference in entry["references"]}
    templates = Path(settings.BASE_DIR)
    return all(f.startswith("templates/") and (templates / f).exists() for f in files)


def test_le_catalogue_dit_courriel_et_traduit_chaque_texte_d_allauth_qui_dit_e_mail():
    """Every text of allauth's account app whose French says « e-mail » has ours (unless only
    a template we override shows it): a new version of allauth that adds one fails here."""
    ours = {e["msgid"]: e for e in _po_entries(CATALOGUE / "django.po")}
    missing = [
        entry["msgid"]
        for entry in _po_entries(CATALOGUE_ALLAUTH)
        if any(MOT_ANGLAIS.search(text) for text in _translations(entry))
        and any(r.startswith(("account/", "templates/account/")) for r in entry["references"])
        and not _shown_only_by_our_templates(entry)
        and entry["msgid"] not in ours
    ]
    assert missing == []
    for msgid, entry in ours.items():
        for text in _translations(entry):
            # Placeholders (%(email)s, {email}) are names, not words the reader sees.
            assert text and not _english(re.sub(r"%\(\w+\)[sd]|\{\w+\}", "", text)), msgid


# --- The pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["account_login", "account_signup", "account_reset_password", "account_reset_password_done"],
)
def test_les_pages_du_compte_disent_courriel(client, name):
    _assert_courriel(_visible(client.get(reverse(name)).content.decode()), name)


def test_une_connexion_refusee_dit_courriel(client, lea):
    response = client.post(reverse("account_login"), {"login": ADRESSE, "password": "faux"})
    text = _visible(response.content.decode(), main_only=True)
    _assert_courriel(text, "connexion refusée")
    assert "Adresse de courriel ou mot de passe incorrect : vérifiez votre saisie." in text


def test_une_adresse_deja_inscrite_est_refusee_en_disant_courriel(
    client, lea, django_capture_on_commit_callbacks
):
    response = _signup(client, django_capture_on_commit_callbacks)
    text = _visible(response.content.decode(), main_only=True)
    _assert_courriel(text, "inscription refusée")
    assert "Un compte existe déjà avec cette adresse de courriel." in text


def test_l_inscription_puis_la_confirmation_disent_courriel(
    client, django_capture_on_commit_callbacks
):
    response = _signup(client, django_capture_on_commit_callbacks)
    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    _assert_courriel(_visible(response.content.decode()), "confirmation envoyée")
    assert f"Un courriel de confirmation a été envoyé à {ADRESSE}." in response.content.decode()

    [message] = mail.outbox
    _assert_courriel(message.subject + "\n" + message.body, "courriel de confirmation")
    assert message.subject == "[Alliances ODD 17] Confirmez votre adresse de courriel"

    page = client.get(_link(message.body, "/comptes/confirmer-le-courriel/"))
    main = _visible(page.content.decode(), main_only=True)
    _assert_courriel(_visible(page.content.decode()), "page de confirmation")
    # The address is the account's only name: said once, not as « X est l'adresse de X ».
    assert main.count(ADRESSE) == 1, main
    assert "Confirmer l'adresse de courriel" in main


def test_la_page_d_un_lien_de_confirmation_perime_dit_courriel(client):
    response = client.get(reverse("account_confirm_email", args=["inconnue"]))
    _assert_courriel(_visible(response.content.decode()), "lien périmé")


def test_la_gestion_des_adresses_dit_courriel(client, lea):
    client.force_login(lea)
    response = client.get(reverse("account_email"))
    assert response.status_code == 200
    _assert_courriel(_visible(response.content.decode()), "gestion des courriels")


def test_la_reinitialisation_du_mot_de_passe_dit_courriel(
    client, lea, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": ADRESSE}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("account_reset_password_done")
    _assert_courriel(_visible(response.content.decode()), "lien envoyé")

    [message] = mail.outbox
    _assert_courriel(message.subject + "\n" + message.body, "courriel de réinitialisation")
    page = client.get(_link(message.body, "/comptes/mot-de-passe/reinitialiser/cle/"), follow=True)
    assert page.status_code == 200
    assert not _english(_visible(page.content.decode()))


# --- The emails name the platform ----------------------------------------------------------


def test_les_courriels_nomment_la_plateforme_et_son_adresse(
    client, lea, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": ADRESSE})
        client.post(
            reverse("account_signup"),
            {"email": "sam@exemple.fr", "password1": MOT_DE_PASSE, "password2": MOT_DE_PASSE},
        )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Alliances ODD 17" in message.body, message.subject
        assert f"{settings.SITE_URL}/" in message.body, message.subject
        # The request's host stood in for the platform's name: « c'est testserver ! ».
        assert "testserver !" not in message.body
        assert "example.com" not in message.body
        assert not _english(message.subject + message.body), message.body
