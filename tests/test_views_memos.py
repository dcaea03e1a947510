from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview, Memo, Project, Theme

pytestmark = pytest.mark.django_db

ALL_READ = {"anonymous": None, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200}


@pytest.fixture
def memos(project, owner, coder, interview, themes):
    """One memo per subject: the owner's on the project and theme, the coder's on the interview."""
    now = timezone.now()
    return {
        "project": Memo.objects.create(
            project=project, title="Opzet", text="Waarom deze studie.", author=owner, created_at=now - timedelta(days=2)
        ),
        "interview": Memo.objects.create(
            project=project,
            interview=interview,
            title="Indruk wethouder",
            text="Positief over de coalitie.",
            author=coder,
            created_at=now - timedelta(days=1),
        ),
        "theme": Memo.objects.create(
            project=project,
            theme=themes["knelpunten"],
            title="Afbakening knelpunten",
            text="Alleen knelpunten in de uitvoering.",
            author=owner,
            created_at=now,
        ),
    }


def url(name, project, *args):
    return reverse(name, args=[project.slug, *args])


def test_every_member_sees_the_memo_list(project, memos, check_access):
    check_access("get", url("interviews:memo_list", project), ALL_READ)


def test_memo_list_shows_newest_first_with_subject_author_and_date(project, memos, interview, viewer, as_user):
    page = as_user(viewer).get(url("interviews:memo_list", project)).content.decode()
    assert page.index("Afbakening knelpunten") < page.index("Indruk wethouder") < page.index("Opzet")
    assert reverse("interviews:interview_detail", args=[project.slug, interview.pk]) in page
    assert "thema <a" in page and "het project" in page and "cees" in page and "olga" in page
    assert str(timezone.localtime(memos["theme"].created_at).year) in page


@pytest.mark.parametrize(
    "about, shown", [("project", "Opzet"), ("interview", "Indruk wethouder"), ("theme", "Afbakening knelpunten")]
)
def test_memo_list_filters_by_subject(project, memos, viewer, as_user, about, shown):
    page = as_user(viewer).get(url("interviews:memo_list", project), {"about": about}).content.decode()
    titles = {"Opzet", "Indruk wethouder", "Afbakening knelpunten"}
    assert shown in page
    assert not any(title in page for title in titles - {shown})


def test_memo_list_hides_memos_of_other_projects(project, memos, owner, as_user):
    other = Project.objects.create(name="Ander project", slug="ander")
    Memo.objects.create(project=other, title="Geheime memo", text="x", author=owner)
    assert "Geheime memo" not in as_user(owner).get(url("interviews:memo_list", project)).content.decode()


def test_viewers_get_no_write_links(project, memos, viewer, as_user):
    page = as_user(viewer).get(url("interviews:memo_list", project)).content.decode()
    assert "memo schrijven" not in page and "bewerken" not in page


def test_only_coders_and_owners_can_open_the_memo_form(project, check_access):
    check_access("get", url("interviews:memo_create", project), {**ALL_READ, "viewer": 403})


def test_only_coders_and_owners_can_write_a_memo(project, check_access):
    expected = {"anonymous": None, "outsider": 404, "viewer": 403, "coder": 302, "owner": 302}
    check_access("post", url("interviews:memo_create", project), expected, data={"title": "Notitie", "text": "Tekst"})
    assert list(Memo.objects.values_list("author__username", flat=True).order_by("author__username")) == [
        "cees",
        "olga",
    ]


def test_a_project_memo_goes_back_to_the_memo_list(project, coder, as_user):
    response = as_user(coder).post(
        url("interviews:memo_create", project), {"title": "Eerste indruk", "text": "Rijk materiaal."}
    )
    memo = Memo.objects.get()
    assert response["Location"] == url("interviews:memo_list", project)
    assert (memo.title, memo.author, memo.interview, memo.theme) == ("Eerste indruk", coder, None, None)


def test_a_memo_on_an_interview_goes_back_to_the_interview(project, interview, coder, as_user):
    response = as_user(coder).post(
        f"{url('interviews:memo_create', project)}?interview={interview.pk}", {"title": "Toon", "text": "Open gesprek."}
    )
    assert Memo.objects.get().interview == interview
    assert response["Location"] == url("interviews:interview_detail", project, interview.pk)


def test_a_memo_on_a_theme_goes_back_to_the_codebook(project, themes, owner, as_user):
    theme = themes["financiering"]
    response = as_user(owner).post(
        f"{url('interviews:memo_create', project)}?theme={theme.pk}", {"title": "Grens", "text": "Geld."}
    )
    assert Memo.objects.get().theme == theme
    assert response["Location"] == url("interviews:codebook", project)


def test_the_form_names_the_subject(project, interview, coder, as_user):
    page = as_user(coder).get(url("interviews:memo_create", project), {"interview": interview.pk}).content.decode()
    assert "interview <a" in page and interview.title in page


@pytest.mark.parametrize(
    "query",
    ["interview={other_interview}", "theme={other_theme}", "interview=999999", "theme=abc", "interview=&theme="],
)
def test_a_subject_outside_the_project_is_not_found(project, owner, coder, as_user, query):
    other = Project.objects.create(name="Ander project", slug="ander")
    ids = {
        "other_interview": Interview.objects.create(project=other, title="Elders", text="x").pk,
        "other_theme": Theme.objects.create(project=other, name="elders").pk,
    }
    response = as_user(coder).post(
        f"{url('interviews:memo_create', project)}?{query.format(**ids)}", {"title": "T", "text": "x"}
    )
    assert response.status_code == 404
    assert not Memo.objects.exists()


def test_a_memo_cannot_be_about_an_interview_and_a_theme(project, interview, themes, coder, as_user):
    query = f"?interview={interview.pk}&theme={themes['knelpunten'].pk}"
    response = as_user(coder).post(url("interviews:memo_create", project) + query, {"title": "T", "text": "x"})
    assert response.status_code == 400 and not Memo.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "", "text": "Tekst"}, "Geef de memo een titel."),
        ({"title": "Titel", "text": "  "}, "Een memo zonder tekst"),
    ],
)
def test_an_empty_title_or_text_is_refused(project, coder, as_user, data, message):
    response = as_user(coder).post(url("interviews:memo_create", project), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Memo.objects.exists()


def test_script_in_a_memo_is_shown_as_text(project, coder, viewer, as_user):
    as_user(coder).post(
        url("interviews:memo_create", project), {"title": "<script>t()</script>", "text": "<script>x()</script>"}
    )
    page = as_user(viewer).get(url("interviews:memo_list", project)).content.decode()
    assert "<script>" not in page
    assert "&lt;script&gt;t()&lt;/script&gt;" in page and "&lt;script&gt;x()&lt;/script&gt;" in page


def test_who_may_edit_a_memo_by_someone_else(project, memos, check_access):
    memo_url = url("interviews:memo_edit", project, memos["project"].pk)  # written by the owner
    check_access("get", memo_url, {"anonymous": None, "outsider": 404, "viewer": 403, "coder": 403, "owner": 200})
    check_access("post", memo_url, {"outsider": 404, "viewer": 403, "coder": 403}, data={"title": "X", "text": "Y"})
    assert Memo.objects.get(pk=memos["project"].pk).title == "Opzet"


def test_the_author_edits_their_own_memo(project, memos, interview, coder, as_user):
    memo = memos["interview"]
    response = as_user(coder).post(
        url("interviews:memo_edit", project, memo.pk), {"title": "Nieuwe titel", "text": "Nieuw."}
    )
    memo.refresh_from_db()
    assert (memo.title, memo.text, memo.author, memo.interview) == ("Nieuwe titel", "Nieuw.", coder, interview)
    assert response["Location"] == url("interviews:interview_detail", project, interview.pk)


def test_an_owner_edits_someone_elses_memo_and_the_author_stays(project, memos, owner, coder, as_user):
    memo = memos["interview"]
    as_user(owner).post(url("interviews:memo_edit", project, memo.pk), {"title": "Door eigenaar", "text": "Aangevuld."})
    memo.refresh_from_db()
    assert (memo.title, memo.author) == ("Door eigenaar", coder)


def test_editing_with_an_empty_title_changes_nothing(project, memos, coder, as_user):
    memo = memos["interview"]
    response = as_user(coder).post(url("interviews:memo_edit", project, memo.pk), {"title": "", "text": "Weg"})
    assert response.status_code == 400
    memo.refresh_from_db()
    assert (memo.title, memo.text) == ("Indruk wethouder", "Positief over de coalitie.")


def test_a_memo_of_another_project_is_not_found(project, owner, as_user):
    other = Project.objects.create(name="Ander project", slug="ander")
    foreign = Memo.objects.create(project=other, title="Elders", text="x", author=owner)
    client = as_user(owner)
    assert client.get(url("interviews:memo_edit", project, foreign.pk)).status_code == 404
    assert client.post(url("interviews:memo_delete", project, foreign.pk)).status_code == 404
    assert Memo.objects.filter(pk=foreign.pk).exists()


def test_who_may_delete_a_memo_by_someone_else(project, memos, check_access):
    memo_url = url("interviews:memo_delete", project, memos["theme"].pk)  # written by the owner
    check_access("get", memo_url, {"anonymous": None, "outsider": 404, "viewer": 403, "coder": 403, "owner": 200})
    check_access("post", memo_url, {"anonymous": None, "outsider": 404, "viewer": 403, "coder": 403})
    assert Memo.objects.filter(pk=memos["theme"].pk).exists()


def test_the_delete_page_asks_for_confirmation(project, memos, coder, as_user):
    memo = memos["interview"]
    page = as_user(coder).get(url("interviews:memo_delete", project, memo.pk)).content.decode()
    assert "Weet u zeker" in page and memo.title in page
    assert Memo.objects.filter(pk=memo.pk).exists()


def test_the_author_deletes_their_own_memo(project, memos, coder, as_user):
    memo = memos["interview"]
    response = as_user(coder).post(url("interviews:memo_delete", project, memo.pk))
    assert response.status_code == 302 and not Memo.objects.filter(pk=memo.pk).exists()


def test_an_owner_deletes_someone_elses_memo(project, memos, owner, as_user):
    memo = memos["interview"]
    response = as_user(owner).post(url("interviews:memo_delete", project, memo.pk), follow=True)
    assert not Memo.objects.filter(pk=memo.pk).exists()
    assert "is verwijderd" in response.content.decode()
