"""The back office's remaining writes through services: deleting a case (refused while
it holds grants, events, messages or documents), events, messages, reference data and
contacts – with German messages, all or none, the history naming who did it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts import services as contacts_services
from contacts.models import Municipality, Person
from cooperations import services as case_services
from cooperations.models import CaseEvent, Cooperation, FieldOfAction, Message
from events import services as event_services
from events.models import Event
from tests.events.conftest import make_event
from tests.factories import (
    CooperationFactory,
    MessageFactory,
    MunicipalityFactory,
    PersonFactory,
    field_of_action,
)

pytestmark = pytest.mark.django_db


def page_text(client: Client, response: Any) -> str:
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"]).content.decode()


def test_a_case_with_messages_is_not_deleted_and_the_page_says_why_in_german(
    administrator: Client, case_kassel: Cooperation
) -> None:
    MessageFactory(cooperation=case_kassel)
    url = reverse("admin:cooperations_cooperation_delete", args=[case_kassel.pk])
    text = page_text(administrator, administrator.post(url, {"post": "yes"}))
    assert f"Der Vorgang {case_kassel.reference} kann nicht gelöscht werden" in text
    assert "1 Nachricht(en)" in text
    assert Cooperation.objects.filter(pk=case_kassel.pk).exists()
    assert Message.objects.filter(cooperation=case_kassel).count() == 1


def test_a_case_with_an_event_is_not_deleted(case_kassel: Cooperation, clara: User) -> None:
    make_event(cooperation=case_kassel)
    with pytest.raises(ValidationError, match="1 Veranstaltung"):
        case_services.case_delete(case=case_kassel, actor=clara)
    assert Cooperation.objects.filter(pk=case_kassel.pk).exists()


def test_a_case_typed_by_mistake_goes_and_the_history_names_who_deleted_it(
    administrator: Client, admin_user: User, case_kassel: Cooperation
) -> None:
    pk = case_kassel.pk
    url = reverse("admin:cooperations_cooperation_delete", args=[pk])
    response = administrator.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Cooperation.objects.filter(pk=pk).exists()
    deleted = Cooperation.history.get(id=pk, history_type="-")  # type: ignore[attr-defined]
    assert deleted.history_user == admin_user


def test_deleting_selected_cases_is_all_or_none(administrator: Client, case_kassel: Cooperation) -> None:
    empty = CooperationFactory()
    MessageFactory(cooperation=case_kassel)
    url = reverse("admin:cooperations_cooperation_changelist")
    data = {"action": "delete_selected", "post": "yes", ACTION_CHECKBOX_NAME: [empty.pk, case_kassel.pk]}
    text = page_text(administrator, administrator.post(url, data))
    assert "Nichts wurde gespeichert" in text and "kann nicht gelöscht werden" in text
    assert Cooperation.objects.filter(pk__in=[empty.pk, case_kassel.pk]).count() == 2


def test_an_event_with_registrations_is_not_deleted(clara: User) -> None:
    # The admin's delete page refuses already (the registrations are read-only there);
    # the service refuses as well, for every other caller.
    event = make_event()
    event.registrations.create(name="Anna Ahrens", email="a@kassel.de", status="angemeldet")
    with pytest.raises(ValidationError, match="kann nicht gelöscht werden: 1 Person"):
        event_services.event_delete(event=event, actor=clara)
    assert Event.objects.filter(pk=event.pk).exists()


def test_an_event_nobody_registered_for_is_deleted(administrator: Client) -> None:
    event = make_event()
    response = administrator.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()


def test_a_deleted_message_leaves_a_note_in_the_case_timeline(
    administrator: Client, case_kassel: Cooperation
) -> None:
    message = MessageFactory(cooperation=case_kassel)
    url = reverse("admin:cooperations_message_delete", args=[message.pk])
    assert administrator.post(url, {"post": "yes"}).status_code == 302
    assert not Message.objects.filter(pk=message.pk).exists()
    note = CaseEvent.objects.filter(cooperation=case_kassel, kind=CaseEvent.Kind.NOTE).latest("pk")
    assert note.note.startswith("Nachricht vom ") and not note.visible_to_municipality


def test_a_field_of_action_in_use_is_refused_with_a_german_message(
    case_kassel: Cooperation, clara: User
) -> None:
    field = FieldOfAction.objects.get(pk=case_kassel.field_of_action_id)
    with pytest.raises(ValidationError) as refused:
        case_services.field_of_action_delete(field=field, actor=clara)
    assert refused.value.messages == [
        f"„{field}“ kann nicht gelöscht werden, weil es noch verwendet wird: Kooperationen."
    ]
    assert FieldOfAction.objects.filter(pk=field.pk).exists()


def test_a_new_field_of_action_in_the_admin_is_validated(administrator: Client) -> None:
    existing = field_of_action()
    url = reverse("admin:cooperations_fieldofaction_add")
    response = administrator.post(url, {"name": "Friedhofswesen", "slug": existing.slug, "position": "3"})
    assert response.status_code == 200  # the form again, with the error beside the field
    assert not FieldOfAction.objects.filter(name="Friedhofswesen").exists()


def test_a_person_saved_outside_a_request_is_validated_and_names_the_actor(clara: User) -> None:
    with pytest.raises(ValidationError) as refused:
        contacts_services.person_save(
            person=PersonFactory.build(email="kein-at-zeichen", municipality=None), actor=clara
        )
    assert "email" in refused.value.message_dict
    person = contacts_services.person_save(person=PersonFactory.build(municipality=None), actor=clara)
    assert person.history.get().history_user == clara  # type: ignore[attr-defined]


def test_a_municipality_in_use_is_not_deleted(case_kassel: Cooperation, kassel: Municipality) -> None:
    with pytest.raises(ValidationError, match="kann nicht gelöscht werden, weil es noch verwendet wird"):
        contacts_services.municipality_delete(municipality=kassel, actor=None)
    assert Municipality.objects.filter(pk=kassel.pk).exists()


def test_the_merger_is_in_each_municipalitys_history_with_the_adviser(adviser: Client, clara: User) -> None:
    old = MunicipalityFactory(name="Oberweser")
    new = MunicipalityFactory(name="Wesertal")
    url = reverse("admin:contacts_municipality_changelist")
    data = {"action": "record_merger", ACTION_CHECKBOX_NAME: [old.pk], "apply": "1"}
    assert adviser.post(url, {**data, "new": new.ags, "on": "2020-01-01"}).status_code == 302
    latest = old.history.first()  # type: ignore[attr-defined]
    assert (latest.valid_until, latest.successor_id, latest.history_user) == (
        dt.date(2019, 12, 31),
        new.pk,
        clara,
    )


def test_a_person_deleted_in_the_admin_goes_through_the_service(
    administrator: Client, admin_user: User
) -> None:
    person = PersonFactory()
    url = reverse("admin:contacts_person_delete", args=[person.pk])
    assert administrator.post(url, {"post": "yes"}).status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert Person.history.get(id=person.pk, history_type="-").history_user == admin_user  # type: ignore[attr-defined]
