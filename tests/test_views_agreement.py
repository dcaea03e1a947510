"""The agreement page and its exports: who may read it, the figures of the hand-worked study
(tests/agreement_study.py), bad choices in words, and a blind round's coder kept from the figures."""

import io

import docx
import openpyxl
import pytest
from agreement_study import build
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from round_study import *  # noqa: F403 (the fixtures blind and coby)

from interviews.models import Interview


@pytest.fixture
def study(project, owner):
    coders, interviews, themes = build(project, owner)
    return {"coders": coders, "interviews": interviews, "themes": themes}


def page(project):
    return reverse("interviews:agreement", args=[project.slug])


def choice(study, **extra):
    return {"coders": [user.pk for user in study["coders"]], **extra}


def test_viewers_coders_and_owners_read_it_outsiders_do_not_find_it(project, study, check_access):
    expected = {"anonymous": 302, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200}
    check_access("get", page(project), expected, data=choice(study))


def test_page_shows_each_level_with_its_unit_the_coders_and_the_reading(project, study, as_user, viewer):
    response = as_user(viewer).get(page(project), choice(study))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Aanwezigheid per interview", "Per eenheid", "Continuüm", "eenheid: het interview (n = 4)",
                 "eenheid: sprekersbeurten (n = 8)", "80 tekens", "Cohen&#x27;s κ", "-0,333",
                 "-0,167", "0,062", "50,0%", "33,3%", "niet aanvaardbaar", "<strong>anna</strong>",
                 "Geen enkele codeur markeerde", "Krippendorff (2004"):  # fmt: skip
        assert text in html, text
    assert 'class="sortable agreement"' in html and "sort_table.js" in html


def test_first_visit_asks_for_a_choice_without_a_table(project, study, as_user, owner):
    response = as_user(owner).get(page(project))
    assert response.status_code == 200 and b"Kies minstens twee codeurs" in response.content
    assert b"<table" not in response.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"coders": "first"}, "minstens twee codeurs"),
        ({"coders": "none"}, "minstens twee codeurs"),
        ({"themes": "zorg-only", "uncoded": True}, "“Interview 4”"),
        ({"coders": "unknown"}, "is geen geldige waarde"),
        ({"unit": "paragraph"}, "Selecteer een geldige keuze"),
        ({"interviews": "other-project"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_choices_get_a_message_not_a_nan_table(project, study, as_user, owner, data, message, interview):
    query = choice(study)
    if data.get("coders") == "first":
        query["coders"] = [study["coders"][0].pk]
    elif data.get("coders") == "none":
        query = {"unit": "turn"}
    elif data.get("coders") == "unknown":
        query["coders"] = [study["coders"][0].pk, 2**70]
    if data.get("uncoded"):  # chosen by name: an interview nobody coded is then a mistake to point out
        study["interviews"][3].passages.all().delete()
        query["themes"] = [study["themes"][0].pk]
        query["interviews"] = [i.pk for i in study["interviews"]]
    if "unit" in data:
        query["unit"] = data["unit"]
    if data.get("interviews"):
        other = type(project).objects.create(name="Ander", slug="ander")
        query["interviews"] = [type(interview).objects.create(project=other, title="x", text="x", created_by=owner).pk]
    response = as_user(owner).get(page(project), query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "niet te berekenen" not in html and 'class="sortable' not in html


def test_xlsx_export_opens_with_a_sheet_per_level_and_the_method(project, study, as_user, viewer):
    response = as_user(viewer).get(page(project), choice(study, format="xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="ks-test-overeenstemming.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Over deze export", "Aanwezigheid per interview", "Per eenheid", "Continuüm"]
    about = {row[0]: row[1] for row in book["Over deze export"].iter_rows(values_only=True)}
    assert about["Codeurs"] == "anna, bram" and "Cohen's κ (Cohen, 1960)" in about["Methode"]
    rows = list(book["Per eenheid"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Thema", "n", "aangeraakt", "α nominaal")
    assert rows[1][:6] == ("zorg", 8, 6, 0.0625, 50.0, 33.3333)
    assert rows[2][0] == "wonen" and rows[2][3].startswith("Alle codeurs gaven overal dezelfde waarde")


def test_docx_export_opens_with_the_methods_paragraph_and_tables(project, study, as_user, viewer):
    response = as_user(viewer).get(page(project), choice(study, format="docx"))
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "De overeenstemming tussen de codeurs anna, bram is berekend over 4 interviews en 2 thema's" in text
    assert "α ≥ 0,800 als aanvaardbaar" in text
    assert len(document.tables) == 3
    assert [c.text for c in document.tables[0].rows[1].cells][:4] == ["zorg", "4", "-0,333", "-0,167"]


def test_a_coder_of_an_open_round_sees_no_figures_until_it_closes(project, blind, as_user, coder, owner, viewer):
    query = {"round": blind["round"].pk}
    closed = as_user(coder).get(page(project), query)
    assert closed.status_code == 400 and "open ronde" in closed.content.decode()
    assert b"<table" not in closed.content
    for user in (owner, viewer):
        assert as_user(user).get(page(project), query).status_code == 200
    blind["round"].close(owner)
    opened = as_user(coder).get(page(project), query)
    assert opened.status_code == 200 and b"<strong>coby</strong>" in opened.content


def test_the_page_takes_as_many_queries_for_forty_interviews_as_for_four(project, study, as_user, owner):
    # Each interview once loaded one by one (the form's interviews were read with only() through the project's
    # related manager, which then fetched each one's project_id): 404 queries at bench scale.
    client = as_user(owner)
    client.get(page(project), choice(study))  # the session and the caches warm
    with CaptureQueriesContext(connection) as four:
        assert client.get(page(project), choice(study)).status_code == 200
    text = study["interviews"][0].text
    for n in range(36):
        Interview.objects.create(project=project, title=f"Extra {n}", text=text, created_by=owner)
    with CaptureQueriesContext(connection) as forty:
        response = client.get(page(project), choice(study))
    assert response.status_code == 200  # nobody coded the extras: with no interviews chosen they are left out
    assert len(forty) <= len(four) < 25, [query["sql"][:120] for query in forty]


def test_with_no_interviews_chosen_only_those_the_coders_coded_are_compared(project, study, as_user, owner):
    """A project always has interviews nobody coded yet (the bench's imports found it: the page answered 400)."""
    text = study["interviews"][0].text
    Interview.objects.create(project=project, title="Nog niet gecodeerd", text=text, created_by=owner)
    response = as_user(owner).get(page(project), choice(study))
    assert response.status_code == 200
    compared = {pk for pk, _title in response.context["report"].interviews}
    assert compared == {interview.pk for interview in study["interviews"]}
