"""Class 4: sensitivity levels and audience names that only look right are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import BASE, run, write

KNOWN_LEVELS = "(known: public, internal, confidential)"
KNOWN_AUDIENCES = "(known: principal, public, staff)"

LEVELS = [
    ('"confidential "', "'confidential '", "; it has spaces before or after the name"),
    ("CONFIDENTIAL", "'CONFIDENTIAL'", "; names are lower case: write 'confidential'"),
    ("Public", "'Public'", "; names are lower case: write 'public'"),
    (
        "c\u043enfidential",  # Cyrillic small o
        "'c\u043enfidential'",
        "; it contains the non-ASCII character '\u043e' U+043E (CYRILLIC SMALL LETTER O) at "
        "position 2: type the name in plain letters",
    ),
    (
        "publ\u0456c",  # Ukrainian i
        "'publ\u0456c'",
        "; it contains the non-ASCII character '\u0456' U+0456 (CYRILLIC SMALL LETTER "
        "BYELORUSSIAN-UKRAINIAN I) at position 5: type the name in plain letters",
    ),
    (
        '"public\\u200b"',
        "'public\\u200b'",
        "; it contains the invisible character U+200B (ZERO WIDTH SPACE) at position 7",
    ),
    (
        '"\\u2060internal"',
        "'\\u2060internal'",
        "; it contains the invisible character U+2060 (WORD JOINER) at position 1",
    ),
    ("Secret", "'Secret'", ""),
]


@pytest.mark.parametrize(("typed", "shown", "why"), LEVELS, ids=[c[1] for c in LEVELS])
def test_look_alike_levels_are_refused(tmp_path: Path, typed: str, shown: str, why: str) -> None:
    text = BASE.format(text="S").replace("sensitivity: public", f"sensitivity: {typed}")
    path = write(tmp_path, text)
    result = run(path)
    assert result.code == 1
    assert result.stderr == f"{path}:4:14: sensitivity: unknown level {shown} {KNOWN_LEVELS}{why}\n"
    assert result.outputs == {}


@pytest.mark.parametrize(
    ("typed", "shown", "why"),
    [
        (
            '"public\\u200d"',
            "'public\\u200d'",
            "; it contains the invisible character U+200D (ZERO WIDTH JOINER) at position 7",
        ),
        ("PUBLIC", "'PUBLIC'", "; names are lower case: write 'public'"),
        (
            "p\u00fablic",
            "'p\u00fablic'",
            "; it contains the non-ASCII character '\u00fa' "
            "U+00FA (LATIN SMALL LETTER U WITH ACUTE) at position 2: "
            "type the name in plain letters",
        ),
    ],
)
def test_look_alike_audience_never_widens(tmp_path: Path, typed: str, shown: str, why: str):
    # Were the excluded name not matched exactly but ignored, the public would see the item.
    extra = f"  - text: Staff only\n    audiences: {{exclude: [{typed}]}}\n"
    path = write(tmp_path, BASE.format(text="S") + extra)
    result = run(path)
    assert result.code == 1
    assert result.stderr == (
        f"{path}:8:27: summary[1].audiences.exclude[0]: unknown audience {shown} "
        f"{KNOWN_AUDIENCES}{why}\n"
    )
