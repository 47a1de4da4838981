"""Import measures from a CSV or XLSX file, as the admin does: everything, or nothing."""

from pathlib import Path

import tablib
from django.core.management.base import BaseCommand, CommandError

from measures.resources import MeasureResource, import_problems
from measures.services import SYSTEM


class Command(BaseCommand):
    help = (
        "Import measures (one per row, keyed by code) from a .csv or .xlsx file. One bad row "
        "means nothing is saved; every bad row is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, but save nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: file not found")
        suffix = file.suffix.lower()
        if suffix == ".csv":
            dataset = tablib.Dataset().load(file.read_text(encoding="utf-8-sig"), format="csv")
        elif suffix == ".xlsx":
            dataset = tablib.Dataset().load(file.read_bytes(), format="xlsx")
        else:
            raise CommandError(f"{file}: use a .csv or .xlsx file")
        # Run by an operator on the server: the system's rights, as the content loader has.
        result = MeasureResource(by=SYSTEM).import_data(
            dataset, dry_run=dry_run, raise_errors=False, use_transactions=True
        )
        problems = import_problems(result)
        if problems:
            raise CommandError(
                "Nothing was imported. Problems:\n" + "\n".join(f"  {line}" for line in problems)
            )
        totals = ", ".join(f"{kind}: {count}" for kind, count in result.totals.items() if count)
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} {file.name} ({totals or 'nothing'})."))
