"""The atlas filter by legal form: one index for its page and its count (replaces
coop_atlas_form of 0007). In the atlas order per legal form, with the field of action
included, the page stops after its 20 cases instead of reading every published case of
the order until 20 match (nationwide page 4.5 → 1.9 ms), and the count stays an
index-only scan (1.3 ms)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cooperations", "0009_atlas_title_trigram")]

    operations = [
        migrations.RemoveIndex(model_name="cooperation", name="coop_atlas_form"),
        migrations.AddIndex(
            model_name="cooperation",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["legal_form", "-started_on", "-created_at", "id"],
                include=("field_of_action",),
                name="coop_atlas_form_order",
            ),
        ),
    ]
