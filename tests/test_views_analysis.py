"""The analysis pages: access for the whole cast, tables on the page, exports, charts, bad input, query counts."""

import csv
import io

import pytest
from analysis_study import build
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from interviews.models import Passage, Theme

READERS = {"anonymous": 302, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200}
PAGES = [
    "interviews:analysis_index",
    "interviews:analysis_attribute",
    "interviews:analysis_indicator",
    "interviews:analysis_trends",
    "interviews:analysis_joint",
    "interviews:analysis_cooccurrence",
    "interviews:analysis_matrix",
]


@pytest.fixture
def study(project, themes, coder, owner):
    return build(project, themes, coder, owner)


def url(name, project, query=""):
    return reverse(name, args=[project.slug]) + (f"?{query}" if query else "")


@pytest.mark.parametrize("name", PAGES)
def test_every_member_can_read_every_analysis_and_outsiders_cannot(name, project, check_access):
    check_access("get", url(name, project), READERS)


def test_charts_are_readable_by_members_only(project, study, check_access):
    chart = reverse("interviews:analysis_chart", args=[project.slug, "kenmerk", "svg"])
    check_access("get", chart, READERS)


def test_attribute_table_shows_shares_counts_and_missing_groups(project, study, as_user, viewer):
    page = as_user(viewer).get(url("interviews:analysis_attribute", project, "by=year")).content.decode()
    assert "4 gecodeerde interviews in de analyse; 1 zonder coderingen tellen niet mee" in page
    assert "n = 1" in page and "n = 2" in page and "onbekend" in page
    assert "50%" in page  # samenwerking in 2021: B of B and C
    assert "Fisher" in page or "chi-kwadraat" in page


def test_attribute_csv_has_the_hand_counted_table(project, study, as_user, viewer):
    response = as_user(viewer).get(url("interviews:analysis_attribute", project, "by=stakeholder_group&format=csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, first = rows[0], rows[2]
    assert header[:6] == [
        "thema",
        "niveau",
        "gemeente: passages",
        "gemeente: interviews",
        "gemeente: % interviews",
        "gemeente: passages per interview",
    ]
    assert first[:10] == ["samenwerking", "0", "1", "1", "100.0", "1.0", "2", "1", "33.3", "0.67"]


def test_xlsx_export_has_the_hand_counts_and_empty_cells_where_there_is_no_test(project, study, as_user, viewer):
    response = as_user(viewer).get(url("interviews:analysis_indicator", project, "indicator=coalitie-t&format=xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "ja: passages" and rows[0][10] == "geen waarde: passages"
    samen = rows[2]
    assert samen[:10] == ("samenwerking", 0, 1, 1, 100, 1, 2, 1, 100, 2)  # ja: A; nee: B with P4 and P5
    assert samen[-5:] == ("geen toets", None, None, None, None)  # everyone with a value mentions it
    notes = [r[0] for r in load_workbook(io.BytesIO(response.content))["toelichting"].iter_rows(values_only=True)]
    assert "Filters: geen filters" in notes


def test_indicator_without_values_in_the_interview_years_says_so(project, study, as_user, viewer):
    from monitor.models import Indicator

    Indicator.objects.create(code="leeg-t", name="Lege indicator", value_type="number")
    response = as_user(viewer).get(url("interviews:analysis_indicator", project, "indicator=leeg-t"))
    assert response.status_code == 200
    assert (
        "Lege indicator heeft geen waarden voor de gemeenten en jaren van deze interviews" in response.content.decode()
    )


def test_filters_that_leave_nothing_give_a_message(project, study, as_user, viewer):
    for name in (
        "interviews:analysis_attribute",
        "interviews:analysis_trends",
        "interviews:analysis_joint",
        "interviews:analysis_cooccurrence",
    ):
        page = as_user(viewer).get(url(name, project, "year=2022")).content.decode()
        assert "Geen gecodeerde interviews" in page, name


def test_a_single_group_says_there_is_nothing_to_compare(project, study, as_user, viewer):
    page = as_user(viewer).get(
        url("interviews:analysis_attribute", project, "by=stakeholder_group&stakeholder_group=jgz")
    )
    assert "Alle interviews vallen in één groep (jeugdgezondheidszorg)" in page.content.decode()


def test_bad_threshold_is_a_message_on_the_form(project, study, as_user, viewer):
    page = (
        as_user(viewer)
        .get(url("interviews:analysis_indicator", project, "indicator=gewicht-t&thresholds=veel"))
        .content
    )
    assert "‘veel’ is geen getal" in page.decode()


def test_numeric_indicator_groups_by_thresholds_and_names_national_fallback(project, study, as_user, viewer):
    page = (
        as_user(viewer).get(url("interviews:analysis_indicator", project, "indicator=gewicht-t&thresholds=5,5")).content
    )
    text = page.decode()
    assert "&lt; 5,5%" in text and "≥ 5,5%" in text
    assert "1 interview(s) kregen de landelijke waarde" in text


def test_trends_show_the_indicator_series(project, study, as_user, viewer):
    page = as_user(viewer).get(url("interviews:analysis_trends", project, "indicator=gewicht-t")).content.decode()
    assert "Gewicht (test) (landelijk)" in page and "5,5" in page and "6,0" in page


def test_charts_download_as_svg_and_png(project, study, as_user, viewer):
    client = as_user(viewer)
    svg = client.get(reverse("interviews:analysis_chart", args=[project.slug, "kenmerk", "svg"]) + "?by=year")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client.get(
        reverse("interviews:analysis_chart", args=[project.slug, "trends", "png"]) + "?indicator=gewicht-t"
    )
    assert png.content.startswith(b"\x89PNG")
    bars = client.get(
        reverse("interviews:analysis_chart", args=[project.slug, "indicator", "png"])
        + "?indicator=coalitie-t&chart=bars"
    )
    assert bars.content.startswith(b"\x89PNG")
    assert client.get(reverse("interviews:analysis_chart", args=[project.slug, "kenmerk", "gif"])).status_code == 404


def test_matrix_for_spss_counts_or_zero_one(project, study, as_user, viewer):
    client = as_user(viewer)
    rows = list(
        csv.reader(io.StringIO(client.get(url("interviews:analysis_matrix", project)).content.decode("utf-8-sig")))
    )
    assert rows[0][5:] == ["samenwerking", "knelpunten", "personeelstekort", "financiering"]
    assert rows[1][5:] == ["1", "2", "1", "1"]
    binary = client.get(url("interviews:analysis_matrix", project, "binary=1&format=xlsx"))
    sheet = load_workbook(io.BytesIO(binary.content)).worksheets[0]
    assert list(sheet.iter_rows(values_only=True))[1][5:] == (1, 1, 1, 1)


def test_joint_display_shows_quotes_and_a_coder_can_choose_another(project, study, as_user, coder, themes):
    cases, passages, _, _ = study
    client = as_user(coder)
    page = client.get(url("interviews:analysis_joint", project, "indicators=coalitie-t")).content.decode()
    assert "2021: nee" in page and passages[3].text in page
    choose = url(
        "interviews:analysis_exemplar", project, f"theme={themes['samenwerking'].pk}&key={cases['B'].municipality_id}"
    )
    response = client.post(choose, {"passage": passages[4].pk})
    assert response.status_code == 302
    assert set(Passage.objects.filter(starred=True).values_list("pk", flat=True)) == {passages[4].pk}


def test_viewer_cannot_choose_an_exemplar(project, study, check_access, themes):
    cases, passages, _, _ = study
    choose = url(
        "interviews:analysis_exemplar", project, f"theme={themes['samenwerking'].pk}&key={cases['B'].municipality_id}"
    )
    check_access("post", choose, {"anonymous": 302, "outsider": 404, "viewer": 403}, {"passage": passages[4].pk})
    check_access("get", choose, READERS)
    assert not Passage.objects.filter(starred=True).exists()


def test_exemplar_of_another_cell_is_refused(project, study, as_user, coder, themes):
    cases, passages, _, _ = study
    choose = url(
        "interviews:analysis_exemplar", project, f"theme={themes['samenwerking'].pk}&key={cases['B'].municipality_id}"
    )
    response = as_user(coder).post(choose, {"passage": passages[5].pk})  # P6, Groningen
    assert response.status_code == 400
    assert not Passage.objects.filter(starred=True).exists()


def test_theme_names_with_script_render_as_text(project, study, as_user, viewer, themes):
    Theme.objects.filter(pk=themes["financiering"].pk).update(name="<script>alert(1)</script>")
    Passage.objects.filter(pk=study[1][0].pk).update(text="<script>alert(1)</script>")  # a quote in the joint display
    for name in (
        "interviews:analysis_attribute",
        "interviews:analysis_cooccurrence",
        "interviews:analysis_joint",
        "interviews:analysis_trends",
    ):
        page = as_user(viewer).get(url(name, project)).content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page, name


@pytest.mark.parametrize(
    "name,query",
    [
        ("interviews:analysis_attribute", "by=municipality"),
        ("interviews:analysis_indicator", "indicator=gewicht-t&quantiles=2"),
        ("interviews:analysis_trends", "indicator=gewicht-t"),
        ("interviews:analysis_joint", "indicators=coalitie-t&indicators=gewicht-t"),
        ("interviews:analysis_cooccurrence", ""),
    ],
)
def test_pages_use_a_fixed_small_number_of_queries(name, query, project, study, as_user, viewer):
    client = as_user(viewer)
    client.get(url(name, project, query))
    with CaptureQueriesContext(connection) as few:
        client.get(url(name, project, query))
    build_more(project, study)
    with CaptureQueriesContext(connection) as more:
        client.get(url(name, project, query))
    assert len(more) == len(few) and len(few) <= 20, [q["sql"][:120] for q in more.captured_queries]


@pytest.mark.parametrize(
    "name,query,most",
    [  # the bench's queries (interviews/bench/scenarios.py, ANALYSES); each +1 for blind rounds (blind_for), +1 for
        # the saved code-combination queries the filter form offers
        ("interviews:analysis_attribute", "by=stakeholder_group", 12),
        ("interviews:analysis_attribute", "by=year", 12),
        ("interviews:analysis_indicator", "indicator=coalitie-t", 14),
        ("interviews:analysis_indicator", "indicator=gewicht-t&quantiles=4", 14),
        ("interviews:analysis_trends", "indicator=gewicht-t", 14),
        ("interviews:analysis_joint", "indicators=coalitie-t&indicators=gewicht-t", 18),  # +1: the grids to choose
        ("interviews:analysis_cooccurrence", "", 11),
        ("interviews:analysis_matrix", "", 8),
    ],
)
def test_each_page_keeps_its_query_count(
    name, query, most, project, study, as_user, viewer, django_assert_max_num_queries
):
    client = as_user(viewer)
    client.get(url(name, project, query))  # the session is warm, as in the bench
    with django_assert_max_num_queries(most):
        assert client.get(url(name, project, query)).status_code == 200


def build_more(project, study):
    """Ten more coded interviews: the number of queries must not grow with them."""
    cases, passages, _, _ = study
    for n in range(10):
        interview = cases["B"].__class__.objects.create(
            project=project, title=f"Extra {n}", text=cases["B"].text, year=2021, municipality=cases["C"].municipality
        )
        passage = Passage.select(interview, passages[0].coder, 0, 8)
        passage.save()
        passage.code(list(passages[0].themes.all()))
