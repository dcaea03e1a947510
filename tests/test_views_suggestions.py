"""Theme rules, running them, and the keyboard review queue, for every member of the cast."""

import pytest
from django.urls import reverse

from interviews.models import Coding, Interview, Origin, Project, Suggestion, ThemeRule
from interviews.rules import run_rules
from interviews.transcripts.pipeline import create_interview

TEXT = (
    "Interviewer: Hoe wordt het betaald?\n"
    "Wethouder: Uit de impulsgelden. De subsidies stoppen in 2025. Daarna zoeken we ander geld."
)


@pytest.fixture
def talk(project):
    return create_interview(project, "Rotterdam, wethouder", TEXT)


@pytest.fixture
def rule(themes, owner):
    return ThemeRule.objects.create(theme=themes["financiering"], terms="subsidie\ngeld", created_by=owner)


@pytest.fixture
def suggestions(talk, rule):
    run_rules([rule], Interview.objects.all())
    return list(Suggestion.objects.order_by("start"))


def url(name, project, *args):
    return reverse(name, args=[project.slug, *args])


def test_rule_page_and_queue_access(check_access, project, suggestions):
    expected = {"anonymous": None, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200}
    check_access("get", url("interviews:rule_list", project), expected)
    check_access("get", url("interviews:suggestion_queue", project), expected)


def test_writing_rules_access(check_access, project, talk, rule, themes):
    writers = {"anonymous": None, "outsider": 404, "viewer": 403, "coder": 302, "owner": 302}
    check_access(
        "post",
        url("interviews:rule_list", project),
        writers,
        {"theme": themes["samenwerking"].pk, "terms": "overleg", "unit": "sentence"},
    )
    check_access("post", url("interviews:rules_run", project), writers, {"rule": rule.pk})
    assert Suggestion.objects.count() == 2
    check_access(
        "post",
        url("interviews:rule_delete", project, rule.pk),
        {"anonymous": None, "outsider": 404, "viewer": 403, "coder": 302},
    )
    assert not ThemeRule.objects.filter(pk=rule.pk).exists() and not Suggestion.objects.exists()


def test_review_access(check_access, project, suggestions):
    check_access(
        "post",
        url("interviews:suggestion_review", project, suggestions[0].pk),
        {"anonymous": None, "outsider": 404, "viewer": 403, "coder": 302, "owner": 302},
        {"decision": "accept"},
    )
    assert Coding.objects.get().content_object.coder.username == "cees"  # the first reviewer's coding


def test_a_new_rule_is_saved_with_its_author(as_user, coder, project, themes):
    response = as_user(coder).post(
        url("interviews:rule_list", project),
        {"theme": themes["financiering"].pk, "terms": "budget\n\nspecifieke uitkering\nbudget", "unit": "turn"},
    )
    assert response.status_code == 302
    rule = ThemeRule.objects.get()
    assert (rule.term_list(), rule.unit, rule.created_by) == (["budget", "specifieke uitkering"], "turn", coder)


@pytest.mark.parametrize("terms, message", [("de\nhet", "stopwoorden"), ("geld.*", "jokertekens"), ("", "verplicht")])
def test_a_bad_rule_is_refused_with_a_message(as_user, coder, project, themes, terms, message):
    response = as_user(coder).post(
        url("interviews:rule_list", project), {"theme": themes["financiering"].pk, "terms": terms, "unit": "sentence"}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not ThemeRule.objects.exists()


def test_a_theme_of_another_project_cannot_get_a_rule(as_user, owner, project):
    other = Project.objects.create(name="Ander", slug="ander")
    theme = other.themes.create(name="geheim")
    response = as_user(owner).post(
        url("interviews:rule_list", project), {"theme": theme.pk, "terms": "geld", "unit": "sentence"}
    )
    assert response.status_code == 400 and not ThemeRule.objects.exists()


def test_running_rules_leads_to_the_queue(as_user, coder, project, talk, rule):
    response = as_user(coder).post(url("interviews:rules_run", project), {"interview": talk.pk})
    assert response.status_code == 302 and response["Location"] == url("interviews:suggestion_queue", project)
    assert Suggestion.objects.count() == 2


def test_a_rule_that_matches_too_much_asks_first(as_user, coder, project, talk, rule, settings):
    settings.SUGGESTION_WARN_AT = 1
    client = as_user(coder)
    response = client.post(url("interviews:rules_run", project), {"rule": rule.pk})
    assert response.status_code == 200 and "dit maakt 2 nieuwe suggesties" in response.content.decode()
    assert not Suggestion.objects.exists()
    assert client.post(url("interviews:rules_run", project), {"rule": rule.pk, "confirm": "on"}).status_code == 302
    assert Suggestion.objects.count() == 2


def test_running_rules_without_interviews_or_rules_says_so(as_user, owner, project, themes):
    client = as_user(owner)
    response = client.post(url("interviews:rules_run", project), {})
    assert response.status_code == 400 and "nog geen interviews" in response.content.decode()
    create_interview(project, "Een", "Geld is op.")
    response = client.post(url("interviews:rules_run", project), {})
    assert response.status_code == 400 and "Maak eerst een regel" in response.content.decode()


def test_queue_shows_the_suggestion_with_its_trigger_words_and_keys(as_user, coder, project, suggestions):
    page = as_user(coder).get(url("interviews:suggestion_queue", project)).content.decode()
    assert "2 suggesties te beoordelen" in page
    assert "De <mark>subsidies</mark> stoppen in 2025." in page
    assert 'accesskey="a"' in page and 'accesskey="r"' in page and "review.js" in page
    assert url("interviews:suggestion_review", project, suggestions[0].pk) in page


def test_viewer_sees_the_queue_without_review_buttons(as_user, viewer, project, suggestions):
    page = as_user(viewer).get(url("interviews:suggestion_queue", project)).content.decode()
    assert "<mark>subsidies</mark>" in page and 'accesskey="a"' not in page


def test_accepting_makes_the_reviewers_coding_and_rejecting_counts(as_user, coder, project, rule, suggestions):
    client = as_user(coder)
    response = client.post(url("interviews:suggestion_review", project, suggestions[0].pk), {"decision": "accept"})
    assert response.status_code == 302
    client.post(
        url("interviews:suggestion_review", project, suggestions[1].pk), {"decision": "reject", "regel": rule.pk}
    )
    coding = Coding.objects.get()
    assert (coding.origin, coding.tag, coding.content_object.coder) == (Origin.SUGGESTION, rule.theme, coder)
    assert coding.content_object.text == "De subsidies stoppen in 2025."
    page = client.get(url("interviews:rule_list", project)).content.decode()
    assert '<td class="num">1</td>' in page and "50%" in page
    assert "Geen suggesties meer" in client.get(url("interviews:suggestion_queue", project)).content.decode()


def test_skipping_shows_the_next_suggestion(as_user, coder, project, suggestions):
    page = as_user(coder).get(url("interviews:suggestion_queue", project) + f"?na={suggestions[0].pk}").content.decode()
    assert "ander <mark>geld</mark>" in page


def test_a_bad_decision_or_a_foreign_suggestion_is_refused(as_user, coder, owner, project, suggestions):
    response = as_user(coder).post(
        url("interviews:suggestion_review", project, suggestions[0].pk), {"decision": "misschien"}
    )
    assert response.status_code == 400 and "Kies accepteren of afwijzen" in response.content.decode()
    other = Project.objects.create(name="Ander", slug="ander")
    other.memberships.create(user=coder, role="coder")
    assert (
        as_user(coder)
        .post(url("interviews:suggestion_review", other, suggestions[0].pk), {"decision": "accept"})
        .status_code
        == 404
    )
    assert not Coding.objects.exists()
    assert Suggestion.objects.filter(status=Suggestion.Status.PENDING).count() == 2
