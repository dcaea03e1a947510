"""Blind rounds through every route that shows passages or codings: while the round is open, a coder of the
round (cees) sees nothing of the other coder's (coby's) passages on its interview; the owner always does; a
viewer does (models/rounds.py says why); after closing, cees does too. See tests/round_study.py."""

import io
import zipfile

import pytest
from django.urls import reverse
from round_study import *  # noqa: F403 (the fixtures blind and coby, SECRET)

PEEK_CASES = {"owner": True, "viewer": True, "coder": False}


def get(client, name, project, *args, query=None):
    response = client.get(reverse(f"interviews:{name}", args=[project.slug, *args]), query or {})
    assert response.status_code == 200, (name, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def seen(as_user, user, name, project, *args, query=None, text=SECRET):  # noqa: F405
    return text.encode() in get(as_user(user), name, project, *args, query=query)


def routes(blind, themes):
    samenwerking, talk = themes["samenwerking"].pk, blind["talk"]
    return {
        "interview page (memo, passage data)": ("interview_detail", (talk.pk,), None, "COBY-MEMO"),
        "retrieval": ("theme_passages", (samenwerking,), None, None),
        "quotes": ("theme_quotes", (samenwerking,), None, None),
        "summary preview": ("reports", (), {"quotes": "50"}, None),
        "summary html": ("summary_export", ("html",), {"quotes": "50"}, None),
        "codings csv": ("codings_export", ("csv",), None, None),
        "codings csv filtered": ("codings_export", ("csv",), {"year": ""}, None),
        "exemplar choice": ("analysis_exemplar", (), {"theme": samenwerking, "key": talk.pk, "per": "interview"}, None),
        "activity": ("project_activity", (), None, None),
        "interview activity": ("interview_activity", (talk.pk,), None, None),
        "suggestion queue": ("suggestion_queue", (), None, "Rondegesprek"),
    }


@pytest.mark.parametrize("who", ["owner", "viewer", "coder"])
def test_each_route_hides_the_other_coders_passages_from_a_coder_of_the_open_round(
    as_user, cast, blind, project, themes, who
):
    for label, (name, args, query, text) in routes(blind, themes).items():
        if name.endswith("activity") or name == "suggestion_queue":
            if who == "viewer":
                continue  # writers only
        found = seen(as_user, cast[who], name, project, *args, query=query, text=text or SECRET)  # noqa: F405
        assert found == PEEK_CASES[who], f"{who}, {label}: {'shown' if found else 'hidden'}"


def test_closing_the_round_shows_every_route_to_its_coders(as_user, coder, owner, blind, project, themes):
    blind["round"].close(owner)
    for label, (name, args, query, text) in routes(blind, themes).items():
        assert seen(as_user, coder, name, project, *args, query=query, text=text or SECRET), label  # noqa: F405


def test_search_does_not_count_the_other_coders_codings_as_coded(as_user, coder, owner, blind, project, themes):
    query = {"q": "geheime", "mode": "word", "theme": themes["samenwerking"].pk, "coded": "yes"}
    assert not seen(as_user, coder, "text_search", project, query=query, text="Rondegesprek")
    assert seen(as_user, owner, "text_search", project, query=query, text="Rondegesprek")
    query["coded"] = "no"
    assert seen(as_user, coder, "text_search", project, query=query, text="Rondegesprek")


def test_the_theme_matrix_counts_only_the_coders_own_passages(as_user, coder, owner, blind, project, themes):
    def count(user):
        rows = [row.split(",") for row in get(as_user(user), "analysis_matrix", project).decode().splitlines()]
        return next(row for row in rows if row[1] == "Rondegesprek")[rows[0].index("samenwerking")]

    assert (count(coder), count(owner)) == ("1", "2")


def test_the_qdpx_export_leaves_the_other_coders_passages_out(as_user, coder, owner, blind, project):
    def project_xml(user):
        archive = zipfile.ZipFile(io.BytesIO(get(as_user(user), "qdpx_export", project)))
        return archive.read("project.qde").decode()

    assert "COBY-MEMO" in project_xml(owner) and "COBY-MEMO" not in project_xml(coder)
    assert project_xml(coder).count("<PlainTextSelection") == project_xml(owner).count("<PlainTextSelection") - 1


def test_the_other_coders_passage_cannot_be_starred_or_changed_by_id(as_user, coder, blind, project):
    client = as_user(coder)
    for name in ("passage_set_star", "passage_update", "passage_delete"):
        url = reverse(f"interviews:{name}", args=[project.slug, blind["coby"].pk])
        response = client.post(url, {"starred": "1", "start": 0, "end": 5}, HTTP_ACCEPT="application/json")
        assert response.status_code == 404, name


def test_a_suggestion_on_a_blind_interview_cannot_be_reviewed_by_its_coder(as_user, coder, blind, project):
    url = reverse("interviews:suggestion_review", args=[project.slug, blind["suggestion"].pk])
    assert as_user(coder).post(url, {"decision": "accept"}).status_code == 404


def test_the_interview_list_shows_a_round_coder_only_their_own_progress(as_user, coder, owner, blind, project):
    """The list's per-coder progress and passage counts would tell cees how much coby coded on the round's
    interview: cees sees his own line and 'blinde ronde' instead of the counts; the owner sees both coders."""
    page = get(as_user(coder), "project_detail", project).decode()
    row = page[page.index("Rondegesprek") :].split("</tr>")[0]
    assert "coby" not in row and coder.username in row and "blinde ronde" in row
    row = get(as_user(owner), "project_detail", project).decode().split("Rondegesprek")[1].split("</tr>")[0]
    assert "coby" in row and coder.username in row and "blinde ronde" not in row
