"""The case page shows the newest ten activities, messages, documents and history
entries as rows and links to the list of all of them (issue #6: the page grew with
every row a case ever had). Older rows stay as they are when the page is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cooperations.models import Activity, CaseEvent, Cooperation, Document, Message
from tests import factories
from tests.forms import FormFields

pytestmark = pytest.mark.django_db


def case_form(client: Client, case: Cooperation) -> tuple[str, dict[str, list[str]]]:
    page = client.get(change_url(case)).content.decode()
    parser = FormFields("cooperation_form")
    parser.feed(page)
    # A browser drops the line break right after <textarea>.
    data = {k: [v.removeprefix("\n") for v in values] for k, values in parser.fields.items()}
    return page, data


def change_url(case: Cooperation) -> str:
    return reverse("admin:cooperations_cooperation_change", args=[case.pk])


def row_index(data: dict[str, list[str]], prefix: str, pk: int) -> int:
    return next(
        int(k.split("-")[1])
        for k, v in data.items()
        if k.startswith(f"{prefix}-") and k.endswith("-id") and v == [str(pk)]
    )


def activities(case: Cooperation, n: int) -> list[Activity]:
    """n activities, one a week from January 2025 on: the last is the newest."""
    return [
        factories.ActivityFactory(
            cooperation=case, date=dt.date(2025, 1, 1) + dt.timedelta(weeks=i), notes=f"Gespräch Nr. {i + 1}"
        )
        for i in range(n)
    ]


def test_the_case_page_offers_the_ten_newest_activities_and_links_to_the_four_older(adviser: Client) -> None:
    case = factories.CooperationFactory()
    rows = activities(case, 14)

    page, data = case_form(adviser, case)

    assert data["activities-TOTAL_FORMS"] == ["10"]
    shown = {int(v[0]) for k, v in data.items() if k.startswith("activities-") and k.endswith("-id") and v[0]}
    assert shown == {a.pk for a in rows[4:]}
    assert "Gespräch Nr. 14" in page
    assert "Gespräch Nr. 4<" not in page
    link = reverse("admin:cooperations_activity_changelist") + f"?cooperation__id__exact={case.pk}"
    assert f'<a href="{link}">4 ältere Aktivitäten – alle anzeigen</a>' in page


def test_one_older_activity_is_named_in_the_singular_and_ten_need_no_link(adviser: Client) -> None:
    eleven = factories.CooperationFactory()
    activities(eleven, 11)
    ten = factories.CooperationFactory()
    activities(ten, 10)

    assert "1 ältere Aktivität – alle anzeigen" in adviser.get(change_url(eleven)).content.decode()
    assert "alle anzeigen" not in adviser.get(change_url(ten)).content.decode()


def test_messages_documents_and_history_show_their_newest_ten_with_a_link_to_the_rest(
    adviser: Client,
) -> None:
    case = factories.CooperationFactory()
    person = factories.UserFactory()
    for i in range(12):
        factories.MessageFactory(cooperation=case, author=person, body=f"Nachricht Nr. {i + 1}")
        factories.CaseEventFactory(cooperation=case, actor=person, note=f"Vermerk Nr. {i + 1}")
        Document.objects.create(
            cooperation=case,
            file=f"documents/{case.pk}/d{i}.pdf",
            original_name=f"Anlage-{i + 1}.pdf",
            size=1,
        )
    events = CaseEvent.objects.filter(cooperation=case).count()  # the factory's case may have its own

    page = adviser.get(change_url(case)).content.decode()

    assert "Nachricht Nr. 12" in page and "Nachricht Nr. 2<" not in page
    assert "Anlage-12.pdf" in page and "Anlage-2.pdf" not in page
    assert "Vermerk Nr. 12" in page and "Vermerk Nr. 2<" not in page
    for model, text in [
        (Message, "2 ältere Nachrichten"),
        (Document, "2 ältere Dokumente"),
        (CaseEvent, f"{events - 10} ältere Einträge im Verlauf"),
    ]:
        url = reverse(f"admin:cooperations_{model._meta.model_name}_changelist")
        assert f'<a href="{url}?cooperation__id__exact={case.pk}">{text} – alle anzeigen</a>' in page


def test_saving_the_case_page_changes_a_shown_activity_and_leaves_the_older_ones_as_they_were(
    adviser: Client,
) -> None:
    case = factories.CooperationFactory()
    rows = activities(case, 14)
    older = {a.pk: (a.kind, a.date, a.notes, a.follow_up_due) for a in rows[:4]}
    _page, data = case_form(adviser, case)
    newest = row_index(data, "activities", rows[-1].pk)
    data[f"activities-{newest}-notes"] = ["Vereinbarung unterschrieben"]

    response = adviser.post(change_url(case), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Activity.objects.get(pk=rows[-1].pk).notes == "Vereinbarung unterschrieben"
    assert Activity.objects.filter(cooperation=case).count() == 14
    after = {a.pk: (a.kind, a.date, a.notes, a.follow_up_due) for a in Activity.objects.filter(pk__in=older)}
    assert after == older


def test_an_edit_of_the_oldest_shown_activity_is_saved_when_a_colleague_added_a_newer_one_meanwhile(
    adviser: Client,
) -> None:
    case = factories.CooperationFactory()
    rows = activities(case, 12)
    _page, data = case_form(adviser, case)
    oldest_shown = rows[2]
    data[f"activities-{row_index(data, 'activities', oldest_shown.pk)}-notes"] = ["Protokoll ergänzt"]
    factories.ActivityFactory(cooperation=case, date=dt.date(2026, 1, 1), notes="neu von Kollegin")

    response = adviser.post(change_url(case), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Activity.objects.get(pk=oldest_shown.pk).notes == "Protokoll ergänzt"
    assert Activity.objects.filter(cooperation=case).count() == 13  # nothing doubled, nothing lost


def test_the_linked_list_shows_only_this_cases_activities_titled_with_the_case(adviser: Client) -> None:
    case = factories.CooperationFactory(title="Gemeinsames Standesamt")
    other = factories.CooperationFactory()
    activities(case, 12)
    factories.ActivityFactory(cooperation=other, notes="fremder Vorgang")

    response = adviser.get(
        reverse("admin:cooperations_activity_changelist"), {"cooperation__id__exact": case.pk}
    )

    assert response.status_code == 200
    assert {a.cooperation_id for a in response.context["cl"].result_list} == {case.pk}
    assert response.context["cl"].result_count == 12
    page = response.content.decode()
    assert f"Aktivitäten zum Vorgang {case.reference}" in page
    assert (
        f'href="{change_url(case)}">zurück zum Vorgang {case.reference}: Gemeinsames Standesamt</a>' in page
    )


@pytest.mark.parametrize("model", ["activity", "message", "document", "caseevent"])
def test_the_linked_lists_are_open_to_advisers_only(
    model: str, adviser: Client, budget_adviser: Client, anna: User, dieter: User, client: Client
) -> None:
    case = factories.CooperationFactory()
    url = reverse(f"admin:cooperations_{model}_changelist") + f"?cooperation__id__exact={case.pk}"

    assert adviser.get(url).status_code == 200
    assert budget_adviser.get(url).status_code == 403
    assert client.get(url).status_code == 302  # anonymous: to the login
    for outsider in (anna, dieter):  # municipal staff, ministry: no back office (the matrix: 403)
        client.force_login(outsider)
        assert client.get(url).status_code == 403


def test_messages_and_history_are_a_table_of_values_that_saving_the_page_leaves_alone(
    adviser: Client,
) -> None:
    case = factories.CooperationFactory()
    person = factories.UserFactory(first_name="Karla", last_name="Kommunal")
    factories.MessageFactory(
        cooperation=case, author=person, from_municipality=True, body="Zeile 1\nZeile <2>"
    )
    factories.CaseEventFactory(cooperation=case, actor=person, note="Gremium tagt im Mai")
    before = [(e.pk, e.note) for e in CaseEvent.objects.filter(cooperation=case)]

    page, data = case_form(adviser, case)

    assert '<td class="field-body"><p>Zeile 1<br>Zeile &lt;2&gt;</p></td>' in page
    assert '<td class="field-from_municipality"><p>ja</p></td>' in page
    assert '<td class="field-kind"><p>Vermerk</p></td>' in page
    assert '<td class="field-note"><p>Gremium tagt im Mai</p></td>' in page
    assert data["events-TOTAL_FORMS"] == data["messages-TOTAL_FORMS"] == ["0"]  # no row is a form
    response = adviser.post(change_url(case), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [(e.pk, e.note) for e in CaseEvent.objects.filter(cooperation=case)] == before
    assert Message.objects.get(cooperation=case).body == "Zeile 1\nZeile <2>"
