"""Small GV100AD files built in the tests, so they run without ../shared/data.

A line is 220 characters; the positions are those of the Destatis record layout."""

from __future__ import annotations

from dataclasses import dataclass


def record(
    satzart: str,
    key: str,
    name: str,
    *,
    stand: str = "20200101",
    seat: str = "",
    kind: str = "",
    verband: str = "",
    area_ha: int = 0,
    population: int = 0,
    male: int = 0,
    postal_code: str = "",
    several_postal_codes: bool = False,
) -> str:
    chars = [" "] * 220

    def put(pos: int, text: str) -> None:
        chars[pos : pos + len(text)] = list(text)

    put(0, satzart)
    put(2, stand)
    put(10, key)
    put(18, verband)
    put(22, name[:50])
    put(72, seat[:50])
    put(122, kind)
    if satzart == "60":
        put(128, f"{area_ha:011d}")
        put(139, f"{population:011d}")
        put(150, f"{male:011d}")
        put(165, postal_code)
        put(170, "*****" if several_postal_codes else "")
    line = "".join(chars)
    assert len(line) == 220
    return line


@dataclass(frozen=True)
class Gemeinde:
    ags: str
    name: str
    kind: str = "64"
    area_ha: int = 5000
    population: int = 4000
    postal_code: str = "34399"


KASSEL = Gemeinde("06611000", "Kassel, documenta-Stadt", "61", 10677, 204_202, "34117")
HOFGEISMAR = Gemeinde("06633013", "Hofgeismar, Stadt", "63", 6631, 15_418, "34369")
OBERWESER = Gemeinde("06633021", "Oberweser", "64", 3411, 2_847, "34399")
WAHLSBURG = Gemeinde("06633027", "Wahlsburg", "64", 1851, 2_231, "37194")
WESERTAL = Gemeinde("06633030", "Wesertal", "64", 5265, 4_713, "34399")
REINHARDSWALD = Gemeinde("06633200", "Gutsbezirk Reinhardswald", "66", 18_420, 0, "")
FULDA = Gemeinde("06631009", "Fulda, Stadt", "63", 10_404, 70_136, "36037")
KUENZELL = Gemeinde("06631016", "Künzell", "64", 3_104, 16_870, "36093")

EDITION_2018 = (KASSEL, HOFGEISMAR, OBERWESER, WAHLSBURG, REINHARDSWALD, FULDA, KUENZELL)
EDITION_2021 = (KASSEL, HOFGEISMAR, WESERTAL, REINHARDSWALD, FULDA, KUENZELL)

KREISE = {
    "06611": ("Kassel, documenta-Stadt", "41"),
    "06631": ("Fulda", "44"),
    "06633": ("Kassel", "44"),
}


def edition(stand: str, gemeinden: tuple[Gemeinde, ...] = EDITION_2018, *, newline: str = "\n") -> str:
    """A small Hessian edition (RB Kassel) plus one municipality of Niedersachsen,
    which the import of a Hessian portal must ignore."""
    lines = [
        record("10", "06", "Hessen", stand=stand, seat="Wiesbaden"),
        record("20", "066", "Reg.-Bez. Kassel", stand=stand, seat="Kassel"),
    ]
    kreise = sorted({g.ags[:5] for g in gemeinden})
    for key in kreise:
        name, kind = KREISE[key]
        lines.append(record("40", key, name, stand=stand, seat=name.split(",")[0], kind=kind))
        for g in (g for g in gemeinden if g.ags[:5] == key):
            lines.append(
                record(
                    "60",
                    g.ags,
                    g.name,
                    stand=stand,
                    verband="0" + g.ags[5:],
                    kind=g.kind,
                    area_ha=g.area_ha,
                    population=g.population,
                    male=g.population // 2,
                    postal_code=g.postal_code,
                )
            )
    lines.append(record("40", "03159", "Göttingen", stand=stand, seat="Göttingen", kind="44"))
    lines.append(
        record(
            "60", "03159016", "Göttingen, Stadt", stand=stand, verband="5016", kind="63", population=118_911
        )
    )
    return newline.join(lines) + newline


def edition_bytes(
    stand: str, gemeinden: tuple[Gemeinde, ...] = EDITION_2018, encoding: str = "utf-8"
) -> bytes:
    newline = "\r\n" if encoding == "cp1252" else "\n"
    return edition(stand, gemeinden, newline=newline).encode(encoding)
