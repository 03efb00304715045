"""Ids and page numbers in links and form values are written as plain digits. With the
German thousands separator (USE_THOUSAND_SEPARATOR) an id of 1214 would become
"1.214" – a dead link or an unknown choice once the tables have a thousand rows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from contacts.models import Municipality
from cooperations.models import FieldOfAction
from core.emails import render_templated_mail
from tests import factories

BIG = 1214


def test_links_in_the_advisers_mails_use_plain_ids(db: None) -> None:
    case = factories.CooperationFactory(pk=BIG)
    question = factories.FunderQuestionFactory(pk=BIG + 1)
    consultation = factories.ConsultationFactory(pk=BIG + 2)
    for name, context, path in (
        ("inquiry_notice", {"case": case, "partners": []}, f"/cooperation/{BIG}/change/"),
        ("funder_question_notice", {"question": question}, f"/funderquestion/{BIG + 1}/change/"),
        ("consultation_requested", {"consultation": consultation}, f"/consultation/{BIG + 2}/change/"),
    ):
        _subject, body, html = render_templated_mail(name, context)
        assert path in body and path in html, name


def test_page_links_of_long_lists_use_plain_page_numbers() -> None:
    page = Paginator(range(25_000), 20).page(1001)
    html = render_to_string("includes/_pagination.html", {"page": page, "query": "q=Bauhof"})
    assert "seite=1000" in html and "seite=1002" in html
    assert "Seite 1.001 von 1.250" in html  # the text people read keeps the German format


def test_the_partner_search_link_of_an_atlas_entry_uses_plain_ids(
    client: Client, kreis_fulda: Municipality
) -> None:
    Municipality.objects.filter(pk=kreis_fulda.pk).update(id=BIG)
    kreis = Municipality.objects.get(pk=BIG)
    Municipality.objects.filter(pk=BIG).update(district=kreis)
    field = FieldOfAction.objects.create(pk=BIG + 5, name="Friedhofswesen", slug="friedhofswesen")
    town = factories.MunicipalityFactory(district=kreis)
    case = factories.CooperationFactory(lead_municipality=town, field_of_action=field, is_published=True)

    html = client.get(reverse("atlas:detail", args=[case.pk])).content.decode()

    assert f"kreis={BIG}&amp;handlungsfeld={BIG + 5}" in html


def test_the_question_link_of_a_programme_uses_its_plain_id(client: Client, db: None) -> None:
    programme = factories.ProgrammeFactory(pk=BIG, is_active=True)
    html = client.get(reverse("funding:programme-detail", args=[BIG])).content.decode()
    assert f"?programm={BIG}" in html, programme
