"""The reference lists of the data migrations survive a flush (what
``manage.py flush`` and every transactional test do)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cooperations.models import FieldOfAction
from funding.models import Eligibility, FundingArea, FundingGuideline


@pytest.mark.django_db(transaction=True)
def test_the_reference_lists_come_back_after_a_flush() -> None:
    call_command("flush", interactive=False, verbosity=0)

    assert FieldOfAction.objects.get(slug="bauhof").name == "Bauhof"
    assert FieldOfAction.objects.count() == 12
    assert Eligibility.objects.filter(slug="kommune").exists()
    assert FundingArea.objects.filter(slug="interkommunale-zusammenarbeit").exists()
    assert FundingGuideline.objects.filter(land="06").exists()


@pytest.mark.django_db(transaction=True)
def test_lists_an_adviser_edited_are_left_alone() -> None:
    FieldOfAction.objects.filter(slug="bauhof").update(name="Bauhof und Grünflächen")
    call_command("migrate", verbosity=0)

    assert FieldOfAction.objects.get(slug="bauhof").name == "Bauhof und Grünflächen"
