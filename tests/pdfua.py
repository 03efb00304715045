"""A machine check of the PDF/UA-1 subset the portal's PDFs must meet, on the structure
tree (veraPDF is not installable here). Matterhorn Protocol 1.1 checkpoints:

- 01-005/06-001…003: tagged (MarkInfo /Marked true), XMP with pdfuaid:part 1 and a dc:title,
  the title shown (ViewerPreferences /DisplayDocTitle), the document language (/Lang);
- 09-004 (subset): tables are built of Caption/THead/TBody/TFoot/TR, rows of TH/TD;
- 13-004: every Figure has /Alt (or /ActualText);
- 15-003: every TH has /Scope (Row, Column or Both);
- 15-005 (subset): /Headers of a TD name TH /IDs of the same table.

`pdf_ua_problems` returns German-free, test-readable problem lines; an empty list passes."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pikepdf

TABLE_PARTS = {"/Caption", "/THead", "/TBody", "/TFoot", "/TR"}
SCOPES = {"/Row", "/Column", "/Both"}


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    tables: int = 0
    header_cells: int = 0
    figures: int = 0


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in items if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _attributes(cell: Any) -> dict[str, Any]:
    attrs = cell.get("/A")
    found: dict[str, Any] = {}
    for a in list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs] if attrs is not None else []:
        if isinstance(a, pikepdf.Dictionary) and a.get("/O") == pikepdf.Name.Table:
            found.update({str(k): a[k] for k in a.keys()})  # noqa: SIM118 - pikepdf keys
    return found


def _check_table(table: Any, report: Report) -> None:
    report.tables += 1
    ids: set[str] = set()
    named: list[str] = []
    rows: list[Any] = []
    for part in _kids(table):
        kind = str(part.S)
        if kind not in TABLE_PARTS:
            report.problems.append(f"09-004: {kind} directly in a Table")
        elif kind == "/TR":
            rows.append(part)
        elif kind != "/Caption":
            for row in _kids(part):
                if str(row.S) == "/TR":
                    rows.append(row)
                else:
                    report.problems.append(f"09-004: {row.S} in {kind}")
    for row in rows:
        for cell in _kids(row):
            kind = str(cell.S)
            attrs = _attributes(cell)
            if kind == "/TH":
                report.header_cells += 1
                if "/ID" in cell:
                    ids.add(str(cell.ID))
                scope = attrs.get("/Scope")
                if scope is None or str(scope) not in SCOPES:
                    report.problems.append("15-003: TH without /Scope")
            elif kind == "/TD":
                named += [str(h) for h in attrs.get("/Headers", [])]
            else:
                report.problems.append(f"09-004: {kind} in a TR")
    report.problems += [f"15-005: /Headers names unknown {h}" for h in named if h not in ids]


def check(data: bytes) -> Report:
    report = Report()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        if not (root.get("/MarkInfo") and root.MarkInfo.get("/Marked")):
            report.problems.append("01-005: not marked as tagged (/MarkInfo /Marked)")
        if not str(root.get("/Lang", "")).strip():
            report.problems.append("11-006: no document language (/Lang)")
        prefs = root.get("/ViewerPreferences")
        if not (prefs and prefs.get("/DisplayDocTitle")):
            report.problems.append("07-002: /DisplayDocTitle is not true")
        with pdf.open_metadata() as meta:
            if str(meta.get("pdfuaid:part", "")) != "1":
                report.problems.append("06-002: no pdfuaid:part 1 in the XMP metadata")
            if not meta.get("dc:title"):
                report.problems.append("06-003: no dc:title in the XMP metadata")
        tree = root.get("/StructTreeRoot")
        if tree is None:
            report.problems.append("01-005: no structure tree")
            return report
        stack = _kids(tree)
        while stack:
            element = stack.pop()
            kind = str(element.S)
            if kind == "/Table":
                _check_table(element, report)
            if kind == "/Figure":
                report.figures += 1
                if not (str(element.get("/Alt", "")).strip() or str(element.get("/ActualText", "")).strip()):
                    report.problems.append("13-004: Figure without /Alt")
            stack.extend(_kids(element))
    return report


def pdf_ua_problems(data: bytes) -> list[str]:
    return check(data).problems


def assert_pdf_ua(data: bytes) -> Report:
    report = check(data)
    assert not report.problems, "PDF/UA-1: " + "; ".join(sorted(set(report.problems)))
    return report
