"""The case-variable sheet saves only the cells that were posted and refuses a sheet a colleague changed meanwhile."""

from html import unescape

import pytest
from django.urls import reverse

from interviews.models import Interview, ProjectVariable, VariableValue


@pytest.fixture
def sheet(project, interview):
    """Eleven stored values: one interview × eleven text variables."""
    variables = [ProjectVariable.objects.create(project=project, name=f"Kenmerk {n}", order=n) for n in range(11)]
    for n, variable in enumerate(variables):
        VariableValue.store(interview, variable, f"waarde {n}")
    return variables


def sheet_url(project):
    return reverse("interviews:variable_sheet", args=[project.slug])


def cell(interview, variable):
    return f"v{interview.pk}_{variable.pk}"


def load(client, project):
    """The sheet as the browser gets it: every cell and the hidden version."""
    form = client.get(sheet_url(project)).context["form"]
    return {name: form[name].value() for name in form.fields}


def stored(interview):
    return {v.variable.name: v.display for v in interview.variable_values.select_related("variable")}


def test_posting_one_cell_keeps_the_other_ten(project, interview, sheet, as_user, coder):
    client = as_user(coder)
    version = load(client, project)["version"]
    response = client.post(sheet_url(project), {cell(interview, sheet[3]): "nieuw", "version": version})
    assert response.status_code == 302
    values = stored(interview)
    assert len(values) == 11 and values["Kenmerk 3"] == "nieuw" and values["Kenmerk 10"] == "waarde 10"


def test_an_empty_posted_cell_clears_that_value_only(project, interview, sheet, as_user, coder):
    client = as_user(coder)
    version = load(client, project)["version"]
    assert client.post(sheet_url(project), {cell(interview, sheet[0]): "", "version": version}).status_code == 302
    assert len(stored(interview)) == 10 and "Kenmerk 0" not in stored(interview)


def test_the_whole_sheet_posted_back_changes_only_what_was_edited(project, interview, sheet, as_user, coder):
    client = as_user(coder)
    data = load(client, project) | {cell(interview, sheet[5]): "anders"}
    assert client.post(sheet_url(project), data).status_code == 302
    assert stored(interview) == {f"Kenmerk {n}": "anders" if n == 5 else f"waarde {n}" for n in range(11)}


def test_the_second_of_two_colleagues_is_refused_and_the_first_keeps_everything(
    project, interview, sheet, as_user, coder, owner
):
    second = Interview.objects.create(project=project, title="Wethouder", text="Tekst.")
    first_client, second_client = as_user(owner), as_user(coder)
    first_sheet, second_sheet = load(first_client, project), load(second_client, project)
    first_sheet |= {cell(interview, sheet[1]): "van de eigenaar", cell(second, sheet[2]): "ook nieuw"}
    assert first_client.post(sheet_url(project), first_sheet).status_code == 302
    second_sheet |= {cell(interview, sheet[4]): "van de codeur"}
    response = second_client.post(sheet_url(project), second_sheet)
    assert response.status_code == 409
    html = unescape(response.content.decode())
    assert "iemand anders heeft intussen 2 waarden gewijzigd" in html
    assert "Interview 1 — Kenmerk 1: “waarde 1” → “van de eigenaar”" in html.replace(interview.title, "Interview 1")
    assert "Wethouder — Kenmerk 2: “(leeg)” → “ook nieuw”" in html
    values = stored(interview)
    assert values["Kenmerk 1"] == "van de eigenaar" and values["Kenmerk 4"] == "waarde 4"  # nothing of the second
    assert stored(second) == {"Kenmerk 2": "ook nieuw"}
    form = response.context["form"]  # the sheet now shows the colleague's values and keeps the coder's own edit
    assert form[cell(interview, sheet[1])].value() == "van de eigenaar"
    assert form[cell(interview, sheet[4])].value() == "van de codeur"
    again = {name: form[name].value() for name in form.fields}
    assert second_client.post(sheet_url(project), again).status_code == 302
    assert stored(interview)["Kenmerk 4"] == "van de codeur" and stored(interview)["Kenmerk 1"] == "van de eigenaar"


def test_a_cleared_value_counts_as_a_change_meanwhile(project, interview, sheet, as_user, coder, owner):
    late = load(as_user(coder), project)
    VariableValue.objects.filter(variable=sheet[7]).delete()
    response = as_user(coder).post(sheet_url(project), late | {cell(interview, sheet[0]): "x"})
    assert response.status_code == 409 and "“waarde 7” → “(leeg)”" in unescape(response.content.decode())
    assert stored(interview)["Kenmerk 0"] == "waarde 0"


@pytest.mark.parametrize("version", [None, "", "oud", "[1, 2]"])
def test_a_sheet_without_a_readable_version_is_refused(version, project, interview, sheet, as_user, coder):
    data = {cell(interview, sheet[0]): "x"} | ({} if version is None else {"version": version})
    response = as_user(coder).post(sheet_url(project), data)
    assert response.status_code == 400
    assert "Dit blad mist zijn versie" in unescape(response.content.decode())
    assert stored(interview)["Kenmerk 0"] == "waarde 0"


def test_a_bad_cell_stores_nothing_even_with_a_fresh_version(project, interview, as_user, coder):
    number = ProjectVariable.objects.create(project=project, name="Aantal", kind="number")
    text = ProjectVariable.objects.create(project=project, name="Notitie")
    client = as_user(coder)
    data = load(client, project) | {cell(interview, number): "veel", cell(interview, text): "goed"}
    assert client.post(sheet_url(project), data).status_code == 400
    assert not VariableValue.objects.exists()
