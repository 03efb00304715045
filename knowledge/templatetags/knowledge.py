"""Links into the knowledge base from other pages (case page, inquiry wizard, Förderlotse)
without those views knowing the knowledge app."""

from __future__ import annotations

from django import template

from cooperations.models import LegalForm
from knowledge import selectors
from knowledge.models import Entry

register = template.Library()


@register.simple_tag
def model_agreements(legal_form: str) -> list[Entry]:
    # An open legal form has no model agreement; such a case page costs no query more.
    if not legal_form or legal_form == LegalForm.OPEN:
        return []
    return list(selectors.model_agreements_for(legal_form).order_by("title")[:5])


@register.simple_tag
def programme_guides(programme_id: int) -> list[Entry]:
    return list(selectors.entries_for_programme(programme_id)[:10])


@register.simple_tag
def full_checklist() -> Entry | None:
    return selectors.full_checklist()
