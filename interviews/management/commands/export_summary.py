from django.core.management.base import BaseCommand

from interviews.forms.analysis import AnalysisFilterForm
from interviews.forms.reports import SummaryForm
from interviews.summary import build_summary
from interviews.summary_files import SUMMARY_FORMATS, write_summary_file

from ._files import add_output_arguments, get_project, output_format, write_output
from ._filters import add_filter_arguments, check, filter_query

FORMATS = list(SUMMARY_FORMATS)


class Command(BaseCommand):
    help = (
        "Schrijft de themasamenvatting van een project (per thema: definitie, aantallen, citaten, memo's) "
        "als DOCX, XLSX, Markdown of HTML, met dezelfde filters als de pagina Rapport en export."
    )

    def add_arguments(self, parser):
        add_output_arguments(parser, FORMATS, "docx")
        add_filter_arguments(parser)
        parser.add_argument("--quotes", help="aantal citaten per thema (standaard 5)")
        parser.add_argument("--pseudonymise", action="store_true", help="interviews en gemeenten pseudonimiseren")

    def handle(self, *args, **options):
        project = get_project(options["project"])
        fmt = output_format(options, FORMATS, "docx")
        data = filter_query(project, options, extra=["quotes"])
        if options["pseudonymise"]:
            data["pseudonymise"] = "on"
        filters, summary_options = AnalysisFilterForm(data, project=project), SummaryForm(data, project=project)
        check(filters, summary_options)
        summary = build_summary(summary_options.selection(filters), summary_options.cleaned_data["quotes"])
        write_output(
            self,
            options,
            f"{project.slug}-themasamenvatting.{fmt}",
            lambda file: write_summary_file(summary, fmt, file),
        )
