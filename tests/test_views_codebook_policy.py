"""Who may delete, merge and move themes: owners by default, coders too when the owner chooses "team"."""

from html import unescape

import pytest
from conftest import code_phrase
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.models import CodebookPolicy, Coding, Project, Theme

REFUSED = "Alleen een eigenaar kan thema's verwijderen, samenvoegen of verplaatsen."


def url(name, project, theme=None):
    return reverse(name, args=[project.slug] + ([theme.pk] if theme else []))


def set_policy(project, policy):
    project.codebook_policy = policy
    project.save(update_fields=["codebook_policy"])


def move(theme, parent):
    return {"name": theme.name, "colour": theme.colour, "order": theme.order, "parent": parent.pk if parent else ""}


def test_a_new_project_leaves_the_codebook_to_its_owners(owner):
    assert Project.create_for(owner, "Nieuw").codebook_policy == CodebookPolicy.OWNERS


def test_by_default_only_the_owner_may_delete_merge_or_move(project, interview, themes, coder, check_access):
    coded = code_phrase(interview, coder, "coördinatie", themes["samenwerking"])
    theme, other = themes["personeelstekort"], themes["financiering"]
    merged = {"target": other.pk}
    check_access("post", url("interviews:theme_edit", project, theme), {"viewer": 403, "coder": 403}, move(theme, None))
    check_access("post", url("interviews:theme_merge", project, themes["samenwerking"]), {"coder": 403}, merged)
    check_access("post", url("interviews:theme_delete", project, themes["samenwerking"]), {"coder": 403})
    assert Theme.objects.get(pk=theme.pk).parent == themes["knelpunten"]
    assert list(coded.themes.all()) == [themes["samenwerking"]]  # the coder changed nothing
    check_access("post", url("interviews:theme_edit", project, theme), {"owner": 302}, move(theme, None))
    check_access("post", url("interviews:theme_merge", project, themes["samenwerking"]), {"owner": 302}, merged)
    check_access("post", url("interviews:theme_delete", project, other), {"owner": 302})
    assert Theme.objects.get(pk=theme.pk).parent is None
    assert not Theme.objects.filter(pk__in=[other.pk, themes["samenwerking"].pk]).exists()


def test_the_refusal_says_why_in_dutch(project, themes, as_user, coder):
    response = as_user(coder).post(url("interviews:theme_delete", project, themes["financiering"]))
    assert response.status_code == 403
    assert REFUSED in unescape(response.content.decode())


def test_with_the_team_policy_coders_may_too_but_viewers_never(project, themes, check_access):
    set_policy(project, CodebookPolicy.TEAM)
    theme = themes["personeelstekort"]
    check_access("post", url("interviews:theme_edit", project, theme), {"viewer": 403, "coder": 302}, move(theme, None))
    assert Theme.objects.get(pk=theme.pk).parent is None
    merged = {"target": themes["financiering"].pk}
    check_access("post", url("interviews:theme_merge", project, themes["samenwerking"]), {"viewer": 403}, merged)
    check_access("post", url("interviews:theme_merge", project, themes["samenwerking"]), {"coder": 302}, merged)
    check_access("post", url("interviews:theme_delete", project, themes["financiering"]), {"viewer": 403, "coder": 302})
    assert set(project.themes.values_list("name", flat=True)) == {"knelpunten", "personeelstekort"}


def test_a_coder_still_renames_recolours_and_defines_a_theme(project, themes, as_user, coder):
    theme = themes["personeelstekort"]
    data = move(theme, theme.parent) | {"name": "Personeel", "colour": "#123456", "definition": "Te weinig mensen."}
    assert as_user(coder).post(url("interviews:theme_edit", project, theme), data).status_code == 302
    del data["parent"]  # the disabled select is not posted by the browser: the theme stays where it is
    data["name"] = "Personeelstekort"
    assert as_user(coder).post(url("interviews:theme_edit", project, theme), data).status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.colour, theme.definition, theme.parent) == (
        "Personeelstekort",
        "#123456",
        "Te weinig mensen.",
        themes["knelpunten"],
    )


def test_a_coder_still_adds_themes_under_any_parent(project, themes, as_user, coder):
    response = as_user(coder).post(
        url("interviews:codebook", project),
        {"name": "wachtlijst", "colour": "#aabbcc", "parent": themes["knelpunten"].pk},
    )
    assert response.status_code == 302
    assert project.themes.get(name="wachtlijst").parent == themes["knelpunten"]


@pytest.mark.parametrize("policy", CodebookPolicy.values)
def test_the_codebook_shows_each_user_only_the_controls_they_may_use(policy, project, themes, as_user, cast):
    set_policy(project, policy)
    # quoted, as in href="…": the theme's edit URL is also the start of its passages' URL (a count's link)
    merge = f'"{url("interviews:theme_merge", project, themes["financiering"])}"'
    edit = f'"{url("interviews:theme_edit", project, themes["financiering"])}"'
    policy_url = f'"{url("interviews:codebook_policy", project)}"'
    pages = {who: as_user(cast[who]).get(url("interviews:codebook", project)).content.decode() for who in cast}
    assert merge in pages["owner"] and edit in pages["owner"] and policy_url in pages["owner"]
    assert (merge in pages["coder"]) == (policy == CodebookPolicy.TEAM) and edit in pages["coder"]
    assert policy_url not in pages["coder"] and merge not in pages["viewer"] and edit not in pages["viewer"]


def test_the_coder_sees_a_locked_parent_and_no_delete_or_merge_form(project, themes, as_user, coder):
    client = as_user(coder)
    edit = client.get(url("interviews:theme_edit", project, themes["personeelstekort"])).content.decode()
    select = edit[edit.index("<select") : edit.index("</select>")]
    assert 'name="parent"' in select and " disabled" in select
    assert url("interviews:theme_delete", project, themes["personeelstekort"]) not in edit
    delete = client.get(url("interviews:theme_delete", project, themes["financiering"])).content.decode()
    assert f'action="{url("interviews:theme_delete", project, themes["financiering"])}"' not in delete
    assert "Alleen een eigenaar kan dit thema verwijderen" in delete
    merge = client.get(url("interviews:theme_merge", project, themes["financiering"])).content.decode()
    assert 'name="target"' not in merge and "Alleen een eigenaar kan dit thema samenvoegen" in merge


def test_only_the_owner_sets_the_policy(project, check_access):
    policy_url = url("interviews:codebook_policy", project)
    team = {"codebook_policy": "team"}
    check_access("post", policy_url, {"anonymous": 302, "outsider": 404, "viewer": 403, "coder": 403}, team)
    project.refresh_from_db()
    assert project.codebook_policy == CodebookPolicy.OWNERS
    check_access("post", policy_url, {"owner": 302}, team)
    project.refresh_from_db()
    assert project.codebook_policy == CodebookPolicy.TEAM


def test_an_unknown_policy_changes_nothing_and_says_so(project, as_user, owner):
    response = as_user(owner).post(
        url("interviews:codebook_policy", project), {"codebook_policy": "iedereen"}, follow=True
    )
    assert "Kies wie thema's mag verwijderen" in unescape(response.content.decode())
    project.refresh_from_db()
    assert project.codebook_policy == CodebookPolicy.OWNERS


def test_a_refused_merge_moves_no_coding(project, interview, themes, coder, as_user):
    coded = code_phrase(interview, coder, "coördinatie", themes["samenwerking"])
    as_user(coder).post(
        url("interviews:theme_merge", project, themes["samenwerking"]), {"target": themes["financiering"].pk}
    )
    assert Coding.objects.filter(tag=themes["samenwerking"], content_object=coded).exists()


def codebook_file(text):
    return {"file": SimpleUploadedFile("codeboek.csv", text.encode("utf-8"))}


def test_a_codebook_import_cannot_move_themes_for_a_coder_either(project, themes, as_user, coder, owner):
    moving = "naam,bovenliggend thema\npersoneelstekort,\nwachtlijst,knelpunten\n"
    response = as_user(coder).post(url("interviews:codebook_import", project), codebook_file(moving))
    assert response.status_code == 400
    assert "Alleen een eigenaar kan thema's verplaatsen; dit codeboek zet “personeelstekort”" in unescape(
        response.content.decode()
    )
    assert Theme.objects.get(pk=themes["personeelstekort"].pk).parent == themes["knelpunten"]
    assert not project.themes.filter(name="wachtlijst").exists()
    adding = "naam,bovenliggend thema\npersoneelstekort,knelpunten\nwachtlijst,knelpunten\n"
    assert as_user(coder).post(url("interviews:codebook_import", project), codebook_file(adding)).status_code == 302
    assert as_user(owner).post(url("interviews:codebook_import", project), codebook_file(moving)).status_code == 302
    assert Theme.objects.get(pk=themes["personeelstekort"].pk).parent is None
