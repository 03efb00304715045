from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = "Kontakte und Kommunen"

    def ready(self) -> None:
        # The export pages' field picker in German (backoffice/exports.py). Belongs to the
        # back office's own AppConfig once it has one; set here, the first app to load.
        from backoffice.exports import use_german_export_form

        use_german_export_form()
