"""Cut a transcript into runs so overlapping and nested passages can all be drawn.

A run is a stretch of text over which the same passages (and speaker label) are active. The
interview page draws each run once: the innermost passage's theme colour as background, and one
bar underneath per theme of every active passage, so nested and overlapping codings stay visible.
"""

from dataclasses import dataclass, field


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
                seen.setdefault(theme.pk, theme)
        return list(seen.values())

    @property
    def style(self):
        """Inline CSS: background of the innermost passage's first theme, a bar per theme."""
        themes = self.themes
        if not themes:
            return ""
        innermost = min(self.passages, key=lambda p: p.end - p.start)
        background = (innermost.theme_list or themes)[0].colour
        bars = ", ".join(f"inset 0 -{3 * (i + 1)}px 0 {t.colour}" for i, t in enumerate(themes[:6]))
        return f"background-color: {background}40; box-shadow: {bars}; padding-bottom: {3 * min(len(themes), 6)}px"

    @property
    def description(self):
        """What a tooltip and a screen reader say: each active passage's themes and coder."""
        return "; ".join(
            f"{', '.join(t.name for t in p.theme_list) or 'zonder thema'} ({p.coder.username})" for p in self.passages
        )


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
        result.append(Run(start, end, text[start:end], list(active), is_label, starting.get(start, []),
                          turn if is_label else None))
    return result
