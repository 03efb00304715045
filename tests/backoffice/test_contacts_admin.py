"""Mergers, membership decisions and GDPR in the back office."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db.models import Count, Sum
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent
from contacts.gdpr import ANONYMOUS_NAME, person_anonymise
from contacts.models import Membership, Municipality, Person
from contacts.services import MERGER_INTO_ITSELF
from cooperations.models import CaseEvent, Cooperation, Participation, Status
from funding.models import Grant
from tests.factories import GrantFactory, MunicipalityFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_merger_action_records_a_fusion(adviser: Client) -> None:
    oberweser = MunicipalityFactory(name="Oberweser")
    wahlsburg = MunicipalityFactory(name="Wahlsburg")
    wesertal = MunicipalityFactory(name="Wesertal")
    url = reverse("admin:contacts_municipality_changelist")
    data = {"action": "record_merger", ACTION_CHECKBOX_NAME: [oberweser.pk, wahlsburg.pk]}
    page = adviser.post(url, data).content.decode()
    assert "Oberweser" in page and "Wahlsburg" in page
    response = adviser.post(url, {**data, "apply": "1", "new": wesertal.ags, "on": "2020-01-01"})
    assert response.status_code == 302
    for old in (oberweser, wahlsburg):
        old.refresh_from_db()
        assert (old.valid_until, old.successor) == (dt.date(2019, 12, 31), wesertal)


def test_a_merger_with_an_unknown_ags_is_refused_next_to_the_field(adviser: Client) -> None:
    old = MunicipalityFactory()
    response = adviser.post(
        reverse("admin:contacts_municipality_changelist"),
        {
            "action": "record_merger",
            ACTION_CHECKBOX_NAME: [old.pk],
            "apply": "1",
            "new": "06999999",
            "on": "2020-01-01",
        },
    )
    assert response.status_code == 422
    old.refresh_from_db()
    assert old.valid_until is None


def test_merging_a_kommune_into_itself_is_refused_with_a_german_message(adviser: Client) -> None:
    fuerth = MunicipalityFactory(name="Fürth")
    grasellenbach = MunicipalityFactory(name="Grasellenbach")
    response = adviser.post(
        reverse("admin:contacts_municipality_changelist"),
        {
            "action": "record_merger",
            ACTION_CHECKBOX_NAME: [fuerth.pk, grasellenbach.pk],
            "apply": "1",
            "new": fuerth.ags,
            "on": "2026-01-01",
        },
    )
    assert response.status_code == 422
    assert MERGER_INTO_ITSELF.format(name="Fürth") in response.content.decode()
    for m in (fuerth, grasellenbach):
        m.refresh_from_db()
        assert (m.valid_until, m.successor) == (None, None)


def test_membership_requests_are_confirmed_through_the_service(adviser: Client, udo: object) -> None:
    membership = Membership.objects.get(user=udo)
    adviser.post(
        reverse("admin:contacts_membership_changelist"),
        {"action": "confirm", ACTION_CHECKBOX_NAME: [membership.pk]},
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.CONFIRMED
    assert membership.decided_by is not None


def statistics() -> dict[str, object]:
    funded = Cooperation.objects.funded()
    return {
        "funded": funded.count(),
        "participations": Participation.objects.filter(cooperation__in=funded).count(),
        "municipalities": Participation.objects.filter(cooperation__in=funded).aggregate(
            n=Count("municipality", distinct=True)
        )["n"],
        "approved": Grant.objects.approved().aggregate(s=Sum("approved_amount"))["s"],
        "people": Person.objects.count(),
    }


def test_anonymising_a_person_keeps_the_statistics_equal(
    adviser: Client, case_kassel: Cooperation, kassel: Municipality
) -> None:
    GrantFactory(cooperation=case_kassel, approved_amount=Decimal("75000"), applied_amount=Decimal("75000"))
    person = PersonFactory(
        first_name="Petra", last_name="Privat", email="petra@kassel.de", phone="0561 1", municipality=kassel
    )
    before = statistics()
    adviser.post(
        reverse("admin:contacts_person_changelist"),
        {"action": "anonymise", ACTION_CHECKBOX_NAME: [person.pk], "apply": "1"},
    )
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.email, person.phone) == ("", ANONYMOUS_NAME, "", "")
    assert statistics() == before
    # The old name is gone from the history as well.
    assert not person.history.filter(last_name="Privat").exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ANONYMISED).count() == 1


def test_a_person_export_holds_everything_stored_and_is_logged(
    adviser: Client, anna: object, kassel: Municipality
) -> None:
    person = PersonFactory(
        first_name="Anna", last_name="Kasper", email="anna@kassel.de", municipality=kassel, user=anna
    )
    response = adviser.get(reverse("admin:contacts_person_auskunft", args=[person.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["Person"]["Nachname"] == "Kasper"
    assert data["Benutzerkonto"]["E-Mail"] == "anna@kassel.de"
    assert data["Benutzerkonto"]["Zuordnungen"][0]["Kommune"].startswith("Kassel")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).count() == 1


def test_apply_retention_dry_run_changes_nothing_and_the_real_run_anonymises(
    case_kassel: Cooperation, kassel: Municipality, fulda: Municipality, settings: object
) -> None:
    settings.IKZ_RETENTION_YEARS = 10  # type: ignore[attr-defined]
    old_contact = PersonFactory(last_name="Altkontakt", municipality=kassel)
    other = PersonFactory(last_name="Laufend", municipality=fulda)
    Cooperation.objects.filter(pk=case_kassel.pk).update(status=Status.CLOSED)
    CaseEvent.objects.create(cooperation=case_kassel, kind=CaseEvent.Kind.STATUS, new_status=Status.CLOSED)
    CaseEvent.objects.filter(cooperation=case_kassel).update(
        created_at=dt.datetime(2010, 1, 1, tzinfo=dt.UTC)
    )
    Cooperation.objects.create(
        reference="IKZ-2026-0001",
        title="Offen",
        field_of_action=case_kassel.field_of_action,
        lead_municipality=fulda,
    )

    call_command("apply_retention", "--dry-run")
    old_contact.refresh_from_db()
    assert old_contact.anonymised_at is None

    call_command("apply_retention")
    old_contact.refresh_from_db()
    other.refresh_from_db()
    assert old_contact.last_name == ANONYMOUS_NAME
    assert other.last_name == "Laufend"  # Fulda still has an open case


def test_anonymising_twice_is_harmless(kassel: Municipality) -> None:
    person = PersonFactory(municipality=kassel)
    first = person_anonymise(person=person, actor=None)
    assert person_anonymise(person=person, actor=None).anonymised_at == first.anonymised_at


def test_a_gv100ad_upload_is_imported_in_the_background_and_shows_the_result(
    adviser: Client, shared_data: object, django_capture_on_commit_callbacks: object
) -> None:
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from contacts.models import RegisterImport

    content = (Path(str(shared_data)) / "GV100AD_31122021_hessen.txt").read_bytes()
    url = reverse("admin:contacts_municipality_register_upload")
    response = adviser.post(url, {"file": SimpleUploadedFile("GV100AD_31122021_hessen.txt", content)})
    assert response.status_code == 302
    job = RegisterImport.objects.get()
    assert job.status == RegisterImport.Status.PREVIEW  # the preview first
    preview = adviser.get(response["Location"]).content.decode()
    assert "447" in preview and "Jetzt einlesen" in preview
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = adviser.post(response["Location"], {"confirm": "1"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == RegisterImport.Status.DONE
    assert Municipality.objects.get(ags="06611000").name.startswith("Kassel")
    page = adviser.get(response["Location"]).content.decode()
    assert "GV100AD_31122021_hessen.txt" in page
    assert "fertig" in page


def test_a_file_that_is_no_gv100ad_is_refused_next_to_the_field(adviser: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from contacts.models import RegisterImport

    response = adviser.post(
        reverse("admin:contacts_municipality_register_upload"),
        {"file": SimpleUploadedFile("liste.txt", b"Das ist keine Gemeindeliste\n")},
    )
    assert response.status_code == 422
    assert 'class="errorlist"' in response.content.decode()
    assert not RegisterImport.objects.exists()
