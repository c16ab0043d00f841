"""Start-up stays lean: what each command imports, and the fast YAML path reads the same."""

from __future__ import annotations

import copy
import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefgen import yamlsource
from briefgen.errors import InvalidInput

from .conftest import ROOT, SHIPPED

_RE_COMPILE = re.compile
HEAVY = ("docx", "reportlab", "lxml", "jinja2", "yaml", "PIL")

# Runs the command line in a fresh interpreter, then lists every module it imported; a PDF
# helper process (briefgen.pdf_helper), if one is started, lists its own in FILE.helper.
_PROBE = """
import json, sys
from briefgen import pdf_helper

def record(path):
    with open(path, "w") as stream:
        json.dump(sorted({name.split(".")[0] for name in sys.modules}), stream)

serve = pdf_helper._serve
def recorded(*args):
    try:
        serve(*args)
    finally:
        record(sys.argv[1] + ".helper")
pdf_helper._serve = recorded

from briefgen.cli import main
try:
    main(sys.argv[2:], prog_name="briefgen")
except SystemExit:
    pass
record(sys.argv[1])
"""


def imported(tmp_path: Path, *args: str) -> set[str]:
    """Top-level packages imported by ``briefgen ARGS`` in a new process."""
    return imported_by_both(tmp_path, *args)[0]


def imported_by_both(tmp_path: Path, *args: str) -> tuple[set[str], set[str] | None]:
    """Top-level packages imported by ``briefgen ARGS`` in a new process, and by its PDF
    helper process (``None`` if it started none)."""
    record = tmp_path / "modules.json"
    helper = tmp_path / "modules.json.helper"
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(record), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert record.exists(), result.stderr
    modules = set(json.loads(record.read_text()))
    return modules, set(json.loads(helper.read_text())) if helper.exists() else None


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["build", "--help"]])
def test_help_and_version_import_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    modules = imported(tmp_path, *args)
    assert "click" in modules
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_pdf_only_build_never_imports_python_docx(tmp_path: Path) -> None:
    build = ("build", str(SHIPPED), "-f", "pdf", "-a", "staff", "-o", "out")
    modules, helper = imported_by_both(tmp_path, *build, "--jobs", "1")
    assert list((tmp_path / "out").glob("*.pdf"))
    assert helper is None  # one process, as asked
    assert "reportlab" in modules
    assert "docx" not in modules


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the PDF helper needs fork")
def test_the_pdf_helper_loads_reportlab_and_the_command_line_does_not(tmp_path: Path) -> None:
    """With two cores allowed, a PDF build renders in a helper process that loads reportlab
    while the command line loads the front end; neither loads python-docx."""
    build = ("build", str(SHIPPED), "-f", "pdf", "-a", "staff", "-o", "out", "--jobs", "2")
    modules, helper = imported_by_both(tmp_path, *build)
    assert list((tmp_path / "out").glob("*.pdf"))
    assert helper is not None
    assert "reportlab" in helper and "docx" not in helper
    assert "reportlab" not in modules and "docx" not in modules
    assert {"jinja2", "yaml"} <= modules and not {"jinja2", "yaml"} & helper


def test_docx_only_build_never_imports_reportlab(tmp_path: Path) -> None:
    modules = imported(tmp_path, "build", str(SHIPPED), "-f", "docx", "-a", "staff", "-o", "out")
    assert list((tmp_path / "out").glob("*.docx"))
    assert "docx" in modules
    assert "reportlab" not in modules


def _shape(node: yaml.Node) -> object:
    """Everything the schema reader can see of a node: kind, tag, value, style, positions."""
    where = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    head = (type(node).__name__, node.tag, getattr(node, "style", None), where)
    if isinstance(node, yaml.ScalarNode):
        return (*head, node.value)
    if isinstance(node, yaml.SequenceNode):
        return (*head, [_shape(item) for item in node.value])
    return (*head, [(_shape(k), _shape(v)) for k, v in node.value])


def _read(text: str) -> object:
    """What :func:`yamlsource.parse_text` makes of ``text``: node shapes or problem lines."""
    try:
        return _shape(yamlsource.parse_text(text, "brief.yaml"))
    except InvalidInput as exc:
        return [str(p) for p in exc.problems]


SAMPLES = [
    *(p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("templates/**/*.yaml"))),
    SHIPPED.read_text(encoding="utf-8"),
    SHIPPED.read_text(encoding="utf-8").replace("\n", "\r\n"),
    "a: b: c",
    "a: [1, 2",
    "a:\n  - x\n - y",
    'a: "\\q"',
    "a: b\n---\nc: d",
    "a: &x 1\nb: *x",
    "a: *x",
    "a: \x07",
    "a: 1\n\tb: 2",
    "a: |\n  x\n y",
    "a: x\u2028y",
    "a: x\x85y",
    "a: \ufeffx",
    "",
    "# only a comment\n",
    "key: 'it''s'\nother: \"tab\\there\"\nmore: >-\n  folded\n  text\n",
    "list: [a, 'b, c', {d: e}]\n? complex\n: value\n",
]


@pytest.mark.skipif(not yamlsource.HAVE_LIBYAML, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", SAMPLES)
def test_libyaml_path_reads_exactly_what_pyyaml_reads(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Valid text gives the same nodes, positions included; invalid text the same messages."""
    either = _read(text)
    monkeypatch.setattr(yamlsource, "_compose_fast", lambda text: None)
    assert either == _read(text)


@pytest.mark.skipif(not yamlsource.HAVE_LIBYAML, reason="PyYAML built without libyaml")
def test_the_shipped_brief_takes_the_libyaml_path() -> None:
    assert yamlsource._compose_fast(SHIPPED.read_text(encoding="utf-8")) is not None


_DEFERRED = """
import json, re, sys
import briefgen.backends.pdf_writer, briefgen.yamlsource
from reportlab.platypus import paragraph
from reportlab.lib import textsplit
import yaml.reader
patterns = [paragraph.uri_pat, textsplit.rx, yaml.reader.Reader.NON_PRINTABLE]
print(json.dumps([re.compile.__module__] + [type(p).__name__ for p in patterns]))
"""


def test_slow_patterns_compile_on_first_use_only() -> None:
    """Importing the PDF writer and the YAML reader leaves reportlab's and PyYAML's big
    patterns uncompiled (about 30 ms of a cold build), and ``re.compile`` as it was."""
    result = subprocess.run(
        [sys.executable, "-c", _DEFERRED], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == ["re"] + ["DeferredPattern"] * 3


def test_a_deferred_pattern_acts_as_the_pattern_it_stands_for() -> None:
    from reportlab.platypus import paragraph

    from briefgen.deferred import DeferredPattern, deferred_patterns

    real = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
    lazy = DeferredPattern(real.pattern, real.flags)
    assert not lazy.compiled
    for uri in ("https://example.org/a/very/long/path?q=1", "mailto:x@example.org", "not a uri"):
        assert bool(lazy.match(uri)) == bool(real.match(uri))
        if real.match(uri):
            assert lazy.match(uri).groups() == real.match(uri).groups()
    assert lazy.compiled and lazy.pattern == real.pattern and lazy.flags == real.flags
    assert lazy.sub("-", "a://b.c") == real.sub("-", "a://b.c")
    # Copied or pickled, it is the real pattern (even before it was ever used).
    fresh = DeferredPattern(real.pattern, real.flags)
    assert copy.copy(fresh) == real and pickle.loads(pickle.dumps(fresh)) == real
    assert not fresh.compiled
    # Only the named modules' top-level calls are deferred; everyone else gets re.compile.
    with deferred_patterns(("some.other.module",)):
        assert isinstance(re.compile("x"), re.Pattern)
    with deferred_patterns((__name__,)):
        assert isinstance(re.compile("x"), DeferredPattern)
    assert re.compile is _RE_COMPILE


def test_long_urls_still_break_at_a_slash() -> None:
    """With ``uriWasteReduce`` set, reportlab breaks a URL too long for its line at a
    slash, which it finds with the pattern whose compiling is deferred."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    import briefgen.backends.pdf_writer  # noqa: F401 - imports reportlab with the patterns deferred

    url = "https://example.org/" + "/".join(f"segment{n}" for n in range(12))
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, uriWasteReduce=0.3)
    para = Paragraph(f"See {url}", style)
    para.wrap(120, 1000)
    lines = [line[1] for line in para.blPara.lines]
    assert lines[0] == ["See", "https://example.org/"]
    assert "".join(word for line in lines[1:] for word in line) == url.removeprefix(lines[0][1])
