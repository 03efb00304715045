"""Indexes for the lists measured by `make bench` (issue 6): the case list's order,
the overdue next steps of the adviser start page, the atlas order, and (PostgreSQL
only) trigram indexes for the `icontains` of the case search, which PostgreSQL
writes as UPPER(column) LIKE UPPER('%term%')."""

from django.conf import settings
from django.db import migrations, models

UPPER_TRIGRAM = {
    "coop_title_upper_trgm": "title",
    "coop_reference_upper_trgm": "reference",
}


def create_trigram(apps, schema_editor):
    for name, column in UPPER_TRIGRAM.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON cooperations_cooperation USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop_trigram(apps, schema_editor):
    for name in UPPER_TRIGRAM:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_register_import"),
        ("cooperations", "0003_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="cooperation",
            index=models.Index(fields=["-created_at", "-id"], name="coop_created_id"),
        ),
        migrations.AddIndex(
            model_name="cooperation",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "antrag_gestellt",
                            "bewilligt",
                            "eingegangen",
                            "in_beratung",
                            "in_umsetzung",
                            "verwendungsnachweis",
                        ],
                    )
                ),
                fields=["next_step_due"],
                name="coop_open_next_due",
            ),
        ),
        migrations.AddIndex(
            model_name="cooperation",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["-started_on", "-created_at", "id"],
                name="coop_atlas_order",
            ),
        ),
        migrations.RunPython(create_trigram, drop_trigram),
    ]
