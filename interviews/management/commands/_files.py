"""What the export and import commands share: finding the project and writing the file (or stdout)."""

import io
import sys

from django.core.management.base import CommandError

from interviews.models import Project


def get_project(slug):
    project = Project.objects.filter(slug=slug).first()
    if project is None:
        raise CommandError(f"Er is geen project “{slug}”.")
    return project


def add_output_arguments(parser, formats, default):
    parser.add_argument("--project", required=True, help="de slug van het project")
    parser.add_argument(
        "--format",
        choices=formats,
        help=f"bestandsformaat (standaard: naar de extensie van --output, anders {default})",
    )
    parser.add_argument("--output", "-o", help="het bestand om te schrijven; - voor de standaarduitvoer")


def output_format(options, formats, default):
    """The format asked for, else the one the output file's extension names, else the default."""
    if options["format"]:
        return options["format"]
    extension = (options["output"] or "").rsplit(".", 1)[-1].lower()
    return extension if extension in formats else default


def write_output(command, options, default_name, write):
    """Call write(binary file), then put what it wrote in --output (default_name when not given; '-' is
    stdout) and say where. Nothing is written when write() fails."""
    buffer = io.BytesIO()
    write(buffer)
    path = options["output"] or default_name
    if path == "-":
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()
        return
    try:
        with open(path, "wb") as file:
            file.write(buffer.getvalue())
    except OSError as error:
        raise CommandError(f"Kan {path} niet schrijven: {error.strerror}.") from None
    command.stderr.write(f"Geschreven: {path}")
