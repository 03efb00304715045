"""Reader for the Destatis Gemeindeverzeichnis GV100AD (fixed width, 220 characters).

Layout: the official "Datensatzbeschreibung Gemeindeverzeichnis" (GV100), summarised
in ../shared/data/README.md. Positions there are 1-based and inclusive; the slices
below are the same positions, 0-based. Lines are decoded first and then sliced by
character, because umlauts take two bytes in the UTF-8 editions (2019 onwards) and
one in the Windows-1252 editions (2018 and older).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

RECORD_LENGTH = 220

# Error texts (tests reuse them). A line error always names the line number.
LINE_ERROR = "Zeile {line}: {problem}"
NOT_DECODABLE = "Die Datei ist weder UTF-8 noch Windows-1252 (Zeichen an Byte {pos} ist ungültig)."
EMPTY_FILE = "Die Datei enthält keine Datensätze."
TOO_LONG = "Der Datensatz ist {length} Zeichen lang, erlaubt sind {max} Zeichen."
UNKNOWN_RECORD_TYPE = "unbekannte Satzart „{value}“ (erwartet 10, 20, 30, 40, 50 oder 60)."
BAD_DATE = "Gebietsstand „{value}“ ist kein Datum der Form JJJJMMTT."
MIXED_DATE = "Gebietsstand {value} weicht vom Gebietsstand der ersten Zeile ({first}) ab."
BAD_KEY = "der Regionalschlüssel „{value}“ muss an den Stellen 11–{end} aus Ziffern bestehen."
BAD_NUMBER = "{name} „{value}“ ist keine Zahl."
MISSING_NAME = "der Name (Stellen 23–72) fehlt."
BAD_KIND = "Textkennzeichen „{value}“ ist für Satzart {record_type} nicht zulässig (erlaubt: {allowed})."
BAD_POSTAL_CODE = "Postleitzahl „{value}“ muss aus 5 Ziffern bestehen."
DUPLICATE_KEY = "Schlüssel {key} steht schon in Zeile {first}."
MALE_ABOVE_TOTAL = "die Zahl der Männer ({male}) ist größer als die Bevölkerung ({total})."

# Textkennzeichen (EF7U1) by record type.
KREIS_KINDS = {
    "41": "Kreisfreie Stadt",
    "42": "Stadtkreis",
    "43": "Kreis",
    "44": "Landkreis",
    "45": "Regionalverband",
}
GEMEINDE_KINDS = {
    "60": "Markt",
    "61": "Kreisfreie Stadt",
    "62": "Stadtkreis",
    "63": "Stadt",
    "64": "Kreisangehörige Gemeinde",
    "65": "Gemeindefreies Gebiet, bewohnt",
    "66": "Gemeindefreies Gebiet, unbewohnt",
    "67": "Große Kreisstadt",
}
# A kreisfreie Stadt / Stadtkreis is Kreis and Gemeinde at once.
CITY_KREIS_KINDS = frozenset({"41", "42"})
CITY_GEMEINDE_KINDS = frozenset({"61", "62"})


class Gv100adError(ValidationError):
    """A problem in the file; `line` is the 1-based line number (None for the whole file)."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        message = LINE_ERROR.format(line=line, problem=problem) if line else problem
        super().__init__(message, code="gv100ad")
        self.line = line
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Record:
    line: int
    gebietsstand: dt.date
    key: str  # the filled part of the Regionalschlüssel, pos 11–18
    name: str


@dataclass(frozen=True, slots=True)
class LandRecord(Record):
    seat: str


@dataclass(frozen=True, slots=True)
class BezirkRecord(Record):
    """Satzart 20 (Regierungsbezirk); key = Land + RB, e.g. 064."""

    seat: str

    @property
    def short_name(self) -> str:
        """ "Reg.-Bez. Darmstadt" → "Darmstadt"."""
        return self.name.removeprefix("Reg.-Bez.").strip()


@dataclass(frozen=True, slots=True)
class RegionRecord(Record):
    """Satzart 30 (Region, Baden-Württemberg only); key = Land + RB + Region."""

    seat: str


@dataclass(frozen=True, slots=True)
class KreisRecord(Record):
    """Satzart 40; key = Kreisschlüssel (5 digits)."""

    seat: str
    kind: str

    @property
    def is_city(self) -> bool:
        return self.kind in CITY_KREIS_KINDS

    @property
    def ags(self) -> str:
        return f"{self.key}000"


@dataclass(frozen=True, slots=True)
class VerbandRecord(Record):
    """Satzart 50 (Gemeindeverband); key = Kreisschlüssel, verband = 4 digits."""

    verband: str
    seat: str
    kind: str


@dataclass(frozen=True, slots=True)
class GemeindeRecord(Record):
    """Satzart 60; key = AGS (8 digits)."""

    verband: str
    kind: str
    area_ha: int
    population: int
    male: int
    postal_code: str
    several_postal_codes: bool

    @property
    def ags(self) -> str:
        return self.key

    @property
    def kreis_key(self) -> str:
        return self.key[:5]

    @property
    def ars(self) -> str:
        """12-digit Amtlicher Regionalschlüssel."""
        return f"{self.key[:5]}{self.verband}{self.key[5:]}"

    @property
    def area_km2(self) -> Decimal:
        return (Decimal(self.area_ha) / 100).quantize(Decimal("0.01"))

    @property
    def female(self) -> int:
        return self.population - self.male

    @property
    def is_city(self) -> bool:
        return self.kind in CITY_GEMEINDE_KINDS


@dataclass(slots=True)
class Gv100adFile:
    gebietsstand: dt.date
    encoding: str
    laender: list[LandRecord] = field(default_factory=list)
    bezirke: list[BezirkRecord] = field(default_factory=list)
    regionen: list[RegionRecord] = field(default_factory=list)
    kreise: list[KreisRecord] = field(default_factory=list)
    verbaende: list[VerbandRecord] = field(default_factory=list)
    gemeinden: list[GemeindeRecord] = field(default_factory=list)

    def of_land(self, land: str) -> Gv100adFile:
        """The same file, reduced to the records of one Land (AGS prefix)."""

        def keep[R: Record](records: list[R]) -> list[R]:
            return [r for r in records if r.key.startswith(land)]

        return Gv100adFile(
            gebietsstand=self.gebietsstand,
            encoding=self.encoding,
            laender=keep(self.laender),
            bezirke=keep(self.bezirke),
            regionen=keep(self.regionen),
            kreise=keep(self.kreise),
            verbaende=keep(self.verbaende),
            gemeinden=keep(self.gemeinden),
        )


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (2019 onwards) first, else Windows-1252."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise Gv100adError(NOT_DECODABLE.format(pos=exc.start + 1)) from exc


def _lines(text: str) -> Iterator[tuple[int, str]]:
    # Split on LF only: str.splitlines() would also split on form feeds and the like.
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if line.strip():
            yield number, line


def _digits(value: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts „²“, „٣“ or „３“, which int() would
    either refuse with a traceback or read as a different number."""
    return value.isascii() and value.isdigit()


def _date(value: str, line: int) -> dt.date:
    if not (len(value) == 8 and _digits(value)):
        raise Gv100adError(BAD_DATE.format(value=value.strip()), line)
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise Gv100adError(BAD_DATE.format(value=value), line) from None


def _number(value: str, name: str, line: int) -> int:
    stripped = value.strip()
    if not stripped:
        return 0
    if not _digits(stripped):
        raise Gv100adError(BAD_NUMBER.format(name=name, value=stripped), line)
    return int(stripped)


def _key(line_text: str, digits: int, line: int) -> str:
    key = line_text[10 : 10 + digits]
    if not (len(key) == digits and _digits(key)):
        raise Gv100adError(BAD_KEY.format(value=line_text[10:18].rstrip(), end=10 + digits), line)
    return key


def _verband(text: str, line: int) -> str:
    # Not used by the portal; checked only so that a shifted line is noticed.
    verband = text[18:22]
    if verband.strip() and not _digits(verband):
        raise Gv100adError(BAD_NUMBER.format(name="Gemeindeverband", value=verband.strip()), line)
    return verband.strip()


def _kind(value: str, allowed: dict[str, str], record_type: str, line: int) -> str:
    if value not in allowed:
        raise Gv100adError(
            BAD_KIND.format(value=value.strip(), record_type=record_type, allowed=", ".join(allowed)), line
        )
    return value


def parse_line(text: str, line: int) -> Record:
    if len(text) > RECORD_LENGTH:
        raise Gv100adError(TOO_LONG.format(length=len(text), max=RECORD_LENGTH), line)
    # Editors and some exports drop trailing blanks; the fields are positional, so pad.
    text = text.ljust(RECORD_LENGTH)
    record_type = text[0:2]
    if record_type not in {"10", "20", "30", "40", "50", "60"}:
        raise Gv100adError(UNKNOWN_RECORD_TYPE.format(value=record_type), line)
    gebietsstand = _date(text[2:10], line)
    name = text[22:72].strip()
    seat = text[72:122].strip()
    kind = text[122:124]
    if not name:
        raise Gv100adError(MISSING_NAME, line)
    match record_type:
        case "10":
            return LandRecord(line, gebietsstand, _key(text, 2, line), name, seat)
        case "20":
            return BezirkRecord(line, gebietsstand, _key(text, 3, line), name, seat)
        case "30":
            return RegionRecord(line, gebietsstand, _key(text, 4, line), name, seat)
        case "40":
            return KreisRecord(
                line, gebietsstand, _key(text, 5, line), name, seat, _kind(kind, KREIS_KINDS, "40", line)
            )
        case "50":
            return VerbandRecord(
                line, gebietsstand, _key(text, 5, line), name, _verband(text, line), seat, kind.strip()
            )
    # Satzart 60
    verband = _verband(text, line)
    population = _number(text[139:150], "Bevölkerung", line)
    male = _number(text[150:161], "Bevölkerung männlich", line)
    if male > population:
        raise Gv100adError(MALE_ABOVE_TOTAL.format(male=male, total=population), line)
    postal_code = text[165:170].strip()
    if postal_code and not (len(postal_code) == 5 and _digits(postal_code)):
        raise Gv100adError(BAD_POSTAL_CODE.format(value=postal_code), line)
    return GemeindeRecord(
        line=line,
        gebietsstand=gebietsstand,
        key=_key(text, 8, line),
        name=name,
        verband=verband,
        kind=_kind(kind, GEMEINDE_KINDS, "60", line),
        area_ha=_number(text[128:139], "Fläche", line),
        population=population,
        male=male,
        postal_code=postal_code,
        several_postal_codes=bool(text[170:175].strip()),
    )


def parse(data: bytes) -> Gv100adFile:
    """Parse a whole file. Raises Gv100adError naming the first bad line."""
    text, encoding = decode(data)
    result: Gv100adFile | None = None
    seen: dict[tuple[type, str, str], int] = {}
    for number, line in _lines(text):
        record = parse_line(line, number)
        # A Gemeindeverband key repeats across Kreise only with its Kreis; keys are unique per type.
        identity = (type(record), record.key, getattr(record, "verband", ""))
        if identity in seen:
            raise Gv100adError(DUPLICATE_KEY.format(key=record.key, first=seen[identity]), number)
        seen[identity] = number
        if result is None:
            result = Gv100adFile(gebietsstand=record.gebietsstand, encoding=encoding)
        elif record.gebietsstand != result.gebietsstand:
            raise Gv100adError(
                MIXED_DATE.format(
                    value=f"{record.gebietsstand:%d.%m.%Y}", first=f"{result.gebietsstand:%d.%m.%Y}"
                ),
                number,
            )
        match record:
            case LandRecord():
                result.laender.append(record)
            case BezirkRecord():
                result.bezirke.append(record)
            case RegionRecord():
                result.regionen.append(record)
            case KreisRecord():
                result.kreise.append(record)
            case VerbandRecord():
                result.verbaende.append(record)
            case GemeindeRecord():
                result.gemeinden.append(record)
    if result is None:
        raise Gv100adError(EMPTY_FILE)
    return result


def looks_like_gv100ad(head: bytes) -> bool:
    """A cheap check of the first line for upload forms: Satzart and a Gebietsstand date."""
    try:
        text, _ = decode(head)
    except Gv100adError:
        # The head may end inside a multi-byte character.
        text = head.decode("utf-8", errors="ignore")
    first = next((line for _, line in _lines(text)), "")
    try:
        parse_line(first[:RECORD_LENGTH], 1)
    except Gv100adError:
        return False
    return True
