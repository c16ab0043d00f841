"""briefgen: one YAML outline of a policy brief → audience-tailored DOCX and PDF memos.

The pipeline, one module a stage: :mod:`~briefgen.outline` (read) →
:mod:`~briefgen.audience` (select) → :mod:`~briefgen.compose` (compose, through
:mod:`~briefgen.templating` and :mod:`~briefgen.markdown`) → :mod:`~briefgen.backends`
(render).
"""

__version__ = "0.1.0"
