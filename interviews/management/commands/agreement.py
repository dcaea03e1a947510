"""`manage.py agreement`: the agreement of coders on the command line, the figures the agreement page shows."""

import json

from django.core.management.base import BaseCommand, CommandError

from interviews import agreement_data, agreement_report
from interviews.forms.agreement import project_coders

from ._files import get_project


def _figure(cell):
    return None if cell.value is None or cell.is_nan else round(float(cell.value), 6)


class Command(BaseCommand):
    help = "De overeenstemming tussen codeurs van een project of een codeerronde, op drie niveaus."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="de slug van het project")
        parser.add_argument("--round", type=int, help="het nummer van een codeerronde van het project")
        parser.add_argument("--coders", help="gebruikersnamen, gescheiden door komma's (standaard: alle codeurs)")
        parser.add_argument("--level", choices=sorted(agreement_report.LEVELS), help="alleen dit niveau")
        parser.add_argument("--unit", choices=["turn", "sentence"], default="turn", help="eenheid voor 'per eenheid'")
        parser.add_argument("--json", help="schrijf de uitkomsten ook als JSON naar dit bestand")

    def handle(self, *args, project, round=None, coders=None, level=None, unit="turn", json=None, **options):
        project = get_project(project)
        material = agreement_data.load(project, *self.choice(project, round, coders), unit)
        problems = agreement_data.problems(material)
        if problems:
            raise CommandError(" ".join(problems))
        report = agreement_report.report(material, [level] if level else list(agreement_report.LEVELS))
        for part in report.levels:
            self.stdout.write(f"\n{part.title} ({part.unit})")
            for theme, cells, words in part.rows:
                figures = "; ".join(f"{label} {cell.text}" for label, cell in zip(part.columns[1:], cells))
                self.stdout.write(f"  {theme.name}: {figures} · {words}")
            for label, cell in part.summary:
                self.stdout.write(f"  {label}: {cell.text}" + (f" ({cell.reason})" if cell.reason else ""))
        if json:
            self.write_json(report, json)

    def choice(self, project, round_id, usernames):
        """(coders, interview ids, themes) from the round and/or the usernames; CommandError for unknown ones."""
        if round_id is not None:
            chosen = project.coding_rounds.filter(pk=round_id).first()
            if chosen is None:
                raise CommandError(f"Project “{project.slug}” heeft geen codeerronde {round_id}.")
            coders = list(chosen.coders.order_by("username"))
            ids, themes = list(chosen.interviews.values_list("pk", flat=True)), set(chosen.themes.all())
            themes = [t for t in project.themes.in_tree_order() if t in themes]
        else:
            coders = list(project_coders(project).filter(passages__interview__project=project).distinct())
            ids, themes = list(project.interviews.values_list("pk", flat=True)), project.themes.in_tree_order()
        if usernames:
            names = [name.strip() for name in usernames.split(",") if name.strip()]
            known = {user.username: user for user in project_coders(project).filter(username__in=names)}
            unknown = [name for name in names if name not in known]
            if unknown:
                raise CommandError(f"Geen codeur van project “{project.slug}”: {', '.join(unknown)}.")
            coders = [known[name] for name in dict.fromkeys(names)]
        return coders, ids, themes

    def write_json(self, report, path):
        document = {
            "coders": [user.username for user in report.coders],
            "interviews": [pk for pk, _title in report.interviews],
            "themes": [theme.name for theme in report.themes],
            "methods": report.methods(),
            "levels": {
                part.key: {
                    "unit": part.unit,
                    "themes": {
                        theme.name: {label: _figure(cell) for label, cell in zip(part.columns[1:], cells)}
                        for theme, cells, _words in part.rows
                    },
                    "all_themes": {label: _figure(cell) for label, cell in part.summary},
                }
                for part in report.levels
            },
        }
        with open(path, "w", encoding="utf-8") as file:
            json.dump(document, file, ensure_ascii=False, indent=2)
        self.stderr.write(f"geschreven: {path}")
