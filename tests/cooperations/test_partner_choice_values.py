"""A partner municipality's checkbox posts its id as digits: with the German thousands
separator a municipality with id 1214 was sent as "1.214" and could not be ticked –
nationwide that is almost every municipality (found while measuring issue 6)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import InquiryDraft

pytestmark = pytest.mark.django_db


def test_a_found_and_ticked_partner_keeps_its_id_as_digits(anna: User, kassel: Municipality) -> None:
    partner = Municipality.objects.create(
        pk=12345, ags="06440012", name="Niddatal", kind=Municipality.Kind.STADT
    )
    draft = InquiryDraft.objects.create(user=anna, data={"municipality": kassel.pk, "done": ["kommune"]})
    client = Client()
    client.force_login(anna)
    url = reverse("cooperations:inquiry-step", args=[draft.token, "partner"])

    found = client.post(url, {"aktion": "suchen", "q": "Niddatal"}).content.decode()
    assert 'value="12345"' in found

    ticked = client.post(url, {"aktion": "suchen", "q": "Nidda", "partners": [partner.pk]}).content.decode()
    assert 'value="12345" id="id_partners_0" checked' in ticked
    assert InquiryDraft.objects.get(pk=draft.pk).data["partners"] == [12345]
