"""interviews/contrast.py: WCAG's contrast ratio, the text colour for a theme colour, and the colours of the style
sheet that axe-core does not measure (a field's border and the focus ring: 3:1 against the page, WCAG 1.4.11)."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interviews import charts, contrast

STATIC = Path(__file__).resolve().parent.parent / "interviews/static/interviews"
colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


def test_the_ratio_is_wcags():
    assert contrast.ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast.ratio("#ffffff", "#000000") == pytest.approx(21)
    assert contrast.ratio("#2d9cdb", "#2d9cdb") == pytest.approx(1)
    assert contrast.ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes
    assert contrast.ratio("#777777", "#ffffff") < 4.5


@given(colours)
def test_text_on_any_theme_colour_reaches_aa(colour):
    assert contrast.ratio(contrast.text_on(colour), colour) >= 4.5


def test_the_text_colour_follows_the_background():
    assert contrast.text_on("#f2c94c") == contrast.BLACK  # the default theme colour
    assert contrast.text_on("#1f5fbf") == contrast.WHITE
    # the old rule (the weighted sRGB average above 0.5) gave white here: 2.7:1, where black gives 7.7:1
    assert contrast.text_on("#fe4cfc") == contrast.BLACK


@given(colours, st.floats(0, 1))
def test_a_heatmap_cell_labels_itself_readably(colour, share):
    cell = charts.blend(colour, share)
    text = contrast.BLACK if charts.text_colour(cell) == "black" else contrast.WHITE
    assert contrast.ratio(text, cell) >= 4.5


@given(colours)
def test_the_transcripts_ink_reads_on_every_highlight(colour):
    # interviews/highlights.py and wb-render.js draw a passage in its theme colour at alpha 0x40 under the ink
    assert contrast.ratio("#1d2330", contrast.over_white(colour, 0x40 / 255)) >= 4.5


def _root_colours():
    root = re.search(r":root \{(.*?)\}", (STATIC / "app.css").read_text(), re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", root))


@pytest.mark.parametrize("background", ["#ffffff", "bg", "#f1f4f9"])  # the page, main, headings and menu
def test_the_style_sheets_colours_contrast_with_every_background(background):
    colour = _root_colours()
    background = colour.get(background, background)
    for text in ("ink", "muted", "accent", "warn"):
        assert contrast.ratio(colour[text], background) >= 4.5, text
    for mark in ("field", "focus"):
        assert contrast.ratio(colour[mark], background) >= 3, mark


def test_every_focus_ring_contrasts_with_the_page():
    colour = _root_colours()
    rings = []
    for sheet in STATIC.glob("*.css"):
        for selector, body in re.findall(r"([^{}]*:focus[^{}]*)\{([^}]*)\}", sheet.read_text()):
            for ring in re.findall(r"outline:\s*\d+px \w+ (#[0-9a-f]{6}|var\(--[\w-]+\))", body):
                rings.append((sheet.name, selector.strip(), colour.get(ring[6:-1], ring)))
    assert len(rings) >= 4
    for sheet, selector, ring in rings:
        assert contrast.ratio(ring, "#ffffff") >= 3 and contrast.ratio(ring, colour["bg"]) >= 3, (sheet, selector)
