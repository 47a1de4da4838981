from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from measures.content_loader import AGENDA_CONTENT, ContentError, agenda_content_load


class Command(BaseCommand):
    help = (
        "Load the agenda's shipped content (pillars, ministries, measures, sources, links). "
        "Creates only what was never loaded before; never changes what editors changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=AGENDA_CONTENT, help="A content file in the same format."
        )

    def handle(self, *args, **options):
        try:
            report = agenda_content_load(path=options["file"])
        except ContentError as exc:
            raise CommandError("Nothing was loaded. Problems:\n" + "\n".join(exc.problems)) from exc
        created = (
            ", ".join(f"{count} {kind}" for kind, count in sorted(report.created.items()))
            or "nothing new"
        )
        self.stdout.write(self.style.SUCCESS(f"Agenda content loaded: {created}."))
