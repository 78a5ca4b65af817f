"""Numeric settings are bounded: every one of kparchive.settings.RANGES, from the environment (KP_*) or as its
command-line flag, is refused beyond its range, or when it is not a number, with one line naming the setting,
the value and the range, exit status 1 (2 from argparse, for a flag), no traceback, and nothing forked or
written: `KP_RENDER_WORKERS=99999999999999999999` once forked about 1,500 processes in 8 seconds.

Each command's `main` runs in this process (what `make site`, `make serve` and `make search` run), over a
folder that does not exist: a setting that were not checked first would end in another error, never in a
build (nor a fork). One test runs build_index.py as a command, for its exit status.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from kparchive import cli, searchindex, serve, settings, sitebuild
from kparchive.settings import RANGES, SettingError, Settings

from projects import ROOT

HUGE = "99999999999999999999"  # the reporter's


def _run(main, argv: list[str], capsys) -> tuple[int, str]:
    """A command's main in this process: its exit status (argparse's too) and what it printed on stderr."""
    try:
        status = main(argv)
    except SystemExit as done:
        status = done.code
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    return status, err


def _commands(tmp_path) -> dict[str, tuple]:
    """Each setting's reader: (its main, the arguments that name a missing folder, the command's name)."""
    missing = tmp_path / "missing"
    build = (lambda argv: cli.main(argv, root=ROOT),
             ["--statements", str(missing / "statements"), "--docs", str(missing / "docs")], "build_index")
    return {
        "KP_PAGE_SIZE": build,
        "KP_RENDER_WORKERS": build,
        "--wait": build,
        "KP_MKDOCS_SHARDS": (sitebuild.main, ["-f", str(missing / "mkdocs.yml"), "-d", str(missing / "site")],
                             "sitebuild"),
        "KP_SEARCH_BUNDLE_SIZE": (searchindex.main, ["--site", str(missing / "site")], "searchindex"),
        "PORT": (serve.main, ["--directory", str(missing / "site")], "serve"),
    }


def _beyond(r: settings.Range) -> list[str]:
    """Values each setting refuses: past each end, the reporter's, a sign, words, spaces, other digits."""
    return [str(r.high + 1), HUGE, "-1", "abc", "1e3", " 4", "\u0663", "4x", "nan"] + (
        [str(r.low - 1)] if r.low > 0 else [])


ENVIRONMENT = [name for name, r in RANGES.items() if r.environ]


def test_every_numeric_setting_is_read_through_the_table(project_root):
    """The KP_* variables the commands read as numbers are the table's, read by `from_environ` (Settings.make
    for build_index.py's): none is parsed by hand anywhere else. A new one needs its range in the table."""
    sources = {p.name: p.read_text("utf-8") for p in (project_root / "kparchive").glob("*.py")}
    read = {name for text in sources.values() for name in re.findall(r'from_environ\("(KP_[A-Z_]+)"', text)}
    assert read == set(ENVIRONMENT) == {"KP_PAGE_SIZE", "KP_RENDER_WORKERS", "KP_MKDOCS_SHARDS",
                                        "KP_SEARCH_BUNDLE_SIZE"}
    for name, text in sources.items():  # a number read from the environment by hand, on one line or two
        if name != "settings.py":
            assert not re.search(r"int\((os\.)?environ|environ[^\n]*\.isdigit\(", text), name
            for variable in re.findall(r"(\w+) = (?:os\.)?environ(?:\.get\(|\[)\"KP_", text):
                assert not re.search(rf"\b{variable}\.isdigit\(|int\({variable}\b", text), (name, variable)
    for r in RANGES.values():
        assert 0 <= r.low < r.high, r


@pytest.mark.parametrize("name", ENVIRONMENT)
def test_a_setting_beyond_its_range_is_one_line_and_exit_1(name, tmp_path, monkeypatch, capsys):
    main, argv, command = _commands(tmp_path)[name]
    r = RANGES[name]
    for value in _beyond(r):
        monkeypatch.setenv(name, value)
        status, err = _run(main, argv, capsys)
        assert status == 1, (name, value, err)
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith(f"{command}: {name}="), lines[0]
        assert f"from {r.low:,} to {r.high:,}" in lines[0], lines[0]
        assert f"{name}={settings._shown(value)} is " in lines[0], lines[0]
        assert not (tmp_path / "missing").exists()
    monkeypatch.delenv(name)


@pytest.mark.parametrize("name", RANGES)
def test_a_flag_beyond_its_range_is_argparses_error(name, tmp_path, capsys):
    main, argv, command = _commands(tmp_path)[name]
    r = RANGES[name]
    for value in _beyond(r):
        status, err = _run(main, [*argv, r.flag, value], capsys)
        assert status == 2, (name, value, err)
        assert f"error: argument {r.flag}: " in err and f"from {r.low:,} to {r.high:,}" in err, err
        assert not (tmp_path / "missing").exists()


def test_the_reporters_workers_never_fork(tmp_path, monkeypatch, capsys):
    """The setting is refused before anything is read, locked or forked."""
    monkeypatch.setenv("KP_RENDER_WORKERS", HUGE)
    with pytest.raises(SettingError):
        Settings.make(ROOT, statements=tmp_path / "statements")
    main, argv, _ = _commands(tmp_path)["KP_RENDER_WORKERS"]
    status, err = _run(main, argv, capsys)
    assert status == 1
    assert err == (f"build_index: KP_RENDER_WORKERS={HUGE} is out of range: a whole number from 1 to 64 "
                   "(forked workers, build_index.py); nothing written.\n")


def test_build_index_checks_the_other_commands_settings_first(tmp_path, monkeypatch, capsys):
    """`make site` starts with build_index.py: a bad setting of a later step stops it before any output
    changes, one line for each."""
    monkeypatch.setenv("KP_MKDOCS_SHARDS", HUGE)
    monkeypatch.setenv("KP_SEARCH_BUNDLE_SIZE", "lots")
    main, argv, _ = _commands(tmp_path)["KP_PAGE_SIZE"]
    status, err = _run(main, argv, capsys)
    assert status == 1
    assert [line.split("=")[0] for line in err.splitlines()] == ["build_index: KP_MKDOCS_SHARDS",
                                                                 "build_index: KP_SEARCH_BUNDLE_SIZE"]


@pytest.mark.parametrize("name", RANGES)
def test_the_ends_of_each_range_are_accepted(name):
    r = RANGES[name]
    for value in (r.low, r.high):
        assert settings.problem(name, str(value)) == (value, None)
        assert settings.flag(name)(str(value)) == value


def test_an_empty_setting_is_an_unset_one():
    environ = {name: "" for name in ENVIRONMENT}
    made = Settings.make(ROOT, environ=environ)
    assert made.page_size == settings.PAGE_SIZE and made.workers is None
    assert Settings.make(ROOT, environ={"KP_PAGE_SIZE": "10000", "KP_RENDER_WORKERS": "64"}).page_size == 10_000


def test_a_long_or_unprintable_value_is_shown_cut_and_quoted(monkeypatch):
    monkeypatch.setenv("KP_PAGE_SIZE", "9" * 100_000)  # int() would refuse more than 4,300 digits
    with pytest.raises(SettingError) as refused:
        settings.from_environ("KP_PAGE_SIZE")
    assert len(str(refused.value)) < 200
    monkeypatch.setenv("KP_PAGE_SIZE", "4\n\x1b[31m")
    with pytest.raises(SettingError) as refused:
        settings.from_environ("KP_PAGE_SIZE")
    assert "\n" not in str(refused.value) and "\x1b" not in str(refused.value)


@pytest.mark.process  # build_index.py as a process, for its exit status
def test_the_command_exits_1(tmp_path):
    """The real command line: exit status 1, the one line, no traceback."""
    result = subprocess.run([sys.executable, "build_index.py", "--statements", str(tmp_path / "statements")],
                            cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "KP_RENDER_WORKERS": HUGE})
    assert result.returncode == 1
    assert result.stderr.startswith(f"build_index: KP_RENDER_WORKERS={HUGE} is out of range") and \
        result.stderr.count("\n") == 1, result.stderr


def test_architecture_lists_the_ranges(project_root):
    """ARCHITECTURE.md's table of settings says what RANGES says."""
    text = (project_root / "ARCHITECTURE.md").read_text("utf-8")
    listed = {flag: (low, high) for flag, low, high in
              re.findall(r"^\|[^|]*\| `(--[a-z-]+)` \| ([\d,]+) to ([\d,]+)", text, re.M)}
    assert listed == {r.flag: (f"{r.low:,}", f"{r.high:,}") for r in RANGES.values()}
