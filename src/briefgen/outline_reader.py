"""Reading a brief: :func:`read_outline` and :func:`validate` turn a YAML file into an
:class:`~briefgen.outline.Outline`, with every problem reported at once.

Separate from :mod:`briefgen.outline`, which defines what a brief may contain, because this is
the procedure of loading one: pick the marking scheme first (it decides the levels every
other field may use), load the fields through :mod:`briefgen.schema`, then run the checks
that span the whole brief (unique ids, citations to known sources, the size limit).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import yaml

from . import yamlsource
from .errors import InvalidInput, Problem
from .markings import DEFAULT, Scheme
from .outline import CITATION, Item, Outline, walk
from .schema import SCHEME, Context, load

#: Most characters of text a brief may hold in all its fields together (a long report is
#: about 60,000, 10,000 words); keeps every build of a valid brief under a minute
#: (docs: Limits; bench/limits.py).
MAX_TOTAL_CHARS = 250_000

_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for file names."""
    return _SLUG.sub("-", text.lower()).strip("-")[:60] or "brief"


def _cross_check(outline: Outline, ctx: Context) -> None:
    """Checks that span fields: unique ids, citations to known sources."""

    def report(path: str, message: str) -> None:
        line, col = outline.positions.get(path, (1, 1))
        ctx.problems.append(Problem(ctx.file, line, col, path, message))

    seen: dict[str, str] = {}
    sources = {s.id for s in outline.sources}
    total = 0
    for path, value in walk(outline, ""):
        if isinstance(value, str):
            total += len(value)
        if isinstance(value, Item) and value.id is not None:
            if value.id in seen:
                report(f"{path}.id", f"duplicate id {value.id!r} (first used at {seen[value.id]})")
            else:
                seen[value.id] = f"{path}.id"
        elif isinstance(value, str):
            for match in CITATION.finditer(value):
                if match.group(1) not in sources:
                    report(path, f"citation [@{match.group(1)}] names no source in 'sources'")
    if total > MAX_TOTAL_CHARS:
        ctx.problems.append(
            Problem(
                ctx.file,
                1,
                1,
                "",
                f"the brief holds {total:,} characters of text; the limit is {MAX_TOTAL_CHARS:,}",
            )
        )


def _chosen_scheme(node: yaml.Node, file: str, schemes: Mapping[str, Scheme]) -> Scheme:
    """Step one of reading a brief: the scheme its ``marking`` names, which decides the levels
    every other field may use. An unknown or malformed name stops the read here."""
    name = DEFAULT
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "marking":
                ctx = Context(file, {"scheme": list(schemes)})
                name = load(Annotated[str, SCHEME], value, ctx, "marking")  # type: ignore[arg-type]
    if name not in schemes:
        raise InvalidInput([Problem(file, 1, 1, "marking", f"no marking scheme {name!r}")])
    return schemes[name]


def validate(
    path: Path, schemes: Scheme | Mapping[str, Scheme], audiences: list[str]
) -> tuple[Outline | None, list[Problem]]:
    """Read the brief at ``path``; return it (if its fields are valid) and every problem.

    ``schemes`` are the known marking schemes (the brief's ``marking`` picks one, whose levels
    are then the only ones it may use) and ``audiences`` the known audience names. The outline
    comes back even when the checks that span the brief (repeated ids, citations) fail, so
    ``briefgen check`` can still lint it; it is ``None`` when any field is invalid.
    """
    if isinstance(schemes, Scheme):
        schemes = {schemes.name or DEFAULT: schemes}
    try:
        node, file = yamlsource.read_file(path)
        scheme = _chosen_scheme(node, file, schemes)
        vocabularies = {"level": scheme.names, "audience": audiences, "scheme": list(schemes)}
        ctx = Context(file, vocabularies)
        outline = load(Outline, node, ctx)
    except InvalidInput as exc:
        return None, list(exc.problems)
    slug = outline.slug or path.stem
    outline = replace(outline, positions=ctx.positions, file=file, slug=slugify(slug))
    _cross_check(outline, ctx)
    return outline, sorted(set(ctx.problems))


def read_outline(
    path: Path, schemes: Scheme | Mapping[str, Scheme], audiences: list[str]
) -> Outline:
    """Read and validate the brief at ``path`` (see :func:`validate`).

    Raises :class:`~briefgen.errors.InvalidInput` listing every problem, each with its line,
    column and field path.
    """
    outline, problems = validate(path, schemes, audiences)
    if problems or outline is None:
        raise InvalidInput(problems)
    return outline
