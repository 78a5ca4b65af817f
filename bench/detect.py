#!/usr/bin/env python3
"""Country detection against a text's length: the time for 4,000 and for 16,000 of something, and the ratio
(4 for linear work, 16 for quadratic), for three shapes of text:

- paragraphs: that many paragraphs naming Zimbabwe (each mention was looked for in the growing list);
- sentences: one paragraph of that many sentences naming Zimbabwe (each place was looked for in every
  sentence of its paragraph);
- initials: one paragraph of that many "Mr. A. Smith of Zimbabwe", no sentence ending in it (the word before
  each full stop was looked for in everything since the paragraph's start).

    .venv/bin/python bench/detect.py [--small 4000] [--large 16000] [--json]

The best of three runs of kparchive.enrich.detect_countries on one statement, texts built in a temporary
project (tests/projects.py). Measured, never asserted: tests/test_hostile_input.py counts the work instead.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from kparchive.cli import build_catalogue  # noqa: E402
from kparchive.enrich import detect_countries  # noqa: E402

from projects import add_statement, make_project  # noqa: E402

SHAPES = {
    "paragraphs": lambda n: "\n\n".join(f"Zimbabwe's diamonds were discussed at meeting {i}." for i in range(n)),
    "sentences": lambda n: " ".join(f"Zimbabwe's diamonds were discussed at meeting {i}." for i in range(n)),
    "initials": lambda n: " ".join("Mr. A. Smith of Zimbabwe" for _ in range(n)) + ".",
}


def seconds(shape: str, n: int, work: Path) -> float:
    project = make_project(work / f"{shape}-{n}", ids=[])
    add_statement(project, "2020-01-01-bench", SHAPES[shape](n).encode("utf-8"))
    catalogue = build_catalogue(project / "statements")
    statement = catalogue.chronological[0]
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        detect_countries(statement, catalogue.vocab)
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=4000)
    parser.add_argument("--large", type=int, default=16000)
    parser.add_argument("--json", action="store_true", help="one JSON line")
    args = parser.parse_args(argv)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for shape in SHAPES:
            small, large = seconds(shape, args.small, Path(tmp)), seconds(shape, args.large, Path(tmp))
            out[shape] = {f"{args.small}_s": round(small, 4), f"{args.large}_s": round(large, 4),
                          "ratio": round(large / small, 1)}
    if args.json:
        print(json.dumps(out))
    else:
        for shape, row in out.items():
            times = ", ".join(f"{k[:-2]}: {v:.3f} s" for k, v in row.items() if k != "ratio")
            print(f"{shape:>10}: {times}; ratio {row['ratio']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
