from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug
from django.db import transaction

from interviews.forms.reports import CodebookImportForm
from interviews.models import Project, Source


class Command(BaseCommand):
    help = (
        "Leest een codeboek (CSV, XLSX of REFI-QDA .qdc) in een project in, met dezelfde controles als de "
        "pagina Codeboek inlezen: bestaande thema's worden bijgewerkt, nieuwe toegevoegd, en bij één fout "
        "wordt niets opgeslagen. Met --owner wordt het project aangemaakt als het nog niet bestaat."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--project", required=True, help="de slug van het project")
        parser.add_argument("--owner", help="gebruikersnaam van de eigenaar als het project nieuw is")

    def handle(self, *args, file, project, owner, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Niet gevonden: {file}")
        with transaction.atomic():
            found = self._project(project, owner)
            form = CodebookImportForm(
                files={"file": SimpleUploadedFile(path.name, path.read_bytes())}, data={}, project=found
            )
            if not form.is_valid():  # the exception rolls back a project made for this import, too
                raise CommandError("Het codeboek is niet ingelezen:\n" + "\n".join(form.errors["file"]))
            added, updated = form.save(None, Source.COMMAND)  # no web user: history says "opdrachtregel"
        self.stdout.write(f"{len(added)} thema('s) toegevoegd, {len(updated)} bijgewerkt in “{found.name}”.")

    @staticmethod
    def _project(slug, owner):
        project = Project.objects.filter(slug=slug).first()
        if project is not None:
            return project
        if not owner:
            raise CommandError(f"Er is geen project “{slug}”; geef --owner om het aan te maken.")
        try:
            validate_slug(slug)
        except ValidationError as error:
            raise CommandError(
                f"“{slug}” kan geen projectnaam in een adres zijn: gebruik letters, cijfers en -."
            ) from error
        user = get_user_model().objects.filter(username=owner).first()
        if user is None:
            raise CommandError(f"Er is geen gebruiker “{owner}”.")
        return Project.create_for(user, slug, slug=slug)
