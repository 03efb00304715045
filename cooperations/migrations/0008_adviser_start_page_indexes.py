"""The adviser start page (ikz_portal.backoffice.dashboard): "my open cases" in their order
and counted from one index (nationwide 976 of 50,000 cases: COUNT 2.4 → 0.2 ms), the new
inquiries nobody has taken yet counted from another."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cooperations", "0007_atlas_filter_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="cooperation",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "antrag_gestellt",
                            "bewilligt",
                            "eingegangen",
                            "in_beratung",
                            "in_umsetzung",
                            "verwendungsnachweis",
                        ],
                    )
                ),
                fields=["adviser", "next_step_due", "reference"],
                name="coop_open_adviser",
            ),
        ),
        migrations.AddIndex(
            model_name="cooperation",
            index=models.Index(
                condition=models.Q(("adviser__isnull", True)),
                fields=["status"],
                name="coop_unassigned_status",
            ),
        ),
    ]
