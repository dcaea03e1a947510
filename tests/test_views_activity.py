"""The activity page (per project and per interview) and its XLSX export: who may see it, its filters, bad
filter values (a Dutch form error, never a 500), links to passages that still exist, and a fixed query count."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import Action, Passage


def url(name, project, *args):
    return reverse(f"interviews:{name}", args=[project.slug, *args])


@pytest.fixture
def log(project, interview, themes, passage, owner, coder):
    """Three actions: the coder coded a passage (yesterday), the owner renamed a theme and deleted a memo."""
    yesterday = timezone.now() - datetime.timedelta(days=1)
    coded = Action.record(
        project, coder, "passage", "create", subject_id=passage.pk, label=passage.text, interview=interview,
        after={"start": passage.start, "end": passage.end, "themes": [themes["samenwerking"].pk]},
    )  # fmt: skip
    Action.objects.filter(pk=coded.pk).update(at=yesterday)
    theme = themes["knelpunten"]
    renamed = Action.record(
        project, owner, "theme", "update", subject_id=theme.pk, label="knelpunten",
        before={"name": "problemen"}, after={"name": "knelpunten"},
    )  # fmt: skip
    memo = Action.record(project, owner, "memo", "delete", subject_id=99, label="Oud", before={"title": "Oud"})
    return {"coded": coded, "renamed": renamed, "memo": memo}


def rows(response):
    return [action.pk for action in response.context["actions"]]


@pytest.mark.parametrize("name", ["project_activity", "activity_export"])
def test_owners_and_coders_see_the_project_activity_and_viewers_do_not(name, project, check_access):
    args = ["xlsx"] if name == "activity_export" else []
    check_access(
        "get", url(name, project, *args), {"owner": 200, "coder": 200, "viewer": 403, "outsider": 404, "anonymous": 0}
    )


def test_the_interview_activity_has_the_same_rule(project, interview, check_access):
    expected = {"owner": 200, "coder": 200, "viewer": 403, "outsider": 404, "anonymous": 0}
    check_access("get", url("interview_activity", project, interview.pk), expected)


def test_newest_first_with_who_what_and_before_after(project, log, as_user, coder):
    response = as_user(coder).get(url("project_activity", project))
    assert rows(response) == [log["memo"].pk, log["renamed"].pk, log["coded"].pk]
    page = response.content.decode()
    assert "wijzigde thema “knelpunten”" in page and "problemen → knelpunten" in page
    assert "verwijderde memo “Oud”" in page and "olga" in page and "cees" in page


def test_a_passage_that_still_exists_gets_a_link_and_a_deleted_one_not(
    project, interview, log, passage, as_user, coder
):
    link = f"{url('interview_detail', project, interview.pk)}#p{passage.pk}"
    assert link in as_user(coder).get(url("project_activity", project)).content.decode()
    Passage.objects.filter(pk=passage.pk).delete()
    assert link not in as_user(coder).get(url("project_activity", project)).content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("user={coder}", ["coded"]),
        ("user={owner}", ["memo", "renamed"]),
        ("interview={interview}", ["coded"]),
        ("theme={theme}", ["renamed"]),
        ("theme={coded_theme}", ["coded"]),
        ("subject=memo", ["memo"]),
        ("verb=update", ["renamed"]),
        ("since={today}", ["memo", "renamed"]),
        ("until={yesterday}", ["coded"]),
        ("since={yesterday}&until={yesterday}&subject=passage", ["coded"]),
        ("since=0001-01-01&until=9999-12-31", ["memo", "renamed", "coded"]),
        ("since=0001-01-02&until=9999-12-30", ["memo", "renamed", "coded"]),
    ],
)
def test_each_filter_narrows_the_list(project, interview, themes, log, owner, coder, as_user, query, expected):
    today = timezone.localdate()
    values = {"coder": coder.pk, "owner": owner.pk, "interview": interview.pk, "theme": themes["knelpunten"].pk}
    values["coded_theme"] = themes["samenwerking"].pk
    values |= {"today": today, "yesterday": today - datetime.timedelta(days=1)}
    response = as_user(owner).get(url("project_activity", project) + "?" + query.format(**values))
    assert response.status_code == 200
    assert rows(response) == [log[key].pk for key in expected]


@pytest.mark.parametrize(
    "query",
    [
        "user=2361183241434822606848",
        "interview=abc",
        "theme=-1",
        "subject=alles",
        "verb=hack",
        "since=2024-13-45",
        "until=gisteren",
        "since=2025-02-01&until=2025-01-01",
        "pagina=99999999999999999999999",
    ],
)
def test_bad_filter_values_give_a_dutch_form_error_not_a_500(project, log, as_user, coder, query):
    response = as_user(coder).get(url("project_activity", project) + "?" + query)
    export = as_user(coder).get(url("activity_export", project, "xlsx") + "?" + query)
    if query.startswith("pagina"):
        assert response.status_code == 200 and export.status_code == 200
        return
    assert response.status_code == 400 and export.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and ("Selecteer een geldige keuze" in page or "datum" in page)
    assert rows(response) == []


def test_a_user_of_another_project_is_no_choice(project, log, as_user, coder, outsider):
    response = as_user(coder).get(url("project_activity", project) + f"?user={outsider.pk}")
    assert response.status_code == 400


def test_the_interview_page_shows_only_its_own_actions(project, interview, log, as_user, coder):
    response = as_user(coder).get(url("interview_activity", project, interview.pk))
    assert rows(response) == [log["coded"].pk] and "interview" not in response.context["form"].fields


def test_fifty_a_page(project, owner, as_user):
    Action.objects.bulk_create(
        Action(project=project, user=owner, subject="theme", verb="update", label=f"t{n}") for n in range(51)
    )
    client = as_user(owner)
    assert len(rows(client.get(url("project_activity", project)))) == 50
    assert len(rows(client.get(url("project_activity", project) + "?pagina=2"))) == 1


def test_the_query_count_does_not_grow_with_the_rows(project, interview, passage, owner, as_user):
    client = as_user(owner)

    def make(n):
        for _ in range(n):
            Action.record(project, owner, "passage", "update", subject_id=passage.pk, interview=interview)

    make(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url("project_activity", project))
    make(40)
    with CaptureQueriesContext(connection) as more:
        client.get(url("project_activity", project))
    assert len(few) == len(more) <= 11, [q["sql"] for q in more]  # 11: one asks which interviews a round hides


def test_the_export_has_every_filtered_action_as_a_row(project, log, as_user, owner):
    response = as_user(owner).get(url("activity_export", project, "xlsx") + f"?user={owner.pk}")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('activiteit.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Wanneer", "Wie", "Bron", "Wat"]
    assert [row[3] for row in values[1:]] == ["verwijderde memo “Oud”", "wijzigde thema “knelpunten”"]
    assert values[2][5] == "naam: problemen → knelpunten"


def test_the_export_is_only_xlsx(project, as_user, owner):
    assert as_user(owner).get(url("activity_export", project, "csv")).status_code == 404


def test_writers_find_the_activity_from_the_project_and_interview_pages(project, interview, as_user, coder, viewer):
    activity = url("interview_activity", project, interview.pk)
    assert activity in as_user(coder).get(url("interview_detail", project, interview.pk)).content.decode()
    assert url("project_activity", project) in as_user(coder).get(url("project_detail", project)).content.decode()
    assert activity not in as_user(viewer).get(url("interview_detail", project, interview.pk)).content.decode()


def test_the_coding_endpoints_actions_read_as_what_changed(project, interview, themes, as_user, coder):
    client = as_user(coder)
    create = reverse("interviews:passage_create", args=[project.slug, interview.pk])
    data = {"start": 0, "end": 11, "theme": themes["knelpunten"].pk}
    assert client.post(create, data, HTTP_ACCEPT="application/json").status_code == 201
    passage = Passage.objects.get()
    themes_url = reverse("interviews:passage_add_themes", args=[project.slug, passage.pk])
    client.post(themes_url, {"theme": themes["financiering"].pk}, HTTP_ACCEPT="application/json")
    page = client.get(url("interview_activity", project, interview.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "knelpunten, financiering" in html  # theme names, not [id, origin, coded_at] lists
    assert html.count(">begin:<") == 1  # the recode shows the themes it changed, not the span it kept
