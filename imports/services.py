"""Import batches: start one from a file, validate it (the dry run), commit
it. The command line and the upload page both call these. A commit is one
transaction: whatever fails, the inventory stays as it was."""
from __future__ import annotations

import datetime
import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from imports import apply, checks, columns, crs, staging
from imports.columnar import ColumnarStager
from imports.errors import BatchStateError, CoordinateSystemError, MappingError, SurveyFileError
from imports.messages import Sentence, choice_label, stored
from imports.models import BatchStatus, ImportBatch, RowAction, move_status
from imports.outcomes import OutcomeWriter
from imports.points import PointFinisher
from imports.readers import SurveySource, open_survey
from imports.readers.limits import limit
from imports.normalize import RowNormalizer
from imports.species import SpeciesIndex
from trees.models import Channel
from trees.services import Actor

Progress = Callable[[str, float], None]
logger = logging.getLogger(__name__)
_CHUNK = 2000  # rows staged at a time; small enough to stay in the processor's cache


class Stage:
    """The stages an import or its undo reports to its `progress` callback, in order."""

    READING = "reading"
    CHECKING = "checking against the inventory"
    WRITING = "writing to the inventory"
    REPORTING = "writing the report"
    # Undoing a batch (`imports.undo`).
    RETRACTING = "retracting condition records"
    REVERTING = "reverting changes"
    WITHDRAWING = "withdrawing trees"


@dataclass(frozen=True)
class SurveyOptions:
    """What a person may choose: the file's coordinate system (an EPSG code
    from the allow-list), a saved column mapping, the survey's date."""

    crs: str | None = None
    mapping: columns.MappingFile | None = None
    survey_date: datetime.date | None = None

    def as_json(self) -> dict:
        return {"crs": self.crs, "survey_date": self.survey_date.isoformat() if self.survey_date else None,
                "mapping": self.mapping.columns if self.mapping else None}

    @classmethod
    def from_json(cls, data: dict) -> SurveyOptions:
        mapping = columns.parse_mapping({"columns": data["mapping"]}) if data.get("mapping") else None
        survey_date = datetime.date.fromisoformat(data["survey_date"]) if data.get("survey_date") else None
        return cls(crs=data.get("crs"), mapping=mapping, survey_date=survey_date)


def match_distance_m() -> float:
    return float(settings.GREENMAP.get("IMPORT_MATCH_DISTANCE_M", 3))


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as raw:
        while chunk := raw.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def start_batch(*, path, file_name: str, user, options: SurveyOptions, stored_file=None) -> ImportBatch:
    """A new batch for a file (not yet validated; call `validate_batch`)."""
    path = Path(path)
    if not path.is_file():
        raise SurveyFileError(gettext_noop("%(file)s does not exist or is not a file"), file=file_name)
    batch = ImportBatch(created_by=user, file_name=file_name[:255], file_size=path.stat().st_size,
                        checksum=file_checksum(path), file_format="", crs_epsg=crs.WGS84,
                        options=options.as_json(), status=BatchStatus.VALIDATED)
    if stored_file is not None:
        batch.file = stored_file
    return batch


def validate_batch(*, batch: ImportBatch, path, progress: Progress | None = None) -> ImportBatch:
    """The dry run: read and check every row, match it against the
    inventory, and save the per-row report. Writes nothing to the inventory.
    Raises SurveyFileError (and saves nothing) for a file that cannot be read."""
    with transaction.atomic():
        batch.save()
        _process(batch=batch, path=Path(path), commit=False, progress=progress)
    return batch


def import_and_commit(*, batch: ImportBatch, path, user, progress: Progress | None = None,
                      use_bulk: bool | None = None) -> ImportBatch:
    """Validate and commit in one pass (the command line without --dry-run)."""
    with transaction.atomic():
        batch.save()
        _commit(batch=batch, path=Path(path), user=user, progress=progress, use_bulk=use_bulk)
    return batch


def commit_batch(*, batch: ImportBatch, user, progress: Progress | None = None,
                 use_bulk: bool | None = None) -> ImportBatch:
    """Commit a validated batch from its stored file. The rows are checked
    again against the inventory as it is now; the report is replaced by
    what the commit did. On any failure nothing is written to the inventory
    and the batch is marked failed with the reason."""
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if batch.status not in (BatchStatus.VALIDATED, BatchStatus.COMMITTING):
                raise _not_a_dry_run(batch)
            if not batch.file:
                raise BatchStateError(gettext_noop("batch #%(batch)s has no stored file to commit; import the file "
                                                   "again"), batch=batch.pk)
            _commit(batch=batch, path=Path(batch.file.path), user=user, progress=progress, use_bulk=use_bulk)
    except BatchStateError:
        raise
    except Exception as error:
        ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.FAILED, **failure_fields(error))
        raise
    return batch


def queue_commit(*, batch: ImportBatch) -> None:
    """Mark a dry run as being committed (by `commit_batch`, in the
    background), so that nobody commits it twice meanwhile."""
    if not move_status(batch, source=BatchStatus.VALIDATED, target=BatchStatus.COMMITTING):
        raise _not_a_dry_run(batch)


def failure_fields(error: Exception | str) -> dict:
    """What a failed batch keeps of the reason: English text, and the
    template and arguments that show it to each reader in their language."""
    reason = getattr(error, "message", error)
    return {"failure": str(error)[:2000], "failure_message": stored(reason) if isinstance(reason, Sentence) else {}}


def _not_a_dry_run(batch: ImportBatch) -> BatchStateError:
    return BatchStateError(gettext_noop("batch #%(batch)s is %(status)s; only a dry run can be committed"),
                           batch=batch.pk, status=choice_label(batch.get_status_display()))


def check_file(*, path, file_name: str, options: SurveyOptions) -> None:
    """What can be known of a file without reading its rows: that it opens
    as a survey, has coordinates and a coordinate system on the allow-list.
    The upload page asks this before it hands a large file's dry run to the
    background. Raises SurveyFileError saying what is wrong."""
    with _opened(Path(path), label=file_name, options=options):
        pass


@contextmanager
def _opened(path: Path, *, label: str, options: SurveyOptions) -> Iterator[tuple[SurveySource, columns.ColumnMapping,
                                                                                   int]]:
    """The survey open, its columns resolved and its coordinate system (EPSG)."""
    with open_survey(path, name=label) as source:
        mapping = columns.resolve(source.headers, options.mapping)
        _require_coordinates(source, mapping, label=label)
        yield source, mapping, _coordinate_system(source, options, label=label)


def _commit(*, batch, path, user, progress, use_bulk) -> None:
    # One import at a time: two files naming the same new tree would both
    # create it, since neither sees the other's uncommitted rows.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('greenmap.imports.commit'))")
    batch.committed_by, batch.committed_at = user, timezone.now()
    _process(batch=batch, path=path, commit=True, progress=progress, use_bulk=use_bulk)


def _process(*, batch: ImportBatch, path: Path, commit: bool, progress: Progress | None,
             use_bulk: bool | None = None) -> None:
    progress = _Timed(progress or (lambda stage, fraction: None))
    options = SurveyOptions.from_json(batch.options)
    with _opened(path, label=batch.file_name, options=options) as (source, mapping, epsg):
        batch.crs_epsg, batch.file_format = epsg, source.file_format
        species = SpeciesIndex()
        normalizer = RowNormalizer(mapping=mapping, species=species, crs_epsg=batch.crs_epsg,
                                   has_geometry=source.has_geometry, survey_date=options.survey_date)
        staging.create_table()
        staging.copy_rows(_staged_rows(source, normalizer, mapping, progress))
        batch.notes = _file_notes(batch, source, mapping)
    progress(Stage.CHECKING, 0.0)
    checks.run_checks(match_distance_m=match_distance_m())
    checks.compare_matched(lock=commit)
    apply.ensure_result_tables()
    if commit:
        progress(Stage.WRITING, 0.0)
        apply.apply_decisions(by=Actor(user=batch.committed_by, channel=Channel.IMPORT, ref=batch.pk),
                              use_bulk=use_bulk)
    progress(Stage.REPORTING, 0.0)
    writer = OutcomeWriter(batch=batch, species_names=species.names, match_distance_m=match_distance_m(),
                           committed=commit, coordinate_columns=_coordinate_columns(source, mapping))
    counts = writer.write()
    _record_counts(batch, counts, committed=commit)
    batch.save()
    progress.done()


class _Timed:
    """Passes progress on, and logs how long each stage took (for tuning)."""

    def __init__(self, progress: Progress):
        self.progress, self.stage, self.started = progress, None, time.perf_counter()

    def __call__(self, stage: str, fraction: float) -> None:
        if stage != self.stage:
            self.done()
            self.stage, self.started = stage, time.perf_counter()
        self.progress(stage, fraction)

    def done(self) -> None:
        if self.stage:
            logger.info("import stage %r took %.1f s", self.stage, time.perf_counter() - self.started)


def _staged_rows(source: SurveySource, normalizer: RowNormalizer, mapping, progress: Progress):
    """The file's rows as COPY text for the staging table, a chunk at a
    time (`columnar`: plain rows column by column, the rest row by row)."""
    finisher = PointFinisher(header_of=lambda name: mapping.columns[name].header if name in mapping.columns else name)
    stager = ColumnarStager(normalizer=normalizer, finisher=finisher)
    count, most = 0, limit("IMPORT_MAX_ROWS")
    for chunk in source.chunks(_CHUNK):
        count += len(chunk)
        if count > most:
            raise SurveyFileError(gettext_noop("the file has more than %(most)s rows; split it"), most=f"{most:,}")
        yield stager.lines(chunk)
        progress(Stage.READING, source.progress())
    if count == 0:
        raise SurveyFileError(gettext_noop("the file has a header but no rows"))
    progress(Stage.READING, 1.0)


def _require_coordinates(source: SurveySource, mapping: columns.ColumnMapping, *, label: str) -> None:
    if source.has_geometry or mapping.has_xy or "geolocation" in mapping.columns:
        return
    half = [name for name in ("x", "y") if name in mapping.columns]
    found = ", ".join(repr(h) for h in source.headers[:30])
    if half:
        raise MappingError(gettext_noop("%(file)s has a longitude column (%(column)s) but no latitude column; its "
                                        "columns are %(columns)s") if half == ["x"] else
                           gettext_noop("%(file)s has a latitude column (%(column)s) but no longitude column; its "
                                        "columns are %(columns)s"),
                           file=label, column=repr(mapping.columns[half[0]].header), columns=found)
    raise MappingError(gettext_noop("%(file)s has no coordinate columns: expected latitude and longitude (широта, "
                                    "долгота), x and y, or a geopoint; its columns are %(columns)s. A mapping file "
                                    "can name them."), file=label, columns=found)


def _coordinate_system(source: SurveySource, options: SurveyOptions, *, label: str) -> int:
    chosen_text = options.crs or (options.mapping.crs if options.mapping else None)
    chosen = crs.parse_user_crs(chosen_text) if chosen_text else None
    declared = source.declared_crs
    if chosen and declared and chosen != declared:
        raise CoordinateSystemError(gettext_noop("%(file)s says its coordinates are in EPSG:%(declared)s, but "
                                                 "EPSG:%(chosen)s was chosen; leave the choice out or fix the file"),
                                    file=label, declared=declared, chosen=chosen)
    if chosen:
        return chosen
    if declared:
        return declared
    if source.declared_crs_text:
        raise CoordinateSystemError(gettext_noop(
            "%(file)s is in a coordinate system that is not on the allow-list (%(declared)s); if you know its EPSG "
            "code, give it (for example EPSG:32643)"), file=label, declared=source.declared_crs_text[:120])
    return crs.WGS84


def _coordinate_columns(source: SurveySource, mapping: columns.ColumnMapping) -> str:
    if source.has_geometry:
        return "geometry"
    if mapping.has_xy:
        return f"{mapping.columns['y'].header}, {mapping.columns['x'].header}"
    return mapping.columns["geolocation"].header


def _file_notes(batch: ImportBatch, source: SurveySource, mapping: columns.ColumnMapping) -> list[dict | str]:
    """Findings about the whole file, as `batch.notes` keeps them (see `imports.messages`)."""
    notes = list(source.notes)
    used = ", ".join(f"{column.header!r} → {name}" for name, column in mapping.columns.items())
    notes.append(Sentence(gettext_noop("columns used: %(columns)s"), columns=used) if used
                 else Sentence(gettext_noop("columns used: none")))
    if mapping.ignored:
        notes.append(Sentence(gettext_noop("columns ignored: %(columns)s"),
                              columns=", ".join(repr(h) for h in mapping.ignored)))
    notes += mapping.notes
    notes.append(Sentence(gettext_noop("coordinates read as EPSG:%(code)s (%(name)s)"), code=batch.crs_epsg,
                          name=crs.allowed_codes()[batch.crs_epsg][0]))
    earlier = (ImportBatch.objects.filter(checksum=batch.checksum, status=BatchStatus.COMMITTED)
               .exclude(pk=batch.pk).order_by("-committed_at").first())
    if earlier:
        notes.append(Sentence(gettext_noop("this same file was committed before as batch #%(batch)s on %(date)s; rows "
                                           "already in the inventory are left unchanged"),
                              batch=earlier.pk, date=f"{timezone.localtime(earlier.committed_at):%Y-%m-%d}"))
    return [stored(note) for note in notes]


def _record_counts(batch: ImportBatch, counts, *, committed: bool) -> None:
    batch.rows_total = counts["total"]
    batch.rows_rejected = counts[RowAction.REJECTED]
    batch.rows_with_warnings = counts["warnings"]
    batch.trees_created = counts[RowAction.CREATE]
    batch.trees_updated = counts[RowAction.UPDATE]
    batch.rows_unchanged = counts[RowAction.UNCHANGED]
    batch.rows_held = counts[RowAction.HELD]
    batch.condition_records = counts["condition_records"]
    batch.status = BatchStatus.COMMITTED if committed else BatchStatus.VALIDATED
