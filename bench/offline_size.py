"""Measure the offline edition: build time, zip size, unpacked size, and what takes the room.

    .venv/bin/python bench/offline_size.py      # runs `make offline`, prints a report, saves bench/results/

Figures only: nothing here is asserted (tests never time or size things).
"""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    started = time.perf_counter()
    subprocess.run(["make", "-s", "offline"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    target = max((ROOT / "dist").glob("kp-statements-offline-*.zip"), key=lambda p: p.stat().st_mtime)
    packed, unpacked = Counter(), Counter()
    with zipfile.ZipFile(target) as zf:
        infos = zf.infolist()
        for info in infos:
            parts = info.filename.split("/")[1:]
            group = "/".join(parts[:2]) if parts[0] == "assets" else (parts[0] if len(parts) > 1 else "(top)")
            packed[group] += info.compress_size
            unpacked[group] += info.file_size
    lines = [
        f"offline edition  {target.name}",
        f"make offline     {seconds:.1f} s (pages + mkdocs build + zip)",
        f"zip              {target.stat().st_size:,} bytes",
        f"unpacked         {sum(unpacked.values()):,} bytes in {len(infos)} files",
        "",
        f"{'part':28} {'zipped':>12} {'unpacked':>12}",
    ]
    for group, size in packed.most_common():
        lines.append(f"{group:28} {size:>12,} {unpacked[group]:>12,}")
    report = "\n".join(lines)
    print(report)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (results / f"offline-{stamp}.txt").write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
