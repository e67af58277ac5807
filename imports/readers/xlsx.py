"""Excel workbooks (.xlsx, as KoBoToolbox exports them): the first
worksheet, header in its first non-empty row. Formulas are read as written,
not evaluated, so that the validation can refuse them."""
from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from django.utils.translation import gettext_noop

from imports.errors import SurveyFileError
from imports.messages import Sentence
from imports.readers.archive import checked_zip
from imports.readers.base import SourceRow, SurveySource, unique_headers
from imports.readers.limits import limit


def read_xlsx(path: Path, *, label: str) -> SurveySource:
    import openpyxl

    checked_zip(path, label=label).close()  # members, sizes and paths before openpyxl unpacks anything
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and data validation it skips
            book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise SurveyFileError(gettext_noop("%(file)s is not a readable Excel workbook (%(error)s)"), file=label,
                              error=f"{type(error).__name__}: {error}") from None
    if not book.worksheets:
        book.close()
        raise SurveyFileError(gettext_noop("%(file)s has no worksheet"), file=label)
    sheet = book.worksheets[0]
    cells = sheet.iter_rows(values_only=True)
    header, header_row = None, 0
    for header_row, values in enumerate(cells, start=1):
        if values and any(v not in (None, "") for v in values):
            header = list(values)
            break
    if header is None:
        book.close()
        raise SurveyFileError(gettext_noop("%(file)s: the first worksheet (%(sheet)s) is empty"), file=label,
                              sheet=repr(sheet.title))
    while header and header[-1] in (None, ""):
        header.pop()
    if len(header) > limit("IMPORT_MAX_COLUMNS"):
        book.close()
        raise SurveyFileError(gettext_noop("%(file)s has %(count)s columns; at most %(most)s are accepted"),
                              file=label, count=len(header), most=limit("IMPORT_MAX_COLUMNS"))
    headers = unique_headers(header)
    total = max(sheet.max_row or 1, 1)
    position = {"row": header_row}

    def rows():
        for number, values in enumerate(cells, start=header_row + 1):
            position["row"] = number
            if values and any(v not in (None, "") for v in values):
                yield SourceRow(number, list(values[:len(headers)]))

    notes = [Sentence(gettext_noop("read worksheet %(sheet)s of an Excel workbook"), sheet=repr(sheet.title))]
    if len(book.worksheets) > 1:
        notes.append(Sentence(gettext_noop("other worksheets (%(sheets)s) were not read"),
                              sheets=", ".join(repr(s.title) for s in book.worksheets[1:])))
    return SurveySource(file_format="xlsx", headers=headers, rows=rows(), notes=notes,
                        progress=lambda: position["row"] / total, cleanup=[book.close])
