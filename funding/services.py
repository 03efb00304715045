"""Writes on funding: grants (created, changed, reclaimed), disbursements, and the
Förderlotse's questions. The back office's grant page, the grants on the case page and
the grant import all come here, so the rules hold whichever way a grant is written:
model validation, approved ≥ already paid, paid ≤ approved, the guideline pinned on a
new grant, the rule warnings, and the history with the acting user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from backoffice.money import euro_text
from core.records import record_delete, record_save

from . import rules
from .models import Disbursement, Eligibility, FunderQuestion, FundingArea, FundingGuideline, Grant, Programme

if TYPE_CHECKING:
    from accounts.models import User

DISBURSEMENT_ABOVE_APPROVED = (
    "Die Auszahlungen ({total} €) würden den bewilligten Betrag ({approved} €) übersteigen."
)
DISBURSEMENT_NOT_APPROVED = "Auszahlungen sind erst nach der Bewilligung möglich."
TWO_DECIMALS = Decimal("0.01")


def euro(value: Decimal) -> str:
    from django.utils.formats import number_format

    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def paid_amount(grant: Grant) -> Decimal:
    if grant.pk is None:
        return Decimal("0")
    return grant.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def disbursements_check(*, grant: Grant, amounts: Iterable[Decimal], paid: Decimal | None = None) -> None:
    """The new payments `amounts` fit into the approved amount of `grant` (as it stands,
    maybe changed in the same form) on top of what is paid already."""
    amounts = [Decimal(a) for a in amounts]
    if not amounts:
        return
    if grant.status not in Grant.APPROVED_STATES or grant.approved_amount is None:
        raise ValidationError(DISBURSEMENT_NOT_APPROVED)
    paid = paid_amount(grant) if paid is None else paid
    total = paid + sum(amounts, Decimal("0"))
    if total > grant.approved_amount:
        raise ValidationError(
            {
                "amount": DISBURSEMENT_ABOVE_APPROVED.format(
                    total=euro(total), approved=euro(grant.approved_amount)
                )
            }
        )


@dataclass(frozen=True)
class Payment:
    date: dt.date
    amount: Decimal
    note: str = ""


@transaction.atomic
def disbursements_record(
    *, grant: Grant, payments: Sequence[Payment], actor: User | None
) -> list[Disbursement]:
    """Book one or more payments of a grant together: all or none, their sum checked
    against the approved amount under the grant's row lock (two advisers booking at once
    cannot pay out more than approved)."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    rows = [Disbursement(grant=grant, date=p.date, amount=Decimal(p.amount), note=p.note) for p in payments]
    for row in rows:
        row.full_clean()
    disbursements_check(grant=grant, amounts=[r.amount for r in rows])
    for row in rows:
        row._history_user = actor  # type: ignore[attr-defined]
        row.save()
    if rows and grant.status == Grant.Status.APPROVED:
        grant.status = Grant.Status.PAID
        grant._history_user = actor  # type: ignore[attr-defined]
        grant.save(update_fields=["status", "updated_at"])
    return rows


def disbursement_create(
    *, grant: Grant, date: dt.date, amount: Decimal, note: str = "", actor: User | None = None
) -> Disbursement:
    (disbursement,) = disbursements_record(grant=grant, payments=[Payment(date, amount, note)], actor=actor)
    return disbursement


# --- Grants ------------------------------------------------------------------------

APPROVED_BELOW_PAID = (
    "Der bewilligte Betrag ({approved}) darf nicht unter dem schon ausgezahlten Betrag ({paid}) liegen."
)
PAID_NEEDS_APPROVAL = (
    "Für diese Förderung sind schon {paid} ausgezahlt: sie braucht einen bewilligten Betrag "
    "und einen Status mit Bewilligung (oder „zurückgefordert“)."
)
RECLAIM_MISSING = "Eine Rückforderung braucht den zurückgeforderten Betrag und das Datum der Rückforderung."
RECLAIM_POSITIVE = "Der zurückgeforderte Betrag muss größer als 0 € sein."
RECLAIM_ABOVE_PAID = "Zurückgefordert werden kann höchstens, was ausgezahlt ist ({paid})."
RECLAIM_NEEDS_STATUS = "Betrag und Datum einer Rückforderung gehören zum Status „zurückgefordert“."


@dataclass(frozen=True)
class GrantSaved:
    grant: Grant
    warnings: list[str] = field(default_factory=list)


def disbursement_delete(*, disbursement: Disbursement, actor: User | None) -> None:
    """A payment booked by mistake (wrong grant, typed twice); the history keeps it and
    who removed it. Money that was really paid back is a reclaim (grant_reclaim)."""
    record_delete(record=disbursement, actor=actor)


def grant_validate(grant: Grant, *, paid: Decimal | None = None) -> None:
    """The money rules of a grant beyond its model validation, as German messages per
    field: approved never below what is paid, a reclaim with amount and date, at most
    what was paid. Forms call it to show the message beside the field; the services
    call it again under the grant's row lock."""
    paid = paid_amount(grant) if paid is None else paid
    errors: dict[str, str] = {}
    reclaimed = grant.status == Grant.Status.RECLAIMED
    if paid and not reclaimed:
        if grant.approved_amount is None or grant.status not in Grant.APPROVED_STATES:
            errors["status"] = PAID_NEEDS_APPROVAL.format(paid=euro_text(paid))
        elif grant.approved_amount < paid:
            errors["approved_amount"] = APPROVED_BELOW_PAID.format(
                approved=euro_text(grant.approved_amount), paid=euro_text(paid)
            )
    if reclaimed:
        if grant.reclaimed_amount is None or grant.reclaimed_on is None:
            errors["reclaimed_amount"] = RECLAIM_MISSING
        elif grant.reclaimed_amount <= 0:
            errors["reclaimed_amount"] = RECLAIM_POSITIVE
        elif grant.reclaimed_amount > paid:
            errors["reclaimed_amount"] = RECLAIM_ABOVE_PAID.format(paid=euro_text(paid))
    elif grant.reclaimed_amount is not None or grant.reclaimed_on is not None:
        errors["reclaimed_amount"] = RECLAIM_NEEDS_STATUS
    if errors:
        raise ValidationError(errors)


def _grant_save(grant: Grant, actor: User | None) -> GrantSaved:
    paid = Decimal("0")
    if grant.pk is not None:
        # The row lock orders this write after a disbursement being booked (it locks the same row).
        Grant.objects.select_for_update().filter(pk=grant.pk).values_list("pk").first()
        paid = paid_amount(grant)
    if grant.guideline_id is None:
        # A grant keeps the guideline it was decided under (DESIGN.md, funding rules).
        grant.guideline = rules.guideline_in_force(on=grant.applied_on)
    grant.full_clean()
    grant_validate(grant, paid=paid)
    grant._history_user = actor  # type: ignore[attr-defined]
    grant.save()
    check = rules.check_case(
        grant.cooperation, exception_reason=grant.exception_reason, guideline=grant.guideline
    )
    return GrantSaved(grant, list(check.warnings))


@transaction.atomic
def grant_create(*, grant: Grant, actor: User | None) -> GrantSaved:
    """A new grant (built by a form or an import row, not saved yet)."""
    if grant.pk is not None:
        raise ValueError("grant_create takes a new grant")
    return _grant_save(grant, actor)


@transaction.atomic
def grant_update(*, grant: Grant, actor: User | None) -> GrantSaved:
    """A grant with changed fields (a form or an import row), saved if the rules hold."""
    if grant.pk is None:
        raise ValueError("grant_update takes a saved grant")
    return _grant_save(grant, actor)


@transaction.atomic
def grant_delete(*, grant: Grant, actor: User | None) -> None:
    """Only a grant without payments goes (the payments protect it: a booking stays)."""
    grant._history_user = actor  # type: ignore[attr-defined]
    grant.delete()


@transaction.atomic
def grant_reclaim(
    *, grant: Grant, amount: Decimal, on: dt.date, actor: User | None, note: str = ""
) -> GrantSaved:
    """Rückforderung: the grant is reclaimed, with the amount and the date of the
    reclaim (at most what was paid); counted in the statistics by that date."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    grant.status = Grant.Status.RECLAIMED
    grant.reclaimed_amount = Decimal(amount)
    grant.reclaimed_on = on
    if note.strip():
        grant.notes = (grant.notes + "\n" if grant.notes else "") + note.strip()
    return _grant_save(grant, actor)


@transaction.atomic
def guideline_save(*, guideline: FundingGuideline, actor: User | None) -> FundingGuideline:
    """A funding guideline (rules as data), new or changed."""
    return record_save(record=guideline, actor=actor)


def guideline_delete(*, guideline: FundingGuideline, actor: User | None) -> None:
    """Refused while a grant is pinned to it: the grant's rules were checked against it."""
    record_delete(record=guideline, actor=actor)


@transaction.atomic
def programme_save(*, programme: Programme, actor: User | None) -> Programme:
    """A programme of the catalogue, new or changed (the admin form, the import)."""
    return record_save(record=programme, actor=actor)


def programme_delete(*, programme: Programme, actor: User | None) -> None:
    record_delete(record=programme, actor=actor)


def lookup_save(*, lookup: Eligibility | FundingArea, actor: User | None) -> Eligibility | FundingArea:
    """A term of the catalogue's filters: who may apply (Eligibility) or a topic (FundingArea)."""
    return record_save(record=lookup, actor=actor)


def lookup_delete(*, lookup: Eligibility | FundingArea, actor: User | None) -> None:
    """Refused while a funder question is filed under the topic; programmes just lose the term."""
    record_delete(record=lookup, actor=actor)


@transaction.atomic
def funder_question_submit(
    *,
    asker_kind: str,
    name: str,
    email: str,
    text: str,
    organisation_name: str = "",
    area: FundingArea | None = None,
    programme: Programme | None = None,
) -> FunderQuestion:
    """A question to the Förderlotse from anyone (no account): stores it, confirms
    receipt to the asker and tells the advisers, both after commit. `programme`: the
    programme page the question was asked from."""
    from accounts.selectors import kikz_recipients
    from core.emails import send_templated_mail

    question = FunderQuestion.objects.create(
        asker_kind=asker_kind,
        name=name,
        email=email,
        organisation_name=organisation_name,
        area=area,
        programme=programme,
        text=text,
    )
    send_templated_mail("funder_question_received", [email], {"question": question})
    send_templated_mail("funder_question_notice", kikz_recipients(), {"question": question})
    return question


# --- Förderlotse questions in the back office triage (issue 4) ---

ANSWER_EMPTY = "Bitte geben Sie eine Antwort ein."
QUESTION_ANSWER_SUBJECT = "Ihre Frage an den Förderlotsen"


@transaction.atomic
def question_take_over(*, question: FunderQuestion, actor: User) -> FunderQuestion:
    question = FunderQuestion.objects.select_for_update().get(pk=question.pk)
    question.assigned_to = actor
    if question.status == FunderQuestion.Status.NEW:
        question.status = FunderQuestion.Status.IN_PROGRESS
    question.save(update_fields=["assigned_to", "status", "updated_at"])
    return question


ALREADY_ANSWERED = (
    "Diese Frage ist schon am {date} beantwortet worden; die Antwort ist verschickt und "
    "wird nicht noch einmal gesendet."
)


def question_delete(*, question: FunderQuestion, actor: User | None) -> None:
    """A question that is spam or was asked twice."""
    record_delete(record=question, actor=actor)


def question_answerable(question: FunderQuestion) -> None:
    """An answer goes out once: a question already answered is refused (forms call this
    to say so beside the field; question_answer checks it again under the row lock)."""
    if question.answered_at is not None:
        from django.utils import timezone

        raise ValidationError(
            {"answer": ALREADY_ANSWERED.format(date=f"{timezone.localtime(question.answered_at):%d.%m.%Y}")}
        )


@transaction.atomic
def question_answer(
    *,
    question: FunderQuestion,
    answer: str,
    actor: User,
    referred_office: str = "",
    programmes: Iterable[Programme] | None = None,
) -> FunderQuestion:
    """Answer a Förderlotse question – from the Eingang's „beantworten“ page or the
    question's own change page – and mail the answer to the asker after the commit.
    The asker has no account, so the mail carries the answer itself. The row lock and
    the answered mark make the mail go out once when two advisers answer at once."""
    from django.template.loader import render_to_string
    from django.utils import timezone

    from core.emails import send_rendered_mail

    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": ANSWER_EMPTY})
    question = FunderQuestion.objects.select_for_update().get(pk=question.pk)
    question_answerable(question)
    question.answer = answer
    question.referred_office = referred_office.strip()
    question.status = (
        FunderQuestion.Status.REFERRED if question.referred_office else FunderQuestion.Status.ANSWERED
    )
    question.answered_at = timezone.now()
    question.assigned_to = question.assigned_to or actor
    question.save()
    if programmes is not None:
        question.referred_programmes.set(programmes)
    body = render_to_string("admin/emails/question_answered.txt", {"question": question, "actor": actor})
    send_rendered_mail(to=[question.email], subject=QUESTION_ANSWER_SUBJECT, body=body)
    return question


@transaction.atomic
def question_update(*, question: FunderQuestion, actor: User) -> FunderQuestion:
    """The question's own fields changed on its page (topic, assignment, status such as
    „erledigt“, notes) without an answer being sent: validated and saved."""
    question.full_clean()
    question.save()
    return question
