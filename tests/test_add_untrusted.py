"""`make add` and `build_index.py add` on what a member sends: the file, its name, its kind and size, its text;
and on every value the editor types. Nothing given is evaluated, the original is opened as the build opens
statements/, every refusal is one line naming the file, and the draft says in YAML what it shows the editor.

In process (kparchive.cli.main, make_add and add.draft), except a few through the real `make add` recipe (the
surface a hostile file name attacks) and those that could hang on a regression (a pipe), run with a timeout.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from kparchive import cli
from kparchive.add import FORMATS, MAX_BYTES, draft, draft_yaml, read_statements_folder
from kparchive.text import decode
from kparchive.yamlio import load_yaml

from projects import FIXTURE, IDS, ROOT, VOCABULARIES, snapshot

BODY = ("The Kimberley Process Civil Society Coalition is deeply concerned about the direction the scheme has "
        "taken, and asks every Participant to support reform.")
STATEMENT = f"Coalition walks out\n\n6 November 2009\n\n{BODY}\n"
REFUSED = "add: refused; nothing written."


def new_project(tmp_path: Path, ids: list[str] = IDS[:2]) -> Path:
    """A project holding only statements/: the fixture corpus's vocabularies and the given statements."""
    statements = tmp_path / "project" / "statements"
    statements.mkdir(parents=True)
    for name in VOCABULARIES + [f"{sid}{ext}" for sid in ids for ext in (".txt", ".yml")]:
        shutil.copy2(FIXTURE / name, statements / name)
    return statements.parent


def run_add(project: Path, source: Path | str, *args: str) -> tuple[int, str, str]:
    """`build_index.py add`, in process: its exit status and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["add", "--statements", str(project / "statements"), *args, "--", str(source)], root=ROOT)
    return code, out.getvalue(), err.getvalue()


def refused(project: Path, source: Path | str, *args: str) -> list[str]:
    """The lines of a refusal, checked to be one per problem, exit status 1, and nothing written."""
    before = snapshot(project / "statements")
    code, out, err = run_add(project, source, *args)
    assert code == 1 and out == "" and "Traceback" not in err, err
    assert snapshot(project / "statements") == before, "a refused add changed statements/"
    lines = err.splitlines()
    assert lines[-1] == REFUSED, err
    return lines[:-1]


def added(project: Path, source: Path, *args: str) -> dict:
    """The draft an add wrote, parsed."""
    before = set(os.listdir(project / "statements"))
    code, out, err = run_add(project, source, *args)
    assert code == 0, err
    (draft_file,) = [n for n in set(os.listdir(project / "statements")) - before if n.endswith(".yml")]
    return load_yaml((project / "statements" / draft_file).read_text("utf-8"))


# --- the file: its kind and its size -----------------------------------------------------------------------------

def test_a_link_is_refused_never_followed(tmp_path):
    """A member's zip holding statement.txt as a link to the editor's private key: the key is never copied."""
    project = new_project(tmp_path)
    key = tmp_path / "id_ed25519"
    key.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n", "utf-8")
    link = tmp_path / "statement.txt"
    link.symlink_to(key)
    assert refused(project, link, "--id", "2009-11-06-statement") == [
        f"add: {link}: is a symbolic link; give the file itself (add never follows a link: a link in a member's zip "
        "could copy a file from elsewhere, such as a private key, into the archive)"]
    assert not any(b"secret" in data for data in snapshot(project / "statements").values())


def test_a_device_is_refused_unread(tmp_path):
    project = new_project(tmp_path)
    assert refused(project, "/dev/zero") == ["add: /dev/zero: is a device, not a regular file; give the file itself"]


def test_a_folder_is_refused(tmp_path):
    project = new_project(tmp_path)
    (tmp_path / "statement.txt").mkdir()
    assert refused(project, tmp_path / "statement.txt") == [
        f"add: {tmp_path / 'statement.txt'}: is a folder; {FORMATS}"]


def add_command(project: Path, source: Path) -> list[str]:
    return [sys.executable, str(ROOT / "build_index.py"), "add", "--statements", str(project / "statements"), "--",
            str(source)]


@pytest.mark.process  # the real make add recipe, or add as a process with a timeout
def test_a_pipe_is_refused_without_waiting(tmp_path):
    """A FIFO named statement.txt: opening it for reading waits for a writer, for ever. Run as a command with a
    timeout, so a regression fails instead of hanging the suite."""
    project = new_project(tmp_path)
    fifo = tmp_path / "statement.txt"
    os.mkfifo(fifo)
    before = snapshot(project / "statements")
    result = subprocess.run(add_command(project, fifo), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"add: {fifo}: is a pipe, not a regular file; give the file itself",
                                          REFUSED]
    assert snapshot(project / "statements") == before


@pytest.mark.process  # the real make add recipe, or add as a process with a timeout
def test_a_pipe_or_a_link_in_statements_does_not_stop_add(tmp_path):
    """statements/ is untrusted too (a pull request can hold anything): add reads the archive's originals as the
    build does, so a pipe or a link there is passed over (the build refuses each by name), never waited on or
    followed."""
    project = new_project(tmp_path)
    os.mkfifo(project / "statements" / "2010-01-01-a-pipe.txt")
    (project / "statements" / "2010-01-02-a-link.txt").symlink_to("/dev/zero")
    source = tmp_path / "statement.txt"
    source.write_text(STATEMENT, "utf-8")
    result = subprocess.run(add_command(project, source), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "add: drafted statements/2009-11-06-" in result.stdout


def test_an_original_over_the_size_limit_is_refused_unread(tmp_path):
    """21 MB (sparse: nothing is written to disk, and add must not read it); 20 MB exactly is not too large."""
    project = new_project(tmp_path)
    large = tmp_path / "large.txt"
    with open(large, "wb") as f:
        f.truncate(21_000_000)
    started = time.process_time()
    assert refused(project, large) == [f"add: {large}: is 21 MB; add takes originals of at most 20 MB"]
    assert time.process_time() - started < 5
    with open(large, "wb") as f:
        f.truncate(MAX_BYTES)
    assert refused(project, large) == [f"add: {large}: contains a NUL character"]


def test_a_name_holding_line_breaks_or_controls_is_shown_on_one_line(tmp_path):
    """Every refusal is one line naming the file, whatever its name holds (a name is the sender's choice)."""
    project = new_project(tmp_path)
    name = "a\nadd: copied\u2028b\x1b[31m\u202e.rtf"
    source = tmp_path / name
    source.write_text(STATEMENT, "utf-8")
    (line,) = refused(project, source)
    assert line == f"add: {str(source)!r}: {FORMATS}"


def test_a_name_that_is_not_utf8_is_recorded_with_replacement_characters(tmp_path):
    project = new_project(tmp_path)
    source = Path(os.fsdecode(bytes(tmp_path) + b"/arriv\xe9.txt"))
    source.write_text(STATEMENT, "utf-8")
    assert added(project, source)["provenance"]["received_as"] == "arriv\ufffd.txt"


# --- the values the editor types -------------------------------------------------------------------------------

def test_an_id_ending_in_a_line_break_is_refused(tmp_path):
    """The id pattern ends in `$`, which also matches before a final line break: "<id>\\n.txt" was written."""
    project = new_project(tmp_path)
    source = tmp_path / "statement.txt"
    source.write_text(STATEMENT, "utf-8")
    assert refused(project, source, "--id", "2009-11-06-walk-out\n") == [
        "add: ID='2009-11-06-walk-out\\n' (--id): is not a statement id: its date then a few words, "
        "e.g. 2009-11-06-namibia-plenary"]


@pytest.mark.process  # the real make add recipe, or add as a process with a timeout
def test_make_add_passes_each_value_as_it_was_typed(tmp_path):
    """kparchive.cli.make_add, which the recipe runs: the values arrive as KP_ADD_<NAME>, each an argument as
    it is (a value that looks like an option is a value), an empty one is not given, no FILE is a usage error."""
    project = new_project(tmp_path)
    source = tmp_path / "--id=2009-11-07-x.txt"
    source.write_text(STATEMENT, "utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.make_add({"KP_ADD_FILE": str(source), "KP_ADD_ID": "2009-11-06-walk-out", "KP_ADD_LANGUAGE": "en",
                             "KP_ADD_TRANSLATION_OF": ""}, root=project)
        usage = cli.make_add({"KP_ADD_ID": "2009-11-06-walk-out"}, root=project)
    assert code == 0, err.getvalue()
    meta = load_yaml((project / "statements" / "2009-11-06-walk-out.yml").read_text("utf-8"))
    assert meta["provenance"]["received_as"] == "--id=2009-11-07-x.txt" and meta["language"] == "en"
    assert usage == 2 and err.getvalue().splitlines() == [cli.MAKE_ADD_USAGE]


# --- the real `make add` recipe ----------------------------------------------------------------------------------

@pytest.fixture
def make_project(tmp_path) -> Path:
    """A project whose Makefile, .venv, lock and package are the repository's (links): `make add` runs its real
    recipe there, on that project's statements/."""
    project = new_project(tmp_path, IDS[:1])
    for name in ("Makefile", ".venv", "requirements.lock", "kparchive"):
        (project / name).symlink_to(ROOT / name)
    return project


def make_add(project: Path, *variables: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}
    return subprocess.run(["make", "-s", "add", *variables], cwd=project, capture_output=True, text=True, timeout=120,
                          env={**clean, **(env or {})})


def nothing_ran(tmp_path: Path) -> None:
    ran = sorted(p.name for p in tmp_path.rglob("PWNED*"))
    assert ran == [], f"make add ran a command from what it was given: {ran}"


# What the old recipe ran or mangled, the name quoted rightly for the editor's shell: $(…) (make read it as a
# variable, so the file was not found), backticks and a double quote closing "$(FILE)" early (bash ran them),
# make's own $(shell …) (expanded, even in a variable make exports), a semicolon and a line break.
HOSTILE_NAMES = {"$(…)": "a $(touch PWNED1) b.txt", "backticks": "a `touch PWNED2` b.txt",
                 "double quote": 'a"; touch PWNED3; "b.txt', "$(shell …)": "a $(shell touch PWNED4) b.txt",
                 "semicolon, line break": "a; touch PWNED5\nb.txt"}


@pytest.mark.process  # the real make add recipe, or add as a process with a timeout
@pytest.mark.parametrize("name", list(HOSTILE_NAMES.values()), ids=list(HOSTILE_NAMES))
def test_make_add_takes_a_hostile_file_name_as_a_name(tmp_path, make_project, name):
    source = tmp_path / name
    source.write_text(STATEMENT, "utf-8")
    result = make_add(make_project, f"FILE={source}", "ID=2009-11-06-walk-out", "LANGUAGE=en")
    nothing_ran(tmp_path)
    assert result.returncode == 0, result.stderr
    meta = load_yaml((make_project / "statements" / "2009-11-06-walk-out.yml").read_text("utf-8"))
    assert meta["provenance"]["received_as"] == name
    assert (make_project / "statements" / "2009-11-06-walk-out.txt").read_bytes() == source.read_bytes()
    assert result.stdout.startswith(f"add: copied {source if source.name.isprintable() else repr(str(source))} "
                                    "to statements/2009-11-06-walk-out.txt")


@pytest.mark.process  # the real make add recipe, or add as a process with a timeout
def test_make_add_never_evaluates_its_variables(tmp_path, make_project):
    source = tmp_path / "statement.txt"
    source.write_text(STATEMENT, "utf-8")
    before = snapshot(make_project / "statements")
    result = make_add(make_project, f"FILE={source}", "ID=$(shell touch PWNED1)`touch PWNED2`",
                      'LANGUAGE="; touch PWNED3; "', "TRANSLATION_OF=$(touch PWNED4)")
    nothing_ran(tmp_path)
    assert snapshot(make_project / "statements") == before
    lines = result.stderr.splitlines()
    assert lines[:-1] == [
        "add: LANGUAGE=\"; touch PWNED3; \" (--language): is not an ISO 639-1 language code (en, fr)",
        "add: TRANSLATION_OF=$(touch PWNED4) (--translation-of): is not a statement in the archive",
        "add: ID=$(shell touch PWNED1)`touch PWNED2` (--id): is not a statement id: its date then a few words, "
        "e.g. 2009-11-06-namibia-plenary",
        REFUSED]
    assert re.fullmatch(r"make: \*\*\* \[Makefile:\d+: add\] Error 1", lines[-1])  # make's own status is 2


@pytest.mark.process  # the real make add recipe, or add as a process with a timeout
def test_make_add_reads_its_variables_from_its_command_line_only(tmp_path, make_project):
    """An environment's LANGUAGE is gettext's (en_GB:en), not a statement's language; no FILE: usage."""
    source = tmp_path / "statement.txt"
    source.write_text(STATEMENT, "utf-8")
    result = make_add(make_project, f"FILE={source}", env={"LANGUAGE": "en_GB:en", "ID": "not-an-id"})
    assert result.returncode == 0, result.stderr
    result = make_add(make_project)
    assert result.returncode == 2 and result.stderr.splitlines()[0] == cli.MAKE_ADD_USAGE


# --- an original the archive has ---------------------------------------------------------------------------------

@pytest.mark.parametrize("change", ["bom", "crlf", "bom+crlf", "cr", "trailing spaces", "decomposed"])
def test_an_original_the_archive_has_is_refused_however_it_is_encoded(tmp_path, change):
    """The same text with a byte-order mark, other line ends, white space at the ends of lines or accents as
    combining characters: the build would publish the same statement twice."""
    project = new_project(tmp_path)
    text = (FIXTURE / f"{IDS[0]}.txt").read_text("utf-8")
    changed = {"bom": lambda t: "\ufeff" + t, "crlf": lambda t: t.replace("\n", "\r\n"),
               "bom+crlf": lambda t: "\ufeff" + t.replace("\n", "\r\n"), "cr": lambda t: t.replace("\n", "\r"),
               "trailing spaces": lambda t: t.replace("\n", " \t\n") + "\n\n",
               "decomposed": lambda t: unicodedata.normalize("NFD", t + "Genève\n")}[change](text)
    if change == "decomposed":
        (project / "statements" / f"{IDS[0]}.txt").write_text(text + "Genève\n", "utf-8")
    source = tmp_path / "statement.txt"
    source.write_bytes(changed.encode("utf-8"))
    assert hashlib.sha256(source.read_bytes()).digest() != hashlib.sha256(
        (project / "statements" / f"{IDS[0]}.txt").read_bytes()).digest()
    assert refused(project, source) == [
        f"add: {source}: is already in the archive as statements/{IDS[0]}.txt: the same text, only its encoding "
        "differs (a byte-order mark, line ends, white space at the ends of lines, Unicode normalisation)"]


# --- linear in the text ------------------------------------------------------------------------------------------

KB = 1 << 10
HEAD = "Statement on the Plenary\n\n6 November 2009\n\n"


def long_texts(size: int) -> dict[str, str]:
    """Texts of `size` bytes of capitals (the quoted-speaker pattern tried a name from every capital: 32,000 took
    31 s, so 256 KB would take about 40 minutes), of digits and of one word; a quarter of that where the old code
    was quadratic with a larger constant: a paragraph opening with white space (the boilerplate pattern: 16 KB
    took 2 s) and a text quoting thousands of speakers (each was looked for through the whole text)."""
    return {
        "capitals": HEAD + "A" * size,
        "digits": HEAD + "1" * size,
        "one word": HEAD + "Kimberley " * (size // 10),
        "white space": HEAD + " " * (size // 4) + "x",
        "speakers": HEAD + "".join(f"said A{i:x}z B{i:x}y. " for i in range(size // 4 // 18)),
    }


# 256 KB in the fast tier: a quadratic pattern takes minutes over it, a linear one a fraction of a second; the
# 1 MB texts too in `make test` (marked `large`)
LONG_TEXTS = [pytest.param(256 * KB, kind, id=f"{kind}, 256 KB") for kind in long_texts(0)] + \
             [pytest.param(1024 * KB, kind, id=f"{kind}, 1 MB", marks=pytest.mark.large) for kind in long_texts(0)]


@pytest.mark.parametrize(("size", "kind"), LONG_TEXTS)
def test_add_is_linear_in_the_text(tmp_path, size, kind):
    """A bounded-time check for an algorithmic blow-up, not a measure of speed: a whole add (read, draft, write)
    in CPU seconds of this process, which a quadratic pattern takes minutes over."""
    project = new_project(tmp_path)
    source = tmp_path / "long.txt"
    source.write_text(long_texts(size)[kind] + "\n", "utf-8")
    started = time.process_time()
    added(project, source)
    assert time.process_time() - started < 5


# --- the draft says what it shows ------------------------------------------------------------------------------

# Every character YAML or an editor could read as something else: line breaks (LF, CR, VT, FF, the file, group
# and record separators, NEL, U+2028, U+2029), every other control, and every invisible formatting character
# (bidirectional overrides, zero-width spaces, the byte-order mark). NUL aside: no text or file name holds it.
HOSTILE_CHARACTERS = [chr(n) for n in range(1, 0x110000) if unicodedata.category(chr(n)) in ("Cc", "Cf", "Zl", "Zp")]


def hostile_text(c: str) -> str:
    """A text carrying `c` into each field a draft takes from a text: the title, the dateline, a news outlet (in
    a review reason), the role of a person the archive knows, and a new speaker's role (commented)."""
    return (f"Coalition{c}walks out\n"
            f"6{c}November 2009 (Diamond{c}Wire News) – {BODY}\n\n"
            f"Shamiso Mtisi, KP{c}Coordinator (ZELA), said the scheme had failed.\n\n"
            f"“We walk out,” said Annie Newperson, Chief{c}Campaigner of the Coalition.\n")


def as_drafted(d) -> dict:
    """What the draft means to say: its fields as the build's loader should read them back."""
    people = [{k: v for k, v in vars(p).items() if v is not None} for p in d.people]
    meta = {"review": [{name: reason} for name, reason in d.review.items], "title": d.title,
            "date": d.date.isoformat(), "dateline": d.dateline, "meeting": d.meeting, "type": d.type,
            "language": d.language, "authors": d.authors, "publisher": d.publisher, "mentions": d.mentions,
            "people": people, "topics": d.topics, "countries": {"about": d.about, "exclude": []},
            "sha256": d.sha256, "provenance": {"received_as": d.received_as}}
    return {k: v for k, v in meta.items() if v or k not in ("dateline", "mentions")}


@pytest.fixture(scope="module")
def corpus():
    return read_statements_folder(FIXTURE)


def test_no_character_leaves_a_comment_or_a_value(corpus):
    """For each character, in every drafted field and in the file's name: the draft has no line break but its
    own and shows the character only as an escape; parsed by the build's loader it holds exactly the drafted
    values; and its commented lines (the new speakers) are comments, which once uncommented as the editor would
    hold exactly the values they show."""
    failures = []
    for c in HOSTILE_CHARACTERS:
        raw = hostile_text(c).encode("utf-8")
        text = decode(raw)  # C0 controls read as U+FFFD, CR as a line end
        d = draft(raw, text, f"arrived{c}.txt", corpus, "2009-11-06-walk-out")
        written = draft_yaml(d)
        try:
            assert written.splitlines() == written.split("\n")[:-1], "a line break that is not the draft's"
            assert c == "\n" or c not in written, "written as it is"
            assert load_yaml(written) == as_drafted(d)
            assert d.received_as == f"arrived{c}.txt"
            if text[9] != "\n":  # the character is in each field
                assert d.title == f"Coalition{text[9]}walks out"
                assert d.people[0].role == f"KP{text[9]}Coordinator"
                assert d.new_people[0].role == f"Chief{text[9]}Campaigner of the Coalition"
                assert f"Diamond{text[9]}Wire News" in dict(d.review.items)["publisher"]
            uncommented = load_yaml("\n".join(line.replace("  # ", "  ", 1) if line.startswith(("  # - ", "  #   "))
                                              else line for line in written.split("\n")))
            assert uncommented["people"] == as_drafted(d)["people"] + [
                {k: v for k, v in vars(p).items() if v is not None} for p in d.new_people]
        except Exception as err:  # every character's failure is reported, not only the first
            failures.append(f"U+{ord(c):04X} {unicodedata.name(c, '')}: {err}")
    assert failures == []


def test_the_hostile_characters_hold_every_line_break():
    assert {"\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\x7f", "\u202e",
            "\u2066", "\ufeff", "\u200b"} <= set(HOSTILE_CHARACTERS)
    assert {c for c in map(chr, range(0x110000)) if len(f"a{c}b".splitlines()) > 1} <= set(HOSTILE_CHARACTERS)


# --- originals in other formats: what a PDF, a Word file or a saved page holds ----------------------------------

def test_a_scanned_pdf_is_refused_in_one_line(tmp_path):
    import originals

    project = new_project(tmp_path)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(originals.pdf(originals.laid_out(), scans=True))
    assert refused(project, scan) == [f"add: {scan}: no text layer: this PDF is an image; OCR is not done here"]


def test_an_encrypted_pdf_is_refused_in_one_line(tmp_path):
    import originals

    project = new_project(tmp_path)
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(originals.pdf(originals.laid_out(), password="secret"))
    (line,) = refused(project, locked)
    assert line.startswith(f"add: {locked}: is encrypted: it needs a password")


def test_a_zip_bomb_in_a_word_file_is_refused_before_it_is_decompressed(tmp_path):
    import zipfile

    import originals

    project = new_project(tmp_path)
    bomb = tmp_path / "bomb.docx"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(originals.docx())) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr("word/media/image1.png", b"\0" * 50_000_000)
    bomb.write_bytes(out.getvalue())
    (line,) = refused(project, bomb)
    assert line.startswith(f"add: {bomb}: holds 'word/media/image1.png', which would expand ")
    assert line.endswith("times: refused (a zip bomb?)")


def test_a_pdfs_script_and_a_web_pages_remote_parts_reach_nothing_but_the_original_is_kept_as_it_is(tmp_path):
    import originals

    project = new_project(tmp_path)
    pdf = tmp_path / "script.pdf"
    pdf.write_bytes(originals.pdf(originals.laid_out(lines_a_page=8), js="app.alert('SCRIPT TEXT')",
                                  attachment=("payload.txt", b"ATTACHED TEXT")))
    page = tmp_path / "page.html"
    page.write_bytes(originals.html(paras=["Coalition walks out", "6 November 2009", *originals.SPEECH[1:]]))
    for source, sid in ((pdf, "2009-11-06-script"), (page, "2009-11-06-page")):
        meta = added(project, source, "--id", sid)
        statements = project / "statements"
        kept = statements / f"{sid}{source.suffix}"
        assert kept.read_bytes() == source.read_bytes()
        assert meta["original"] == {"file": kept.name, "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
                                    "extracted": meta["sha256"]}
        text = (statements / f"{sid}.txt").read_text("utf-8")
        for trace in ("SCRIPT", "ATTACHED", "127.0.0.1", "FORM TEXT", "NOSCRIPT", "Home"):
            assert trace not in text
        (review,) = [item["text"] for item in meta["review"] if "text" in item]
        assert review.startswith(f"extracted from {kept.name} by ")


def test_a_hard_wrapped_text_is_kept_as_it_came_and_its_paragraphs_joined_beside_it(tmp_path):
    """An e-mail wrapped at 72 characters: before, each paragraph of it arrived as a dozen numbered lines (or
    one 30-line "paragraph 2")."""
    import originals

    project = new_project(tmp_path)
    paras = ["Coalition walks out", "6 November 2009", *originals.SPEECH[1:]]
    lines = [line for block in originals.wrapped(paras, width=72) for line in [*block, ""]]
    mail = tmp_path / "mail.txt"
    mail.write_text("\n".join(lines), "utf-8")
    meta = added(project, mail, "--id", "2009-11-06-mail")
    statements = project / "statements"
    assert (statements / "2009-11-06-mail.original.txt").read_bytes() == mail.read_bytes()
    assert meta["original"]["file"] == "2009-11-06-mail.original.txt"
    text = (statements / "2009-11-06-mail.txt").read_text("utf-8")
    assert text.split("\n\n")[:4] == originals.paragraphs_text(paras)[:4]


@pytest.mark.process  # the real make add recipe, once a format
def test_make_add_takes_each_format_with_one_command(tmp_path, make_project):
    import originals

    writers = {"pdf": lambda paras: originals.pdf(originals.laid_out(paras, lines_a_page=8)),
               "docx": originals.docx, "odt": originals.odt, "html": originals.html}
    for fmt, write in writers.items():
        paras = [f"Coalition statement ({fmt})", "6 November 2009", *originals.SPEECH[1:]]
        source = tmp_path / f"statement {fmt}.{fmt}"
        source.write_bytes(write(paras))
        sid = f"2009-11-06-statement-{fmt}"
        result = make_add(make_project, f"FILE={source}", f"ID={sid}", "LANGUAGE=en")
        assert result.returncode == 0, result.stderr
        statements = make_project / "statements"
        assert (statements / f"{sid}.{fmt}").read_bytes() == source.read_bytes()
        copied, extracted = result.stdout.splitlines()[:2]
        assert copied == (f"add: copied {source} to statements/{sid}.{fmt} (byte-identical, sha256 "
                          f"{hashlib.sha256(source.read_bytes()).hexdigest()})")
        library = {"pdf": "pypdf", "docx": "python-docx"}.get(fmt, "lxml")
        assert extracted.startswith(f"add: extracted its text to statements/{sid}.txt (sha256 "
                                    f"{hashlib.sha256((statements / f'{sid}.txt').read_bytes()).hexdigest()}; "
                                    f"{library} ")
