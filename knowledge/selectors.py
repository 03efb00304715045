"""Reads of the knowledge base; the public sees published entries only."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from cooperations.models import FieldOfAction

from .models import Entry, Kind


def public_entries() -> QuerySet[Entry]:
    return (
        Entry.objects.published()
        .current()
        .prefetch_related(
            Prefetch("fields_of_action", queryset=FieldOfAction.objects.order_by("position", "name"))
        )
        .order_by("title", "pk")
    )


def search_entries(queryset: QuerySet[Entry], term: str) -> QuerySet[Entry]:
    """Each word in title, summary or text, or the German full-text search the case
    search uses (stemming: „Vereinbarungen“ finds „Vereinbarung“).
    The table holds dozens of rows, so the vector is computed, not indexed."""
    term = " ".join(term.split())[:100]
    if not term:
        return queryset
    words = Q()
    for word in term.split()[:8]:
        words &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
    vector = SearchVector("title", weight="A", config="german") + SearchVector(
        "summary", "body", weight="B", config="german"
    )
    query = SearchQuery(term, config="german", search_type="websearch")
    matching = Entry.objects.annotate(search=vector).filter(search=query).values("pk")
    return queryset.filter(words | Q(pk__in=matching))


def get_public_entry(pk: int) -> Entry:
    """A published entry, also an old version (it stays reachable, marked replaced)."""
    return get_object_or_404(
        Entry.objects.published()
        .select_related("superseded_by")
        .prefetch_related("fields_of_action", "programmes"),
        pk=pk,
    )


def newest_version(entry: Entry) -> Entry:
    seen = {entry.pk}
    while entry.superseded_by_id and entry.superseded_by_id not in seen:
        entry = Entry.objects.get(pk=entry.superseded_by_id)
        seen.add(entry.pk)
    return entry


def model_agreements_for(legal_form: str) -> QuerySet[Entry]:
    return Entry.objects.published().current().filter(kind=Kind.MODEL_AGREEMENT).with_legal_form(legal_form)


def entries_for_programme(programme_id: int) -> QuerySet[Entry]:
    return Entry.objects.published().current().filter(programmes=programme_id).order_by("title")


def full_checklist() -> Entry | None:
    """The long checklist the inquiry wizard and the self-check link to."""
    return (
        Entry.objects.published().current().filter(kind=Kind.CHECKLIST).order_by("-valid_from", "pk").first()
    )
