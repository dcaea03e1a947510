"""The demo study answers the questions of the mixed-methods issue from the analysis pages."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from interviews.models import Project, VariableValue


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return Project.objects.get(slug="demo")


def page(client, demo, name, query):
    client.force_login(User.objects.get(username="ruben"))  # the viewer, a report writer
    return client.get(reverse(name, args=[demo.slug]) + "?" + query).content.decode()


def test_parent_involvement_where_voorzorg_is_offered(client, demo):
    theme = demo.themes.get(name="ouderbetrokkenheid")
    text = page(client, demo, "analysis_indicator", f"indicator=voorzorg&theme={theme.pk}")
    assert "ja<br><span class=\"muted\">n = 4" in text and "nee<br><span class=\"muted\">n = 1" in text
    assert "Fisher (exact)" in text and "Slechts 5 interviews" in text


def test_funding_per_year_beside_the_coalition_share(client, demo):
    theme = demo.themes.get(name="financiering")
    text = page(client, demo, "analysis_trends", f"indicator=lokale-coalitie&theme={theme.pk}")
    assert "Lokale coalitie Kansrijke Start (landelijk)" in text and "39,8" in text
    assert ">2021<" in text and ">2023<" in text


def test_collaboration_by_the_respondents_place_in_the_coalition(client, demo):
    variable = demo.variables.get(name="Respondent in de lokale coalitie")
    theme = demo.themes.get(name="samenwerking")
    text = page(client, demo, "analysis_attribute", f"by=variable:{variable.pk}&theme={theme.pk}")
    assert "nee<br><span class=\"muted\">n = 3" in text and "ja<br><span class=\"muted\">n = 2" in text


def test_loading_the_demo_again_adds_no_second_variable(demo):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert demo.variables.count() == 1
    assert VariableValue.objects.filter(variable__project=demo).count() == 8
