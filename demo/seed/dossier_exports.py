"""The dossier export on the demo of `make run`: the export of last year's closed cases
is ordered once, so the back office shows it being built by the worker and then its
download. Every case page links its own dossier anyway. Idempotent: nothing happens when
an export exists."""

from __future__ import annotations

import datetime as dt

from accounts import roles
from accounts.models import User
from dossier.models import DossierExport
from dossier.selectors import closed_case_ids
from dossier.services import dossier_export_order


def seed(*, today: dt.date) -> dict[str, str]:
    if DossierExport.objects.exists():
        return {}
    adviser = User.objects.filter(groups__name=roles.KIKZ).order_by("pk").first()
    if adviser is None:
        return {}
    year = today.year - 1
    dossier_export_order(year=year, actor=adviser)
    return {"Dossier-Export": f"{year} angefordert ({len(closed_case_ids(year))} abgeschlossene Vorgänge)"}
