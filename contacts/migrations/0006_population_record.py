"""Issue 17: every edition's population (contacts.PopulationRecord), backfilled from the
history of Municipality.population / population_date: each figure that a Kommune had at
some point is one edition; the last history row of a date wins, and the row names the
finished register import of that Gebietsstand where one exists."""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    History = apps.get_model("contacts", "HistoricalMunicipality")
    Municipality = apps.get_model("contacts", "Municipality")
    PopulationRecord = apps.get_model("contacts", "PopulationRecord")
    RegisterImport = apps.get_model("contacts", "RegisterImport")
    imports = dict(
        RegisterImport.objects.filter(status="fertig", gebietsstand__isnull=False)
        .order_by("created_at")
        .values_list("gebietsstand", "pk")
    )
    existing = set(Municipality.objects.values_list("pk", flat=True))
    figures = {}
    rows = (
        History.objects.filter(population__isnull=False, population_date__isnull=False)
        .order_by("history_date", "history_id")
        .values_list("id", "population_date", "population")
        .iterator(chunk_size=2000)
    )
    for pk, date, population in rows:
        if pk in existing:
            figures[(pk, date)] = population
    # The current rows too: a Kommune written without history (e.g. by a bulk update) still counts.
    for pk, date, population in Municipality.objects.filter(
        population__isnull=False, population_date__isnull=False
    ).values_list("pk", "population_date", "population"):
        figures[(pk, date)] = population
    PopulationRecord.objects.bulk_create(
        [
            PopulationRecord(
                municipality_id=pk, reference_date=date, population=population, register_import_id=imports.get(date)
            )
            for (pk, date), population in figures.items()
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0005_municipality_display_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="PopulationRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reference_date", models.DateField(verbose_name="Stand")),
                ("population", models.PositiveIntegerField(verbose_name="Einwohnerzahl")),
                ("male", models.PositiveIntegerField(blank=True, null=True, verbose_name="männlich")),
                ("female", models.PositiveIntegerField(blank=True, null=True, verbose_name="weiblich")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="angelegt am")),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="population_records",
                        to="contacts.municipality",
                        verbose_name="Kommune",
                    ),
                ),
                (
                    "register_import",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="population_records",
                        to="contacts.registerimport",
                        verbose_name="Import des Gemeindeverzeichnisses",
                    ),
                ),
            ],
            options={
                "verbose_name": "Einwohnerzahl eines Gebietsstands",
                "verbose_name_plural": "Einwohnerzahlen der Gebietsstände",
                "ordering": ["municipality", "reference_date"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("municipality", "reference_date"), name="population_once_per_date"
                    )
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
