"""The municipal portal: Meine Vorgänge, the case page and the inquiry wizard."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import acting_user, municipal_member_required, only_search_errors
from agreements.selectors import case_section as agreement_section
from budget_advice.selectors import consultations_for_municipalities
from contacts.models import Municipality
from core.errors import open_media_or_404
from core.parse import parse_ids, parse_page
from funding.grantee.selectors import grant_claims
from funding.selectors import case_grants
from savings.selectors import case_savings

from . import drafts, selectors, services
from .drafts import DraftStep
from .forms import (
    STEP_FORMS,
    AttachmentStepForm,
    CaseFilter,
    DocumentForm,
    MessageForm,
    StepForm,
    checklist_answers,
    confirmed_municipalities,
    search_municipalities,
)
from .models import Cooperation, FieldOfAction, InquiryDraft, Stage

PER_PAGE = 20
CONSULTATIONS_SHOWN = 10
ALREADY_SUBMITTED = "Diese Anfrage ist schon abgeschickt. Hier ist ihr Aktenzeichen."


# --- Meine Vorgänge -----------------------------------------------------------------


@municipal_member_required
def my_cases(request: HttpRequest) -> HttpResponse:
    visible = selectors.cases_for_user(acting_user(request))
    years = [d.year for d in visible.dates("created_at", "year", order="DESC")]
    case_filter = CaseFilter(
        request.GET or None, queryset=selectors.case_list(acting_user(request)), years=years
    )
    page = Paginator(case_filter.qs, PER_PAGE).get_page(parse_page(request.GET.get("seite")))
    drafts = InquiryDraft.objects.filter(user=acting_user(request), cooperation__isnull=True).order_by(
        "-updated_at"
    )[:5]
    query = request.GET.copy()
    query.pop("seite", None)
    # The budget consultations asked for live beside the cases: one list of what is open.
    consultations = consultations_for_municipalities(request.municipality_ids)[:CONSULTATIONS_SHOWN]  # type: ignore[attr-defined]
    return render(
        request,
        "cooperations/my_cases.html",
        {
            "filter": case_filter,
            "page": page,
            "drafts": drafts,
            "consultations": consultations,
            "query": query.urlencode(),
            "filtered": bool(
                case_filter.form.data and any(case_filter.form.data.get(k) for k in ("status", "year"))
            ),
        },
    )


def _case_page(
    request: HttpRequest,
    case: Cooperation,
    *,
    message_form: MessageForm | None = None,
    document_form: DocumentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "cooperations/case_detail.html",
        {
            "case": case,
            "participations": case.participations.select_related("municipality").order_by(
                "-role", "municipality__name"
            ),
            "events": selectors.case_timeline(user, case),
            "grants": case_grants(case),
            "grant_claims": grant_claims(request, case),
            "savings": case_savings(case, user=user, municipality_ids=request.municipality_ids),  # type: ignore[attr-defined]
            "further_fields": case.further_fields.order_by("name"),
            "agreement": agreement_section(case, request.municipality_ids),  # type: ignore[attr-defined]
            "case_messages": selectors.case_messages(case),
            "documents": selectors.case_documents(user, case),
            "message_form": message_form or MessageForm(),
            "document_form": document_form or DocumentForm(),
            # base.html prefixes the title with "Fehler: " for a form called `form`.
            "form": (message_form if message_form is not None and message_form.errors else document_form),
        },
        status=status,
    )


@municipal_member_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.get_case_for_user(acting_user(request), pk, request=request)
    response = _case_page(request, case)
    services.mark_replies_read(case=case, reader=acting_user(request))
    return response


@require_POST
@municipal_member_required
def case_message(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.get_case_for_user(acting_user(request), pk, request=request)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(case=case, author=acting_user(request), body=form.cleaned_data["body"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Ihre Nachricht wurde gesendet."))
            return redirect(reverse("cooperations:case-detail", args=[case.pk]) + "#nachrichten")
    return _case_page(request, case, message_form=form)


@require_POST
@municipal_member_required
def case_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.get_case_for_user(acting_user(request), pk, request=request)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                case=case,
                upload=form.cleaned_data["file"],
                actor=acting_user(request),
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Das Dokument wurde hochgeladen."))
            return redirect(reverse("cooperations:case-detail", args=[case.pk]) + "#dokumente")
    return _case_page(request, case, document_form=form)


@municipal_member_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    document = selectors.get_document_for_user(acting_user(request), pk, document_pk, request=request)
    response = FileResponse(
        open_media_or_404(document.file), as_attachment=True, filename=document.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the inquiry wizard --------------------------------------------------------------


def _get_draft(request: HttpRequest, token: uuid.UUID) -> InquiryDraft:
    return get_object_or_404(InquiryDraft, token=token, user=acting_user(request))


def _step_url(draft: InquiryDraft, step: DraftStep | str, *, change: bool = False) -> str:
    slug = step if isinstance(step, str) else step.slug
    url = reverse("cooperations:inquiry-step", args=[draft.token, slug])
    return url + "?aendern=1" if change else url


def _review_url(draft: InquiryDraft) -> str:
    return reverse("cooperations:inquiry-review", args=[draft.token])


@municipal_member_required
@require_http_methods(["GET", "POST"])
def inquiry_start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        own = list(confirmed_municipalities(acting_user(request)).values_list("pk", flat=True)[:2])
        draft = drafts.draft_create(user=acting_user(request), own_municipalities=own)
        return redirect(_step_url(draft, drafts.STEPS[0]))
    open_drafts = InquiryDraft.objects.filter(user=acting_user(request), cooperation__isnull=True).order_by(
        "-updated_at"
    )
    return render(request, "cooperations/inquiry_start.html", {"drafts": open_drafts, "steps": drafts.STEPS})


def _partner_options(form: StepForm, results: list[Municipality], own: int | None) -> dict[str, Any]:
    """The partner step's checkboxes in two groups: what is ticked (ticked), and the search
    results (to tick). A merged municipality among the results gets no box but a hint,
    and its successor a box of its own."""
    if form.is_bound:
        selected_ids = parse_ids(QueryDict.getlist(form.data, "partners"))  # type: ignore[arg-type]
    else:
        selected_ids = list(form.initial.get("partners") or [])
    selected = {m.pk: m for m in Municipality.objects.filter(pk__in=selected_ids).select_related("district")}
    ticked: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []
    seen: set[int] = set()
    for pk in selected_ids:
        if pk in selected and pk not in seen:
            seen.add(pk)
            ticked.append({"m": selected[pk], "checked": True, "own": pk == own})
    for result in results:
        m: Municipality | None = result
        if result.successor_id and not result.is_current:
            found.append({"m": result, "retired": True})
            m = result.successor  # the successor takes the old one's place
        if m is not None and m.is_current and m.pk not in seen:
            seen.add(m.pk)
            found.append({"m": m, "checked": False, "own": m.pk == own})
    boxes = [o for o in (*ticked, *found) if not o.get("retired")]
    for i, option in enumerate(boxes):
        option["id"] = f"id_partners_{i}"
    return {"ticked": ticked, "found": found, "any": bool(boxes)}


@municipal_member_required
@require_http_methods(["GET", "POST"])
def inquiry_step(request: HttpRequest, token: uuid.UUID, step: str) -> HttpResponse:
    draft = _get_draft(request, token)
    if draft.cooperation_id:
        messages.info(request, _(ALREADY_SUBMITTED))
        return redirect("cooperations:inquiry-done", token=draft.token)
    current = drafts.STEPS_BY_SLUG.get(step)
    if current is None:
        return redirect(_step_url(draft, drafts.STEPS[0]))
    data = draft.data or {}
    index = drafts.STEPS.index(current)
    # Steps build on each other (the partner check needs the own municipality).
    first_open = drafts.first_open_step(data)
    if first_open is not None and drafts.STEPS.index(first_open) < index:
        return redirect(_step_url(draft, first_open))
    change = request.GET.get("aendern") == "1" or request.POST.get("aendern") == "1"
    next_url = (
        _review_url(draft)
        if change or index == len(drafts.STEPS) - 1
        else _step_url(draft, drafts.STEPS[index + 1])
    )
    back_url = (
        _review_url(draft)
        if change
        else (_step_url(draft, drafts.STEPS[index - 1]) if index else reverse("cooperations:inquiry-start"))
    )
    form_class = STEP_FORMS[current.slug]
    results: list[Municipality] = []
    action = request.POST.get("aktion", "weiter")

    if request.method == "POST":
        form = form_class(request.POST, request.FILES, user=acting_user(request), data_=data)
        if current.slug == "partner" and action == "suchen":
            form.is_valid()
            # Only the search box speaks here; the choice is checked on "Weiter".
            only_search_errors(form)
            if "q" not in form.errors:
                results, problem = search_municipalities(form.cleaned_data.get("q", ""), with_retired=True)
                if problem:
                    form.add_error("q", problem)
            # Keep the ticks and the free text in the draft at once (nothing typed is lost).
            ticked = parse_ids(request.POST.getlist("partners"))
            drafts.draft_update(
                draft=draft,
                updates={
                    "partners": list(Municipality.objects.filter(pk__in=ticked).values_list("pk", flat=True)),
                    "other_partners": request.POST.get("other_partners", "")[:1000],
                },
            )
        elif current.slug == "anhaenge" and action.startswith("entfernen-"):
            drafts.draft_remove_attachment(draft=draft, attachment_id=action.removeprefix("entfernen-"))
            return redirect(request.get_full_path())
        elif form.is_valid():
            if isinstance(form, AttachmentStepForm):
                if form.cleaned_data.get("file"):
                    _store_attachment(draft, form)
                    if action == "hochladen":
                        messages.success(request, _("Die Datei wurde angehängt."))
                        return redirect(request.get_full_path())
                drafts.draft_update(draft=draft, updates={}, done=current.slug)
            else:
                drafts.draft_update(draft=draft, updates=form.to_data(), done=current.slug)
            if current.slug == "kommune" and draft.data["municipality"] in draft.data.get("partners", []):
                # The new own municipality is among the partners: that answer must be changed.
                drafts.draft_reopen(draft=draft, slug="partner")
                return redirect(_step_url(draft, "partner", change=change))
            return redirect(next_url)
        status = 200
    else:
        form = form_class(user=acting_user(request), data_=data)
        status = 200

    context: dict[str, Any] = {
        "draft": draft,
        "step": current,
        "steps": drafts.STEPS,
        "step_number": index + 1,
        "form": form,
        "back_url": back_url,
        "change": change,
    }
    if current.slug == "partner":
        context["partner_options"] = _partner_options(form, results, data.get("municipality"))
        context["searched"] = action == "suchen" and request.method == "POST"
        context["own"] = Municipality.objects.filter(pk=data.get("municipality") or 0).first()
        if request.headers.get("HX-Request") and context["searched"]:
            # Search as you type (htmx): only the choices, rendered by the same template.
            return render(request, "cooperations/inquiry_step_partner.html#choices", context)
    if current.slug == "checkliste":
        context["atlas_matches"] = _atlas_matches(data)
    if current.slug == "anhaenge":
        context["attachments"] = data.get("attachments", [])
    return render(request, f"cooperations/inquiry_step_{current.slug}.html", context, status=status)


def _atlas_matches(data: dict[str, Any]) -> list[Cooperation]:
    """Question 7: published cooperations in the same fields, own Kreis first."""
    fields = data.get("fields", [])
    if not fields:
        return []
    own = (
        Municipality.objects.filter(pk=data.get("municipality") or 0)
        .values_list("district_id", flat=True)
        .first()
    )
    published = (
        Cooperation.objects.published()
        .filter(field_of_action_id__in=fields)
        .select_related("lead_municipality", "field_of_action")
        .order_by("-created_at")
    )
    regional = list(published.filter(lead_municipality__district_id=own)[:5]) if own else []
    if len(regional) < 5:
        regional += list(published.exclude(pk__in=[c.pk for c in regional])[: 5 - len(regional)])
    return regional


def _store_attachment(draft: InquiryDraft, form: AttachmentStepForm) -> None:
    checked = form.checked
    drafts.draft_attach(
        draft=draft,
        upload=form.cleaned_data["file"],
        extension=checked.extension,
        original_name=checked.original_name,
        size=checked.size,
        content_type=checked.content_type,
    )


def _summary_rows(draft: InquiryDraft) -> list[dict[str, Any]]:
    data = draft.data or {}
    ids = {data.get("municipality"), *data.get("partners", [])}
    municipalities = {m.pk: m for m in Municipality.objects.filter(pk__in=[i for i in ids if i])}
    field_names = dict(FieldOfAction.objects.values_list("pk", "name"))
    checklist = data.get("checklist") or {}

    def muni(pk: int | None) -> str:
        m = municipalities.get(pk) if pk else None
        return f"{m.display_name} ({m.ags})" if m else ""

    rows: list[dict[str, Any]] = [
        {"step": "kommune", "label": _("Ihre Kommune"), "value": muni(data.get("municipality"))},
        {
            "step": "partner",
            "label": _("Partnerkommunen"),
            "answers": [muni(p) for p in data.get("partners", [])]
            + (
                [_("Weitere: %(text)s") % {"text": data["other_partners"]}]
                if data.get("other_partners")
                else []
            ),
        },
        {
            "step": "handlungsfelder",
            "label": _("Handlungsfelder"),
            "answers": [field_names.get(f, "") for f in data.get("fields", [])],
        },
        {
            "step": "stufe",
            "label": _("Kooperationsstufe"),
            "value": Stage(data["stage"]).label if data.get("stage") else "",
        },
        {"step": "beschreibung", "label": _("Titel"), "value": data.get("title", "")},
        {
            "step": "beschreibung",
            "label": _("Beschreibung"),
            "value": data.get("description", ""),
            "long": True,
        },
    ]
    if checklist:
        rows.append(
            {
                "step": "checkliste",
                "label": _("1. Handlungsfelder gegen den demografischen Wandel"),
                "answers": [field_names.get(f, "") for f in checklist.get("q1_fields", [])],
                "comment": checklist.get("q1_comment", ""),
            }
        )
        # Questions 2–7 as the back office shows them (question 1 above, as a list).
        rows += [
            {"step": "checkliste", "label": label, "value": answer, "comment": comment}
            for label, answer, comment in checklist_answers(checklist, field_names)[1:]
        ]
    else:
        rows.append({"step": "checkliste", "label": _("Selbsteinschätzung"), "value": ""})
    rows.append(
        {
            "step": "anhaenge",
            "label": _("Anhänge"),
            "answers": [a["original_name"] for a in data.get("attachments", [])] or [_("keine")],
        }
    )
    for row in rows:
        row["url"] = _step_url(draft, row["step"], change=True)
        row["missing"] = not (row.get("value") or row.get("answers"))
    return rows


@municipal_member_required
@require_http_methods(["GET", "POST"])
def inquiry_review(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    draft = _get_draft(request, token)
    if draft.cooperation_id:
        # Back button or a second click after the submit: no second case.
        if request.method == "GET":
            messages.info(request, _(ALREADY_SUBMITTED))
        return redirect("cooperations:inquiry-done", token=draft.token)
    errors: list[str] = []
    if request.method == "POST":
        try:
            with transaction.atomic():
                services.inquiry_submit(draft=draft, actor=acting_user(request))
        except ValidationError as exc:
            errors = exc.messages
        else:
            return redirect("cooperations:inquiry-done", token=draft.token)
    missing = drafts.missing_steps(draft.data or {})
    return render(
        request,
        "cooperations/inquiry_review.html",
        {
            "draft": draft,
            "rows": _summary_rows(draft),
            "missing": missing,
            "submit_errors": errors,
            "back_url": _step_url(draft, drafts.STEPS[-1]),
        },
    )


@municipal_member_required
def inquiry_done(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    draft = _get_draft(request, token)
    if not draft.cooperation_id:
        return redirect(_review_url(draft))
    case = selectors.get_case_for_user(acting_user(request), draft.cooperation_id, request=request)
    return render(request, "cooperations/inquiry_done.html", {"case": case})


@municipal_member_required
@require_http_methods(["GET", "POST"])
def inquiry_discard(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """Deleting a draft asks first: GET shows what goes, only the confirming POST deletes."""
    draft = _get_draft(request, token)
    if draft.cooperation_id:
        return redirect("cooperations:inquiry-done", token=draft.token)
    if request.method == "POST" and request.POST.get("bestaetigt") == "ja":
        drafts.draft_discard(draft=draft)
        messages.success(request, _("Der Entwurf wurde gelöscht."))
        return redirect("cooperations:my-cases")
    return render(
        request,
        "cooperations/inquiry_discard.html",
        {"draft": draft, "attachments": draft.data.get("attachments", []), "back_url": _review_url(draft)},
    )
