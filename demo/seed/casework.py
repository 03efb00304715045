"""The talks, messages and documents of the planned cases."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.utils import timezone

from cooperations.models import (
    OPEN_STATES,
    Activity,
    Document,
    Message,
    Participation,
)
from cooperations.services import document_add
from demo import texts

from .base import (
    PLAN_ERROR,
    Demo,
    tiny_pdf,
)


def write_activities_and_messages(demo: Demo) -> None:
    activities: list[Activity] = []
    messages: list[Message] = []
    message_stamps: list[dt.datetime] = []
    kinds = [k for k in Activity.Kind if k != Activity.Kind.INITIATION]
    municipal_users = {demo.kassel.pk: demo.demo["kassel"], demo.fulda.pk: demo.demo["fulda"]}
    for plan in demo.plans:
        case = plan.case
        if case is None or plan.lead is None:
            raise CommandError(PLAN_ERROR)
        if plan.consultation is None:
            continue
        end = min(demo.today, plan.applied or plan.last_date + dt.timedelta(days=90))
        count = demo.rng.randint(2, 5) if plan.applied else demo.rng.randint(1, 3)
        names = ", ".join(m.display_name for m in plan.members[:4])
        dates = sorted(
            [plan.consultation]
            + [
                plan.consultation + demo.days(0, max(0, (end - plan.consultation).days))
                for _ in range(count - 1)
            ]
        )
        for i, day in enumerate(dates):
            kind = Activity.Kind.INITIATION if i == 0 else demo.pick(kinds)
            follow_up = None
            if i == len(dates) - 1 and case.status in OPEN_STATES:
                follow_up = day + demo.days(14, 45)
            activities.append(
                Activity(
                    cooperation=case,
                    kind=kind,
                    date=day,
                    participants=f"{names}; KIKZ",
                    notes=texts.ACTIVITY_NOTES.get(kind, ""),
                    follow_up_due=follow_up,
                    created_by=case.adviser,
                )
            )
        recent = plan.last_date >= demo.today - dt.timedelta(days=3 * 365) or case.status in OPEN_STATES
        portal_user = municipal_users.get(plan.lead.pk)
        if not recent and demo.rng.random() < 0.8:
            continue
        n_messages = demo.rng.randint(1, 4) if recent else 1
        start = plan.submitted
        stop = min(demo.today, plan.last_date + dt.timedelta(days=30))
        days = sorted(start + demo.days(0, max(0, (stop - start).days)) for _ in range(n_messages))
        for i, day in enumerate(days):
            from_municipality = i % 2 == 0
            pool = texts.MESSAGES_FROM_MUNICIPALITY if from_municipality else texts.MESSAGES_FROM_ADVISER
            unread = i == len(days) - 1 and case.status in OPEN_STATES and demo.rng.random() < 0.5
            sent = min(demo.moment(day), timezone.now())
            read = min(sent + dt.timedelta(hours=demo.rng.randint(1, 72)), timezone.now())
            messages.append(
                Message(
                    cooperation=case,
                    author=(portal_user if from_municipality else case.adviser),
                    from_municipality=from_municipality,
                    body=demo.pick(pool),
                    read_at=None if unread else read,
                )
            )
            message_stamps.append(sent)
    demo.stamp(activities, [demo.moment(a.date) for a in activities], ["created_at", "updated_at"])
    Activity.objects.bulk_create(activities, batch_size=1000)
    demo.stamp(messages, message_stamps, ["created_at", "updated_at"])
    Message.objects.bulk_create(messages, batch_size=1000)


def write_documents(demo: Demo) -> None:
    """A few real (small) PDF files in the cases of the demo municipalities, stored
    through cooperations.services.document_add like an upload in the portal."""
    demo_leads = {demo.kassel.pk: demo.demo["kassel"], demo.fulda.pk: demo.demo["fulda"]}
    created: list[tuple[Document, dt.date]] = []
    for plan in demo.plans:
        case = plan.case
        if case is None or plan.lead is None or plan.lead.pk not in demo_leads:
            continue
        user = demo_leads[plan.lead.pk]
        files: list[tuple[str, str, dt.date, str]] = []
        if plan.applied:
            lead_part = Participation.objects.get(cooperation=case, municipality=plan.lead)
            resolution_day = lead_part.council_resolution_on or plan.applied
            files.append(
                (
                    Document.Kind.RESOLUTION,
                    f"Gremienbeschluss {plan.lead.display_name}.pdf",
                    resolution_day,
                    f"Beschluss der Stadtverordnetenversammlung {plan.lead.display_name} vom {resolution_day:%d.%m.%Y}",
                )
            )
            files.append(
                (
                    Document.Kind.APPLICATION,
                    "Förderantrag.pdf",
                    plan.applied,
                    f"Gruppenantrag: {case.title}",
                )
            )
        elif plan.consultation:
            files.append(
                (Document.Kind.STUDY, "Ideenskizze.pdf", plan.consultation, f"Ideenskizze: {case.title}")
            )
        if plan.implementation and plan.implementation <= demo.today:
            files.append(
                (
                    Document.Kind.CONTRACT,
                    "Öffentlich-rechtliche Vereinbarung.pdf",
                    plan.implementation,
                    f"Öffentlich-rechtliche Vereinbarung: {case.title}",
                )
            )
        for kind, name, day, heading in files:
            pdf = tiny_pdf([heading, f"Aktenzeichen {case.reference}", "Demodokument des IKZ-Portals"])
            upload = SimpleUploadedFile(name, pdf, content_type="application/pdf")
            document = document_add(case=case, upload=upload, actor=user, kind=kind)
            created.append((document, day))
            if kind == Document.Kind.RESOLUTION:
                Participation.objects.filter(cooperation=case, municipality=plan.lead).update(
                    council_resolution=document
                )
    demo.restamp([d for d, _ in created], [demo.moment(day) for _, day in created])
