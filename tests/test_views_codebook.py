"""The codebook page: the theme tree with counts, and creating, editing, merging and deleting themes."""

import pytest
from conftest import code_phrase
from django.urls import reverse

from interviews.models import Coding, Interview, Memo, Project, Theme

WRITERS = ["coder", "owner"]


def url(name, project, theme=None):
    return reverse(name, args=[project.slug] + ([theme.pk] if theme else []))


def team_codebook(project):
    project.codebook_policy = "team"
    project.save(update_fields=["codebook_policy"])


@pytest.fixture
def second_interview(project, owner):
    return Interview.objects.create(project=project, title="Verloskundige", text="Er is een personeelstekort.")


@pytest.fixture
def foreign_theme(db):
    other = Project.objects.create(name="Ander project", slug="ander")
    return Theme.objects.create(project=other, name="vreemd")


# --- the codebook page and creating themes ---


def test_every_member_can_read_the_codebook_but_outsiders_cannot(project, themes, check_access):
    check_access(
        "get",
        url("interviews:codebook", project),
        {"anonymous": 302, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200},
    )


def test_codebook_shows_the_tree_nested_in_codebook_order(project, themes, as_user, viewer):
    html = as_user(viewer).get(url("interviews:codebook", project)).content.decode()
    order = [html.index(f">{name}<") for name in ["samenwerking", "knelpunten", "personeelstekort", "financiering"]]
    assert order == sorted(order)
    nested = html[html.index(">knelpunten<") : html.index(">personeelstekort<")]
    assert '<ul class="theme-tree">' in nested  # the child sits in a list inside its parent's item
    assert 'style="background-color: #eb5757"' in html and ">knelpunten<" in html  # swatch and name


def test_codebook_shows_own_and_subtree_counts(project, interview, second_interview, themes, coder, as_user):
    code_phrase(interview, coder, "personeelstekort", themes["knelpunten"], themes["personeelstekort"])
    code_phrase(second_interview, coder, "personeelstekort", themes["personeelstekort"])
    html = as_user(coder).get(url("interviews:codebook", project)).content.decode()
    row = html[html.index(">knelpunten<") : html.index(">personeelstekort<")]
    assert ">1 passage in 1 interview</a>;" in row  # each count links to its passages
    assert "met subthema's: 2 passages in 2 interviews" in row


def test_viewer_sees_no_create_form_and_cannot_add_a_theme(project, themes, as_user, viewer, check_access):
    assert b"Thema toevoegen" not in as_user(viewer).get(url("interviews:codebook", project)).content
    check_access(
        "post",
        url("interviews:codebook", project),
        {"anonymous": 302, "outsider": 404, "viewer": 403},
        data={"name": "nieuw", "colour": "#123456"},
    )
    assert not Theme.objects.filter(name="nieuw").exists()


@pytest.mark.parametrize("who", WRITERS)
def test_coder_and_owner_can_add_a_theme_under_a_parent(who, project, themes, as_user, cast):
    response = as_user(cast[who]).post(
        url("interviews:codebook", project),
        {
            "name": "wachtlijst",
            "colour": "#123456",
            "parent": themes["knelpunten"].pk,
            "definition": "Wachten.",
        },
    )
    assert response.status_code == 302
    theme = Theme.objects.get(project=project, name="wachtlijst")
    assert (theme.parent, theme.colour, theme.definition) == (themes["knelpunten"], "#123456", "Wachten.")
    assert theme.order > themes["personeelstekort"].order  # after its siblings


def test_theme_name_is_unique_per_project_whatever_the_case(project, themes, as_user, coder):
    response = as_user(coder).post(url("interviews:codebook", project), {"name": "Samenwerking", "colour": "#123456"})
    assert response.status_code == 400
    assert "Er is al een thema" in response.content.decode()
    assert Theme.objects.filter(project=project).count() == 4


def test_renaming_to_an_existing_name_keeps_the_stored_name(project, themes, as_user, coder):
    response = as_user(coder).post(
        url("interviews:theme_edit", project, themes["financiering"]),
        {"name": "KNELPUNTEN", "colour": "#27ae60", "order": 3},
    )
    assert response.status_code == 400
    assert "Thema “financiering”" in response.content.decode()
    assert Theme.objects.get(pk=themes["financiering"].pk).name == "financiering"


def test_a_parent_from_another_project_is_refused(project, themes, foreign_theme, as_user, coder):
    response = as_user(coder).post(
        url("interviews:codebook", project), {"name": "nieuw", "colour": "#123456", "parent": foreign_theme.pk}
    )
    assert response.status_code == 400
    assert not Theme.objects.filter(name="nieuw").exists()
    assert "vreemd" not in response.content.decode()


def test_script_in_a_theme_name_shows_as_text(project, themes, as_user, viewer):
    Theme.objects.create(project=project, name="<script>alert(1)</script>", definition="<b>vet</b>")
    html = as_user(viewer).get(url("interviews:codebook", project)).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>vet</b>" not in html


def test_codebook_needs_a_fixed_number_of_queries(project, interview, coder, as_user, django_assert_max_num_queries):
    parent = None
    for n in range(30):
        parent = Theme.objects.create(project=project, name=f"thema {n}", parent=parent if n % 3 else None)
        code_phrase(interview, coder, "samenwerking", parent)
    client = as_user(coder)
    with django_assert_max_num_queries(6):
        response = client.get(url("interviews:codebook", project))
    assert response.content.decode().count('<span class="swatch"') == 30


# --- editing ---


def test_members_can_see_a_theme_but_only_writers_can_change_it(project, themes, check_access):
    theme_url = url("interviews:theme_edit", project, themes["samenwerking"])
    check_access("get", theme_url, {"anonymous": 302, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200})
    check_access(
        "post",
        theme_url,
        {"anonymous": 302, "outsider": 404, "viewer": 403},
        data={"name": "hernoemd", "colour": "#000000", "order": 1},
    )
    assert Theme.objects.get(pk=themes["samenwerking"].pk).name == "samenwerking"


@pytest.mark.parametrize("who", WRITERS)
def test_coder_and_owner_can_rename_recolour_move_and_reorder(who, project, themes, as_user, cast):
    team_codebook(project)  # coders restructure only when the owner allows it; test_views_codebook_policy.py
    theme = themes["personeelstekort"]
    response = as_user(cast[who]).post(
        url("interviews:theme_edit", project, theme),
        {
            "name": "Personeel",
            "colour": "#ABCDEF",
            "parent": "",
            "definition": "Tekort aan mensen.",
            "order": 9,
        },
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.colour, theme.parent, theme.definition, theme.order) == (
        "Personeel",
        "#abcdef",
        None,
        "Tekort aan mensen.",
        9,
    )


def test_a_theme_may_change_the_case_of_its_own_name(project, themes, as_user, coder):
    response = as_user(coder).post(
        url("interviews:theme_edit", project, themes["financiering"]),
        {"name": "Financiering", "colour": "#27ae60", "order": 3},
    )
    assert response.status_code == 302
    assert Theme.objects.get(pk=themes["financiering"].pk).name == "Financiering"


@pytest.mark.parametrize("target", ["knelpunten", "personeelstekort"])
def test_a_theme_cannot_move_under_itself_or_its_descendant(target, project, themes, as_user, owner):
    theme = themes["knelpunten"]
    response = as_user(owner).post(
        url("interviews:theme_edit", project, theme),
        {"name": "knelpunten", "colour": "#eb5757", "order": 2, "parent": themes[target].pk},
    )
    assert response.status_code == 400
    assert "niet onder zichzelf of onder een eigen subthema" in response.content.decode()
    theme.refresh_from_db()
    assert theme.parent is None


def test_a_forged_parent_from_another_project_gives_a_form_error(project, themes, foreign_theme, as_user, owner):
    theme = themes["samenwerking"]
    response = as_user(owner).post(
        url("interviews:theme_edit", project, theme),
        {"name": "samenwerking", "colour": "#2d9cdb", "order": 1, "parent": foreign_theme.pk},
    )
    assert response.status_code == 400
    theme.refresh_from_db()
    assert theme.parent is None


def test_themes_of_another_project_are_not_found(project, foreign_theme, as_user, owner):
    client = as_user(owner)
    for name in ["interviews:theme_edit", "interviews:theme_merge", "interviews:theme_delete"]:
        assert client.get(url(name, project, foreign_theme)).status_code == 404
        assert client.post(url(name, project, foreign_theme)).status_code == 404
    assert Theme.objects.filter(pk=foreign_theme.pk).exists()


# --- merging ---


def test_members_can_open_merge_but_only_writers_can_merge(project, themes, check_access):
    merge_url = url("interviews:theme_merge", project, themes["financiering"])
    check_access("get", merge_url, {"anonymous": 302, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200})
    check_access(
        "post",
        merge_url,
        {"anonymous": 302, "outsider": 404, "viewer": 403},
        data={"target": themes["samenwerking"].pk},
    )
    assert Theme.objects.filter(pk=themes["financiering"].pk).exists()


@pytest.mark.parametrize("who", WRITERS)
def test_merge_moves_codings_without_duplicating_them(who, project, interview, themes, passage, coder, as_user, cast):
    team_codebook(project)  # coders restructure only when the owner allows it; test_views_codebook_policy.py
    other = code_phrase(interview, coder, "financiering", themes["financiering"])
    passage.code([themes["financiering"]])  # already has samenwerking, the target
    response = as_user(cast[who]).post(
        url("interviews:theme_merge", project, themes["financiering"]),
        {"target": themes["samenwerking"].pk},
        follow=True,
    )
    assert "1 codering verplaatst" in response.content.decode()
    assert not Theme.objects.filter(pk=themes["financiering"].pk).exists()
    assert Coding.objects.filter(tag=themes["samenwerking"], content_object=passage).count() == 1
    assert Coding.objects.filter(tag=themes["samenwerking"], content_object=other).count() == 1


def test_a_theme_cannot_merge_into_its_own_subtree(project, themes, as_user, owner):
    response = as_user(owner).post(
        url("interviews:theme_merge", project, themes["knelpunten"]), {"target": themes["personeelstekort"].pk}
    )
    assert response.status_code == 400
    assert Theme.objects.filter(pk=themes["knelpunten"].pk).exists()


def test_a_theme_cannot_merge_into_another_project(project, themes, foreign_theme, as_user, owner):
    response = as_user(owner).post(
        url("interviews:theme_merge", project, themes["samenwerking"]), {"target": foreign_theme.pk}
    )
    assert response.status_code == 400
    assert Theme.objects.filter(pk=themes["samenwerking"].pk).exists()


# --- deleting ---


def test_members_can_see_the_delete_page_but_only_writers_can_delete(project, themes, check_access):
    delete_url = url("interviews:theme_delete", project, themes["financiering"])
    check_access("get", delete_url, {"anonymous": 302, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200})
    check_access("post", delete_url, {"anonymous": 302, "outsider": 404, "viewer": 403})
    assert Theme.objects.filter(pk=themes["financiering"].pk).exists()


def test_deleting_a_used_theme_asks_first_and_offers_a_merge(project, interview, themes, passage, as_user, cast):
    code_phrase(interview, cast["coder"], "coördinatie", themes["samenwerking"])
    response = as_user(cast["owner"]).get(url("interviews:theme_delete", project, themes["samenwerking"]))
    html = " ".join(response.content.decode().split())
    assert "gebruikt bij 2 passages in 1 interview" in html
    assert f'action="{url("interviews:theme_delete", project, themes["samenwerking"])}"' in html
    assert f'action="{url("interviews:theme_merge", project, themes["samenwerking"])}"' in html
    assert Coding.objects.filter(tag=themes["samenwerking"]).count() == 2  # nothing happened on GET


@pytest.mark.parametrize("who", WRITERS)
def test_deleting_removes_the_codings_and_moves_children_up(who, project, interview, themes, as_user, cast, coder):
    team_codebook(project)  # coders restructure only when the owner allows it; test_views_codebook_policy.py
    coded = code_phrase(interview, coder, "knelpunt", themes["knelpunten"], themes["personeelstekort"])
    Memo.objects.create(project=project, theme=themes["knelpunten"], title="m", text="t", author=coder)
    response = as_user(cast[who]).post(url("interviews:theme_delete", project, themes["knelpunten"]))
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=themes["knelpunten"].pk).exists()
    assert Theme.objects.get(pk=themes["personeelstekort"].pk).parent is None
    assert list(coded.themes.all()) == [themes["personeelstekort"]]


def test_deleting_an_unused_theme_is_a_plain_confirmation(project, themes, as_user, owner):
    html = as_user(owner).get(url("interviews:theme_delete", project, themes["financiering"])).content.decode()
    assert "nog bij geen enkele passage gebruikt" in html
    assert url("interviews:theme_merge", project, themes["financiering"]) not in html
