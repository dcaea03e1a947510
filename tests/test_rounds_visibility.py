"""Who sees whose passages while a round is open (models/rounds.py): the querysets every route reads through."""

from round_study import *  # noqa: F403 (the fixtures blind and coby)

from interviews.models import Coding, CodingRound, Passage


def test_a_coder_in_an_open_round_sees_only_their_own_passages_on_its_interviews(project, coder, blind):
    seen = set(Passage.objects.visible_to(coder, project))
    assert blind["cees"] in seen and blind["coby"] not in seen
    assert blind["outside"] in seen  # another interview: not blind


def test_the_codings_follow_the_same_rule(project, coder, blind):
    codings = Coding.objects.visible_to(coder, project)
    assert not codings.filter(content_object=blind["coby"]).exists()
    assert codings.filter(content_object=blind["cees"]).exists()
    assert codings.filter(content_object=blind["outside"]).exists()


def test_the_owner_and_a_viewer_see_every_passage(project, owner, viewer, blind):
    for user in (owner, viewer):
        assert {blind["cees"], blind["coby"], blind["outside"]} <= set(Passage.objects.visible_to(user, project))


def test_closing_the_round_opens_the_view(project, owner, coder, blind):
    blind["round"].close(owner)
    assert blind["coby"] in set(Passage.objects.visible_to(coder, project))
    assert not CodingRound.objects.open_for(project).exists()


def test_a_round_in_another_project_hides_nothing_here(project, coder, coby, blind):
    other = blind["outside"].interview
    assert Passage.objects.visible_to(coby, project).filter(interview=other).exists()
    assert Passage.objects.visible_to(coby, project).filter(pk=blind["cees"].pk).count() == 0


def test_progress_counts_each_coders_interviews_and_passages(blind, coder, coby):
    progress = {user.username: (interviews, passages) for user, interviews, passages in blind["round"].progress()}
    assert progress == {"cees": (1, 2), "coby": (1, 1)}
