from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monitor import indicator_sheets


class Command(BaseCommand):
    help = (
        "Leest indicatorwaarden uit een CSV- of XLSX-bestand (lange of brede vorm), toont het controleverslag "
        "en slaat alles in één keer op als er geen fouten zijn."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- of XLSX-bestand met waarden")
        parser.add_argument("--metadata", help="apart blad (CSV/XLSX) met code, naam, soort, eenheid, definitie, bron")
        parser.add_argument("--indicator", default="", help="indicatorcode voor kolommen die alleen een jaartal zijn")
        parser.add_argument("--dry-run", action="store_true", help="alleen controleren, niets opslaan")

    def handle(self, *args, **options):
        metadata = None
        try:
            sheets = _read(options["file"])
            if options["metadata"]:
                metadata = next(iter(_read(options["metadata"]).values()))
        except (OSError, indicator_sheets.SheetError) as error:
            raise CommandError(str(error)) from error
        report = indicator_sheets.validate(sheets, options["indicator"].lower(), metadata)
        for line, message in report.errors:
            self.stderr.write(f"regel {line}: {message}" if line else message)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} fout(en); er is niets opgeslagen.")
        self.stdout.write(report.summary())
        if options["dry_run"]:
            self.stdout.write("Alleen gecontroleerd (--dry-run): niets opgeslagen.")
            return
        created, changed = indicator_sheets.store(report, note=f"import {Path(options['file']).name}")
        self.stdout.write(f"Opgeslagen: {created} nieuw, {changed} bijgewerkt.")


def _read(path):
    with open(path, "rb") as file:
        return indicator_sheets.read_sheets(file, Path(path).name)
