"""The arithmetic of a cost-sharing key, without the database: the weights of each
method, and the rounding to cents by the largest-remainder method (Hare–Niemeyer), so
that the shares add up exactly to the total and the percentages exactly to 100,00 %.

Fractions, not Decimal, for the weights: a third stays a third until the one rounding
step, which is where the cents are handed out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError

from .models import KeyMethod

NO_PARTNERS = (
    "Für diesen Vorgang sind keine beteiligten Kommunen erfasst. Tragen Sie zuerst die Partner ein; "
    "dann lässt sich ein Schlüssel berechnen."
)
TOTAL_POSITIVE = "Geben Sie die jährlichen Gesamtkosten als Betrag über 0,00 € ein."
VALUE_MISSING = "Geben Sie für {name} einen Wert ein."
NEGATIVE_UNITS = "Die Nutzungseinheiten von {name} dürfen nicht negativ sein."
NO_UNITS = "Mindestens eine Kommune muss mehr als 0 Nutzungseinheiten haben."
NEGATIVE_PERCENT = "Der Prozentsatz von {name} darf nicht negativ sein."
PERCENT_SUM = "Die Prozentsätze ergeben zusammen {total} %. Zusammen müssen es genau 100 % sein."
NO_POPULATION = (
    "Für {name} ist im Gemeindeverzeichnis keine Einwohnerzahl hinterlegt. Wählen Sie einen anderen "
    "Schlüssel oder lassen Sie die Einwohnerzahl nachtragen."
)
ZERO_POPULATION = "Die beteiligten Kommunen haben zusammen 0 Einwohner; danach lässt sich nichts verteilen."
BASE_MISSING = "Geben Sie den Sockelanteil in Prozent ein (z. B. 30)."
BASE_RANGE = "Der Sockelanteil muss zwischen 0 und 100 % liegen."

CENTS = 100
HUNDREDTHS_OF_PERCENT = 100 * 100


@dataclass(frozen=True)
class Partner:
    municipality_id: int
    name: str
    ags: str
    population: int | None = None
    population_date: dt.date | None = None
    value: Decimal | None = None  # typed: usage units or the agreed percentage


@dataclass(frozen=True)
class Line:
    partner: Partner
    basis: Decimal | None
    basis_date: dt.date | None
    percent: Decimal
    amount: Decimal


def de_number(value: Decimal) -> str:
    """12,5 / 100 / 33,33 for messages (no trailing zeros, German comma)."""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")


def largest_remainder(weights: Sequence[Fraction], units: int) -> list[int]:
    """`units` split in proportion to `weights` (not all zero) in whole units: each gets
    its quota rounded down, and the units left over go to the largest remainders; equal
    remainders go to the partner listed first (a fixed, explainable order)."""
    total = sum(weights, Fraction(0))
    quotas = [w * units / total for w in weights]
    floors = [q.numerator // q.denominator for q in quotas]
    left = units - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def _weights(
    method: KeyMethod, partners: Sequence[Partner], base_share_pct: Decimal | None
) -> tuple[list[Fraction], list[Decimal | None]]:
    """The weight of each partner and the basis shown in the table, or the German errors."""
    errors: dict[str, list[str]] = {}
    n = len(partners)
    if method == KeyMethod.EQUAL:
        return [Fraction(1)] * n, [None] * n
    if method in (KeyMethod.POPULATION, KeyMethod.MIXED):
        for p in partners:
            if p.population is None:
                errors.setdefault("__all__", []).append(NO_POPULATION.format(name=p.name))
        base = Fraction(0)
        if method == KeyMethod.MIXED:
            if base_share_pct is None:
                errors["base_share_pct"] = [BASE_MISSING]
            elif not Decimal(0) <= base_share_pct <= Decimal(100):
                errors["base_share_pct"] = [BASE_RANGE]
            else:
                base = Fraction(base_share_pct) / 100
        if errors:
            raise ValidationError(errors)
        people = [p.population or 0 for p in partners]
        inhabitants = sum(people)
        if inhabitants == 0 and base < 1:
            raise ValidationError(ZERO_POPULATION)
        rest = 1 - base
        weights = [
            base / n + (rest * Fraction(k, inhabitants) if inhabitants else Fraction(0)) for k in people
        ]
        return weights, [Decimal(k) for k in people]
    # usage units or agreed percentages: one typed value per partner
    values: list[Decimal] = []
    for p in partners:
        field = f"value_{p.municipality_id}"
        if p.value is None:
            errors[field] = [VALUE_MISSING.format(name=p.name)]
        elif p.value < 0:
            message = NEGATIVE_UNITS if method == KeyMethod.USAGE else NEGATIVE_PERCENT
            errors[field] = [message.format(name=p.name)]
        else:
            values.append(p.value)
    if errors:
        raise ValidationError(errors)
    if method == KeyMethod.USAGE and not any(values):
        raise ValidationError(NO_UNITS)
    if method == KeyMethod.CUSTOM and sum(values) != 100:
        raise ValidationError(PERCENT_SUM.format(total=de_number(sum(values, Decimal(0)))))
    return [Fraction(v) for v in values], list(values)


def compute(
    *,
    method: KeyMethod | str,
    total: Decimal | None,
    partners: Sequence[Partner],
    base_share_pct: Decimal | None = None,
) -> list[Line]:
    """Each partner's share of `total` in per cent and euro; ValidationError (German,
    by form field where there is one) for input no key can be built from."""
    method = KeyMethod(method)
    if not partners:
        raise ValidationError(NO_PARTNERS)
    if total is None or total <= 0:
        raise ValidationError({"total": [TOTAL_POSITIVE]})
    weights, bases = _weights(method, partners, base_share_pct)
    cents = largest_remainder(weights, int(total * CENTS))
    hundredths = largest_remainder(weights, HUNDREDTHS_OF_PERCENT)
    dated = method in (KeyMethod.POPULATION, KeyMethod.MIXED)
    return [
        Line(
            partner=p,
            basis=basis,
            basis_date=p.population_date if dated else None,
            percent=Decimal(h) / 100,
            amount=Decimal(c) / CENTS,
        )
        for p, basis, c, h in zip(partners, bases, cents, hundredths, strict=True)
    ]
