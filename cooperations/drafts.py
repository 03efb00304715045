"""The inquiry draft's lifecycle: its steps, the layout of its data, and the four
things that happen to it before it becomes a case — created, a step saved, a file
attached or removed, discarded. The portal's wizard view calls these; the submit is
`services.inquiry_submit`, which reads `missing_step_titles`. Nothing here knows the
forms that fill a step (they are bound to the steps in `forms.STEP_FORMS`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import InquiryDraft

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User


class Attachment(TypedDict):
    id: str
    name: str  # the storage name, chosen by us (drafts/<token>/<uuid>.<ext>)
    original_name: str
    size: int
    content_type: str


class DraftData(TypedDict, total=False):
    """What `InquiryDraft.data` holds, step by step."""

    done: list[str]  # slugs of the steps answered, in step order
    municipality: int  # kommune
    partners: list[int]  # partner
    other_partners: str
    fields: list[int]  # handlungsfelder: the first is the main field
    stage: str  # stufe
    title: str  # beschreibung
    description: str
    checklist: dict[str, Any]  # checkliste: q1_fields, q1_comment, q2 … q7 with comments
    attachments: NotRequired[list[Attachment]]  # anhaenge


@dataclass(frozen=True)
class DraftStep:
    slug: str
    title: str | Promise
    required: bool = True

    def is_done(self, data: DraftData | dict[str, Any]) -> bool:
        return self.slug in data.get("done", [])


STEPS: list[DraftStep] = [
    DraftStep("kommune", _("Ihre Kommune")),
    DraftStep("partner", _("Partnerkommunen")),
    DraftStep("handlungsfelder", _("Handlungsfelder")),
    DraftStep("stufe", _("Kooperationsstufe")),
    DraftStep("beschreibung", _("Titel und Beschreibung")),
    DraftStep("checkliste", _("Selbsteinschätzung")),
    DraftStep("anhaenge", _("Anhänge"), required=False),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}
ORDER = list(STEPS_BY_SLUG)


def first_open_step(data: DraftData | dict[str, Any]) -> DraftStep | None:
    return next((step for step in STEPS if not step.is_done(data)), None)


def missing_steps(data: DraftData | dict[str, Any]) -> list[DraftStep]:
    return [step for step in STEPS if step.required and not step.is_done(data)]


def missing_step_titles(data: DraftData | dict[str, Any]) -> list[str]:
    return [str(step.title) for step in missing_steps(data)]


def draft_create(
    *, user: User, own_municipalities: list[int], prefill: dict[str, Any] | None = None
) -> InquiryDraft:
    """A new draft. The own municipality is pre-filled when the user is confirmed for
    exactly one; `prefill` carries answers given elsewhere (the public self-check: its
    checklist and fields). Every step is still shown for checking, so nothing enters a
    case unseen."""
    data: DraftData = {"done": []}
    if len(own_municipalities) == 1:
        data["municipality"] = own_municipalities[0]
    for key in ("checklist", "fields"):
        if prefill and key in prefill:
            data[key] = prefill[key]  # type: ignore[literal-required]
    return InquiryDraft.objects.create(user=user, data=data)


def draft_update(*, draft: InquiryDraft, updates: dict[str, Any], done: str | None = None) -> InquiryDraft:
    """Saves a step's answers; `done` marks the step answered."""
    data = dict(draft.data or {})
    data.update(updates)
    if done:
        data["done"] = sorted({*data.get("done", []), done}, key=ORDER.index)
    draft.data = data
    draft.save(update_fields=["data", "updated_at"])
    return draft


def draft_reopen(*, draft: InquiryDraft, slug: str) -> InquiryDraft:
    """An answer must be given again (the own municipality became a partner)."""
    data = dict(draft.data or {})
    data["done"] = [s for s in data.get("done", []) if s != slug]
    draft.data = data
    draft.save(update_fields=["data", "updated_at"])
    return draft


def draft_attach(
    *,
    draft: InquiryDraft,
    upload: UploadedFile,
    extension: str,
    original_name: str,
    size: int,
    content_type: str,
) -> Attachment:
    """Stores a file already checked by `core.uploads.validate_upload`."""
    name = default_storage.save(f"drafts/{draft.token.hex}/{uuid.uuid4().hex}.{extension}", upload)
    attachment: Attachment = {
        "id": uuid.uuid4().hex,
        "name": name,
        "original_name": original_name,
        "size": size,
        "content_type": content_type,
    }
    draft_update(
        draft=draft, updates={"attachments": [*(draft.data or {}).get("attachments", []), attachment]}
    )
    return attachment


def draft_remove_attachment(*, draft: InquiryDraft, attachment_id: str) -> None:
    keep = []
    for attachment in (draft.data or {}).get("attachments", []):
        if attachment.get("id") == attachment_id:
            default_storage.delete(attachment["name"])
        else:
            keep.append(attachment)
    draft_update(draft=draft, updates={"attachments": keep})


def draft_discard(*, draft: InquiryDraft) -> bool:
    """Deletes a draft that has not become a case, with its files; False if it had."""
    if draft.cooperation_id:
        return False
    names = [a["name"] for a in (draft.data or {}).get("attachments", [])]
    draft.delete()

    # The files go once the row is gone for good (a rollback keeps both).
    def delete_files() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    return True
