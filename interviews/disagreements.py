"""Where two coders differ on one interview: the stretches of text the disagreement review shows and settles.

Input: spans (coder, start, end, theme) in code points of the interview's text, end exclusive, for coders
"a" and "b" (any hashable names). Per theme, each coder's spans are merged into what they cover; a stretch is
a maximal run of text covered by either coder (the connected parts of the union). Where both cover exactly the
same characters inside a stretch, the coders agree and it is left out; otherwise it is a disagreement of one
of three kinds: only A coded it, only B, or both did with other boundaries.

Plain Python over sorted lists (no Django): O(n log n) for n spans, a few milliseconds for the thousands of
spans of a long interview. Written here because interval libraries (portion, intervaltree) merge and intersect
sets but do not name who covered what; the sweep below is short.
"""

from dataclasses import dataclass, field

ONLY_A, ONLY_B, BOUNDARIES = "only_a", "only_b", "boundaries"


@dataclass
class Stretch:
    """A disagreement on `theme` over [start, end): each coder's merged cover inside it, as (start, end) pairs."""

    theme: object
    start: int
    end: int
    a: list = field(default_factory=list)
    b: list = field(default_factory=list)

    @property
    def kind(self):
        return ONLY_B if not self.a else ONLY_A if not self.b else BOUNDARIES

    @property
    def key(self):
        return (self.theme, self.start, self.end)

    def both(self):
        """The union of both covers (what "keep both" codes)."""
        return merge(self.a + self.b)


def merge(spans):
    """(start, end) pairs merged where they overlap or touch, sorted."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _within(cover, start, end):
    return [(s, e) for s, e in cover if s < end and start < e]


def disagreements(spans, a, b):
    """The stretches where coders `a` and `b` differ, in text order (then by theme). Spans of other coders, and
    empty or inverted spans, are ignored."""
    by_theme = {}
    for coder, start, end, theme in spans:
        if coder in (a, b) and start < end:
            by_theme.setdefault(theme, ([], []))[coder != a].append((start, end))
    found = []
    for theme, (of_a, of_b) in by_theme.items():
        cover_a, cover_b = merge(of_a), merge(of_b)
        for start, end in merge(cover_a + cover_b):
            inside_a, inside_b = _within(cover_a, start, end), _within(cover_b, start, end)
            if inside_a != inside_b:
                found.append(Stretch(theme, start, end, inside_a, inside_b))
    found.sort(key=lambda s: (s.start, s.end, str(s.theme)))
    return found


def boundaries(text_length, *span_lists):
    """Every start and end of the given (start, end, …) tuples, with 0 and the text's length, sorted once."""
    cuts = {0, text_length}
    for spans in span_lists:
        for span in spans:
            cuts.add(min(max(span[0], 0), text_length))
            cuts.add(min(max(span[1], 0), text_length))
    return sorted(cuts)
