from django.core.management.base import BaseCommand, CommandError

from interviews import demo


class Command(BaseCommand):
    help = (
        "Laadt het demoproject 'demo': fictieve interviews, een codeboek, coderingen van twee codeurs en de "
        "cijfers van de Monitor Kansrijke Start. Opnieuw uitvoeren verandert niets."
    )

    def handle(self, *args, **options):
        try:
            project, created = demo.load()
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(demo.summary(project, created))
