"""Every registered admin page renders for the people who work with it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


# The reports app has its own admin and tests (tests/reports).
OTHERS = {"reports"}


# Texts Django 6.1 brought without a German translation (locale/de fills them in): the
# empty choice of every model select, and the button beside the admin's action box.
ENGLISH = ("Select an option", ">Run<")


def assert_german(response: Any) -> None:
    html = response.content.decode()
    assert not [text for text in ENGLISH if text in html], response.request["PATH_INFO"]


def registered() -> list[tuple[str, str]]:
    return sorted(
        (m._meta.app_label, m._meta.model_name)  # type: ignore[misc]
        for m in admin.site._registry
        if m._meta.app_label not in OTHERS
    )


@pytest.mark.usefixtures("demo_file")
def test_every_changelist_add_and_change_page_renders_for_an_administrator(administrator: Client) -> None:
    for app, model in registered():
        model_admin = next(
            a
            for m, a in admin.site._registry.items()
            if m._meta.model_name == model and m._meta.app_label == app
        )
        url = reverse(f"admin:{app}_{model}_changelist")
        response = administrator.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert_german(response)
        add_url = reverse(f"admin:{app}_{model}_add")
        response = administrator.get(add_url)
        assert response.status_code in (200, 403), add_url
        assert_german(response)
        obj = model_admin.model._default_manager.first()
        if obj is not None:
            change_url = reverse(f"admin:{app}_{model}_change", args=[obj.pk])
            response = administrator.get(change_url)
            assert response.status_code == 200, change_url
            assert_german(response)
            history_url = reverse(f"admin:{app}_{model}_history", args=[obj.pk])
            assert administrator.get(history_url).status_code == 200, history_url


@pytest.mark.usefixtures("demo_file")
def test_every_page_an_adviser_may_see_renders(adviser: Client, clara: Any) -> None:
    seen = 0
    for app, model in registered():
        if not clara.has_perm(f"{app}.view_{model}"):
            continue
        response = adviser.get(reverse(f"admin:{app}_{model}_changelist"))
        assert response.status_code == 200, (app, model)
        seen += 1
        model_cls = next(
            m for m in admin.site._registry if m._meta.model_name == model and m._meta.app_label == app
        )
        obj = model_cls._default_manager.first()
        if obj is not None:
            assert adviser.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk])).status_code == 200, (
                app,
                model,
            )
    assert seen >= 10


@pytest.mark.usefixtures("demo_file")
def test_the_start_page_shows_my_overdue_case_and_the_overdue_proof_of_use(adviser: Client) -> None:
    response = adviser.get(reverse("admin:index"))
    html = response.content.decode()
    assert "Meine offenen Vorgänge" in html
    assert "Gemeinsamer Bauhof Kassel" in html
    assert "01.01.2020" in html  # the overdue next step
    assert "Verwendungsnachweis überfällig" in html
    assert "01.01.2021" in html


def test_the_budget_advisers_start_page_shows_this_months_meetings(
    budget_adviser: Client, kuenzell: Any
) -> None:
    from django.utils import timezone

    from budget_advice.models import Meeting
    from tests.factories import ConsultationFactory

    today = timezone.localdate()
    consultation = ConsultationFactory(municipality=kuenzell, date=today)
    Meeting.objects.create(consultation=consultation, kind=Meeting.Kind.FIRST, date=today)
    page = budget_adviser.get(reverse("admin:index")).content.decode()
    assert "Haushaltsberatungen im " in page
    assert "Gesprächstermine in diesem Monat" in page
    assert "Künzell" in page
    assert "Meine offenen Vorgänge" not in page  # no cases for budget advisers


def test_an_apps_page_lists_its_models_and_is_refused_to_a_role_without_them(
    adviser: Client, budget_adviser: Client
) -> None:
    # The app list is built only when a page reads it (BackOfficeSite.get_app_list).
    url = reverse("admin:app_list", args=["cooperations"])
    page = adviser.get(url)
    assert page.status_code == 200
    assert "Aktivitäten" in page.content.decode() and "Kooperationen" in page.content.decode()
    assert budget_adviser.get(url).status_code == 403  # no permission in the app (the matrix)
    assert "Kooperationen" in adviser.get(reverse("admin:index")).content.decode()


def test_the_action_box_speaks_german(administrator: Client) -> None:
    html = administrator.get(reverse("admin:cooperations_cooperation_changelist")).content.decode()
    assert "– bitte auswählen –" in html
    assert ">Ausführen</button>" in html
