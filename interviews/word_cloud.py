"""A word cloud of lemma frequencies as PNG or SVG, written to a file object (the `wordcloud` package lays it out).

The layout is stable: a fixed random_state, and each word's colour follows from the word itself. The font is
the DejaVu Sans that matplotlib ships (nothing is downloaded); the colours are dark enough on white for a
contrast of at least 7:1 (WCAG AAA), so a cloud printed in a report stays readable.
"""

import logging
import zlib
from pathlib import Path

import matplotlib
from wordcloud import WordCloud

FONT = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf")
# Contrast against white (WCAG relative luminance): 11.6, 9.4, 9.1, 9.9, 10.9, 11.5; the grey of an empty cloud 7.0.
PALETTE = ["#1b3a5c", "#7a2e0e", "#14532d", "#5b2a86", "#6b2142", "#2f3b45"]
WIDTH, HEIGHT = 1000, 560
SEED = 19


def colour(word, *args, **kwargs):
    """The word's colour: the same word has the same colour in every cloud (a CRC, not Python's salted hash)."""
    return PALETTE[zlib.crc32(word.encode("utf-8")) % len(PALETTE)]


def cloud(frequencies):
    """A laid-out WordCloud of {word: count} (at least one word)."""
    drawing = WordCloud(
        font_path=FONT,
        width=WIDTH,
        height=HEIGHT,
        background_color="white",
        random_state=SEED,
        color_func=colour,
        prefer_horizontal=0.95,
        max_words=max(1, len(frequencies)),
        relative_scaling=0.5,
        margin=4,
    )
    return drawing.generate_from_frequencies(frequencies)


def draw(file, frequencies, fmt, empty="geen woorden"):
    """Write the cloud of {word: count} to `file` as "png" or "svg"; with no words, a cloud of `empty` in grey."""
    words = {word: count for word, count in frequencies.items() if count > 0}
    drawing = cloud(words or {empty: 1})
    if not words:
        drawing.recolor(color_func=lambda *args, **kwargs: "#595959")
    if fmt == "svg":
        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # a table it cannot subset is left out
        file.write(drawing.to_svg(embed_font=True).encode("utf-8"))
    else:
        drawing.to_image().save(file, format="PNG", optimize=True)
