from django.apps import AppConfig


def accept_at_sign_up(request, user, **kwargs):
    """The sign-up page says that creating an account accepts the conditions in force."""
    from pages.services import cgu_accept

    cgu_accept(user)


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "pages du site"

    def ready(self):
        from comptes.donnees import Rubrique
        from comptes.donnees import register as register_donnees
        from pages import donnees

        register_donnees(
            Rubrique(
                "consentements", "Conditions générales acceptées", export=donnees.export, ordre=70
            )
        )

        from allauth.account.signals import user_signed_up

        user_signed_up.connect(accept_at_sign_up, dispatch_uid="pages_cgu_a_l_inscription")
