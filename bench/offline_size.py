"""Measure the offline edition: build time by step, zip size, what takes the room, and its search in Chromium
opened from file://, as a reader who unzipped it would.

    .venv/bin/python bench/offline_size.py              # runs `make offline`, prints a report, saves bench/results/
    .venv/bin/python bench/offline_size.py --zip Z.zip  # the report for a zip already made (no build)

A split edition (one zip per language, a large archive's) is reported by its English zip; --zip for another.

The search figures: the time from navigating to search/index.html?q=<word> until its first result shows, in
wall seconds and in the CPU seconds Chromium's renderer spent (the figure to compare on a busy machine), then
what one search costs as a word is typed, letter by letter. Figures only: nothing here is asserted (tests
never time or size things).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

WORDS = ("diamond", "zimbabwe")  # a common word of every corpus, and a country's name
TYPED = "kimberley process"  # typed letter by letter: each prefix is one search
INDEX = "search/search-index.js"


def parts(zip_path: Path) -> tuple[Counter, Counter, Counter]:
    """Zipped bytes, unpacked bytes and files by part: a statement's files by kind, assets by folder."""
    packed, unpacked, files = Counter(), Counter(), Counter()
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            names = info.filename.split("/")[1:]
            if names[0] == "statements" and len(names) == 2:
                group = "statements/*" + Path(names[1]).suffix
            elif names[0] == "assets":
                group = "/".join(names[:2])
            else:
                group = names[0] if len(names) > 1 else "(top)"
            packed[group] += info.compress_size
            unpacked[group] += info.file_size
            files[group] += 1
    return packed, unpacked, files


def _renderer_cpu() -> float:
    """CPU seconds used so far by the Chromium renderers started under this process (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parent, cmd, cpu = {}, {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd[entry.name] = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        parent[entry.name] = fields[1]
        cpu[entry.name] = (int(fields[11]) + int(fields[12])) / ticks
    me = str(os.getpid())

    def mine(pid: str) -> bool:
        while pid in parent:
            if pid == me:
                return True
            pid = parent[pid]
        return False

    return sum(cpu[pid] for pid in cpu if b"--type=renderer" in cmd[pid] and mine(pid))


def search_times(root: Path, words=WORDS, typed: str = TYPED) -> dict:
    """Chromium, from file://: navigation to the first result for each word (wall and renderer CPU seconds;
    the first of these also loads the index from disk), and what a search costs at each keystroke (ms)."""
    from playwright.sync_api import sync_playwright

    from browser_support import launch_chromium

    out = {"first_result": {}}
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page()
        for word in words:
            cpu, wall = _renderer_cpu(), time.perf_counter()
            page.goto((root / "search" / "index.html").as_uri() + f"?q={word}")
            page.locator("#kp-results li").first.wait_for(timeout=300_000)
            out["first_result"][word] = {"s": round(time.perf_counter() - wall, 2),
                                         "cpu_s": round(_renderer_cpu() - cpu, 2),
                                         "found": page.locator("#kp-status").inner_text()}
        out["keystroke_ms"] = page.evaluate(
            """(typed) => [...typed].map((_, i) => {
                 const t = performance.now();
                 kpOfflineSearch.search(typed.slice(0, i + 1));
                 return Math.round(performance.now() - t);
               })""", typed)
        browser.close()
    return out


def report(zip_path: Path, seconds: float | None = None, steps: dict | None = None, browser: bool = True) -> str:
    packed, unpacked, files = parts(zip_path)
    lines = [f"offline edition  {zip_path.name}"]
    if seconds is not None:
        lines.append(f"make offline     {seconds:.1f} s")
    for name, step in (steps or {}).items():
        lines.append(f"  {name:14} {step['s']:.1f} s wall, {step['cpu_s']:.1f} s CPU")
    lines += [
        f"zip              {zip_path.stat().st_size:,} bytes",
        f"unpacked         {sum(unpacked.values()):,} bytes in {sum(files.values())} files",
        "",
        f"{'part':34} {'files':>6} {'zipped':>12} {'unpacked':>12}",
    ]
    for group, size in packed.most_common():
        lines.append(f"{group:34} {files[group]:>6} {size:>12,} {unpacked[group]:>12,}")
    if browser:
        with tempfile.TemporaryDirectory(prefix="usb-") as usb:
            with zipfile.ZipFile(zip_path) as zf:
                zf.extractall(usb)
            edition = next(Path(usb).iterdir())
            times = search_times(edition)
            lines += ["", f"search index     {(edition / INDEX).stat().st_size:,} bytes"]
        for word, t in times["first_result"].items():
            lines.append(f"first result     {word!r}: {t['s']:.2f} s wall, {t['cpu_s']:.2f} s CPU ({t['found']})")
        lines.append(f"per keystroke    {TYPED!r}: {times['keystroke_ms']} ms")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zip", type=Path, help="report on this zip instead of building one")
    parser.add_argument("--no-browser", action="store_true", help="skip the search timings in Chromium")
    args = parser.parse_args(argv)
    seconds = steps = None
    if args.zip:
        target = args.zip
    else:
        subprocess.run(["make", "-s", "pages"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        started = time.perf_counter()
        env = {**os.environ, "KP_EDITION_DATE": os.environ.get("EDITION_DATE", time.strftime("%Y-%m-%d"))}
        out = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "kparchive.offline", "mkdocs.offline.yml",
                              "--build", "--dist", "dist", "--json"], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout
        seconds = time.perf_counter() - started
        done = json.loads(out.strip().splitlines()[-1])
        target, steps = ROOT / done["zip"], done["steps"]
    text = report(target, seconds, steps, browser=not args.no_browser)
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (results / f"offline-{stamp}.txt").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
