"""The report page's filters as command options (export_summary, export_codings): names become the ids the
page's GET form takes, so the command runs the page's forms and checks."""

from django.core.management.base import CommandError
from django.http import QueryDict

from monitor.models import Municipality


def add_filter_arguments(parser):
    parser.add_argument("--theme", action="append", default=[], help="alleen dit thema (naam; herhaalbaar)")
    parser.add_argument("--subtree", help="alleen dit thema met zijn subthema's (naam)")
    parser.add_argument("--coder", help="alleen de passages van deze codeur (gebruikersnaam)")
    parser.add_argument("--stakeholder-group", help="bv. gemeente, jgz, verloskunde")
    parser.add_argument("--municipality", help="CBS-code of naam van de gemeente")
    parser.add_argument("--year", help="jaar van het interview")
    parser.add_argument("--label", help="alleen interviews met dit label")


def filter_query(project, options, extra=()):
    """The page's GET parameters for these options (and the `extra` option names as they are); an unknown
    theme, coder or municipality is a CommandError."""
    data = QueryDict(mutable=True)
    for key in ("stakeholder_group", "year", "label", *extra):
        if options.get(key) is not None:
            data[key] = options[key]
    data.setlist("themes", [str(_theme(project, name).pk) for name in options["theme"]])
    if options["subtree"]:
        data["theme"] = str(_theme(project, options["subtree"]).pk)
    if options["coder"]:
        coder = project.memberships.filter(user__username=options["coder"]).first()
        if coder is None:
            raise CommandError(f"“{options['coder']}” is geen lid van dit project.")
        data["coder"] = str(coder.user_id)
    if options["municipality"]:
        value = options["municipality"]
        place = (
            Municipality.objects.filter(code=value.upper()).first()
            or Municipality.objects.filter(name__iexact=value).first()
        )
        if place is None:
            raise CommandError(f"Er is geen gemeente “{value}”.")
        data["municipality"] = str(place.pk)
    return data


def check(*forms):
    """CommandError with every field error of the forms, as the page would show them."""
    errors = {name: messages for form in forms for name, messages in form.errors.items()}
    if errors:
        raise CommandError("; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()))


def _theme(project, name):
    theme = project.themes.filter(name__iexact=name).first()
    if theme is None:
        raise CommandError(f"Het codeboek heeft geen thema “{name}”.")
    return theme
