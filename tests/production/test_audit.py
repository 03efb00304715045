"""The security audit log: who logged in, who failed, who was locked out, whose role
changed, who was turned away, who exported personal data."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory

from accounts import roles
from accounts.audit import audit_access_denied, audit_export, client_ip
from accounts.models import AuditEvent, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/konto/login/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    # allauth counts failures in the cache, which lives as long as the test process.
    from django.core.cache import cache

    cache.clear()


def _verified(user: User) -> User:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        email=user.email, defaults={"user": user, "verified": True, "primary": True}
    )
    return user


def test_a_login_is_recorded_with_user_and_address(client: Client, anna: User) -> None:
    _verified(anna)
    response = client.post(
        LOGIN_URL, {"login": "anna@kassel.de", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN)
    assert event.actor == anna
    assert event.ip == "10.1.2.3"
    assert event.path == LOGIN_URL


def test_a_failed_login_is_recorded_with_the_name_tried_but_never_the_password(
    client: Client, anna: User
) -> None:
    _verified(anna)
    response = client.post(LOGIN_URL, {"login": "Anna@Kassel.de", "password": "falsch-geraten-1"})
    assert response.status_code == 200
    assert "falsch" in response.content.decode()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN_FAILED)
    assert event.actor is None
    assert event.detail["login"] == "anna@kassel.de"
    assert event.detail["step"] == "password"
    assert "falsch-geraten-1" not in str(event.detail)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN).exists()


def test_repeated_failed_logins_lock_the_account_even_for_the_right_password(
    client: Client, anna: User
) -> None:
    _verified(anna)
    for i in range(5):
        client.post(LOGIN_URL, {"login": "anna@kassel.de", "password": f"falsch-{i}-xyz"})
    # ACCOUNT_RATE_LIMITS: 5 failures per 5 minutes per account, then locked.
    locked = client.post(LOGIN_URL, {"login": "anna@kassel.de", "password": PASSWORD})
    assert locked.status_code == 200
    assert "Zu viele gescheiterte Anmeldeversuche" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN_FAILED).count() == 5
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN).exists()


def test_too_many_requests_answer_the_german_429_page_without_a_query(
    rf: RequestFactory, django_assert_num_queries: object
) -> None:
    from allauth.core.internal.ratelimit import respond_429

    request = rf.get(LOGIN_URL)
    with django_assert_num_queries(0):  # type: ignore[operator]
        response = respond_429(request)
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_the_rate_limit_uses_the_real_cache_setting(settings: object) -> None:
    # allauth's limits silently do nothing with a DummyCache.
    assert "DummyCache" not in settings.CACHES["default"]["BACKEND"]  # type: ignore[attr-defined]


def test_a_logout_is_recorded(client: Client, anna: User) -> None:
    client.force_login(anna)
    client.post("/konto/logout/")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGOUT, actor=anna).count() == 1


def test_giving_and_taking_a_role_is_recorded(anna: User) -> None:
    kikz = Group.objects.get(name=roles.KIKZ)
    anna.groups.add(kikz)
    anna.groups.remove(kikz)
    changes = list(AuditEvent.objects.filter(kind=AuditEvent.Kind.ROLE_CHANGED).order_by("pk"))
    assert [(e.detail["change"], e.detail["groups"], e.detail["user_id"]) for e in changes] == [
        ("added", [roles.KIKZ], anna.pk),
        ("removed", [roles.KIKZ], anna.pk),
    ]


def test_clearing_roles_and_adding_from_the_group_side_are_recorded(anna: User, bernd: User) -> None:
    ministry = Group.objects.get(name=roles.MINISTRY)
    ministry.user_set.add(anna, bernd)
    anna.groups.clear()
    events = list(AuditEvent.objects.filter(kind=AuditEvent.Kind.ROLE_CHANGED).order_by("pk"))
    assert [(e.detail["user_id"], e.detail["change"]) for e in events] == [
        (anna.pk, "added"),
        (bernd.pk, "added"),
        (anna.pk, "removed"),
    ]
    assert events[-1].detail["groups"] == [roles.MINISTRY]


def test_making_someone_superuser_or_staff_is_recorded(anna: User) -> None:
    anna.is_superuser = True
    anna.is_staff = True
    anna.save()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ROLE_CHANGED)
    assert event.detail["flags"] == {"is_staff": [False, True], "is_superuser": [False, True]}


def test_a_login_adds_no_role_query(anna: User, django_assert_num_queries: object) -> None:
    # last_login is saved with update_fields: the role check must not cost a query.
    from django.contrib.auth.models import update_last_login

    with django_assert_num_queries(1):  # type: ignore[operator]
        update_last_login(None, anna)


def test_access_denied_and_exports_are_recorded_with_the_acting_user(anna: User, clara: User) -> None:
    request = RequestFactory().get("/vorgaenge/42/", REMOTE_ADDR="192.0.2.7")
    request.user = anna
    audit_access_denied(request, "case 42")
    audit_export(actor=clara, what="Personen", count=17, file_format="xlsx")
    denied = AuditEvent.objects.get(kind=AuditEvent.Kind.ACCESS_DENIED)
    assert (denied.actor, denied.ip, denied.path, denied.detail["what"]) == (
        anna,
        "192.0.2.7",
        "/vorgaenge/42/",
        "case 42",
    )
    export = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert (export.actor, export.detail) == (clara, {"what": "Personen", "count": 17, "format": "xlsx"})


def test_the_client_address_trusts_forwarded_for_only_behind_configured_proxies(settings: object) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # type: ignore[attr-defined]
    assert client_ip(request) == "10.0.0.1"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    assert client_ip(request) == "203.0.113.9"


def test_long_or_hostile_details_are_cut_and_stored_as_data(anna: User) -> None:
    request = RequestFactory().get("/x")
    request.user = anna
    audit_access_denied(request, "a" * 1000 + '\n{"level": "CRITICAL"}')
    event = AuditEvent.objects.get()
    assert len(event.detail["what"]) == 200


def test_the_portal_records_who_was_turned_away_where(
    client: Client, bernd: User, dieter: User, case_kassel: object
) -> None:
    from django.urls import reverse

    from cooperations.models import Cooperation

    case = Cooperation.objects.get()
    # Bernd (Fulda) tries the case of Kassel: 404 as for a case that does not exist …
    client.force_login(bernd)
    assert client.get(reverse("cooperations:case-detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("cooperations:case-detail", args=[case.pk + 1000])).status_code == 404
    # … the ministry tries the municipal portal and a municipal user the statistics.
    assert client.get(reverse("reports:dashboard")).status_code == 404
    client.force_login(dieter)
    assert client.get(reverse("cooperations:my-cases")).status_code == 403

    denied = list(AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_DENIED).order_by("pk"))
    assert [(e.actor, e.detail["what"]) for e in denied] == [
        (bernd, "case"),
        (bernd, "statistics"),
        (dieter, "municipal portal"),
    ]
    assert denied[0].detail["case_id"] == case.pk  # only the case that exists
    assert denied[0].path == reverse("cooperations:case-detail", args=[case.pk])
