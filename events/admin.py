"""Back office of the events: the list with counts, participant exports, the sign-in
sheet, attendance and a mail to everyone registered. Every change goes through
events.services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import acting_user
from backoffice.admins import AuditedAdmin, ReadOnlyModelAdmin
from backoffice.inlines import LabelledTabularInline

from . import exports, selectors, services
from .forms import AttendanceForm, BroadcastForm, EventAdminForm
from .models import Event, Registration

MAIL_SENT = "Die Nachricht geht an {count} angemeldete Personen."
ATTENDANCE_SAVED = "Anwesenheit gespeichert: {count} Personen haben teilgenommen."
CANCELLED = "{count} Anmeldung(en) abgemeldet; frei gewordene Plätze sind nachbesetzt."


class RegistrationInline(LabelledTabularInline):
    model = Registration
    fields = ("name", "email", "organisation", "status", "attended")
    readonly_fields = ("name", "email", "organisation", "status", "attended")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(AuditedAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "starts_at",
        "kind",
        "capacity",
        "registered",
        "waiting",
        "cancelled",
        "attended",
        "is_published",
    ]
    list_filter = ["kind", "is_published"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["partners"]
    autocomplete_fields = ["cooperation"]
    inlines = [RegistrationInline]
    ordering = ["-starts_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return super().get_queryset(request).with_counts()  # type: ignore[attr-defined]

    @admin.display(description="angemeldet", ordering="n_registered")
    def registered(self, obj: Event) -> int:
        return obj.n_registered  # type: ignore[attr-defined]

    @admin.display(description=_("Warteliste"), ordering="n_waiting")
    def waiting(self, obj: Event) -> int:
        return obj.n_waiting  # type: ignore[attr-defined]

    @admin.display(description="abgemeldet", ordering="n_cancelled")
    def cancelled(self, obj: Event) -> int:
        return obj.n_cancelled  # type: ignore[attr-defined]

    @admin.display(description="teilgenommen", ordering="n_attended")
    def attended(self, obj: Event) -> int:
        return obj.n_attended  # type: ignore[attr-defined]

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        services.event_save(event=obj, actor=acting_user(request), partners=form.cleaned_data.get("partners"))

    def delete_model(self, request: HttpRequest, obj: Event) -> None:
        services.event_delete(event=obj, actor=acting_user(request))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The service set the partners already; registrations are not edited here.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        own = [
            path("<int:pk>/teilnehmende.csv", view(self.csv_view), name="events_event_csv"),
            path("<int:pk>/teilnehmende.xlsx", view(self.xlsx_view), name="events_event_xlsx"),
            path("<int:pk>/teilnehmerliste.pdf", view(self.pdf_view), name="events_event_pdf"),
            path("<int:pk>/anwesenheit/", view(self.attendance_view), name="events_event_attendance"),
            path("<int:pk>/rundmail/", view(self.broadcast_view), name="events_event_broadcast"),
        ]
        return own + super().get_urls()

    def _event(self, request: HttpRequest, pk: int, *, change: bool = False) -> Event:
        allowed = self.has_change_permission(request) if change else self.has_view_permission(request)
        if not allowed:
            raise PermissionDenied
        return get_object_or_404(Event, pk=pk)

    def csv_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return exports.participants_csv(self._event(request, pk))

    def xlsx_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return exports.participants_xlsx(self._event(request, pk))

    def pdf_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = self._event(request, pk)
        response = HttpResponse(exports.signin_sheet_pdf(event), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="teilnehmerliste-{event.pk}.pdf"'
        return response

    def _page(self, request: HttpRequest, template: str, title: str, **context: Any) -> TemplateResponse:
        form = context.get("form")
        return TemplateResponse(
            request,
            template,
            {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **context},
            status=422 if form is not None and form.errors else 200,
        )

    def attendance_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = self._event(request, pk, change=True)
        registrations = list(selectors.participants(event))
        form = AttendanceForm(request.POST or None, registrations=registrations)
        if request.method == "POST" and form.is_valid():
            count = services.registrations_set_attendance(
                event=event, attended_ids=form.attended_ids(), actor=acting_user(request)
            )
            services.event_sync_activity(event=event, actor=acting_user(request))
            messages.success(request, ATTENDANCE_SAVED.format(count=count))
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]))
        return self._page(
            request, "admin/events/attendance.html", f"Anwesenheit: {event}", form=form, event=event
        )

    def broadcast_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = self._event(request, pk, change=True)
        form = BroadcastForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                count = services.event_mail_all(
                    event=event,
                    subject=form.cleaned_data["subject"],
                    text=form.cleaned_data["text"],
                    actor=acting_user(request),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, MAIL_SENT.format(count=count))
                return HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]))
        return self._page(
            request,
            "admin/events/broadcast.html",
            f"Nachricht an alle Angemeldeten: {event}",
            form=form,
            event=event,
            count=selectors.seats_taken(event),
        )


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "email", "organisation", "event", "status", "attended", "created_at"]
    list_filter = ["status", "attended", "event"]
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["event"]
    exclude = ["nonce"]
    actions = ["cancel_selected"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The cancel action needs it; the form itself stays read-only (see get_readonly_fields).
        return request.user.has_perm("events.change_registration")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Registration._meta.fields if f.name != "nonce"]

    def save_model(self, request: HttpRequest, obj: Registration, form: Any, change: bool) -> None:
        """Nothing on the form is editable: „Sichern“ writes nothing. A registration
        changes only through the services (cancel action, attendance, the links in mails)."""

    @admin.action(description=_("Ausgewählte Anmeldungen abmelden (Warteliste rückt nach)"))
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        count = 0
        for registration in queryset.exclude(status=Registration.Status.CANCELLED):
            services.registration_cancel(registration=registration, actor=acting_user(request))
            count += 1
        messages.success(request, CANCELLED.format(count=count))
