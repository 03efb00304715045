"""The statistics of the annual report (DESIGN.md, "Statistics"), defined once, in one package:

The dashboard, the PDF, the CSV downloads and the tests all read `annual_statistics()`.
Every figure is aggregated in the database; the number of queries is constant (eight:
two for the funding figures – the grants' side and the cases' side, which also gives the
population trend and the reported savings –, one for each other helper `annual_statistics` calls) and does not grow
with the rows. Outside a transaction they run in two halves on two connections at once.

- funded cooperation: a case with at least one approved grant (`GrantQuerySet.approved`);
  "in the year" means a grant of that budget year, "cumulated" every budget year up to it;
- municipalities involved: distinct Kommunen of those cases and participations counted
  with repetition. A merged municipality keeps its own record (with a successor), so
  old cases count it as it was, never as its successor;
- budget advice up to the cut-off date: held consultations; each municipality counted
  once, in the size class its FIRST consultation recorded (`Consultation.size_class`);
- Förderlotse: questions by asker kind and by the level of the programmes referred to;
- savings monitoring: funded cases with reported actual savings, the share whose latest
  report reaches 15 %, savings per report year and per Handlungsfeld (`savings`).

The modules: `figures` (the figures of a year, their sentences and tables), `queries` and
`funding_sql` and `savings` (the queries `annual_statistics` runs), `demography` (the table
of the population trend), `tables` (one shape for page, PDF and CSV), `formats` (German
numbers), `versioning` (data state, version, cache) and `constants`. Import from the package; its names are the public ones.
"""

from __future__ import annotations

from .constants import (
    CHART_MAX_BARS,
    LEVEL_ORDER,
    NO_DISTRICT,
    NO_PROGRAMME,
    NO_SIZE_CLASS,
    SIZE_CLASS_WORDS,
    STATISTICS_VERSION,
    YEAR_IN_FUTURE,
    YEAR_TOO_EARLY,
)
from .figures import AnnualStatistics, annual_statistics, default_cutoff, key_figures
from .formats import fmt_date, fmt_decimal, fmt_euro, fmt_euro_short, fmt_int, fmt_pct
from .funding_sql import CASE_FIGURES, GRANT_FIGURES, funding_sql
from .queries import paid_per_budget_year
from .tables import Cell, Column, Table
from .versioning import (
    CACHE_SECONDS,
    WATCHED_TABLES,
    available_years,
    cached_annual_statistics,
    cached_statistics_of_version,
    data_state,
    data_version,
)

__all__ = [
    "CACHE_SECONDS",
    "CASE_FIGURES",
    "CHART_MAX_BARS",
    "GRANT_FIGURES",
    "LEVEL_ORDER",
    "NO_DISTRICT",
    "NO_PROGRAMME",
    "NO_SIZE_CLASS",
    "SIZE_CLASS_WORDS",
    "STATISTICS_VERSION",
    "WATCHED_TABLES",
    "YEAR_IN_FUTURE",
    "YEAR_TOO_EARLY",
    "AnnualStatistics",
    "Cell",
    "Column",
    "Table",
    "annual_statistics",
    "available_years",
    "cached_annual_statistics",
    "cached_statistics_of_version",
    "data_state",
    "data_version",
    "default_cutoff",
    "fmt_date",
    "fmt_decimal",
    "fmt_euro",
    "fmt_euro_short",
    "fmt_int",
    "fmt_pct",
    "funding_sql",
    "key_figures",
    "paid_per_budget_year",
]
