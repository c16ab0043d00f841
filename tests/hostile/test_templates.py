"""Class 6: user templates run sandboxed, confined to their folder, bounded in time and memory.

Each case replaces the staff memo template of a copy of briefgen's templates and builds the
shipped brief for staff: the build stops with the one line shown, nothing is written, and
nothing outside the template folder is read.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefgen import sandbox
from briefgen.build import Project, build
from briefgen.errors import BuildError
from briefgen.resources import TEMPLATES

from ..conftest import SHIPPED


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    root = tmp_path / "templates"
    shutil.copytree(TEMPLATES, root)
    return root


def _fails(root: Path, source: str, out: Path) -> str:
    (root / "staff" / "memo.md.j2").write_text(source, encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(Project.load(root), SHIPPED, ["staff"], ["docx"], out)
    assert not out.exists() or list(out.iterdir()) == []
    return str(caught.value)


UNSAFE = "access to attribute '{}' of '{}' object is unsafe."
ESCAPES = [
    ("{{ ''.__class__.__mro__ }}", UNSAFE.format("__class__", "str")),
    ("{{ cycler.__init__.__globals__ }}", UNSAFE.format("__init__", "type")),
    ("{{ joiner.__init__.__globals__['os'] }}", UNSAFE.format("__init__", "type")),
    ("{{ namespace.__init__ }}", UNSAFE.format("__init__", "type")),
    ("{{ brief.__class__.__init__.__globals__ }}", "is unsafe"),
    ("{{ brief.title.format.__self__ }}", "'function object' has no attribute '__self__'"),
    ("{{ (brief.title|attr('__class__')) }}", UNSAFE.format("__class__", "str")),
    (
        "{{ self._TemplateReference__context }}",
        UNSAFE.format("_TemplateReference__context", "TemplateReference"),
    ),
    ("{{ [1].pop() }}", UNSAFE.format("pop", "list")),
    ("{{ {}.update(a=1) }}", UNSAFE.format("update", "dict")),
    ("{{ lipsum(100000) }}", "'lipsum' is undefined"),
    ("{{ 'x' * 100000000 }}", "repetition result too large"),
    ("{{ [0] * 100000000 }}", "repetition result too large"),
    ("{{ 9 ** 99999999 }}", "power result too large"),
    ("{{ 1 / 0 }}", "division by zero"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "maximum recursion depth exceeded"),
]


@pytest.mark.parametrize(("source", "reason"), ESCAPES, ids=[c[0] for c in ESCAPES])
def test_no_escape_from_the_sandbox(templates: Path, tmp_path: Path, source: str, reason: str):
    message = _fails(templates, "line one\n" + source + "\n", tmp_path / "out")
    where = f"{templates / 'staff' / 'memo.md.j2'}:2: "
    assert message.startswith(where), message
    assert reason in message
    assert "\n" not in message


def test_syntax_error_names_file_and_line(templates: Path, tmp_path: Path) -> None:
    message = _fails(templates, "ok\n{% for x in %}\n", tmp_path / "out")
    reason = "Expected an expression, got 'end of statement block'"
    assert message == f"{templates / 'staff' / 'memo.md.j2'}:2: {reason}"


def test_endless_loop_is_stopped(templates: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 2)
    source = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    message = _fails(templates, source, tmp_path / "out")
    assert message == "staff/memo.md.j2: took longer than 2 seconds; stopped"


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'x' | center(2000000000) }}",  # a constant: would be folded while compiling
        "{% set n = 2000000000 %}{{ brief.title | center(n) }}",
        "{{ '{:>2000000000}'.format(1) }}",
    ],
)
def test_memory_hog_is_stopped(templates: Path, tmp_path: Path, monkeypatch, source: str):
    monkeypatch.setattr(sandbox, "MEMORY_LIMIT", 256 * 1024 * 1024)
    message = _fails(templates, source, tmp_path / "out")
    assert message == "staff/memo.md.j2: used more than 256 MiB of memory; stopped"


def test_output_flood_is_stopped(templates: Path, tmp_path: Path) -> None:
    source = "{% for i in range(100000) %}{% for j in range(100) %}" + "x" * 24 + "{% endfor %}" * 2
    message = _fails(templates, source, tmp_path / "out")
    assert message == "staff/memo.md.j2: produced more than 4,194,304 characters; stopped"


def test_include_cannot_climb_out(templates: Path, tmp_path: Path) -> None:
    message = _fails(templates, '{% include "../../../../etc/passwd" %}', tmp_path / "out")
    assert message == "staff/memo.md.j2: template not found: ../../../../etc/passwd"


def test_include_cannot_follow_a_link_out(templates: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET CONTENT")
    (templates / "staff" / "leak.md.j2").symlink_to(secret)
    message = _fails(templates, '{% include "staff/leak.md.j2" %}', tmp_path / "out")
    assert message == (
        f"{templates.resolve() / 'staff' / 'leak.md.j2'}: a link leading out of the template "
        f"folder {templates}"
    )


def test_include_of_a_fifo_never_blocks(templates: Path, tmp_path: Path) -> None:
    os.mkfifo(templates / "staff" / "pipe.md.j2")
    message = _fails(templates, '{% include "staff/pipe.md.j2" %}', tmp_path / "out")
    assert message == f"{templates.resolve() / 'staff' / 'pipe.md.j2'}: not a regular file"


def test_brief_text_is_never_template_source(templates: Path, tmp_path: Path) -> None:
    # The template prints the title twice; a title with Jinja syntax prints as typed.
    brief = tmp_path / "b.yaml"
    brief.write_text(
        SHIPPED.read_text(encoding="utf-8").replace(
            'title: "The China–Russia Entente: Durable, but Not an Alliance"',
            "title: \"{{ 7*7 }} {% include 'staff/audience.yaml' %}\"",
        ),
        encoding="utf-8",
    )
    (templates / "staff" / "memo.md.j2").write_text("{{ brief.title }}\n", encoding="utf-8")
    project = Project.load(templates)
    document = project.document(project.read(brief), "staff")
    from briefgen import model

    assert [model.plain(b.text) for b in document.blocks if isinstance(b, model.Paragraph)] == [
        "{{ 7*7 }} {% include 'staff/audience.yaml' %}"
    ]


def test_nested_list_in_a_template_does_not_hang(templates: Path) -> None:
    # An indented bullet used to send the Markdown reader round the same line for ever.
    (templates / "staff" / "memo.md.j2").write_text("- a\n  - b\n    - c\n", encoding="utf-8")
    project = Project.load(templates)
    document = project.document(project.read(SHIPPED), "staff")
    from briefgen import model

    lists = [b for b in document.blocks if isinstance(b, model.BulletList)]
    assert [[model.plain(i) for i in b.items] for b in lists] == [["a"], ["b"], ["c"]]


def test_only_briefgens_own_templates_run_unbounded(templates: Path, tmp_path: Path) -> None:
    # briefgen's own templates render in-process, compiled once; any other folder — a copy
    # of them, or a user folder over them — renders in the bounded worker.
    assert Project.load().templates.trusted
    assert not Project.load(templates).templates.trusted
    user = tmp_path / "user"
    user.mkdir()
    assert not Project.load(user=user).templates.trusted


def test_a_user_folder_template_is_bounded_too(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 2)
    user = tmp_path / "user"
    (user / "staff").mkdir(parents=True)
    (user / "staff" / "memo.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as caught:
        build(Project.load(user=user), SHIPPED, ["staff"], ["docx"], tmp_path / "out")
    assert str(caught.value) == "staff/memo.md.j2: took longer than 2 seconds; stopped"
