"""python manage.py undo_import BATCH [--user NAME]"""
from django.core.management.base import BaseCommand, CommandError

from imports.errors import BatchStateError
from imports.management.cli import ProgressBar, user_named
from imports.models import ImportBatch
from imports.undo import undo_batch


class Command(BaseCommand):
    help = ("Undo a committed import batch: its new trees are withdrawn, its condition records retracted and its "
            "changes reverted, by new records; history is kept. Trees worked on since are left and listed.")

    def add_arguments(self, parser):
        parser.add_argument("batch", type=int, help="the batch number (as import_survey printed it)")
        parser.add_argument("--user", help="username the undo is attributed to")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, batch, user, no_progress, **options):
        person = user_named(user)
        found = ImportBatch.objects.filter(pk=batch).first()
        if found is None:
            raise CommandError(f"there is no import batch #{batch}")
        try:
            with ProgressBar(enabled=not no_progress, stream=self.stderr) as progress:
                found = undo_batch(batch=found, user=person, progress=progress)
        except BatchStateError as error:
            raise CommandError(f"{error}\nNothing was changed.") from None
        report = found.undo_report
        self.stdout.write(f"Batch #{found.pk} undone: {report['trees_withdrawn']:,} trees withdrawn, "
                          f"{report['records_retracted']:,} condition records retracted, "
                          f"{report['changes_reverted']:,} changes reverted")
        for conflict in report["conflicts"][:20]:
            self.stdout.write(f"  not undone: {conflict['text']}")
        if len(report["conflicts"]) > 20:
            self.stdout.write(f"  ... and {len(report['conflicts']) - 20:,} more (see the batch page)")
        self.stdout.write(self.style.SUCCESS("Done."))
