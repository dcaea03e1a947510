"""The chart rules (interviews/charts.py): theme colours, Dutch numbers, the indicator's axis, one legend
outside the plot, lines at 100% inside the frame, alt text; and the chart URLs of every analysis."""

import html
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from analysis_study import build
from django.urls import reverse

from interviews import charts, crosstabs
from interviews.selection import Selection


def test_colours_keep_the_codebook_and_replace_only_near_duplicates():
    colours = ["#2d9cdb", "#56ccf2", "#2f80ed", "#2d9cdb", "#eb5757"]
    chosen = charts.distinct_colours(colours)
    assert chosen[:2] == ["#2d9cdb", "#56ccf2"] and chosen[4] == "#eb5757"  # unlike the others: kept
    assert chosen[2] != "#2f80ed" and chosen[3] != "#2d9cdb"  # 0.13 from samenwerking's, and the same one
    assert len(set(chosen)) == 5
    assert all(charts._distance(a, b) >= charts.MIN_DISTANCE for i, a in enumerate(chosen) for b in chosen[i + 1 :])


def test_sixty_identical_colours_still_get_a_colour_each_while_the_palette_lasts():
    chosen = charts.distinct_colours(["#f2c94c"] * 60)
    assert chosen[0] == "#f2c94c" and len(set(chosen)) > 10
    assert all(colour.startswith("#") and len(colour) == 7 for colour in chosen)


@pytest.mark.parametrize(
    "value, digits, text",
    [(0, 0, "0"), (5.9, 2, "5,90"), (1234.5, 1, "1.234,5"), (-0.0001, 2, "0,00"), (100, 0, "100"), (-2.5, 1, "-2,5")],
)
def test_numbers_are_dutch_whatever_the_locale(value, digits, text):
    assert charts.dutch_number(value, digits) == text


def test_ticks_get_as_many_decimals_as_they_need():
    assert charts.digits_for([0, 20, 40]) == 0
    assert charts.digits_for([5.9, 5.92, 5.94]) == 2
    assert charts.digits_for([0, 0.25, 0.5]) == 2
    assert charts.digits_for([1 / 3]) == 4


def test_the_indicator_axis_starts_at_zero_so_a_flat_series_looks_flat():
    low, high = charts.indicator_range([Decimal("5.90"), None, Decimal("5.98")])
    assert low == 0 and 7 < high < 7.5  # 5.90–5.98 spans under 1.2% of the axis
    assert charts.indicator_range([40, 99], percent=True) == (0, 105)  # a percentage stops just above 100
    assert charts.indicator_range([250, 1000], percent=False) == (0, 1250)
    low, high = charts.indicator_range([-2, 4])
    assert low < -2 and high > 4  # negative values: the axis spans 0 and them
    assert charts.indicator_range([]) == (0, 1) and charts.indicator_range([0, 0]) == (0, 0.05)


def test_text_on_a_cell_is_readable_on_its_colour():
    assert charts.text_colour(charts.blend("#117a65", 1)) == "white"
    assert charts.text_colour(charts.blend("#117a65", 0.1)) == "black"
    assert charts.blend("#ff0000", 0) == (1, 1, 1) and charts.blend("#ff0000", 5) == (1, 0, 0)


@pytest.fixture
def study(project, themes, coder, owner):
    build(project, themes, coder, owner)
    return crosstabs.Study(Selection(project), spans=True)


def test_the_trend_chart_has_one_legend_outside_the_plot_theme_colours_and_a_flat_indicator(study, themes):
    weight = SimpleNamespace(
        name="Gewicht",
        national_unit="%",
        unit="%",
        value_type="number",
        ValueType=SimpleNamespace(YES_NO="yes_no", PERCENTAGE="percentage"),
    )
    trend = crosstabs.trends(study)._replace(
        national=[None, Decimal("5.90"), None], local=[None, Decimal("5.98"), None]
    )
    figure = charts.trend_figure(trend, weight)
    figure.canvas.draw()
    left, right = figure.axes
    assert len(figure.legends) == 1 and left.get_legend() is None and right.get_legend() is None
    legend = figure.legends[0].get_window_extent()
    assert legend.y1 <= left.get_window_extent().y0, "the legend sits below the plot, not over the lines"
    labels = [text.get_text() for text in figure.legends[0].get_texts()]
    assert labels[-1] == "Gewicht (gemeenten in studie)" and "samenwerking" in labels
    colours = {line.get_label(): line.get_color() for line in left.get_lines()}
    assert colours["samenwerking"] == themes["samenwerking"].colour
    assert left.get_ylim() == charts.PERCENT_LIMITS and left.get_ylim()[1] > 100  # 100% is inside the frame
    assert right.get_ylim()[0] == 0 and right.get_ylim()[1] > 7
    assert [t.get_text() for t in left.get_yticklabels()][-1] == "100%"
    assert all("." not in t.get_text() for t in right.get_yticklabels())
    assert any("," in t.get_text() for t in right.get_yticklabels()) or right.get_yticks()[1] % 1 == 0


def test_the_heatmap_colours_each_theme_row_in_its_own_colour(study, themes):
    table = crosstabs.crosstab(study, crosstabs.group_by_attribute(study, "stakeholder_group"))
    figure = charts.heatmap_figure(table)
    image = figure.axes[0].images[0].get_array()
    rows = [row.theme.name for row in table.rows]
    full = rows.index("samenwerking"), [g.label for g in table.groups].index("jeugdgezondheidszorg")
    share = float(table.rows[full[0]].cells[full[1]].share)
    assert tuple(image[full[0]][full[1]]) == pytest.approx(charts.blend(themes["samenwerking"].colour, share / 100))


@pytest.mark.parametrize(
    "kind, query",
    [
        ("kenmerk", "by=year"),
        ("kenmerk", "by=year&chart=bars"),
        ("indicator", "indicator=gewicht-t"),
        ("trends", "indicator=gewicht-t"),
        ("samenloop", "tabel=overlap"),
        ("samenloop", "tabel=interview"),
        ("matrix", ""),
    ],
)
def test_every_analysis_draws_as_png(as_user, viewer, project, study, kind, query):
    response = as_user(viewer).get(reverse("interviews:analysis_chart", args=[project.slug, kind, "png"]) + "?" + query)
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")


def test_an_unknown_chart_is_not_found(as_user, viewer, project):
    assert (
        as_user(viewer).get(reverse("interviews:analysis_chart", args=[project.slug, "taart", "png"])).status_code
        == 404
    )


@pytest.mark.parametrize(
    "name, query, words",
    [
        (
            "interviews:analysis_attribute",
            "by=year",
            "Heatmap: % interviews dat het thema noemt, 4 thema's × 3 groepen (2020 n=1, 2021 n=2, onbekend n=1)",
        ),
        (
            "interviews:analysis_trends",
            "indicator=gewicht-t",
            "Gewicht (test) als stippellijn op de rechteras (van 5,00 tot 6,00)",
        ),
        ("interviews:analysis_cooccurrence", "", "Vaakst samen: "),
        ("interviews:analysis_cooccurrence", "", "Heatmap: passages per interview en thema, 4 interviews × 4 thema's"),
    ],
)
def test_every_chart_image_says_what_it_shows(as_user, viewer, project, study, name, query, words):
    content = as_user(viewer).get(reverse(name, args=[project.slug]) + "?" + query).content.decode()
    alts = [html.unescape(alt) for alt in re.findall(r'<img [^>]*alt="([^"]*)"', content)]
    assert alts and all(len(alt) > 40 for alt in alts), alts
    assert any(words in alt for alt in alts), alts
