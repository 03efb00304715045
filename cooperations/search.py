"""The search over cases, for the atlas and the back office's case list (core.search
holds the rules: folding, stems, typos, every word).

A word matches a case by its text (reference, title, description, other partners), by
a municipality that leads it or takes part (name, typo or AGS) or by its field of
action. Each of these is its own subquery of case ids over its index (the generated
columns of cooperations 0011, contacts 0007) and the case list takes their UNION
(`pk IN (… UNION …)`): an OR over joins would make PostgreSQL test every condition on
every case instead of asking the indexes."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Upper

from contacts.models import Municipality
from core.search import (
    Fold,
    Terms,
    exact_first,
    name_match,
    parse_terms,
    stem_rank,
    text_match,
)
from funding.models import Grant

from .models import Cooperation, FieldOfAction, Participation

RANK = "search_rank"
STEM_RANK = "search_stem_rank"


def _municipality_ids(word: str) -> QuerySet[Any]:
    return Municipality.objects.filter(name_match(word)).values("pk")


def _field_ids(word: str) -> QuerySet[Any]:
    """The fields of action named by the word (a dozen rows: no index needed)."""
    return FieldOfAction.objects.alias(folded=Fold(F("name"))).filter(folded__contains=word).values("pk")


def word_case_ids(word: str) -> QuerySet[Any]:
    """The ids of every case the word finds (published or not: the caller filters)."""
    municipalities = _municipality_ids(word)
    subqueries: list[QuerySet[Any, Any]]
    if word.isascii() and word.isdigit():
        subqueries = []
    else:
        subqueries = [
            Cooperation.objects.filter(text_match(word)).values_list("pk"),
            Cooperation.objects.filter(field_of_action__in=_field_ids(word)).values_list("pk"),
        ]
    subqueries += [
        Cooperation.objects.filter(lead_municipality__in=municipalities).values_list("pk"),
        Participation.objects.filter(municipality__in=municipalities).values_list("cooperation_id"),
    ]
    first, *more = (qs.order_by() for qs in subqueries)
    return first.union(*more)


def _by_words(queryset: QuerySet[Cooperation], terms: Terms) -> QuerySet[Cooperation]:
    for word in terms.words:
        queryset = queryset.filter(pk__in=word_case_ids(word))
    return queryset


def _led_by_name(phrase: str) -> Q:
    """The lead municipality's name is the whole query (search_name: „<display> |
    <register>“). As a subquery of the few such municipalities, not a join: a join would
    be carried through the count and the sort of every hit."""
    named = Municipality.objects.filter(
        Q(search_name__startswith=f"{phrase} |") | Q(search_name__endswith=f"| {phrase}")
    )
    return Q(lead_municipality__in=named.values("pk"))


def _ranked(queryset: QuerySet[Cooperation], terms: Terms, *exact: Q) -> QuerySet[Cooperation]:
    """The hits in order: `exact` first (a reference), then the title as typed, a title
    that starts with the query, the lead municipality by its name or AGS, a title that
    contains the query, and the rest; within each, the better stems first."""
    if terms.digits:
        tiers = [*exact, Q(lead_municipality__ags=terms.text)]
    else:
        tiers = [
            *exact,
            Q(search_title=terms.phrase),
            Q(search_title__startswith=terms.phrase),
            _led_by_name(terms.phrase),
            Q(search_title__contains=terms.phrase),
        ]
    stems = stem_rank(terms)
    # No word long enough for a stem: nothing to rank by (and a constant in ORDER BY is
    # an SQL error once the ids alone are selected, core.search.RankedHits).
    by_stems = [] if isinstance(stems, Value) else [F(STEM_RANK).desc()]
    return (
        # The sort carries whole rows: without the long search columns (never shown).
        queryset.defer("search_text", "search_vector", "search_title")
        .annotate(**{RANK: exact_first(*tiers), STEM_RANK: stems})
        .order_by(RANK, *by_stems, *(queryset.query.order_by or ["-pk"]))
    )


def atlas_search(queryset: QuerySet[Cooperation], query: str) -> QuerySet[Cooperation]:
    terms = parse_terms(query)
    if not terms.words:
        return queryset
    return _ranked(_by_words(queryset, terms), terms)


def _reference_matches(terms: Terms) -> tuple[Q, Q]:
    """(which cases, which of them exactly) for a query that is a reference: the case's
    (IKZ-2008-0001) or a grant's file number (IKZ 2008/001), typed whole or in part."""
    typed = terms.text.upper()
    grants = Grant.objects.filter(file_number__icontains=terms.text).values("cooperation_id")
    exact_grants = (
        Grant.objects.alias(upper=Upper("file_number")).filter(upper=typed).values("cooperation_id")
    )
    found = Q(reference__icontains=typed.replace(" ", "-").replace("/", "-")) | Q(pk__in=grants)
    exact = Q(reference=typed) | Q(pk__in=exact_grants)
    if terms.reference:
        found |= Q(reference=terms.reference)
        exact |= Q(reference=terms.reference)
    if terms.reference_prefix:
        found |= Q(reference__startswith=terms.reference_prefix)
    return found, exact


def search_cases(queryset: QuerySet[Cooperation], query: str) -> QuerySet[Cooperation]:
    """The back office's case search: reference or a grant's file number, else every
    word by text, municipality (name, typo, AGS) or field of action; ranked."""
    terms = parse_terms(query)
    if not terms:
        return queryset
    if terms.reference or terms.reference_prefix:
        found, exact = _reference_matches(terms)
        return _ranked(queryset.filter(found), terms, exact)
    return _ranked(_by_words(queryset, terms), terms)
