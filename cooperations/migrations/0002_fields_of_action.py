from django.db import migrations

# The Handlungsfelder of DESIGN.md.
FIELDS = [
    ("ver-und-entsorgung", "Ver- und Entsorgung", "Abfall, Abwasser, Wasser"),
    ("technische-infrastruktur", "Gemeinsame technische Einrichtungen / Infrastruktur", ""),
    ("allgemeine-verwaltung", "Allgemeine Verwaltung",
     "Beschaffung, Gebäudewirtschaft, gemeinsame Dienststellen: Standesamt, Datenschutz, Personal, Steuer, Kasse"),
    ("bildung-soziales", "Bildung, Kinder, Jugend, Senioren", ""),
    ("raumentwicklung", "Raumentwicklung, Flächenmanagement", "Wohn-, Gewerbe-, Verkehrsflächen"),
    ("umwelt-klima-energie", "Umwelt, Klimaschutz, Energie", ""),
    ("standortmarketing", "Standortmarketing", ""),
    ("it-egovernment", "IT, IT-Sicherheit, E-Government", ""),
    ("bauhof", "Bauhof", ""),
    ("feuerwehr", "Feuerwehr / Brandschutz", ""),
    ("tourismus", "Tourismus", ""),
    ("sonstiges", "Sonstiges", ""),
]


def create(apps, schema_editor):
    FieldOfAction = apps.get_model("cooperations", "FieldOfAction")
    for position, (slug, name, description) in enumerate(FIELDS, start=1):
        FieldOfAction.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("cooperations", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
