import pytest
from django.urls import reverse

from interviews.models import Interview, Passage, Project, Theme
from monitor.models import Municipality

LONG = " ".join(f"woord{i}" for i in range(60))  # 60 words, far more than 200 characters


def url(theme, **params):
    base = reverse("interviews:theme_passages", args=[theme.project.slug, theme.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def code(interview, user, phrase, *themes):
    start = interview.text.index(phrase)
    passage = Passage.select(interview, user, start, start + len(phrase))
    passage.save()
    passage.code(themes)
    return passage


@pytest.fixture
def amsterdam(project, owner, themes):
    """A second interview: a midwife in Amsterdam, 2023, coded by the owner."""
    interview = Interview.objects.create(
        project=project,
        title="Verloskundige Amsterdam",
        text=f"{LONG} Het tekort 👶 aan handen is groot. {LONG}",
        municipality=Municipality.objects.get(code="GM0363"),
        year=2023,
        stakeholder_group="verloskunde",
    )
    code(interview, owner, "tekort 👶 aan handen", themes["personeelstekort"])
    return interview


def titles(response):
    return [p.interview.title for p in response.context["passages"]]


def test_every_member_may_read_a_themes_passages_outsiders_get_404(check_access, passage, themes):
    check_access(
        "get",
        url(themes["samenwerking"]),
        {"anonymous": None, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200},
    )


def test_a_theme_of_another_project_or_a_deleted_theme_is_not_found(as_user, viewer, themes):
    foreign = Theme.objects.create(project=Project.objects.create(name="Ander", slug="ander"), name="vreemd")
    client = as_user(viewer)
    assert client.get(reverse("interviews:theme_passages", args=["ks-test", foreign.pk])).status_code == 404
    gone = url(themes["financiering"])
    themes["financiering"].delete()
    assert client.get(gone).status_code == 404


def test_a_passage_is_listed_with_its_interview_attributes_coder_themes_and_link(as_user, viewer, passage, themes):
    passage.code([themes["financiering"]])
    response = as_user(viewer).get(url(themes["samenwerking"]))
    page = response.content.decode()
    link = reverse("interviews:interview_detail", args=["ks-test", passage.interview_id]) + f"#p{passage.pk}"
    assert f'href="{link}"' in page and "Gemeente Utrecht, wethouder" in page
    assert "Utrecht" in page and "2022" in page and "gemeente" in page and "codeur: cees" in page
    assert "<mark>samenwerking in de coalitie</mark>" in page
    assert [t.name for t in response.context["passages"][0].theme_list] == ["samenwerking", "financiering"]


def test_context_is_cut_at_word_boundaries_and_keeps_an_emoji_whole(as_user, viewer, amsterdam, themes):
    shown = as_user(viewer).get(url(themes["personeelstekort"])).context["passages"][0]
    assert shown.before_cut and shown.after_cut
    assert 0 < len(shown.before) <= 200 and 0 < len(shown.after) <= 200
    assert shown.before.split()[0] in LONG.split() and shown.after.split()[-1] in LONG.split(), "whole words"
    assert shown.before.endswith("woord59 Het ") and shown.after.startswith(" is groot. woord0")
    assert shown.before + shown.text + shown.after in amsterdam.text


def test_context_near_the_start_of_the_text_is_not_cut(as_user, viewer, passage, themes):
    shown = as_user(viewer).get(url(themes["samenwerking"])).context["passages"][0]
    assert shown.before == "Interviewer: Hoe verloopt de " and not shown.before_cut
    assert shown.after.startswith("?\nWethouder: Goed!") and shown.after.endswith(" bij de") and shown.after_cut


def test_subthemes_are_included_only_when_asked(as_user, viewer, passage, amsterdam, themes):
    knelpunten, client = themes["knelpunten"], as_user(viewer)
    code(passage.interview, passage.coder, "een knelpunt", knelpunten)
    assert titles(client.get(url(knelpunten))) == ["Gemeente Utrecht, wethouder"]
    both = client.get(url(knelpunten, subthemes=1))
    assert titles(both) == ["Gemeente Utrecht, wethouder", "Verloskundige Amsterdam"]
    assert "en subthema's" in both.content.decode()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"stakeholder_group": "verloskunde"}, ["Verloskundige Amsterdam"]),
        ({"municipality": "GM0344"}, ["Gemeente Utrecht, wethouder"]),
        ({"year": 2023}, ["Verloskundige Amsterdam"]),
        ({"coder": "cees"}, ["Gemeente Utrecht, wethouder"]),
        ({"year": "nooit"}, ["Gemeente Utrecht, wethouder", "Verloskundige Amsterdam"]),
    ],
)
def test_filters_narrow_the_list(as_user, viewer, passage, amsterdam, themes, coder, params, expected):
    code(passage.interview, coder, "personeelstekort", themes["personeelstekort"])
    lookups = {
        "municipality": lambda code: Municipality.objects.get(code=code).pk,
        "coder": lambda name: coder.pk if name == "cees" else name,
    }
    params = {k: lookups.get(k, lambda v: v)(v) for k, v in params.items()}
    response = as_user(viewer).get(url(themes["personeelstekort"], **params))
    assert response.status_code == 200 and titles(response) == expected


def test_names_with_script_show_as_text(as_user, viewer, project, coder):
    theme = Theme.objects.create(project=project, name="<script>alert(1)</script>")
    interview = Interview.objects.create(project=project, title="<script>t()</script>", text="I: <script>x()</script>")
    code(interview, coder, "<script>x()</script>", theme)
    page = as_user(viewer).get(url(theme)).content.decode()
    assert "<script>alert(1)</script>" not in page and "<script>x()</script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page


def make_passages(project, coder, theme, interviews, per_interview, first=0):
    for n in range(first, first + interviews):
        interview = Interview.objects.create(
            project=project, title=f"Interview {n:02}", text=LONG, stakeholder_group="jgz", year=2022
        )
        for i in range(per_interview):
            code(interview, coder, f"woord{i} ", theme)


def test_the_page_takes_a_fixed_number_of_queries(as_user, viewer, project, coder, themes, django_assert_num_queries):
    theme, client = themes["financiering"], as_user(viewer)
    make_passages(project, coder, theme, 1, 2)
    # The analyses' filters (coders, cases, labels, variables) and the interview count; the context is cut in
    # a query of its own, for the page's passages only; one asks what a blind round hides.
    with django_assert_num_queries(15):
        client.get(url(theme))
    make_passages(project, coder, theme, 6, 10, first=1)
    with django_assert_num_queries(15):
        response = client.get(url(theme, subthemes=1, stakeholder_group="jgz"))
    assert len(response.context["passages"]) == 62


def test_results_come_in_pages_of_a_hundred_keeping_the_filters(as_user, viewer, project, coder, themes):
    theme, client = themes["financiering"], as_user(viewer)
    make_passages(project, coder, theme, 3, 40)
    first = client.get(url(theme, year=2022))
    assert len(first.context["passages"]) == 100 and "120 passages" in first.content.decode()
    assert 'href="?year=2022&amp;pagina=2"' in first.content.decode()
    second = client.get(url(theme, year=2022, pagina=2))
    assert len(second.context["passages"]) == 20
    assert second.context["passages"][-1].interview.title == "Interview 02"
