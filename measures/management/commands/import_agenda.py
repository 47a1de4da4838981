from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from measures.backup import BackupError, agenda_import


class Command(BaseCommand):
    help = (
        "Restore a file written by export_agenda into an empty, migrated database "
        "(primary keys, history and change log as they were). Refuses a database with content."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A JSON file written by export_agenda.")

    def handle(self, *args, **options):
        try:
            with options["file"].open(encoding="utf-8") as stream:
                counts = agenda_import(stream)
        except FileNotFoundError as exc:
            raise CommandError(f"No file {options['file']}.") from exc
        except BackupError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Imported {sum(counts.values())} rows from {options['file']}.")
        )
