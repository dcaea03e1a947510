"""Case variables (model, list, sheet) and the indicator import page."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.models import ProjectVariable, VariableValue
from monitor.models import Indicator, Observation

READERS = {"anonymous": 302, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200}


def url(name, project, *args):
    return reverse(name, args=[project.slug, *args])


@pytest.mark.parametrize(
    "kind,raw,expected",
    [
        ("yes_no", "Ja", True),
        ("yes_no", "nee", False),
        ("yes_no", 1, True),
        ("number", "1.234,5", Decimal("1234.5")),
        ("number", 3, Decimal("3")),
        ("date", "15-03-2021", datetime.date(2021, 3, 15)),
        ("date", "2021-03-15", datetime.date(2021, 3, 15)),
        ("text", "  coalitie ", "coalitie"),
        ("text", " ", None),
    ],
)
def test_raw_cells_parse_per_kind(kind, raw, expected):
    assert VariableValue.parse(kind, raw) == expected


@pytest.mark.parametrize(
    "kind,raw,message",
    [
        ("yes_no", "misschien", "‘misschien’ is geen ja/nee-waarde"),
        ("number", "veel", "‘veel’ is geen getal"),
        ("date", "31-02-2021", "‘31-02-2021’ is geen datum"),
    ],
)
def test_bad_cells_raise_a_dutch_error(kind, raw, message):
    with pytest.raises(ValueError, match=message):
        VariableValue.parse(kind, raw)


def test_store_keeps_one_typed_value_per_interview_and_empty_removes_it(project, interview):
    variable = ProjectVariable.objects.create(project=project, name="Inwoners", kind="number")
    VariableValue.store(interview, variable, "12.500")
    VariableValue.store(interview, variable, "13,5")
    value = VariableValue.objects.get()
    assert (value.number, value.display) == (Decimal("13.5"), "13,5")
    VariableValue.store(interview, variable, "")
    assert not VariableValue.objects.exists()


def test_variable_pages_are_for_members(project, check_access):
    check_access("get", url("interviews:variable_list", project), READERS)
    check_access("get", url("interviews:variable_sheet", project), READERS)


def test_coder_adds_a_variable_and_viewer_cannot(project, check_access):
    check_access(
        "post",
        url("interviews:variable_list", project),
        {"anonymous": 302, "outsider": 404, "viewer": 403},
        {"name": "Regio", "kind": "text", "order": 1},
    )
    assert not ProjectVariable.objects.exists()
    check_access(
        "post", url("interviews:variable_list", project), {"coder": 302}, {"name": "Regio", "kind": "text", "order": 1}
    )
    assert ProjectVariable.objects.get().name == "Regio"


def test_duplicate_variable_name_is_refused(project, as_user, owner):
    ProjectVariable.objects.create(project=project, name="Regio")
    response = as_user(owner).post(
        url("interviews:variable_list", project), {"name": "regio", "kind": "text", "order": 0}
    )
    assert response.status_code == 400 and "al een variabele met deze naam" in response.content.decode()
    assert ProjectVariable.objects.count() == 1


def test_deleting_a_variable_needs_write_access(project, check_access):
    variable = ProjectVariable.objects.create(project=project, name="Regio")
    delete = url("interviews:variable_delete", project, variable.pk)
    check_access("post", delete, {"anonymous": 302, "outsider": 404, "viewer": 403})
    assert ProjectVariable.objects.exists()
    check_access("post", delete, {"owner": 302})
    assert not ProjectVariable.objects.exists()


def test_sheet_stores_all_values_or_none(project, interview, as_user, coder, viewer):
    coalition = ProjectVariable.objects.create(project=project, name="Coalitie <script>", kind="yes_no")
    start = ProjectVariable.objects.create(project=project, name="Start", kind="date")
    field = f"v{interview.pk}_"
    version = as_user(coder).get(url("interviews:variable_sheet", project)).context["form"]["version"].value()
    bad = as_user(coder).post(
        url("interviews:variable_sheet", project),
        {f"{field}{coalition.pk}": "ja", f"{field}{start.pk}": "gisteren", "version": version},
    )
    assert bad.status_code == 400 and "‘gisteren’ is geen datum" in bad.content.decode()
    assert not VariableValue.objects.exists()
    good = as_user(coder).post(
        url("interviews:variable_sheet", project),
        {f"{field}{coalition.pk}": "ja", f"{field}{start.pk}": "1-2-2021", "version": version},
    )
    assert good.status_code == 302
    assert VariableValue.objects.get(variable=start).date == datetime.date(2021, 2, 1)
    page = as_user(viewer).get(url("interviews:variable_sheet", project)).content.decode()
    assert 'value="01-02-2021"' in page and "Coalitie &lt;script&gt;" in page
    assert as_user(viewer).post(url("interviews:variable_sheet", project), {}).status_code == 403


def upload(text, name="waarden.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def keeper(owner):
    """The owner, also allowed by the administrator to change the shared indicators."""
    owner.user_permissions.add(Permission.objects.get(codename="add_observation"))
    return User.objects.get(pk=owner.pk)  # a fresh object: permissions are cached per user object


def test_indicator_import_is_for_owners_allowed_to_change_indicators(project, check_access, keeper):
    check_access(
        "get",
        url("interviews:indicator_import", project),
        {"anonymous": 302, "outsider": 404, "viewer": 403, "coder": 403, "owner": 200},
    )


def test_an_owner_without_the_indicator_permission_may_not_import(project, as_user, coder, owner):
    response = as_user(owner).get(url("interviews:indicator_import", project))
    assert response.status_code == 403 and "waarnemingen toevoegen" in response.content.decode()


def test_import_checks_first_and_stores_only_after_confirming(project, as_user, keeper):
    Indicator.objects.create(code="lgg-t", name="Laag gewicht", value_type="percentage")
    client = as_user(keeper)
    report = client.post(
        url("interviews:indicator_import", project),
        {"file": upload("gemeente,lgg-t 2020,lgg-t 2021\nUtrecht,5,6\nNederland,5.5,5.6\n")},
    )
    assert report.status_code == 200 and "4 waarden: 4 nieuw" in report.content.decode()
    assert not Observation.objects.exists()
    done = client.post(url("interviews:indicator_import", project), {"confirm": "1"})
    assert done.status_code == 302
    assert Observation.objects.count() == 4
    again = client.post(url("interviews:indicator_import", project), {"confirm": "1"})
    assert again.status_code == 302 and Observation.objects.count() == 4  # nothing left to confirm


def test_import_report_lists_problems_and_stores_nothing(project, as_user, keeper):
    Indicator.objects.create(code="lgg-t", name="Laag gewicht", value_type="percentage")
    response = as_user(keeper).post(
        url("interviews:indicator_import", project),
        {"file": upload("gemeente,indicator,jaar,waarde\nAmsterdm,lgg-t,2021,5\nUtrecht,lgg-t,2021,140\n")},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Onbekende gemeente ‘Amsterdm’. Bedoelt u: Amsterdam?" in page
    assert "Percentage 140 ligt niet tussen 0 en 100." in page and "Bevestigen" not in page
    assert as_user(keeper).post(url("interviews:indicator_import", project), {"confirm": "1"}).status_code == 302
    assert not Observation.objects.exists()


def test_import_refuses_a_file_that_is_no_sheet(project, as_user, keeper):
    response = as_user(keeper).post(
        url("interviews:indicator_import", project), {"file": upload("%PDF", "rapport.pdf")}
    )
    assert response.status_code == 400 and "alleen CSV (.csv) en Excel (.xlsx)" in response.content.decode()
