"""The Länder and their AGS prefixes. The portal serves one Land, set by IKZ_LAND."""

from __future__ import annotations

from django.conf import settings

LAENDER = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}


def land_code() -> str:
    return settings.IKZ_LAND


def land_name() -> str:
    return LAENDER[land_code()]
