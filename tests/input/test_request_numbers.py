"""Every place where a value from a request becomes a number, fed what `int()` and
`str.isdigit()` get wrong (issue #13, „Server errors from numbers“).

Each row of PARAMETERS names a page, who asks, and the one parameter that carries a
number. Whatever comes in – a superscript two, an Arabic-Indic or a full-width three,
twenty digits, a minus, nothing, text – the answer is a page with a German message,
a redirect or a 404, never a 500, and never an English Django error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Membership, Municipality
from cooperations.models import InquiryDraft
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "٣", "３", "1" * 20, "-1", "", "Kassel"]
ENGLISH = ("Enter a valid", "Select a valid choice", "is not one of the available choices", "Server Error")
ALLOWED = {200, 302, 400, 404, 422}  # 400 and 422: the page again, with a German message


@dataclass(frozen=True)
class Param:
    """`name` in `method` to `url(world)` as `who`, beside the rest of a valid request."""

    label: str
    who: str
    method: str
    url: Callable[[dict[str, Any]], str]
    name: str
    rest: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda w: {})


def _admin(name: str, *args: object) -> Callable[[dict[str, Any]], str]:
    return lambda w: reverse(f"admin:{name}", args=[w[a] if isinstance(a, str) else a for a in args])


PARAMETERS = [
    # The portal (municipal staff).
    Param(
        "Meine Kommunen",
        "anna",
        "POST",
        lambda w: reverse("accounts:memberships"),
        "municipalities",
        lambda w: {"function": "Hauptamt"},
    ),
    Param(
        "Meine Kommunen suchen",
        "anna",
        "POST",
        lambda w: reverse("accounts:memberships"),
        "municipalities",
        lambda w: {"aktion": "suchen", "q": "Fulda"},
    ),
    Param(
        "Anfrage: Partner",
        "anna",
        "POST",
        lambda w: reverse("cooperations:inquiry-step", args=[w["token"], "partner"]),
        "partners",
        lambda w: {"aktion": "weiter"},
    ),
    Param(
        "Anfrage: Partner suchen",
        "anna",
        "POST",
        lambda w: reverse("cooperations:inquiry-step", args=[w["token"], "partner"]),
        "partners",
        lambda w: {"aktion": "suchen", "q": "Fulda"},
    ),
    Param(
        "Anfrage: Kommune",
        "anna",
        "POST",
        lambda w: reverse("cooperations:inquiry-step", args=[w["token"], "kommune"]),
        "municipality",
    ),
    Param(
        "Haushaltsberatung: Tag",
        "anna",
        "POST",
        lambda w: reverse("budget_advice:request"),
        "earliest_tag",
        lambda w: {"municipality": w["kassel"], "earliest_monat": "3", "earliest_jahr": "2031"},
    ),
    Param(
        "Haushaltsberatung: Kommune",
        "anna",
        "POST",
        lambda w: reverse("budget_advice:request"),
        "municipality",
    ),
    Param("Meine Vorgänge: Seite", "anna", "GET", lambda w: reverse("cooperations:my-cases"), "seite"),
    Param("Meine Vorgänge: Jahr", "anna", "GET", lambda w: reverse("cooperations:my-cases"), "year"),
    # The public pages.
    Param("Atlas: Seite", "anonymous", "GET", lambda w: reverse("atlas:list"), "seite"),
    Param("Atlas: Handlungsfeld", "anonymous", "GET", lambda w: reverse("atlas:list"), "handlungsfeld"),
    Param("Atlas: Kreis", "anonymous", "GET", lambda w: reverse("atlas:list"), "kreis"),
    Param("Atlas: Jahr", "anonymous", "GET", lambda w: reverse("atlas:list"), "jahr"),
    Param("Partnersuche: Kreis", "anonymous", "GET", lambda w: reverse("atlas:partner-search"), "kreis"),
    Param(
        "Partnersuche: Handlungsfeld",
        "anonymous",
        "GET",
        lambda w: reverse("atlas:partner-search"),
        "handlungsfeld",
    ),
    Param("Förderlotse: Seite", "anonymous", "GET", lambda w: reverse("funding:programme-list"), "seite"),
    Param("Förderlotse: Bereich", "anonymous", "GET", lambda w: reverse("funding:programme-list"), "areas"),
    Param(
        "Förderlotse: Berechtigte",
        "anonymous",
        "GET",
        lambda w: reverse("funding:programme-list"),
        "eligible",
    ),
    Param(
        "Förderlotse: Frage zum Programm",
        "anonymous",
        "GET",
        lambda w: reverse("funding:question"),
        "programm",
    ),
    # Statistics (ministry).
    Param("Statistik: Jahr", "dieter", "GET", lambda w: reverse("reports:dashboard"), "jahr"),
    # The back office.
    Param(
        "Vorgänge: Landkreis", "adviser", "GET", _admin("cooperations_cooperation_changelist"), "landkreis"
    ),
    Param("Vorgänge: Berater", "adviser", "GET", _admin("cooperations_cooperation_changelist"), "berater"),
    Param("Vorgänge: Jahr", "adviser", "GET", _admin("cooperations_cooperation_changelist"), "jahr"),
    Param("Vorgänge: Seite", "adviser", "GET", _admin("cooperations_cooperation_changelist"), "p"),
    Param(
        "Aktivitäten eines Vorgangs",
        "adviser",
        "GET",
        _admin("cooperations_activity_changelist"),
        "cooperation__id__exact",
    ),
    Param(
        "Nachrichten eines Vorgangs",
        "adviser",
        "GET",
        _admin("cooperations_message_changelist"),
        "cooperation__id__exact",
    ),
    Param("Bescheid anlegen", "administrator", "GET", _admin("funding_grant_add"), "cooperation"),
    Param("Auszahlung anlegen", "administrator", "GET", _admin("funding_disbursement_add"), "grant"),
    Param("Auszahlung anlegen (POST)", "administrator", "POST", _admin("funding_disbursement_add"), "grant"),
    Param("Aktivität anlegen", "adviser", "GET", _admin("cooperations_activity_add"), "cooperation"),
]


@pytest.fixture
def world(
    anna: User,
    kassel: Municipality,
    fulda: Municipality,
    dieter: User,
    demo_file: dict[str, Any],
    adviser: Client,
    administrator: Client,
) -> dict[str, Any]:
    draft = InquiryDraft.objects.create(user=anna, data={"municipality": kassel.pk, "done": ["kommune"]})
    clients = {"anonymous": Client(), "adviser": adviser, "administrator": administrator}
    for name, user in (("anna", anna), ("dieter", dieter)):
        clients[name] = Client()
        clients[name].force_login(user)
    return {"token": draft.token, "kassel": kassel.pk, "clients": clients, **demo_file}


@pytest.mark.parametrize("param", PARAMETERS, ids=lambda p: p.label)
def test_no_number_in_a_request_is_a_server_error(world: dict[str, Any], param: Param) -> None:
    client: Client = world["clients"][param.who]
    url = param.url(world)
    for value in HOSTILE:
        data = {**param.rest(world), param.name: value}
        response = client.get(url, data) if param.method == "GET" else client.post(url, data)
        assert response.status_code in ALLOWED, f"{param.label} {value!r}: {response.status_code}"
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            body = response.content.decode()
            assert not [e for e in ENGLISH if e in body], f"{param.label} {value!r}: English error"


def test_unicode_digits_never_tick_a_municipality(
    anna: User, kassel: Municipality, fulda: Municipality
) -> None:
    """`int("٣")` is 3: an Arabic-Indic digit must not ask for municipality 3."""
    client = Client()
    client.force_login(anna)
    for digit in (str(fulda.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")), f"{fulda.pk}²"):
        response = client.post(reverse("accounts:memberships"), {"municipalities": digit, "function": "x"})
        assert response.status_code == 200
        assert "Kommune" in response.content.decode()
    assert not Membership.objects.filter(user=anna, municipality=fulda).exists()


def test_unicode_digits_are_not_kept_as_partners(
    anna: User, kassel: Municipality, fulda: Municipality
) -> None:
    draft = InquiryDraft.objects.create(user=anna, data={"municipality": kassel.pk, "done": ["kommune"]})
    client = Client()
    client.force_login(anna)
    fullwidth = str(fulda.pk).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    url = reverse("cooperations:inquiry-step", args=[draft.token, "partner"])
    client.post(url, {"aktion": "suchen", "q": "Fu", "partners": [fullwidth, "²"]})
    draft.refresh_from_db()
    assert draft.data["partners"] == []
    response = client.post(url, {"aktion": "weiter", "partners": [fullwidth]})
    assert response.status_code == 200
    assert "Ungültige Auswahl." in response.content.decode()


def test_a_hand_edited_list_filter_is_named_and_not_applied(
    adviser: Client, demo_file: dict[str, Any]
) -> None:
    url = reverse("admin:cooperations_cooperation_changelist")
    page = adviser.get(url, {"landkreis": "²"}, follow=True).content.decode()
    assert "Der Filter „Landkreis“ hatte einen ungültigen Wert und wurde nicht angewendet." in page
    assert demo_file["case"].reference in page


def test_the_grant_form_prefills_the_case_only_from_a_real_id(
    administrator: Client, demo_file: dict[str, Any]
) -> None:
    case = demo_file["case"]
    good = administrator.get(reverse("admin:funding_grant_add"), {"cooperation": case.pk}).content.decode()
    assert case.reference in good
    arabic = str(case.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    bad = administrator.get(reverse("admin:funding_grant_add"), {"cooperation": arabic}).content.decode()
    assert case.reference not in bad


def test_a_municipal_staff_member_cannot_reach_the_filters(client: Client, anna: User) -> None:
    client.force_login(anna)
    response = client.get(reverse("admin:cooperations_cooperation_changelist"), {"landkreis": "²"})
    assert response.status_code in {302, 403, 404}


def test_factories_still_give_plain_ids() -> None:
    assert factories.MunicipalityFactory().pk > 0
