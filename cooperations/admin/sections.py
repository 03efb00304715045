"""The case page in sections an adviser can scan (issue #14): which fieldsets and inlines
of CooperationAdmin go under Überblick, Beteiligte, Aktivitäten, Förderung, Dokumente,
Nachrichten and Verlauf (templates/admin/cooperations/cooperation/change_form.html)."""

from __future__ import annotations

from typing import Any

from .inlines import (
    ActivityInline,
    CaseEventInline,
    DocumentInline,
    GrantInline,
    MessageInline,
    ParticipationInline,
)

# The case page in sections an adviser can scan (issue #14): (anchor, heading, fieldsets
# by name, inlines). A fieldset or inline not named here lands in the first section.
CASE_SECTIONS: list[tuple[str, str, list[str | None], list[type]]] = [
    ("ueberblick", "Überblick", [None, "Einordnung", "Bearbeitung", "Kooperationsatlas"], []),
    ("beteiligte", "Beteiligte", ["Beteiligte"], [ParticipationInline]),
    ("aktivitaeten", "Aktivitäten", [], [ActivityInline]),
    ("foerderung", "Förderung", ["Förderregeln"], [GrantInline]),
    ("einsparungen", "Einsparungen", [], []),  # savings/_admin_section.html (issue 16)
    ("dokumente", "Dokumente", [], [DocumentInline]),
    ("nachrichten", "Nachrichten", [], [MessageInline]),
    ("verlauf", "Verlauf", ["Eingang"], [CaseEventInline]),
]


def case_sections(adminform: Any, inline_formsets: list[Any]) -> list[dict[str, Any]]:
    """The page's fieldsets (with their position, which names their heading ids) and
    inline formsets grouped into CASE_SECTIONS, in that order."""
    sections: list[dict[str, Any]] = [
        {"anchor": anchor, "title": title, "fieldsets": [], "inlines": []}
        for anchor, title, _names, _inlines in CASE_SECTIONS
    ]
    by_name = {name: i for i, (_a, _t, names, _in) in enumerate(CASE_SECTIONS) for name in names}
    by_inline = {cls: i for i, (_a, _t, _n, inlines) in enumerate(CASE_SECTIONS) for cls in inlines}
    for position, fieldset in enumerate(adminform):
        sections[by_name.get(fieldset.name, 0)]["fieldsets"].append((position, fieldset))
    for formset in inline_formsets:
        sections[by_inline.get(type(formset.opts), 0)]["inlines"].append(formset)
    return sections
