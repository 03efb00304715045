"""PDF rendering with WeasyPrint (REFERENCE.md §3), shared by every PDF of the portal.

- The URL fetcher answers only URLs of our own static files, from disk, and refuses
  everything else (other hosts, file://, ftp …). So nothing in a template, and no
  text a user typed, can make the renderer reach the network or read server files.
- User text reaches the template as context and is escaped by Django's autoescape;
  templates never mark it safe.
- The PDFs are tagged PDF/UA-1 (BITV covers PDFs offered for download): the
  template must have <html lang="de">, a <title> and headings in order.
- `archival=True` renders PDF/A-3u for the archive (the dossier export), still tagged and
  declared PDF/UA-1 in its XMP, with the extension schema PDF/A asks for that declaration.
"""

from __future__ import annotations

import gc
import io
import logging
import mimetypes
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

# A host name that is never resolved: the fetcher serves it from disk.
LOCAL_HOST = "ikz-portal.invalid"
BASE_URL = f"https://{LOCAL_HOST}/"
PDF_VARIANT = "pdf/ua-1"
# WeasyPrint 70 offers PDF/A-1a…3a (tags forced on), 2b/3b, 2u/3u and 4; 3u keeps Unicode
# text and allows attachments; tags are switched on by hand (pdf_tags) for PDF/UA.
ARCHIVAL_VARIANT = "pdf/a-3u"
REFUSED = "WeasyPrint darf nur lokale statische Dateien laden: {url}"
FONT_CACHE_DIR = Path(tempfile.gettempdir()) / "ikz-pdf-fonts"
# The fonts of the PDF templates (templates/pdf/_print.css), as static paths.
PDF_FONTS = (
    "kern/fonts/fira-sans/FiraSans-Regular.woff2",
    "kern/fonts/fira-sans/FiraSans-SemiBold.woff2",
    "kern/fonts/fira-sans/FiraSans-Bold.woff2",
)


class FetchRefused(ValueError):
    """WeasyPrint logs it and leaves the resource out; the rendering goes on."""


def _static_path(relative: str) -> Path | None:
    relative = unquote(relative)
    if not relative or relative.startswith("/") or ".." in Path(relative).parts:
        return None
    try:
        found = finders.find(relative)
    except Exception:  # SuspiciousFileOperation and friends: refuse, never guess
        found = None
    if isinstance(found, str):
        return Path(found)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / relative).resolve()
        if candidate.is_file() and candidate.is_relative_to(root):
            return candidate
    return None


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalStaticFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(timeout=5, allowed_protocols={"https", "data"}, allow_redirects=False)

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)  # decoded in memory, no I/O
            parts = urlsplit(url)
            static_url = settings.STATIC_URL
            if parts.scheme == "https" and parts.netloc == LOCAL_HOST and parts.path.startswith(static_url):
                path = _static_path(parts.path[len(static_url) :])
                if path is not None:
                    if path.suffix == ".woff2":
                        return URLFetcherResponse(url, _font_as_ttf(str(path)), {"Content-Type": "font/ttf"})
                    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
            logger.warning("PDF: Abruf verweigert: %s", url)
            raise FetchRefused(REFUSED.format(url=url))

    return LocalStaticFetcher()


def css_string(text: str) -> SafeString:
    """A quoted CSS string for `content:` in @page rules, with every character that
    could end the string or the rule written as a CSS escape."""
    safe = " .,:;()/–·€%"
    body = "".join(c if c.isalnum() or c in safe else f"\\{ord(c):x} " for c in text)
    return mark_safe(f'"{body}"')  # noqa: S308 - escaped above


def built_ttf(woff2: Path) -> Path:
    """Where the build puts the TrueType version of a WOFF2 font: beside it."""
    return woff2.with_suffix(".ttf")


def _woff2_to_ttf(source: Path) -> bytes:
    from fontTools.ttLib import TTFont

    font = TTFont(str(source))
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)


def build_fonts(*, force: bool = False) -> list[Path]:
    """The build step (`manage.py build_pdf_fonts`, run by scripts/bootstrap.sh after
    `npm ci` and by the Dockerfile): writes the TrueType version of every PDF font beside
    its WOFF2 file, so that no worker decompresses fonts (about a second per font, 40 % of the
    first report of a worker process). Returns the files written."""
    written = []
    for name in PDF_FONTS:
        source = _static_path(name)
        if source is None:
            raise FileNotFoundError(f"PDF-Schrift fehlt: {name} (npm-Pakete installiert?)")
        target = built_ttf(source)
        if force or not target.is_file():
            _write_atomically(target, _woff2_to_ttf(source))
            written.append(target)
    return written


@cache
def _font_as_ttf(path: str) -> bytes:
    # WeasyPrint would decompress a WOFF2 font on every render. The build wrote its
    # TrueType version beside it (build_fonts); without that (npm ci run by hand, an
    # old image) convert once per process and keep the result on disk for the next
    # worker process (keyed on the file's size and mtime, written atomically).
    source = Path(path)
    try:
        return built_ttf(source).read_bytes()
    except OSError:
        pass
    stat = source.stat()
    cached = FONT_CACHE_DIR / f"{source.stem}-{stat.st_size}-{int(stat.st_mtime)}.ttf"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    logger.info("PDF: %s ohne TrueType-Fassung vom Build, wird im Worker umgewandelt", source.name)
    data = _woff2_to_ttf(source)
    try:
        _write_atomically(cached, data)
    except OSError:
        logger.info("PDF: Schriften-Cache nicht beschreibbar: %s", FONT_CACHE_DIR)
    return data


@cache
def _font_config() -> Any:
    # One per process: building the font configuration is the slow part of a first render.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


_image_cache: dict[str, Any] = {}


def preload() -> None:
    """What a worker process can do before its first report (reports.tasks)."""
    import weasyprint  # noqa: F401 - the import is the point

    for name in PDF_FONTS:
        path = _static_path(name)
        if path is not None:
            _font_as_ttf(str(path))


class _GCPause:
    """Switches the cyclic garbage collector off while at least one render runs (the case
    file also renders in web worker threads) and back to how it was when the last ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._was_enabled = True

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._running == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                if self._running == 0 and self._was_enabled:
                    gc.enable()
            gc.collect(0)


# WeasyPrint builds a few hundred thousand objects (styles, boxes, lines) that all live
# until the PDF is written. The cyclic collector would scan them again and again while they
# grow – nationwide about 200 young, 20 middle and 2 full collections, a quarter of the
# render. Reference counting frees everything else meanwhile; one collection of the young
# objects afterwards frees the document's cycles (peak memory measured unchanged).
_gc_paused = _GCPause()


def _write_pdf(html: str, *, archival: bool = False) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher())
    variant = (
        {"pdf_variant": ARCHIVAL_VARIANT, "pdf_tags": True} if archival else {"pdf_variant": PDF_VARIANT}
    )
    return document.write_pdf(
        **variant,
        font_config=_font_config(),
        cache=_image_cache,
        optimize_images=True,
    )


def render_html_to_pdf(html: str, *, archival: bool = False) -> bytes:
    # The document lives only inside _write_pdf: when it returns, the collection after
    # the pause finds its cycles unreachable.
    with _gc_paused():
        data = _write_pdf(html, archival=archival)
    data = add_table_header_scopes(data)
    return declare_pdf_ua(data) if archival else data


# --- PDF/A that is also PDF/UA-1 -----------------------------------------------------------
#
# WeasyPrint writes either pdfaid or pdfuaid into the XMP, never both. The archive copy is
# PDF/A-3u with tags; its XMP gets pdfuaid:part 1 too, and since pdfuaid is no schema
# PDF/A predefines (ISO 19005-3, 6.6.2.3), the pdfaExtension description of it.
PDF_UA_XMP = """<rdf:Description rdf:about=""
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfuaid:part>1</pdfuaid:part>
  <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
      <pdfaProperty:name>part</pdfaProperty:name>
      <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
      <pdfaProperty:category>internal</pdfaProperty:category>
      <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
  </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


def declare_pdf_ua(data: bytes) -> bytes:
    """Adds the PDF/UA-1 identification to the XMP of a PDF/A file."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as document:
        xmp = document.Root.Metadata.read_bytes()
        if b"pdfuaid:part" in xmp:
            return data
        xmp = xmp.replace(b"</rdf:RDF>", PDF_UA_XMP.encode() + b"</rdf:RDF>", 1)
        # Uncompressed: XMP stays readable to archive tools that scan for the packet.
        document.Root.Metadata.write(xmp)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


# --- Table headers for screen readers (PDF/UA-1) ------------------------------------------
#
# WeasyPrint 70 tags <th> as TH with an /ID (and <td> as TD with /Headers naming those IDs),
# but writes no /Scope on the TH: PDF/UA-1 checkers (Matterhorn 15-003) then flag every
# table, and screen readers guess the direction (upstream: Kozea/WeasyPrint issue 2508).
# The HTML's scope attribute does not reach the structure tree, so the direction is read
# from the tree itself: a TH that a TD of its own row names in /Headers heads that row
# (WeasyPrint lists a row's scope="row" headers only for the cells of that row); every
# other TH heads a column.


def _dict_kids(element: Any) -> list[Any]:
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in items if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _table_attributes(cell: Any) -> Any:
    """The cell's attribute dictionary of owner /Table, created when missing."""
    import pikepdf

    attrs = cell.get("/A")
    candidates = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs] if attrs is not None else []
    for candidate in candidates:
        if isinstance(candidate, pikepdf.Dictionary) and candidate.get("/O") == pikepdf.Name.Table:
            return candidate
    table = pikepdf.Dictionary(O=pikepdf.Name.Table)
    if attrs is None:
        cell.A = table
    elif isinstance(attrs, pikepdf.Array):
        attrs.append(table)
    else:
        cell.A = pikepdf.Array([attrs, table])
    return table


def add_table_header_scopes(data: bytes) -> bytes:
    """Writes /Scope /Row or /Column on every TH of the PDF's structure tree."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as document:
        tree = document.Root.get("/StructTreeRoot")
        if tree is None:
            return data
        changed = False
        stack = _dict_kids(tree)
        while stack:
            element = stack.pop()
            kids = _dict_kids(element)
            if element.get("/S") != pikepdf.Name.TR:
                stack.extend(kids)
                continue
            named_in_row = {
                str(header)
                for cell in kids
                if cell.get("/S") == pikepdf.Name.TD and "/A" in cell
                for header in _table_attributes(cell).get("/Headers", [])
            }
            for cell in kids:
                if cell.get("/S") == pikepdf.Name.TH:
                    row = "/ID" in cell and str(cell.ID) in named_in_row
                    _table_attributes(cell).Scope = pikepdf.Name.Row if row else pikepdf.Name.Column
                    changed = True
        if not changed:
            return data
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def render_pdf(template: str, context: dict[str, Any], *, archival: bool = False) -> bytes:
    """Renders a Django template (autoescaped) to a tagged PDF (PDF/A-3u with `archival`)."""
    return render_html_to_pdf(render_to_string(template, context), archival=archival)
