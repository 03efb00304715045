"""The dataset description for open-data portals (DCAT-AP.de, the profile GovData and the
Länder portals harvest), as JSON-LD: title, publisher, licence, update frequency, last
change and the download addresses of each dataset."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse

from core.land import land_name

from .datasets import (
    DATASETS,
    FREQUENCY,
    LICENCE_NAME,
    LICENCE_URI,
    STATISTICS_DESCRIPTION,
    STATISTICS_TITLE,
    THEME,
)

FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def publisher() -> dict[str, Any]:
    return {"@type": "foaf:Organization", "foaf:name": settings.IKZ_OPERATOR["name"]}


def attribution() -> str:
    return f"{settings.IKZ_OPERATOR['name']}, IKZ-Portal {land_name()}"


def _text(value: Any) -> dict[str, str]:
    return {"@value": str(value), "@language": "de"}


def _distribution(url: str, fmt: str) -> dict[str, Any]:
    return {
        "@type": "dcat:Distribution",
        "dct:title": _text(fmt.upper()),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:format": {"@id": FILE_TYPE + fmt.upper()},
        "dcat:mediaType": MEDIA_TYPES[fmt],
        "dct:license": {"@id": LICENCE_URI},
    }


def _dataset(
    base: str,
    slug: str,
    title: Any,
    description: Any,
    frequency: str,
    theme: str,
    modified: dt.datetime,
    urls: list[tuple[str, str]],
) -> dict[str, Any]:
    return {
        "@id": f"{base}{reverse('opendata:index')}#{slug}",
        "@type": "dcat:Dataset",
        "dct:identifier": slug,
        "dct:title": _text(title),
        "dct:description": _text(description),
        "dct:publisher": publisher(),
        "dcatde:maintainer": publisher(),
        "dct:license": {"@id": LICENCE_URI},
        "dcatde:licenseAttributionByText": attribution(),
        "dct:accrualPeriodicity": {"@id": FREQUENCY + frequency},
        "dct:modified": {"@value": modified.isoformat(), "@type": "xsd:dateTime"},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/DEU"},
        "dcat:theme": {"@id": THEME + theme},
        "dcat:landingPage": {"@id": f"{base}{reverse('opendata:index')}"},
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": settings.IKZ_OPERATOR["name"],
            "vcard:hasURL": {"@id": f"{base}{reverse('imprint')}"},
        },
        "dcat:distribution": [_distribution(url, fmt) for url, fmt in urls],
    }


def catalogue(base: str, modified: dt.datetime, years: list[int]) -> dict[str, Any]:
    """`base` is scheme and host (request.build_absolute_uri('/')[:-1])."""
    datasets = [
        _dataset(
            base,
            d.slug,
            d.title,
            d.description,
            d.frequency,
            d.theme,
            modified,
            [(base + reverse("opendata:download", args=[d.slug, fmt]), fmt) for fmt in ("csv", "json")],
        )
        for d in DATASETS.values()
    ]
    datasets.append(
        _dataset(
            base,
            "statistik",
            STATISTICS_TITLE,
            STATISTICS_DESCRIPTION,
            "CONT",
            "GOVE",
            modified,
            [
                (base + reverse("opendata:statistics-download", args=[year, fmt]), fmt)
                for year in years
                for fmt in ("csv", "json")
            ],
        )
    )
    return {
        "@context": CONTEXT,
        "@id": base + reverse("opendata:dcat"),
        "@type": "dcat:Catalog",
        "dct:title": _text(f"IKZ-Portal {land_name()} – Offene Daten"),
        "dct:description": _text(
            "Daten des Kompetenzzentrums für Interkommunale Zusammenarbeit: Kooperationsatlas, "
            "Förderprogramme, Kommunen und Förderstatistik. Ohne personenbezogene Daten."
        ),
        "dct:publisher": publisher(),
        "dct:license": {"@id": LICENCE_URI},
        "dct:rights": _text(LICENCE_NAME),
        "dct:modified": {"@value": modified.isoformat(), "@type": "xsd:dateTime"},
        "dcat:dataset": datasets,
    }
