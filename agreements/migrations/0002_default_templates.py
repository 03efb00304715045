"""The built-in texts of the draft agreements (agreements/texts.py), stored so that the
KIKZ can edit them in the back office. A text that exists already is left alone."""

from django.db import migrations


def add_defaults(apps, schema_editor):
    from agreements.texts import DEFAULTS

    from django.utils import timezone

    AgreementTemplate = apps.get_model("agreements", "AgreementTemplate")
    History = apps.get_model("agreements", "HistoricalAgreementTemplate")
    for kind, values in DEFAULTS.items():
        texts = {k: v for k, v in values.items() if k != "kind"}
        template, created = AgreementTemplate.objects.get_or_create(kind=kind, defaults=texts)
        if created:  # the history starts with the built-in text (signals do not run here)
            History.objects.create(
                id=template.pk,
                kind=kind,
                created_at=template.created_at,
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="Mustertext des Portals",
                **texts,
            )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
