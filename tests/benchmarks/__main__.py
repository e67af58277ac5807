"""Runs the benchmarks: `./dev.sh bench [name ...] [--trees N]`.

Each `bench_*.py` module here has `run(trees: int) -> dict`, measures the
project against its reference in the same run, prints a summary and saves
JSON under benchmark-results/."""
import argparse
import importlib
import json
import os
import pkgutil
import sys
from pathlib import Path

import django


def main() -> int:
    parser = argparse.ArgumentParser(prog="./dev.sh bench")
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--trees", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmap.settings")
    os.environ.setdefault("PYTHON", sys.executable)
    django.setup()
    here = Path(__file__).parent
    modules = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    chosen = [m for m in modules if not args.names or m.removeprefix("bench_") in args.names or m in args.names]
    if not chosen:
        print(f"no benchmark named {args.names}; have {modules}")
        return 2
    for name in chosen:
        print(f"== {name} ({args.trees:,} trees)")
        results = importlib.import_module(f"tests.benchmarks.{name}").run(trees=args.trees)
        print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
