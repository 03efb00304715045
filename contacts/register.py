"""Import of the Gemeindeverzeichnis (Destatis GV100AD) for the configured Land.

Every import is first a dry run: the back office shows its counts before anything is
written (`register_import_request` → preview → `register_import_confirm` → worker),
and the command prints them with `--dry-run`. A file that would retire more than a
few per cent of the Land's Kommunen, or whose Land or edition looks wrong, is imported
only after an explicit confirmation (`confirmed=True`, `--force`): a hostile or
truncated file must not quietly retire the register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Field, Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.land import LAENDER, land_code
from core.publish import registered

from . import gv100ad
from .demography import population_record_edition
from .models import Municipality, RegisterImport
from .register_guard import (
    REGISTER_CONFIRM_WARNINGS,
    REGISTER_NEEDS_CONFIRMATION,
    RegisterNeedsConfirmation,
    register_warnings,
)

if TYPE_CHECKING:
    from accounts.models import User

# The worker's task (contacts.tasks.run_register_import), by its registered name.
RUN_REGISTER_IMPORT = "contacts.tasks.run_register_import"

REGISTER_NO_MUNICIPALITIES = (
    "Die Datei enthält keine Gemeinden des Landes {land} (AGS beginnend mit {code}). Nichts wurde geändert."
)
REGISTER_OLDER_EDITION = (
    "Die Datei hat den Gebietsstand {stand}, eingelesen ist bereits der neuere Gebietsstand {latest}. "
    "Ein älteres Verzeichnis würde aktuelle Angaben überschreiben und wird nicht eingelesen."
)
REGISTER_NOT_GV100AD = (
    "Die Datei ist kein Gemeindeverzeichnis im Format GV100AD "
    "(Textdatei mit festen Spalten, 220 Zeichen je Zeile, beginnend mit Satzart und Gebietsstand)."
)
REGISTER_FILE_TOO_LARGE = "Die Datei ist {size} groß, erlaubt sind höchstens {max}."
# simple-history keeps at most 100 characters of a change reason.
REGISTER_REASON = "Gemeindeverzeichnis (GV100AD {stand})"
REGISTER_REASON_RENAMED = "Neuer Name (GV100AD {stand}), bisher: {old}"
REGISTER_REASON_RETIRED = "Nicht mehr im Gemeindeverzeichnis (GV100AD {stand})"
REGISTER_SUMMARY = (
    "Gemeindeverzeichnis {land}, Gebietsstand {stand}: {created} angelegt, {updated} aktualisiert, "
    "{retired} aus dem Verzeichnis genommen, {unchanged} unverändert."
)
REGISTER_NO_CHANGES = "Keine Änderungen: Alle {count} Kommunen entsprechen bereits diesem Gebietsstand."
REGISTER_DRY_RUN = "Probelauf: Nichts wurde gespeichert."
REGISTER_DISCARDED = "Diese Vorschau wurde verworfen; bitte laden Sie die Datei erneut hoch."
REGISTER_DISCARDED_RESULT = "Nach der Vorschau verworfen{by}; nichts wurde eingelesen."

# GV100AD Textkennzeichen of a Satzart-60 record → the portal's kind of Kommune.
KIND_BY_TEXTKENNZEICHEN = {
    "60": Municipality.Kind.GEMEINDE,  # Markt (Bayern)
    "61": Municipality.Kind.KREISFREIE_STADT,
    "62": Municipality.Kind.KREISFREIE_STADT,  # Stadtkreis (Baden-Württemberg)
    "63": Municipality.Kind.STADT,
    "64": Municipality.Kind.GEMEINDE,
    "65": Municipality.Kind.GEMEINDEFREI,
    "66": Municipality.Kind.GEMEINDEFREI,
    "67": Municipality.Kind.STADT,  # Große Kreisstadt (Sachsen)
}
_REGISTER_FIELDS = (
    "name",
    "kind",
    "regierungsbezirk",
    "population",
    "population_date",
    "area_km2",
    "postal_code",
)
_BATCH = 500
_LIST_AT_MOST = 25


@dataclass
class RegisterImportResult:
    """What an import did (or, for a dry run, would do). Entries are "Name (AGS)"."""

    gebietsstand: dt.date
    land: str
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    without_successor: list[str] = field(default_factory=list)
    unchanged: int = 0
    # Why the file looks wrong; a real import needs `confirmed=True` while any is listed.
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)

    def summary(self) -> str:
        lines = [
            REGISTER_SUMMARY.format(
                land=LAENDER.get(self.land, self.land),
                stand=f"{self.gebietsstand:%d.%m.%Y}",
                created=len(self.created),
                updated=len(self.updated),
                retired=len(self.retired),
                unchanged=self.unchanged,
            )
        ]
        if not self.changed:
            lines.append(REGISTER_NO_CHANGES.format(count=self.unchanged))
        lines += [f"Achtung: {warning}" for warning in self.warnings]
        for title, items in (
            ("Neu im Verzeichnis", self.created),
            ("Neuer Name", self.renamed),
            ("Nicht mehr im Verzeichnis", self.retired),
            ("Ohne Nachfolgerin – bitte den Zusammenschluss erfassen", self.without_successor),
        ):
            if items:
                shown = items[:_LIST_AT_MOST]
                more = len(items) - len(shown)
                lines.append(f"{title}: " + "; ".join(shown) + (f" und {more} weitere" if more else ""))
        if self.dry_run:
            lines.append(REGISTER_DRY_RUN)
        return "\n".join(lines)


def _label(name: str, ags: str) -> str:
    return f"{name} ({ags})"


def _register_lock(land: str) -> None:
    # Two imports at once would both create the new municipalities; the second waits.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x4756, int(land)])


def _wanted_from_register(register: gv100ad.Gv100adFile) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """The target state by AGS, and the AGS of the Kreis-level Kommunen (their own district)."""
    stand = register.gebietsstand
    bezirke = {b.key: b.short_name for b in register.bezirke}
    gemeinden = {g.ags: g for g in register.gemeinden}
    wanted: dict[str, dict[str, Any]] = {}
    kreis_level: set[str] = set()
    members: dict[str, list[gv100ad.GemeindeRecord]] = {}
    for g in register.gemeinden:
        members.setdefault(g.kreis_key, []).append(g)
        wanted[g.ags] = {
            "name": g.name,
            "kind": KIND_BY_TEXTKENNZEICHEN[g.kind],
            "regierungsbezirk": bezirke.get(g.ags[:3], ""),
            "population": g.population,
            "population_date": stand,
            "area_km2": g.area_km2,
            "postal_code": g.postal_code,
        }
        if g.is_city:
            kreis_level.add(g.ags)
    for k in register.kreise:
        kreis_level.add(k.ags)
        if k.is_city and k.ags in gemeinden:
            continue  # one Kommune, described by its Satzart-60 record
        own = members.get(k.key, [])
        # Kreis records carry no figures; a Landkreis's are the sums of its Gemeinden.
        wanted[k.ags] = {
            "name": k.name,
            "kind": Municipality.Kind.KREISFREIE_STADT if k.is_city else Municipality.Kind.LANDKREIS,
            "regierungsbezirk": bezirke.get(k.ags[:3], ""),
            "population": sum(g.population for g in own) if own else None,
            "population_date": stand if own else None,
            "area_km2": sum((g.area_km2 for g in own), Decimal("0")) if own else None,
            "postal_code": "",
        }
    return wanted, kreis_level


def _bulk_update(objs: list[Municipality], fields: list[str]) -> None:
    """`bulk_update` for many rows. Django's version builds one CASE per field whose
    cost grows with rows × rows (6 s for the 446 Hessian Kommunen on PostgreSQL); one
    UPDATE … FROM (VALUES …) per batch does the same in a fraction of that."""
    meta = Municipality._meta
    columns = [
        cast("Field[Any, Any]", meta.pk),
        *(cast("Field[Any, Any]", meta.get_field(f)) for f in fields),
    ]

    def quote(name: str | None) -> str:
        return connection.ops.quote_name(name or "")

    placeholders = ", ".join(f"%s::{c.db_type(connection)}" for c in columns)
    names = [quote(c.column) for c in columns]
    alias = f"v({', '.join(names)})"
    assignments = ", ".join(
        f"{quote(c.column)} = v.{name}" for c, name in zip(columns[1:], names[1:], strict=True)
    )
    table, pk = quote(meta.db_table), quote(columns[0].column)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), _BATCH):
            batch = objs[start : start + _BATCH]
            params = [
                c.get_db_prep_save(getattr(obj, c.attname), connection) for obj in batch for c in columns
            ]
            rows = ", ".join(f"({placeholders})" for _ in batch)
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {rows}) AS {alias} "  # noqa: S608
                f"WHERE {table}.{pk} = v.{names[0]}",
                params,
            )


@transaction.atomic
def register_import(
    *,
    data: bytes,
    file_name: str = "",
    dry_run: bool = False,
    confirmed: bool = False,
    actor: User | None = None,
    job: RegisterImport | None = None,
) -> RegisterImportResult:
    """Bring the Kommunen of the configured Land to the state of a GV100AD file.

    Creates and updates by AGS, never deletes: Kommunen missing from a newer edition
    get `valid_until` (the day before its Gebietsstand). Names and figures changed
    by the file are kept in the history with a reason. A retired Gemeinde gets a
    successor only when exactly one new Gemeinde appeared in its Kreis; everything
    else is left to `municipality_merge`. One transaction: any error leaves the
    database unchanged, and `dry_run` rolls back after computing the result."""
    land = land_code()
    register = gv100ad.parse(data).of_land(land)
    stand = register.gebietsstand
    stand_text = f"{stand:%d.%m.%Y}"
    if not register.gemeinden:
        raise ValidationError(REGISTER_NO_MUNICIPALITIES.format(land=LAENDER[land], code=land))
    _register_lock(land)
    done = RegisterImport.objects.filter(status=RegisterImport.Status.DONE)
    if job is not None:
        done = done.exclude(pk=job.pk)
    latest = done.aggregate(latest=Max("gebietsstand"))["latest"]
    if latest is not None and stand < latest:
        raise ValidationError(REGISTER_OLDER_EDITION.format(stand=stand_text, latest=f"{latest:%d.%m.%Y}"))
    # Only against a known earlier edition is "new in the file" the same as "new".
    new_valid_from = stand if latest is not None and stand > latest else None
    now = timezone.now()
    result = RegisterImportResult(gebietsstand=stand, land=land, dry_run=dry_run)
    reason = REGISTER_REASON.format(stand=stand_text)

    wanted, kreis_level = _wanted_from_register(register)
    existing = {m.ags: m for m in Municipality.objects.filter(ags__startswith=land)}
    active_before = sum(1 for m in existing.values() if m.valid_until is None)

    def district_ags(ags: str) -> str:
        return ags if ags in kreis_level else f"{ags[:5]}000"

    # 1. New Kommunen: Kreis level first, so the Gemeinden can point at their Kreis.
    new_by_ags: dict[str, Municipality] = {}
    for level in (True, False):
        batch = []
        for ags, values in wanted.items():
            if ags in existing or (ags in kreis_level) != level:
                continue
            m = Municipality(ags=ags, valid_from=new_valid_from, created_at=now, updated_at=now, **values)
            if not level:
                kreis = existing.get(district_ags(ags)) or new_by_ags.get(district_ags(ags))
                m.district = kreis
            batch.append(m)
        created = bulk_create_with_history(
            batch, Municipality, batch_size=_BATCH, default_user=actor, default_change_reason=reason
        )
        new_by_ags.update({m.ags: m for m in created})
        if level and created:
            pks = [m.pk for m in created]
            Municipality.objects.filter(pk__in=pks).update(district=F("pk"))
            Municipality.history.filter(id__in=pks, district__isnull=True).update(district=F("id"))
            for m in created:
                m.district_id = m.pk
        result.created += [_label(m.name, m.ags) for m in created]

    # 2. Kommunen in the file that changed.
    by_ags = {**existing, **new_by_ags}
    changed: list[Municipality] = []
    for ags, values in wanted.items():
        if ags not in existing:
            continue
        m = existing[ags]
        old_name = m.name
        dirty = False
        for name, value in values.items():
            if getattr(m, name) != value:
                setattr(m, name, value)
                dirty = True
        kreis = by_ags.get(district_ags(ags))
        if kreis is not None and m.district_id != kreis.pk:
            m.district_id = kreis.pk
            dirty = True
        # Back in the register after an import had retired it (a merger stays as recorded).
        if m.valid_until is not None and m.valid_until < stand and m.successor_id is None:
            m.valid_until = None
            dirty = True
        if not dirty:
            result.unchanged += 1
            continue
        m.updated_at = now
        if m.name != old_name:
            m._change_reason = REGISTER_REASON_RENAMED.format(stand=stand_text, old=old_name)[:100]  # type: ignore[attr-defined]
            result.renamed.append(f"{old_name} → {m.name} ({ags})")
        changed.append(m)
        result.updated.append(_label(m.name, ags))

    # 3. Kommunen no longer in the file: retired, never deleted.
    retire_on = stand - dt.timedelta(days=1)
    new_gemeinden_by_kreis: dict[str, list[Municipality]] = {}
    for m in new_by_ags.values():
        if m.ags not in kreis_level:
            new_gemeinden_by_kreis.setdefault(m.kreis_key, []).append(m)
    for ags, m in existing.items():
        if ags in wanted or m.valid_until is not None:
            continue
        m.valid_until = max(retire_on, m.valid_from) if m.valid_from else retire_on
        m.updated_at = now
        m._change_reason = REGISTER_REASON_RETIRED.format(stand=stand_text)  # type: ignore[attr-defined]
        candidates = [] if ags in kreis_level else new_gemeinden_by_kreis.get(m.kreis_key, [])
        label = _label(m.name, ags)
        if m.successor_id is None and len(candidates) == 1:
            m.successor = candidates[0]
            label += f" → {_label(candidates[0].name, candidates[0].ags)}"
        elif m.successor_id is None and m.kind != Municipality.Kind.LANDKREIS:
            result.without_successor.append(_label(m.name, ags))
        changed.append(m)
        result.retired.append(label)

    if changed:
        _bulk_update(changed, [*_REGISTER_FIELDS, "district", "valid_until", "successor", "updated_at"])
        Municipality.history.bulk_history_create(  # type: ignore[attr-defined]
            changed, batch_size=_BATCH, update=True, default_user=actor, default_change_reason=reason
        )

    result.warnings = register_warnings(
        register=register,
        land=land,
        retired=len(result.retired),
        changed=result.changed,
        active_before=active_before,
        latest=latest,
    )
    if dry_run:
        transaction.set_rollback(True)
        return result
    if result.warnings and not confirmed:
        # Raising rolls back everything written above.
        raise RegisterNeedsConfirmation([REGISTER_NEEDS_CONFIRMATION, *result.warnings])
    log = job or RegisterImport(file_name=file_name, uploaded_by=actor, started_at=now, attempts=1)
    log.status = RegisterImport.Status.DONE
    log.gebietsstand = stand
    log.created_count = len(result.created)
    log.updated_count = len(result.updated)
    log.retired_count = len(result.retired)
    log.unchanged_count = result.unchanged
    log.result = result.summary()
    log.finished_at = timezone.now()
    log.save()
    population_record_edition(register=register, job=log, municipalities=by_ags)  # every edition (demography)
    return result


@transaction.atomic
def register_import_request(*, file: BinaryIO, actor: User | None) -> RegisterImport:
    """Store an uploaded GV100AD file as a job in preview: the dry run runs here, in the
    request (a Land's file takes well under a second), so the adviser sees its counts and
    warnings before anything is written. A file that cannot be read, or is older than the
    register, is refused at once and nothing is stored. The import itself waits for
    `register_import_confirm`."""
    from django.core.files import File
    from django.template.defaultfilters import filesizeformat

    limit = getattr(settings, "IKZ_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            REGISTER_FILE_TOO_LARGE.format(size=filesizeformat(size), max=filesizeformat(limit)),
            code="too_large",
        )
    head = file.read(1024)
    file.seek(0)
    if not gv100ad.looks_like_gv100ad(head):
        raise ValidationError(REGISTER_NOT_GV100AD, code="not_gv100ad")
    data = file.read()
    file.seek(0)
    preview = register_import(data=data, dry_run=True, actor=actor)
    name = getattr(file, "name", "") or "gv100ad.txt"
    job = RegisterImport(
        file_name=name.rsplit("/", 1)[-1][:255],
        uploaded_by=actor,
        status=RegisterImport.Status.PREVIEW,
        gebietsstand=preview.gebietsstand,
        created_count=len(preview.created),
        updated_count=len(preview.updated),
        retired_count=len(preview.retired),
        unchanged_count=preview.unchanged,
        result=preview.summary(),
        warnings="\n".join(preview.warnings),
    )
    job.file.save(
        job.file_name, file if isinstance(file, File) else File(file, name=job.file_name), save=False
    )
    job.save()
    return job


@transaction.atomic
def register_import_confirm(
    *, job: RegisterImport, actor: User | None, accept_warnings: bool = False
) -> RegisterImport:
    """Let a worker import a previewed file after commit. A preview with warnings needs
    `accept_warnings`; the worker checks the file again against the register as it is
    then and imports it only if these were accepted or none are left."""
    locked = RegisterImport.objects.select_for_update().get(pk=job.pk)
    if locked.status == RegisterImport.Status.FAILED:
        raise ValidationError(REGISTER_DISCARDED, code="discarded")
    if locked.status != RegisterImport.Status.PREVIEW:
        return locked  # a double click confirms once
    if locked.warnings and not accept_warnings:
        raise ValidationError(REGISTER_CONFIRM_WARNINGS, code="confirm_warnings")
    locked.status = RegisterImport.Status.REQUESTED
    locked.warnings_confirmed = bool(locked.warnings)
    locked.confirmed_by = actor
    locked.save(update_fields=["status", "warnings_confirmed", "confirmed_by", "updated_at"])
    registered(RUN_REGISTER_IMPORT).delay_on_commit(locked.pk)
    return locked


@transaction.atomic
def register_import_discard(*, job: RegisterImport, actor: User | None) -> RegisterImport:
    """Close a preview without importing it; the log keeps the row."""
    now = timezone.now()
    RegisterImport.objects.filter(pk=job.pk, status=RegisterImport.Status.PREVIEW).update(
        status=RegisterImport.Status.FAILED,
        result=REGISTER_DISCARDED_RESULT.format(by=f" von {actor.email}" if actor is not None else ""),
        finished_at=now,
        updated_at=now,
    )
    job.refresh_from_db()
    return job
