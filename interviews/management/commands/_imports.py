"""What import_qdpx and import_taguette share: the project (or a new one), the report, store or refuse."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction

from interviews.exchange.plan import analyse_texts, store
from interviews.exchange.qdpx_xml import QdpxError
from interviews.models import Project, Role, Source


def add_import_arguments(parser):
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--project", help="de slug van een bestaand project om in te lezen")
    parser.add_argument("--user", help="wie inleest (codeur of eigenaar van --project; standaard een eigenaar)")
    parser.add_argument("--owner", help="maak een nieuw project met deze gebruiker als eigenaar")
    parser.add_argument("--name", help="naam van het nieuwe project (standaard die in het bestand)")
    parser.add_argument(
        "--accept-partial",
        action="store_true",
        help="ook inlezen als delen worden overgeslagen (die staan in het verslag)",
    )


def target(options):
    """(project or None, importer): the checks of the import pages."""
    User = get_user_model()
    if bool(options["project"]) == bool(options["owner"]):
        raise CommandError("Geef --project SLUG (bestaand project) of --owner GEBRUIKER (nieuw project).")
    if options["owner"]:
        owner = User.objects.filter(username=options["owner"]).first()
        if owner is None:
            raise CommandError(f"Er is geen gebruiker “{options['owner']}”.")
        return None, owner
    project = Project.objects.filter(slug=options["project"]).first()
    if project is None:
        raise CommandError(f"Er is geen project “{options['project']}”.")
    members = project.memberships.select_related("user").filter(role__in=[Role.OWNER, Role.CODER])
    membership = (
        members.filter(user__username=options["user"]).first()
        if options["user"]
        else (members.filter(role=Role.OWNER).first())
    )
    if membership is None:
        raise CommandError("Alleen een codeur of eigenaar van het project kan inlezen.")
    return project, membership.user


def run_import(command, options, read, source_format):
    """Read, report, and store unless parts were skipped without --accept-partial."""
    project, importer = target(options)
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"Niet gevonden: {path}")
    try:
        with path.open("rb") as file:
            plan = read(file)
    except QdpxError as error:
        raise CommandError(f"Niets ingelezen: {error}") from None
    command.stdout.write("Gevonden: " + ", ".join(f"{n} {label}" for label, n in plan.summary()) + ".")
    for note in plan.notes:
        command.stdout.write(f"  {note}")
    if plan.skipped:
        command.stdout.write("Overgeslagen:")
        for reason in plan.skipped_summary():
            command.stdout.write(f"  - {reason}")
        if not options["accept_partial"]:
            raise CommandError(
                "Niets opgeslagen: delen worden overgeslagen. Gebruik --accept-partial om de rest toch in te lezen."
            )
    with transaction.atomic():
        if project is None:
            project = Project.create_for(importer, options["name"] or plan.name)
        interviews = store(plan, project, importer, source_format, via=Source.COMMAND)
    analyse_texts(interviews)
    command.stdout.write(f"Ingelezen in “{project.name}” ({project.slug}).")
