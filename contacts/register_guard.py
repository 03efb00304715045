"""The guard of the register import: why a Gemeindeverzeichnis file looks wrong.

A real edition retires a handful of Kommunen and names its Land; a truncated, hostile
or foreign file retires hundreds, lacks records or claims another Land. Each reason is
a German sentence; `contacts.register.register_import` runs a file with any of them
only when the import is confirmed explicitly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.formats import number
from core.land import LAENDER

from . import gv100ad

# The guard: what makes a file look wrong. Real editions retire a handful of Kommunen
# (Hessen 2018 → 2021: Oberweser and Wahlsburg); a truncated or hostile file retires hundreds.
RETIRE_SHARE_AT_MOST = Decimal("0.05")
RETIRE_COUNT_ALWAYS_FINE = 5
REGISTER_WARN_RETIRES = (
    "Die Datei würde {retired} von {active} Kommunen des Landes {land} ({share} %) aus dem Verzeichnis "
    "nehmen. Eine neue Ausgabe des Gemeindeverzeichnisses ändert meist nur wenige Kommunen (Zusammenschlüsse); "
    "so viele deuten auf eine unvollständige oder falsche Datei."
)
REGISTER_WARN_NO_LAND_RECORD = (
    "Die Datei enthält keinen Landessatz (Satzart 10) für {land}; sie ist wohl kein vollständiges "
    "Gemeindeverzeichnis dieses Landes."
)
REGISTER_WARN_LAND_NAME = "Der Landessatz der Datei nennt „{name}“, eingestellt ist das Land {land} ({code})."
REGISTER_WARN_WITHOUT_KREIS = (
    "{count} Gemeinden der Datei gehören zu Kreisen, für die die Datei keinen Kreissatz (Satzart 40) enthält, "
    "z. B. {example}."
)
REGISTER_WARN_FUTURE = "Der Gebietsstand {stand} liegt in der Zukunft (heute ist der {today})."
REGISTER_WARN_SAME_EDITION = (
    "Der Gebietsstand {stand} ist bereits eingelesen, die Datei weicht aber davon ab. Destatis ändert eine "
    "veröffentlichte Ausgabe nicht; prüfen Sie, woher die Datei stammt."
)
REGISTER_NEEDS_CONFIRMATION = (
    "Der Import wurde nicht ausgeführt, weil die Datei auffällig ist. Prüfen Sie die Hinweise und bestätigen "
    "Sie den Import ausdrücklich, wenn die Datei trotzdem stimmt:"
)
REGISTER_CONFIRM_WARNINGS = (
    "Bitte bestätigen Sie, dass Sie die Hinweise geprüft haben und die Datei trotzdem einlesen möchten."
)


class RegisterNeedsConfirmation(ValidationError):
    """The file looks wrong (the messages say why); only a confirmed import runs."""


def _percent(share: Decimal) -> str:
    return number(share * 100, 1)


def register_warnings(
    *,
    register: gv100ad.Gv100adFile,
    land: str,
    retired: int,
    changed: bool,
    active_before: int,
    latest: dt.date | None,
) -> list[str]:
    """Why a file looks wrong for this Land and this register, in German."""
    warnings: list[str] = []
    name = LAENDER.get(land, land)
    allowed = max(Decimal(RETIRE_COUNT_ALWAYS_FINE), active_before * RETIRE_SHARE_AT_MOST)
    if active_before and retired > allowed:
        share = _percent(Decimal(retired) / Decimal(active_before))
        warnings.append(
            REGISTER_WARN_RETIRES.format(retired=retired, active=active_before, land=name, share=share)
        )
    land_records = [r for r in register.laender if r.key == land]
    if not land_records:
        warnings.append(REGISTER_WARN_NO_LAND_RECORD.format(land=name))
    elif land_records[0].name.casefold() != name.casefold():
        warnings.append(REGISTER_WARN_LAND_NAME.format(name=land_records[0].name, land=name, code=land))
    kreise = {k.key for k in register.kreise}
    orphans = [g for g in register.gemeinden if g.kreis_key not in kreise]
    if orphans:
        example = f"{orphans[0].name} ({orphans[0].ags})"
        warnings.append(REGISTER_WARN_WITHOUT_KREIS.format(count=len(orphans), example=example))
    today = timezone.localdate()
    if register.gebietsstand > today:
        warnings.append(
            REGISTER_WARN_FUTURE.format(stand=f"{register.gebietsstand:%d.%m.%Y}", today=f"{today:%d.%m.%Y}")
        )
    if latest == register.gebietsstand and changed:
        warnings.append(REGISTER_WARN_SAME_EDITION.format(stand=f"{latest:%d.%m.%Y}"))
    return warnings
