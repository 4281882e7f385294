from django.apps import AppConfig


def _badge(request, organisation) -> dict:
    # Read from the organisation row itself: the badge costs no query.
    return {"signee_le": organisation.charte_signee_le}


class ChartesConfig(AppConfig):
    name = "chartes"
    verbose_name = "charte du faire alliance"

    def ready(self):
        from organisations.pages import Section, register_section

        register_section(
            Section(
                name="charte",
                template="chartes/badge_organisation.html",
                context=_badge,
                zone="en_bref",
                ordre=10,
            )
        )
