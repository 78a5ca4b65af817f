"""A strict YAML reader for curated data.

Dates stay strings (so an impossible date is our validation error, not a loader crash), only
`true`/`false` are booleans (so `country: NO` stays Norway), and a repeated key is an error.
"""

from __future__ import annotations

import re

import yaml


class DuplicateKey(yaml.constructor.ConstructorError):
    pass


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


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise DuplicateKey(None, None, f"repeated key {key!r}", key_node.start_mark)
        seen.add(key)
    return _Base.construct_mapping(loader, node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str):
    """Parse YAML text strictly; raises yaml.YAMLError with a line number on bad input."""
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader


def describe_yaml_error(err: yaml.YAMLError) -> str:
    """One line for a YAML error: what and where."""
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    if mark is not None:
        return f"YAML does not parse: {problem} (line {mark.line + 1}, column {mark.column + 1})"
    return f"YAML does not parse: {problem}"
