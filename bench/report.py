"""Puts the figures of two runs (factor 1 and nationwide) side by side: one table on
the terminal and one JSON file with both runs and the comparison."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .targets import JOB_TARGETS, TARGET_P95_MS, TARGET_RATIO

FLOOR_GROUP = "floor"


def _floor(run: dict[str, Any]) -> float | None:
    for page in run["pages"].values():
        if page.get("group") == FLOOR_GROUP and "median_ms" in page:
            return page["median_ms"]
    return None


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 2)


def compare(small: dict[str, Any], large: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    floor_small, floor_large = _floor(small), _floor(large)
    for name, lg in large["pages"].items():
        sm = small["pages"].get(name, {})
        row: dict[str, Any] = {"name": name, "kind": "page", "group": lg.get("group")}
        if "skipped" in lg or "median_ms" not in lg:
            row["note"] = lg.get("skipped") or (
                f"FEHLER {lg['error']}" if "error" in lg else "nicht gemessen"
            )
            rows.append(row)
            continue
        target = TARGET_P95_MS.get(lg["group"])
        row.update(
            status=lg["status"],
            queries_small=sm.get("queries"),
            queries_large=lg["queries"],
            p95_small=sm.get("p95_ms"),
            p95_large=lg["p95_ms"],
            median_small=sm.get("median_ms"),
            median_large=lg["median_ms"],
            ratio=_ratio(lg["median_ms"], sm.get("median_ms")),
            floor_small=_ratio(sm.get("median_ms"), floor_small),
            floor_large=_ratio(lg["median_ms"], floor_large),
            target_p95=target,
        )
        misses = []
        if lg["status"] != 200:
            misses.append(f"HTTP {lg['status']}")
        if row["queries_small"] is not None and row["queries_small"] != row["queries_large"]:
            misses.append("Abfragen wachsen")
        if target and lg["p95_ms"] > target:
            misses.append(f"p95 > {target} ms")
        row["results_small"], row["results_large"] = sm.get("results"), lg.get("results")
        comparable = row["results_small"] == row["results_large"]
        if not comparable:
            # Fewer results at factor 1 (a filter finds 3 cases in one Land, a full page
            # nationwide): the ratio compares pages of different length, not scale. It is
            # shown, not judged; the time target still applies.
            row["note_ratio"] = (
                f"BW/F1 nicht bewertet: {_fmt(row['results_small'])} / {_fmt(row['results_large'])} Treffer"
            )
        elif lg["group"] != FLOOR_GROUP and row["ratio"] is not None and row["ratio"] > TARGET_RATIO:
            misses.append(f"BW/F1 > {TARGET_RATIO}")
        cond_small, cond_large = sm.get("conditional"), lg.get("conditional")
        if cond_large is not None:
            row["conditional_small"], row["conditional_large"] = cond_small, cond_large
            if "error" in cond_large:
                misses.append(f"bedingt: {cond_large['error']}")
            elif (cond_large["status_etag"], cond_large["status_modified"]) != (304, 304):
                misses.append(
                    f"unverändert nicht 304 (ETag {cond_large['status_etag']}, "
                    f"Datum {cond_large['status_modified']})"
                )
            elif cond_small and cond_small.get("queries") not in (None, cond_large["queries"]):
                misses.append("Abfragen der 304 wachsen")
        row["misses"] = misses
        rows.append(row)
    for name, lg in large["jobs"].items():
        sm = small["jobs"].get(name, {})
        row = {"name": name, "kind": "job", "targets": JOB_TARGETS.get(name, {})}
        if "skipped" in lg or "error" in lg:
            row["note"] = lg.get("skipped") or f"Fehler: {lg.get('error')}"
            rows.append(row)
            continue
        row["small"], row["large"] = sm, lg
        misses = []
        for key, limit in row["targets"].items():
            if key in lg and lg[key] > limit:
                misses.append(f"{key} {lg[key]} > {limit}")
        if "queries" in lg and sm.get("queries") not in (None, lg["queries"]):
            misses.append("Abfragen wachsen")
        row["misses"] = misses
        rows.append(row)
    return rows


def _fmt(value: Any, suffix: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}{suffix}" if value >= 10 else f"{value:.2f}{suffix}"
    return f"{value}{suffix}"


def render(rows: list[dict[str, Any]], small: dict[str, Any], large: dict[str, Any]) -> str:
    lines = [
        f"Faktor 1: {small['label']}   bundesweit: {large['label']}   "
        f"({large['machine']['cpus']} Kerne, DEBUG={large['machine']['debug']}, Last "
        f"{small['machine'].get('load_at_start')}–{small['machine'].get('load_at_end')} / "
        f"{large['machine'].get('load_at_start')}–{large['machine'].get('load_at_end')})",
        "",
        f"{'Messpunkt':44} {'Abfr.':>9} {'Med. F1':>8} {'p95 F1':>8} {'Med. BW':>8} {'p95 BW':>8} {'BW/F1':>6} "
        f"{'×Boden':>7} {'Ziel':>7}  Bewertung",
        "-" * 129,
    ]
    for r in rows:
        if "note" in r:
            lines.append(f"{r['name']:44} übersprungen: {r['note']}")
            continue
        verdict = "ok" if not r["misses"] else "VERFEHLT: " + ", ".join(r["misses"])
        if r.get("note_ratio"):
            verdict += f" ({r['note_ratio']})"
        if r["kind"] == "page":
            queries = f"{_fmt(r['queries_small'])}/{_fmt(r['queries_large'])}"
            target = f"{r['target_p95']} ms" if r["target_p95"] else ""
            lines.append(
                f"{r['name']:44} {queries:>9} {_fmt(r['median_small']):>8} {_fmt(r['p95_small']):>8} "
                f"{_fmt(r['median_large']):>8} {_fmt(r['p95_large']):>8} {_fmt(r['ratio']):>6} "
                f"{_fmt(r['floor_large']):>7} "
                f"{target:>7}  {verdict if r['group'] != FLOOR_GROUP else 'Boden'}"
            )
            sm_c, lg_c = r.get("conditional_small") or {}, r.get("conditional_large")
            if lg_c and "error" not in lg_c:
                queries = f"{_fmt(sm_c.get('queries'))}/{_fmt(lg_c['queries'])}"
                lines.append(
                    f"{'  └ unverändert: ' + str(lg_c['status_etag']) + ' / ' + str(lg_c['status_modified']):44} "
                    f"{queries:>9} {_fmt(sm_c.get('median_ms')):>8} {_fmt(sm_c.get('p95_ms')):>8} "
                    f"{_fmt(lg_c['median_ms']):>8} {_fmt(lg_c['p95_ms']):>8}"
                )
        else:
            sm, lg = r["small"], r["large"]
            if "p95_ms" in lg:
                queries = f"{_fmt(sm.get('queries'))}/{_fmt(lg.get('queries'))}"
                lines.append(
                    f"{r['name']:44} {queries:>9} {_fmt(sm.get('median_ms')):>8} {_fmt(sm.get('p95_ms')):>8} "
                    f"{_fmt(lg.get('median_ms')):>8} {_fmt(lg['p95_ms']):>8} "
                    f"{_fmt(_ratio(lg.get('median_ms'), sm.get('median_ms'))):>6} "
                    f"{'':>7} {'500 ms':>7}  {verdict}"
                )
            elif "load_median_ms" in lg:
                # the case page in Chromium: the load of the page, not the job's seconds
                # (which include starting the browser and logging in)
                lines.append(
                    f"{r['name']:44} {'':>9} {_fmt(sm.get('load_median_ms')):>8} {_fmt(sm.get('load_p95_ms')):>8} "
                    f"{_fmt(lg['load_median_ms']):>8} {_fmt(lg['load_p95_ms']):>8} "
                    f"{_fmt(_ratio(lg['load_median_ms'], sm.get('load_median_ms'))):>6} {'':>7} {'–':>7}  "
                    f"Laden bis load; Server {_fmt(sm.get('server_answer_median_ms'))} / "
                    f"{_fmt(lg.get('server_answer_median_ms'))} ms"
                )
            else:
                lines.append(
                    f"{r['name']:44} {'':>9} {_fmt(sm.get('seconds'), ' s'):>8} {'':>8} "
                    f"{_fmt(lg['seconds'], ' s'):>8} {'':>8} {_fmt(_ratio(lg['seconds'], sm.get('seconds'))):>6} {'':>7} "
                    f"{_fmt(r['targets'].get('seconds'), ' s'):>7}  {verdict}"
                    + (
                        f"; Spitze {sm.get('max_rss_mb')} / {lg['max_rss_mb']} MB"
                        if "max_rss_mb" in lg
                        else ""
                    )
                    + (
                        f"; nächstes PDF im selben Prozess {sm.get('seconds_next_render')} / "
                        f"{lg['seconds_next_render']} s"
                        if "seconds_next_render" in lg
                        else ""
                    )
                )
    lines += [
        "",
        "Abfr. = SQL-Abfragen je Aufruf (Faktor 1 / bundesweit); p95 und Median in ms über wiederholte Aufrufe;",
        "BW/F1 = Median bundesweit / Median Faktor 1; ×Boden = Median der Seite / Median von /healthz im selben Lauf.",
        "└ unverändert: dieselbe Liste noch einmal mit If-None-Match (ETag) / If-Modified-Since: Status beider",
        "  Antworten (soll 304 / 304), Abfragen und Zeiten der 304-Antwort.",
    ]
    return "\n".join(lines)


def report(small_path: Path, large_path: Path, out: Path) -> str:
    small = json.loads(small_path.read_text())
    large = json.loads(large_path.read_text())
    rows = compare(small, large)
    text = render(rows, small, large)
    out.write_text(
        json.dumps({"factor_1": small, "nationwide": large, "comparison": rows}, indent=2, ensure_ascii=False)
    )
    return text
