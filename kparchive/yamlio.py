"""A strict YAML reader for curated data.

Dates stay strings (so an impossible date is our validation error, not a loader crash), only
`true`/`false` are booleans (so `country: NO` stays Norway), and a repeated key is an error.

Curated metadata is text, lists and mappings, so the reader refuses what it never needs and what can hurt:
anchors and aliases (a few lines of nested aliases expand to gigabytes), tags (`!!binary`, `!!timestamp`,
whose constructors raise on bad values), keys that are not text, and nesting deeper than MAX_DEPTH (libyaml's
composer recurses in C and crashes the process on a file of a hundred thousand `[`). Values are built here
from libyaml's event stream, so each of these is refused where it stands, before anything is expanded.
"""

from __future__ import annotations

import re

import yaml

MAX_DEPTH = 64  # nested lists and mappings; curated metadata needs four


class DuplicateKey(yaml.constructor.ConstructorError):
    pass


class NotAllowed(yaml.MarkedYAMLError):
    """Valid YAML that curated metadata may not use (an alias, a tag, a key that is not text…)."""


# libyaml's parser when PyYAML has it (ten times faster at archive scale); same resolvers and constructors.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_Base):
    pass


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# The implicit types a plain scalar can have; any other (`<<`, `=`) is text as written.
_TYPED = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null")}


def kind(value) -> str:
    """What a value is, in a curator's words ("a list", "a number"…), for problems."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class _Container:
    __slots__ = ("value", "key")

    def __init__(self, value):
        self.value = value
        self.key = _NO_KEY  # a mapping's key waiting for its value


_NO_KEY = object()


def _scalar(loader: StrictLoader, event: yaml.ScalarEvent):
    if not event.implicit[0]:  # quoted: text as written
        return event.value
    tag = loader.resolve(yaml.ScalarNode, event.value, (True, False))
    if tag not in _TYPED:
        return event.value
    try:
        return loader.yaml_constructors[tag](loader, yaml.ScalarNode(tag, event.value, event.start_mark))
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise NotAllowed(None, None, f"{event.value[:20]!r}… cannot be read as a number ({err})",
                         event.start_mark) from None


def _check_node(event: yaml.NodeEvent) -> None:
    if event.anchor is not None:
        raise NotAllowed(None, None, f"YAML anchors (&{event.anchor}) are not allowed: write each value out",
                         event.start_mark)
    if getattr(event, "tag", None) is not None:
        tag = event.tag.replace("tag:yaml.org,2002:", "!!")
        raise NotAllowed(None, None, f"YAML tags ({tag}) are not allowed: curated metadata is plain text, "
                                     "lists and mappings", event.start_mark)


def load_yaml(text: str):
    """Parse YAML text strictly; raises yaml.YAMLError with a line number on bad input (NotAllowed for what
    curated metadata may not use)."""
    loader = StrictLoader(text)
    try:
        return _compose(loader)
    finally:
        loader.dispose()


def _compose(loader: StrictLoader):
    composer = _Composer(loader)
    while True:
        event = loader.get_event()
        if event is None or isinstance(event, yaml.StreamEndEvent):
            return composer.result
        handle = _ON_EVENT.get(type(event))
        if handle is not None:
            handle(composer, event)


class _Composer:
    """Builds plain lists, mappings and scalars from the parser's events, refusing what curated metadata may not
    use as it comes (a second document, aliases, anchors, tags, a key that is not text or is repeated, deep
    nesting), without a node graph in between."""

    __slots__ = ("loader", "stack", "documents", "result")

    def __init__(self, loader: StrictLoader):
        self.loader = loader
        self.stack: list[_Container] = []
        self.documents = 0
        self.result = None

    def add(self, value, mark) -> None:
        """A finished value into its list, or as its mapping's key or value (or the document's)."""
        if not self.stack:
            self.result = value
            return
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            parent.value.append(value)
        elif parent.key is _NO_KEY:
            if not isinstance(value, str):
                raise NotAllowed(None, None, f"a key must be text, not {kind(value)} ({value!r}): put it in quotes",
                                 mark)
            if value in parent.value:
                raise DuplicateKey(None, None, f"repeated key {value!r}", mark)
            parent.key = value
        else:
            parent.value[parent.key] = value
            parent.key = _NO_KEY

    def document(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise NotAllowed(None, None, "holds more than one YAML document (a second `---`)", event.start_mark)

    def alias(self, event: yaml.AliasEvent) -> None:
        raise NotAllowed(None, None, f"YAML aliases (*{event.anchor}) are not allowed: write each value out",
                         event.start_mark)

    def scalar(self, event: yaml.ScalarEvent) -> None:
        _check_node(event)
        self.add(_scalar(self.loader, event), event.start_mark)

    def start(self, event: yaml.CollectionStartEvent) -> None:
        """A list or mapping opened: never as a key, never deeper than MAX_DEPTH."""
        _check_node(event)
        stack = self.stack
        if stack and isinstance(stack[-1].value, dict) and stack[-1].key is _NO_KEY:
            what = "a list" if isinstance(event, yaml.SequenceStartEvent) else "a mapping"
            raise NotAllowed(None, None, f"a key must be text, not {what}", event.start_mark)
        if len(stack) >= MAX_DEPTH:
            raise NotAllowed(None, None, f"nests lists and mappings more than {MAX_DEPTH} deep", event.start_mark)
        stack.append(_Container([] if isinstance(event, yaml.SequenceStartEvent) else {}))

    def end(self, event: yaml.CollectionEndEvent) -> None:
        self.add(self.stack.pop().value, event.start_mark)


# What each of the parser's events does (the others, a stream's or a document's end, do nothing).
_ON_EVENT = {
    yaml.DocumentStartEvent: _Composer.document, yaml.AliasEvent: _Composer.alias, yaml.ScalarEvent: _Composer.scalar,
    yaml.SequenceStartEvent: _Composer.start, yaml.MappingStartEvent: _Composer.start,
    yaml.SequenceEndEvent: _Composer.end, yaml.MappingEndEvent: _Composer.end,
}


def describe_yaml_error(err: yaml.YAMLError, text: str | None = None) -> str:
    """One line for a YAML error: what went wrong in an editor's words, where (line, column) and in which field.
    Given the file's text, libyaml's own words ("mapping values are not allowed here", "found character that
    cannot start any token") become what to do about them."""
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    lines = text.split("\n") if text is not None else None
    at = mark.line if mark is not None else 0
    if lines is not None and mark is not None and not isinstance(err, (NotAllowed, DuplicateKey)):
        problem, at = _explained(err, problem, mark, lines)
    where = ""
    if mark is not None:
        opened = getattr(err, "context_mark", None)
        shown_mark = opened if opened is not None and at == opened.line != mark.line else mark
        where = f"line {shown_mark.line + 1}, column {shown_mark.column + 1}"
        if lines is not None and (name := field_at(lines, min(at, len(lines) - 1))):
            where += f", in {name}"
        where = f" ({where})"
    if isinstance(err, NotAllowed):
        return f"{problem}{where}"
    return f"YAML does not parse: {problem}{where}"


def _explained(err, problem: str, mark, lines: list[str]) -> tuple[str, int]:
    """libyaml's problem as what the editor wrote and how to write it, and the line whose field it is in (a quote
    or bracket left open: the line that opened it)."""
    context = getattr(err, "context", None) or ""
    start = getattr(err, "context_mark", None)
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "cannot start any token" in problem and line[mark.column:mark.column + 1] == "\t" or (
            "\t" in line[:len(line) - len(line.lstrip())]):
        return "a tab indents this line: YAML indents with spaces only", mark.line
    if "quoted scalar" in context and start is not None:
        quote = lines[start.line][start.column:start.column + 1] if start.line < len(lines) else '"'
        return (f"the quote ({quote}) opened on line {start.line + 1} is not closed: end the value with the same "
                "quote", start.line)
    if "mapping values are not allowed" in problem:
        return ("an unquoted value holds a colon and a space, which YAML reads as a new key: put the value in "
                "quotes", mark.line)
    if problem.startswith("did not find expected ',' or") and start is not None:
        bracket = "]" if problem.endswith("']'") else "}"
        if start.line != mark.line:
            return (f"the {'[' if bracket == ']' else '{'} opened on line {start.line + 1} is not closed: end it "
                    f"with {bracket} on its line", start.line)
        return (f"a value inside {'[…]' if bracket == ']' else '{…}'} holds a colon and a space, or a quote: put "
                "the value in quotes", mark.line)
    if problem in ("did not find expected key", "did not find expected '-' indicator") or problem.startswith(
            "expected <block end>"):
        return ("this line is not indented as the lines around it: indent it by as many spaces as its neighbours",
                mark.line)
    return problem, mark.line


_KEY_LINE = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[^\s:#'\"{}\[\],][^:#{}\[\],]*?):(?:\s|$)")


def field_at(lines: list[str], number: int) -> str | None:
    """The field a line belongs to, as problems name fields ("provenance.published", "countries.about"): the
    keys of the lines above it that hold it, by their indentation."""
    path: list[tuple[int, str]] = []
    for line in lines[:number + 1]:
        line = line.replace("\t", " ")
        m = _KEY_LINE.match(line)
        if m is None:
            continue
        indent = len(line) - len(line.lstrip(" -"))
        while path and path[-1][0] >= indent:
            path.pop()
        path.append((indent, m["key"].strip()))
    return ".".join(k for _, k in path) or None
