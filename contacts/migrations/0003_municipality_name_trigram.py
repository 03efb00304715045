"""Trigram indexes on the municipality's name and AGS. Every search that finds cases,
consultations or atlas entries by municipality first looks the municipality up:
`name__icontains` / `ags__icontains` (UPPER(column) LIKE UPPER('%word%')) and the
back office's similarity search `name % 'word'` (cooperations.admin.search_cases).
Without them each of those was a scan of all municipalities (nationwide 11,300 rows,
3-5 ms per LIKE, 17 ms per similarity test). Also the Kreise by name (the Kreis boxes
of the atlas and the case list: 400 of 11,300 rows). PostgreSQL only."""

from django.db import migrations

INDEXES = {
    "municipality_name_upper_trgm": "UPPER(name) gin_trgm_ops",
    "municipality_ags_upper_trgm": "UPPER(ags) gin_trgm_ops",
    "municipality_name_trgm": "name gin_trgm_ops",
}
KREISE = "municipality_kreise_name"


def create(apps, schema_editor):
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON contacts_municipality USING gin ({expression})"
        )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {KREISE} ON contacts_municipality (name) "
        "WHERE kind IN ('landkreis', 'kreisfreie_stadt')"
    )


def drop(apps, schema_editor):
    for name in [*INDEXES, KREISE]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    # pg_trgm comes with cooperations 0003.
    dependencies = [("contacts", "0002_register_import"), ("cooperations", "0003_search_indexes")]

    operations = [migrations.RunPython(create, drop)]
