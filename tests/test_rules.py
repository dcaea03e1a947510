"""Theme rules matched by lemma, the suggestions they make, and what accepting or rejecting does."""

import pytest

from interviews import demo
from interviews.models import Coding, Interview, Origin, Passage, Project, Suggestion, ThemeRule, Token
from interviews.rules import clean_terms, in_context, run_in_project, run_rules
from interviews.textsearch import find, parse_query
from interviews.transcripts.pipeline import create_interview

TEXT = (
    "Interviewer: Hoe wordt het betaald?\n"
    "Wethouder: Uit de impulsgelden. De subsidies stoppen in 2025. Daarna zoeken we ander geld.\n"
    "Interviewer: En de samenwerking?\n"
    "Wethouder: Die gaat goed."
)


@pytest.fixture
def talk(project):
    return create_interview(project, "Rotterdam, wethouder", TEXT, year=2020)


@pytest.fixture
def rule(themes, owner):
    return ThemeRule.objects.create(theme=themes["financiering"], terms="subsidie\nimpulsgeld\ngeld", created_by=owner)


def texts(suggestions, interview):
    return [interview.text[s.start : s.end] for s in suggestions]


@pytest.mark.parametrize(
    "terms, message",
    [
        ("", "minstens één"),
        (" \n ", "minstens één"),
        ("geld\nde", "stopwoorden"),
        ("fin.*", "jokertekens"),
        ("(geld|budget)", "jokertekens"),
        ("\n".join(f"woord{i}" for i in range(51)), "hoogstens 50"),
    ],
)
def test_unusable_terms_are_refused_with_a_message(terms, message):
    with pytest.raises(ValueError, match=message):
        clean_terms(terms)


def test_terms_are_cleaned_one_a_line_each_once():
    assert clean_terms(" geld \nspecifieke   uitkering\ngeld\n") == ["geld", "specifieke uitkering"]


def test_rules_suggest_sentences_by_lemma_with_their_trigger_words(talk, rule):
    run = run_rules([rule], Interview.objects.all())
    assert (run.new, run.created, run.needs_confirmation) == (3, 3, False)
    suggestions = Suggestion.objects.order_by("start")
    assert texts(suggestions, talk) == [
        "Uit de impulsgelden.",
        "De subsidies stoppen in 2025.",
        "Daarna zoeken we ander geld.",
    ]
    assert [talk.text[s:e] for s, e in suggestions[1].triggers] == ["subsidies"]
    assert all(s.status == Suggestion.Status.PENDING for s in suggestions)


def test_a_turn_rule_makes_one_suggestion_per_turn(talk, themes):
    rule = ThemeRule.objects.create(theme=themes["financiering"], terms="geld\nsubsidie", unit="turn")
    run_rules([rule], Interview.objects.all())
    suggestion = Suggestion.objects.get()
    assert talk.text[suggestion.start : suggestion.end].startswith("Wethouder: Uit de impulsgelden.")
    assert len(suggestion.triggers) == 2


def test_a_phrase_matches_only_in_a_row(talk, themes):
    rule = ThemeRule.objects.create(theme=themes["samenwerking"], terms="de samenwerking\ngaat goed")
    run_rules([rule], Interview.objects.all())
    assert texts(Suggestion.objects.order_by("start"), talk) == ["En de samenwerking?", "Die gaat goed."]


def test_running_again_adds_nothing_and_a_rejected_unit_stays_rejected(talk, rule, coder):
    run_rules([rule], Interview.objects.all())
    Suggestion.objects.order_by("start").first().reject(coder)
    assert run_rules([rule], Interview.objects.all()).created == 0
    assert Suggestion.objects.count() == 3


def test_a_unit_already_coded_with_the_theme_gets_no_suggestion(talk, rule, coder):
    start = talk.text.index("De subsidies")
    Passage.code_span(talk, coder, start, start + 12, [rule.theme])
    run_rules([rule], Interview.objects.all())
    assert "De subsidies stoppen in 2025." not in texts(Suggestion.objects.all(), talk)


def test_many_suggestions_wait_for_confirmation(talk, rule, settings):
    settings.SUGGESTION_WARN_AT = 2
    run = run_rules([rule], Interview.objects.all())
    assert (run.new, run.created, run.needs_confirmation) == (3, 0, True)
    assert not Suggestion.objects.exists()
    assert run_rules([rule], Interview.objects.all(), confirmed=True).created == 3


def test_suggestions_are_no_codings_until_accepted(talk, rule, coder):
    run_rules([rule], Interview.objects.all())
    assert not Coding.objects.exists() and not Passage.objects.exists()
    first, second, _third = Suggestion.objects.order_by("start")
    assert first.accept(coder) is True
    assert second.reject(coder) is True
    coding = Coding.objects.get()
    assert (coding.tag, coding.origin, coding.content_object.coder) == (rule.theme, Origin.SUGGESTION, coder)
    assert coding.content_object.text == "Uit de impulsgelden."
    first.refresh_from_db()
    assert (first.status, first.reviewed_by, first.passage) == (
        Suggestion.Status.ACCEPTED,
        coder,
        coding.content_object,
    )


def test_a_suggestion_read_before_a_correction_is_accepted_where_the_text_moved_it(talk, rule, coder, owner):
    from interviews.models import TextVersion
    from interviews.transcripts import corrections

    run_rules([rule], Interview.objects.all())
    stale = Suggestion.objects.select_related("interview").order_by("start").first()  # a page loaded before
    words = talk.text[stale.start : stale.end]
    edit, segments = corrections.prepare(talk, "Inleiding: een nieuwe eerste zin.\n" + talk.text)
    TextVersion.correct(talk, edit, segments, owner, "ervoor")
    assert stale.accept(coder) is True
    passage = Passage.objects.get()
    talk.refresh_from_db()
    assert passage.text == words == talk.text[passage.start : passage.end]


def test_a_suggestion_is_reviewed_once(talk, rule, coder, owner):
    run_rules([rule], Interview.objects.all())
    suggestion = Suggestion.objects.order_by("start").first()
    assert suggestion.accept(coder) is True
    stale = Suggestion.objects.get(pk=suggestion.pk)
    stale.status = Suggestion.Status.PENDING  # a page loaded before the first review
    assert stale.reject(owner) is False and stale.accept(owner) is False
    assert Coding.objects.count() == 1 and Suggestion.objects.get(pk=suggestion.pk).reviewed_by == coder


def test_rule_counts_give_the_precision_so_far(talk, rule, coder):
    run_rules([rule], Interview.objects.all())
    first, second, third = Suggestion.objects.order_by("start")
    first.accept(coder), second.reject(coder), third.reject(coder)
    counted = ThemeRule.objects.with_counts().get()
    assert (counted.pending, counted.accepted, counted.rejected, counted.precision) == (0, 1, 2, 33)
    ThemeRule.objects.create(theme=rule.theme, terms="budget")
    assert ThemeRule.objects.with_counts().order_by("pk").last().precision is None


def test_in_context_marks_the_trigger_words(talk, rule):
    run_rules([rule], Interview.objects.all())
    suggestion = Suggestion.objects.order_by("start")[1]
    before, parts, after = in_context(suggestion, talk.text, width=10)
    assert parts == [("De ", False), ("subsidies", True), (" stoppen in 2025.", False)]
    assert before == "…lsgelden. " and after.startswith(" Daarna")


def test_the_demo_finds_gemeenten_for_gemeente_and_has_funding_suggestions(db):
    project, _created = demo.load()
    assert not project.interviews.filter(tokens=None).exists()
    hits = find(parse_query("gemeente"), project.interviews.all())
    texts_by_id = dict(project.interviews.values_list("pk", "text"))
    assert "gemeenten" in {texts_by_id[h.interview_id][h.start : h.end] for h in hits}
    rule = ThemeRule.objects.get(theme__project=project)
    assert rule.theme.name == "financiering" and rule.suggestions.count() >= 5
    assert demo.load()[1] is False and rule.suggestions.count() == Suggestion.objects.count()
    assert Token.objects.filter(interview__project=project).count() > 3000
    assert Project.objects.get(slug="demo").interviews.count() == project.interviews.count()


def test_running_in_a_project_takes_one_rule_or_all_over_one_interview_or_all(talk, rule, themes, project):
    other = create_interview(project, "Utrecht", "Wethouder: Het geld is op. De samenwerking loopt.", year=2021)
    talks = ThemeRule.objects.create(theme=themes["samenwerking"], terms="samenwerking", created_by=rule.created_by)
    assert run_in_project(project, rule, other).created == 1
    assert set(Suggestion.objects.values_list("rule", "interview")) == {(rule.pk, other.pk)}
    run_in_project(project)
    assert Suggestion.objects.filter(rule=talks).count() == 2 and Suggestion.objects.filter(interview=talk).exists()
