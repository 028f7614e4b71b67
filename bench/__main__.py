"""Run the benchmark suite: ``python -m bench`` (everything, four to five minutes on two cores) or
``python -m bench --smoke`` (a few seconds: checks the suite works, not how fast anything is).

    python -m bench                              # full run; writes bench/results.json and docs/benchmarks.md
    python -m bench --parts inprocess,scale      # some parts only
    python -m bench --smoke --out smoke.json

The HTTP part drives servers on 127.0.0.1 with wrk, installing Debian's package when it is
missing (unless --no-install); smoke mode uses bench/load.py's Python load generator instead.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import http, inprocess, library, scale
from bench.report import machine, render, write_into
from bench.servers import DATA

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("inprocess", "http", "scale", "library")
SIZES = [1_000, 10_000, 100_000, 1_000_000]


def run(
    *,
    smoke: bool,
    parts: tuple[str, ...] = PARTS,
    seconds: float = 10.0,
    sizes: list[int] | None = None,
    install: bool = True,
) -> dict[str, Any]:
    """Run the chosen parts; smoke mode shrinks every part to seconds."""
    started = time.monotonic()
    results: dict[str, Any] = {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": "smoke" if smoke else "full",
        "machine": machine(),
        "parts": {},
    }
    if "inprocess" in parts:
        results["parts"]["inprocess"] = inprocess.measure(DATA, 0.01 if smoke else 1.0)
    if "http" in parts:
        results["parts"]["http"] = http.smoke() if smoke else http.measure(seconds, install=install)
    if "scale" in parts:
        with tempfile.TemporaryDirectory() as tmp:
            chosen = sizes or ([1_000] if smoke else SIZES)
            results["parts"]["scale"] = scale.measure(chosen, 10 if smoke else 300, Path(tmp))
    if "library" in parts:
        with tempfile.TemporaryDirectory() as tmp:
            works = 30 if smoke else library.TARGETS["works"]
            results["parts"]["library"] = library.measure(int(works), None, 10 if smoke else 200, Path(tmp))
    results["seconds"] = time.monotonic() - started
    return results


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a few seconds: check the suite works")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each wrk run")
    parser.add_argument("--sizes", help="relationship counts for the scale part, comma-separated")
    parser.add_argument("--out", type=Path, help="results JSON (default: bench/results.json, full runs)")
    parser.add_argument(
        "--doc", type=Path, help="markdown file to update (default: docs/benchmarks.md, full runs)"
    )
    parser.add_argument("--no-install", action="store_true", help="never apt-get install wrk")
    args = parser.parse_args()
    parts = tuple(p for p in args.parts.split(",") if p)
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else None
    results = run(
        smoke=args.smoke, parts=parts, seconds=args.seconds, sizes=sizes, install=not args.no_install
    )
    out = args.out or (None if args.smoke else ROOT / "bench" / "results.json")
    if out is not None:
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    doc = args.doc or (None if args.smoke else ROOT / "docs" / "benchmarks.md")
    if doc is not None:
        write_into(doc, render(results))
    print(render(results))
    sys.exit(0)


if __name__ == "__main__":
    main()
