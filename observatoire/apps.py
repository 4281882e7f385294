from django.apps import AppConfig


class ObservatoireConfig(AppConfig):
    name = "observatoire"
    verbose_name = "observatoire"

    def ready(self):
        from organisations.pages import Section, register_section
        from territoires.widget import widget_snippet

        def widget(request, organisation) -> dict:
            # The widget shows published organisations only: no code to copy before that.
            if not organisation.is_published:
                return {"widget_snippet": ""}
            return {
                "widget_snippet": widget_snippet(organisation=organisation.slug),
                "widget_cible": f"dont {organisation.nom} est partenaire",
            }

        register_section(
            Section("widget", "observatoire/organisation_widget.html", widget, ordre=30)
        )
        register_section(
            Section(
                "widget_scripts",
                "observatoire/organisation_widget_scripts.html",
                widget,
                zone="scripts",
            )
        )
