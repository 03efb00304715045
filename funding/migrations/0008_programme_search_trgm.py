"""The Förderlotse's programme search (funding.filters.ProgrammeFilter): every word in
name, short name, summary or funder, asked as `icontains` on the four joined by spaces
(funding.filters.SearchText), so one trigram index answers it. The OR of four LIKEs was
a scan of all programmes, twice per page (count and page; nationwide 5,000: 7 ms each).
pg_trgm comes from cooperations 0003."""

from django.db import migrations

INDEX = "programme_search_upper_trgm"


def create(apps, schema_editor):
    # The expression of SearchText under Django's icontains: UPPER((…)::text).
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON funding_programme USING gin"
        " (UPPER(name || ' ' || short_name || ' ' || summary || ' ' || funder) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cooperations", "0003_search_indexes"),
        ("funding", "0007_grant_year_created"),
    ]

    operations = [migrations.RunPython(create, drop)]
