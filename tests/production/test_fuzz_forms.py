"""Property-based fuzzing (hypothesis) of every public and municipal form and of the
back office forms for grants and consultations.

Each example starts from the form as the page renders it (so hidden and management
fields are right) and replaces some fields with hostile input: empty, huge, NUL
bytes, wrong types, markup, impossible dates, overflowing numbers. Whatever comes
in, the answer is 200/302/4xx, never 500; a form that is sent back names the problem
in German; and a request that did not succeed has saved nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.forms import FormFields

pytestmark = pytest.mark.django_db

EXAMPLES = 12
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,  # no .hypothesis/ directory in the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ALLOWED = {200, 302, 400, 403, 404, 405, 429}
ENGLISH = (
    "This field is required",
    "Enter a valid",
    "Select a valid choice",
    "Ensure this value",
    "Null characters are not allowed",
    "is not one of the available choices",
)

NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "99999999999999999999999",
        "1e309",
        "NaN",
        "12,5",
        "1.000.000,00",
        "31.02.2026",
        "2026-13-45",
        "0000-00-00",
        "<script>alert(1)</script>",
        "\x00",
        "a\x00b",
        "ä" * 3000,
        "x" * 20000,
        "' OR 1=1 --",
        "../../etc/passwd",
        "\u202egnp.exe",
        "😀" * 50,
        "06611000",
        "on",
    ]
)
VALUE = st.one_of(NASTY, st.text(max_size=80), st.integers(min_value=-(10**12), max_value=10**12).map(str))


def _form(client: Client, url: str, form_id: str | None = None) -> FormFields:
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    parser = FormFields(form_id)
    parser.feed(page.content.decode())
    assert parser.names, f"kein Formular auf {url}"
    return parser


def _counts(models: tuple[str, ...]) -> dict[str, int]:
    return {m: apps.get_model(m).objects.count() for m in models}


def _fuzz(
    client: Client,
    url: str,
    models: tuple[str, ...],
    data: st.DataObject,
    *,
    form_id: str | None = None,
    extra: dict[str, str] | None = None,
) -> None:
    form = _form(client, url, form_id)
    fuzzable = [n for n in form.names if n != "csrfmiddlewaretoken"]
    chosen = data.draw(
        st.lists(st.sampled_from(fuzzable), min_size=1, max_size=min(4, len(fuzzable)), unique=True)
    )
    payload: dict[str, Any] = {k: list(v) for k, v in form.fields.items()}
    for name in chosen:
        payload[name] = data.draw(st.one_of(VALUE, st.lists(VALUE, min_size=0, max_size=3)))
    payload.update(extra or {})
    cache.clear()  # rate limits must not turn every later example into a 429
    before = _counts(models)
    response = client.post(url, payload)
    body = response.content.decode(errors="replace")
    assert response.status_code in ALLOWED, f"{url} {response.status_code} für {chosen}: {body[:3000]}"
    assert "Traceback" not in body
    if response.status_code != 302:
        # Nothing half-saved: a refused form leaves every watched table as it was.
        assert _counts(models) == before, f"{url}: gespeichert trotz Status {response.status_code} ({chosen})"
    if response.status_code == 200:
        for english in ENGLISH:
            assert english not in body, f"{url}: englische Meldung „{english}“ für {chosen}"


# --- public forms (no login) ------------------------------------------------------------


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzzing_the_foerderlotse_question_form(client: Client, data: st.DataObject) -> None:
    _fuzz(client, reverse("funding:question"), ("funding.FunderQuestion",), data)


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzzing_the_accessibility_feedback_form(client: Client, data: st.DataObject) -> None:
    _fuzz(client, reverse("accessibility"), ("accounts.AuditEvent",), data)


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzzing_sign_up(client: Client, data: st.DataObject) -> None:
    _fuzz(client, reverse("account_signup"), ("accounts.User",), data)


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzzing_login_and_password_reset(client: Client, anna: Any, data: st.DataObject) -> None:
    _fuzz(client, reverse("account_login"), ("accounts.User", "accounts.AuditEvent"), data)
    _fuzz(client, reverse("account_reset_password"), ("accounts.User",), data)


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzzing_the_public_search_filters(client: Client, data: st.DataObject) -> None:
    # GET forms: any query string gives a page, never an error.
    keys = st.sampled_from(["q", "field", "kreis", "form", "art", "page", "ebene", "year", "sort"])
    for url in (reverse("atlas:list"), reverse("funding:programme-list"), reverse("atlas:partner-search")):
        params = data.draw(st.dictionaries(keys, VALUE, max_size=4))
        response = client.get(url, params)
        assert response.status_code in ALLOWED, f"{url} {params}: {response.status_code}"


# --- municipal forms (anna of Kassel) ----------------------------------------------------


@pytest.fixture
def anna_client(client: Client, anna: Any) -> Client:
    client.force_login(anna)
    return client


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzzing_the_membership_request(anna_client: Client, data: st.DataObject) -> None:
    _fuzz(anna_client, reverse("accounts:memberships"), ("contacts.Membership",), data)


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzzing_the_budget_consultation_request(anna_client: Client, data: st.DataObject) -> None:
    _fuzz(anna_client, reverse("budget_advice:request"), ("budget_advice.Consultation",), data)


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzzing_case_messages_and_document_uploads(
    anna_client: Client, case_kassel: Any, data: st.DataObject
) -> None:
    case_url = reverse("cooperations:case-detail", args=[case_kassel.pk])
    message = data.draw(st.one_of(VALUE, st.lists(VALUE, max_size=2)))
    cache.clear()
    count = apps.get_model("cooperations.Message").objects.count()
    response = anna_client.post(
        reverse("cooperations:case-message", args=[case_kassel.pk]), {"body": message}
    )
    assert response.status_code in ALLOWED
    if response.status_code != 302:
        assert apps.get_model("cooperations.Message").objects.count() == count
    from django.core.files.uploadedfile import SimpleUploadedFile

    name = data.draw(
        st.sampled_from(["a.pdf", "x.exe", "bericht.PDF", "", "../../x.pdf", "a" * 300 + ".pdf", "bild.png"])
    )
    content = data.draw(st.binary(max_size=2000))
    upload: dict[str, Any] = {"kind": data.draw(VALUE)}
    if name:
        upload["file"] = SimpleUploadedFile(name, content, "application/pdf")
    documents = apps.get_model("cooperations.Document").objects.count()
    response = anna_client.post(reverse("cooperations:case-document-upload", args=[case_kassel.pk]), upload)
    assert response.status_code in ALLOWED, response.content.decode()[:2000]
    if response.status_code != 302:
        assert apps.get_model("cooperations.Document").objects.count() == documents
    assert anna_client.get(case_url).status_code == 200


WIZARD = ("kommune", "partner", "handlungsfelder", "stufe", "beschreibung", "checkliste", "anhaenge")


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzzing_every_step_of_the_inquiry_wizard(
    anna_client: Client, anna: Any, data: st.DataObject
) -> None:
    from cooperations.models import InquiryDraft

    draft = InquiryDraft.objects.filter(user=anna, cooperation__isnull=True).first()
    if draft is None:
        start = anna_client.post(reverse("cooperations:inquiry-start"))
        assert start.status_code == 302
        draft = InquiryDraft.objects.filter(user=anna).latest("created_at")
    step = data.draw(st.sampled_from(WIZARD))
    url = reverse("cooperations:inquiry-step", args=[draft.token, step])
    page = anna_client.get(url)
    assert page.status_code in (200, 302)
    if page.status_code == 302:
        url = page["Location"]
    action = data.draw(st.sampled_from(["weiter", "suchen", "hochladen", "entfernen-x", "", "<x>"]))
    _fuzz(anna_client, url, ("cooperations.Cooperation",), data, extra={"aktion": action})
    # Submitting whatever the draft holds now: one case at most, never a 500.
    review = anna_client.post(reverse("cooperations:inquiry-review", args=[draft.token]))
    assert review.status_code in ALLOWED


# --- back office: grants and consultations -------------------------------------------


@pytest.fixture
def admin_client_(client: Client, admin_user: Any) -> Client:
    client.force_login(admin_user)
    return client


def _admin_fuzz(admin_client_: Client, model: str, data: st.DataObject, prepare: Callable[[], None]) -> None:
    prepare()
    app_label, name = model.split(".")
    url = reverse(f"admin:{app_label}_{name.lower()}_add")
    _fuzz(admin_client_, url, (model,), data, form_id=f"{name.lower()}_form")


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzzing_the_admin_grant_form(admin_client_: Client, case_kassel: Any, data: st.DataObject) -> None:
    _admin_fuzz(admin_client_, "funding.Grant", data, lambda: None)


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzzing_the_admin_consultation_form(admin_client_: Client, kassel: Any, data: st.DataObject) -> None:
    _admin_fuzz(admin_client_, "budget_advice.Consultation", data, lambda: None)
