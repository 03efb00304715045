"""Writes of the savings monitoring: a year's report (new or replacing the earlier one,
with history) and the yearly reminders. Each in one transaction; mails through the
outbox after commit."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import kikz_recipients
from cooperations.models import CaseEvent, Cooperation, Document
from core.emails import send_templated_mail
from core.parse import AMOUNT_MAX

from .models import BASELINE_NOT_POSITIVE, NEGATIVE_COSTS, SavingsReminder, SavingsReport
from .permissions import may_report
from .schedule import deadline, reporting_years
from .selectors import missing_reports

if TYPE_CHECKING:
    from accounts.models import User

NOT_FUNDED = "Einsparungen werden erst gemeldet, wenn für die Kooperation eine Förderung bewilligt ist."
NO_START = (
    "Der Beginn der Umsetzung ist noch nicht erfasst. Bitte wenden Sie sich an Ihre Beratung im "
    "Kompetenzzentrum; danach können Sie die Einsparungen melden."
)
NOT_LEAD = "Die Einsparungen meldet die federführende Kommune ({name})."
YEAR_BEFORE_START = (
    "Die Umsetzung hat {start} begonnen. Für {year} kann keine Einsparung gemeldet werden; "
    "bitte wählen Sie ein Jahr ab {start}."
)
YEAR_AFTER_END = "Die Berichtspflicht läuft bis {last}. Für {year} ist kein Bericht vorgesehen."
YEAR_NOT_OVER = (
    "Das Jahr {year} ist noch nicht abgeschlossen. Sie können den Bericht ab dem 01.01.{next} abgeben."
)
BASELINE_YEAR_NOT_BEFORE = "Das Basisjahr muss vor dem Beginn der Umsetzung ({start}) liegen."
COSTS_TOO_HIGH = "Der Betrag darf höchstens 9.999.999.999,99 € sein."
ALREADY_REPORTED = (
    "Für {year} liegt bereits ein Bericht vom {date} vor. Wenn Sie ihn durch diese Angaben "
    "ersetzen möchten, setzen Sie das Häkchen bei „Bisherigen Bericht ersetzen“ und senden Sie "
    "erneut; der bisherige Stand bleibt im Verlauf erhalten."
)
REPORTED_NOTE = "Einsparbericht {year} eingereicht: Einsparung {pct} % ({eur})."
REPLACED_NOTE = "Einsparbericht {year} ersetzt: Einsparung jetzt {pct} % ({eur})."

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def savings_pct(*, baseline: Decimal, current: Decimal) -> Decimal:
    """The share saved, rounded half up to hundredths of a per cent."""
    return ((baseline - current) * HUNDRED / baseline).quantize(CENT, rounding=ROUND_HALF_UP)


def _euro(value: Decimal) -> str:
    from backoffice.money import euro_text

    return euro_text(value)


def _pct(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _check(
    *,
    case: Cooperation,
    year: int,
    baseline_year: int,
    baseline_costs: Decimal,
    current_costs: Decimal,
    today: dt.date,
) -> None:
    years = reporting_years(case)
    errors: dict[str, list[str]] = {}
    if not years:
        raise ValidationError(NO_START)
    if year < years.start:
        errors.setdefault("year", []).append(YEAR_BEFORE_START.format(start=years.start, year=year))
    elif year >= years.stop:
        errors.setdefault("year", []).append(YEAR_AFTER_END.format(last=years.stop - 1, year=year))
    elif year >= today.year:
        errors.setdefault("year", []).append(YEAR_NOT_OVER.format(year=year, next=year + 1))
    if baseline_year >= years.start:
        errors.setdefault("baseline_year", []).append(BASELINE_YEAR_NOT_BEFORE.format(start=years.start))
    for name, amount in (("baseline_costs", baseline_costs), ("current_costs", current_costs)):
        if amount < 0:
            errors.setdefault(name, []).append(NEGATIVE_COSTS)
        elif amount > AMOUNT_MAX or amount != amount.quantize(CENT):
            errors.setdefault(name, []).append(COSTS_TOO_HIGH)
    if "baseline_costs" not in errors and baseline_costs == 0:
        errors["baseline_costs"] = [BASELINE_NOT_POSITIVE]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def savings_report_submit(
    *,
    case: Cooperation,
    year: int,
    baseline_year: int,
    baseline_costs: Decimal,
    current_costs: Decimal,
    explanation: str = "",
    attachment: UploadedFile | None = None,
    replace: bool = False,
    actor: User,
    today: dt.date | None = None,
) -> SavingsReport:
    """The actual savings of a year. A second report for the same year replaces the
    first only when `replace` says so (the form's tick box); the old figures stay in the
    report's history. The adviser (or the KIKZ) hears of it by mail."""
    today = today or timezone.localdate()
    # The case row is the lock: two reports for one year at once wait for each other
    # instead of the second one failing on the unique constraint.
    case = (
        Cooperation.objects.select_for_update(of=("self",))
        .select_related("lead_municipality", "adviser")
        .get(pk=case.pk)
    )
    if not may_report(actor, case):
        raise ValidationError(NOT_LEAD.format(name=case.lead_municipality.display_name))
    if not Cooperation.objects.funded().filter(pk=case.pk).exists():
        raise ValidationError(NOT_FUNDED)
    _check(
        case=case,
        year=year,
        baseline_year=baseline_year,
        baseline_costs=baseline_costs,
        current_costs=current_costs,
        today=today,
    )
    report = SavingsReport.objects.filter(cooperation=case, year=year).first()
    if report is not None and not replace:
        local = timezone.localtime(report.updated_at)
        raise ValidationError({"replace": [ALREADY_REPORTED.format(year=year, date=f"{local:%d.%m.%Y}")]})
    document: Document | None = None
    if attachment is not None:
        from cooperations.services import document_add

        try:
            document = document_add(case=case, upload=attachment, actor=actor)
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from None
    replaced = report is not None
    report = report or SavingsReport(cooperation=case, year=year)
    report.baseline_year = baseline_year
    report.baseline_costs = baseline_costs
    report.current_costs = current_costs
    report.savings_eur = baseline_costs - current_costs
    report.savings_pct = savings_pct(baseline=baseline_costs, current=current_costs)
    report.explanation = explanation.strip()
    if document is not None:
        report.attachment = document
    report.reported_by = actor
    report.save()
    note = (REPLACED_NOTE if replaced else REPORTED_NOTE).format(
        year=year, pct=_pct(report.savings_pct), eur=_euro(report.savings_eur)
    )
    CaseEvent.objects.create(cooperation=case, actor=actor, kind=CaseEvent.Kind.NOTE, note=note)
    to = [case.adviser.email] if case.adviser else kikz_recipients()
    link = settings.SITE_URL.rstrip("/") + reverse("admin:cooperations_cooperation_change", args=[case.pk])
    send_templated_mail(
        "savings_report_received",
        [addr for addr in to if addr != actor.email],
        {"case": case, "report": report, "replaced": replaced, "link": link + "#einsparungen"},
    )
    return report


def _lead_recipients(case: Cooperation) -> list[str]:
    from contacts.models import Membership

    emails = Membership.objects.confirmed().filter(
        municipality_id=case.lead_municipality_id, user__is_active=True
    )
    return sorted({*emails.values_list("user__email", flat=True)})


def savings_reminders_send(*, today: dt.date | None = None) -> int:
    """The yearly reminder: for last year's report, once when it is due (from 1 January)
    and once more when it is overdue (after 31 March), to the lead municipality's staff.
    Each reminder is claimed by its unique row before the mail, in one transaction per
    case, so a second run the same day – or two beat processes – sends nothing twice.
    Returns the number of reminders written."""
    today = today or timezone.localdate()
    year = today.year - 1
    kind = SavingsReminder.Kind.DUE if today <= deadline(year) else SavingsReminder.Kind.OVERDUE
    written = 0
    site = settings.SITE_URL.rstrip("/")
    for case in missing_reports(year=year):
        with transaction.atomic():
            reminder, created = SavingsReminder.objects.get_or_create(cooperation=case, year=year, kind=kind)
            if not created:
                continue
            to = _lead_recipients(case)
            link = site + reverse("savings:report", args=[case.pk]) + f"?jahr={year}"
            send_templated_mail(
                f"savings_report_{kind}",
                to,
                {"case": case, "year": year, "deadline": deadline(year), "link": link},
            )
            SavingsReminder.objects.filter(pk=reminder.pk).update(recipients=len(to))
            written += 1
    return written
