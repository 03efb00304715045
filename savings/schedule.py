"""When a cooperation reports its savings: pure date rules, no database.

A case reports for every calendar year from the year its implementation began
(`Cooperation.started_on`) for its planned duration, at least five years. A year's
report is due once the year is over and overdue after 31 March of the next year."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

from .models import MIN_REPORTING_YEARS

if TYPE_CHECKING:
    from cooperations.models import Cooperation

# The report for a year is overdue after this day of the following year.
DEADLINE_MONTH, DEADLINE_DAY = 3, 31


class YearState(StrEnum):
    REPORTED = "gemeldet"
    RUNNING = "laufend"  # the year is not over yet
    DUE = "faellig"
    OVERDUE = "ueberfaellig"


def reporting_years(case: Cooperation) -> range:
    if case.started_on is None:
        return range(0)
    first = case.started_on.year
    return range(first, first + max(case.planned_duration_years or 0, MIN_REPORTING_YEARS))


def deadline(year: int) -> dt.date:
    return dt.date(year + 1, DEADLINE_MONTH, DEADLINE_DAY)


def year_state(year: int, *, today: dt.date, reported: bool) -> YearState:
    if reported:
        return YearState.REPORTED
    if year >= today.year:
        return YearState.RUNNING
    return YearState.DUE if today <= deadline(year) else YearState.OVERDUE
