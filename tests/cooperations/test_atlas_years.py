"""The atlas's year box ("Beginn (Jahr)") is cached (issue 6: it read DISTINCT years
of all published cases on every request), and a case published or withdrawn in the
back office changes it on the next request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]
LIST = reverse("atlas:list")


def years_offered(client: Client) -> list[str]:
    form = client.get(LIST).context["filter"].form
    return [value for value, _label in form.fields["jahr"].choices if value]


def test_the_year_box_is_read_once_and_then_from_the_cache(client: Client) -> None:
    factories.CooperationFactory(is_published=True, started_on=dt.date(2021, 5, 1))
    assert years_offered(client) == ["2021"]
    with CaptureQueriesContext(connection) as ctx:
        assert years_offered(client) == ["2021"]
    assert not [q["sql"] for q in ctx.captured_queries if "DATE_TRUNC" in q["sql"].upper()]


def test_publishing_or_withdrawing_a_case_changes_the_years_at_once(client: Client) -> None:
    factories.CooperationFactory(is_published=True, started_on=dt.date(2021, 5, 1))
    hidden = factories.CooperationFactory(is_published=False, started_on=dt.date(2019, 3, 1))
    assert years_offered(client) == ["2021"]

    hidden.is_published = True
    hidden.save()
    assert years_offered(client) == ["2021", "2019"]
    assert client.get(LIST, {"jahr": "2019"}).context["page"].object_list[0] == hidden

    hidden.delete()
    assert years_offered(client) == ["2021"]
