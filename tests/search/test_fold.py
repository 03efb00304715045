"""The folding of core.search exists twice – in SQL for the stored columns and in
Python for the typed words – and both must give the same text, or a word would not
find itself. The reference parser reads what advisers type for a case or a grant."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

from core.search import FOLD_FUNCTION_SQL, fold, parse_terms

pytestmark = pytest.mark.django_db

TEXTS = [
    "Grünberg",
    "Gruenberg",
    "Straße",
    "STRASSE",
    "Bauhöfe",
    "Großenlüder",
    "Café Müller-Lüdenscheid",
    "Ärztehaus Öko ÜBERLANDWERK",
    "Señor Noël",
    "IKZ 2008/001",
]


@pytest.mark.parametrize("text", TEXTS)
def test_python_and_postgresql_fold_alike(text: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ikz_fold(%s)", [text])
        assert cursor.fetchone()[0] == fold(text)


def test_umlauts_typed_or_written_out_fold_to_the_same_text() -> None:
    assert fold("Grünberg") == fold("Gruenberg") == fold("Grunberg") == "grunberg"
    assert fold("Straße") == fold("Strasse") == "strasse"


def test_the_migration_created_the_function_of_the_module() -> None:
    migration = importlib.import_module("core.migrations.0003_search_fold")
    assert migration.FOLD_FUNCTION_SQL == FOLD_FUNCTION_SQL


@pytest.mark.parametrize(
    ("typed", "reference", "prefix"),
    [
        ("IKZ-2008-0001", "IKZ-2008-0001", ""),
        ("ikz 2008/001", "IKZ-2008-0001", ""),
        ("2008/1", "IKZ-2008-0001", ""),
        ("IKZ 2015", "", "IKZ-2015-"),
        ("Bauhof 2015", "", ""),
        ("2015", "", ""),  # digits alone: an AGS or its start
    ],
)
def test_a_reference_is_read_however_it_is_written(typed: str, reference: str, prefix: str) -> None:
    terms = parse_terms(typed)
    assert (terms.reference, terms.reference_prefix) == (reference, prefix)


def test_stop_words_are_left_out_unless_nothing_else_is_typed() -> None:
    assert parse_terms("Förderung für Vereine").words == ("forderung", "vereine")
    assert parse_terms("für").words == ("fur",)
