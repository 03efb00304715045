import django.contrib.postgres.indexes
import django.db.models.expressions
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="boundary",
            index=django.contrib.postgres.indexes.GistIndex(
                django.db.models.expressions.Func(
                    django.db.models.expressions.Func(
                        django.db.models.expressions.F("min_x"),
                        django.db.models.expressions.F("min_y"),
                        function="point",
                    ),
                    django.db.models.expressions.Func(
                        django.db.models.expressions.F("max_x"),
                        django.db.models.expressions.F("max_y"),
                        function="point",
                    ),
                    function="box",
                ),
                name="boundary_bbox",
            ),
        ),
    ]
