"""History from the other doors: search-and-code, reviewed suggestions, transcript batches, project imports and
codebook imports (browser and command); each says where it came from, and a refused one records nothing."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from interviews.models import Action, Interview, Passage, Project, Suggestion, Theme, ThemeRule
from interviews.rules import run_rules
from interviews.tasks import confirm_batch
from interviews.transcripts.pipeline import create_interview, prepare_batch

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "refi" / "samples"
TEXT = (
    "Interviewer: Hoe wordt het betaald?\n"
    "Wethouder: Uit het geld van het rijk. De subsidies stoppen. Daarna zoeken we geld."
)


@pytest.fixture
def talk(project):
    return create_interview(project, "Rotterdam, wethouder", TEXT)


@pytest.fixture
def suggestions(talk, themes, owner):
    rule = ThemeRule.objects.create(theme=themes["financiering"], terms="subsidie\ngeld", created_by=owner)
    run_rules([rule], Interview.objects.all())
    return list(Suggestion.objects.order_by("start"))


def test_search_and_code_records_each_passage_from_search(project, talk, themes, as_user, coder):
    code = reverse("interviews:text_search_code", args=[project.slug]) + "?q=geld"
    theme = themes["financiering"]
    as_user(coder).post(code, {"theme": theme.pk, "unit": "sentence", "all": "on"})
    passages = Passage.objects.filter(interview=talk).order_by("start")
    actions = Action.objects.order_by("pk")
    assert len(actions) == len(passages) == 2
    for action, passage in zip(actions, passages):
        assert (action.source, action.subject, action.verb, action.user) == ("search", "passage", "create", coder)
        assert action.subject_id == passage.pk and action.interview == talk and action.before == {}
        assert action.after == {"start": passage.start, "end": passage.end, "coder": coder.pk, "themes": [theme.pk]}
    as_user(coder).post(code, {"theme": theme.pk, "unit": "sentence", "all": "on"})
    assert Action.objects.count() == 2, "coding what was coded already changes nothing and records nothing"
    as_user(coder).post(code, {"theme": themes["knelpunten"].pk, "unit": "sentence", "all": "on"})
    again = Action.objects.order_by("pk").last()
    assert again.verb == "code" and again.before["themes"] == [theme.pk]
    assert again.after["themes"] == sorted([theme.pk, themes["knelpunten"].pk])


def test_a_refused_search_and_code_records_nothing(project, talk, themes, as_user, coder, viewer):
    code = reverse("interviews:text_search_code", args=[project.slug]) + "?q=geld"
    assert as_user(viewer).post(code, {"theme": themes["financiering"].pk, "all": "on"}).status_code == 403
    assert as_user(coder).post(code, {"theme": 2**70, "unit": "sentence", "all": "on"}).status_code == 400
    assert not Action.objects.exists()


def test_an_accepted_and_a_rejected_suggestion_are_recorded(project, talk, themes, suggestions, coder):
    first, second = suggestions[:2]
    assert first.accept(coder) and second.reject(coder)
    accepted, rejected = Action.objects.order_by("pk")
    theme = themes["financiering"].pk
    first.refresh_from_db()
    assert (accepted.source, accepted.verb, accepted.subject_id) == ("suggestion", "accept", first.passage_id)
    assert accepted.after["themes"] == [theme] and accepted.after["suggestion"] == first.pk
    assert (rejected.verb, rejected.after) == ("reject", {"suggestion": second.pk, "start": second.start,
                                                          "end": second.end, "theme": theme})  # fmt: skip
    assert not first.accept(coder) and Action.objects.count() == 2, "a second review changes and records nothing"


def test_a_transcript_batch_is_one_action_with_its_interviews(project, coder):
    files = [(name, SimpleUploadedFile(name, f"R1: {name} gesprek.".encode())) for name in ("a.txt", "b.txt")]
    batch = prepare_batch(project, coder, files)
    confirm_batch(batch, background=False)
    action = Action.objects.get()
    created = sorted(Interview.objects.filter(project=project).values_list("pk", flat=True))
    assert (action.source, action.subject, action.verb, action.user) == ("import", "interview", "import", coder)
    assert sorted(action.after["interviews"]) == created and action.after["count"] == 2


def test_a_project_import_is_one_action_from_the_command(owner):
    out = io.StringIO()
    call_command(
        "import_qdpx", str(SAMPLES / "qc1.3.2_demo.qdpx"), "--owner", owner.username, "--name", "QC", stdout=out
    )
    project = Project.objects.get(name="QC")
    action = Action.objects.get()
    assert (action.project, action.source, action.subject, action.verb) == (project, "command", "project", "import")
    assert action.after["passages"] == 158 and action.after["format"] == "qdpx" and action.user == owner


def test_a_codebook_import_records_each_theme_it_adds_or_changes(project, themes, as_user, coder):
    data = (
        "naam,bovenliggend thema,kleur,definitie\nwachtlijst,knelpunten,#123456,Wachten\nsamenwerking,,#2d9cdb,Nieuw\n"
    )
    upload = {"file": SimpleUploadedFile("codeboek.csv", data.encode())}
    as_user(coder).post(reverse("interviews:codebook_import", args=[project.slug]), upload)
    actions = {a.label: a for a in Action.objects.all()}
    assert set(actions) == {"wachtlijst", "samenwerking"}
    added, changed = actions["wachtlijst"], actions["samenwerking"]
    assert (added.verb, added.source, added.user) == ("create", "import", coder)
    assert (
        added.after["parent"] == themes["knelpunten"].pk and added.subject_id == Theme.objects.get(name="wachtlijst").pk
    )
    assert changed.verb == "update" and (changed.before["definition"], changed.after["definition"]) == ("", "Nieuw")
    assert "name" not in changed.after, "only what changed is kept"


def test_a_refused_codebook_import_records_nothing(project, themes, tmp_path):
    path = tmp_path / "codeboek.csv"
    path.write_text("naam,bovenliggend thema\nlus,lus\n", encoding="utf-8")
    with pytest.raises(CommandError, match="niet ingelezen"):
        call_command("import_codebook", str(path), "--project", project.slug, stdout=io.StringIO())
    path.write_text("naam\nnieuw thema\n", encoding="utf-8")
    assert not Action.objects.exists()
    call_command("import_codebook", str(path), "--project", project.slug, stdout=io.StringIO())
    assert Action.objects.get().source == "command"
