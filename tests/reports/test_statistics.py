from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.backends.signals import connection_created
from django.test.utils import CaptureQueriesContext

from reports.statistics import (
    NO_PROGRAMME,
    WATCHED_TABLES,
    annual_statistics,
    available_years,
    data_state,
    data_version,
    default_cutoff,
    fmt_euro_short,
    fmt_int,
)
from tests import factories

from .conftest import Dataset

END_2021 = dt.date(2021, 12, 31)
D = Decimal


@pytest.fixture
def stats(dataset: Dataset):
    return annual_statistics(2021, END_2021)


def test_it_counts_cases_with_an_approved_grant_only(stats) -> None:
    # c1, c2, c3; not the rejected/withdrawn c4, the applied c5 or c6 of 2022.
    assert stats.cooperations_total == 3
    assert stats.cooperations_year == 2
    assert stats.first_year == 2019


def test_it_counts_municipalities_once_and_participations_with_repetition(stats) -> None:
    # Adorf, Bestadt, Oberweser, Wahlsburg, Cestadt, Wesertal; Oberweser and Bestadt twice.
    assert stats.municipalities_total == 6
    assert stats.participations_total == 8
    assert stats.municipalities_year == 4
    assert stats.participations_year == 5


def test_merged_municipalities_count_as_they_were(stats, dataset: Dataset) -> None:
    dataset.oberweser.refresh_from_db()
    assert dataset.oberweser.successor == dataset.wesertal
    # Oberweser, Wahlsburg and their successor Wesertal are three municipalities here.
    assert stats.municipalities_total == 6


def test_it_sums_approved_and_paid_amounts_up_to_the_cutoff(stats) -> None:
    assert stats.approved_total == D("240000")
    assert stats.approved_year == D("65000")
    # 100.000 (2019) + 30.000 (2021); the 10.000 of February 2022 are after the cut-off.
    assert stats.paid_total == D("130000")
    assert stats.paid_year == D("30000")


def test_it_tabulates_funding_per_budget_year(stats) -> None:
    table = stats.tables["jahre"]
    assert table.rows == (
        (2019, 2, D("175000.00"), D("100000.00"), D("57.1")),
        (2021, 2, D("65000.00"), D("30000.00"), D("46.2")),
    )
    assert table.total == ("Summe", 3, D("240000.00"), D("130000.00"), D("54.2"))


def test_it_tabulates_funding_per_field_of_action(stats) -> None:
    assert stats.tables["handlungsfelder"].rows == (
        ("Allgemeine Verwaltung", 1, D("50000.00"), 1, D("150000.00")),
        ("Bauhof", 0, D("0"), 1, D("75000.00")),
        ("Feuerwehr / Brandschutz", 1, D("15000.00"), 1, D("15000.00")),
    )


def test_it_tabulates_funding_per_district_of_the_lead_municipality(stats) -> None:
    assert stats.tables["landkreise"].rows == (
        ("Landkreis Alpha", 1, D("50000.00"), 1, D("150000.00")),
        ("Landkreis Beta", 1, D("15000.00"), 2, D("90000.00")),
    )


def test_it_tabulates_funding_per_legal_form_and_programme(stats) -> None:
    assert stats.tables["rechtsformen"].rows == (
        ("Zweckverband", 1, D("50000.00"), 1, D("150000.00")),
        ("Öffentlich-rechtliche Vereinbarung", 0, D("0"), 1, D("75000.00")),
        ("offen / noch nicht festgelegt", 1, D("15000.00"), 1, D("15000.00")),
    )
    assert stats.tables["programme"].rows == (
        ("Landesprogramm IKZ", 1, D("50000.00"), 1, D("150000.00")),
        (NO_PROGRAMME, 0, D("0"), 1, D("75000.00")),
        ("Bundesprogramm Feuerwehr", 1, D("15000.00"), 1, D("15000.00")),
    )


def test_budget_advice_counts_repeats_and_each_municipality_in_its_first_class(stats) -> None:
    assert stats.consultations_total == 9
    assert stats.consultations_year == 4
    assert stats.consulted_municipalities == 6
    assert stats.with_second == 2
    assert stats.with_third == 1
    # Bestadt was a Gemeinde at its first consultation and a Kleinstadt at its second.
    assert stats.by_size_class == {
        "gemeinde": 2,
        "kleinstadt": 1,
        "mittelstadt": 1,
        "grossstadt": 1,
        "landkreis": 1,
    }
    assert stats.tables["haushaltsberatung"].rows == (
        ("Gemeinden", 2, 4),
        ("Kleinstädte", 1, 2),
        ("Mittelstädte", 1, 1),
        ("Großstädte", 1, 1),
        ("Landkreise", 1, 1),
    )


def test_a_later_consultation_never_moves_past_figures(dataset: Dataset) -> None:
    before = annual_statistics(2021, END_2021).by_size_class
    factories.ConsultationFactory(
        municipality=dataset.bestadt, date=dt.date(2021, 12, 1), size_class="mittelstadt"
    )
    after = annual_statistics(2021, END_2021)
    assert after.by_size_class == before
    assert after.consultations_total == 10


def test_funding_pilot_counts_questions_by_asker_and_programme_level(stats) -> None:
    assert stats.questions_total == 3
    assert stats.questions_year == 2
    assert stats.tables["foerderlotse_fragende"].rows == (
        ("Kommune", 1, 1),
        ("Verein", 1, 1),
        ("Unternehmen", 0, 1),
    )
    assert stats.tables["foerderlotse_ebenen"].rows == (
        ("Land", 1, 2, 2),
        ("Bund", 1, 1, 1),
        ("EU", 1, 1, 1),
    )
    assert (stats.referrals_total, stats.referrals_year) == (4, 3)
    assert (stats.referred_to_office_total, stats.referred_to_office_year) == (1, 1)


def test_headline_sentences_state_the_figures(stats) -> None:
    assert stats.headline_funding == (
        "Seit 2019 wurden 3 kommunale Kooperationen mit 6 Kommunen (8 Beteiligungen, da Kommunen "
        "teils mehrfach eingebunden sind) gefördert; insgesamt 240.000 €."
    )
    assert stats.headline_budget_advice == (
        "Bis zum 31.12.2021 wurden 9 Beratungsgespräche (inkl. Zweit- und Drittberatungen) mit 6 Kommunen "
        "geführt; die 6 Kommunen nach Größenklasse bei ihrer ersten Beratung: "
        "2 Gemeinden, 1 Kleinstadt, 1 Mittelstadt, 1 Großstadt, 1 Landkreis."
    )
    assert stats.headline_year == (
        "Im Haushaltsjahr 2021 wurden 2 Kooperationen mit 4 Kommunen gefördert; "
        "bewilligt 65.000 €, ausgezahlt 30.000 €."
    )


def test_headlines_read_like_the_published_ones_at_that_scale(stats) -> None:
    published = replace(
        stats,
        first_year=2008,
        cooperations_total=352,
        municipalities_total=380,
        participations_total=1712,
        approved_total=D("25123456.78"),
        cutoff=dt.date(2020, 12, 31),
        consultations_total=199,
        consulted_municipalities=153,
        with_second=20,
        with_third=3,
        by_size_class={"gemeinde": 39, "kleinstadt": 90, "mittelstadt": 22, "grossstadt": 1, "landkreis": 1},
    )
    assert published.headline_funding == (
        "Seit 2008 wurden 352 kommunale Kooperationen mit 380 Kommunen (1.712 Beteiligungen, da Kommunen "
        "teils mehrfach eingebunden sind) gefördert; insgesamt 25,1 Mio. €."
    )
    assert published.headline_budget_advice == (
        "Bis zum 31.12.2020 wurden 199 Beratungsgespräche (inkl. Zweit- und Drittberatungen) mit 153 "
        "Kommunen geführt; die 153 Kommunen nach Größenklasse bei ihrer ersten Beratung: "
        "39 Gemeinden, 90 Kleinstädte, 22 Mittelstädte, 1 Großstadt, 1 Landkreis."
    )


def test_headlines_for_an_empty_year_say_so(db: None) -> None:
    empty = annual_statistics(2021, END_2021)
    assert empty.headline_funding == "Bis zum 31.12.2021 wurde noch keine kommunale Kooperation gefördert."
    assert empty.headline_budget_advice == "Bis zum 31.12.2021 wurden noch keine Beratungsgespräche geführt."


def test_german_number_formats() -> None:
    assert fmt_int(1712) == "1.712"
    assert fmt_euro_short(D("25100000")) == "25,1 Mio. €"
    assert fmt_euro_short(D("999999.50")) == "1.000.000 €"
    assert fmt_euro_short(D("1234.56")) == "1.235 €"


def test_the_query_count_is_constant_and_does_not_grow_with_rows(dataset: Dataset) -> None:
    with CaptureQueriesContext(connection) as few:
        annual_statistics(2021, END_2021)
    for n in range(5):
        case = factories.CooperationFactory(partners=[dataset.adorf])
        factories.GrantFactory(cooperation=case, budget_year=2021)
        factories.ConsultationFactory(municipality=case.lead_municipality, date=dt.date(2021, 3, n + 1))
    with CaptureQueriesContext(connection) as many:
        grown = annual_statistics(2021, END_2021)
    assert grown.cooperations_total == 8
    # funding (years and programmes; totals, municipalities, fields, Kreise, legal forms,
    # the lead's population trend and the reported savings, reports/statistics/savings.py),
    # payments, advice, classes (first and per consultation), asker kinds, programme
    # levels, reclaimed funding.
    assert len(few.captured_queries) == len(many.captured_queries) == 8


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_halves_run_on_two_connections_with_the_same_figures(
    dataset: Dataset,
) -> None:
    threads: list[str] = []

    def note(sender: Any, connection: Any, **kwargs: Any) -> None:
        threads.append(threading.current_thread().name)

    connection_created.connect(note)
    try:
        at_once = annual_statistics(2021, END_2021)
    finally:
        connection_created.disconnect(note)
    assert threads == ["ikz-side-by-side"]
    with transaction.atomic():
        one_after_the_other = annual_statistics(2021, END_2021)
    assert replace(at_once, generated_at=one_after_the_other.generated_at) == one_after_the_other
    assert at_once.cooperations_total == 3
    assert at_once.municipalities_total == 6
    assert at_once.tables["programme"].rows


def test_the_data_version_changes_with_the_data_only(dataset: Dataset) -> None:
    first = data_version(2021, END_2021)
    assert data_version(2021, END_2021) == first
    factories.GrantFactory(cooperation=dataset.c2, budget_year=2021)
    assert data_version(2021, END_2021) != first


@pytest.mark.parametrize("table", WATCHED_TABLES)
def test_every_write_to_a_table_the_statistics_read_changes_the_data_state(db: None, table: str) -> None:
    # A statement that changes no row still counts: the trigger is there.
    before = data_state()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id < 0")  # noqa: S608 – a constant table name
    assert data_state() != before


def test_the_years_are_cached_under_the_data_state(dataset: Dataset) -> None:
    today = dt.date(2026, 11, 23)
    state = data_state()
    years = available_years(today, state)
    with CaptureQueriesContext(connection) as cached:
        assert available_years(today, state) == years
    assert not cached.captured_queries
    factories.ConsultationFactory(municipality=dataset.adorf, date=dt.date(2015, 5, 5))
    assert available_years(today, data_state())[-1] == 2015


def test_cutoff_and_years(dataset: Dataset) -> None:
    today = dt.date(2026, 11, 23)
    assert default_cutoff(2021, today) == END_2021
    assert default_cutoff(2026, today) == today
    with pytest.raises(ValueError, match="künftiges Jahr"):
        default_cutoff(2027, today)
    assert available_years(today)[0] == 2026
    assert available_years(today)[-1] == 2018  # the first consultation


def test_every_figure_has_the_type_it_declares(stats) -> None:
    """Counts come back as int, money as Decimal with two places: the SUM of a PostgreSQL
    count is numeric (a Decimal in Python) and would print „3,00“ in a CSV otherwise."""
    import dataclasses
    import typing

    from reports.statistics import AnnualStatistics

    hints = typing.get_type_hints(AnnualStatistics)
    checked = 0
    for f in dataclasses.fields(AnnualStatistics):
        value = getattr(stats, f.name)
        declared = hints[f.name]
        if declared is int:
            assert type(value) is int, (f.name, value)
        elif declared is Decimal:
            assert type(value) is Decimal and value.as_tuple().exponent == -2, (f.name, value)
        elif declared == dict[str, int]:
            assert all(type(v) is int for v in value.values()), (f.name, value)
        else:
            continue
        checked += 1
    assert checked >= 20
