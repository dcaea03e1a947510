"""The demo study answers the questions of the mixed-methods issue from the analysis pages."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from interviews import crosstabs
from interviews.forms.analysis import AnalysisFilterForm
from interviews.models import Project, VariableValue
from monitor.models import Indicator


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return Project.objects.get(slug="demo")


def page(client, demo, name, query, username="ruben"):  # ruben: the viewer, a report writer
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse(f"interviews:{name}", args=[demo.slug]) + "?" + query)
    assert response.status_code == 200
    return response.content.decode()


def unlinked(html):
    """The page without its count links' <a> tags (each count links to its passages; tested in
    test_views_retrieval), so the figures read as the table shows them."""
    return re.sub(r"</?a\b[^>]*>", "", html)


def head(label, n):
    return f'{label}<br><span class="muted">n = {n}'


def test_parent_involvement_where_voorzorg_is_offered(client, demo):
    theme = demo.themes.get(name="ouderbetrokkenheid")
    text = unlinked(page(client, demo, "analysis_indicator", f"indicator=voorzorg&theme={theme.pk}"))
    assert head("ja", 6) in text and head("nee", 3) in text
    assert '<strong>83%</strong><br><span class="muted">5 int.; 8 pass.' in text  # where it is offered
    assert '<strong>33%</strong><br><span class="muted">1 int.; 1 pass.' in text  # where it is not
    assert "Fisher (exact)" in text and "Slechts 9 interviews" in text


def test_collaboration_with_and_without_a_local_coalition_in_the_interview_year(client, demo):
    theme = demo.themes.get(name="samenwerking")
    text = unlinked(page(client, demo, "analysis_indicator", f"indicator=lokale-coalitie&theme={theme.pk}", "lotte"))
    assert head("ja", 6) in text and head("nee", 3) in text
    assert "6 int.; 27 pass.<" in text and "3 int.; 21 pass.<" in text
    assert 'title="4,50/int. (passages per interview)"' in text and 'title="7,00/int.' in text

    study = crosstabs.Study(AnalysisFilterForm({"theme": theme.pk}, project=demo).selection())
    groups = crosstabs.group_by_indicator(study, Indicator.objects.get(code="lokale-coalitie"))
    titles = {group.label: sorted(study.cases[pk].title.split(" — ")[0] for pk in ids) for group, ids in groups}
    assert titles["nee"] == ["Emmen", "Heerlen", "Rozendaal"]
    assert len(titles["ja"]) == 6 and set(titles) == {"ja", "nee"}

    export = page(client, demo, "analysis_indicator", f"indicator=lokale-coalitie&theme={theme.pk}&format=csv")
    assert "ja: % interviews" in export and "nee: % interviews" in export


def test_funding_before_and_after_2021(client, demo):
    theme = demo.themes.get(name="financiering")
    study = crosstabs.Study(AnalysisFilterForm({"theme": theme.pk}, project=demo).selection())
    years = {group.label: ids for group, ids in crosstabs.group_by_attribute(study, "year")}
    before = [pk for year, ids in years.items() if int(year) < 2021 for pk in ids]
    after = [pk for year, ids in years.items() if int(year) > 2021 for pk in ids]
    table = crosstabs.crosstab(
        study,
        [
            (crosstabs.Group("vóór 2021", "vóór 2021", len(before)), before),
            (crosstabs.Group("na 2021", "na 2021", len(after)), after),
        ],
    )
    assert [group.n for group in table.groups] == [3, 4]
    funding = next(row for row in table.rows if row.theme == theme)
    assert [(cell.interviews, cell.passages) for cell in funding.cells] == [(2, 4), (4, 7)]

    text = unlinked(page(client, demo, "analysis_trends", f"indicator=lokale-coalitie&theme={theme.pk}", "lotte"))
    for year, n in ((2019, 1), (2020, 2), (2021, 2), (2022, 2), (2023, 2)):
        assert head(year, n) in text
    assert '100% <span class="muted">(1 int.)</span>' in text and '50% <span class="muted">(1 int.)</span>' in text


def test_funding_per_year_beside_the_coalition_share(client, demo):
    theme = demo.themes.get(name="financiering")
    text = page(client, demo, "analysis_trends", f"indicator=lokale-coalitie&theme={theme.pk}")
    assert "Lokale coalitie Kansrijke Start (landelijk)" in text and "39,8" in text and "11,3" in text
    assert ">2019<" in text and ">2021<" in text and ">2023<" in text


def test_collaboration_by_the_respondents_place_in_the_coalition(client, demo):
    variable = demo.variables.get(name="Respondent in de lokale coalitie")
    theme = demo.themes.get(name="samenwerking")
    text = page(client, demo, "analysis_attribute", f"by=variable:{variable.pk}&theme={theme.pk}")
    assert head("nee", 6) in text and head("ja", 3) in text


def test_loading_the_demo_again_adds_no_second_variable(demo):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert demo.variables.count() == 1
    assert VariableValue.objects.filter(variable__project=demo).count() == 11


def test_the_attribute_table_names_its_attribute_and_warns_once_in_a_note(client, demo):
    text = page(client, demo, "analysis_attribute", "by=stakeholder_group")
    assert "<caption>Thema's × stakeholdergroep:" in text and "<caption>Thema's × vergelijk naar" not in text
    warning = "Slechts 9 interviews: de uitkomst zegt weinig."
    assert text.count(f'id="toets-noot-1"><sup>1</sup> ⚠ {warning}</p>') == 1  # the note under the table, once
    rows = text.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    marked = [row for row in rows if 'href="#toets-noot-1"' in row]
    assert len(marked) == 15 and all(f'<br><span class="warning">⚠ {warning}' not in row for row in rows)
    # a cell: the share, then interviews and passages; the passages per interview under the mouse
    assert re.search(r'<td class="num" title="6,00/int\. \(passages per interview\)"><strong>100%</strong>', text)
