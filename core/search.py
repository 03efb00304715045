"""German search that finds what people type – one module for the atlas, the back
office's case list, the Förderlotse and the municipality pickers.

A text is searched in its folded form (`ikz_fold`, a SQL function of migration
ikz_portal 0003, and `fold` below, its twin in Python): lower case, umlauts and ß
written out and then dropped to the plain vowel („Grünberg“ and „Gruenberg“ both read
„grunberg“, „Straße“ and „Strasse“ „strasse“), accents removed. A model keeps its
folded text in a stored generated column `search_text` (trigram index: any part of a
word, and typos by word similarity) and its German stems in `search_vector` (GIN
index: „Bauhöfe“ finds „Bauhof“); both are computed by PostgreSQL on every write.

A query is split into words; every word must match somewhere (AND), stop words
(„und“, „für“) are left out. `Terms` holds what a place needs for its matching and
ranking; the conditions are built by the helpers here, each place combines them with
its own joins (partners of a case, the AGS of a municipality)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import Combinable, Expression

# The SQL of ikz_fold (migration ikz_portal 0003). IMMUTABLE, so that PostgreSQL may
# use it in generated columns and indexes; `fold` below must give the same result
# (tests/search/test_fold.py compares both).
ACCENTS_FROM = "äöüéèêëáàâóòôíìîïúùûçñ"
ACCENTS_TO = "aoueeeeaaaoooiiiiuuucn"
FOLD_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION ikz_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT replace(replace(replace(replace(
    translate(lower(value), '{ACCENTS_FROM}', '{ACCENTS_TO}'),
    'ß', 'ss'), 'ae', 'a'), 'oe', 'o'), 'ue', 'u')
$$
"""
# The German stemmer of PostgreSQL (Snowball). The text is folded first, the same on
# both sides, so „Bauhoefe“ and „Bauhöfe“ both stem to „bauhof“.
CONFIG = "german"
MAX_WORDS = 8
_TRANSLATION = str.maketrans(ACCENTS_FROM, ACCENTS_TO)
# A case reference as the portal writes it (IKZ-2008-0001) or a grant's file number
# as the letters of decision write it (IKZ 2008/001), whole or in part: a year, then
# optionally a running number, with any of space, hyphen or slash between.
_REFERENCE = re.compile(r"(?:ikz)?[\s/-]*((?:19|20)\d{2})(?:[\s/-]+(\d{1,6}))?", re.IGNORECASE)


def fold(text: str) -> str:
    """The Python twin of the SQL function ikz_fold."""
    folded = text.lower().translate(_TRANSLATION).replace("ß", "ss")
    return folded.replace("ae", "a").replace("oe", "o").replace("ue", "u")


# Words that say nothing about what is searched; PostgreSQL's German list would drop
# them from the stems, but a word must also match as text, and „für“ rarely does.
STOP_WORDS = frozenset(
    fold(word)
    for word in [
        "und",
        "oder",
        "der",
        "die",
        "das",
        "des",
        "dem",
        "den",
        "ein",
        "eine",
        "einer",
        "eines",
        "einem",
        "einen",
        "im",
        "in",
        "am",
        "an",
        "auf",
        "aus",
        "bei",
        "mit",
        "nach",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "für",
        "fuer",
        "über",
        "ueber",
        "unter",
        "als",
        "auch",
    ]
)


class Fold(Func):
    function = "ikz_fold"
    output_field = TextField()


@dataclass(frozen=True)
class Terms:
    """A query as typed („  Bauhöfe  Kasel “), read once."""

    text: str  # the query with its spaces normalised
    phrase: str  # the whole query folded: compared with names and titles for the ranking
    words: tuple[str, ...]  # folded, stop words left out, at most MAX_WORDS
    digits: bool  # only digits: an AGS or its start (Land, Kreis)
    reference: str = ""  # the whole query is a reference: IKZ-2008-0001 (year and number)
    reference_prefix: str = ""  # … or the start of one: IKZ-2008- (a year only)

    def __bool__(self) -> bool:
        return bool(self.words or self.reference or self.reference_prefix)


def parse_terms(query: str) -> Terms:
    text = " ".join(query.split())
    if text.isascii() and text.isdigit():
        return Terms(text=text, phrase=text, words=(text,), digits=True)
    reference = prefix = ""
    match = _REFERENCE.fullmatch(text)
    if match and (match.group(2) or text.lower().startswith("ikz")):
        year, number = match.groups()
        if number:
            reference = f"IKZ-{year}-{int(number):04d}"
        else:
            prefix = f"IKZ-{year}-"
    folded = fold(text)
    words = [w for w in folded.split() if w not in STOP_WORDS] or folded.split()
    return Terms(
        text=text,
        phrase=folded,
        words=tuple(words[:MAX_WORDS]),
        digits=False,
        reference=reference,
        reference_prefix=prefix,
    )


def stems(word: str) -> SearchQuery:
    """The German stem of one folded word, as a query on a `search_vector`."""
    return SearchQuery(word, config=CONFIG, search_type="plain")


def text_match(word: str, *, text: str = "search_text", vector: str | None = "search_vector") -> Q:
    """One word in a document: any part of its folded text, or a German form of the
    word among its stems („bauhof“ in „Bauhöfe“ as text, „Bauhöfe“ in „Bauhof“ as stem)."""
    condition = Q(**{f"{text}__contains": word})
    if vector and len(word) >= 3:
        condition |= Q(**{vector: stems(word)})
    return condition


# Trigram word similarity needs some letters to tell a typo from another word: „Kasel“
# finds Kassel (0.83), four letters would let „Lohr“ find „Lohra“, „Rohr“ and more.
TYPO_MIN_LETTERS = 5


def name_match(word: str, *, name: str = "search_name", ags: str = "ags") -> Q:
    """One word in a name: an AGS or its start, any part of the folded name, or a name
    spelt a little differently („Kasel“ → Kassel; pg_trgm word similarity ≥ 0.6)."""
    if word.isascii() and word.isdigit():
        return Q(**{f"{ags}__startswith": word})
    condition = Q(**{f"{name}__contains": word})
    if len(word) >= TYPO_MIN_LETTERS:
        condition |= Q(**{f"{name}__trigram_word_similar": word})
    return condition


def all_words(terms: Terms, match: Any) -> Q:
    """Every word must match: `match(word)` gives the condition of one word."""
    condition = Q()
    for word in terms.words:
        condition &= match(word)
    return condition


def exact_first(*tiers: Q) -> Case:
    """0 for a row that meets the first condition, 1 for the second …, the number of
    tiers for the rest: ascending, the exact hits come first."""
    return Case(
        *(When(tier, then=Value(position)) for position, tier in enumerate(tiers)),
        default=Value(len(tiers)),
        output_field=IntegerField(),
    )


def stem_rank(terms: Terms, vector: str = "search_vector") -> SearchRank | Value:
    """How well the stems fit (title words weigh more than the description's); 0
    when no word has a stem to rank by."""
    words = [w for w in terms.words if len(w) >= 3]
    if not words:
        return Value(0.0)
    query = stems(words[0])
    for word in words[1:]:
        query &= stems(word)
    return SearchRank(F(vector), query)


def folded(expression: str | Combinable) -> Fold:
    return Fold(F(expression) if isinstance(expression, str) else expression)


def search_vector(*weighted: tuple[Any, str]) -> Expression:
    """The expression of a generated `search_vector` column: (field or expression, weight)."""
    vectors = [SearchVector(folded(field), weight=weight, config=CONFIG) for field, weight in weighted]
    combined: Expression = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


class RankedHits:
    """The hits of a ranked search for Django's Paginator, read in one pass.

    Paginating the ranked queryset itself asks PostgreSQL twice for every hit: once to
    count them and once to rank and sort them for the page – for a common word nationwide
    (1,700 cases) that was most of the page's time. Here one narrow query reads the ids of
    all hits in their order (no joins of the shown columns), the count is their number,
    and a page loads the rows of its ids only, with whatever `rows` selects and prefetches."""

    def __init__(self, ranked: QuerySet[Any], rows: QuerySet[Any]) -> None:
        self._ranked = ranked
        self._rows = rows
        self._ids: list[Any] | None = None

    @property
    def ids(self) -> list[Any]:
        if self._ids is None:
            self._ids = list(self._ranked.values_list("pk", flat=True))
        return self._ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: slice) -> list[Any]:
        if not isinstance(index, slice):
            raise TypeError("RankedHits is read by pages (slices)")
        ids = self.ids[index]
        found = self._rows.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]
