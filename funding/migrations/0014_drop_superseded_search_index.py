"""The Förderlotse's search reads the generated columns of 0012 (core.search):
the trigram index of 0008 is only written, never read."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("funding", "0013_search_columns")]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS programme_search_upper_trgm",
            "CREATE INDEX programme_search_upper_trgm ON funding_programme USING gin"
            " (UPPER(name || ' ' || short_name || ' ' || summary || ' ' || funder) gin_trgm_ops)",
        )
    ]
