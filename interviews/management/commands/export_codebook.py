from django.core.management.base import BaseCommand, CommandError

from interviews.exchange.codebook import CodebookError, write_codebook_file

from ._files import add_output_arguments, get_project, output_format, write_output

FORMATS = ["csv", "xlsx", "qdc"]


class Command(BaseCommand):
    help = "Schrijft het codeboek van een project als CSV, XLSX of REFI-QDA-codeboek (.qdc)."

    def add_arguments(self, parser):
        add_output_arguments(parser, FORMATS, "csv")

    def handle(self, *args, **options):
        project = get_project(options["project"])
        fmt = output_format(options, FORMATS, "csv")
        try:
            write_output(
                self, options, f"{project.slug}-codeboek.{fmt}", lambda file: write_codebook_file(project, fmt, file)
            )
        except CodebookError as error:
            raise CommandError(" ".join(error.errors)) from None
