"""The indexes of the case and atlas search before core.search: the search now reads
the generated columns of 0011 (search_text, search_vector) and their indexes, so these
are only written, never read. The grant search keeps UPPER(title)/UPPER(reference) (0004)."""

from django.db import migrations

SUPERSEDED = {
    "coop_title_trgm": "CREATE INDEX coop_title_trgm ON cooperations_cooperation USING gin (title gin_trgm_ops)",
    "coop_reference_trgm": (
        "CREATE INDEX coop_reference_trgm ON cooperations_cooperation USING gin (reference gin_trgm_ops)"
    ),
    "coop_fts_german": (
        "CREATE INDEX coop_fts_german ON cooperations_cooperation USING gin ("
        "to_tsvector('german'::regconfig, COALESCE(title, '') || ' ' || COALESCE(description, '')))"
    ),
    "coop_published_description_trgm": (
        "CREATE INDEX coop_published_description_trgm ON cooperations_cooperation "
        "USING gin (UPPER(description) gin_trgm_ops) WHERE is_published AND description <> ''"
    ),
    "coop_published_other_partners_trgm": (
        "CREATE INDEX coop_published_other_partners_trgm ON cooperations_cooperation "
        "USING gin (UPPER(other_partners) gin_trgm_ops) WHERE is_published AND other_partners <> ''"
    ),
    "coop_published_title_trgm": (
        "CREATE INDEX coop_published_title_trgm ON cooperations_cooperation"
        " USING gin (UPPER(title) gin_trgm_ops) WHERE is_published"
    ),
}


class Migration(migrations.Migration):
    dependencies = [("cooperations", "0011_search_columns")]

    operations = [
        migrations.RunSQL(f"DROP INDEX IF EXISTS {name}", create) for name, create in SUPERSEDED.items()
    ]
