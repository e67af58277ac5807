"""Readers turn a survey file into header names and rows of cell values,
plus a point for formats that carry geometry. `open_survey` picks the
reader from the file's content (the name is only a hint) and refuses
anything it cannot read safely with a `SurveyFileError`."""
from imports.readers.base import SourceRow, SurveySource
from imports.readers.detect import open_survey

__all__ = ["SourceRow", "SurveySource", "open_survey"]
