"""python -m bench measure --label L --out FILE [--repeat N] [--only TEXT] [--no-jobs]
python -m bench measure-pair --labels L1 L2 --databases DB1 DB2 --outs F1 F2 [--seed-seconds S1 S2] […]
python -m bench report FACTOR1.json NATIONWIDE.json --out FILE"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure", help="misst alle Seiten und Aufgaben gegen DATABASE_URL")
    m.add_argument("--label", required=True)
    m.add_argument("--out", type=Path, required=True)
    pair = sub.add_parser(
        "measure-pair",
        help="misst zwei Datenbanken desselben Servers abwechselnd (Seiten), dann je ihre Aufgaben",
    )
    pair.add_argument("--labels", nargs=2, required=True)
    pair.add_argument("--databases", nargs=2, required=True)
    pair.add_argument("--outs", nargs=2, type=Path, required=True)
    pair.add_argument("--seed-seconds", nargs=2, type=float, default=None)
    for p in (m, pair):
        p.add_argument("--repeat", type=int, default=30, help="gemessene Aufrufe je Seite (höchstens 200)")
        p.add_argument("--warmup", type=int, default=3)
        p.add_argument("--only", default="", help="nur Messpunkte, deren Name diesen Text enthält")
        p.add_argument("--no-jobs", action="store_true", help="Statistik, PDF und Import auslassen")
    r = sub.add_parser("report", help="stellt zwei Läufe nebeneinander")
    r.add_argument("small", type=Path)
    r.add_argument("large", type=Path)
    r.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if args.cmd == "measure":
        import django

        django.setup()
        from .runner import measure

        measure(
            label=args.label,
            repeat=args.repeat,
            warmup=args.warmup,
            only=args.only,
            out=args.out,
            skip_jobs=args.no_jobs,
        )
    elif args.cmd == "measure-pair":
        import django

        django.setup()
        from .runner import DataSet, measure_sets

        seeds = args.seed_seconds or [None, None]
        measure_sets(
            [
                DataSet(label=label, database=db, out=out, seed_seconds=seed)
                for label, db, out, seed in zip(args.labels, args.databases, args.outs, seeds, strict=True)
            ],
            repeat=args.repeat,
            warmup=args.warmup,
            only=args.only,
            skip_jobs=args.no_jobs,
        )
    else:
        from .report import report

        print(report(args.small, args.large, args.out))


if __name__ == "__main__":
    main()
