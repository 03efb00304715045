"""Constants of the statistics: texts, labels and the version of the figures."""

from __future__ import annotations

from decimal import Decimal

from contacts.models import SizeClass
from funding.models import FunderLevel

# Bump when the figures or the PDF layout change, so that a new report is rendered
# even though the data did not change.
# 3: held consultations only, 4: reclaimed funding, 5: population trend, 6: int counts,
# 7: savings monitoring
STATISTICS_VERSION = "7"

YEAR_IN_FUTURE = "Für ein künftiges Jahr gibt es noch keine Statistik."
YEAR_TOO_EARLY = "Bitte wählen Sie ein Jahr ab 2000."

ZERO = Decimal("0.00")  # money: two places, also when nothing was summed
NO_DISTRICT = "ohne Kreiszuordnung"
NO_PROGRAMME = "ohne Programmangabe"
NO_SIZE_CLASS = "ohne Größenangabe"
CHART_MAX_BARS = 10

# Singular and plural of the size classes, in the order of the published sentence.
SIZE_CLASS_WORDS: tuple[tuple[str, str, str], ...] = (
    (SizeClass.GEMEINDE, "Gemeinde", "Gemeinden"),
    (SizeClass.KLEINSTADT, "Kleinstadt", "Kleinstädte"),
    (SizeClass.MITTELSTADT, "Mittelstadt", "Mittelstädte"),
    (SizeClass.GROSSSTADT, "Großstadt", "Großstädte"),
    (SizeClass.LANDKREIS, "Landkreis", "Landkreise"),
    ("", NO_SIZE_CLASS, NO_SIZE_CLASS),
)
LEVEL_ORDER = (FunderLevel.LAND, FunderLevel.BUND, FunderLevel.EU)
