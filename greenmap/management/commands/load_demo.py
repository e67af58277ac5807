import time

from django.core.management.base import BaseCommand, CommandError

from greenmap.demo.loader import DEMO_PASSWORD, NotOnlyDemoData, load_demo, remove_demo
from trees.models import Tree


class Command(BaseCommand):
    help = "Load a generated (not real) demo inventory of Bishkek: districts, parks, trees, history, reports."

    def add_arguments(self, parser):
        parser.add_argument("--trees", type=int, default=30000, help="number of trees (1000000 for benchmarks)")
        parser.add_argument("--reports", type=int, default=300)
        parser.add_argument("--seed", type=float, default=0.42, help="random seed between -1 and 1")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when the inventory has trees")
        parser.add_argument("--replace", action="store_true", help="replace an existing demo inventory")

    def handle(self, *args, trees, reports, seed, if_empty, replace, **options):
        if trees < 100 or reports < 0 or not -1 <= seed <= 1:
            raise CommandError("--trees must be at least 100, --reports at least 0, --seed between -1 and 1")
        if Tree.objects.exists():
            if if_empty:
                self.stdout.write("The inventory already has trees; demo data not loaded.")
                return
            if not replace:
                raise CommandError("The inventory is not empty; use --replace to replace the demo inventory.")
            try:
                remove_demo()
            except NotOnlyDemoData as error:
                raise CommandError(str(error))
        started = time.monotonic()
        self.stdout.write(f"Generating a demo Bishkek with {trees:,} trees (this is generated data, not a survey)")

        def progress(step):
            self.stdout.write(f"  [{time.monotonic() - started:6.1f}s] {step}")

        counts = load_demo(trees=trees, reports=reports, seed=seed, progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {counts['trees']:,} trees, {counts['condition_records']:,} condition records, "
            f"{counts['maintenance_events']:,} maintenance events and {counts['reports']:,} reports "
            f"in {time.monotonic() - started:.0f}s. Sign in as {', '.join(counts['accounts'])} "
            f"with password '{DEMO_PASSWORD}'."))
