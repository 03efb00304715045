"""The atlas's Kreis box ("Landkreis / kreisfreie Stadt") is cached (issue 6: nationwide
it read and rendered 400 municipalities on every request), and a Kreis added, renamed or
imported in the back office is offered on the next request."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Municipality, RegisterImport
from cooperations.atlas import CHOICE_INVALID
from cooperations.models import ATLAS_KREISE, atlas_cache_key
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]
LIST = reverse("atlas:list")


def kreise_offered(client: Client) -> list[tuple[str, str]]:
    form = client.get(LIST).context["filter"].form
    return [(str(value), str(label)) for value, label in form.fields["kreis"].choices if value]


def municipality_queries(client: Client, query: dict[str, object]) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        client.get(LIST, query)
    return [
        q["sql"] for q in ctx.captured_queries if 'FROM "contacts_municipality"' in q["sql"].split("WHERE")[0]
    ]


def test_the_kreis_box_offers_every_kreis_by_name_with_its_ags(
    client: Client, kreis_kassel: Municipality, kreis_fulda: Municipality, kassel: Municipality
) -> None:
    expected = sorted(Municipality.objects.kreise(), key=lambda m: m.name)
    assert {kreis_kassel, kreis_fulda, kassel} <= set(expected)  # Kassel: a kreisfreie Stadt
    assert kreise_offered(client) == [(str(m.pk), f"{m.name} ({m.ags})") for m in expected]


def test_the_kreis_box_is_read_once_and_then_from_the_cache(
    client: Client, kreis_fulda: Municipality
) -> None:
    kreise_offered(client)
    assert not municipality_queries(client, {})
    # A chosen Kreis is checked against the cached list, not looked up again.
    assert not municipality_queries(client, {"kreis": kreis_fulda.pk})


def test_a_new_or_renamed_kreis_is_offered_at_once(client: Client, kreis_fulda: Municipality) -> None:
    kreise_offered(client)
    new = factories.KreisFactory.create(name="Aakreis")
    assert kreise_offered(client)[0] == (str(new.pk), f"Aakreis ({new.ags})")
    new.name = "Zettkreis"
    new.save()
    assert kreise_offered(client)[-1] == (str(new.pk), f"Zettkreis ({new.ags})")
    response = client.get(LIST, {"kreis": new.pk})
    assert not response.context["filter"].form.errors


def test_a_finished_register_import_drops_the_cached_kreise(
    client: Client, kreis_fulda: Municipality
) -> None:
    kreise_offered(client)
    # The import writes municipalities in bulk, without signals.
    Municipality.objects.filter(pk=kreis_fulda.pk).update(name="Kreis Fulda (neu)")
    assert dict(kreise_offered(client))[str(kreis_fulda.pk)] == str(kreis_fulda)
    RegisterImport.objects.create(file_name="gv.txt", status=RegisterImport.Status.DONE)
    assert dict(kreise_offered(client))[str(kreis_fulda.pk)] == f"Kreis Fulda (neu) ({kreis_fulda.ags})"


def test_an_unknown_kreis_is_refused(client: Client, kreis_fulda: Municipality) -> None:
    for value in ("999999", "abc"):
        form = client.get(LIST, {"kreis": value}).context["filter"].form
        assert form.errors["kreis"] == [str(CHOICE_INVALID)]


def test_two_databases_on_one_cache_do_not_share_their_kreise(
    client: Client, kreis_fulda: Municipality, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `make bench` measures a Land and then the whole country with the same Redis.
    kreise_offered(client)
    monkeypatch.setitem(connection.settings_dict, "NAME", "ikz_other")
    cache.set(atlas_cache_key(ATLAS_KREISE), [("1", "Anderswo (00000000)")])
    monkeypatch.undo()
    assert ("1", "Anderswo (00000000)") not in kreise_offered(client)
