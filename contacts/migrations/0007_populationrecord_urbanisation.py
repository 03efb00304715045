from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0006_population_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="populationrecord",
            name="urbanisation",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (1, "dicht besiedelt"),
                    (2, "mittlere Besiedlungsdichte"),
                    (3, "gering besiedelt"),
                ],
                null=True,
                verbose_name="Grad der Verstädterung",
            ),
        ),
    ]
