"""`manage.py seed_demo` (demo/seed/): the demo picture of `make run`, the whole Land.

The seed runs twice per module (same seed, rolled back in between) inside one
outer transaction that is rolled back at the end, so no other test sees the data.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import User
from budget_advice.models import Consultation
from contacts.models import Membership, Municipality, SizeClass
from cooperations.models import CaseEvent, Cooperation, Participation, Status
from cooperations.services import allowed_transitions
from demo.management.commands.seed_demo import ALREADY_SEEDED
from demo.seed.amounts import ROUND_OLD_GRANTS, TARGET_APPROVED
from demo.seed.base import DEMO_LOGINS, DEMO_PASSWORD
from demo.seed.budget import BUDGET_CUTOFF, BUDGET_FIRST_BY_CLASS, BUDGET_SECOND, BUDGET_THIRD
from demo.seed.plans import FUNDED_CASES
from demo.seed.register import BUILT_IN
from demo.texts import FEMALE_FIRST_NAMES
from funding.models import FunderQuestion, Grant, Programme

SEED = "7"


def snapshot() -> dict[str, Any]:
    """What a user would compare between two runs: references, titles, money, dates."""
    return {
        "cases": list(
            Cooperation.objects.order_by("reference").values_list(
                "reference", "title", "status", "lead_municipality__ags", "submitted_at"
            )
        ),
        "grants": list(
            Grant.objects.order_by("file_number", "cooperation__reference").values_list(
                "cooperation__reference", "file_number", "status", "approved_amount", "decision_date"
            )
        ),
        "approved": Grant.objects.approved().aggregate(total=Sum("approved_amount"))["total"],
        "paid": Grant.objects.aggregate(total=Sum("disbursements__amount"))["total"],
        "consultations": list(
            Consultation.objects.order_by("date", "municipality__ags").values_list(
                "municipality__ags", "date", "status", "size_class"
            )
        ),
    }


def test_an_imported_register_is_used_instead_of_the_built_in_list(db: None) -> None:
    # Runs before the module's seeded data exists (tests run in file order).
    assert not Cooperation.objects.exists()
    kreise = []
    for ags, name in (("06633000", "Landkreis Kassel"), ("06631000", "Landkreis Fulda")):
        kreis = Municipality.objects.create(ags=ags, name=name, kind="landkreis", regierungsbezirk="Kassel")
        kreis.district = kreis
        kreis.save()
        kreise.append(kreis)
    kassel = Municipality.objects.create(
        ags="06611000", name="Kassel", kind="kreisfreie_stadt", regierungsbezirk="Kassel", population=197_230
    )
    kassel.district = kassel
    kassel.save()
    sizes = [1_900, 3_400, 4_800, 6_100, 8_700, 12_500, 16_000, 24_000, 31_000, 65_000]
    for kreis in kreise:
        for i, population in enumerate(sizes, start=1):
            Municipality.objects.create(
                ags=f"{kreis.ags[:5]}{i + 8:03d}",
                name=f"Register-Gemeinde {kreis.ags[3:5]}-{i}",
                kind="stadt" if population >= 10_000 else "gemeinde",
                district=kreis,
                regierungsbezirk="Kassel",
                population=population,
            )
    register = set(Municipality.objects.values_list("pk", flat=True))

    out = io.StringIO()
    call_command("seed_demo", "--seed", SEED, stdout=out)

    assert "aus dem importierten Gemeindeverzeichnis" in out.getvalue()
    assert set(Municipality.objects.values_list("pk", flat=True)) == register
    assert Cooperation.objects.funded().count() == FUNDED_CASES
    assert (
        Participation.objects.filter(municipality__ags__startswith="066").count()
        == Participation.objects.count()
    )
    fulda_user = User.objects.get(email=DEMO_LOGINS[1].email)
    assert Membership.objects.get(user=fulda_user).municipality.ags == "06631009"
    assert not Cooperation.objects.annotate(n=Count("participations")).filter(n__lt=2).exists()


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            first_run = transaction.savepoint_create()
            call_command("seed_demo", "--seed", SEED, stdout=io.StringIO())
            first = snapshot()
            transaction.savepoint_rollback(first_run)
            out = io.StringIO()
            call_command("seed_demo", "--seed", SEED, stdout=out)
            yield {"first": first, "second": snapshot(), "output": out.getvalue()}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(seeded: dict[str, Any], db: None) -> dict[str, Any]:
    return seeded


def test_the_same_seed_gives_the_same_references_amounts_and_dates(demo: dict[str, Any]) -> None:
    assert demo["first"]["cases"], "the seed created no cases"
    assert demo["first"] == demo["second"]


def test_references_are_numbered_per_year_in_the_order_the_inquiries_came_in(demo: dict[str, Any]) -> None:
    cases = list(Cooperation.objects.values_list("reference", "submitted_at"))
    by_year: dict[int, list[tuple[int, dt.date]]] = {}
    for reference, submitted in cases:
        _, year_text, number = reference.split("-")
        day = timezone.localtime(submitted).date()
        assert int(year_text) == day.year
        by_year.setdefault(day.year, []).append((int(number), day))
    for year, rows in by_year.items():
        rows.sort()
        assert [n for n, _ in rows] == list(range(1, len(rows) + 1)), year
        assert [d for _, d in rows] == sorted(d for _, d in rows), year


def test_there_are_exactly_the_planned_356_funded_cooperations_since_2008(demo: dict[str, Any]) -> None:
    funded = Cooperation.objects.funded()
    assert funded.count() == FUNDED_CASES == 356
    first_decision = Grant.objects.approved().order_by("decision_date").first()
    assert first_decision is not None and first_decision.decision_date.year == 2008


def test_approved_funding_adds_up_to_25_million_give_or_take_the_rounding(demo: dict[str, Any]) -> None:
    # Grants under the 2021 guideline have their rule amount; the older ones are
    # scaled to hit 25,000,000 € and each rounded to 500 €, so the total is off by
    # at most 250 € per older grant.
    approved = Grant.objects.approved()
    total = approved.aggregate(total=Sum("approved_amount"))["total"]
    older = approved.filter(guideline__isnull=True).exclude(cooperation__legal_form="fusion").count()
    assert older > 200
    assert abs(total - TARGET_APPROVED) <= ROUND_OLD_GRANTS / 2 * older
    assert Decimal("24900000") < total < Decimal("25100000")


def test_grants_from_2022_follow_the_hessian_guideline_amounts(demo: dict[str, Any]) -> None:
    recent = (
        Grant.objects.approved()
        .filter(decision_date__year__gte=2022)
        .select_related("guideline", "cooperation")
    )
    assert recent.count() > 50
    amounts = set()
    for grant in recent.annotate(partners=Count("cooperation__participations")):
        assert grant.guideline is not None and grant.guideline.land == "06"
        assert grant.approved_amount == grant.applied_amount
        if grant.cooperation.legal_form not in ("gvv",) and "Feuerwehren" not in grant.cooperation.title:
            expected = {2: Decimal("50000"), 3: Decimal("75000")}.get(grant.partners, Decimal("100000"))
            assert grant.approved_amount == expected, grant.cooperation.reference
            amounts.add(grant.approved_amount)
        if grant.partners == 2:
            assert grant.exception_reason
    assert amounts == {Decimal("50000"), Decimal("75000"), Decimal("100000")}


def test_every_cooperation_has_two_to_eight_partners_and_one_lead(demo: dict[str, Any]) -> None:
    counts = Cooperation.objects.annotate(
        n=Count("participations"),
        leads=Count("participations", filter=Q(participations__role=Participation.Role.LEAD)),
    ).values_list("n", "leads")
    assert counts
    assert all(2 <= n <= 8 and leads == 1 for n, leads in counts)
    assert not Cooperation.objects.exclude(
        participations__role=Participation.Role.LEAD, participations__municipality=F("lead_municipality")
    ).exists()
    # About 1,700 participations counted with repetition (DESIGN.md).
    assert 1500 <= Participation.objects.count() <= 2300


def test_no_grant_is_paid_out_above_its_approved_amount(demo: dict[str, Any]) -> None:
    grants = Grant.objects.annotate(paid=Sum("disbursements__amount"))
    assert grants.filter(paid__isnull=False).count() > 300
    assert not grants.filter(paid__gt=F("approved_amount")).exists()
    assert not grants.filter(paid__isnull=False, approved_amount__isnull=True).exists()
    assert grants.filter(status=Grant.Status.CLOSED, paid=F("approved_amount")).count() > 200


def test_each_case_status_is_where_its_recorded_path_through_the_workflow_ended(demo: dict[str, Any]) -> None:
    statuses = Counter(Cooperation.objects.values_list("status", flat=True))
    assert statuses[Status.RECEIVED] > 0 and statuses[Status.IN_CONSULTATION] > 0
    assert statuses[Status.CLOSED] > 200 and statuses[Status.REJECTED] > 0 and statuses[Status.DORMANT] > 0
    for case in Cooperation.objects.prefetch_related("events"):
        events = list(case.events.all())
        assert events[0].kind == CaseEvent.Kind.CREATED
        state = Status.RECEIVED.value
        for event in events:
            if event.kind == CaseEvent.Kind.STATUS:
                assert event.old_status == state, case.reference
                state = event.new_status
        assert state == case.status, case.reference
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
    dormant = Cooperation.objects.filter(status=Status.DORMANT).first()
    assert dormant is not None and len(allowed_transitions(dormant)) == 1


def test_budget_consultations_until_2020_match_the_published_figures(demo: dict[str, Any]) -> None:
    held = Consultation.objects.held().filter(date__lte=BUDGET_CUTOFF)
    assert held.count() == 199
    first_class: dict[int, str] = {}
    for municipality_id, size_class in held.order_by("date", "pk").values_list(
        "municipality_id", "size_class"
    ):
        first_class.setdefault(municipality_id, size_class)
    assert Counter(first_class.values()) == {str(k): v for k, v in BUDGET_FIRST_BY_CLASS.items()}
    numbers = Counter(c.number for c in held.with_number())
    assert numbers == {1: 153, 2: BUDGET_SECOND, 3: BUDGET_THIRD}


def test_consultations_cover_every_size_class_and_keep_a_population_snapshot(demo: dict[str, Any]) -> None:
    consultations = Consultation.objects.all()
    assert 200 <= consultations.count() <= 240
    assert set(consultations.values_list("size_class", flat=True)) == {c.value for c in SizeClass}
    assert not consultations.exclude(municipality__kind="landkreis").filter(population__isnull=True).exists()
    assert consultations.filter(status=Consultation.Status.REQUESTED).exists()
    done = consultations.filter(status=Consultation.Status.DONE).annotate(n=Count("recommendations"))
    assert all(c.n >= 2 for c in done)
    assert not done.filter(meetings__isnull=True).exists()


def test_municipalities_are_the_whole_official_register_with_its_history(demo: dict[str, Any]) -> None:
    assert BUILT_IN in demo["output"]
    current = Municipality.objects.filter(valid_until__isnull=True)
    # GV100AD 30.11.2025: 421 Gemeinden (5 kreisfreie Städte), 21 Landkreise, 4 gemeindefreie Gebiete.
    assert current.filter(kind="landkreis").count() == 21
    assert current.filter(kind="kreisfreie_stadt").count() == 5
    assert current.filter(kind__in=["gemeinde", "stadt", "kreisfreie_stadt"]).count() == 421
    assert current.filter(kind="gemeindefrei").count() == 4
    frankfurt = Municipality.objects.get(ags="06412000")
    assert frankfurt.district_id == frankfurt.pk and frankfurt.size_class == SizeClass.GROSSSTADT
    assert frankfurt.population == 756_021
    # Three real population editions (2018, 2021, 2025) give the demography view its trend.
    assert frankfurt.population_records.count() == 3  # type: ignore[attr-defined]
    wesertal = Municipality.objects.get(ags="06633030")
    assert wesertal.valid_from == dt.date(2020, 1, 1)
    olds = Municipality.objects.filter(ags__in=["06633021", "06633027"])
    assert {m.valid_until for m in olds} == {dt.date(2019, 12, 31)}
    assert {m.successor_id for m in olds} == {wesertal.pk}
    assert Municipality.objects.get(ags="06635005").valid_until is not None  # Bromskirchen
    # The merger was prepared as a funded case that still points at the old Gemeinden.
    merger_case = Cooperation.objects.funded().get(legal_form="fusion")
    assert set(merger_case.partners.values_list("ags", flat=True)) == {"06633021", "06633027"}
    # Nobody cooperates as Oberweser after 2019 or as Wesertal before 2020.
    assert not Participation.objects.filter(
        municipality__in=olds, cooperation__submitted_at__date__gt=dt.date(2019, 12, 31)
    ).exists()
    assert not Participation.objects.filter(
        municipality=wesertal, cooperation__submitted_at__date__lt=dt.date(2020, 1, 1)
    ).exists()


# The published figures (DESIGN.md) and how far the demo may stray from them: the funded
# cases and the money are planned exactly; who takes part is drawn, so ±5 %.
PUBLISHED = {"cooperations": 350, "municipalities": 380, "participations": 1700, "approved": 25_000_000}
TOLERANCE = Decimal("0.05")


def near(value: int | Decimal, target: int) -> bool:
    return abs(Decimal(value) - target) <= TOLERANCE * target


def test_the_headline_figures_read_like_the_published_ones(demo: dict[str, Any]) -> None:
    from reports.statistics.figures import annual_statistics

    s = annual_statistics(timezone.localdate().year)
    assert s.first_year == 2008
    assert near(s.cooperations_total, PUBLISHED["cooperations"]), s.cooperations_total
    assert near(s.municipalities_total, PUBLISHED["municipalities"]), s.municipalities_total
    assert near(s.participations_total, PUBLISHED["participations"]), s.participations_total
    assert near(s.approved_total, PUBLISHED["approved"]), s.approved_total
    advice = annual_statistics(2020)
    assert advice.consultations_total == 199
    assert advice.by_size_class == {str(k): v for k, v in BUDGET_FIRST_BY_CLASS.items()}


def test_the_statistics_dashboard_shows_the_headline_figures(demo: dict[str, Any]) -> None:
    from reports.statistics.figures import annual_statistics
    from reports.statistics.formats import fmt_int

    s = annual_statistics(timezone.localdate().year)
    client = Client()
    client.force_login(User.objects.get(email="ministerium@demo.example"))
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert f"{s.cooperations_total} kommunale Kooperationen mit {s.municipalities_total} Kommunen" in page
    assert f"{fmt_int(s.participations_total)} Beteiligungen" in page
    assert "insgesamt 25,0 Mio. €" in page
    page_2020 = client.get(reverse("reports:dashboard") + "?jahr=2020").content.decode()
    assert "199 Beratungsgespräche" in page_2020
    assert "39 Gemeinden, 90 Kleinstädte, 22 Mittelstädte, 1 Großstadt, 1 Landkreis" in page_2020


def test_programmes_questions_organisations_and_public_contacts_are_there(demo: dict[str, Any]) -> None:
    levels = Counter(Programme.objects.values_list("funder_level", flat=True))
    assert sum(levels.values()) >= 30 and all(levels[level] >= 5 for level in ("land", "bund", "eu"))
    assert Programme.objects.filter(is_ikz=True).count() == 1
    assert not Programme.objects.filter(eligible__isnull=True).exists()
    questions = FunderQuestion.objects.all()
    assert questions.count() == 40
    assert set(questions.values_list("asker_kind", flat=True)) == {k.value for k in FunderQuestion.AskerKind}
    assert questions.filter(referred_programmes__isnull=False).exists()
    from contacts.models import Organisation, Person

    names = set(Organisation.objects.values_list("name", flat=True))
    assert {"Hessischer Städte- und Gemeindebund", "Hessischer Städtetag", "Hessischer Landkreistag"} <= names
    assert {
        "Regierungspräsidium Darmstadt",
        "Regierungspräsidium Gießen",
        "Regierungspräsidium Kassel",
    } <= names
    assert Person.objects.public().filter(organisation__short_name="KIKZ").count() >= 3
    assert Cooperation.objects.published().count() > 100
    assert Cooperation.objects.filter(status=Status.RECEIVED, adviser__isnull=True).exists()


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=[d.key for d in DEMO_LOGINS])
def test_every_demo_login_works_through_the_portal_login(demo: dict[str, Any], login: Any) -> None:
    client = Client()
    assert client.login(email=login.email, password=DEMO_PASSWORD)
    client.logout()
    # allauth with mandatory e-mail verification: the address must already be verified.
    response = client.post(reverse("account_login"), {"login": login.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "bestaetigen" not in response["Location"] and "confirm" not in response["Location"]
    assert int(client.session["_auth_user_id"]) == User.objects.get(email=login.email).pk


def test_each_role_has_its_rights(demo: dict[str, Any]) -> None:
    users = {d.key: User.objects.get(email=d.email) for d in DEMO_LOGINS}
    kassel, fulda = users["kassel"], users["fulda"]
    assert Membership.objects.confirmed().get(user=kassel).municipality.ags == "06611000"
    assert Membership.objects.confirmed().get(user=fulda).municipality.ags == "06631009"
    assert not Membership.objects.confirmed().filter(user=users["new"]).exists()
    assert Membership.objects.filter(user=users["new"], status=Membership.Status.REQUESTED).exists()
    assert users["kikz"].is_staff and users["kikz"].groups.filter(name=roles.KIKZ).exists()
    assert users["budget"].is_staff and users["budget"].groups.filter(name=roles.BUDGET).exists()
    assert users["ministry"].groups.filter(name=roles.MINISTRY).exists() and not users["ministry"].is_staff
    assert users["admin"].is_superuser
    # The municipal demo users have open and funded cases of their own, and only those.
    for user in (kassel, fulda):
        mine = Cooperation.objects.visible_to(user)
        assert mine.open().exists() and mine.funded().exists()
        assert mine.count() < Cooperation.objects.count() / 5
    assert not Cooperation.objects.visible_to(users["new"]).exists()


def test_the_command_prints_every_login_with_the_password(demo: dict[str, Any]) -> None:
    output = demo["output"]
    assert DEMO_PASSWORD in output
    assert all(d.email in output for d in DEMO_LOGINS)
    assert "356" in output


def test_if_empty_does_nothing_when_data_is_there_and_a_plain_second_run_refuses(
    demo: dict[str, Any],
) -> None:
    before = (Cooperation.objects.count(), Grant.objects.count(), User.objects.count())
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "nichts zu tun" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()  # `make run` shows the logins on every start
    assert (Cooperation.objects.count(), Grant.objects.count(), User.objects.count()) == before
    with pytest.raises(CommandError, match=ALREADY_SEEDED[:40]):
        call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_municipalities_have_real_pdf_documents_in_their_cases(demo: dict[str, Any]) -> None:
    from cooperations.models import Document

    kassel = User.objects.get(email=DEMO_LOGINS[0].email)
    documents = Document.objects.filter(cooperation__in=Cooperation.objects.visible_to(kassel))
    assert documents.filter(kind=Document.Kind.RESOLUTION).exists()
    for document in documents:
        with document.file.open("rb") as f:
            content = f.read()
        assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
        assert document.size == len(content)
    resolution = documents.filter(kind=Document.Kind.RESOLUTION).first()
    assert resolution is not None
    part = Participation.objects.get(council_resolution=resolution)
    assert part.role == Participation.Role.LEAD and part.council_resolution_on is not None


def test_demo_rows_start_their_change_history(demo: dict[str, Any]) -> None:
    """The back office's "Änderungshistorie" of a demo case, grant or municipality is not empty."""
    for model in (Cooperation, Grant):
        rows = model.objects.count()
        first_entries = model.history.filter(history_type="+", history_change_reason="Demodaten angelegt")  # type: ignore[attr-defined]
        assert first_entries.values("id").distinct().count() == rows, model.__name__
    # The Kommunen come from the register import, whose history names the edition.
    first_entries = Municipality.history.filter(
        history_type="+", history_change_reason__startswith="Gemeindeverzeichnis"
    )  # type: ignore[attr-defined]
    assert first_entries.values("id").distinct().count() == Municipality.objects.count()
    case = Cooperation.objects.order_by("pk").first()
    assert case is not None
    assert case.history.earliest("history_date").history_date == case.created_at  # type: ignore[attr-defined]


def test_the_planner_knows_the_row_counts_of_the_tables_the_seed_filled(demo: dict[str, Any]) -> None:
    # The seed runs in one transaction, whose rows autovacuum cannot count; without the
    # seed's own ANALYZE the planner took the new tables for empty and joined them row by
    # row – the later steps took seconds, and a module seeding after another one's
    # rolled-back seed ran its requests five times slower (tests/opendata/test_demo_data.py).
    from django.db import connection

    models = (Municipality, Cooperation, Participation, Consultation)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
            [[m._meta.db_table for m in models]],
        )
        known = {name: int(rows) for name, rows in cursor.fetchall()}
    assert known == {m._meta.db_table: m.objects.count() for m in models}


def test_the_readme_names_the_municipality_the_new_demo_user_waits_for(demo: dict[str, Any]) -> None:
    from pathlib import Path

    membership = Membership.objects.select_related("municipality").get(user__email="neu@demo.example")
    assert membership.status == Membership.Status.REQUESTED
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `neu@demo.example`"))
    assert f"Zuordnung zu {membership.municipality.display_name} noch nicht bestätigt" in row


def test_job_titles_fit_the_person(demo: dict[str, Any]) -> None:
    from contacts.models import Person

    people = list(Person.objects.filter(municipality__isnull=False).values_list("first_name", "function"))
    assert people
    for first, function in people:
        if first in FEMALE_FIRST_NAMES:
            assert function not in ("Bürgermeister", "Kämmerer"), (first, function)
        else:
            assert function not in ("Bürgermeisterin", "Kämmerin"), (first, function)


def test_kassel_has_payment_requests_in_every_state_and_a_proof_of_use_is_overdue(
    demo: dict[str, Any],
) -> None:
    from funding.models import ClaimStatus, PaymentRequest

    kassel = User.objects.get(email=DEMO_LOGINS[0].email)
    own = PaymentRequest.objects.filter(submitted_by=kassel)
    assert {r.status for r in own} == {ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.RETURNED}
    assert own.filter(status=ClaimStatus.SUBMITTED).count() == 2
    assert all(r.documents.exists() for r in own)
    assert own.get(status=ClaimStatus.APPROVED).disbursement is not None
    assert Grant.objects.filter(
        status__in=[Grant.Status.APPROVED, Grant.Status.PAID],
        proof_of_use_due__lt=timezone.localdate(),
        proof_of_use_received_on__isnull=True,
    ).exists()
