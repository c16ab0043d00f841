"""Helpers of the PDF writer (:mod:`briefgen.backends.pdf_writer`): fonts, styles, graphics."""
