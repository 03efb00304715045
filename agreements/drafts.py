"""The draft agreement (öffentlich-rechtliche Vereinbarung or Zweckverbandssatzung) of a
case and its newest key: one content (`draft_for`), written as an editable DOCX with
python-docx and as a tagged PDF with WeasyPrint (core.pdf)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from backoffice.money import euro_text
from cooperations.models import Cooperation
from core.land import land_name
from core.pdf import css_string, render_pdf

from .keys import de_number
from .models import AgreementTemplate, CostKey, KeyMethod
from .selectors import key_participations, template_for
from .tables import KeyTable, table_of_key
from .texts import DISCLAIMER

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
PLACEHOLDERS = (
    "vorhaben",
    "aktenzeichen",
    "aufgabe",
    "federfuehrend",
    "handlungsfeld",
    "beginn",
    "laufzeit",
    "gesamtkosten",
    "schluessel",
    "stand",
    "beteiligte",
)
DEFAULT_YEARS = 5
OPEN_DATE = "[Datum eintragen]"
OTHER_FORM_NOTE = (
    "Die Rechtsform des Vorhabens ist „{form}“. Dieser Entwurf folgt dem Muster einer "
    "öffentlich-rechtlichen Vereinbarung."
)
RESOLUTION_OPEN = "noch offen"


@dataclass(frozen=True)
class Party:
    name: str
    ags: str
    role: str
    resolution: str  # the date of the council resolution, or „noch offen“


@dataclass
class Section:
    heading: str
    paragraphs: list[str]
    with_table: bool = False


@dataclass
class Draft:
    title: str
    kind: str
    reference: str
    notes: list[str]
    preamble: list[str]
    parties: list[Party]
    sections: list[Section]
    table: KeyTable
    key_line: str
    resolutions_text: str
    filename_stem: str
    generated: str = field(default="")


def key_phrase(key: CostKey) -> str:
    """How the partners share, as the clause reads („… tragen die Beteiligten …“)."""
    match key.method:
        case KeyMethod.POPULATION:
            return "im Verhältnis ihrer Einwohnerzahlen"
        case KeyMethod.EQUAL:
            return "zu gleichen Teilen"
        case KeyMethod.MIXED:
            pct = de_number(key.base_share_pct or Decimal(0))
            return f"zu {pct} % zu gleichen Teilen (Sockelbetrag) und im Übrigen im Verhältnis ihrer Einwohnerzahlen"
        case KeyMethod.USAGE:
            unit = f" ({key.unit_label})" if key.unit_label else ""
            return f"im Verhältnis der vereinbarten Nutzungseinheiten{unit}"
        case _:
            return "nach den vereinbarten Prozentsätzen"


def fill(text: str, values: dict[str, str]) -> str:
    """Only the known placeholders are replaced; anything else stays as typed, so a
    typo shows in the draft instead of vanishing."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def paragraphs(text: str, values: dict[str, str]) -> list[str]:
    return [p.strip() for p in fill(text, values).splitlines() if p.strip()]


def draft_for(case: Cooperation, key: CostKey) -> Draft:
    template: AgreementTemplate = template_for(case)
    participations = list(key_participations(case))
    years = case.planned_duration_years or DEFAULT_YEARS
    values = {
        "vorhaben": case.title,
        "aktenzeichen": case.reference,
        "aufgabe": (case.description or case.title).strip(),
        "federfuehrend": case.lead_municipality.display_name,
        "handlungsfeld": case.field_of_action.name,
        "beginn": f"{case.started_on:%d.%m.%Y}" if case.started_on else OPEN_DATE,
        "laufzeit": f"{years} Jahr" if years == 1 else f"{years} Jahre",
        "gesamtkosten": euro_text(key.total),
        "schluessel": key_phrase(key),
        "stand": (
            f"Maßgeblich sind die Einwohnerzahlen des Gemeindeverzeichnisses mit Stand {key.population_date:%d.%m.%Y}."
            if key.uses_population and key.population_date
            else ""
        ),
        "beteiligte": ", ".join(p.municipality.display_name for p in participations),
    }
    notes = [DISCLAIMER]
    if case.legal_form not in ("oer_vereinbarung", "zweckverband"):
        notes.append(OTHER_FORM_NOTE.format(form=case.get_legal_form_display()))
    sections = [
        Section(fill(template.subject_heading, values), paragraphs(template.subject_text, values)),
        Section(fill(template.duration_heading, values), paragraphs(template.duration_text, values)),
        Section(fill(template.termination_heading, values), paragraphs(template.termination_text, values)),
        Section(
            fill(template.costs_heading, values), paragraphs(template.costs_text, values), with_table=True
        ),
        Section(fill(template.final_heading, values), paragraphs(template.final_text, values)),
    ]
    by = key.created_by.get_full_name() or key.created_by.email if key.created_by else ""
    when = timezone.localtime(key.created_at)
    return Draft(
        title=fill(template.title, values),
        kind=str(template.get_kind_display()),
        reference=case.reference,
        notes=notes,
        preamble=paragraphs(template.preamble, values),
        parties=[
            Party(
                name=p.municipality.display_name,
                ags=p.municipality.ags,
                role=str(p.get_role_display()),
                resolution=f"{p.council_resolution_on:%d.%m.%Y}"
                if p.council_resolution_on
                else RESOLUTION_OPEN,
            )
            for p in participations
        ],
        sections=sections,
        table=table_of_key(key),
        key_line=(
            f"Kostenverteilungsschlüssel Version {key.version} ({key.get_method_display()}), "
            f"berechnet am {when:%d.%m.%Y}{' von ' + by if by else ''}"
        ),
        resolutions_text=fill(template.resolutions_text, values),
        filename_stem=f"Vereinbarungsentwurf-{slugify(case.reference) or case.pk}",
        generated=f"{timezone.localtime():%d.%m.%Y}",
    )


# --- PDF -----------------------------------------------------------------------------


def draft_pdf(case: Cooperation, key: CostKey) -> bytes:
    draft = draft_for(case, key)
    return render_pdf(
        "pdf/agreement_draft.html",
        {
            "draft": draft,
            "land_name": land_name(),
            "page_header": css_string(f"{draft.kind} – Entwurf – {draft.reference}"),
            "page_footer": css_string(f"Entwurf vom {draft.generated} · Vorlage, keine Rechtsberatung"),
        },
    )


# --- DOCX ----------------------------------------------------------------------------


def _german(document: object) -> None:
    """Spell checking and screen readers in German: w:lang on the Normal style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = document.styles["Normal"].element.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "de-DE")
    rpr.append(lang)


def _repeat_header(row: object) -> None:
    """The header row repeats on every page of a long table (40 partners)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _table(document: object, headings: list[str], rows: list[list[str]], numeric: set[int]) -> object:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=1, cols=len(headings))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for i, text in enumerate(headings):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        if i in numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for i, text in enumerate(values):
            cells[i].text = text
            if i in numeric:
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def draft_docx(case: Cooperation, key: CostKey) -> bytes:
    from docx import Document

    draft = draft_for(case, key)
    document = Document()
    _german(document)
    props = document.core_properties
    props.title = draft.title
    props.subject = draft.kind
    props.author = f"Kompetenzzentrum für Interkommunale Zusammenarbeit, {land_name()}"
    props.language = "de-DE"
    props.comments = DISCLAIMER
    document.add_heading(draft.title, level=0)
    document.add_paragraph(f"{draft.kind} – Entwurf zum Vorgang {draft.reference}, Stand {draft.generated}")
    for note in draft.notes:
        document.add_paragraph().add_run(note).bold = True
    for text in draft.preamble:
        document.add_paragraph(text)
    document.add_heading("Beteiligte", level=1)
    _table(document, ["Kommune", "AGS", "Rolle"], [[p.name, p.ags, p.role] for p in draft.parties], set())
    for section in draft.sections:
        document.add_heading(section.heading, level=1)
        for text in section.paragraphs:
            document.add_paragraph(text)
        if section.with_table:
            _table(
                document,
                ["Kommune", "AGS", draft.table.basis_heading, "Anteil in %", "Anteil in € je Jahr"],
                [[r.name, r.ags, r.basis, r.percent, r.amount] for r in draft.table.rows]
                + [["Summe", "", "", draft.table.total_percent, draft.table.total_amount]],
                {2, 3, 4},
            )
            document.add_paragraph(draft.key_line)
    document.add_heading("Gremienbeschlüsse", level=1)
    if draft.resolutions_text:
        document.add_paragraph(draft.resolutions_text)
    _table(
        document,
        ["Kommune", "AGS", "Beschluss der Vertretungskörperschaft vom"],
        [[p.name, p.ags, p.resolution] for p in draft.parties],
        set(),
    )
    document.add_heading("Unterschriften", level=1)
    for party in draft.parties:
        document.add_paragraph(f"{party.name}, den ____________________")
        document.add_paragraph(
            "______________________________ (Bürgermeisterin / Bürgermeister bzw. Landrätin / Landrat)"
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
