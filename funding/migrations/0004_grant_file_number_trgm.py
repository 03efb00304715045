"""The back office's grant search (funding.admin.GrantAdmin) on PostgreSQL: a trigram
index on UPPER(file_number), because `icontains` is written UPPER(column) LIKE
UPPER('%term%'); the case's reference and title have theirs in cooperations 0004.
pg_trgm comes from cooperations 0003."""

from django.db import migrations

INDEX = "grant_file_number_upper_trgm"


def create(apps, schema_editor):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON funding_grant USING gin (UPPER(file_number) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cooperations", "0004_list_and_queue_indexes"),
        ("funding", "0003_grant_proof_due_open"),
    ]

    operations = [migrations.RunPython(create, drop)]
