"""Helpers of the DOCX writer (:mod:`briefgen.backends.docx_writer`): base document, parts,
tables, boxed and tabular blocks, charts, page furniture."""
