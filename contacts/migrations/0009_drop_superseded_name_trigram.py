"""The similarity search on the plain name (`name % 'word'`, contacts 0003) became the
word similarity on the folded `search_name` (0007, core.search); the index of
UPPER(name) stays for the admin searches by municipality name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contacts", "0008_search_columns")]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS municipality_name_trgm",
            "CREATE INDEX municipality_name_trgm ON contacts_municipality USING gin (name gin_trgm_ops)",
        )
    ]
