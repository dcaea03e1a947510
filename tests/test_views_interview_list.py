"""The interview list on the project page: filters, sort keys, page sizes, each coder's progress and the
"coded completely" mark a coder sets (issue 15)."""

import re

import pytest
from conftest import code_phrase
from django.urls import reverse

from interviews.models import Action, Interview, InterviewProgress, Subject


@pytest.fixture
def three(project, owner, interview, themes):
    """The fixture's interview (Utrecht 2022, 36 words) and two more, the coder coding one of them."""
    short = Interview.objects.create(project=project, title="ede_kort", text="I: ja\nR: nee", year=2021)
    long = Interview.objects.create(
        project=project, title="Amsterdam lang", text=" ".join(["woord"] * 80), year=2023, stakeholder_group="jgz"
    )
    return interview, short, long


def listed(client, project, query=""):
    response = client.get(reverse("interviews:project_detail", args=[project.slug]) + query)
    page = response.content.decode()
    return response.status_code, re.findall(r'<td><a href="/p/[^/]+/interviews/\d+/">([^<]+)</a></td>', page), page


@pytest.mark.parametrize(
    "query, titles",
    [
        ("", ["Amsterdam lang", "ede_kort", "Gemeente Utrecht, wethouder"]),
        ("?sort=-title", ["Gemeente Utrecht, wethouder", "ede_kort", "Amsterdam lang"]),
        ("?sort=words", ["ede_kort", "Gemeente Utrecht, wethouder", "Amsterdam lang"]),
        ("?sort=-year", ["Amsterdam lang", "Gemeente Utrecht, wethouder", "ede_kort"]),
        ("?sort=municipality", ["Gemeente Utrecht, wethouder", "Amsterdam lang", "ede_kort"]),  # none last
        ("?sort=-passages", ["ede_kort", "Amsterdam lang", "Gemeente Utrecht, wethouder"]),
        ("?title=UTRECHT", ["Gemeente Utrecht, wethouder"]),
        ("?stakeholder_group=jgz&sort=title", ["Amsterdam lang"]),
    ],
)
def test_the_list_sorts_and_filters(as_user, coder, project, three, themes, query, titles):
    code_phrase(three[1], coder, "ja", themes["samenwerking"])
    status, shown, _ = listed(as_user(coder), project, query)
    assert status == 200 and shown == titles


def test_words_are_counted_as_the_text_splits(as_user, coder, project, three):
    page = listed(as_user(coder), project, "?sort=words")[2]
    counts = [
        int(n) for n in re.findall(r'<td class="num">(\d+)</td>\s*<td class="num">\d+</td>\s*<td class="num">', page)
    ]
    assert counts == sorted(interview.word_count for interview in three)


def test_the_sorted_column_says_so_and_links_to_the_other_direction(as_user, coder, project, three):
    page = listed(as_user(coder), project, "?sort=words")[2]
    assert re.search(r'<th scope="col" class="num" aria-sort="ascending"><a href="\?sort=-words">Woorden ▲</a>', page)
    assert page.count("aria-sort=") == 1


@pytest.mark.parametrize(
    "query, message",
    [
        ("?sort=text", "Sorteren kan op titel"),
        ("?sort=" + "x" * 5000, "Sorteren kan op titel"),
        ("?per=5", "minstens 10"),
        ("?per=100000", "hoogstens 200 is"),
        ("?per=abc", "Voer een geheel getal in"),
        ("?title=" + "x" * 201, "niet meer dan 200 tekens"),
        ("?done=misschien", "Selecteer een geldige keuze"),
    ],
)
def test_bad_parameters_are_named_and_the_list_is_shown_unfiltered(as_user, coder, project, three, query, message):
    status, shown, page = listed(as_user(coder), project, query)
    assert status == 400 and message in page and len(shown) == 3


def test_pages_hold_as_many_as_asked(as_user, coder, project, three):
    for n in range(12):
        Interview.objects.create(project=project, title=f"Extra {n:02}", text="I: ja")
    client = as_user(coder)
    assert len(listed(client, project, "?per=10")[1]) == 10
    status, shown, page = listed(client, project, "?per=10&pagina=2")
    assert status == 200 and len(shown) == 5 and "11–15 hieronder" in page
    assert len(listed(client, project, "?per=10&pagina=" + str(2**70))[1]) == 5  # past the end: the last page


def test_each_coders_progress_is_shown_with_their_mark(as_user, coder, owner, project, three, themes):
    interview = three[0]
    code_phrase(interview, coder, "samenwerking", themes["samenwerking"], themes["knelpunten"])
    code_phrase(interview, coder, "financiering", themes["financiering"])
    code_phrase(interview, owner, "coalitie", themes["samenwerking"])
    InterviewProgress.mark(interview, coder, True)
    page = listed(as_user(owner), project, "?title=Utrecht")[2]
    cell = re.search(r'<td class="progress">(.*?)</td>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", cell).split("✓")[0].strip() == "cees 2 passages, 3 thema's ·"
    assert "volledig" in cell and "olga</strong> 1 passage, 1 thema</div>" in cell


def test_a_coder_marks_an_interview_done_and_takes_it_back_and_history_says_so(as_user, coder, project, three):
    interview, client = three[2], as_user(coder)
    url = reverse("interviews:interview_progress", args=[project.slug, interview.pk])
    response = client.post(url, {"done": "1", "next": f"/p/{project.slug}/?sort=words"})
    assert response.status_code == 302 and response["Location"] == f"/p/{project.slug}/?sort=words"
    assert InterviewProgress.objects.get().coder == coder
    assert listed(client, project, "?done=yes")[1] == ["Amsterdam lang"]
    assert "Amsterdam lang" not in listed(client, project, "?done=no")[1]
    client.post(url, {"done": "1"})  # again: no second mark, no second action
    assert InterviewProgress.objects.count() == 1
    client.post(url, {"done": "0", "next": "https://evil.example/"})
    assert not InterviewProgress.objects.exists()
    actions = Action.objects.filter(subject=Subject.INTERVIEW, interview=interview).order_by("pk")
    assert [(a.user, a.before, a.after) for a in actions] == [
        (coder, {"coded_completely": False}, {"coded_completely": True}),
        (coder, {"coded_completely": True}, {"coded_completely": False}),
    ]
    assert actions[0].changes() == [("volledig gecodeerd", "nee", "ja")]


@pytest.mark.parametrize("data", [{}, {"done": "2"}, {"done": "ja"}, {"done": "1", "next": "x" * 3000}])
def test_a_bad_mark_changes_nothing(as_user, coder, project, three, data):
    url = reverse("interviews:interview_progress", args=[project.slug, three[0].pk])
    response = as_user(coder).post(url, data)
    assert response.status_code == 400 and "Er is niets veranderd" in response.content.decode()
    assert not InterviewProgress.objects.exists() and not Action.objects.filter(subject=Subject.INTERVIEW).exists()


def test_marking_is_for_coders_and_owners(check_access, project, three):
    url = reverse("interviews:interview_progress", args=[project.slug, three[0].pk])
    expected = {"anonymous": None, "outsider": 404, "viewer": 403, "coder": 302, "owner": 302}
    check_access("post", url, expected, {"done": "1"})
    check_access("get", url, {"anonymous": None, "outsider": 405, "viewer": 405, "coder": 405, "owner": 405})
    assert InterviewProgress.objects.count() == 2


def test_a_viewer_sees_progress_but_no_mark_buttons(as_user, viewer, project, three):
    page = listed(as_user(viewer), project)[2]
    assert "Voortgang per codeur" in page and "/voortgang/" not in page
