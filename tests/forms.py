"""What a browser would post from a page's form, read from its HTML – for tests that
post a form back as a person would (tests/production/test_fuzz_forms.py, the case page)."""

from __future__ import annotations

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields of the first POST form (or the form with `form_id`) and their values."""

    def __init__(self, form_id: str | None = None) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.done = False
        self.fields: dict[str, list[str]] = {}
        self.names: list[str] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and not self.inside:
            wanted = a.get("id") == self.form_id if self.form_id else a.get("method", "").lower() == "post"
            self.inside = wanted and "logout" not in a.get("action", "")
            return
        if not self.inside:
            return
        name = a.get("name")
        if not name:
            if tag == "option" and self._select and "selected" in a:
                self.fields.setdefault(self._select, []).append(a.get("value", ""))
            return
        if name not in self.names:
            self.names.append(name)
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "file", "button"):
                self.fields.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            self.fields.setdefault(name, [""])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] = [self.fields[self._textarea][0] + data]
