from pathlib import Path

from django.core.management.base import BaseCommand

from measures.backup import agenda_export


class Command(BaseCommand):
    help = (
        "Write the whole knowledge base (content, its history, the public change log, the "
        "loader's records, editor accounts and groups) to one JSON file, for import_agenda."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The JSON file to write.")

    def handle(self, *args, **options):
        with options["file"].open("w", encoding="utf-8") as stream:
            counts = agenda_export(stream)
        self.stdout.write(
            self.style.SUCCESS(f"Exported {sum(counts.values())} rows to {options['file']}.")
        )
