"""Release report, template folders (init, --templates, audiences), the template sandbox."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.build import Project
from briefgen.cli import main
from briefgen.errors import BuildError
from briefgen.resources import TEMPLATES

from .conftest import SHIPPED
from .readback import docx_xml_parts, pdf_text


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_report_lists_what_was_withheld_and_why_on_stderr_only(
    project: Project, tmp_path: Path
) -> None:
    result = run("build", str(SHIPPED), "-o", str(tmp_path), "--report")
    assert result.exit_code == 0, result.stderr
    report = result.stderr
    assert "public: clearance public, marked PUBLIC; 14 items withheld" in report
    assert (
        "  key_judgments[4] (kj-wedge) “There is a roughly even chance that a credible US offer "
        "of military d…”: level confidential above clearance public"
    ) in report
    assert "  opportunities[1] (op-china-limits) “China's own economic limits”: audience rule" in (
        report
    )
    assert "principal: clearance confidential, marked CONFIDENTIAL; 3 items withheld" in report
    assert "over the cap of 3" in report
    assert "staff: clearance confidential, marked CONFIDENTIAL; 0 items withheld" in report
    # Standard output lists the files only; no report text reaches any output.
    assert all(Path(line).is_file() for line in result.stdout.splitlines())
    for path in tmp_path.iterdir():
        text = pdf_text(path) if path.suffix == ".pdf" else " ".join(
            docx_xml_parts(path).values()
        )
        for word in ("withheld", "clearance", "kj-wedge", "audience rule"):
            assert word not in text, (path.name, word)


def test_templates_init_then_build_with_overrides(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    result = run("templates", "init", str(folder))
    assert result.exit_code == 0, result.stderr
    assert (folder / "principal" / "audience.yaml").is_file()
    assert (folder / "_schemes" / "tlp.yaml").is_file()
    assert (folder / "_shared" / "brief.md.j2").is_file()
    again = run("templates", "init", str(folder))
    assert again.exit_code == 1 and "not empty" in again.stderr
    # Edit the copy: a new audience and a changed label.
    (folder / "board").mkdir()
    (folder / "board" / "audience.yaml").write_text(
        "description: The board.\nlabel: Board paper\nclearance: internal\n"
        "sections: [summary, recommendations]\n",
        encoding="utf-8",
    )
    (folder / "board" / "memo.md.j2").write_text(
        '{% extends "_shared/brief.md.j2" %}\n', encoding="utf-8"
    )
    profile = folder / "public" / "audience.yaml"
    profile.write_text(
        profile.read_text().replace("label: Policy brief", "label: Public edition"),
        encoding="utf-8",
    )
    listing = run("audiences", "--templates", str(folder))
    assert listing.exit_code == 0
    rows = [line.split("\t") for line in listing.stdout.splitlines()]
    assert [row[0] for row in rows] == ["principal", "public", "staff", "board"]
    board = rows[-1]
    assert board[1] == "internal" and board[3] == str(folder / "board")
    builtin = run("audiences").stdout.splitlines()
    assert builtin[0].split("\t") == [
        "principal",
        "default: confidential, tlp: red, government: secret",
        "1 page",
        "built-in",
    ]
    out = tmp_path / "out"
    built = run("build", str(SHIPPED), "-f", "pdf", "-a", "board,public", "-o", str(out),
                "-t", str(folder))
    assert built.exit_code == 0, built.stderr
    public = next(p for p in out.iterdir() if p.name.endswith("public.pdf"))
    assert "Public edition" in pdf_text(public)
    board_pdf = next(p for p in out.iterdir() if p.name.endswith("board.pdf"))
    assert "INTERNAL" in pdf_text(board_pdf)


def test_user_scheme_file(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "_schemes").mkdir(parents=True)
    (folder / "_schemes" / "uk.yaml").write_text(
        "description: UK government.\nlevels:\n"
        "  - {name: official, banner: OFFICIAL, portion: O}\n"
        "  - {name: official-sensitive, banner: OFFICIAL-SENSITIVE, portion: OS}\n",
        encoding="utf-8",
    )
    for name, level in (("staff", "official-sensitive"), ("public", "official")):
        (folder / name).mkdir()
        original = (TEMPLATES / name / "audience.yaml").read_text()
        (folder / name / "audience.yaml").write_text(
            original.replace("clearance: {", f"clearance: {{uk: {level}, "), encoding="utf-8"
        )
    brief = tmp_path / "uk.yaml"
    brief.write_text(
        "title: T\nrelease_title: R\ndate: 2026-11-30\nauthor: A\nmarking: uk\n"
        "sensitivity: official-sensitive\nsummary:\n  - {text: Open, sensitivity: official}\n"
        "  - Sensitive part\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("build", str(brief), "-f", "pdf", "-a", "staff,public", "-o", str(out),
                 "-t", str(folder))
    assert result.exit_code == 0, result.stderr
    staff, public = sorted(out.iterdir(), key=lambda p: "public" in p.name)
    assert pdf_text(staff).startswith("OFFICIAL-SENSITIVE")
    assert pdf_text(public).startswith("OFFICIAL R")
    assert "Sensitive part" not in pdf_text(public)
    # check and schema know the folder's schemes too, given the same option.
    assert run("check", str(brief), "-t", str(folder)).exit_code == 0
    unknown = run("check", str(brief))
    assert unknown.exit_code == 1 and "marking: unknown scheme 'uk'" in unknown.stderr
    assert '"official-sensitive"' in run("schema", "-t", str(folder)).stdout


def test_bad_clearance_in_a_profile_is_reported_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "mine" / "staff"
    folder.mkdir(parents=True)
    folder.joinpath("audience.yaml").write_text(
        "description: d\nlabel: l\nclearance: {tlp: AMBER}\nsections: [summary]\n",
        encoding="utf-8",
    )
    result = run("audiences", "-t", str(tmp_path / "mine"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{folder / 'audience.yaml'}:3:")
    assert "clearance.tlp: unknown level 'AMBER' in tlp" in result.stderr


def _user_template(tmp_path: Path, source: str, name: str = "staff") -> Project:
    folder = tmp_path / "mine" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "memo.md.j2").write_text(source, encoding="utf-8")
    return Project.load(user=tmp_path / "mine")


def test_template_runtime_error_names_file_and_line(tmp_path: Path) -> None:
    project = _user_template(tmp_path, "::: title\n{{ brief.title }}\n:::\n\n{{ 1 // 0 }}\n")
    with pytest.raises(BuildError) as caught:
        project.document(project.read(SHIPPED), "staff")
    where = tmp_path / "mine" / "staff" / "memo.md.j2"
    assert str(caught.value) == f"{where}:5: integer division or modulo by zero"
    project = _user_template(tmp_path, "line one\n{{ brief.no_such_field }}\n")
    with pytest.raises(BuildError, match=r"memo\.md\.j2:2: .*no_such_field"):
        project.document(project.read(SHIPPED), "staff")
    project = _user_template(tmp_path, "one\ntwo\n{% if %}\n")
    with pytest.raises(BuildError, match=r"memo\.md\.j2:3: "):
        project.document(project.read(SHIPPED), "staff")


def test_template_sandbox_refuses_unsafe_calls(tmp_path: Path) -> None:
    project = _user_template(tmp_path, "{{ brief.__class__.__mro__ }}\n")
    unsafe = r"memo\.md\.j2:1: access to attribute '__class__' .* is unsafe"
    with pytest.raises(BuildError, match=unsafe):
        project.document(project.read(SHIPPED), "staff")


def test_templates_cannot_escape_their_folder(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md.j2"
    secret.write_text("SECRET FILE\n", encoding="utf-8")
    project = _user_template(tmp_path, '{% include "../../secret.md.j2" %}\n')
    with pytest.raises(BuildError, match="template not found"):
        project.document(project.read(SHIPPED), "staff")
    # A link to a file outside the folder is refused like a missing template.
    link = tmp_path / "mine" / "staff" / "memo.md.j2"
    link.unlink()
    os.symlink(secret, link)
    project = Project.load(user=tmp_path / "mine")
    with pytest.raises(BuildError, match="a link leading out of the template folder"):
        project.document(project.read(SHIPPED), "staff")
    # So is a linked folder.
    link.unlink()
    (tmp_path / "mine" / "staff").rmdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "memo.md.j2").write_text("SECRET FILE\n", encoding="utf-8")
    os.symlink(outside, tmp_path / "mine" / "staff")
    project = Project.load(user=tmp_path / "mine")
    with pytest.raises(BuildError, match="a link leading out of the template folder"):
        project.document(project.read(SHIPPED), "staff")


def test_profile_reached_through_a_link_out_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "audience.yaml").write_text(
        (TEMPLATES / "staff" / "audience.yaml").read_text(), encoding="utf-8"
    )
    (tmp_path / "mine").mkdir()
    os.symlink(outside, tmp_path / "mine" / "linked")
    with pytest.raises(BuildError, match="links out of"):
        Project.load(user=tmp_path / "mine")
