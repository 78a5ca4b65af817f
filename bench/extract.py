"""Extraction's time and memory: a 100-page PDF (and a Word, an OpenDocument and a web page of the same text)
written by tests/originals.py, each read as `make add`'s bounded child reads it (kparchive.extract.extract), in a
fresh process a run: its CPU seconds (user + system), and its peak RSS before reading (Python and the library
imported) and after. One JSON line a format.

    .venv/bin/python bench/extract.py [--pages 100] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from kparchive import extract, reflow  # noqa: E402
from kparchive.text import parse_blocks  # noqa: E402

import originals  # noqa: E402


def documents(pages: int) -> dict[str, bytes]:
    """The speech repeated to fill `pages` pages of 40 lines (a PDF: cut at that many pages), and the same
    paragraphs in every format."""
    lines_a_page, times = 40, 1
    while len(laid := originals.laid_out(originals.SPEECH * times, lines_a_page=lines_a_page)) < pages:
        times += 1
    pdf = originals.pdf(laid[:pages])
    paras = originals.SPEECH * times
    return {"pdf": pdf, "docx": originals.docx(paras), "odt": originals.odt(paras), "html": originals.html(paras)}


def read(path: Path) -> dict:
    """One extraction in this fresh process, as the bounded child runs it (kparchive.extract.extract): its CPU
    seconds and peak RSS, after Python and the reader's library are imported, after the word list that undoes
    hyphens is loaded (once a process), and after reading."""
    fmt = path.suffix[1:]
    raw = path.read_bytes()
    __import__({"pdf": "pypdf", "docx": "docx", "odt": "lxml.etree", "html": "lxml.html"}[fmt])
    imported = resource.getrusage(resource.RUSAGE_SELF)
    reflow.dictionary("en")
    loaded = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.perf_counter()
    got = extract.extract(raw, fmt, "en")
    wall = time.perf_counter() - wall
    end = resource.getrusage(resource.RUSAGE_SELF)
    return {"wall_s": round(wall, 2), "cpu_s": round(_cpu(end) - _cpu(loaded), 2),
            "dictionary_cpu_s": round(_cpu(loaded) - _cpu(imported), 2),
            "rss_imported_mb": round(imported.ru_maxrss / 1024, 1),
            "rss_dictionary_mb": round(loaded.ru_maxrss / 1024, 1),
            "peak_rss_mb": round(end.ru_maxrss / 1024, 1),
            "paragraphs": sum(len(b.paragraphs) for b in parse_blocks(got.text)), "said": got.said[0]}


def _cpu(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)  # one run, in a fresh process
    args = parser.parse_args()
    if args.read:
        print(json.dumps(read(args.read)))
        return
    with tempfile.TemporaryDirectory() as folder:
        for fmt, raw in documents(args.pages).items():
            path = Path(folder) / f"statement.{fmt}"
            path.write_bytes(raw)
            runs = [json.loads(subprocess.run([sys.executable, __file__, "--read", str(path)], check=True,
                                              capture_output=True, text=True).stdout) for _ in range(args.runs)]
            best = min(runs, key=lambda r: r["cpu_s"])
            print(json.dumps({"format": fmt, "bytes": len(raw), "load": round(os.getloadavg()[0], 1),
                              "cpu_s": [r["cpu_s"] for r in runs], "wall_s": [r["wall_s"] for r in runs],
                              "dictionary_cpu_s": best["dictionary_cpu_s"], "rss_imported_mb": best["rss_imported_mb"],
                              "rss_dictionary_mb": best["rss_dictionary_mb"], "peak_rss_mb": best["peak_rss_mb"],
                              "paragraphs": best["paragraphs"], "said": best["said"]}), flush=True)


if __name__ == "__main__":
    main()
