"""The upload page: a signed-in volunteer uploads a survey, reads the dry
run's report, then commits it; the batch list offers the per-row report as
CSV and undo. Thin views: the work is in `imports.services`; a large file's
dry run and commit go to `imports.background`, and the batch page shows how
far they have got."""
import csv
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imports import background, selectors, services
from imports.errors import BatchStateError, SurveyFileError
from imports.forms import UploadForm
from imports.messages import shown
from imports.models import BatchStatus, ImportBatch
from imports.report import safe_lines
from imports.undo import queue_undo, undo_batch


logger = logging.getLogger(__name__)


def _page(request, queryset, per_page):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@login_required
@permission_required("imports.view_importbatch", raise_exception=True)
def batch_list(request, form=None, status=200):
    context = {"form": form or UploadForm(), "batches": _page(request, selectors.batch_list(), 25)}
    return render(request, "imports/batch_list.html", context, status=status)


@login_required
@permission_required("imports.add_importbatch", raise_exception=True)
@require_POST
def upload(request):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return batch_list(request, form=form, status=400)
    upload_file = form.cleaned_data["file"]
    options = services.SurveyOptions(crs=str(form.cleaned_data["crs"]) if form.cleaned_data["crs"] else None,
                                     mapping=form.cleaned_data["mapping"], survey_date=form.cleaned_data["survey_date"])
    stored = ImportBatch(file_name=upload_file.name)
    stored.file.save(upload_file.name, upload_file, save=False)
    try:
        batch = services.start_batch(path=stored.file.path, file_name=upload_file.name, user=request.user,
                                     options=options, stored_file=stored.file.name)
        _dry_run(batch, options)
    except Exception as error:
        stored.file.delete(save=False)
        if not isinstance(error, SurveyFileError):
            logger.exception("survey %s could not be read", upload_file.name)
        form.add_error("file", shown(getattr(error, "message", None)) or _("The file could not be read (%(kind)s).")
                       % {"kind": type(error).__name__})
        return batch_list(request, form=form, status=400)
    return redirect("imports:batch", pk=batch.pk)


def _dry_run(batch: ImportBatch, options: services.SurveyOptions) -> None:
    """A small file is checked before the page answers. A large one only as
    far as it opens and has coordinates; its rows in the background."""
    if not background.wanted(batch):
        services.validate_batch(batch=batch, path=batch.file.path)
        return
    services.check_file(path=batch.file.path, file_name=batch.file_name, options=options)
    batch.status = BatchStatus.CHECKING
    batch.save()
    background.start(batch, lambda batch, progress: services.validate_batch(batch=batch, path=batch.file.path,
                                                                            progress=progress))


@login_required
@permission_required("imports.view_importbatch", raise_exception=True)
def batch_detail(request, pk):
    batch = get_object_or_404(selectors.batch_list(), pk=pk)
    show = request.GET.get("show", "problems")
    context = {"batch": batch, "progress": background.progress_of(batch),
               "rows": _page(request, selectors.batch_rows(batch, show=show), 100), "show": show,
               "filters": selectors.FILTER_LABELS.items(), "statuses": BatchStatus}
    return render(request, "imports/batch_detail.html", context)


@login_required
@permission_required("imports.add_importbatch", raise_exception=True)
@require_POST
def commit(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        if background.wanted(batch):
            services.queue_commit(batch=batch)
            background.start(batch, lambda batch, progress: services.commit_batch(
                batch=batch, user=request.user, progress=progress))
        else:
            services.commit_batch(batch=batch, user=request.user)
            messages.success(request, _("Batch #%(pk)s is committed.") % {"pk": pk})
    except (BatchStateError, SurveyFileError) as error:
        messages.error(request, shown(error.message))
    except Exception as error:  # the batch is marked failed with the reason; the inventory is unchanged
        messages.error(request, _("The commit failed and nothing was written: %(error)s") % {"error": error})
    return redirect("imports:batch", pk=pk)


@login_required
@permission_required("imports.change_importbatch", raise_exception=True)
@require_POST
def undo(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        if background.wanted(batch):  # a large batch takes longer to undo than a request may last
            queue_undo(batch=batch)
            background.start(batch, lambda batch, progress: undo_batch(batch=batch, user=request.user,
                                                                       progress=progress))
            return redirect("imports:batch", pk=pk)
        batch = undo_batch(batch=batch, user=request.user)
    except BatchStateError as error:
        messages.error(request, shown(error.message))
        return redirect("imports:batch", pk=pk)
    conflicts = len(batch.undo_report.get("conflicts", []))
    if conflicts:
        messages.warning(request, _("Batch #%(pk)s is undone, except for %(n)s trees that were worked on since; "
                                    "see the list below.") % {"pk": pk, "n": conflicts})
    else:
        messages.success(request, _("Batch #%(pk)s is undone.") % {"pk": pk})
    return redirect("imports:batch", pk=pk)


class _Echo:
    def write(self, value):
        return value


@login_required
@permission_required("imports.view_importbatch", raise_exception=True)
def report_csv(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    response = StreamingHttpResponse(_csv_in_language(batch, translation.get_language()),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-report.csv"'
    return response


def _csv_in_language(batch: ImportBatch, language: str):
    """The report's CSV lines with messages in `language`: the lines are
    made after the view has returned, when the request's language may no
    longer be the active one."""
    writer = csv.writer(_Echo())
    with translation.override(language):
        for line in safe_lines(batch, translated=True):
            yield writer.writerow(line)
