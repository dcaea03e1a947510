from django.core.management.base import BaseCommand

from interviews.exchange.taguette import read_taguette

from ._imports import add_import_arguments, run_import


class Command(BaseCommand):
    help = (
        "Leest een Taguette-project in (het .sqlite3-bestand van ‘Export project’): documenten, tags als "
        "themaboom, markeringen als passages."
    )

    def add_arguments(self, parser):
        add_import_arguments(parser)

    def handle(self, *args, **options):
        run_import(self, options, read_taguette, "taguette")
