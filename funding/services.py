from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from .models import Disbursement, FunderQuestion, FundingArea, Grant

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


@transaction.atomic
def disbursement_create(
    *, grant: Grant, date: dt.date, amount: Decimal, note: str = "", actor: User | None = None
) -> Disbursement:
    # The row lock serialises concurrent disbursements of one grant, so the sum check holds.
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.status not in Grant.APPROVED_STATES or grant.approved_amount is None:
        raise ValidationError(DISBURSEMENT_NOT_APPROVED)
    amount = Decimal(amount)
    disbursement = Disbursement(grant=grant, date=date, amount=amount, note=note)
    disbursement.full_clean()
    paid = grant.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if paid + amount > grant.approved_amount:
        raise ValidationError(
            {
                "amount": DISBURSEMENT_ABOVE_APPROVED.format(
                    total=euro(paid + amount), approved=euro(grant.approved_amount)
                )
            }
        )
    disbursement.save()
    if grant.status == Grant.Status.APPROVED:
        grant.status = Grant.Status.PAID
        grant.save(update_fields=["status", "updated_at"])
    return disbursement


@transaction.atomic
def funder_question_submit(
    *,
    asker_kind: str,
    name: str,
    email: str,
    text: str,
    organisation_name: str = "",
    area: FundingArea | None = None,
) -> FunderQuestion:
    """A question to the Förderlotse from anyone (no account): stores it, confirms
    receipt to the asker and tells the advisers, both after commit."""
    from ikz_portal.emails import kikz_recipients, send_templated_mail

    question = FunderQuestion.objects.create(
        asker_kind=asker_kind,
        name=name,
        email=email,
        organisation_name=organisation_name,
        area=area,
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


@transaction.atomic
def question_answer(
    *, question: FunderQuestion, answer: str, actor: User, referred_office: str = ""
) -> FunderQuestion:
    """Answer a Förderlotse question. The asker has no account, so the mail carries
    the answer itself; it is sent after the commit."""
    from django.template.loader import render_to_string
    from django.utils import timezone

    from ikz_portal.emails import send_rendered_mail

    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": ANSWER_EMPTY})
    question = FunderQuestion.objects.select_for_update().get(pk=question.pk)
    question.answer = answer
    question.referred_office = referred_office.strip()
    question.status = (
        FunderQuestion.Status.REFERRED if question.referred_office else FunderQuestion.Status.ANSWERED
    )
    question.answered_at = timezone.now()
    question.assigned_to = question.assigned_to or actor
    question.save()
    body = render_to_string("admin/emails/question_answered.txt", {"question": question, "actor": actor})
    send_rendered_mail(to=[question.email], subject=QUESTION_ANSWER_SUBJECT, body=body)
    return question
