"""The folding function of the search (core.search): the generated `search_text`
and `search_vector` columns of municipalities, cases and programmes are computed with
it, and every query word is folded the same way in Python."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# A copy of core.search.FOLD_FUNCTION_SQL as of this migration (a migration must
# not change with the code; tests/search/test_fold.py compares the two).
FOLD_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION ikz_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT replace(replace(replace(replace(
    translate(lower(value), 'äöüéèêëáàâóòôíìîïúùûçñ', 'aoueeeeaaaoooiiiiuuucn'),
    'ß', 'ss'), 'ae', 'a'), 'oe', 'o'), 'ue', 'u')
$$
"""


class Migration(migrations.Migration):
    dependencies = [("ikz_portal", "0002_outbox_attachments")]

    operations = [
        TrigramExtension(),
        migrations.RunSQL(FOLD_FUNCTION_SQL, "DROP FUNCTION IF EXISTS ikz_fold(text)"),
    ]
