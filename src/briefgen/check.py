"""``briefgen check``: validation errors and lint warnings for a brief, in one pass.

Validation (:func:`briefgen.outline_reader.validate`) finds what makes a brief unusable; once its
fields are valid, lint (:mod:`briefgen.lint`) finds what makes it a weaker memo. The
formatters here turn findings into the text, JSON and GitHub-annotation outputs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import glyphs
from .config import LintConfig
from .errors import InvalidInput
from .lint import Finding, lint
from .outline import texts
from .outline_reader import validate

if TYPE_CHECKING:
    from .build import Project


def check(brief: Path, project: Project, settings: LintConfig) -> list[Finding]:
    """Every error and warning for ``brief``, sorted by position."""
    outline, problems = validate(brief, project.schemes, list(project.profiles))
    findings = [Finding.from_problem(p) for p in problems]
    if outline is not None:
        source = brief.read_text(encoding="utf-8-sig")
        findings += lint(outline, source, settings, project)
        try:  # what would stop `build`: characters no bundled font can draw
            glyphs.check(texts(outline), project.style, outline.file, outline.positions)
        except InvalidInput as exc:
            findings += [Finding.from_problem(p) for p in exc.problems]
    return sorted(findings)


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    severities = [f.severity for f in findings]
    return severities.count("error"), severities.count("warning")


def to_json(findings: list[Finding], briefs: list[Path]) -> str:
    """One JSON document: the briefs checked, the findings, and their totals."""
    errors, warnings = counts(findings)
    return json.dumps(
        {
            "briefs": [str(b) for b in briefs],
            "errors": errors,
            "warnings": warnings,
            "findings": [
                {
                    "file": f.file,
                    "line": f.line,
                    "column": f.col,
                    "severity": f.severity,
                    "path": f.path,
                    "message": f.message,
                    "rule": f.rule,
                }
                for f in findings
            ],
        },
        indent=2,
        ensure_ascii=False,
    )


def _escape(value: str, *, property_value: bool = False) -> str:
    """GitHub workflow-command escaping (``%``, line breaks; ``:`` and ``,`` in properties)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def to_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: one ``::error``/``::warning`` annotation a finding."""
    lines = []
    for f in findings:
        title = f"briefgen {f.rule}" if f.rule else "briefgen"
        props = ",".join(
            f"{k}={_escape(str(v), property_value=True)}"
            for k, v in (("file", f.file), ("line", f.line), ("col", f.col), ("title", title))
        )
        message = f"{f.path}: {f.message}" if f.path else f.message
        lines.append(f"::{f.severity} {props}::{_escape(message)}")
    return "\n".join(lines)
