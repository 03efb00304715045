"""The register import's guard: a hostile or wrong file never retires the register.

Real Hessian editions pass without a warning; the hostile variants of them (Unicode
digits, a file of another Land, a file without 204 of its Gemeinden) are refused or
stop until someone confirms them explicitly."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from contacts import gv100ad
from contacts.models import Municipality, RegisterImport
from contacts.register import REGISTER_NO_MUNICIPALITIES, register_import
from contacts.register_guard import (
    REGISTER_NEEDS_CONFIRMATION,
    REGISTER_WARN_FUTURE,
    REGISTER_WARN_LAND_NAME,
    REGISTER_WARN_NO_LAND_RECORD,
    REGISTER_WARN_RETIRES,
    REGISTER_WARN_SAME_EDITION,
    REGISTER_WARN_WITHOUT_KREIS,
    RegisterNeedsConfirmation,
)
from contacts.tasks import run_register_import

from .gv100ad_files import edition, edition_bytes

pytestmark = pytest.mark.django_db

HESSEN_2021 = "GV100AD_31122021_hessen.txt"
HESSEN_2025 = "GV100AD_30112025_hessen.txt"


def lines_of(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8").split("\n")


def joined(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


def without_gemeinden(lines: list[str], count: int) -> list[str]:
    """The edition with `count` kreisangehörige Gemeinden (Satzart 60) cut out."""
    dropped = 0
    kept = []
    for line in lines:
        if line.startswith("60") and line[13:15] != "11" and dropped < count and line[122:124] != "61":
            dropped += 1
            continue
        kept.append(line)
    assert dropped == count
    return kept


def snapshot() -> list[tuple[object, ...]]:
    return [
        *Municipality.objects.order_by("ags").values_list("ags", "name", "valid_until", "successor"),
        Municipality.history.count(),
    ]


# --- Only ASCII digits ---------------------------------------------------------------


@pytest.mark.parametrize("digit", ["²", "٣", "３"])
def test_a_unicode_digit_in_the_ags_is_refused_with_its_line(digit: str) -> None:
    lines = edition("20211231").splitlines()
    number, line = next((i, line) for i, line in enumerate(lines, 1) if line[10:18] == "06611000")
    lines[number - 1] = line[:16] + digit * 2 + line[18:]
    with pytest.raises(gv100ad.Gv100adError) as exc:
        gv100ad.parse(("\n".join(lines) + "\n").encode())
    assert exc.value.line == number
    assert f"„066110{digit * 2}“" in exc.value.messages[0]


@pytest.mark.parametrize(
    ("start", "end", "name"),
    [(139, 150, "Bevölkerung"), (128, 139, "Fläche"), (150, 161, "Bevölkerung männlich")],
)
def test_a_unicode_digit_in_a_figure_is_refused(start: int, end: int, name: str) -> None:
    lines = edition("20211231").splitlines()
    number, line = next((i, line) for i, line in enumerate(lines, 1) if line.startswith("60"))
    lines[number - 1] = line[:start] + "1²".rjust(end - start) + line[end:]
    with pytest.raises(gv100ad.Gv100adError) as exc:
        gv100ad.parse(("\n".join(lines) + "\n").encode())
    assert exc.value.messages == [f"Zeile {number}: {gv100ad.BAD_NUMBER.format(name=name, value='1²')}"]


def test_the_hostile_kassel_of_the_real_file_is_refused_and_nothing_changes(shared_data: Path) -> None:
    """The finding: `066110²²` ran to „fertig“, created one Kommune and retired 204."""
    register_import(data=(shared_data / HESSEN_2021).read_bytes())
    before = snapshot()
    lines = lines_of(shared_data / HESSEN_2025)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("60") and line[10:18] == "06611000")
    lines[number - 1] = lines[number - 1][:16] + "²²" + lines[number - 1][18:]
    with pytest.raises(ValidationError) as exc:
        register_import(data=joined(lines))
    assert exc.value.messages[0].startswith(f"Zeile {number}: der Regionalschlüssel „066110²²“")
    assert snapshot() == before


# --- Files that look wrong stop until confirmed ---------------------------------------


def test_the_real_hessian_editions_pass_the_guard_one_after_another(shared_data: Path) -> None:
    for name in ("GV100AD_300918_hessen.ASC", HESSEN_2021, HESSEN_2025):
        data = (shared_data / name).read_bytes()
        assert register_import(data=data, dry_run=True).warnings == [], name
        register_import(data=data)
    assert Municipality.objects.filter(valid_until__isnull=True).count() == 446


def test_a_file_that_would_retire_204_kommunen_stops_and_changes_nothing(shared_data: Path) -> None:
    register_import(data=(shared_data / HESSEN_2025).read_bytes())
    before = snapshot()
    hostile = joined(without_gemeinden(lines_of(shared_data / HESSEN_2025), 204))

    preview = register_import(data=hostile, dry_run=True)
    retires = REGISTER_WARN_RETIRES.format(retired=204, active=446, land="Hessen", share="45,7")
    assert retires in preview.warnings
    assert f"Achtung: {retires}" in preview.summary()
    with pytest.raises(RegisterNeedsConfirmation) as exc:
        register_import(data=hostile)
    assert exc.value.messages[0] == REGISTER_NEEDS_CONFIRMATION
    assert retires in exc.value.messages
    assert snapshot() == before

    # Confirmed on purpose, it runs.
    result = register_import(data=hostile, confirmed=True)
    assert len(result.retired) == 204
    assert Municipality.objects.filter(valid_until__isnull=True).count() == 446 - 204


def test_a_few_retired_kommunen_need_no_confirmation(shared_data: Path) -> None:
    register_import(data=(shared_data / HESSEN_2021).read_bytes())
    lines = without_gemeinden(lines_of(shared_data / HESSEN_2025), 3)
    assert register_import(data=joined(lines), dry_run=True).warnings == []


def test_a_file_of_another_land_is_refused_and_nothing_changes(shared_data: Path) -> None:
    register_import(data=(shared_data / HESSEN_2025).read_bytes())
    before = snapshot()
    # The Hessian file relabelled as Bayern (09): every key, every record type.
    bavarian = [
        line[:10] + "09" + line[12:] if line.strip() else line for line in lines_of(shared_data / HESSEN_2025)
    ]
    with pytest.raises(ValidationError) as exc:
        register_import(data=joined(bavarian))
    assert exc.value.messages == [REGISTER_NO_MUNICIPALITIES.format(land="Hessen", code="06")]
    assert snapshot() == before


def test_a_land_record_of_another_land_stops_the_import() -> None:
    text = edition("20211231").replace("Hessen".ljust(50), "Bayern".ljust(50), 1)
    warning = REGISTER_WARN_LAND_NAME.format(name="Bayern", land="Hessen", code="06")
    assert register_import(data=text.encode(), dry_run=True).warnings == [warning]
    with pytest.raises(RegisterNeedsConfirmation):
        register_import(data=text.encode())
    assert not Municipality.objects.exists()


def test_a_file_without_its_land_record_or_a_kreis_record_stops_the_import() -> None:
    lines = edition("20211231").splitlines()
    no_land = [line for line in lines if not line.startswith("10")]
    assert register_import(data=("\n".join(no_land) + "\n").encode(), dry_run=True).warnings == [
        REGISTER_WARN_NO_LAND_RECORD.format(land="Hessen")
    ]
    no_kreis = [line for line in lines if not (line.startswith("40") and line[10:15] == "06631")]
    warnings = register_import(data=("\n".join(no_kreis) + "\n").encode(), dry_run=True).warnings
    assert warnings == [REGISTER_WARN_WITHOUT_KREIS.format(count=2, example="Fulda, Stadt (06631009)")]
    with pytest.raises(RegisterNeedsConfirmation):
        register_import(data=("\n".join(no_kreis) + "\n").encode())
    assert not Municipality.objects.exists()


def test_an_edition_from_the_future_stops_the_import() -> None:
    from django.utils import timezone

    future = timezone.localdate() + dt.timedelta(days=400)
    result = register_import(data=edition_bytes(f"{future:%Y%m%d}"), dry_run=True)
    assert result.warnings == [
        REGISTER_WARN_FUTURE.format(stand=f"{future:%d.%m.%Y}", today=f"{timezone.localdate():%d.%m.%Y}")
    ]


def test_a_changed_copy_of_an_imported_edition_stops_the_import() -> None:
    register_import(data=edition_bytes("20211231"))
    assert register_import(data=edition_bytes("20211231"), dry_run=True).warnings == []  # the same file
    changed = edition("20211231").replace("Künzell".ljust(50), "Künzell-Neu".ljust(50))
    result = register_import(data=changed.encode(), dry_run=True)
    assert result.warnings == [REGISTER_WARN_SAME_EDITION.format(stand="31.12.2021")]


# --- The command: --dry-run shows the warnings, --force confirms -----------------------


def run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_gv100ad", str(path), *args, stdout=out)
    return out.getvalue()


def test_the_command_stops_at_a_suspicious_file_until_forced(shared_data: Path, tmp_path: Path) -> None:
    run(shared_data / HESSEN_2025)
    hostile = tmp_path / "gv.txt"
    hostile.write_bytes(joined(without_gemeinden(lines_of(shared_data / HESSEN_2025), 204)))

    out = run(hostile, "--dry-run")
    assert "204 aus dem Verzeichnis genommen" in out and "Achtung: Die Datei würde 204 von 446" in out
    with pytest.raises(CommandError) as exc:
        run(hostile)
    assert str(exc.value).startswith(REGISTER_NEEDS_CONFIRMATION)
    assert "--force" in str(exc.value)
    assert Municipality.objects.filter(valid_until__isnull=True).count() == 446

    run(hostile, "--force")
    assert Municipality.objects.filter(valid_until__isnull=True).count() == 446 - 204


# --- The worker checks again --------------------------------------------------------------


def test_the_worker_refuses_a_file_that_became_suspicious_after_its_preview(shared_data: Path) -> None:
    """Confirmed without warnings, but the register changed before the worker ran."""
    from django.core.files.base import ContentFile

    hostile = joined(without_gemeinden(lines_of(shared_data / HESSEN_2025), 204))
    job = RegisterImport(file_name="gv.txt", status=RegisterImport.Status.REQUESTED)
    job.file.save("gv.txt", ContentFile(hostile), save=False)
    job.save()
    register_import(data=(shared_data / HESSEN_2025).read_bytes())

    assert run_register_import(job.pk) == RegisterImport.Status.FAILED
    job.refresh_from_db()
    assert job.result.startswith(REGISTER_NEEDS_CONFIRMATION)
    assert Municipality.objects.filter(valid_until__isnull=True).count() == 446
