"""Trigram indexes for the atlas full-text search as it is counted
(cooperations.atlas._word_matches): `icontains` on the description and the other
partners of published cases, which PostgreSQL writes as UPPER(column) LIKE
UPPER('%word%'). Partial (published, not empty), so that no other query mistakes
them for a list of the published cases. PostgreSQL only."""

from django.db import migrations

INDEXES = {
    "coop_published_description_trgm": "description",
    "coop_published_other_partners_trgm": "other_partners",
}


def create(apps, schema_editor):
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON cooperations_cooperation "
            f"USING gin (UPPER({column}) gin_trgm_ops) WHERE is_published AND {column} <> ''"
        )


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cooperations", "0004_list_and_queue_indexes")]

    operations = [migrations.RunPython(create, drop)]
