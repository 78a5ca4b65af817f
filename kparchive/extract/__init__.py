"""Extract: the text of an original in any format the archive takes, as paragraphs an editor reviews.

`make add` keeps the original byte for byte (`statements/<id>.pdf`, `.docx`, `.odt`, `.html`) and writes the text
the archive shows, numbers and searches beside it (`statements/<id>.txt`), extracted here once: the build never
extracts again (ARCHITECTURE.md, "Originals in other formats"). The same bytes always give the same text: each
reader is a pure function of the bytes (and the text's language, for the dictionary that says whether a hyphen at
a line's end cut a word), with its library pinned.

| format | reader | library |
|---|---|---|
| `.txt` | `reflow`, when its lines are hard-wrapped | none |
| `.pdf` | `extract.pdf`: each page's lines in layout order, page furniture left out, lines joined | pypdf |
| `.docx` | `extract.office`: the body's paragraphs, tables and lists | python-docx |
| `.odt` | `extract.office`: the body's headings, paragraphs, tables and lists | lxml |
| `.html` | `extract.web`: the main content's blocks; scripts, frames, forms, images left out | lxml |

Everything given is hostile: `bounded` runs a reader in a forked process with a memory and a CPU limit and a
deadline, and with Python's sockets refused (the readers make no request: lxml is told no network and no
entities, python-docx records an external link without following it); a Word or OpenDocument file's zip is
measured before anything is decompressed (`office.check_zip`). Each refusal is one line (`Unextractable`).
"""

from __future__ import annotations

import os
import pickle
import resource
import selectors
import signal
import time
from dataclasses import dataclass, field

from ..messages import N_
from ..reflow import Para, as_text
from ..text import function_words, words

# The formats `make add` takes, by the original's extension, and the extension each is kept under.
FORMATS = {".txt": "txt", ".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html"}
EXTENSIONS = {"txt": "txt", "pdf": "pdf", "docx": "docx", "odt": "odt", "html": "html"}
# How pages name a format (the catalogue translates them): "Original (PDF, 212 KB)".
LABELS = {"txt": N_("plain text"), "pdf": N_("PDF"), "docx": N_("Word"), "odt": N_("OpenDocument"),
          "html": N_("web page")}
# The media types the download links and the data package give.
MEDIA_TYPES = {"txt": "text/plain", "pdf": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "odt": "application/vnd.oasis.opendocument.text", "html": "text/html"}

# A reader's bounds: memory beyond what the process had when it forked, CPU seconds, and a deadline (a loaded
# machine gives a process less than its CPU time). A 100-page PDF takes a few seconds and under 100 MB
# (bench/HISTORY.md).
MEMORY = 1 << 30
CPU_SECONDS = 120
DEADLINE = 300


class Unextractable(Exception):
    """An original whose text cannot be extracted: one line saying why (after the file's name)."""


def language_of(text: str, given: str | None) -> str:
    """The text's language as the reflow's dictionary needs it: the one given, else English or French by their
    commonest words (add guesses it again from the extracted text, and puts it under review)."""
    if given:
        return given
    counts = function_words(text)
    return "fr" if counts["fr"] > counts["en"] else "en"


def finish(paras: list[Para], fmt: str, name: str, said: list[str]) -> Extracted:
    """The paragraphs as the archive keeps a text, or a refusal if they hold no word."""
    text = as_text([p for p in paras if p.text.strip()])
    if not words(text):
        raise Unextractable("holds no text")
    return Extracted(text, fmt, tool(name) if name else "", said)


@dataclass
class Extracted:
    """An original's text as the archive keeps it (paragraphs separated by blank lines), and what the editor is
    told about how it was read: what was left out, how many line ends were joined."""

    text: str
    format: str
    tool: str  # the library and version that read it ("pypdf 7.1.0")
    said: list[str] = field(default_factory=list)  # for the draft's review: what reading it did


def tool(name: str) -> str:
    """A library's name and installed version, as the draft records what extracted a text."""
    from importlib.metadata import version

    return f"{name} {version(name)}"


def extract(raw: bytes, fmt: str, language: str | None = None) -> Extracted:
    """The text of an original of a format of FORMATS' values, in this process (see `bounded`). `language`: the
    text's (ISO 639-1), for the dictionary that undoes a hyphen at a line's end; guessed if not given."""
    if fmt == "pdf":
        from .pdf import read
    elif fmt == "docx":
        from .office import read_docx as read
    elif fmt == "odt":
        from .office import read_odt as read
    elif fmt == "html":
        from .web import read
    elif fmt == "txt":
        from .plain import read
    else:
        raise Unextractable(f"is not a format the archive takes ({', '.join(sorted(FORMATS))})")
    return read(raw, language)


def bounded(raw: bytes, fmt: str, language: str | None = None, memory: int = MEMORY, cpu: int = CPU_SECONDS,
            deadline: float = DEADLINE) -> Extracted:
    """`extract` in a forked process: at most `memory` bytes of address space more than this process has, `cpu`
    seconds of CPU, `deadline` seconds in all, no socket. A file that needs more is refused in one line. (Memory
    this process freed but still holds is the child's to use first: `make add` forks from a fresh process.)"""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: confine, read, send the result back, and leave without cleaning up the parent's
        os.close(read_end)
        code = 0
        try:
            _confine(memory, cpu)
            result = ("ok", extract(raw, fmt, language))
        except Unextractable as err:
            result = ("refused", str(err))
        except MemoryError:
            result = ("memory", "")
        except RecursionError:
            result = ("refused", "is nested too deeply to be read")
        except BaseException as err:  # noqa: BLE001 - a library's failure on a hostile file is a refusal
            result = ("memory", "") if _out_of_memory(err) else \
                ("failed", f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}")
        try:
            data = pickle.dumps(result)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
        except BaseException:  # noqa: BLE001
            code = 3
        os._exit(code)
    os.close(write_end)
    data, killed = _collect(read_end, pid, deadline)
    _, status = os.waitpid(pid, 0)
    if killed:
        raise Unextractable(f"took longer than {deadline:g} seconds to read: refused (a file built to take forever?)")
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
        raise Unextractable(f"took more than {cpu} seconds of CPU to read: refused (a file built to take forever?)")
    try:
        kind, value = pickle.loads(data) if data else ("memory", "")
    except Exception:  # noqa: BLE001 - a result cut short: the child ran out of memory as it wrote it
        kind, value = "memory", ""
    if kind == "ok":
        return value
    if kind == "memory":
        raise Unextractable(f"needs more than {memory >> 20} MB of memory to read: refused (a file built to "
                            "expand, such as a zip bomb?)")
    if kind == "failed":
        raise Unextractable(f"cannot be read as {_article(fmt)} ({value})")
    raise Unextractable(value)


def _out_of_memory(err: BaseException) -> bool:
    """Whether a library's error is the memory limit's doing: libxml2 (lxml) reports a failed allocation as a
    syntax error, "Memory allocation failed" or, mid-parse, "unknown error"."""
    text = str(err)
    return type(err).__name__ == "XMLSyntaxError" and ("Memory allocation failed" in text
                                                        or text.startswith("unknown error"))


def _article(fmt: str) -> str:
    return {"pdf": "a PDF", "docx": "a Word document", "odt": "an OpenDocument text", "html": "a web page",
            "txt": "a plain text"}.get(fmt, "a file")


def _collect(fd: int, pid: int, deadline: float) -> tuple[bytes, bool]:
    """What the child writes, until it closes the pipe or the deadline passes (then it is killed)."""
    chunks: list[bytes] = []
    end = time.monotonic() + deadline
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while True:
            left = end - time.monotonic()
            if left <= 0 or not sel.select(left):
                os.kill(pid, signal.SIGKILL)
                os.close(fd)
                return b"", True
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                os.close(fd)
                return b"".join(chunks), False
            chunks.append(chunk)


def _confine(memory: int, cpu: int) -> None:
    """The child's bounds: address space and CPU time, and no socket (Python's, which every library here would
    use; none of them makes a request, and this makes sure)."""
    resource.setrlimit(resource.RLIMIT_AS, (_address_space() + memory,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    import socket

    def refused(*args, **kwargs):
        raise OSError("no network while a file is read")

    for name in ("connect", "connect_ex", "sendto", "sendmsg"):
        setattr(socket.socket, name, refused)
    socket.create_connection = refused
    socket.getaddrinfo = refused


def _address_space() -> int:
    """This process's virtual size (the limit is counted from it: the child is a copy of it)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: the limit is the memory alone
        return 0
