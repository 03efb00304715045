from __future__ import annotations

import gc
import io
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from core import pdf
from reports.casefile import case_file_pdf
from reports.models import Report
from reports.services import report_build_pdf
from reports.statistics import annual_statistics, cached_annual_statistics
from tests import factories
from tests.pdfua import assert_pdf_ua, pdf_ua_problems

from .conftest import Dataset

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").split())


def _report() -> Report:
    stats = annual_statistics(2021)
    return Report.objects.create(year=2021, cutoff=stats.cutoff, data_version="0123456789abcdef" * 4)


def test_the_annual_report_states_the_statistics_figures(dataset: Dataset, artifacts_dir: Path) -> None:
    report = _report()
    data = report_build_pdf(report)
    (artifacts_dir / "jahresstatistik-2021.pdf").write_bytes(data)
    text = pdf_text(data)
    stats = annual_statistics(2021, report.cutoff)
    assert "Jahresstatistik Interkommunale Zusammenarbeit 2021" in text
    for sentence in stats.headlines:
        assert " ".join(sentence.split()) in text
    for expected in (
        "Landkreis Alpha",
        "Feuerwehr / Brandschutz",
        "Öffentlich-rechtliche Vereinbarung",
        "Bundesprogramm Feuerwehr",
        "240.000 €",
        "Kleinstädte",
        "mit Drittberatung",
        "Seite 2 von",
        "Stichtag 31.12.2021",
        "Datenstand 0123456789ab",
    ):
        assert expected in text, expected


def test_the_annual_report_is_a_tagged_german_pdf_with_a_title(dataset: Dataset) -> None:
    reader = PdfReader(io.BytesIO(report_build_pdf(_report())))
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "de"
    assert reader.metadata.title == "Jahresstatistik Interkommunale Zusammenarbeit 2021"
    assert "/MarkInfo" in root


MONEY_TABLES = (
    "Förderung nach Handlungsfeld",
    "Förderung nach Landkreis der federführenden Kommune",
    "Förderung nach Rechtsform",
    "Förderung nach Förderprogramm",
)


def _header_columns(data: bytes) -> dict[str, list[float]]:
    """Where the column headers „Kooperationen …“ and „bewilligt …“ start, in the first
    header row under each table's caption."""
    found: dict[str, list[float]] = {}
    caption = ""
    with pdfplumber.open(io.BytesIO(data)) as doc:
        for page in doc.pages:
            lines = defaultdict(list)
            for word in page.extract_words():
                lines[round(word["top"])].append(word)
            for top in sorted(lines):
                words = sorted(lines[top], key=lambda w: w["x0"])
                text = " ".join(w["text"] for w in words)
                if text.startswith("Tabelle: "):
                    caption = text.removeprefix("Tabelle: ")
                elif caption in MONEY_TABLES and caption not in found and "Kooperationen" in text:
                    found[caption] = [
                        round(w["x0"], 1) for w in words if w["text"] in ("Kooperationen", "bewilligt")
                    ]
    return found


def test_the_funding_tables_share_their_columns(dataset: Dataset) -> None:
    # Fixed column widths (templates/pdf/_print.css): the same columns from table to table,
    # whatever the names in the first column – and no measuring of every cell first.
    columns = _header_columns(report_build_pdf(_report()))
    assert set(columns) == set(MONEY_TABLES)
    first = columns[MONEY_TABLES[0]]
    assert len(first) == 4
    assert all(columns[title] == first for title in MONEY_TABLES)


def test_a_render_switches_the_garbage_collector_back_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # The cyclic collector pauses while WeasyPrint builds the document (core/pdf.py);
    # left off, a web worker rendering case files would keep every cycle it ever made.
    during: list[bool] = []

    def writes(html: str, **options: object) -> bytes:
        during.append(gc.isenabled())
        return b"%PDF-1.7"

    def fails(html: str, **options: object) -> bytes:
        raise RuntimeError("WeasyPrint broke")

    monkeypatch.setattr(pdf, "add_table_header_scopes", lambda data: data)  # no real PDF here
    monkeypatch.setattr(pdf, "_write_pdf", writes)
    assert pdf.render_html_to_pdf("<p>x</p>") == b"%PDF-1.7"
    assert during == [False]
    assert gc.isenabled()
    monkeypatch.setattr(pdf, "_write_pdf", fails)
    with pytest.raises(RuntimeError):
        pdf.render_html_to_pdf("<p>x</p>")
    assert gc.isenabled()
    gc.disable()  # whoever switched it off before keeps it off
    try:
        monkeypatch.setattr(pdf, "_write_pdf", writes)
        pdf.render_html_to_pdf("<p>x</p>")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_page_is_kept_as_png_for_people_to_look_at(dataset: Dataset, artifacts_dir: Path) -> None:
    source = artifacts_dir / "jahresstatistik-2021-look.pdf"
    source.write_bytes(report_build_pdf(_report()))
    prefix = artifacts_dir / "jahresstatistik-2021-seite"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(source), str(prefix)], check=True
    )
    pngs = sorted(artifacts_dir.glob("jahresstatistik-2021-seite-*.png"))
    assert len(pngs) == 3
    assert all(p.stat().st_size > 5_000 for p in pngs)


def test_the_fetcher_serves_local_static_files_and_refuses_everything_else() -> None:
    fetcher = pdf._fetcher()
    font = fetcher.fetch(pdf.BASE_URL + "static/kern/fonts/fira-sans/FiraSans-Regular.woff2")
    assert font.read(4) == b"\x00\x01\x00\x00"  # the WOFF2 file, served decompressed as TrueType
    for url in (
        "https://example.org/x.png",
        "http://127.0.0.1:8000/static/kern/kern.css",
        "file:///etc/passwd",
        pdf.BASE_URL + "static/../../etc/passwd",
        pdf.BASE_URL + "media/reports/x.pdf",
        "ftp://example.org/a",
    ):
        with pytest.raises(ValueError, match=r"nur lokale statische Dateien|disallowed protocol"):
            fetcher.fetch(url)


def test_user_text_is_escaped_and_cannot_make_the_renderer_fetch(dataset: Dataset, caplog) -> None:
    evil = '<img src="https://evil.example/track.png"> <b>fett</b> {{ secret }}'
    dataset.c1.title = evil
    dataset.c1.description = '<link rel="stylesheet" href="file:///etc/passwd">'
    dataset.c1.save()
    text = pdf_text(case_file_pdf(dataset.c1))
    assert '<img src="https://evil.example/track.png">' in text
    assert "<b>fett</b>" in text
    assert "evil.example" not in caplog.text  # escaped text, not a tag: nothing was fetched


def test_the_case_file_shows_partners_grants_and_payments(dataset: Dataset) -> None:
    factories.ActivityFactory(cooperation=dataset.c1, notes="Auftaktgespräch im Rathaus")
    text = pdf_text(case_file_pdf(dataset.c1))
    for expected in (
        f"Fallakte {dataset.c1.reference}",
        "Adorf",
        "Oberweser (bis 31.12.2019)",
        "Landesprogramm IKZ",
        "150.000,00 €",  # approved: 100.000 + 50.000; the reclaimed grant does not count
        "140.000,00 €",  # paid
        "Auftaktgespräch im Rathaus",
    ):
        assert expected in text, expected


TRUETYPE = b"\x00\x01\x00\x00"


@pytest.fixture
def woff2_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A PDF font outside the static files, and an empty per-process and disk cache."""
    source = pdf._static_path(pdf.PDF_FONTS[0])
    assert source is not None
    font = tmp_path / "fonts" / source.name
    font.parent.mkdir()
    font.write_bytes(source.read_bytes())
    monkeypatch.setattr(pdf, "FONT_CACHE_DIR", tmp_path / "cache")
    pdf._font_as_ttf.cache_clear()
    yield font
    pdf._font_as_ttf.cache_clear()


def test_the_build_writes_every_pdf_font_as_truetype_beside_its_woff2() -> None:
    pdf.build_fonts()  # what scripts/bootstrap.sh and the Dockerfile run; writes only what is missing
    print_css = (settings.BASE_DIR / "templates" / "pdf" / "_print.css").read_text()
    for name in pdf.PDF_FONTS:
        assert name in print_css
        source = pdf._static_path(name)
        assert source is not None
        assert pdf.built_ttf(source).read_bytes()[:4] == TRUETYPE


def test_a_worker_reads_the_built_font_and_decompresses_nothing(
    woff2_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf.built_ttf(woff2_copy).write_bytes(TRUETYPE + b"built")

    def no_decompressing(source: Path) -> bytes:
        raise AssertionError(f"decompressed {source}")

    monkeypatch.setattr(pdf, "_woff2_to_ttf", no_decompressing)
    assert pdf._font_as_ttf(str(woff2_copy)) == TRUETYPE + b"built"


def test_without_the_built_font_the_worker_converts_once_and_keeps_it_on_disk(woff2_copy: Path) -> None:
    data = pdf._font_as_ttf(str(woff2_copy))
    assert data[:4] == TRUETYPE
    assert len(data) > woff2_copy.stat().st_size  # decompressed
    assert [p.read_bytes() for p in pdf.FONT_CACHE_DIR.glob("*.ttf")] == [data]


def _grant_queries(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "funding_grant" in q["sql"]]


def test_a_report_ordered_from_the_dashboard_takes_its_figures_from_the_cache(dataset: Dataset) -> None:
    cache.clear()
    stats, version = cached_annual_statistics(2021)  # what the dashboard did before the order
    report = Report.objects.create(year=2021, cutoff=stats.cutoff, data_version=version)
    with CaptureQueriesContext(connection) as ctx:
        text = pdf_text(report_build_pdf(report))
    assert _grant_queries(ctx) == []
    assert stats.headline_funding in text


def test_without_cached_figures_the_report_computes_them(dataset: Dataset) -> None:
    cache.clear()
    report = _report()
    with CaptureQueriesContext(connection) as ctx:
        text = pdf_text(report_build_pdf(report))
    assert _grant_queries(ctx)
    assert annual_statistics(2021, report.cutoff).headline_funding in text


def test_a_worker_loads_the_renderer_and_the_fonts_before_it_forks(woff2_copy: Path) -> None:
    from reports.tasks import preload_pdf_renderer

    preload_pdf_renderer()
    assert "weasyprint" in sys.modules
    assert pdf._font_as_ttf.cache_info().currsize == len(pdf.PDF_FONTS)


def test_a_table_over_several_pages_states_its_total_once_under_the_last_row(dataset: Dataset) -> None:
    # Nationwide the Landkreis table runs over a dozen pages. Repeated at the foot of each
    # page, its „Summe“ read like the sum of that page.
    cache.clear()
    stats, version = cached_annual_statistics(2021)
    table = stats.tables["landkreise"]
    rows = tuple((f"Landkreis {n:03d}", 1, Decimal(1000), 2, Decimal(2000)) for n in range(150))
    total_row = ("Summe", 150, Decimal(150_000), 300, Decimal(300_000))
    long = replace(stats, tables={**stats.tables, "landkreise": replace(table, rows=rows, total=total_row)})
    cache.set(f"ikz:statistik:{version}", long)
    report = Report.objects.create(year=2021, cutoff=stats.cutoff, data_version=version)
    reader = PdfReader(io.BytesIO(report_build_pdf(report)))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    on_pages = [n for n, text in enumerate(pages) if "Landkreis 0" in text or "Landkreis 1" in text]
    assert on_pages == list(range(on_pages[0], on_pages[-1] + 1))
    assert len(on_pages) >= 3
    total = "Summe 150 150.000 € 300 300.000 €"
    assert [n for n, text in enumerate(pages) if total in text and n in on_pages] == [on_pages[-1]]
    assert pages[on_pages[-1]].index("Landkreis 149") < pages[on_pages[-1]].index(total)


# --- PDF/UA-1 tables and the charts of the dashboard (issue 14) ----------------------------


def test_every_table_header_of_the_annual_report_has_a_scope(dataset: Dataset) -> None:
    data = report_build_pdf(_report())
    report = assert_pdf_ua(data)
    assert report.tables >= len(annual_statistics(2021).tables) and report.header_cells > 50
    # Without the post-processing WeasyPrint's own PDF fails the check on every table.
    stats = annual_statistics(2021)
    raw = pdf._write_pdf(
        render_to_string(
            "pdf/annual_report.html",
            {**report_context_for_test(stats), "title": "Jahresstatistik"},
        )
    )
    assert "15-003: TH without /Scope" in pdf_ua_problems(raw)


def report_context_for_test(stats: Any) -> dict[str, Any]:
    from django.utils import timezone

    return {"stats": stats, "land_name": "Hessen", "generated_at": timezone.now(), "data_version": "x" * 12}


def test_row_headers_get_scope_row_and_column_headers_scope_column() -> None:
    html = (
        '<html lang="de"><head><title>Tabelle</title></head><body><h1>T</h1><table><caption>K</caption>'
        '<thead><tr><th scope="col">Jahr</th><th scope="col">Betrag</th></tr></thead>'
        '<tbody><tr><th scope="row">2021</th><td>5</td></tr></tbody>'
        '<tfoot><tr><th scope="row">Summe</th><td>5</td></tr></tfoot></table></body></html>'
    )
    data = pdf.render_html_to_pdf(html)
    scopes = []
    with pikepdf.open(io.BytesIO(data)) as document:
        stack = list(document.Root.StructTreeRoot.K)
        while stack:
            element = stack.pop(0)
            if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
                continue
            if element.S == pikepdf.Name.TH:
                text = "".join(  # the TH's own attribute dictionary
                    str(a.get("/Scope")) for a in [element.A]
                )
                scopes.append(text)
            kids = element.get("/K")
            if kids is not None:
                stack += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    assert scopes == ["/Column", "/Column", "/Row", "/Row"]


def test_the_case_file_passes_the_pdf_ua_check(dataset: Dataset) -> None:
    report = assert_pdf_ua(case_file_pdf(dataset.c1))
    assert report.tables >= 3


def test_the_annual_report_has_every_chart_of_the_dashboard(dataset: Dataset) -> None:
    stats = annual_statistics(2021)
    charted = [t.title for t in stats.table_list if t.chart()]
    assert "Förderung nach Rechtsform" in charted and "Förderung nach Förderprogramm" in charted
    data = report_build_pdf(_report())
    text = pdf_text(data)
    for title in charted:
        assert f"Diagramm: {title}" in text, title
    # Each chart is a Figure with an alternative text (checked in assert_pdf_ua).
    assert assert_pdf_ua(data).figures >= len(charted)
