"""The disagreement review of a closed round on one interview: what coders A and B coded with the round's themes,
the stretches where they differ (disagreements.py), and the transcript drawn as stripes: a run of text carries
A's stripe where A coded it, B's where B did, and a frame where a disagreement lies. Three queries, then plain
Python; the page of a 20,000-word interview is drawn in tens of milliseconds (docs/performance.md).
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from html import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from .disagreements import BOUNDARIES, ONLY_A, ONLY_B, boundaries, disagreements, merge
from .models import Coding, ConsensusDecision


@dataclass
class Review:
    interview: object
    a: object
    b: object
    themes: dict  # id → Theme, the round's themes
    stretches: list
    decisions: dict  # stretch key → ConsensusDecision
    html: str = ""
    open_count: int = 0
    texts: dict = field(default_factory=dict)


def build_review(coding_round, interview, a, b):
    """The Review of coders a and b (users) on the interview, with the round's themes only."""
    themes = {theme.pk: theme for theme in coding_round.themes.all()}
    rows = list(
        Coding.objects.filter(
            content_object__interview=interview, content_object__coder__in=[a, b], tag_id__in=list(themes)
        ).values_list("content_object__coder_id", "content_object__start", "content_object__end", "tag_id")
    )
    stretches = disagreements(rows, a.pk, b.pk)
    decisions = {
        (d.theme_id, d.start, d.end): d
        for d in ConsensusDecision.objects.filter(round=coding_round, interview=interview).select_related("decided_by")
    }
    cover_a = merge([(s, e) for coder, s, e, _ in rows if coder == a.pk])
    cover_b = merge([(s, e) for coder, s, e, _ in rows if coder == b.pk])
    review = Review(interview, a, b, themes, stretches, decisions)
    review.html = stripes(interview.text, cover_a, cover_b, stretches)
    review.open_count = sum(1 for s in stretches if s.key not in decisions)
    return review


def _covered(cover, position):
    """Whether `position` lies in one of the merged, sorted (start, end) pairs of `cover`."""
    i = bisect_right(cover, (position, float("inf"))) - 1
    return i >= 0 and cover[i][0] <= position < cover[i][1]


def stripes(text, cover_a, cover_b, stretches):
    """The text as HTML runs: class "ra" where A coded, "rb" where B did, "rd" inside a disagreement (with
    data-d, the indices of the disagreements there, space-separated); an empty span with id "d-i" marks where
    disagreement i begins."""
    spans = [(s.start, s.end) for s in stretches]
    cuts = boundaries(len(text), cover_a, cover_b, spans)
    starts = sorted((s.start, i) for i, s in enumerate(stretches))
    anchored, parts, active, next_start = set(), [], [], 0
    for left, right in zip(cuts, cuts[1:]):
        while next_start < len(starts) and starts[next_start][0] <= left:
            active.append(starts[next_start][1])
            next_start += 1
        active = [i for i in active if stretches[i].end > left]
        classes = [name for name, on in (("ra", _covered(cover_a, left)), ("rb", _covered(cover_b, left))) if on]
        piece = escape(text[left:right])
        if not classes and not active:
            parts.append(piece)
            continue
        attrs = ""
        if active:
            classes.append("rd")
            attrs = f' data-d="{" ".join(map(str, sorted(active)))}"'
            for i in sorted(i for i in active if i not in anchored):  # where each disagreement begins
                parts.append(f'<span class="ranchor" id="d-{i}"></span>')
                anchored.add(i)
        parts.append(f'<span class="{" ".join(classes)}"{attrs}>{piece}</span>')
    return "".join(parts)


@dataclass
class Item:
    """One disagreement as the page lists it."""

    index: int
    stretch: object
    theme: object
    kind: str
    a_texts: list
    b_texts: list
    decision: object
    span: tuple  # what "edit the span" starts from: both covers together


def items(review):
    """The review's disagreements as Items, with the text of each coder's cover (cut to 300 characters)."""
    text = review.interview.text

    def cut(pairs):
        return [(s, e, text[s:e] if e - s <= 300 else text[s : s + 299] + "…") for s, e in pairs]

    found = []
    for i, stretch in enumerate(review.stretches):
        both = stretch.both()
        found.append(
            Item(
                i,
                stretch,
                review.themes[stretch.theme],
                stretch.kind,
                cut(stretch.a),
                cut(stretch.b),
                review.decisions.get(stretch.key),
                (both[0][0], both[-1][1]),
            )
        )
    return found


def _quotes(texts):
    return " ".join(f"<q>{escape(text)}</q>" for _, _, text in texts) or f"<em>{escape(_('niets'))}</em>"


def _decision_form(review, item, action, csrf):
    stretch = item.stretch
    buttons = [
        (item.a_texts, "keep_a", "a", _("A overnemen")),
        (item.b_texts, "keep_b", "b", _("B overnemen")),
        (item.a_texts and item.b_texts, "keep_both", "c", _("Beide")),
    ]
    options = "".join(
        f'<option value="{t.pk}"{" selected" if t.pk == stretch.theme else ""}>{escape(t.name)}</option>'
        for t in review.themes.values()
    )
    return (
        f'<form method="post" action="{escape(action)}" class="rv-decide">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf)}">'
        f'<input type="hidden" name="theme" value="{stretch.theme}">'
        f'<input type="hidden" name="start" value="{stretch.start}">'
        f'<input type="hidden" name="end" value="{stretch.end}">'
        + "".join(
            f'<button type="submit" name="choice" value="{value}" data-key="{key}">'
            f"{escape(label)} <kbd>{key}</kbd></button> "
            for shown, value, key, label in buttons
            if shown
        )
        + f'<details><summary data-key="e">{escape(_("Span aanpassen of opnieuw coderen"))} <kbd>e</kbd></summary>'
        f'<label>{escape(_("Begin"))} <input type="number" name="span_start" min="0" value="{item.span[0]}"></label> '
        f'<label>{escape(_("Eind"))} <input type="number" name="span_end" min="1" value="{item.span[1]}"></label> '
        f'<label>{escape(_("Thema (opnieuw coderen)"))} <select name="new_theme">{options}</select></label> '
        f'<button type="submit" name="choice" value="edited" class="secondary">'
        f"{escape(_('Span aangepast vastleggen'))}</button> "
        f'<button type="submit" name="choice" value="new" class="secondary">{escape(_("Opnieuw coderen"))}</button>'
        "</details></form>"
    )


def list_html(review, found, action=None, csrf=""):
    """The disagreements as an ordered list's items, written here rather than in a template: Django renders a
    template node per field, over two seconds for the 460 disagreements of a long interview; this takes a few
    milliseconds. `action`: the decision URL when the reader may decide, else None (read only)."""
    kinds = {ONLY_A: _("alleen A"), ONLY_B: _("alleen B"), BOUNDARIES: _("andere grenzen")}
    parts = []
    for item in found:
        decision = item.decision
        if decision:
            when = timezone.localtime(decision.decided_at).strftime("%d-%m-%Y %H:%M")
            said = _("Besloten: %(choice)s (%(who)s, %(when)s)") % {
                "choice": decision.get_choice_display(),
                "who": decision.decided_by.username,
                "when": when,
            }
            tail = f'<p class="rv-decided">{escape(said)}</p>'
        else:
            tail = _decision_form(review, item, action, csrf) if action else ""
        parts.append(
            f'<li class="rv-item{" done" if decision else ""}" id="o-{item.index}" data-d="{item.index}" tabindex="-1">'
            f'<h3><span class="swatch" data-colour="{escape(item.theme.colour)}"></span>{escape(item.theme.name)} · '
            f"{escape(kinds[item.kind])}</h3>"
            f'<p><span class="rv-key ra">A</span> {_quotes(item.a_texts)}</p>'
            f'<p><span class="rv-key rb">B</span> {_quotes(item.b_texts)}</p>{tail}</li>'
        )
    return "".join(parts)
