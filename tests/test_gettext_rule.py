"""One rule for translation: every text a user reads goes through gettext, so that
`makemessages` finds it and the German catalogue can word it (locale/de).

The rule is checked on the code's syntax tree where the texts of the portal are: labels,
help texts and names of fields, forms, models and admin columns/actions; the messages
shown after an action; the German errors of ValidationError, 403 and 404. A plain string
literal there is a text that bypasses gettext. Log messages are for operators, not users,
and are not checked."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".venv", "node_modules", "tests", "loadtest", "bench", "migrations", "settings", "var", "media"}
TEXT_KEYWORDS = {"verbose_name", "verbose_name_plural", "help_text", "label", "description", "empty_label"}
RAISED = {"ValidationError", "Http404", "PermissionDenied"}
SHOWN = {"success", "error", "warning", "info", "add_message"}


def _is_text(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and any(ch.isalpha() for ch in node.value)
        and (" " in node.value.strip() or node.value[:1].isupper())
    )


def _name(func: ast.expr) -> tuple[str, str]:
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        return owner, func.attr
    return "", getattr(func, "id", "")


def untranslated_texts(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        owner, name = _name(node.func)
        texts = [kw.value for kw in node.keywords if kw.arg in TEXT_KEYWORDS]
        if name in RAISED and node.args:
            texts.append(node.args[0])
        if (owner == "messages" and name in SHOWN) or name == "message_user":
            texts.extend(node.args[1:2])
        found += [
            f"{path.relative_to(ROOT)}:{t.lineno}: {t.value!r}"  # type: ignore[attr-defined]
            for t in texts
            if _is_text(t)
        ]
    return found


def project_files() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if not SKIP_DIRS.intersection(p.relative_to(ROOT).parts)]


def test_the_rule_sees_a_plain_text() -> None:
    sample = ROOT / "tests" / "_gettext_sample.py"
    sample.write_text('from django import forms\nx = forms.CharField(label="Name der Kommune")\n')
    try:
        assert untranslated_texts(sample) == ["tests/_gettext_sample.py:2: 'Name der Kommune'"]
    finally:
        sample.unlink()


def test_every_user_facing_text_goes_through_gettext() -> None:
    files = project_files()
    assert len(files) > 100
    offenders = [line for path in files for line in untranslated_texts(path)]
    assert offenders == [], "Texte ohne gettext:\n" + "\n".join(offenders)


def test_the_german_catalogue_is_complete_and_current(tmp_path: Path) -> None:
    """`make messages` on a copy of the tree changes nothing in locale/de: every text the
    code marks is in the catalogue, with a German wording, and nothing stale is left."""
    import shutil
    import subprocess

    copy = tmp_path / "tree"
    shutil.copytree(
        ROOT,
        copy,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", ".git", "media", "var", "test-artifacts", "staticfiles", "__pycache__"
        ),
    )
    (copy / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(["bash", "scripts/messages.sh"], cwd=copy, check=True, capture_output=True, timeout=300)
    catalogue = "locale/de/LC_MESSAGES/django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(copy / catalogue)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "msgid" not in untranslated
    assert (copy / catalogue).read_text() == (ROOT / catalogue).read_text(), (
        "locale/de ist nicht aktuell: bitte `make messages` ausführen und das Ergebnis einchecken."
    )
