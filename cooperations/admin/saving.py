"""How the case page saves and deletes: the case itself by case_create (new, with its partners) or
case_update, and every row of the page – partners, activities, grants, documents – by
the service of its kind (cooperations.services, funding.services), never by a plain
formset.save(). A grant added here gets the guideline and the rule warnings of the
grant page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from accounts.access import acting_user
from backoffice.admins import formset_saved

from .. import services
from ..models import Activity, Cooperation, Document, Participation


class CaseSavingMixin:
    def save_model(self, request: HttpRequest, obj: Cooperation, form: Any, change: bool) -> None:
        if change:
            services.case_update(case=obj, actor=acting_user(request))
        # A new case is made by case_create together with its partners (save_related).

    def delete_model(self, request: HttpRequest, obj: Cooperation) -> None:
        # Refused with a German message when the case holds grants, events, messages or
        # documents (see case_delete); „Ausgewählte … löschen“ comes here row by row.
        services.case_delete(case=obj, actor=acting_user(request))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if not change:
            self._create_case(request, form, formsets)
        form.save_m2m()
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def _create_case(self, request: HttpRequest, form: Any, formsets: Any) -> None:
        """case_create with the lead and the partner rows typed on the add page; the
        rows' dates and roles follow through participation_save."""
        obj: Cooperation = form.instance
        partner_rows = [
            f
            for fs in formsets
            if fs.model is Participation
            for f in fs.forms
            if f.has_changed() and not fs._should_delete_form(f) and f.cleaned_data.get("municipality")
        ]
        own = {f.name for f in Cooperation._meta.concrete_fields}
        skip = {"title", "field_of_action", "lead_municipality", "reference", "status"}
        fields = {k: v for k, v in form.cleaned_data.items() if k in own and k not in skip}
        case = services.case_create(
            title=obj.title,
            field_of_action_id=obj.field_of_action_id,
            lead=obj.lead_municipality,
            partners=[f.cleaned_data["municipality"] for f in partner_rows],
            actor=acting_user(request),
            **fields,
        )
        # The admin goes on with the instance of its form (log entry, redirect, m2m).
        obj.pk, obj.reference, obj.status, obj._state.adding = case.pk, case.reference, case.status, False
        obj.created_at, obj.updated_at = case.created_at, case.updated_at
        made = {p.municipality_id: p for p in case.participations.all()}
        for f in partner_rows:
            f.instance = made[f.cleaned_data["municipality"].pk]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        case: Cooperation = form.instance
        actor = acting_user(request)
        new: list[Any] = []
        changed: list[Any] = []
        deleted: list[Any] = []
        for f in formset.initial_forms:
            if formset._should_delete_form(f) and f.instance.pk:
                self._delete_row(f.instance, actor)
                deleted.append(f.instance)
        for f in formset.forms:
            if f in formset.deleted_forms or not f.has_changed():
                continue
            if formset.model is Participation and not change:
                # Made by case_create; only the row's own data (role, dates) is added here.
                row = f.instance
                for name in f.changed_data:
                    if name != "municipality":
                        setattr(row, name, f.cleaned_data[name])
                services.participation_save(participation=row, actor=actor)
                new.append(row)
                continue
            adding = f.instance.pk is None
            fk = getattr(formset, "fk", None)
            if fk is not None:
                # A row of a case made in this same save: its key was unknown when the form was built.
                setattr(f.instance, fk.name, case)
            if formset.model is Document:
                row = self._save_document(request, case, f, actor)
            else:
                row = f.save(commit=False)
                self._save_row(request, row, actor)
            if row is None:
                continue
            if adding:
                new.append(row)
            else:
                changed.append((row, f.changed_data))
        formset_saved(formset, new=new, changed=changed, deleted=deleted)

    def _save_row(self, request: HttpRequest, row: Any, actor: Any) -> None:
        from funding import services as funding_services
        from funding.models import Grant

        if isinstance(row, Participation):
            services.participation_save(participation=row, actor=actor)
        elif isinstance(row, Activity):
            services.activity_save(activity=row, actor=actor)
        elif isinstance(row, Grant):
            # The same service as the grant page: guideline pinned, rule warnings shown.
            write = funding_services.grant_update if row.pk else funding_services.grant_create
            for warning in write(grant=row, actor=actor).warnings:
                messages.warning(request, f"{row}: {warning}")
        else:
            raise NotImplementedError(type(row))

    def _delete_row(self, row: Any, actor: Any) -> None:
        from funding import services as funding_services
        from funding.models import Grant

        if isinstance(row, Participation):
            services.participation_remove(participation=row, actor=actor)
        elif isinstance(row, Activity):
            services.activity_delete(activity=row, actor=actor)
        elif isinstance(row, Document):
            services.document_delete(document=row, actor=actor)
        elif isinstance(row, Grant):
            funding_services.grant_delete(grant=row, actor=actor)
        else:
            raise NotImplementedError(type(row))

    def _save_document(self, request: HttpRequest, case: Cooperation, f: Any, actor: Any) -> Document | None:
        if f.instance.pk is not None:
            return services.document_update(document=f.save(commit=False), actor=actor)
        # New files go through document_add (checks size, extension and content).
        try:
            return services.document_add(
                case=case,
                upload=f.cleaned_data["file"],
                actor=actor,
                kind=f.cleaned_data.get("kind") or Document.Kind.OTHER,
                visible_to_municipality=f.cleaned_data.get("visible_to_municipality", True),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return None
