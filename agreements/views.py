"""The cost-sharing key and the draft agreement: in the portal for the municipalities of
a case (the lead municipality computes, every partner reads), and the same page in the
back office for the advisers (office_urls.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.access import acting_user, municipal_member_required
from cooperations.models import Cooperation
from cooperations.selectors import get_case_for_user

from . import keys, selectors, services
from .drafts import draft_docx, draft_for, draft_pdf
from .forms import KeyForm
from .models import CostKey
from .tables import table_of_key, table_of_lines

ONLY_LEAD = "Den Schlüssel berechnet die federführende Kommune oder das Kompetenzzentrum."
KEY_SAVED = "Der Schlüssel ist als Version {version} gespeichert."
KEY_UPDATED = (
    "Der Schlüssel ist mit den Einwohnerzahlen des neuen Gebietsstands als Version {version} gespeichert."
)
NO_KEY = "Für diesen Vorgang ist noch kein Kostenverteilungsschlüssel gespeichert."
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _page(
    request: HttpRequest,
    case: Cooperation,
    *,
    template: str,
    can_edit: bool,
    urls: dict[str, str],
    form: KeyForm | None = None,
    preview: Any = None,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    versions = list(selectors.case_keys(case))
    key = versions[0] if versions else None
    partners = selectors.key_partners(case, values={})
    if form is None and can_edit:
        initial: dict[str, Any] = {}
        if key is not None:  # the last version's choices as the starting point
            initial = {
                "method": key.method,
                "total": key.total,
                "base_share_pct": key.base_share_pct,
                "unit_label": key.unit_label,
            }
            if key.method in ("nutzung", "prozent"):
                initial |= {f"value_{s.municipality_id}": s.basis for s in key.shares.all()}
        form = KeyForm(partners=partners, initial=initial)
    return render(
        request,
        template,
        {
            "case": case,
            "key": key,
            "table": table_of_key(key) if key else None,
            "versions": [(v, table_of_key(v)) for v in versions[1:]],
            "partners": partners,
            "form": form,
            "preview": preview,
            "can_edit": can_edit,
            "update_from": selectors.newer_population_date(key) if key else None,
            "urls": urls,
            **(extra or {}),
        },
        status=status,
    )


def _post(
    request: HttpRequest, case: Cooperation, *, template: str, urls: dict[str, str], extra: dict[str, Any]
) -> HttpResponse:
    actor = acting_user(request)
    if request.POST.get("aktion") == "aktualisieren":
        key = selectors.current_key(case)
        if key is None:
            raise Http404(NO_KEY)
        try:
            new = services.cost_key_update_population(key=key, actor=actor)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, KEY_UPDATED.format(version=new.version))
        return redirect(urls["page"])
    form = KeyForm(request.POST, partners=selectors.key_partners(case, values={}))
    if form.is_valid():
        data = form.cleaned_data
        args = {
            "method": data["method"],
            "total": data["total"],
            "base_share_pct": data["base_share_pct"],
        }
        try:
            if request.POST.get("aktion") == "vorschau":
                lines = keys.compute(partners=selectors.key_partners(case, values=form.values()), **args)
                preview = table_of_lines(data["method"], lines)
                return _page(
                    request,
                    case,
                    template=template,
                    can_edit=True,
                    urls=urls,
                    form=form,
                    preview=preview,
                    extra=extra,
                )
            key = services.cost_key_save(
                case=case,
                actor=actor,
                values=form.values(),
                unit_label=data["unit_label"],
                note=data["note"],
                **args,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, KEY_SAVED.format(version=key.version))
            return redirect(urls["page"])
    return _page(
        request, case, template=template, can_edit=True, urls=urls, form=form, status=422, extra=extra
    )


def _key_or_404(case: Cooperation) -> CostKey:
    key = selectors.current_key(case)
    if key is None:
        raise Http404(NO_KEY)
    return key


def _document(case: Cooperation, kind: str) -> HttpResponse:
    key = _key_or_404(case)
    stem = draft_for(case, key).filename_stem
    if kind == "pdf":
        response = HttpResponse(draft_pdf(case, key), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{stem}.pdf"'
    else:
        response = HttpResponse(draft_docx(case, key), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="{stem}.docx"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the portal ----------------------------------------------------------------------


def _portal_urls(case: Cooperation) -> dict[str, str]:
    return {
        "page": reverse("agreements:case-key", args=[case.pk]),
        "case": reverse("cooperations:case-detail", args=[case.pk]),
        "docx": reverse("agreements:case-draft-docx", args=[case.pk]),
        "pdf": reverse("agreements:case-draft-pdf", args=[case.pk]),
    }


@municipal_member_required
def case_key(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = get_case_for_user(user, pk, request=request)
    can_edit = selectors.is_lead_member(user, case)
    template = "agreements/key.html"
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(ONLY_LEAD)
        return _post(request, case, template=template, urls=_portal_urls(case), extra={})
    return _page(request, case, template=template, can_edit=can_edit, urls=_portal_urls(case))


@municipal_member_required
def case_draft_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(get_case_for_user(acting_user(request), pk, request=request), "docx")


@municipal_member_required
def case_draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(get_case_for_user(acting_user(request), pk, request=request), "pdf")


# --- the back office -------------------------------------------------------------------


def _office_case(request: HttpRequest, pk: int, perm: str) -> Cooperation:
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return get_object_or_404(
        Cooperation.objects.select_related("lead_municipality", "field_of_action"), pk=pk
    )


def _office_urls(case: Cooperation) -> dict[str, str]:
    return {
        "page": reverse("agreements_office:case-key", args=[case.pk]),
        "case": reverse("admin:cooperations_cooperation_change", args=[case.pk]),
        "docx": reverse("agreements_office:case-draft-docx", args=[case.pk]),
        "pdf": reverse("agreements_office:case-draft-pdf", args=[case.pk]),
    }


def office_case_key(request: HttpRequest, pk: int) -> HttpResponse:
    from django.contrib import admin

    write = request.method == "POST"
    case = _office_case(request, pk, "agreements.add_costkey" if write else "agreements.view_costkey")
    template = "agreements/admin/key.html"
    extra = {
        **admin.site.each_context(request),
        "title": f"Kostenverteilung {case.reference}",
        "opts": Cooperation._meta,
    }
    if write:
        return _post(request, case, template=template, urls=_office_urls(case), extra=extra)
    can_edit = request.user.has_perm("agreements.add_costkey")
    return _page(request, case, template=template, can_edit=can_edit, urls=_office_urls(case), extra=extra)


def office_draft_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(_office_case(request, pk, "agreements.view_costkey"), "docx")


def office_draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(_office_case(request, pk, "agreements.view_costkey"), "pdf")
