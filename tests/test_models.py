"""The invariants the database itself keeps, and the behaviour on the models."""

import pytest
from django.db import IntegrityError, transaction

from interviews.models import Coding, Interview, Passage, Project, Theme
from monitor.models import Indicator, Municipality, Observation


def test_all_342_cbs_municipalities_are_loaded(db):
    assert Municipality.objects.count() == 342
    assert Municipality.objects.get(code="GM0363").name == "Amsterdam"
    assert Municipality.objects.get(code="GM0080").province == "Fryslân"


def test_passage_copies_exactly_the_selected_text(interview, coder):
    start = interview.text.index("verloskundigen 🤝")
    passage = Passage.select(interview, coder, start, start + len("verloskundigen 🤝"))
    passage.save()
    passage.refresh_from_db()
    assert interview.text[passage.start : passage.end] == passage.text == "verloskundigen 🤝"


@pytest.mark.parametrize("start, end", [(-1, 5), (5, 5), (9, 3), (0, 10_000)])
def test_a_span_outside_the_text_is_refused(interview, coder, start, end):
    with pytest.raises(ValueError):
        Passage.select(interview, coder, start, end)


@pytest.mark.parametrize("start, end", [(5, 5), (9, 3)])
def test_the_database_refuses_a_passage_whose_start_is_not_before_its_end(interview, coder, start, end):
    with pytest.raises(IntegrityError), transaction.atomic():
        Passage.objects.create(interview=interview, coder=coder, start=start, end=end, text="x")


def test_theme_names_are_unique_per_project_ignoring_case(project, themes):
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(project=project, name="Samenwerking")
    other = Project.objects.create(name="Ander project", slug="ander")
    assert Theme.objects.create(project=other, name="samenwerking").slug == "samenwerking"


def test_a_passage_is_coded_with_a_theme_once(passage, themes):
    passage.code([themes["samenwerking"]])
    assert Coding.objects.filter(content_object=passage).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Coding.objects.create(content_object=passage, tag=themes["samenwerking"])


def test_a_theme_of_another_project_cannot_code_a_passage(passage):
    other = Project.objects.create(name="Ander project", slug="ander")
    foreign = Theme.objects.create(project=other, name="vreemd")
    with pytest.raises(ValueError):
        passage.code([foreign])
    assert list(passage.themes.all()) == [passage.themes.get()]


def test_a_theme_given_as_a_string_cannot_create_a_project_less_tag(passage):
    with pytest.raises(IntegrityError), transaction.atomic():
        passage.themes.add("zomaar een string")
    assert not Theme.objects.filter(name="zomaar een string").exists()


def test_codings_record_when_and_how(passage, themes):
    passage.code([themes["financiering"]], origin="import")
    coding = Coding.objects.get(content_object=passage, tag=themes["financiering"])
    assert coding.origin == "import" and coding.coded_at is not None


def test_descendants_and_merge_keep_one_coding_per_passage(passage, themes):
    knelpunten, personeelstekort = themes["knelpunten"], themes["personeelstekort"]
    assert knelpunten.descendant_ids() == {knelpunten.pk, personeelstekort.pk}
    passage.code([themes["financiering"]])
    themes["samenwerking"].merge_into(themes["financiering"])
    assert list(passage.themes.values_list("name", flat=True)) == ["financiering"]


def test_a_theme_cannot_merge_into_its_own_subtree(themes):
    with pytest.raises(ValueError):
        themes["knelpunten"].merge_into(themes["personeelstekort"])


def test_interview_titles_are_unique_per_project_ignoring_case(interview):
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.create(project=interview.project, title=interview.title.upper(), text="x")


def test_observations_are_unique_per_indicator_place_and_year_also_nationally(db):
    indicator = Indicator.objects.create(code="voorzorg", name="VoorZorg", value_type="yes_no")
    Observation.objects.create(indicator=indicator, year=2021, value=43)
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(indicator=indicator, year=2021, value=44)
    utrecht = Municipality.objects.get(code="GM0344")
    Observation.objects.create(indicator=indicator, municipality=utrecht, year=2021, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(indicator=indicator, municipality=utrecht, year=2021, value=0)


def test_yes_no_values_read_as_ja_nee_and_the_national_row_as_a_share(db):
    indicator = Indicator.objects.create(code="coalitie", name="Lokale coalitie", value_type="yes_no")
    national = Observation.objects.create(indicator=indicator, year=2021, value="39.8")
    local = Observation(indicator=indicator, municipality=Municipality.objects.first(), year=2021, value=1)
    assert (national.display, local.display) == ("39,8%", "ja")
