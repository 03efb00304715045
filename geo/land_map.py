"""The atlas map's reads, cached under the state of the data they come from.

A Land's boundaries and places change with a boundary import or a register import,
its counts with every published cooperation; the map is asked far more often than
either. So both are kept in the cache under a key made of what they are read from,
never by time alone:

- the statistics' data state (`reports.statistics.data_state`, one query): a trigger-kept
  counter that changes with every committed write to cooperations, participations,
  municipalities, fields of action and grants – everything the atlas filters and the
  counts read (a further field of action is written together with its cooperation),
- the boundary state of the Land (one query): how many boundaries and when the newest was
  imported (`boundaries_replace` deletes and inserts, so any import changes it),
- the day (a municipality's validity is by date), the Land, and the filter.

The counts (a few KB) are stored under a key made of all this; the boundaries and places
(130 KB) in one entry per Land that holds its state (see `land_map`).

A request that finds both costs these two queries; one after a change reads the
boundaries, the places and the counts (three more) and stores them. The states are read
before the data, so an entry can only hold data as new as its state or newer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from cooperations.models import Cooperation
from core.cache import state_key
from core.land import land_code
from reports.statistics import data_state

from .maps import Shapes, land_shapes
from .models import Boundary
from .selectors import Place, land_places, participation_counts

# Bump when what is stored changes shape (Shapes, Place), so a deploy never reads old entries.
CACHE_FORMAT = "1"
# Entries of an old state are never read again; the timeout only frees their memory.
CACHE_SECONDS = 3600


@dataclass(frozen=True)
class LandMap:
    """What a Land's map draws before it is shaded: boundaries and places."""

    shapes: Shapes
    places: list[Place]
    state: str  # the data state and boundary state these were read under

    @property
    def place_ids(self) -> list[int]:
        return [place.pk for place in self.places]


def boundary_state(prefix: str) -> str:
    """How many boundaries the Land has and when the newest was imported (one query)."""
    rows = Boundary.objects.filter(level__in=Boundary.Level.values, ags__startswith=prefix)
    found = rows.aggregate(n=Count("pk"), newest=Max("imported_at"))
    newest = found["newest"].isoformat() if found["newest"] else ""
    return f"{found['n']}@{newest}"


def _counts_key(state: str, filtered_by: str) -> str:
    return state_key(f"ikz:geo:counts:{CACHE_FORMAT}", state, filtered_by)


# This process's last Land map: a hit costs no transfer and no unpickling of its 130 KB
# (3–6 ms). Replaced, never mutated, so threads only ever see a whole one.
_recent: LandMap | None = None


def land_map() -> LandMap:
    """The Land's boundaries and places, from the cache while their data is unchanged.

    One cache entry per Land, holding the state it was read under, rather than one entry
    per state: every write to a watched table (a grant, a consultation) makes a new state,
    and 130 KB for each would fill Redis for nothing. An entry of another state is
    read over, never used."""
    global _recent
    prefix = land_code()
    state = f"{data_state()}|{boundary_state(prefix)}|{prefix}|{timezone.localdate().isoformat()}"
    recent = _recent
    if recent is not None and recent.state == state:
        return recent
    key = f"ikz:geo:land:{CACHE_FORMAT}:{prefix or 'alle'}"
    found = cache.get(key)
    if not (isinstance(found, LandMap) and found.state == state):
        found = LandMap(shapes=land_shapes(prefix), places=land_places(), state=state)
        cache.set(key, found, CACHE_SECONDS)
    _recent = found
    return found


def filter_key(params: Iterable[tuple[str, str]]) -> str:
    """The filter as the request gave it (name, value), in a fixed order: equal filters
    give equal keys. Two spellings of one filter only cost a second entry."""
    return "&".join(f"{name}={value}" for name, value in sorted(params))


def counts_of(base: LandMap, cooperations: QuerySet[Cooperation], *, filtered_by: str) -> dict[int, int]:
    """Place id → count of `cooperations` (the filter `filtered_by` chose them), cached
    under the state `base` was read under."""
    key = _counts_key(base.state, filtered_by)
    found = cache.get(key)
    if isinstance(found, dict):
        return found
    counts = participation_counts(cooperations, municipality_ids=base.place_ids)
    cache.set(key, counts, CACHE_SECONDS)
    return counts


__all__ = ["LandMap", "boundary_state", "counts_of", "filter_key", "land_map"]
