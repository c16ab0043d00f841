"""Helpers of the PDF writer (:mod:`briefgen.backends.pdf_writer`): fonts, styles, block
layouts, graphics, notes, page furniture."""
