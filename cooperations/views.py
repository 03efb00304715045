"""The municipal portal: Meine Vorgänge, the case page and the inquiry wizard."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import acting_user, municipal_member_required, only_search_errors
from contacts.models import Municipality
from ikz_portal.parse import parse_ids, parse_page

from . import selectors, services
from .forms import (
    STEPS_BY_SLUG,
    WIZARD_STEPS,
    AttachmentStepForm,
    CaseFilter,
    DocumentForm,
    MessageForm,
    Step,
    StepForm,
    checklist_answers,
    confirmed_municipalities,
    search_municipalities,
)
from .models import Cooperation, FieldOfAction, InquiryDraft, Stage

PER_PAGE = 20
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
    return render(
        request,
        "cooperations/my_cases.html",
        {
            "filter": case_filter,
            "page": page,
            "drafts": drafts,
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
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the inquiry wizard --------------------------------------------------------------


def _get_draft(request: HttpRequest, token: uuid.UUID) -> InquiryDraft:
    return get_object_or_404(InquiryDraft, token=token, user=acting_user(request))


def _step_url(draft: InquiryDraft, step: Step | str, *, change: bool = False) -> str:
    slug = step if isinstance(step, str) else step.slug
    url = reverse("cooperations:inquiry-step", args=[draft.token, slug])
    return url + "?aendern=1" if change else url


def _review_url(draft: InquiryDraft) -> str:
    return reverse("cooperations:inquiry-review", args=[draft.token])


def _first_open_step(data: dict[str, Any]) -> Step | None:
    for step in WIZARD_STEPS:
        if not step.is_done(data):
            return step
    return None


@municipal_member_required
@require_http_methods(["GET", "POST"])
def inquiry_start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        data: dict[str, Any] = {"done": []}
        own = list(confirmed_municipalities(acting_user(request)).values_list("pk", flat=True)[:2])
        if len(own) == 1:
            data["municipality"] = own[0]  # pre-filled, still shown for checking
        draft = InquiryDraft.objects.create(user=acting_user(request), data=data)
        return redirect(_step_url(draft, WIZARD_STEPS[0]))
    drafts = InquiryDraft.objects.filter(user=acting_user(request), cooperation__isnull=True).order_by(
        "-updated_at"
    )
    return render(request, "cooperations/inquiry_start.html", {"drafts": drafts, "steps": WIZARD_STEPS})


def _save(draft: InquiryDraft, updates: dict[str, Any], *, done: str | None = None) -> None:
    data = dict(draft.data or {})
    data.update(updates)
    if done:
        data["done"] = sorted({*data.get("done", []), done}, key=lambda s: list(STEPS_BY_SLUG).index(s))
    draft.data = data
    draft.save(update_fields=["data", "updated_at"])


def _partner_options(form: StepForm, results: list[Municipality], own: int | None) -> list[dict[str, Any]]:
    """The checkboxes of the partner step: what is ticked, then the search results."""
    if form.is_bound:
        selected_ids = parse_ids(QueryDict.getlist(form.data, "partners"))  # type: ignore[arg-type]
    else:
        selected_ids = list(form.initial.get("partners") or [])
    selected = {m.pk: m for m in Municipality.objects.filter(pk__in=selected_ids).select_related("district")}
    options: list[dict[str, Any]] = []
    seen: set[int] = set()
    for pk in selected_ids:
        if pk in selected and pk not in seen:
            seen.add(pk)
            options.append({"m": selected[pk], "checked": True, "own": pk == own})
    for m in results:
        if m.pk not in seen:
            seen.add(m.pk)
            options.append({"m": m, "checked": False, "own": m.pk == own})
    for i, option in enumerate(options):
        option["id"] = f"id_partners_{i}"
    return options


@municipal_member_required
@require_http_methods(["GET", "POST"])
def inquiry_step(request: HttpRequest, token: uuid.UUID, step: str) -> HttpResponse:
    draft = _get_draft(request, token)
    if draft.cooperation_id:
        messages.info(request, _(ALREADY_SUBMITTED))
        return redirect("cooperations:inquiry-done", token=draft.token)
    current = STEPS_BY_SLUG.get(step)
    if current is None:
        return redirect(_step_url(draft, WIZARD_STEPS[0]))
    data = draft.data or {}
    index = WIZARD_STEPS.index(current)
    # Steps build on each other (the partner check needs the own municipality).
    first_open = _first_open_step(data)
    if first_open is not None and WIZARD_STEPS.index(first_open) < index:
        return redirect(_step_url(draft, first_open))
    change = request.GET.get("aendern") == "1" or request.POST.get("aendern") == "1"
    next_url = (
        _review_url(draft)
        if change or index == len(WIZARD_STEPS) - 1
        else _step_url(draft, WIZARD_STEPS[index + 1])
    )
    back_url = (
        _review_url(draft)
        if change
        else (_step_url(draft, WIZARD_STEPS[index - 1]) if index else reverse("cooperations:inquiry-start"))
    )
    form_class = current.form_class
    results: list[Municipality] = []
    action = request.POST.get("aktion", "weiter")

    if request.method == "POST":
        form = form_class(request.POST, request.FILES, user=acting_user(request), data_=data)
        if current.slug == "partner" and action == "suchen":
            form.is_valid()
            # Only the search box speaks here; the choice is checked on "Weiter".
            only_search_errors(form)
            if "q" not in form.errors:
                results, problem = search_municipalities(form.cleaned_data.get("q", ""))
                if problem:
                    form.add_error("q", problem)
            # Keep the ticks and the free text in the draft at once (nothing typed is lost).
            ticked = parse_ids(request.POST.getlist("partners"))
            _save(
                draft,
                {
                    "partners": list(Municipality.objects.filter(pk__in=ticked).values_list("pk", flat=True)),
                    "other_partners": request.POST.get("other_partners", "")[:1000],
                },
            )
        elif current.slug == "anhaenge" and action.startswith("entfernen-"):
            _remove_attachment(draft, action.removeprefix("entfernen-"))
            return redirect(request.get_full_path())
        elif form.is_valid():
            if isinstance(form, AttachmentStepForm):
                if form.cleaned_data.get("file"):
                    _store_attachment(draft, form)
                    if action == "hochladen":
                        messages.success(request, _("Die Datei wurde angehängt."))
                        return redirect(request.get_full_path())
                _save(draft, {}, done=current.slug)
            else:
                _save(draft, form.to_data(), done=current.slug)
            if current.slug == "kommune" and draft.data["municipality"] in draft.data.get("partners", []):
                # The new own municipality is among the partners: that answer must be changed.
                data = dict(draft.data)
                data["done"] = [s for s in data.get("done", []) if s != "partner"]
                draft.data = data
                draft.save(update_fields=["data", "updated_at"])
                return redirect(_step_url(draft, "partner", change=change))
            return redirect(next_url)
        status = 200
    else:
        form = form_class(user=acting_user(request), data_=data)
        status = 200

    context: dict[str, Any] = {
        "draft": draft,
        "step": current,
        "steps": WIZARD_STEPS,
        "step_number": index + 1,
        "form": form,
        "back_url": back_url,
        "change": change,
    }
    if current.slug == "partner":
        context["partner_options"] = _partner_options(form, results, data.get("municipality"))
        context["searched"] = action == "suchen" and request.method == "POST"
        context["own"] = Municipality.objects.filter(pk=data.get("municipality") or 0).first()
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
    name = default_storage.save(
        f"drafts/{draft.token.hex}/{uuid.uuid4().hex}.{checked.extension}", form.cleaned_data["file"]
    )
    attachments = [*draft.data.get("attachments", [])]
    attachments.append(
        {
            "id": uuid.uuid4().hex,
            "name": name,
            "original_name": checked.original_name,
            "size": checked.size,
            "content_type": checked.content_type,
        }
    )
    _save(draft, {"attachments": attachments})


def _remove_attachment(draft: InquiryDraft, attachment_id: str) -> None:
    keep = []
    for att in draft.data.get("attachments", []):
        if att.get("id") == attachment_id:
            default_storage.delete(att["name"])
        else:
            keep.append(att)
    _save(draft, {"attachments": keep})


def _summary_rows(draft: InquiryDraft) -> list[dict[str, Any]]:
    data = draft.data or {}
    ids = {data.get("municipality"), *data.get("partners", [])}
    municipalities = {m.pk: m for m in Municipality.objects.filter(pk__in=[i for i in ids if i])}
    field_names = dict(FieldOfAction.objects.values_list("pk", "name"))
    checklist = data.get("checklist") or {}

    def muni(pk: int | None) -> str:
        m = municipalities.get(pk) if pk else None
        return f"{m.name} ({m.ags})" if m else ""

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
    missing = [step for step in WIZARD_STEPS if step.required and not step.is_done(draft.data or {})]
    return render(
        request,
        "cooperations/inquiry_review.html",
        {
            "draft": draft,
            "rows": _summary_rows(draft),
            "missing": missing,
            "submit_errors": errors,
            "back_url": _step_url(draft, WIZARD_STEPS[-1]),
        },
    )


@municipal_member_required
def inquiry_done(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    draft = _get_draft(request, token)
    if not draft.cooperation_id:
        return redirect(_review_url(draft))
    case = selectors.get_case_for_user(acting_user(request), draft.cooperation_id, request=request)
    return render(request, "cooperations/inquiry_done.html", {"case": case})


@require_POST
@municipal_member_required
def inquiry_discard(request: HttpRequest, token: uuid.UUID) -> HttpResponseRedirect:
    draft = _get_draft(request, token)
    if not draft.cooperation_id:
        for att in draft.data.get("attachments", []):
            default_storage.delete(att["name"])
        draft.delete()
        messages.success(request, _("Der Entwurf wurde gelöscht."))
    return redirect("cooperations:my-cases")
