"""The back office is German with „Sie“, whatever the browser asks for (issue #14)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from tests.backoffice.conftest import logged_in, with_totp

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def test_an_english_browser_gets_the_back_office_in_german(demo_file: dict[str, Any], clara: User) -> None:
    client = logged_in(with_totp(clara))
    case = demo_file["case"]
    page = client.get(reverse("admin:cooperations_cooperation_change", args=[case.pk]), **ENGLISH_BROWSER)
    body = page.content.decode()
    assert page["Content-Language"] == "de"
    assert '<html lang="de"' in body
    for english in ("Change Kooperation", "Log out", "Save and continue editing", "History"):
        assert english not in body, english
    listing = client.get(
        reverse("admin:cooperations_cooperation_changelist"), **ENGLISH_BROWSER
    ).content.decode()
    assert "Kooperationen durchsuchen" in listing
    assert "Search " not in listing


def test_the_admin_javascript_catalogue_is_german_too(adviser: Client) -> None:
    catalogue = adviser.get(reverse("admin:jsi18n"), **ENGLISH_BROWSER).content.decode()
    assert (
        "Markieren Sie %s und w\\u00e4hlen Sie sie" in catalogue
        or "Markieren Sie %s und wählen Sie sie" in catalogue
    )
    assert "Uhrzeiten gelten in der Zeitzone" in catalogue


def test_allauth_and_import_texts_say_sie() -> None:
    with translation.override("de"):
        assert translation.gettext("You have signed out.") == "Sie haben sich abgemeldet."
        assert (
            translation.gettext("Are you sure you want to sign out?") == "Möchten Sie sich wirklich abmelden?"
        )
        fix = translation.gettext(
            "Please correct these errors in your data where possible, then reupload it using the form above."
        )
        assert "korrigieren Sie" in fix
        assert "deiner" not in fix


def test_allauth_models_have_german_names_on_the_start_page(administrator: Client) -> None:
    page = administrator.get(reverse("admin:index")).content.decode()
    for english in ("Authenticators", "User sessions", ">MFA<"):
        assert english not in page, english
    assert "Zweite Faktoren" in page
    assert "Angemeldete Sitzungen" in page
