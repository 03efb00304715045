"""Search in the case list (cooperations.admin.search_cases): pg_trgm for fuzzy
matches on references and titles, and a German full-text index over title and
description."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    # title__trigram_word_similar / reference__trigram_similar / icontains in the case search
    "CREATE INDEX IF NOT EXISTS coop_title_trgm ON cooperations_cooperation USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS coop_reference_trgm ON cooperations_cooperation USING gin (reference gin_trgm_ops)",
    # SearchVector("title", "description", config="german") in the case search
    "CREATE INDEX IF NOT EXISTS coop_fts_german ON cooperations_cooperation USING gin ("
    "to_tsvector('german'::regconfig, COALESCE(title, '') || ' ' || COALESCE(description, '')))",
]


def create(apps, schema_editor):
    for sql in INDEXES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for name in ("coop_title_trgm", "coop_reference_trgm", "coop_fts_german"):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cooperations", "0002_fields_of_action")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
