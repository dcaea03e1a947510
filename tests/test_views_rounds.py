"""The round pages and the disagreement review against the cast (tests/round_study.py builds the round)."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from round_study import *  # noqa: F403 (the fixtures blind and coby, SECRET)

from interviews.models import Action, Choice, CodingRound, ConsensusDecision, Membership, Passage, Subject
from interviews.review import build_review


def url(name, project, *args):
    return reverse(f"interviews:{name}", args=[project.slug, *args])


def form_data(coder, coby, interview, themes, changes=None):
    data = {
        "name": "Ronde voorjaar",
        "interviews": [interview.pk],
        "themes": [themes["samenwerking"].pk],
        "coders": [coder.pk, coby.pk],
        "deadline": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "consensus": "consensus",
    }
    return data | (changes or {})


def test_only_owners_start_and_close_rounds_and_every_member_reads_them(check_access, project, blind):
    check_access("get", url("round_list", project), {"anonymous": 0, "outsider": 404, "viewer": 200, "coder": 200})
    check_access("get", url("round_create", project), {"outsider": 404, "viewer": 403, "coder": 403, "owner": 200})
    close = url("round_close", project, blind["round"].pk)
    check_access("post", close, {"anonymous": 0, "outsider": 404, "viewer": 403, "coder": 403})
    assert CodingRound.objects.get().is_open


def test_an_owner_starts_a_round_recorded_in_the_history(as_user, owner, coder, coby, project, interview, themes):
    response = as_user(owner).post(url("round_create", project), form_data(coder, coby, interview, themes))
    assert response.status_code == 302
    coding_round = CodingRound.objects.get()
    assert set(coding_round.coders.all()) == {coder, coby} and coding_round.is_open
    assert coding_round.consensus_coder.username == f"consensus-{project.pk}"
    assert not coding_round.consensus_coder.has_usable_password()
    action = Action.objects.get(subject=Subject.ROUND)
    assert (action.user, action.verb, action.after["coders"]) == (owner, "start", sorted([coder.pk, coby.pk]))


def test_bad_rounds_are_refused_with_dutch_messages_and_nothing_stored(
    as_user, owner, coder, coby, viewer, project, interview, themes
):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    cases = [
        ({"coders": [coder.pk]}, "ten minste twee codeurs"),
        ({"coders": [coder.pk, viewer.pk]}, "alleen leden met de rol codeur of eigenaar"),
        ({"interviews": []}, "ten minste één interview"),
        ({"themes": []}, "ten minste één thema"),
        ({"deadline": yesterday}, "in het verleden"),
        ({"deadline": "morgen"}, "als datum"),
        ({"consensus": str(viewer.pk)}, "kies als consensus een codeur"),
        ({"coders": ["99999999999999999999"]}, "kies codeurs uit de lijst"),
    ]
    client = as_user(owner)
    for changes, message in cases:
        response = client.post(url("round_create", project), form_data(coder, coby, interview, themes, changes))
        assert response.status_code == 400 and message in response.content.decode().lower(), changes
    assert not CodingRound.objects.exists() and not Action.objects.exists()


def test_closing_a_round_is_recorded(as_user, owner, project, blind):
    assert as_user(owner).post(url("round_close", project, blind["round"].pk)).status_code == 302
    blind["round"].refresh_from_db()
    assert not blind["round"].is_open and blind["round"].closed_by == owner
    assert Action.objects.filter(subject=Subject.ROUND, verb="close", user=owner).exists()


def test_the_list_shows_state_coders_and_progress(as_user, viewer, project, blind):
    page = as_user(viewer).get(url("round_list", project)).content.decode()
    assert "Ronde 1" in page and "open" in page and "cees: 1 van 1 interview gecodeerd, 2 passages" in page


def test_the_review_of_an_open_round_says_so(as_user, owner, project, blind):
    response = as_user(owner).get(url("round_review", project, blind["round"].pk, blind["talk"].pk))
    assert response.status_code == 400 and "nog open" in response.content.decode()


def decide(client, project, blind, stretch_theme, start, end, choice, **extra):
    path = url("round_decide", project, blind["round"].pk, blind["talk"].pk)
    return client.post(path, {"theme": stretch_theme, "start": start, "end": end, "choice": choice} | extra)


def test_a_text_corrected_after_the_review_was_read_is_not_decided(
    as_user, owner, coder, project, themes, blind, monkeypatch
):
    from interviews.forms import rounds as forms
    from interviews.models import TextVersion
    from interviews.transcripts import corrections

    blind["round"].close(owner)
    secret, settle = blind["coby"], forms.settle

    def corrected_first(coding_round, interview, *args):
        fresh = type(interview).objects.get(pk=interview.pk)
        edit, segments = corrections.prepare(fresh, "Inleiding: een nieuwe eerste zin.\n" + fresh.text)
        TextVersion.correct(fresh, edit, segments, owner, "tussendoor")
        return settle(coding_round, interview, *args)

    monkeypatch.setattr(forms, "settle", corrected_first)
    response = decide(
        as_user(coder), project, blind, themes["samenwerking"].pk, secret.start, secret.end, Choice.KEEP_B
    )
    assert response.status_code == 400 and "De tekst is intussen gecorrigeerd" in response.content.decode()
    assert not Passage.objects.filter(coder=blind["round"].consensus_coder).exists()
    assert not ConsensusDecision.objects.exists()


def test_keeping_bs_span_writes_a_consensus_passage_with_exact_text(as_user, owner, coder, project, themes, blind):
    blind["round"].close(owner)
    secret = blind["coby"]
    theme = themes["samenwerking"].pk
    page = as_user(coder).get(url("round_review", project, blind["round"].pk, blind["talk"].pk)).content.decode()
    assert 'data-d="0"' in page and SECRET in page  # noqa: F405
    response = decide(as_user(coder), project, blind, theme, secret.start, secret.end, Choice.KEEP_B)
    assert response.status_code == 302
    made = Passage.objects.get(coder=blind["round"].consensus_coder, interview=blind["talk"])
    assert (made.start, made.end, made.text) == (
        secret.start,
        secret.end,
        blind["talk"].text[secret.start : secret.end],
    )
    decision = ConsensusDecision.objects.get()
    assert decision.decided_by == coder and list(decision.passages.all()) == [made]
    assert Action.objects.filter(subject=Subject.PASSAGE, subject_id=made.pk, user=coder, verb="create").exists()
    again = decide(as_user(coder), project, blind, theme, secret.start, secret.end, Choice.KEEP_A)
    assert again.status_code == 400 and "al besloten" in again.content.decode()


def test_bad_decisions_are_refused(as_user, owner, viewer, project, themes, blind):
    blind["round"].close(owner)
    secret, theme = blind["coby"], themes["samenwerking"].pk
    assert decide(as_user(viewer), project, blind, theme, secret.start, secret.end, Choice.KEEP_B).status_code == 403
    client = as_user(owner)
    assert decide(client, project, blind, theme, 0, 3, Choice.KEEP_B).status_code == 400  # no such stretch
    assert decide(client, project, blind, theme, secret.start, secret.end, "weg").status_code == 400
    bad_span = {"span_start": 50, "span_end": 10**6}
    assert decide(client, project, blind, theme, secret.start, secret.end, Choice.EDITED, **bad_span).status_code == 400
    assert not ConsensusDecision.objects.exists()


def test_a_coder_removed_from_the_project_keeps_their_passages_in_the_closed_round(
    as_user, owner, coby, project, blind
):
    blind["round"].close(owner)
    Membership.objects.filter(user=coby, project=project).delete()
    assert Passage.objects.filter(pk=blind["coby"].pk).exists()
    page = as_user(owner).get(url("round_review", project, blind["round"].pk, blind["talk"].pk)).content.decode()
    assert "coby" in page and SECRET in page  # noqa: F405


def test_the_demo_holds_a_closed_round_of_two_coders_on_three_interviews_with_disagreements(db):
    call_command("load_demo", stdout=StringIO())
    coding_round = CodingRound.objects.get()
    assert not coding_round.is_open and coding_round.coders.count() == 2 and coding_round.interviews.count() == 3
    a, b = coding_round.coders.order_by("username")
    kinds = set()
    for interview in coding_round.interviews.all():
        kinds |= {stretch.kind for stretch in build_review(coding_round, interview, a, b).stretches}
    assert kinds == {"only_a", "only_b", "boundaries"}
