"""Contrast between colours as WCAG 2.1 measures it (relative luminance, the ratio (L1 + 0.05) / (L2 + 0.05)), and
the text colour for a background: black or white, whichever contrasts more. One of the two always reaches 4.58:1,
so text drawn on any theme colour this way meets the 4.5:1 of level AA (issue 20)."""

BLACK, WHITE = "#000000", "#ffffff"


def rgb(colour):
    """(r, g, b) from 0 to 1 of "#rrggbb" (or of such a tuple, returned as it is)."""
    if isinstance(colour, tuple):
        return colour
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(colour):
    """Relative luminance: 0 for black, 1 for white."""

    def linear(part):
        return part / 12.92 if part <= 0.04045 else ((part + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(part) for part in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(first, second):
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background):
    """BLACK or WHITE: the text colour that contrasts more with the background."""
    return BLACK if ratio(background, BLACK) >= ratio(background, WHITE) else WHITE


def over_white(colour, alpha):
    """The colour a translucent `colour` shows on white (alpha 0 → white, 1 → the colour), as (r, g, b)."""
    return tuple(1 - alpha * (1 - part) for part in rgb(colour))
