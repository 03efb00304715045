# The statistics number each case's savings reports from the latest, in the order of
# this index and from it (reports.statistics.savings).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("savings", "0001_savings_reports"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="savingsreport",
            index=models.Index(
                fields=["cooperation", "-year"],
                include=("savings_eur", "savings_pct"),
                name="savings_report_case_latest",
            ),
        ),
    ]
