from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interviews.models import ImportBatch, Project, Role
from interviews.spreadsheets import TableError
from interviews.tasks import confirm_batch
from interviews.transcripts.batches import read_sheet
from interviews.transcripts.pipeline import prepare_batch


class Command(BaseCommand):
    help = (
        "Importeert transcripten (.docx, .odt, .pdf, .txt, .md, .html, .vtt, .srt of een .zip daarvan) in een "
        "project, met dezelfde controles als de upload in de browser. Met --pseudonymise worden alle gevonden "
        "vervangingen toegepast. Eindigt met een foutcode als een bestand niet is geïmporteerd."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--project", required=True, help="de slug van het project")
        parser.add_argument("--metadata", help="CSV of XLSX met een kolom ‘bestand’ en de kenmerken per bestand")
        parser.add_argument("--pseudonymise", action="store_true", help="namen, e-mail, telefoon… vervangen")
        parser.add_argument("--user", help="gebruikersnaam van de importeur (standaard: een eigenaar van het project)")

    def handle(self, *args, files, project, metadata, pseudonymise, user, **options):
        project = Project.objects.filter(slug=project).first() or self._fail(f"Er is geen project “{project}”.")
        importer = self._importer(project, user)
        sheet = self._sheet(Path(metadata)) if metadata else None
        missing = [name for name in files if not Path(name).is_file()]
        if missing:
            raise CommandError("Niet gevonden: " + ", ".join(missing))
        handles = [open(name, "rb") for name in files]
        try:
            batch = prepare_batch(
                project, importer, [(Path(h.name).name, h) for h in handles], sheet=sheet, pseudonymise=pseudonymise
            )
        finally:
            for handle in handles:
                handle.close()
        replaced = {item.pk: sum(1 for p in item.replacements if not p["skip"]) for item in batch.items.all()}
        confirm_batch(batch, background=False)
        if batch.status == ImportBatch.Status.FAILED:
            raise CommandError(batch.error)
        failed = self._summary(batch, replaced)
        if failed:
            raise CommandError(f"{failed} probleem{'' if failed == 1 else 'en'}: niet alles is geïmporteerd.")

    def _summary(self, batch, replaced):
        """Print what was created and what was not; returns the number of problems (files and sheet rows)."""
        failed = 0
        for item in batch.items.all():
            if item.interview_id:
                extra = f" ({replaced[item.pk]} vervangingen)" if batch.pseudonymise else ""
                self.stdout.write(f"aangemaakt  {item.name} → “{item.title}”{extra}")
            else:
                failed += 1
                reasons = "; ".join(p["message"] for p in item.problems)
                self.stdout.write(f"NIET        {item.name}: {reasons}")
        notes = batch.message.splitlines()
        for note in notes:
            self.stdout.write(f"NIET        {note}")
        self.stdout.write(f"{batch.done_count} aangemaakt, {failed} niet geïmporteerd.")
        return failed + len(notes)

    def _importer(self, project, username):
        members = project.memberships.select_related("user")
        if username:
            membership = members.filter(user__username=username, role__in=[Role.OWNER, Role.CODER]).first()
            return (
                membership.user if membership else self._fail(f"{username} is geen codeur of eigenaar van dit project.")
            )
        owner = members.filter(role=Role.OWNER).order_by("pk").first()
        return owner.user if owner else self._fail("Dit project heeft geen eigenaar; geef --user op.")

    def _sheet(self, path):
        if not path.is_file():
            raise CommandError(f"Metadatabestand niet gevonden: {path}")
        with path.open("rb") as file:
            try:
                return read_sheet(file, path.name)
            except TableError as error:
                raise CommandError(f"{path.name}: {error}") from None

    @staticmethod
    def _fail(message):
        raise CommandError(message)
