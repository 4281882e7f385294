from django.apps import AppConfig


def _compte(user) -> dict:
    from allauth.account.models import EmailAddress

    from comptes.donnees import iso

    return {
        "adresse": user.email,
        "prenom": user.first_name,
        "nom": user.last_name,
        "inscrit_le": iso(user.date_joined),
        "derniere_connexion": iso(user.last_login),
        "adresses": [
            {"adresse": a.email, "verifiee": a.verified, "principale": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
    }


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = "comptes"

    def ready(self):
        from comptes.donnees import Rubrique, register
        from comptes.droits import comptes_purge

        register(Rubrique("compte", "Votre compte", export=_compte, purge=comptes_purge, ordre=0))
