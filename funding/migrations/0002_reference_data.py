import datetime as dt
from decimal import Decimal

from django.db import migrations

# Facets of the federal Förderdatenbank (DESIGN.md).
ELIGIBLE = [
    ("kommune", "Kommune"),
    ("landkreis", "Landkreis"),
    ("verband-verein", "Verband / Verein"),
    ("unternehmen", "Unternehmen"),
    ("existenzgruender", "Existenzgründer/in"),
    ("privatperson", "Privatperson"),
    ("oeffentliche-einrichtung", "Öffentliche Einrichtung"),
    ("bildungseinrichtung", "Bildungseinrichtung"),
]
AREAS = [
    ("interkommunale-zusammenarbeit", "Interkommunale Zusammenarbeit"),
    ("digitalisierung", "Digitalisierung"),
    ("energie-klima", "Energieeffizienz, Klimaschutz"),
    ("infrastruktur", "Infrastruktur"),
    ("laendliche-entwicklung", "Ländliche Entwicklung"),
    ("staedtebau", "Städtebau, Stadterneuerung"),
    ("soziales-familie", "Soziales, Familie, Bildung"),
    ("wirtschaft", "Wirtschaft, Existenzgründung"),
    ("kultur-tourismus", "Kultur, Tourismus"),
    ("umwelt-naturschutz", "Umwelt, Naturschutz"),
    ("feuerwehr-katastrophenschutz", "Feuerwehr, Katastrophenschutz"),
    ("sport-vereine", "Sport, Ehrenamt, Vereine"),
]


def create(apps, schema_editor):
    Eligibility = apps.get_model("funding", "Eligibility")
    FundingArea = apps.get_model("funding", "FundingArea")
    FundingGuideline = apps.get_model("funding", "FundingGuideline")
    for slug, name in ELIGIBLE:
        Eligibility.objects.update_or_create(slug=slug, defaults={"name": name})
    for slug, name in AREAS:
        FundingArea.objects.update_or_create(slug=slug, defaults={"name": name})
    # Rahmenvereinbarung zur Förderung der IKZ in Hessen of 7 Dec 2021, running to 2026.
    FundingGuideline.objects.get_or_create(
        land="06",
        name="Hessen: Rahmenvereinbarung IKZ vom 07.12.2021",
        defaults={
            "valid_from": dt.date(2021, 12, 7),
            "valid_until": dt.date(2026, 12, 31),
            "min_partners": 3,
            "exception_min_partners": 2,
            "min_duration_years": 5,
            "min_savings_pct": Decimal("15"),
            "amounts": [
                {"partners": 2, "amount": "50000.00"},
                {"partners": 3, "amount": "75000.00"},
                {"partners": 4, "amount": "100000.00"},
            ],
            "per_additional_partner": Decimal("0"),
            "per_gvv_member": Decimal("150000.00"),
            "per_fire_brigade": Decimal("15000.00"),
        },
    )
    # Nordrhein-Westfalen: 175,000 € for 2 partners plus 35,000 € per further partner, at most 90 % of the costs.
    FundingGuideline.objects.get_or_create(
        land="05",
        name="Nordrhein-Westfalen: Förderung interkommunaler Zusammenarbeit",
        defaults={
            "valid_from": dt.date(2021, 1, 1),
            "min_partners": 2,
            "exception_min_partners": 2,
            "min_duration_years": 5,
            "min_savings_pct": Decimal("0"),
            "amounts": [{"partners": 2, "amount": "175000.00"}],
            "per_additional_partner": Decimal("35000.00"),
            "max_rate_pct": Decimal("90"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
