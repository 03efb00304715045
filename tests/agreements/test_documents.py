"""The draft agreement read back as its readers get it: the DOCX through python-docx, the
PDF through pypdf and pdfplumber (tagged PDF/UA: checked for every PDF by tests/conftest.py).
Copies land in test-artifacts/ for a look."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from agreements import services
from agreements.drafts import draft_docx, draft_pdf
from agreements.models import AgreementTemplate, CostKey, KeyMethod
from agreements.texts import DISCLAIMER
from cooperations.models import Cooperation, LegalForm, Participation

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def keep(name: str, data: bytes) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(data)


def euro(text: str) -> Decimal:
    return Decimal(text.replace("€", "").replace(".", "").replace(",", ".").strip())


def docx_tables(data: bytes) -> tuple[str, list[list[list[str]]]]:
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return text, tables


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def three_equal(make_case: Callable[..., Cooperation]) -> tuple[Cooperation, CostKey]:
    case = make_case(
        [1000, 2000, 3000],
        title="Gemeinsames Standesamt Hanau-Land",
        legal_form=LegalForm.PUBLIC_AGREEMENT,
        started_on=dt.date(2027, 1, 1),
        planned_duration_years=5,
    )
    Participation.objects.filter(cooperation=case, municipality__ags="06435002").update(
        council_resolution_on=dt.date(2026, 11, 12)
    )
    key = services.cost_key_save(case=case, method=KeyMethod.EQUAL, total=Decimal("100.00"), actor=None)
    return case, key


def test_the_docx_names_the_parties_and_shares_100_euros_exactly(
    three_equal: tuple[Cooperation, CostKey],
) -> None:
    case, key = three_equal
    data = draft_docx(case, key)
    keep("agreement-draft-three.docx", data)
    text, tables = docx_tables(data)
    assert "Öffentlich-rechtliche Vereinbarung über Gemeinsames Standesamt Hanau-Land" in text
    assert DISCLAIMER in text and "keine Rechtsberatung" in text
    assert "beginnt am 01.01.2027 und läuft zunächst 5 Jahre" in text
    parties, costs, resolutions = tables
    assert parties[1:] == [
        ["Hanau-Land 0", "06435001", "federführend"],
        ["Hanau-Land 1", "06435002", "Partner"],
        ["Hanau-Land 2", "06435003", "Partner"],
    ]
    assert costs[0] == ["Kommune", "AGS", "Grundlage", "Anteil in %", "Anteil in € je Jahr"]
    rows = costs[1:-1]
    assert [r[4] for r in rows] == ["33,34 €", "33,33 €", "33,33 €"]
    assert sum(euro(r[4]) for r in rows) == Decimal("100.00")
    assert costs[-1][0] == "Summe" and costs[-1][3:] == ["100,00 %", "100,00 €"]
    assert resolutions[1:] == [
        ["Hanau-Land 0", "06435001", "noch offen"],
        ["Hanau-Land 1", "06435002", "12.11.2026"],
        ["Hanau-Land 2", "06435003", "noch offen"],
    ]
    props = Document(io.BytesIO(data)).core_properties
    assert props.title.startswith("Öffentlich-rechtliche Vereinbarung") and props.language == "de-DE"


def test_the_pdf_says_the_same_tagged_and_titled(three_equal: tuple[Cooperation, CostKey]) -> None:
    case, key = three_equal
    data = draft_pdf(case, key)  # the PDF/UA check runs on every rendered PDF (tests/conftest.py)
    keep("agreement-draft-three.pdf", data)
    text = pdf_text(data)
    for expected in ("Hanau-Land 1", "06435002", "12.11.2026", "Vorlage und keine Rechtsberatung", "Summe"):
        assert expected in text
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    assert (
        reader.metadata.title == "Öffentlich-rechtliche Vereinbarung über Gemeinsames Standesamt Hanau-Land"
    )
    lines = text.splitlines()
    # The cost table's rows as the text layer reads them: name, AGS, basis, %, €.
    assert "Hanau-Land 0 06435001 – 33,34 % 33,34 €" in lines
    assert "Hanau-Land 2 06435003 – 33,33 % 33,33 €" in lines
    assert "Summe 100,00 % 100,00 €" in lines


def test_a_partner_with_0_inhabitants_appears_with_0_euros(make_case: Callable[..., Cooperation]) -> None:
    case = make_case([5000, 0, 5000])
    key = services.cost_key_save(case=case, method=KeyMethod.POPULATION, total=Decimal("1000"), actor=None)
    _, tables = docx_tables(draft_docx(case, key))
    costs = tables[1]
    assert costs[0][2] == "Einwohner"
    assert costs[2][2:] == ["0", "0,00 %", "0,00 €"]
    assert [r[4] for r in costs[1:-1]] == ["500,00 €", "0,00 €", "500,00 €"]
    assert "Stand 31.12.2024" in pdf_text(draft_pdf(case, key))


def test_forty_partners_fill_the_table_and_add_up(make_case: Callable[..., Cooperation]) -> None:
    populations = [800 + (i * 7_919) % 30_000 for i in range(40)]
    case = make_case(populations, legal_form=LegalForm.ZWECKVERBAND, title="Abwasser Main-Kinzig")
    key = services.cost_key_save(
        case=case, method=KeyMethod.POPULATION, total=Decimal("1234567.89"), actor=None
    )
    docx = draft_docx(case, key)
    keep("agreement-draft-forty.docx", docx)
    text, tables = docx_tables(docx)
    assert "Verbandssatzung des Zweckverbandes „Abwasser Main-Kinzig“" in text
    rows = tables[1][1:-1]
    assert len(rows) == 40
    assert sum(euro(r[4]) for r in rows) == Decimal("1234567.89")
    assert tables[1][-1][3:] == ["100,00 %", "1.234.567,89 €"]
    pdf = draft_pdf(case, key)
    keep("agreement-draft-forty.pdf", pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    text = pdf_text(pdf)
    assert "Hanau-Land 39" in text and "1.234.567,89 €" in text


def test_the_texts_the_kikz_edited_are_used_and_unknown_placeholders_stay_visible(
    three_equal: tuple[Cooperation, CostKey],
) -> None:
    case, key = three_equal
    template = AgreementTemplate.objects.get(kind=AgreementTemplate.Kind.PUBLIC_AGREEMENT)
    template.costs_text = "Die {{ gesamtkosten }} tragen die Beteiligten {{ schluessel }}. {{ tippfehler }}"
    services.agreement_template_save(template=template, actor=None)
    text, _ = docx_tables(draft_docx(case, key))
    assert "Die 100,00 € tragen die Beteiligten zu gleichen Teilen. {{ tippfehler }}" in text


def test_another_legal_form_follows_the_public_agreement_and_says_so(
    make_case: Callable[..., Cooperation],
) -> None:
    case = make_case([1, 1], legal_form=LegalForm.OPEN)
    key = services.cost_key_save(case=case, method=KeyMethod.EQUAL, total=Decimal("10"), actor=None)
    text, _ = docx_tables(draft_docx(case, key))
    assert "Dieser Entwurf folgt dem Muster einer öffentlich-rechtlichen Vereinbarung" in text
    assert DISCLAIMER in text


def test_without_stored_texts_the_built_in_ones_are_used(three_equal: tuple[Cooperation, CostKey]) -> None:
    case, key = three_equal
    AgreementTemplate.objects.all().delete()
    text, _ = docx_tables(draft_docx(case, key))
    assert "§ 4 Kosten und Kostenverteilung" in text
