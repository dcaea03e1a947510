"""The inputs issue 13 found answering 500 or taken too leniently (findings 4 and 8), each by name."""

import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.models import Memo, Passage
from interviews.spans import Offsets
from monitor import indicator_sheets
from monitor.models import Observation

HUGE = str(2**70)
JSON = {"HTTP_ACCEPT": "application/json"}


def url(name, project, *args):
    return reverse(f"interviews:{name}", args=[project.slug, *args])


@pytest.mark.parametrize("name", ["reports", "summary_export", "codings_export"])
def test_a_theme_id_past_any_integer_is_a_form_error_for_the_report_and_its_exports(name, as_user, viewer, passage):
    args = {"summary_export": ["md"], "codings_export": ["csv"]}.get(name, [])
    response = as_user(viewer).get(url(name, passage.interview.project, *args), {"themes": HUGE})
    assert response.status_code in (200, 400), response.status_code


@pytest.mark.parametrize("query", [{"na": HUGE}, {"na": "abc"}, {"regel": "abc"}, {"regel": HUGE}, {"na": "-1"}])
def test_the_suggestion_queue_ignores_ids_that_cannot_be(query, as_user, viewer, project):
    assert as_user(viewer).get(url("suggestion_queue", project), query).status_code == 200


def test_the_quote_picker_does_not_find_a_row_past_any_integer(as_user, viewer, passage, themes):
    query = {"theme": themes["samenwerking"].pk, "key": HUGE, "per": "interview"}
    assert as_user(viewer).get(url("analysis_exemplar", passage.interview.project), query).status_code == 404


@pytest.mark.parametrize("theme", [HUGE, "-1", "abc", "0"])
def test_a_theme_that_cannot_be_is_a_dutch_400_for_the_coding_endpoints(theme, as_user, coder, interview, passage):
    client = as_user(coder)
    create = client.post(
        url("passage_create", interview.project, interview.pk), {"start": 0, "end": 5, "theme": theme}, **JSON
    )
    add = client.post(url("passage_add_themes", interview.project, passage.pk), {"theme": theme}, **JSON)
    for response in (create, add):
        assert response.status_code == 400 and "thema" in response.json()["error"]
    assert Passage.objects.count() == 1


@pytest.mark.parametrize("back", ["abc", "https://evil.example/", "//evil.example/x"])
def test_the_star_endpoint_sends_a_next_that_is_no_path_of_ours_back_to_the_interview(back, as_user, coder, passage):
    response = as_user(coder).post(
        url("passage_set_star", passage.interview.project, passage.pk), {"starred": "1", "next": back}
    )
    assert response.status_code == 302 and response["Location"].startswith(passage.interview.get_absolute_url())
    passage.refresh_from_db()
    assert passage.starred


def test_indicator_csv_bytes_that_are_no_text_are_a_dutch_error(project, as_user, owner):
    with pytest.raises(indicator_sheets.SheetError, match="UTF-8"):
        indicator_sheets.read_sheets(io.BytesIO(b"gemeente,lgg 2020\nUtrecht,\x81\x8d\n"), "lgg.csv")
    owner.user_permissions.add(Permission.objects.get(codename="add_observation"))
    upload = SimpleUploadedFile("lgg.csv", b"gemeente,lgg 2020\nUtrecht,\x81\x8d\n", content_type="text/csv")
    response = as_user(owner).post(url("indicator_import", project), {"file": upload})
    assert response.status_code in (200, 400) and "UTF-8" in response.content.decode()
    assert not Observation.objects.exists()


# --- finding 8: the coding API takes the same checks for both units, a memo limit and JSON bodies ---


def _create(client, interview, **data):
    return client.post(url("passage_create", interview.project, interview.pk), data, **JSON)


@pytest.mark.parametrize("start,end", [(0, 10**6), (-1, 4), (5, HUGE)])
@pytest.mark.parametrize("unit", ["codepoint", "utf16"])
def test_offsets_outside_the_text_are_a_400_in_either_unit(start, end, unit, as_user, coder, interview, themes):
    response = _create(as_user(coder), interview, start=start, end=end, unit=unit, theme=themes["samenwerking"].pk)
    assert response.status_code == 400 and response.json()["error"]
    assert not Passage.objects.exists()


def test_an_empty_selection_inside_an_emoji_is_a_400_not_the_emoji(as_user, coder, interview, themes):
    inside = Offsets(interview.text).to_utf16(interview.text.index("🤝")) + 1
    response = _create(
        as_user(coder), interview, start=inside, end=inside, unit="utf16", theme=themes["samenwerking"].pk
    )
    assert response.status_code == 400 and "leeg" in response.json()["error"]
    assert not Passage.objects.exists()


def test_a_memo_past_the_limit_is_refused_everywhere_and_nothing_is_stored(settings, as_user, coder, passage, themes):
    settings.MEMO_MAX_CHARS = 100
    client, project, interview = as_user(coder), passage.interview.project, passage.interview
    long = "x" * 101
    create = _create(client, interview, start=0, end=5, theme=themes["samenwerking"].pk, memo=long)
    update = client.post(url("passage_update", project, passage.pk), {"memo": long}, **JSON)
    for response in (create, update):
        assert response.status_code == 400 and "hoogstens 100 tekens" in response.json()["error"]
    memo = client.post(url("memo_create", project), {"title": "Lang", "text": long})
    assert memo.status_code in (200, 400) and "hoogstens 100 tekens" in memo.content.decode()
    assert Passage.objects.get().memo == "" and not Memo.objects.exists()
    assert (
        _create(client, interview, start=0, end=5, theme=themes["samenwerking"].pk, memo="x" * 100).status_code == 201
    )


def test_a_json_body_is_read_as_the_form(as_user, coder, interview, themes):
    start = interview.text.index("samenwerking")
    body = {
        "start": start,
        "end": start + 12,
        "theme": [themes["samenwerking"].pk],
        "memo": "via JSON",
        "in_vivo": False,
    }
    response = as_user(coder).post(
        url("passage_create", interview.project, interview.pk),
        json.dumps(body),
        content_type="application/json",
        **JSON,
    )
    assert response.status_code == 201, response.content
    passage = Passage.objects.get()
    assert (passage.text, passage.memo) == ("samenwerking", "via JSON")
    star = as_user(coder).post(
        url("passage_set_star", interview.project, passage.pk),
        '{"starred": true}',
        content_type="application/json",
        **JSON,
    )
    assert star.status_code == 200 and Passage.objects.get().starred


@pytest.mark.parametrize("body", ["{kapot", "[1, 2]", '{"theme": {"id": 1}}', "\x81"])
def test_a_json_body_that_is_no_form_is_a_dutch_400_as_json(body, as_user, coder, interview):
    response = as_user(coder).post(
        url("passage_create", interview.project, interview.pk), body, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["error"]
    assert not Passage.objects.exists()


def test_a_body_of_another_type_is_refused_with_415_never_ignored(as_user, coder, interview, passage):
    response = as_user(coder).post(
        url("passage_update", interview.project, passage.pk), "memo=weg", content_type="text/plain", **JSON
    )
    assert response.status_code == 415 and "application/json" in response.json()["error"]
    passage.refresh_from_db()
    assert passage.memo == ""
