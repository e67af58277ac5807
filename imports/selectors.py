"""Reads for the upload page and the report download."""
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from imports.models import ImportBatch, ImportRow, RowAction

ROW_FILTERS = {
    "problems": lambda rows: rows.filter(action__in=[RowAction.REJECTED, RowAction.HELD]) | rows.filter(
        has_warnings=True),
    "rejected": lambda rows: rows.filter(action=RowAction.REJECTED),
    "held": lambda rows: rows.filter(action=RowAction.HELD),
    "warnings": lambda rows: rows.filter(has_warnings=True),
    "all": lambda rows: rows,
}


FILTER_LABELS = {"problems": _("problems"), "rejected": _("rejected"), "held": _("held for review"),
                 "warnings": _("with warnings"), "all": _("all rows")}


def batch_list() -> QuerySet:
    """Batches newest first, with who imported them."""
    return ImportBatch.objects.select_related("created_by", "committed_by", "undone_by").defer("notes", "options")


def batch_rows(batch: ImportBatch, *, show: str = "problems") -> QuerySet:
    """The report rows of a batch, filtered by what a person wants to see."""
    rows = ImportRow.objects.filter(batch=batch)
    return ROW_FILTERS.get(show, ROW_FILTERS["problems"])(rows).order_by("row_number")
