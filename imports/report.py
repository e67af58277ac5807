"""The per-row report as CSV, for download and for --report. Cells that a
spreadsheet would run as formulas are prefixed with an apostrophe. The
messages are in English, or in the active language when asked (the
download from the web); the header and the codes stay as they are, for
the programs that read the file."""
from __future__ import annotations

import csv

from imports.messages import english, shown
from imports.models import ImportBatch
from imports.values import looks_like_formula

HEADER = ["row", "id in the survey", "outcome", "tree", "condition record", "level", "column", "value", "message"]


def report_lines(batch: ImportBatch, *, translated: bool = False):
    """One line per message (a row without messages gets one line)."""
    text_of = shown if translated else english
    yield HEADER
    for row in batch.rows.order_by("row_number").iterator(chunk_size=5000):
        base = [row.row_number, row.source_ref, row.action, row.tree_id or "", row.condition_record_id or ""]
        if not row.messages:
            yield base + ["", "", "", ""]
        for message in row.messages:
            yield base + [message["level"], message["column"], message["value"], text_of(message)]


def safe_lines(batch: ImportBatch, *, translated: bool = False):
    """`report_lines` with formula-like cells defused, ready for csv.writer."""
    for line in report_lines(batch, translated=translated):
        yield [_safe(cell) for cell in line]


def write_report_csv(batch: ImportBatch, out) -> None:
    csv.writer(out).writerows(safe_lines(batch))


def _safe(cell):
    if isinstance(cell, str) and cell and (looks_like_formula(cell) or cell[0] in "=+-@"):
        return "'" + cell
    return cell
