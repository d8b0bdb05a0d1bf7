"""Official documents and item lists in the running text of a bundle.

A bundle (one PDF, scan or OCR dump) holds several official documents in a
row: a letter (công văn), decisions (quyết định), the plan a decision attaches
(kế hoạch) … Every document has the same anatomy (see the glossary): a header
(agency block, ``Số:`` number, national motto, place/date line, title and
subject), a body (``Kính gửi:``, ``Căn cứ …``, articles or paragraphs) and a
foot (``Nơi nhận:`` list, signing capacity, signer's name, maybe a digital
signature stamp). Any part can be lost to a bad scan, so every field is
optional and every split is made from what survived.

:func:`parse_documents` splits the running-text lines into
:class:`~normalize.model.Document` objects; :func:`parse_lists` finds lists
introduced by a ``DANH SÁCH``/``DANH MỤC`` heading. Table rows are not read
here. Text is returned as printed (Unicode NFC, Markdown/HTML noise and runs
of spaces removed); repairing OCR errors is another module's job. The
vocabulary (document kinds, type codes, agencies, signing capacities …) lives
in ``data/documents.json``.

Modules: ``vocab`` (patterns and vocabulary), ``lines`` (cleaning and line
classes), ``dates``, ``segments`` (where documents start and end, header
roles), ``foot`` (addressees, recipients, signer), ``citations``, ``build``
(a Document from a segment) and ``lists``.
"""
from __future__ import annotations

from .build import parse_documents
from .citations import find_citations
from .lists import parse_lists

__all__ = ["find_citations", "parse_documents", "parse_lists"]
