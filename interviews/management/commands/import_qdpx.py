from django.core.management.base import BaseCommand

from interviews.exchange.qdpx_read import read_project

from ._imports import add_import_arguments, run_import


class Command(BaseCommand):
    help = (
        "Leest een REFI-QDA-project (.qdpx uit NVivo, MAXQDA, ATLAS.ti, QualCoder ...) in: thema's, interviews, "
        "passages met coderingen en codeur, memo's en variabelen. Zonder --accept-partial wordt niets opgeslagen "
        "als er iets overgeslagen moet worden."
    )

    def add_arguments(self, parser):
        add_import_arguments(parser)

    def handle(self, *args, **options):
        run_import(self, options, read_project, "qdpx")
