"""The canvas side of tagging: what the PDF canvas does differently when it tags.

Every line of text ends in a real space (extracted text keeps its word breaks); a paragraph's
text objects carry its marked content, split where a citation, link or other-language span
begins and ends (zero-width callbacks the paragraph markup places there, :func:`span_start`
and :func:`span_end`); link annotations get their place in the structure tree and a
description; page furniture is an artifact; and when the canvas saves, the structure tree is
written (:func:`~.pdf_structure.write_structure`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import LinkAnnotation as LinkAnnotation_
from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.pdfgen.canvas import Canvas, _annFormat
from reportlab.pdfgen.textobject import PDFTextObject

from .pdf_structure import Node, write_structure

if TYPE_CHECKING:
    from .pdf_tags import Tagger


class _SpacedText(PDFTextObject):  # type: ignore[misc]
    """Ends every line with a real space, so extracted text keeps its word breaks.

    reportlab moves to the next line with ``T*`` (relative to the line's start, not to the
    pen), so the trailing space moves nothing on the page.
    """

    def __init__(self, canvas: TaggingCanvas, *args: Any, **kw: Any) -> None:
        super().__init__(canvas, *args, **kw)
        tagger = canvas.tagger
        # Inside a paragraph being marked (and no artifact but its own decoration one), the
        # text object carries the paragraph's marked content.
        self.inline: Node | None = None
        if tagger is not None and tagger.inline is not None and tagger._artifact == 1:
            self.inline = tagger.inline
            self._opening = tagger.allocate(canvas, tagger.inline)

    def _textOut(self, text: str, TStar: int = 0) -> None:
        # An empty piece at a line end is the space between two differently styled words.
        if TStar and not text[-1:].isspace():
            text += " "
        super()._textOut(text, TStar)

    def textLine(self, text: str = "") -> None:
        # drawString and friends: the start is placed before this, so the space moves nothing.
        if text and not text[-1].isspace():
            text += " "
        super().textLine(text)

    def span(self, label: str | None) -> None:
        """Close the open marked content here and open the next: an element (a Reference,
        a Link, a Span; ``label`` is its role and language) inside the paragraph, or
        (``None``) the paragraph again."""
        tagger = self._canvas.tagger
        if self.inline is None or tagger is None:
            return
        role, _, arg = (label or "").partition(" ")
        if role == "NoteRef":
            # A note mark: a Reference holding the Link to its note (``arg`` is the mark).
            node = self.inline.add("Reference").add("Link")
            node.link_texts["#"] = f"Note {arg}"
            tagger.line_links.append(node)
        else:
            node = self.inline if not role else self.inline.add(role)
            node.lang = node.lang or arg or None
            if role == "Link":
                tagger.line_links.append(node)
        self._code += ["EMC", tagger.allocate(self._canvas, node)]

    def getCode(self) -> str:
        code: str = super().getCode()
        if self.inline is None:
            return code
        # BT/ET and BDC/EMC must nest: close the paragraph's decoration artifact, mark the
        # text object's content, and reopen the artifact after it.
        body = code[len("BT") : -len("ET")]
        return f"EMC BT {self._opening}{body}EMC ET /Artifact BMC"


class _StructLinkAnnotation(LinkAnnotation_):  # type: ignore[misc]
    """reportlab's internal-link annotation, allowed to name its place in the structure."""

    permitted = (*LinkAnnotation_.permitted, "StructParent")


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Streams written meanwhile are Flate-compressed binary, not ASCII85 text as well.

    reportlab wraps page contents and images in ASCII85 by default (``rl_config.useA85``),
    for 7-bit channels no PDF travels over today; it makes them a quarter larger. The
    setting is read as a stream is made, so it is switched off only around this canvas's
    image loading and final write, and put back for any other use of reportlab."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


class TaggingCanvas(Canvas):  # type: ignore[misc]
    """Canvas behaviour tagging needs: spaced line ends and Link annotations in the tree;
    and binary streams (see :func:`_binary_streams`), tagged or not."""

    tagger: Tagger | None = None

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        # Zero-width callbacks the paragraph markup places around citations and links.
        self.setNamedCB(SPAN_CALLBACK, _span)

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        if self.tagger is None:
            return super().beginText(x, y, direction)
        return _SpacedText(self, x, y, direction=direction)

    def linkURL(self, url: str, rect: Any, relative: int = 0, *args: Any, **kw: Any) -> None:
        if self.tagger is None:
            super().linkURL(url, rect, relative, *args, **kw)
            return
        node = getattr(self, "_struct_current", None)
        annotation = self.tagger.link(node, self.getPageNumber() - 1)
        kw["StructParent"] = annotation.key
        kw["Contents"] = PDFString(_link_text(node, url))
        super().linkURL(url, rect, relative, *args, **kw)
        annotation.name = f"NUMBER{self._annotationCount}"  # how reportlab named it

    def linkRect(
        self,
        contents: str,
        destinationname: str,
        Rect: Any = None,
        addtopage: int = 1,
        name: str | None = None,
        relative: int = 1,
        thickness: float = 0,
        color: Any = None,
        dashArray: Any = None,
        **kw: Any,
    ) -> Any:
        """A link within the document (a note mark to its note), tied to its Link element.

        reportlab's own version builds an annotation that refuses a /StructParent, so this
        one builds it the same way from a class that accepts it."""
        if self.tagger is None:
            return super().linkRect(
                contents,
                destinationname,
                Rect,
                addtopage,
                name,
                relative,
                thickness,
                color,
                dashArray,
                **kw,
            )
        node = getattr(self, "_struct_current", None)
        annotation = self.tagger.link(node, self.getPageNumber() - 1)
        element = self.tagger.last_link
        if destinationname.startswith("note-") and element.parent is not None:
            self.tagger.note_refs[int(destinationname[5:])] = element.parent
        described = element.link_texts.get("#") or _link_text(node, "#" + destinationname)
        kw["Rect"] = self._absRect(Rect, relative)
        kw["Contents"] = contents or described
        kw["Destination"] = self._bookmarkReference(destinationname)
        kw["StructParent"] = annotation.key
        _annFormat(kw, color, thickness, dashArray)
        result = self._addAnnotation(_StructLinkAnnotation(**kw), name, addtopage)
        annotation.name = name or f"NUMBER{self._annotationCount}"
        return result

    def drawImage(self, *args: Any, **kw: Any) -> Any:
        with _binary_streams():
            return super().drawImage(*args, **kw)

    def save(self) -> None:
        if self.tagger is not None:
            write_structure(self.tagger, self._doc, self.tagger.meta)
        with _binary_streams():
            super().save()

    @contextmanager
    def furniture(self) -> Iterator[None]:
        """Page furniture (banners, page numbers) is an artifact, never content."""
        if self.tagger is None:
            yield
            return
        with self.tagger.artifact(self):
            yield


SPAN_CALLBACK = "briefgen_span"


def span_start(role: str, lang: str | None = None) -> str:
    """Paragraph markup that opens a ``role`` element (Reference, Link, Span) around what
    follows, in language ``lang`` if given."""
    label = f"{role} {lang}" if lang else role
    return f'<onDraw name="{SPAN_CALLBACK}" label="{label}"/>'


def span_end() -> str:
    """Paragraph markup that returns to the paragraph's own marked content."""
    return f'<onDraw name="{SPAN_CALLBACK}" label=""/>'


def _span(canvas: Canvas, kind: str, label: str | None) -> None:
    tx = canvas._curr_tx_info["tx"]
    if isinstance(tx, _SpacedText):
        tx.span(label or None)


def _link_text(node: Node | None, url: str) -> str:
    text = node.link_texts.get(url) if node is not None else None
    return text or url
