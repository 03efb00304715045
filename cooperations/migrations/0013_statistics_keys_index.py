# The statistics read each funded case's Handlungsfeld, lead and legal form from a narrow
# covering index instead of the table (reports.statistics.funding_sql).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cooperations", "0012_drop_superseded_search_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="cooperation",
            index=models.Index(
                fields=["id"],
                include=("field_of_action", "lead_municipality", "legal_form"),
                name="coop_statistics_keys",
            ),
        ),
    ]
