import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction


class Command(BaseCommand):
    help = ("Recount the trees behind the aggregated trees tiles. Triggers keep the counts current; run this "
            "only after loading trees with triggers disabled (e.g. pg_restore --disable-triggers).")

    def handle(self, *args, **options):
        started = time.monotonic()
        # Tree writers wait while it counts; tile readers keep reading the old counts until it commits.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT tiles_rebuild_tree_cells()")
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*), coalesce(sum(good + fair + poor + critical + dead + unknown), 0) "
                           "FROM tiles_treecell WHERE zoom = 14")
            cells, trees = cursor.fetchone()
        self.stdout.write(f"Counted {trees:,} trees in {cells:,} zoom-14 cells in {time.monotonic() - started:.1f}s.")
