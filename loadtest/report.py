"""Reads locust's CSV and the database after a load run: requests/s, p50/p95/p99,
errors, and whether every submitted inquiry is in the database."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

import django


def main(out: Path) -> int:
    rows = list(csv.DictReader((out / "locust_stats.csv").open()))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    print(f"Anfragen: {requests}, Fehler: {failures}, {float(total['Requests/s']):.1f} Anfragen/s")
    print(f"Antwortzeit p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms")
    for row in rows:
        if row["Name"] != "Aggregated" and int(row["Request Count"]):
            print(
                f"  {row['Type']:5} {row['Name'][:40]:40} n={row['Request Count']:>6} p50={row['50%']:>5} p95={row['95%']:>5} p99={row['99%']:>5}"
            )
    django.setup()
    from cooperations.models import Cooperation

    data = json.loads((out / "data.json").read_text())
    submitted = int((out / "submitted").read_text() or 0)
    stored = Cooperation.objects.count() - data["cases_before"]
    print(f"Anfragen abgeschickt: {submitted}, in der Datenbank: {stored}")
    # The smoke run of `make test` (a few seconds) may end before any wizard is through.
    minimum = int(os.environ.get("IKZ_LOADTEST_MIN_SUBMITTED", "1"))
    ok = failures == 0 and requests > 0 and submitted == stored and submitted >= minimum
    print("OK" if ok else "FEHLER")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
