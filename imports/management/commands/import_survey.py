"""python manage.py import_survey FILE [--dry-run] [--crs EPSG:...] [--mapping FILE]"""
import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports import columns, services
from imports.errors import SurveyFileError
from imports.management.cli import ProgressBar, user_named
from imports.messages import english
from imports.report import write_report_csv


class Command(BaseCommand):
    help = ("Import a field survey (CSV, XLSX, GeoJSON, GeoPackage or zipped Shapefile) into the inventory. "
            "Every row is checked first; with --dry-run nothing is written to the inventory.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the survey file")
        parser.add_argument("--dry-run", action="store_true", help="check and report only; change nothing")
        parser.add_argument("--crs", help="the coordinate system of the file's coordinates, e.g. EPSG:32643")
        parser.add_argument("--mapping", help="a JSON mapping file: {\"columns\": {\"Header\": \"field\"}}")
        parser.add_argument("--survey-date", help="date of the survey (YYYY-MM-DD), for rows without a date")
        parser.add_argument("--user", help="username the import is attributed to")
        parser.add_argument("--report", help="write the per-row report to this CSV file")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file, dry_run, crs, mapping, survey_date, user, report, no_progress, **options):
        path = Path(file)
        person = user_named(user)
        try:
            survey_options = services.SurveyOptions(
                crs=crs, mapping=columns.load_mapping_file(mapping) if mapping else None,
                survey_date=self._date(survey_date))
            batch = services.start_batch(path=path, file_name=path.name, user=person, options=survey_options)
            with ProgressBar(enabled=not no_progress, stream=self.stderr) as progress:
                if dry_run:
                    batch = services.validate_batch(batch=batch, path=path, progress=progress)
                else:
                    batch = services.import_and_commit(batch=batch, path=path, user=person, progress=progress)
        except SurveyFileError as error:
            raise CommandError(f"{error.message}\nNothing was written.") from None
        self._summary(batch, dry_run=dry_run)
        if report:
            with open(report, "w", encoding="utf-8", newline="") as out:
                write_report_csv(batch, out)
            self.stdout.write(f"Per-row report written to {report}")

    def _date(self, text):
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--survey-date {text!r} is not a date; write it as 2024-05-17") from None

    def _summary(self, batch, *, dry_run):
        for note in batch.notes:
            self.stdout.write(f"  {english(note)}")
        self.stdout.write(
            f"Batch #{batch.pk} ({'dry run' if dry_run else 'committed'}): {batch.rows_total:,} rows; "
            f"{batch.trees_created:,} new trees, {batch.trees_updated:,} updated, {batch.rows_unchanged:,} unchanged, "
            f"{batch.rows_held:,} held for review, {batch.rows_rejected:,} rejected, "
            f"{batch.rows_with_warnings:,} with warnings"
            + ("" if dry_run else f"; {batch.condition_records:,} condition records"))
        rejected = batch.rows.filter(action="rejected").order_by("row_number")[:20]
        for row in rejected:
            texts = "; ".join(f"{m['column']}: {m['text']}" for m in row.messages if m["level"] == "error")
            self.stdout.write(f"  row {row.row_number}: {texts}")
        if batch.rows_rejected > 20:
            self.stdout.write(f"  ... and {batch.rows_rejected - 20:,} more rejected rows (see --report)")
        if batch.rows_rejected:
            self.stdout.write(self.style.WARNING(
                f"{batch.rows_rejected:,} rejected rows {'would not be' if dry_run else 'were not'} imported."))
        else:
            self.stdout.write(self.style.SUCCESS("Every row can be imported." if dry_run else "Done."))
