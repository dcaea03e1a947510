from django.urls import reverse

from interviews.models import Interview, Passage, Segment
from interviews.transcripts.text import find_turns


def url(name, interview):
    return reverse(name, args=[interview.project.slug, interview.pk])


def test_members_read_an_interview_and_outsiders_get_404(check_access, interview):
    check_access(
        "get",
        url("interviews:interview_detail", interview),
        {"anonymous": None, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200},
    )


def test_an_interview_of_another_project_is_not_found_through_mine(as_user, owner, interview):
    from interviews.models import Membership, Project

    mine = Project.objects.create(name="Mijn", slug="mijn")
    Membership.objects.create(project=mine, user=owner, role="owner")
    assert as_user(owner).get(reverse("interviews:interview_detail", args=["mijn", interview.pk])).status_code == 404


def test_the_page_highlights_passages_with_their_themes_and_coder(as_user, viewer, passage, themes, owner):
    start = passage.interview.text.index("de coalitie")
    nested = Passage.select(passage.interview, owner, start, start + len("de coalitie"))
    nested.save()
    nested.code([themes["knelpunten"], themes["financiering"]])
    page = as_user(viewer).get(url("interviews:interview_detail", passage.interview)).content.decode()
    assert f'id="p{passage.pk}"' in page and f'id="p{nested.pk}"' in page
    assert f'data-passages="{passage.pk} {nested.pk}"' in page, "the nested run knows both passages"
    assert "knelpunten, financiering (olga)" in page and "samenwerking (cees)" in page
    assert ">de coalitie</span>" in page


def test_one_coders_coding_can_be_shown_alone(as_user, viewer, passage, themes, owner):
    other = Passage.select(passage.interview, owner, 0, 11)
    other.save()
    page = (
        as_user(viewer).get(url("interviews:interview_detail", passage.interview), {"coder": "olga"}).content.decode()
    )
    assert f'id="p{other.pk}"' in page and f'id="p{passage.pk}"' not in page


def test_speaker_labels_are_shown_as_speakers(as_user, viewer, interview):
    for start, end, speaker in find_turns(interview.text):
        Segment.objects.create(interview=interview, kind="turn", start=start, end=end, speaker=speaker)
    page = as_user(viewer).get(url("interviews:interview_detail", interview)).content.decode()
    start, end, _ = find_turns(interview.text)[1]
    assert f'class=" speaker" data-turn-start="{start}" data-turn-end="{end}"' in page
    assert f'data-turn-end16="{end + 1}">Wethouder:</span>' in page, "the emoji counts twice in UTF-16"


def test_script_in_the_transcript_shows_as_text(as_user, viewer, project):
    interview = Interview.objects.create(project=project, title="<script>x()</script>", text="I: <script>x()</script>")
    page = as_user(viewer).get(url("interviews:interview_detail", interview)).content.decode()
    assert "<script>x()</script>" not in page


def test_coders_and_owners_edit_attributes_viewers_may_not(check_access, interview):
    data = {"title": "Wethouder Utrecht", "year": 2023, "stakeholder_group": "gemeente", "labels": "pilot, 2023"}
    check_access(
        "post", url("interviews:interview_edit", interview), {"anonymous": None, "outsider": 404, "viewer": 403}
    )
    check_access("get", url("interviews:interview_edit", interview), {"coder": 200, "owner": 200})
    check_access("post", url("interviews:interview_edit", interview), {"coder": 302}, data)
    interview.refresh_from_db()
    assert (interview.title, interview.year) == ("Wethouder Utrecht", 2023)
    assert sorted(interview.labels.names()) == ["2023", "pilot"]


def test_an_edit_to_a_title_that_exists_is_refused(as_user, coder, interview, project):
    Interview.objects.create(project=project, title="Verloskundige", text="R1: ja")
    response = as_user(coder).post(
        url("interviews:interview_edit", interview), {"title": "verloskundige", "year": 2022}
    )
    assert response.status_code == 400 and "Er is al een interview met deze titel" in response.content.decode()
    interview.refresh_from_db()
    assert interview.title == "Gemeente Utrecht, wethouder"


def test_only_owners_delete_an_interview_after_confirming(check_access, interview, passage):
    check_access(
        "post",
        url("interviews:interview_delete", interview),
        {"anonymous": None, "outsider": 404, "viewer": 403, "coder": 403},
    )
    check_access("get", url("interviews:interview_delete", interview), {"owner": 200})
    assert Interview.objects.filter(pk=interview.pk).exists()
    check_access("post", url("interviews:interview_delete", interview), {"owner": 302})
    assert not Interview.objects.filter(pk=interview.pk).exists() and not Passage.objects.exists()
