from django.core.management.base import BaseCommand

from interviews.exchange.plan import analyse_texts
from interviews.models import Interview, Token

from ._files import get_project


class Command(BaseCommand):
    help = (
        "Maakt de zinnen en de woordindex van geïmporteerde interviews die ze nog missen (een grote import "
        "via de website laat dat over aan dit commando)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="de slug van het project")

    def handle(self, *args, project, **options):
        interviews = Interview.objects.filter(project=get_project(project))
        todo = interviews.exclude(pk__in=Token.objects.values("interview_id")) | interviews.filter(segments=None)
        todo = list(todo.distinct())
        analyse_texts(todo)
        self.stdout.write(f"{len(todo)} interview(s) geanalyseerd.")
