# The statistics sum the reclaimed funding from the few reclaimed grants
# (reports.statistics.queries.query_reclaimed), not from a scan of all grants.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0014_drop_superseded_search_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="grant",
            index=models.Index(
                condition=models.Q(("reclaimed_amount__isnull", False)),
                fields=["reclaimed_on"],
                include=("reclaimed_amount",),
                name="grant_reclaimed",
            ),
        ),
    ]
