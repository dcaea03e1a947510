from django.core.management.base import BaseCommand

from interviews.coding_table import filename, write_codings_file
from interviews.forms.reports import CodingsFilterForm

from ._files import add_output_arguments, get_project, output_format, write_output
from ._filters import add_filter_arguments, check, filter_query

FORMATS = ["csv", "xlsx"]


class Command(BaseCommand):
    help = (
        "Schrijft de coderingen van een project als tabel (CSV of XLSX): een regel per passage en thema, "
        "ook voor passages zonder thema (tenzij op thema gefilterd), met dezelfde filters als de pagina "
        "Rapport en export."
    )

    def add_arguments(self, parser):
        add_output_arguments(parser, FORMATS, "csv")
        add_filter_arguments(parser)

    def handle(self, *args, **options):
        project = get_project(options["project"])
        fmt = output_format(options, FORMATS, "csv")
        form = CodingsFilterForm(filter_query(project, options), project=project)
        check(form)
        selection = form.selection()
        write_output(self, options, filename(selection, fmt), lambda file: write_codings_file(selection, fmt, file))
