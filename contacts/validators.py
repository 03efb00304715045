from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from core.land import LAENDER, land_code

AGS_FORMAT = "Der Amtliche Gemeindeschlüssel (AGS) muss aus genau 8 Ziffern bestehen, z. B. 06611000."
AGS_UNKNOWN_LAND = "Der AGS {ags} beginnt mit {prefix}; das ist kein Land (01 bis 16)."
AGS_OTHER_LAND = "Der AGS {ags} gehört zu {other}, dieses Portal führt Kommunen in {land}."

_AGS = re.compile(r"\d{8}")


def validate_ags_format(value: str) -> None:
    if not _AGS.fullmatch(value or ""):
        raise ValidationError(AGS_FORMAT, code="ags_format")
    if value[:2] not in LAENDER:
        raise ValidationError(AGS_UNKNOWN_LAND.format(ags=value, prefix=value[:2]), code="ags_land")


def validate_ags(value: str) -> None:
    validate_ags_format(value)
    if value[:2] != land_code():
        raise ValidationError(
            AGS_OTHER_LAND.format(ags=value, other=LAENDER[value[:2]], land=LAENDER[land_code()]),
            code="ags_other_land",
        )
