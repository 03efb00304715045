"""The iCalendar file (RFC 5545) of an event, for the confirmation mail and the page."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event


def event_uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "ikz-portal.invalid"
    return f"veranstaltung-{event.pk}@{host}"


def event_ics(event: Event) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//IKZ-Portal//Veranstaltungen//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    item = CalendarEvent()
    item.add("uid", event_uid(event))
    item.add("dtstamp", timezone.now())
    # In the portal's zone (Europe/Berlin) with its VTIMEZONE, so calendars show local time.
    item.add("dtstart", timezone.localtime(event.starts_at))
    item.add("dtend", timezone.localtime(event.ends_at))
    item.add("summary", event.title)
    place = ", ".join(part for part in (event.venue, " ".join(event.address.split())) if part)
    item.add("location", place or event.online_url)
    url = settings.SITE_URL.rstrip("/") + event.get_absolute_url()
    item.add("description", f"{event.description}\n\n{url}".strip())
    item.add("url", event.online_url or url)
    item.add(
        "organizer",
        f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}",
        parameters={"cn": event.organiser},
    )
    calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")
