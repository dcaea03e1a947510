from django.core.management.base import BaseCommand

from interviews.reports import write_codings_file

from ._files import add_output_arguments, get_project, output_format, write_output

FORMATS = ["csv", "xlsx"]


class Command(BaseCommand):
    help = ("Schrijft de coderingen van een project als tabel (CSV of XLSX): een regel per passage en thema, "
            "ook voor passages zonder thema.")

    def add_arguments(self, parser):
        add_output_arguments(parser, FORMATS, "csv")

    def handle(self, *args, **options):
        project = get_project(options["project"])
        fmt = output_format(options, FORMATS, "csv")
        write_output(self, options, f"{project.slug}-coderingen.{fmt}",
                     lambda file: write_codings_file(project, fmt, file))
