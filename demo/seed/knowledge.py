"""Demo data of the knowledge base (called by demo/seed/events.py): a dozen
published entries of every kind, one of them in a second version, with small real
PDF and DOCX files, written through knowledge.services."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from cooperations.models import FieldOfAction, LegalForm
from funding.models import Programme
from knowledge.models import Entry, Kind
from knowledge.services import entry_new_version, entry_save


def tiny_pdf(title: str) -> bytes:
    """A one-page PDF with the title as text (Helvetica, Latin-1): enough to open and read."""
    text = (
        title.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    )
    stream = b"BT /F1 16 Tf 60 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def tiny_docx(title: str) -> bytes:
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{title}</w:t></w:r></w:p></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", document)
    return out.getvalue()


# (kind, title, summary, fields (slugs), legal forms, file ("pdf", "docx" or ""), for the IKZ programme)
ENTRIES: list[tuple[str, str, str, list[str], list[str], str, bool]] = [
    (
        Kind.GUIDE,
        "Leitfaden Interkommunale Zusammenarbeit",
        "Von der ersten Idee bis zur laufenden Kooperation: Phasen, Beteiligte, Beschlüsse und typische Stolpersteine.",
        [],
        [],
        "pdf",
        True,
    ),
    (
        Kind.GUIDE,
        "Förderantrag IKZ Schritt für Schritt",
        "Was in den Gruppenantrag gehört, welche Unterlagen der Landkreis und das Regierungspräsidium erwarten und wie die Regelzuwendung berechnet wird.",
        [],
        [],
        "pdf",
        True,
    ),
    (
        Kind.MODEL_AGREEMENT,
        "Muster: Öffentlich-rechtliche Vereinbarung",
        "Eine Kommune übernimmt eine Aufgabe für andere: Mustertext mit Kostenausgleich, Laufzeit und Kündigung.",
        ["allgemeine-verwaltung"],
        [LegalForm.PUBLIC_AGREEMENT],
        "docx",
        False,
    ),
    (
        Kind.MODEL_AGREEMENT,
        "Muster: Verbandssatzung eines Zweckverbands",
        "Satzung mit Verbandsversammlung, Umlage und Austritt – zum Anpassen an die eigene Aufgabe.",
        ["ver-und-entsorgung"],
        [LegalForm.ZWECKVERBAND],
        "docx",
        False,
    ),
    (
        Kind.MODEL_AGREEMENT,
        "Muster: Gesellschaftsvertrag einer kommunalen GmbH",
        "Gesellschaftsvertrag für eine gemeinsame Gesellschaft mehrerer Kommunen mit den Vorgaben des Gemeindewirtschaftsrechts.",
        ["it-egovernment"],
        [LegalForm.GMBH],
        "docx",
        False,
    ),
    (
        Kind.MODEL_AGREEMENT,
        "Muster: Vereinbarung über einen Gemeindeverwaltungsverband",
        "Gemeinsame Verwaltung mehrerer Gemeinden: Aufgaben, Sitz, Personal und Finanzierung.",
        ["allgemeine-verwaltung"],
        [LegalForm.GVV],
        "docx",
        False,
    ),
    (
        Kind.CHECKLIST,
        "Checkliste Interkommunale Zusammenarbeit (ausführlich)",
        "Die ausführliche Fassung der sieben Fragen des Selbstchecks mit Hinweisen zu jedem Punkt.",
        [],
        [],
        "pdf",
        False,
    ),
    (
        Kind.CHECKLIST,
        "Checkliste Gremienbeschluss",
        "Was der Beschluss der Gemeindevertretung für den Förderantrag enthalten muss.",
        [],
        [LegalForm.PUBLIC_AGREEMENT, LegalForm.ZWECKVERBAND],
        "pdf",
        True,
    ),
    (
        Kind.BROCHURE,
        "Gemeinsam stark: Interkommunale Zusammenarbeit in Hessen",
        "Beispiele, Zahlen und Ansprechpartner – die Broschüre für Gemeindevertretungen und Bürgerversammlungen.",
        [],
        [],
        "pdf",
        False,
    ),
    (
        Kind.FAQ,
        "Häufige Fragen zur IKZ-Förderung",
        "Wer kann Förderung beantragen, wie viel gibt es, und was passiert, wenn keine Kooperation zustande kommt?",
        [],
        [],
        "",
        True,
    ),
    (
        Kind.PRACTICE,
        "Praxisbeispiel: Gemeinsamer Bauhof an der Fulda",
        "Drei Gemeinden teilen Fahrzeuge, Werkstatt und Winterdienst – und sparen 18 % der Kosten.",
        ["bauhof"],
        [LegalForm.PUBLIC_AGREEMENT],
        "",
        False,
    ),
    (
        Kind.PRACTICE,
        "Praxisbeispiel: Ein Standesamt für vier Gemeinden",
        "Wie ein gemeinsames Standesamt Öffnungszeiten verlängert und Vertretungen sichert.",
        ["allgemeine-verwaltung"],
        [LegalForm.PUBLIC_AGREEMENT],
        "",
        False,
    ),
]

FAQ_TEXT = (
    "Wer kann einen Antrag stellen?\nMindestens drei kooperierende Kommunen gemeinsam (Gruppenantrag); "
    "in begründeten Ausnahmen auch zwei.\n\nWie hoch ist die Förderung?\nDie Regelzuwendung beträgt "
    "75.000 € für drei und 100.000 € für mehr als drei Kommunen.\n\nWas gilt für Machbarkeitsstudien?\n"
    "Sie werden zurückgefordert, wenn keine Kooperation folgt."
)


def seed_knowledge(*, today: dt.date, actor: Any) -> int:
    fields = {f.slug: f for f in FieldOfAction.objects.all()}
    ikz = list(Programme.objects.filter(is_ikz=True)[:1])
    for kind, title, summary, field_slugs, legal_forms, file_kind, for_ikz in ENTRIES:
        entry = Entry(
            kind=kind,
            title=title,
            summary=summary,
            legal_forms=[str(lf) for lf in legal_forms],
            land="06",
            version="1.0",
            valid_from=dt.date(today.year - 2, 1, 1),
            is_published=True,
        )
        upload = None
        slug = "".join(c if c.isalnum() else "-" for c in title.lower())[:50].strip("-")
        if file_kind == "pdf":
            upload = SimpleUploadedFile(f"{slug}.pdf", tiny_pdf(title))
        elif file_kind == "docx":
            upload = SimpleUploadedFile(f"{slug}.docx", tiny_docx(title))
        else:
            entry.body = FAQ_TEXT if kind == Kind.FAQ else summary
        saved = entry_save(
            entry=entry,
            actor=actor,
            upload=upload,
            fields_of_action=[fields[s] for s in field_slugs if s in fields],
            programmes=ikz if for_ikz else [],
        )
        if title.startswith("Leitfaden Interkommunale"):
            # The guide was revised: the old version stays reachable, marked as replaced.
            entry_new_version(
                entry=saved,
                actor=actor,
                version="2.0",
                valid_from=dt.date(today.year, 1, 1),
                upload=SimpleUploadedFile(f"{slug}-2.pdf", tiny_pdf(title + " (2. Fassung)")),
            )
    return Entry.objects.count()
