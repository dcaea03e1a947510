import zipfile

from django.core.management.base import BaseCommand, CommandError

from interviews.exchange.qdpx_write import write_project
from interviews.exchange.qdpx_xml import validate

from ._files import get_project, write_output


class Command(BaseCommand):
    help = (
        "Schrijft een project als REFI-QDA-project (.qdpx) voor NVivo, MAXQDA, ATLAS.ti en QualCoder; met "
        "--check ook getoetst aan Project.xsd."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="de slug van het project")
        parser.add_argument("--output", "-o", help="het bestand om te schrijven; - voor de standaarduitvoer")
        parser.add_argument("--check", action="store_true", help="toets project.qde aan het schema")

    def handle(self, *args, **options):
        project = get_project(options["project"])

        def write(file):
            write_project(project, file)
            if options["check"]:
                check(file)

        write_output(self, options, f"{project.slug}.qdpx", write)


def check(file):
    errors = validate(zipfile.ZipFile(file).read("project.qde"))
    if errors:
        raise CommandError("De export voldoet niet aan Project.xsd:\n" + "\n".join(errors[:10]))
