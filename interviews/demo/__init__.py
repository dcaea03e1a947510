"""The demo study: fictional interviews, a Dutch codebook, two coders' codings and the monitor's figures.

`load()` builds it once. Running it again changes nothing: users keep their passwords, an existing
`demo` project is left as it is (people may have worked in it), and indicators and observations are
only added where they are missing.
"""

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from monitor.models import Indicator, Municipality, Observation

from ..models import Membership, Memo, Origin, Passage, Project, Recording, Role, Theme, ThemeRule
from ..recordings import duration_ms, recognise
from ..rules import run_rules
from ..textsearch import index_missing
from ..transcripts.pipeline import create_interview
from ..transcripts.readers import read_transcript
from . import codebook, codings, figures, study
from .rounds import add_round
from .variables import add_case_variables

TRANSCRIPTS = Path(__file__).parent / "transcripts"
RECORDINGS = Path(__file__).parent / "recordings"
FICTION_MARKER = "[Fictief interview, geschreven voor de demo van Interview Monitor]"


@transaction.atomic
def load():
    """Build the demo (what is missing of it); returns (project, created)."""
    users = ensure_users()
    project, created = Project.objects.get_or_create(
        slug=study.PROJECT["slug"],
        defaults={"name": study.PROJECT["name"], "description": study.PROJECT["description"]},
    )
    if created:
        build_project(project, users)
        star_quotes(project)
    load_indicators()
    add_text_tools(project, users["lotte"])
    add_case_variables(project)
    add_round(project, users)
    return project, created


def ensure_users():
    """The demo users by username; a new user gets the demo password, an existing one keeps theirs."""
    users = {}
    for username, first_name, _role in study.USERS:
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"first_name": first_name})
        if created:
            user.set_password(study.PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user
    return users


def build_project(project, users):
    for username, _first_name, role in study.USERS:
        Membership.objects.create(project=project, user=users[username], role=role)
    themes = add_themes(project)
    interviews = {spec[0]: add_interview(project, spec, users["lotte"]) for spec in study.INTERVIEWS}
    for file_name, recording in study.RECORDINGS.items():
        add_recording(interviews[file_name], recording, users["lotte"])
    for file_name, by_coder in codings.CODINGS.items():
        for username, specs in by_coder.items():
            add_codings(interviews[file_name], users[username], specs, themes)
    for author, subject, title, text in codings.MEMOS:
        memo = Memo(project=project, author=users[author], title=title, text=text)
        if subject and subject.startswith("theme:"):
            memo.theme = themes[subject.removeprefix("theme:")]
        elif subject:
            memo.interview = interviews[subject]
        memo.save()


def add_themes(project):
    themes = {}
    for order, (name, parent, colour, definition) in enumerate(codebook.THEMES, start=1):
        themes[name] = Theme.objects.create(
            project=project, name=name, parent=themes.get(parent), colour=colour, definition=definition, order=order
        )
    return themes


# Passages (by how their text begins) starred as representative quotes for the theme summary.
STARRED_QUOTES = [
    "Het belangrijkste vind ik dat de verloskundige",
    "Mijn zorg is wat er gebeurt als de impulsgelden",
    "Er is een groot tekort aan jeugdverpleegkundigen",
]


def star_quotes(project):
    """Star a few passages, as a researcher would, so the demo's summary shows chosen quotes first."""
    for beginning in STARRED_QUOTES:
        Passage.objects.filter(interview__project=project, text__startswith=beginning).update(starred=True)


FUNDING_TERMS = "financiering\nfinancieren\ngeld\nbudget\nimpulsgeld\nsubsidie\nspecifieke uitkering"


def add_text_tools(project, creator):
    """Index the demo interviews that have no word index yet; a project without rules gets one rule on
    the funding theme, run once, so the review queue has suggestions."""
    index_missing(project.interviews.all())
    theme = project.themes.filter(name="financiering").first()
    if theme and not ThemeRule.objects.filter(theme__project=project).exists():
        rule = ThemeRule.objects.create(theme=theme, terms=FUNDING_TERMS, created_by=creator)
        run_rules([rule], project.interviews.all(), confirmed=True)


def municipality(code):
    try:
        return Municipality.objects.get(code=code)
    except Municipality.DoesNotExist:
        raise ValueError(f"Gemeente {code} ontbreekt; voer eerst `python manage.py migrate` uit.") from None


def add_interview(project, spec, creator):
    """One transcript read as an upload reads it: canonical text, its sha256, turns, sentences and speakers."""
    file_name, title, cbs_code, year, group, interview_date, labels = spec
    with (TRANSCRIPTS / file_name).open("rb") as file:
        transcript = read_transcript(file_name, file)  # with a "[00:00:04] Naam:" label's time for its turn
    return create_interview(
        project,
        title,
        transcript.text,
        turns=transcript.turns,
        labels=labels,
        municipality=municipality(cbs_code),
        year=year,
        stakeholder_group=group,
        interview_date=date.fromisoformat(interview_date),
        source_name=file_name,
        source_format="txt",
        source_sha256=transcript.sha256,
        created_by=creator,
    )


def add_recording(interview, file_name, creator):
    """The demo's synthetic recording beside its interview, stored as an upload is."""
    with (RECORDINGS / file_name).open("rb") as file:
        extension, mime, kind = recognise(file)
        length = duration_ms(file)
        stored = default_storage.save(f"opnames/demo/{interview.pk}.{extension}", File(file))
    Recording.put(interview, stored, file_name, mime, kind, default_storage.size(stored), creator, length)


def locate(text, phrase):
    """(start, end) of a phrase that occurs once, or of (first words … last words)."""
    first, last = phrase if isinstance(phrase, tuple) else (phrase, phrase)
    if text.count(first) != 1:
        raise ValueError(f"De frase {first!r} komt {text.count(first)} keer voor in de tekst.")
    start = text.index(first)
    return start, text.index(last, start) + len(last)


def add_codings(interview, coder, specs, themes):
    for phrase, theme_names, *memo in specs:
        start, end = locate(interview.text, phrase)
        passage = Passage.select(interview, coder, start, end, memo=memo[0] if memo else "")
        passage.save()
        passage.code([themes[name] for name in theme_names], origin=Origin.MANUAL)


def percent(part, whole):
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def national_rows():
    """(indicator code, year, value, note) of the published national figures."""
    for year, count, total in figures.NATIONAL_COALITIONS:
        yield "lokale-coalitie", year, percent(count, total), f"{count} gemeenten (van de {total})"
    for code, year, value, note in figures.NATIONAL_FIGURES:
        yield code, year, Decimal(value), note


def municipal_rows():
    """(indicator code, CBS code, year, value): synthetic, the same on every run."""
    rng = random.Random(1000)
    for cbs_code, (coalition, nnz, voorzorg, voorzorg_size) in sorted(figures.MUNICIPALITIES.items()):
        low_weight = rng.uniform(5.0, 7.0)
        for year in figures.YEARS:
            yield "lokale-coalitie", cbs_code, year, Decimal(int(coalition is not None and year >= coalition))
            yield "nu-niet-zwanger", cbs_code, year, Decimal(int(nnz is not None and year >= nnz))
            offered = voorzorg is not None and year >= voorzorg
            yield "voorzorg", cbs_code, year, Decimal(int(offered))
            weight = low_weight + rng.uniform(-0.4, 0.4)
            yield "laag-geboortegewicht", cbs_code, year, Decimal(f"{weight:.1f}")
            starters = round(voorzorg_size * rng.uniform(0.8, 1.2)) if offered else 0
            yield "zwangeren-voorzorg", cbs_code, year, Decimal(starters)


def load_indicators():
    """Add the demo's indicators and observations that are missing; never overwrite what is there."""
    indicators = {}
    for code, (name, value_type, unit, definition, source) in figures.INDICATORS.items():
        indicators[code], _ = Indicator.objects.get_or_create(
            code=code,
            defaults={"name": name, "value_type": value_type, "unit": unit, "definition": definition, "source": source},
        )
    for code, year, value, note in national_rows():
        Observation.objects.get_or_create(
            indicator=indicators[code],
            municipality=None,
            year=year,
            defaults={"value": value, "synthetic": False, "note": note},
        )
    places = {code: municipality(code) for code in figures.MUNICIPALITIES}
    for code, cbs_code, year, value in municipal_rows():
        Observation.objects.get_or_create(
            indicator=indicators[code],
            municipality=places[cbs_code],
            year=year,
            defaults={"value": value, "synthetic": True, "note": figures.SYNTHETIC_NOTE},
        )


def summary(project, created):
    """What the command prints: the counts and the demo login."""
    passages = Passage.objects.filter(interview__project=project).count()
    counts = (
        f"project '{project.slug}' met {project.interviews.count()} interviews, "
        f"{project.themes.count()} thema's, {passages} passages."
    )
    head = f"Demo geladen: {counts}" if created else f"Demo stond er al: {counts}"
    logins = ", ".join(f"{username} / {study.PASSWORD} ({Role(role).label})" for username, _name, role in study.USERS)
    return f"{head}\nInloggen: {logins}"
