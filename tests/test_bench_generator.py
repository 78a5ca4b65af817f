"""The scale bench's generator writes statements the archive accepts, in a vocabulary that grows with N.

No timing here: speed is measured by `make bench`, never asserted in tests.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import Generator, vocabulary, vocabulary_size
from bench.scale import VOCABULARIES
from kparchive.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent


def _statements_copy(tmp_path: Path) -> Path:
    statements = tmp_path / "statements"
    statements.mkdir(parents=True)
    for name in VOCABULARIES:
        if (ROOT / "statements" / name).exists():
            shutil.copy2(ROOT / "statements" / name, statements / name)
    return statements


@pytest.mark.build  # 50 generated statements checked by build_index --check
def test_generated_statements_pass_the_archive_checks(tmp_path):
    from bench.generate import generate

    statements = _statements_copy(tmp_path)
    facts = generate(statements, 50, seed=3)
    texts = sorted(statements.glob("*.txt"))
    vocabularies = [name for name in VOCABULARIES if (ROOT / "statements" / name).exists()]
    assert len(texts) == 50 and len(list(statements.glob("*.yml"))) == 50 + len(vocabularies)
    proc = subprocess.run(
        [sys.executable, "build_index.py", "--check", "--statements", str(statements),
         "--docs", str(tmp_path / "docs")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "50 statements valid" in proc.stdout
    # Two meetings a year, 2003 to 2026: the real ones, and a synthetic one for each the archive lacks.
    meetings = load_yaml((statements / "meetings.yml").read_text("utf-8"))
    assert {(str(m["start"])[:4], m["type"]) for m in meetings} >= {
        (str(year), kind) for year in range(2003, 2027) for kind in ("plenary", "intersessional")}
    real = load_yaml((ROOT / "statements/meetings.yml").read_text("utf-8"))
    assert facts["meetings_added"] == len(meetings) - len(real)
    words = [len(t.read_text("utf-8-sig").split()) for t in texts]
    assert min(words) >= 300 and max(words) <= 1700


def test_generation_is_deterministic(tmp_path):
    a, b = _statements_copy(tmp_path / "a"), _statements_copy(tmp_path / "b")
    from bench.generate import generate

    generate(a, 5, seed=1)
    generate(b, 5, seed=1)
    assert [p.read_bytes() for p in sorted(a.iterdir())] == [p.read_bytes() for p in sorted(b.iterdir())]


def test_vocabulary_at_ten_thousand_statements_exceeds_twenty_thousand_words():
    words = vocabulary(10_000)
    assert len(words) == vocabulary_size(10_000) and len(set(words)) >= 20_000


@pytest.mark.build  # the words of 10,000 generated statements drawn
def test_zipf_draws_reach_the_long_tail():
    """At N=10,000 the texts use at least 20,000 distinct pseudo-words: sample the word source as the texts do."""
    from bench.generate import Places

    gen = Generator(Places(["Angola"], ["Angolan"], ["Luanda"]), [], ["kp-csc"], ["kp-reform"], ["statement"],
                    10_000)
    # 10,000 statements of about 900 words, about half of them pseudo-words: 4.5 million draws; 1.5 million
    # already reach past 20,000 distinct words.
    drawn = set(gen.rng.choices(gen.words, cum_weights=gen.cum, k=1_500_000))
    assert len(drawn) >= 20_000
