"""Questions to the Förderlotse in the back office: answered through one service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.access import acting_user
from accounts.export_admin import ExportMixin
from backoffice.admins import ServiceWritesMixin
from contacts.resources import FORMATS

from .. import services
from ..forms import add_errors
from ..models import (
    FunderQuestion,
)
from ..resources import FunderQuestionResource

ANSWER_MAILED = "Die Antwort ist gespeichert und geht per E-Mail an {to}."


class FunderQuestionForm(forms.ModelForm):
    """The question's own page: an answer typed here is sent to the asker by
    funding.services.question_answer, as from the Eingang – never saved silently."""

    class Meta:
        model = FunderQuestion
        exclude: list[str] = []  # the admin passes the fields of its fieldsets

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answer = (data.get("answer") or "").strip()
        status = data.get("status")
        answered = (FunderQuestion.Status.ANSWERED, FunderQuestion.Status.REFERRED)
        if self.instance.pk is None:
            return data
        if "answer" in self.changed_data and self.instance.answered_at is not None:
            try:
                services.question_answerable(self.instance)
            except ValidationError as exc:
                add_errors(self, exc)
        elif status in answered and self.instance.answered_at is None and not answer:
            self.add_error("answer", services.ANSWER_EMPTY)
        return data

    def sends_answer(self) -> bool:
        """A new answer, or „beantwortet“/„weitergeleitet“ set with one: it goes out."""
        answer = (self.cleaned_data.get("answer") or "").strip()
        return (
            self.instance.answered_at is None
            and bool(answer)
            and (
                "answer" in self.changed_data
                or self.cleaned_data.get("status")
                in (FunderQuestion.Status.ANSWERED, FunderQuestion.Status.REFERRED)
            )
        )


@admin.register(FunderQuestion)
class FunderQuestionAdmin(ServiceWritesMixin, ExportMixin, admin.ModelAdmin):
    form = FunderQuestionForm
    resource_classes = [FunderQuestionResource]
    formats = FORMATS
    list_display = ["created_at", "name", "asker_kind", "area", "status", "assigned_to", "answer_link"]
    list_filter = ["status", "asker_kind", "area"]
    search_fields = ["name", "email", "organisation_name", "text"]
    list_select_related = ["area", "assigned_to"]
    raw_id_fields = ["municipality", "assigned_to", "programme"]
    filter_horizontal = ["referred_programmes"]
    readonly_fields = ["answered_at", "anonymised_at"]
    show_full_result_count = False
    ordering = ["created_at"]

    @admin.display(description=_("Antworten"))
    def answer_link(self, obj: FunderQuestion) -> str:
        return format_html(
            '<a href="{}">beantworten</a>', reverse("admin:cooperations_cooperation_question", args=[obj.pk])
        )

    def delete_model(self, request: HttpRequest, obj: FunderQuestion) -> None:
        services.question_delete(question=obj, actor=acting_user(request))

    def save_model(self, request: HttpRequest, obj: FunderQuestion, form: Any, change: bool) -> None:
        if change and form.sends_answer():
            # The answer and the referral go out by mail; the other fields of the form first.
            answer, office = obj.answer, obj.referred_office
            obj.status = FunderQuestion.objects.values_list("status", flat=True).get(pk=obj.pk)
            services.question_update(question=obj, actor=acting_user(request))
            services.question_answer(
                question=obj, answer=answer, referred_office=office, actor=acting_user(request)
            )
            obj.refresh_from_db()
            messages.success(request, ANSWER_MAILED.format(to=obj.email))
            return
        services.question_update(question=obj, actor=acting_user(request))
