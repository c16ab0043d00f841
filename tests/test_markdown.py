"""Unit tests of :mod:`briefgen.markdown`: inline markup, blocks and directives, ``escape``."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from briefgen import model
from briefgen.errors import BuildError
from briefgen.markdown import Resolver, escape, parse_inline, read_blocks
from briefgen.model import BulletList, Cite, Paragraph, Span

TABLE = model.Table(
    caption=(Span("Figures"),),
    header=((Span("A"),), (Span("B"),)),
    rows=(((Span("1"),), (Span("2"),)),),
    align=("left", "right"),
)

#: Sources ``a`` and ``b`` are notes 1 and 2; anything else is unknown or hidden. Only the
#: table ``t1`` is this audience's to see.
RESOLVER = Resolver(cite={"a": 1, "b": 2}.get, table=lambda name: TABLE if name == "t1" else None)

#: Every character ``str.splitlines`` breaks a line at.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def inline(text: str) -> list[model.Inline]:
    return parse_inline(text, RESOLVER)


def plain(text: str) -> str:
    return model.plain(tuple(inline(text)))


def blocks(text: str) -> tuple[model.Block, ...]:
    return read_blocks(text, RESOLVER, "tpl.md")


# --- inline -------------------------------------------------------------------------------


def test_bold() -> None:
    assert inline("**Decision sought:** approve") == [
        Span("Decision sought:", bold=True),
        Span(" approve"),
    ]


@pytest.mark.parametrize("marker", ["*", "_"])
def test_italic(marker: str) -> None:
    assert inline(f"a {marker}very{marker} likely") == [
        Span("a "),
        Span("very", italic=True),
        Span(" likely"),
    ]


def test_bold_and_italic_nest() -> None:
    assert inline("**bold _both_**") == [Span("bold ", bold=True), Span("both", True, True)]


@pytest.mark.parametrize(
    "text",
    ["snake_case_words here", "x_y_", "2 * 3 * 4", "** not bold **", "* not italic *", "a_b c_d"],
)
def test_not_emphasis(text: str) -> None:
    """Underscores inside words and spaced-out asterisks are just characters."""
    assert inline(text) == [Span(text)]


@pytest.mark.parametrize("url", ["https://example.org/a?b=c", "mailto:desk@example.org"])
def test_safe_links_keep_their_target(url: str) -> None:
    assert inline(f"see [the site]({url}) now") == [
        Span("see "),
        Span("the site", href=url),
        Span(" now"),
    ]


def test_link_text_may_carry_emphasis() -> None:
    assert inline("[**key** site](https://x.org)") == [
        Span("key", bold=True, href="https://x.org"),
        Span(" site", href="https://x.org"),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert",
        "JavaScript:alert",
        "file:///etc/passwd",
        "data:text/html,x",
        "x.html",
        "http://example.org",
    ],
)
def test_unsafe_links_are_plain_text(url: str) -> None:
    """Other schemes keep the link's words and drop its target."""
    assert inline(f"[click]({url})") == [Span("click")]


def test_javascript_link_with_parentheses_has_no_target() -> None:
    assert all(isinstance(i, Span) and i.href is None for i in inline("[x](javascript:alert(1)) y"))


def test_citations_resolve_to_note_numbers() -> None:
    found = inline("Both agree [@a], as do others [@b].")
    assert [i for i in found if isinstance(i, Cite)] == [Cite(1, "a"), Cite(2, "b")]
    words = " ".join(i.text for i in found if isinstance(i, Span)).split()
    assert words == ["Both", "agree", ",", "as", "do", "others", "."]


def test_citation_inside_bold() -> None:
    found = inline("**Claim [@a]** more")
    assert Cite(1, "a") in found
    assert model.plain(tuple(found)).replace(" ", "") == "Claim[1]more"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Claim [@nope] here.", "Claim here."),
        ("Claim [@nope].", "Claim."),
        ("Claim [@nope], then more.", "Claim, then more."),
        ("**Claim** [@nope] here.", "Claim here."),
        ("Claim [@nope] [@hidden] here.", "Claim here."),
    ],
)
def test_unknown_or_hidden_citation_leaves_no_mark(text: str, expected: str) -> None:
    """A source the audience may not see leaves no mark, no id and no double space."""
    found = inline(text)
    assert not any(isinstance(i, Cite) for i in found)
    assert plain(text) == expected


def test_hidden_citation_at_start_leaves_no_leading_space() -> None:
    assert plain("[@nope] Most analysts agree.") == "Most analysts agree."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\\*not italic\\*", "*not italic*"),
        ("\\_x\\_ and \\[y\\](z)", "_x_ and [y](z)"),
        ("\\[@a\\]", "[@a]"),
        ("a \\\\ b", "a \\ b"),
        ("\\a stays", "\\a stays"),
        ("trailing \\", "trailing \\"),
    ],
)
def test_backslash_escapes(text: str, expected: str) -> None:
    """A backslash makes the next punctuation mark literal; before anything else it stays."""
    assert inline(text) == [Span(expected)]


@pytest.mark.parametrize(
    "text", ["<b>bold?</b>", "R&amp;D", "a&nbsp;b", "{{ 7*7 }}", "{% if x %}", "<script>x</script>"]
)
def test_html_entities_and_template_syntax_are_literal(text: str) -> None:
    assert inline(text) == [Span(text)]


# --- blocks -------------------------------------------------------------------------------


def test_headings_and_paragraphs() -> None:
    text = "# One\n## Two\n### Three\n#### not a heading\nsame paragraph\n\nNext one"
    assert blocks(text) == (
        model.Heading(1, (Span("One"),)),
        model.Heading(2, (Span("Two"),)),
        model.Heading(3, (Span("Three"),)),
        Paragraph((Span("#### not a heading same paragraph"),)),
        Paragraph((Span("Next one"),)),
    )


def test_paragraph_lines_are_joined() -> None:
    assert blocks("  first line  \nsecond *line*\nthird\n") == (
        Paragraph((Span("first line second "), Span("line", italic=True), Span(" third"))),
    )


def test_heading_marker_needs_a_space() -> None:
    assert blocks("#hashtag and 1.5 million") == (Paragraph((Span("#hashtag and 1.5 million"),)),)


def test_bullet_list_with_continuation_lines() -> None:
    assert blocks("- first\n  goes on\n* second\n+ third\nand more\n\nAfter") == (
        BulletList(((Span("first goes on"),), (Span("second"),), (Span("third and more"),))),
        Paragraph((Span("After"),)),
    )


def test_ordered_list_with_continuation_lines() -> None:
    assert blocks("1. first\n   goes on\n2) second\n10. tenth") == (
        BulletList(((Span("first goes on"),), (Span("second"),), (Span("tenth"),)), ordered=True),
    )


def test_list_after_paragraph_and_kinds_split() -> None:
    assert blocks("Intro\n- a\n1. b") == (
        Paragraph((Span("Intro"),)),
        BulletList(((Span("a"),),)),
        BulletList(((Span("b"),),), ordered=True),
    )


def test_title_directive() -> None:
    assert blocks("::: title\nThe **Title**\n\nThe subtitle\n:::\n") == (
        model.Title((Span("The "), Span("Title", bold=True)), (Span("The subtitle"),)),
    )
    assert blocks("::: title\nOnly a title\n:::") == (model.Title((Span("Only a title"),)),)


def test_header_directive_fields() -> None:
    text = (
        "::: header\nFOR: The Director\nFROM: Policy Planning,\n  Eurasia desk\n"
        "EMPTY:\nDATE: 1 May 2026\n:::"
    )
    assert blocks(text) == (
        model.HeaderFields(
            (
                ("FOR", (Span("The Director"),)),
                ("FROM", (Span("Policy Planning, Eurasia desk"),)),
                ("DATE", (Span("1 May 2026"),)),
            )
        ),
    )


def test_callout_directive() -> None:
    text = "::: callout Bottom line\nIt **holds**.\n\n- one\n- two\n:::\nAfter"
    assert blocks(text) == (
        model.Callout(
            "Bottom line",
            (
                Paragraph((Span("It "), Span("holds", bold=True), Span("."))),
                BulletList(((Span("one"),), (Span("two"),))),
            ),
        ),
        Paragraph((Span("After"),)),
    )


def test_decision_directive() -> None:
    assert blocks("Approve?\n\n::: decision\n") == (
        Paragraph((Span("Approve?"),)),
        model.DecisionLine(),
    )


def test_table_directive_resolves_or_is_skipped() -> None:
    """A table the resolver does not give (another audience's) leaves nothing."""
    assert blocks("::: table t1\n\n::: table secret\n\nEnd") == (
        TABLE,
        Paragraph((Span("End"),)),
    )


def test_unclosed_directive_is_an_error() -> None:
    with pytest.raises(BuildError, match=r"^tpl\.md:\d+: '::: callout' is never closed$"):
        blocks("Intro\n\n::: callout Bottom line\nText\n\nMore text\n")


def test_unclosed_directive_names_its_opening_line() -> None:
    with pytest.raises(BuildError, match=r"^tpl\.md:3: '::: callout' is never closed$"):
        blocks("Intro\n\n::: callout Bottom line\nText\n\nMore text\n")


def test_unknown_directive_is_an_error() -> None:
    with pytest.raises(BuildError, match=r"^tpl\.md:3: unknown directive '::: bogus'$"):
        blocks("Intro\n\n::: bogus\n")


def test_stray_closing_fence_is_an_error() -> None:
    with pytest.raises(BuildError, match=r"^tpl\.md:2: ':::' closes nothing$"):
        blocks("Intro\n:::\n")


# --- escape -------------------------------------------------------------------------------

#: Text on one line (no character ``str.splitlines`` breaks at), with something visible.
one_line = st.text(st.characters(exclude_characters=LINE_BREAKS)).filter(lambda s: s.strip())
#: Text whose only line break is ``\n`` (what YAML and templates normally produce).
lines = st.text(st.characters(exclude_characters=LINE_BREAKS[1:]))
#: Text with no inline markup characters, for the round trip.
#: (U+FDD0–U+FDEF are briefgen's own markers, refused in briefs, so never in a value.)
unmarked = st.text(
    st.characters(
        exclude_characters=LINE_BREAKS[1:] + "*_[]\\@" + "".join(map(chr, range(0xFDD0, 0xFDF0)))
    )
)

#: Lines that would open a block if ``escape`` let them through.
BLOCK_STARTS = [
    "# Heading",
    "- item",
    "* item",
    "+ item",
    "1. item",
    "12) item",
    "::: decision",
    "::: callout X",
    ":::",
    "   - indented",
    "\t1. tabbed",
]


def _only_paragraphs(found: tuple[model.Block, ...]) -> bool:
    return all(isinstance(block, Paragraph) for block in found)


@pytest.mark.parametrize("line", BLOCK_STARTS)
def test_escape_neutralises_block_starts(line: str) -> None:
    found = blocks(escape(f"Intro\n{line}\n\n{line}"))
    assert _only_paragraphs(found)
    assert [model.plain(b.text) for b in found if isinstance(b, Paragraph)] == [
        f"Intro {line.strip()}",
        line.strip(),
    ]


@given(one_line)
def test_escaped_line_is_one_list_item(s: str) -> None:
    """A value a template puts after ``- `` stays one item, whatever it starts with."""
    found = blocks("- " + escape(s))
    assert len(found) == 1
    assert isinstance(found[0], BulletList)
    assert len(found[0].items) == 1


@given(lines)
def test_escaped_text_reads_as_paragraphs_only(s: str) -> None:
    """No value can open a heading, a list or a directive."""
    assert _only_paragraphs(blocks(escape(s)))


@given(unmarked)
@example("Trade rose\n1. sharply\n- and #2 + more\n::: table t1\n\n# Heading")
def test_escaped_text_round_trips(s: str) -> None:
    """Without inline markup, what is read is what was written (up to whitespace)."""
    found = blocks(escape(s))
    assert _only_paragraphs(found)
    text = " ".join(model.plain(b.text) for b in found if isinstance(b, Paragraph))
    assert text.split() == s.split()


@given(st.text())
@example("Intro\u2028# Injected heading")
@example("Intro\r- injected item")
@example("Intro\u2029:::")
def test_escaped_text_reads_as_paragraphs_only_for_any_line_break(s: str) -> None:
    assert _only_paragraphs(blocks(escape(s)))


# A value on one line by any definition (str.splitlines finds no break in it); values that
# span lines are for paragraphs, and templates fold list items with `oneline`.
@given(
    st.text().filter(lambda s: s.strip() and len(s.splitlines()) == 1 and s == s.splitlines()[0])
)
@example("first - second")
@example("# heading? 1. list? ::: directive?")
def test_escaped_value_is_one_list_item(s: str) -> None:
    found = blocks("- " + escape(s))
    assert len(found) == 1
    assert isinstance(found[0], BulletList)
    assert len(found[0].items) == 1
