"""The probe's world: every URL of the site built from the resolver, with real ids of a fixture project.

`routes()` walks `monitor.urls` (and so `interviews.urls`); `build_world(cast)` makes a project with one
object of every kind a URL names, and a second project the cast has no part in; `url_for(route, world)`
fills in a route's arguments. `PARAMETERS` are the names of every form field and query parameter the views
read, found in the forms and views themselves, so a new parameter is probed without being listed here.
"""

import datetime
import inspect
import json
import pkgutil
import re
from pathlib import Path

from api_client import make_token
from conftest import TEXT
from django import forms
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

import interviews.forms
from interviews.code_queries import Definition, ThemeSet
from interviews.models import (
    Action,
    CodeQuery,
    CodingRound,
    ImportBatch,
    ImportItem,
    Interview,
    Memo,
    Passage,
    Project,
    ProjectVariable,
    PseudonymName,
    Recording,
    Role,
    Speaker,
    Subject,
    Suggestion,
    SummaryGrid,
    TextVersion,
    Theme,
    ThemeRule,
)
from monitor.models import Indicator, Municipality

DEMO_RECORDING = Path(__file__).resolve().parent.parent / "interviews/demo/recordings/ede_wijkteam_2024.opus"

SKIPPED = ("admin",)  # Django's admin is Django's; it is tested there

HUGE, LONG = str(2**70), "x" * 5000
HOSTILE = [HUGE, "-1", "abc", "", "\x00", LONG, "1e999"]
NEXTS = ["abc", "https://evil.example/", "//evil.example/"]


def routes():
    """[(name, pattern, argument names)] of every named URL, namespaced as reverse() wants it."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).strip("/") in SKIPPED:
                    continue
                space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                found.append((namespace + pattern.name, route, re.findall(r"<(?:\w+:)?(\w+)>", route)))

    walk(get_resolver().url_patterns, "", "")
    return found


def _file_parameters():
    names = set()
    for module in pkgutil.iter_modules(interviews.forms.__path__):
        loaded = __import__(f"interviews.forms.{module.name}", fromlist=["_"])
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, forms.BaseForm):
                names.update(name for name, field in cls.base_fields.items() if isinstance(field, forms.FileField))
    return sorted(names)


# Files no reader should choke on: bytes that are no text (finding 4's indicator CSV), empty, broken archives.
HOSTILE_FILES = {
    "niet-tekst.csv": b"gemeente,lgg 2020\nUtrecht,\x81\x8d\n",
    "leeg.docx": b"",
    "kapot.zip": b"PK\x03\x04kapot",
    "nul.txt": b"\x00\x00Interviewer: hallo",
    "kapot.xlsx": b"PK\x05\x06" + b"\x00" * 18,
    "kapot.qdpx": b"PK\x03\x04" + b"\xff" * 64,
    "kapot.qdc": b"<?xml version='1.0'?><CodeBook><Codes><Code",
}


def _parameters():
    names = {"next", "format", "page"}
    for module in pkgutil.iter_modules(interviews.forms.__path__):
        loaded = __import__(f"interviews.forms.{module.name}", fromlist=["_"])
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, forms.BaseForm):
                names.update(cls.base_fields)
    root = Path(__file__).resolve().parent.parent
    for source in [*root.glob("interviews/views/*.py"), root / "monitor/views.py", *root.glob("interviews/*.py")]:
        names.update(re.findall(r"\.(?:GET|POST|data)\.get(?:list)?\(\s*[\"'](\w+)[\"']", source.read_text()))
    return sorted(names)


PARAMETERS = _parameters()
FILE_PARAMETERS = _file_parameters()


def parameters_of(route, world):
    """The PARAMETERS named in the source of the route's view module and its forms module: the ones to probe
    one at a time (the others left valid), so an error in one field cannot hide a failure in another."""
    view = resolve(url_for(route, world).split("?")[0]).func
    module = inspect.getmodule(inspect.unwrap(view))
    sources = [inspect.getsource(module)]
    forms_module = Path(module.__file__).parent.parent / "forms" / Path(module.__file__).name
    if forms_module.exists():
        sources.append(forms_module.read_text())
    return [name for name in PARAMETERS if any(f'"{name}"' in source for source in sources)]


def base_data(route, world):
    """The world's query and form data of a route (QUERIES, DATA) as one dict."""
    query = QUERIES.get(route[0], lambda w: "")(world).lstrip("?")
    return {**dict(pair.split("=") for pair in query.split("&") if pair), **DATA.get(route[0], lambda w: {})(world)}


# Path arguments that are not ids: a value each URL accepts.
FORMATS = {
    "interviews:analysis_chart": {"kind": "kenmerk", "fmt": "svg"},
    "interviews:analysis_word_cloud": {"fmt": "png"},
    "interviews:summary_export": {"fmt": "md"},
    "interviews:activity_export": {"fmt": "xlsx"},
    "interviews:grid_export": {"fmt": "docx"},
}
DEFAULT_FMT = "csv"

# What a URL needs besides its path to reach past "not found": its query string or form data, from the world.
QUERIES = {
    "interviews:analysis_exemplar": lambda w: f"?theme={w['theme_id']}&key={w['pk']}&per=interview",
    "interviews:analysis_words": lambda w: f"?source=theme&word_theme={w['theme_id']}&compare=on",
    "interviews:analysis_word_cloud": lambda w: f"?source=theme&word_theme={w['theme_id']}",
}
DATA = {
    "interviews:speaker_list": lambda w: {"speaker": w["speaker_id"], "name": "Wethouder"},
    "interviews:query_save": lambda w: {"left_themes": [w["theme_id"]], "name": "Nieuw"},
    "interviews:query_code": lambda w: {"new_theme": "uit de zoekvraag"},
    "interviews:token_list": lambda w: {"name": "R-script", "scope": "read", "expires": str(datetime.date.today())},
    "interviews:api:api_passages": lambda w: _one_passage(w),
    "interviews:api:api_passages_create": lambda w: _one_passage(w),
    "interviews:api:api_memos": lambda w: {"title": "Uit R", "text": "Een memo van een script.", "interview": w["pk"]},
    "interviews:api:api_memo_create": lambda w: {"title": "Uit R", "text": "Een memo van een script."},
}


def _one_passage(world):
    """A valid body for the API's bulk coding: one passage over the interview's first word."""
    return {"passages": [{"interview": world["pk"], "start": 0, "end": 11, "themes": [world["theme_id"]]}]}


def put_recording(interview):
    """The demo's short recording beside the interview (in the test's own MEDIA_ROOT)."""
    data = DEMO_RECORDING.read_bytes()
    stored = default_storage.save(f"opnames/{interview.pk}.opus", ContentFile(data))
    return Recording.objects.create(
        interview=interview, file=stored, name="opname.opus", mime="audio/ogg", kind="audio", size=len(data)
    ).pk


def build_world(cast):
    """The ids every URL needs: one object of each kind in "ks-test", and "ander", a project of someone else."""
    owner, coder = cast["owner"], cast["coder"]
    project = Project.create_for(owner, "Kansrijke Start test", slug="ks-test")
    project.memberships.create(user=coder, role=Role.CODER)
    project.memberships.create(user=cast["viewer"], role=Role.VIEWER)
    utrecht = Municipality.objects.get(code="GM0344")
    interview = Interview.objects.create(
        project=project, title="Utrecht", text=TEXT, municipality=utrecht, year=2022, created_by=owner
    )
    theme = Theme.objects.create(project=project, name="samenwerking")
    Theme.objects.create(project=project, name="financiering")
    start = TEXT.index("samenwerking")
    passage, _ = Passage.code_span(interview, coder, start, start + len("samenwerking"), [theme])
    rule = ThemeRule.objects.create(theme=theme, terms="knelpunt", created_by=owner)
    start = TEXT.index("Dat blijft")
    suggestion = Suggestion.objects.create(rule=rule, interview=interview, start=start, end=start + 10)
    batch = ImportBatch.objects.create(project=project, created_by=owner)
    speaker = Speaker.objects.create(interview=interview, name="Wethouder")
    owner.user_permissions.add(Permission.objects.get(codename="add_observation"))  # the indicator import
    item = ImportItem.objects.create(batch=batch, name="a.txt", title="A", text="Tekst van A.")
    other = Project.create_for(cast["outsider"], "Ander project", slug="ander")
    elsewhere = Interview.objects.create(project=other, title="Elders", text=TEXT, created_by=cast["outsider"])
    their_theme = Theme.objects.create(project=other, name="samenwerking")
    their_passage, _ = Passage.code_span(elsewhere, cast["outsider"], 0, 11, [their_theme])
    indicator = Indicator.objects.create(code="lgg", name="Laag geboortegewicht", value_type="percentage")
    gone = Theme.objects.create(project=project, name="wachtlijst")  # deleted, so that it can be restored
    deletion = Action.record(
        project, owner, Subject.THEME, "delete", subject_id=gone.pk, label=gone.name, before=gone.snapshot(True)
    )
    gone.delete()
    coding_round = CodingRound.objects.create(  # closed, so that its review can be opened
        project=project,
        name="Ronde",
        deadline=datetime.date(2030, 1, 1),
        created_by=owner,
        consensus_coder=owner,
        state="closed",
        closed_at=timezone.now(),
    )
    coding_round.interviews.set([interview])
    coding_round.themes.set([theme])
    coding_round.coders.set([owner, coder])
    grid = SummaryGrid.objects.create(project=project, name="Tabel", created_by=owner)
    grid.themes.set([theme])
    their_grid = SummaryGrid.objects.create(project=other, name="Tabel")
    their_grid.themes.set([their_theme])
    return {
        "round_id": coding_round.pk,
        "action_id": deletion.pk,
        "token": "a" * 32,  # an indicator upload's token: none is waiting
        "project": project,
        "slug": project.slug,
        "pk": interview.pk,
        "interview_id": interview.pk,
        "token_id": make_token(owner)[0].pk,
        "passage_id": passage.pk,
        "number": TextVersion.first_of(interview).number,
        "recording": put_recording(interview),
        "theme_id": theme.pk,
        "membership_id": project.memberships.get(user=coder).pk,
        "batch_id": batch.pk,
        "item_id": item.pk,
        "name_id": PseudonymName.objects.create(project=project, name="Jansen", replacement="[R1]").pk,
        "memo_id": Memo.objects.create(project=project, title="Memo", text="Tekst", author=coder).pk,
        "speaker_id": speaker.pk,
        "variable_id": ProjectVariable.objects.create(project=project, name="regio").pk,
        "rule_id": rule.pk,
        "suggestion_id": suggestion.pk,
        "query_id": CodeQuery.objects.create(
            project=project, name="Samen", definition=Definition(ThemeSet((theme.pk,))).as_json(), created_by=owner
        ).pk,
        "code": indicator.code,
        "grid_id": grid.pk,
        "row": str(interview.pk),
        "other": other,
        "others": {
            "pk": elsewhere.pk,
            "theme_id": their_theme.pk,
            "passage_id": their_passage.pk,
            "grid_id": their_grid.pk,
        },
    }


def url_for(route, world, **override):
    """The route's URL with the world's ids (or `override`: e.g. ids of 2**70)."""
    name, _, arguments = route
    special = FORMATS.get(name, {})
    values = {arg: override.get(arg, special.get(arg, world.get(arg, DEFAULT_FMT))) for arg in arguments}
    return reverse(name, kwargs=values) + QUERIES.get(name, lambda w: "")(world)


def send(client, method, url, data=None, **extra):
    """The client's response to one request whose changes are rolled back, so every request meets the same
    world (a passage the coder deletes is still there for the owner). The API is sent the logged-in visitor's
    token (a new read-write one for all their projects) instead of the session, and its writes a JSON body."""
    with transaction.atomic():
        data = data or {}
        if url.startswith("/api/v1/"):
            user_id = client.session.get("_auth_user_id")
            if user_id and "HTTP_AUTHORIZATION" not in extra:
                extra["HTTP_AUTHORIZATION"] = f"Bearer {make_token(User.objects.get(pk=user_id))[1]}"
            if method != "GET":
                data, extra["content_type"] = json.dumps(data), "application/json"
        response = getattr(client, method.lower())(url, data, **extra)
        transaction.set_rollback(True)
    return response
