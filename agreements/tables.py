"""A key as the table the pages and the documents show: basis, share in % and in €,
and the sums (which the largest-remainder rounding makes exactly 100 % and the total)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from backoffice.money import euro_number, euro_text

from .keys import Line, de_number
from .models import CostKey, KeyMethod

BASIS_HEADING = {
    KeyMethod.POPULATION: "Einwohner",
    KeyMethod.MIXED: "Einwohner",
    KeyMethod.USAGE: "Nutzungseinheiten",
    KeyMethod.CUSTOM: "vereinbarter Anteil",
    KeyMethod.EQUAL: "Grundlage",
}


@dataclass(frozen=True)
class Row:
    name: str
    ags: str
    basis: str
    basis_date: str
    percent: str
    amount: str


@dataclass(frozen=True)
class KeyTable:
    method: str
    basis_heading: str
    rows: list[Row]
    total_percent: str
    total_amount: str


def basis_text(method: KeyMethod | str, basis: Decimal | None) -> str:
    if basis is None:
        return "–"
    if method in (KeyMethod.POPULATION, KeyMethod.MIXED):
        return f"{int(basis):,}".replace(",", ".")
    if method == KeyMethod.CUSTOM:
        return f"{de_number(basis)} %"
    return de_number(basis)


def percent_text(value: Decimal) -> str:
    return f"{euro_number(value)} %"


def _table(
    method: KeyMethod, rows: list[Row], percents: Sequence[Decimal], amounts: Sequence[Decimal]
) -> KeyTable:
    return KeyTable(
        method=str(method.label),
        basis_heading=BASIS_HEADING[method],
        rows=rows,
        total_percent=percent_text(sum(percents, Decimal(0))),
        total_amount=euro_text(sum(amounts, Decimal(0))),
    )


def table_of_key(key: CostKey) -> KeyTable:
    """The saved version (its shares prefetched or read here, with their municipality)."""
    method = KeyMethod(key.method)
    shares = sorted(key.shares.all(), key=lambda s: s.position)
    rows = [
        Row(
            name=s.municipality.display_name,
            ags=s.municipality.ags,
            basis=basis_text(method, s.basis),
            basis_date=f"{s.basis_date:%d.%m.%Y}" if s.basis_date else "",
            percent=percent_text(s.percent),
            amount=euro_text(s.amount),
        )
        for s in shares
    ]
    return _table(method, rows, [s.percent for s in shares], [s.amount for s in shares])


def table_of_lines(method: KeyMethod | str, lines: Sequence[Line]) -> KeyTable:
    """A calculation not saved yet (the preview)."""
    method = KeyMethod(method)
    rows = [
        Row(
            name=line.partner.name,
            ags=line.partner.ags,
            basis=basis_text(method, line.basis),
            basis_date=f"{line.basis_date:%d.%m.%Y}" if line.basis_date else "",
            percent=percent_text(line.percent),
            amount=euro_text(line.amount),
        )
        for line in lines
    ]
    return _table(method, rows, [line.percent for line in lines], [line.amount for line in lines])
