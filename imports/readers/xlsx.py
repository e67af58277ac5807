"""Excel workbooks (.xlsx, as KoBoToolbox exports them): the first
worksheet, header in its first non-empty row. Formulas are read as written,
not evaluated, so that the validation can refuse them."""
from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from imports.errors import SurveyFileError
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
        raise SurveyFileError(f"{label} is not a readable Excel workbook ({type(error).__name__}: {error})") from None
    if not book.worksheets:
        book.close()
        raise SurveyFileError(f"{label} has no worksheet")
    sheet = book.worksheets[0]
    cells = sheet.iter_rows(values_only=True)
    header, header_row = None, 0
    for header_row, values in enumerate(cells, start=1):
        if values and any(v not in (None, "") for v in values):
            header = list(values)
            break
    if header is None:
        book.close()
        raise SurveyFileError(f"{label}: the first worksheet ({sheet.title!r}) is empty")
    while header and header[-1] in (None, ""):
        header.pop()
    if len(header) > limit("IMPORT_MAX_COLUMNS"):
        book.close()
        raise SurveyFileError(f"{label} has {len(header)} columns; at most {limit('IMPORT_MAX_COLUMNS')} are accepted")
    headers = unique_headers(header)
    total = max(sheet.max_row or 1, 1)
    position = {"row": header_row}

    def rows():
        for number, values in enumerate(cells, start=header_row + 1):
            position["row"] = number
            if values and any(v not in (None, "") for v in values):
                yield SourceRow(number, list(values[:len(headers)]))

    notes = [f"read worksheet {sheet.title!r} of an Excel workbook"]
    if len(book.worksheets) > 1:
        notes.append(f"other worksheets ({', '.join(repr(s.title) for s in book.worksheets[1:])}) were not read")
    return SurveySource(file_format="xlsx", headers=headers, rows=rows(), notes=notes,
                        progress=lambda: position["row"] / total, cleanup=[book.close])
