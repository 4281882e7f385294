from allauth.account.models import EmailAddress
from django.db import transaction

from comptes.models import User

DEMO_PASSWORD = "demo-alliances-2026"
DEMO_ACCOUNTS = [
    # (email, prénom, nom, staff)
    ("citoyenne.demo@exemple.fr", "Camille", "Démo", False),
    ("admin.demo@exemple.fr", "Dominique", "Démo", True),
    ("catalyseur.demo@exemple.fr", "Claude", "Démo", False),
]


@transaction.atomic
def demo_accounts_create() -> list[User]:
    """Create (or leave as they are) the demo accounts, with their email already verified.

    They are flagged `is_demo` and use the public demo password: local use only.
    """
    users = []
    for email, first_name, last_name, staff in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": staff,
                "is_superuser": staff,
                "is_demo": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users.append(user)
    return users
