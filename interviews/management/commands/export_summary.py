from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from interviews.forms import AnalysisFilterForm, SummaryForm
from interviews.reports import SUMMARY_FORMATS, write_summary_file
from monitor.models import Municipality

from ._files import add_output_arguments, get_project, output_format, write_output

FORMATS = list(SUMMARY_FORMATS)


class Command(BaseCommand):
    help = ("Schrijft de themasamenvatting van een project (per thema: definitie, aantallen, citaten, memo's) "
            "als DOCX, XLSX, Markdown of HTML, met dezelfde filters als de pagina Rapport en export.")

    def add_arguments(self, parser):
        add_output_arguments(parser, FORMATS, "docx")
        parser.add_argument("--theme", action="append", default=[], help="alleen dit thema (naam; herhaalbaar)")
        parser.add_argument("--subtree", help="alleen dit thema met zijn subthema's (naam)")
        parser.add_argument("--coder", help="alleen de passages van deze codeur (gebruikersnaam)")
        parser.add_argument("--stakeholder-group", help="bv. gemeente, jgz, verloskunde")
        parser.add_argument("--municipality", help="CBS-code of naam van de gemeente")
        parser.add_argument("--year", help="jaar van het interview")
        parser.add_argument("--label", help="alleen interviews met dit label")
        parser.add_argument("--quotes", help="aantal citaten per thema (standaard 5)")
        parser.add_argument("--pseudonymise", action="store_true", help="interviews en gemeenten pseudonimiseren")

    def handle(self, *args, **options):
        project = get_project(options["project"])
        fmt = output_format(options, FORMATS, "docx")
        data = self._query(project, options)
        filters, summary_options = AnalysisFilterForm(data, project=project), SummaryForm(data, project=project)
        errors = {**filters.errors, **summary_options.errors}
        if errors:
            raise CommandError("; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()))
        summary = summary_options.summary(filters)
        write_output(self, options, f"{project.slug}-themasamenvatting.{fmt}",
                     lambda file: write_summary_file(summary, fmt, file))

    def _query(self, project, options):
        """The page's GET parameters for these options; names become ids (an unknown name is an error)."""
        data = QueryDict(mutable=True)
        for key in ("stakeholder_group", "year", "label", "quotes"):
            if options[key] is not None:
                data[key] = options[key]
        if options["pseudonymise"]:
            data["pseudonymise"] = "on"
        data.setlist("themes", [str(self._theme(project, name).pk) for name in options["theme"]])
        if options["subtree"]:
            data["theme"] = str(self._theme(project, options["subtree"]).pk)
        if options["coder"]:
            coder = project.memberships.filter(user__username=options["coder"]).first()
            if coder is None:
                raise CommandError(f"“{options['coder']}” is geen lid van dit project.")
            data["coder"] = str(coder.user_id)
        if options["municipality"]:
            value = options["municipality"]
            place = Municipality.objects.filter(code=value.upper()).first() or Municipality.objects.filter(
                name__iexact=value).first()
            if place is None:
                raise CommandError(f"Er is geen gemeente “{value}”.")
            data["municipality"] = str(place.pk)
        return data

    @staticmethod
    def _theme(project, name):
        theme = project.themes.filter(name__iexact=name).first()
        if theme is None:
            raise CommandError(f"Het codeboek heeft geen thema “{name}”.")
        return theme
