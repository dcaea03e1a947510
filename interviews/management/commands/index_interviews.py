from django.core.management.base import BaseCommand, CommandError

from interviews.models import Interview, Project
from interviews.textsearch import index_interview, index_missing


class Command(BaseCommand):
    help = (
        "Bouwt de woordindex (lemma's) voor zoeken en themaregels: voor interviews die er nog geen hebben, "
        "of met --opnieuw voor alle."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", help="alleen dit project (slug)")
        parser.add_argument("--opnieuw", action="store_true", help="ook interviews die al een index hebben")

    def handle(self, *args, project=None, opnieuw=False, **options):
        interviews = Interview.objects.all()
        if project:
            if not Project.objects.filter(slug=project).exists():
                raise CommandError(f"Project '{project}' bestaat niet.")
            interviews = interviews.filter(project__slug=project)
        if opnieuw:
            for interview in interviews.only("pk", "text"):
                index_interview(interview)
            count = interviews.count()
        else:
            count = index_missing(interviews)
        self.stdout.write(f"{count} interview(s) geïndexeerd.")
