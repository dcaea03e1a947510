"""Cut a transcript into runs so overlapping and nested passages can all be drawn.

A run is a stretch of text over which the same passages (and speaker label) are active. The
interview page draws each run once: the innermost passage's theme colour as background, and one
bar underneath per theme of every active passage, so nested and overlapping codings stay visible.
"""

import functools
import re
from dataclasses import dataclass, field
from html import escape as _escape_all

from django.utils.safestring import mark_safe

_SPECIAL = re.compile("[&<>\"']")


def escape(text):
    """html.escape, skipped for the many runs of transcript that need none (a search is one C pass)."""
    return _escape_all(text) if _SPECIAL.search(text) else text


@dataclass(slots=True)
class Mark:
    """A passage as the interview page draws it: built from values() rows (Passage.objects.marks), not a model
    instance. coder is the username, coder_name the full name (or the username)."""

    pk: int
    start: int
    end: int
    coder: str
    coder_name: str
    memo: str = ""
    starred: bool = False
    text: str = ""
    theme_list: list = field(default_factory=list)


def marks(passages, codings, themes, text):
    """Marks from the rows of Passage.objects.drawing_rows(): .text cut from `text` (their interview's),
    .theme_list from `themes` (the project's, in codebook order) in that order."""
    position = {theme.pk: i for i, theme in enumerate(themes)}
    found = {}
    for passage_id, theme_id in codings:
        if theme_id in position:
            found.setdefault(passage_id, []).append(position[theme_id])
    return [
        Mark(
            pk,
            start,
            end,
            username,
            f"{first} {last}".strip() or username,
            memo,
            starred,
            text[start:end],
            [themes[i] for i in sorted(found.get(pk, ()))],
        )
        for pk, start, end, username, first, last, memo, starred in passages
    ]


@dataclass
class Run:
    start: int
    end: int
    text: str
    passages: list = field(default_factory=list)
    is_label: bool = False
    opens: list = field(default_factory=list)  # passages that start here (anchors for links)
    turn: object = None  # on a speaker label's runs: the label's third item, e.g. its whole turn's span

    @property
    def themes(self):
        seen = {}
        for passage in self.passages:
            for theme in passage.theme_list:
                seen.setdefault(id(theme), theme)  # the same objects: the project's themes
        return list(seen.values())

    @property
    def style(self):
        """Inline CSS: background of the innermost passage's first theme, a bar per theme."""
        themes = self.themes
        if not themes:
            return ""
        innermost = min(self.passages, key=lambda p: p.end - p.start)
        return _style((innermost.theme_list or themes)[0].colour, tuple(t.colour for t in themes[:6]), len(themes))

    @property
    def description(self):
        """What a tooltip and a screen reader say: each active passage's themes and coder."""
        return "; ".join(_label(p) for p in self.passages)


@functools.lru_cache(maxsize=4096)
def _style(background, colours, count):
    """The style of a run, made once per look: 500 passages over 20,000 words give about 700 distinct sets of
    passages but far fewer looks (a theme colour and its bars), and making each anew was a fifth of to_html."""
    bars = ", ".join(f"inset 0 -{3 * (i + 1)}px 0 {colour}" for i, colour in enumerate(colours))
    return f"background-color: {background}40; box-shadow: {bars}; padding-bottom: {3 * min(count, 6)}px"


def _label(passage):
    return f"{', '.join(t.name for t in passage.theme_list) or 'zonder thema'} ({passage.coder})"


def runs(text, passages, labels=()):
    """Runs covering `text` from 0 to len(text).

    passages: objects with start, end (code points) and theme_list; labels: (start, end) of speaker
    labels, or (start, end, turn) to give each of the label's runs a .turn. Runs follow the text's
    order; each lists its active passages from outer to inner.
    """
    bounds = {0, len(text)}
    for item in passages:
        bounds.update((item.start, item.end))
    for start, end, *_ in labels:
        bounds.update((start, end))
    bounds = sorted(b for b in bounds if 0 <= b <= len(text))

    starting = {}
    for item in sorted(passages, key=lambda p: (p.start, -p.end)):
        starting.setdefault(item.start, []).append(item)
    label_at = {label[0]: label for label in labels}

    result, active, label_end, turn = [], [], -1, None
    for start, end in zip(bounds, bounds[1:]):
        active = [p for p in active if p.end > start] + starting.get(start, [])
        if start in label_at:
            label_end, turn = label_at[start][1], (label_at[start][2:] or [None])[0]
        is_label = start < label_end
        result.append(
            Run(
                start, end, text[start:end], list(active), is_label, starting.get(start, []), turn if is_label else None
            )
        )
    return result


def to_html(runs):
    """The runs as the transcript's inner HTML, every text escaped.

    Built here rather than in the template: a transcript of 20,000 words with 500 passages has
    over a thousand runs, and a template loop over them took most of the interview page's time.
    The markup is what the workbench's scripts read (ids, classes and data attributes). Runs with the
    same active passages (a long passage over several speaker turns) share one style and title, made once.
    """
    parts, looks, labels = [], {}, {}  # labels: what the title says of each passage, made once
    for run in runs:
        text = escape(run.text)
        if not (run.passages or run.is_label):
            parts.append(text)
            continue
        ids = "".join(f' id="p{p.pk}"' for p in run.opens)
        css = ("hl" if run.passages else "") + (" speaker" if run.is_label else "")
        attrs = ""
        if run.turn:
            t = run.turn
            attrs += (
                f' data-turn-start="{t["start"]}" data-turn-end="{t["end"]}"'
                f' data-turn-start16="{t["start16"]}" data-turn-end16="{t["end16"]}"'
            )
        if run.passages:
            key = tuple(p.pk for p in run.passages)
            if key not in looks:
                for p in run.passages:
                    if p.pk not in labels:
                        labels[p.pk] = escape(_label(p))
                looks[key] = (
                    f' style="{escape(run.style)}" title="{"; ".join(labels[pk] for pk in key)}"'
                    f' data-passages="{" ".join(map(str, key))}"'
                )
            attrs += looks[key]
        parts.append(f'<span{ids} class="{css}"{attrs}>{text}</span>')
    return mark_safe("".join(parts))


def star_button(action, starred):
    """A button of the list's star form (the list sits in one POST form with the CSRF token): gives a passage
    the star of a representative quote for the reports, or takes it off. aria-pressed and ★/☆ say its state."""
    pressed, symbol = ("true", "★") if starred else ("false", "☆")
    return (
        f' <button type="submit" formaction="{escape(action)}" name="starred" value="{"0" if starred else "1"}"'
        f' class="link wb-star" aria-pressed="{pressed}" title="Representatief citaat voor de rapportage">'
        f'<span aria-hidden="true">{symbol}</span> ster</button>'
    )


def passage_list_html(passages, star_url=None):
    """The side list of passages (excerpt, themes by name and colour, coder, memo) as <li> items; built
    here for the same reason as to_html, a template loop over 500 passages being most of the page.
    With star_url (the star endpoint, "__P__" for the passage id) each item gets a star button."""
    items = []
    for p in passages:
        badges = (
            " ".join(
                f'<span class="badge"><span class="swatch" style="background: {escape(t.colour)}" aria-hidden="true">'
                f"</span> {escape(t.name)}</span>"
                for t in p.theme_list
            )
            or '<span class="muted">zonder thema</span>'
        )
        memo = f" · memo: {escape(_short(p.memo, 80))}" if p.memo else ""
        star = (
            star_button(star_url.replace("__P__", str(p.pk)), p.starred)
            if star_url
            else (' · <span class="wb-starred">★ ster</span>' if p.starred else "")
        )
        items.append(
            f'<li data-passage="{p.pk}"><a href="#p{p.pk}" data-passage="{p.pk}">{escape(_short(p.text, 90))}</a>'
            f'<div>{badges}</div><div class="muted">{escape(p.coder_name)}{memo}{star}</div></li>'
        )
    return mark_safe("\n".join(items))


def _short(text, length):
    """At most `length` characters, with an ellipsis when cut (Django's Truncator reads the whole text)."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
