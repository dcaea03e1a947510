"""Theme rules: words and phrases matched by lemma (spaCy's PhraseMatcher) over the token index. Running
rules creates suggestions on sentences or speaker turns; a researcher reviews them (models.Suggestion).

A sentence or turn already coded with the rule's theme (by anyone) gets no suggestion, and a unit once
suggested by a rule is not suggested by it again, also not after a rejection.
"""

from dataclasses import dataclass, field

from django.conf import settings
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .models import Passage, Suggestion, ThemeRule, Token
from .nlp import pipeline
from .textsearch import MAX_WORDS, REGEX_LOOKING, Units, index_missing

MAX_TERMS = 50
WARN_AT = 1000  # more new suggestions than this: ask before creating them (settings.SUGGESTION_WARN_AT)


def warn_at():
    return getattr(settings, "SUGGESTION_WARN_AT", WARN_AT)


def clean_terms(text):
    """The rule's words and phrases, one a line, each once; ValueError with a Dutch message when unusable."""
    terms = list(dict.fromkeys(" ".join(line.split()) for line in (text or "").splitlines() if line.strip()))
    if not terms:
        raise ValueError("Geef minstens één woord of zinsdeel, één per regel.")
    if len(terms) > MAX_TERMS:
        raise ValueError(f"Een regel kan hoogstens {MAX_TERMS} woorden of zinsdelen hebben.")
    for term in terms:
        if REGEX_LOOKING.search(term):
            raise ValueError(
                f"‘{term}’: reguliere expressies en jokertekens worden niet ondersteund; typ gewone "
                "woorden (alle vormen tellen al mee)."
            )
        words = [t for t in pipeline()(term) if any(c.isalnum() for c in t.text)]
        if not words:
            raise ValueError(f"‘{term}’ bevat geen woorden.")
        if len(words) > MAX_WORDS:
            raise ValueError(f"‘{term}’: een zinsdeel heeft hoogstens {MAX_WORDS} woorden.")
        if all(t.is_stop for t in words):
            raise ValueError(f"‘{term}’ bestaat alleen uit stopwoorden en zou bijna elke zin treffen.")
    return terms


def _pattern(nlp, term):
    words = [t for t in nlp(term) if any(c.isalnum() for c in t.text)]
    return Doc(nlp.vocab, words=[t.text for t in words], lemmas=[t.lemma_ for t in words])


def _doc(nlp, text, rows):
    """A spaCy Doc of an interview rebuilt from its stored tokens (start, end, lemma, sentence)."""
    words = [text[start:end] for start, end, _lemma, _sentence in rows]
    spaces = [a[1] < b[0] for a, b in zip(rows, rows[1:])] + [False]
    starts = [i == 0 or rows[i - 1][3] != row[3] for i, row in enumerate(rows)]
    return Doc(nlp.vocab, words=words, spaces=spaces, lemmas=[r[2] for r in rows], sent_starts=starts)


@dataclass
class Candidate:
    rule: object
    interview_id: int
    start: int
    end: int
    triggers: list = field(default_factory=list)

    @property
    def key(self):
        return (self.rule.pk, self.interview_id, self.start, self.end)


def candidates(rules, interviews):
    """What the rules would suggest in these interviews: one Candidate per (rule, sentence or turn)."""
    nlp = pipeline()
    matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    by_key = {}
    for rule in rules:
        by_key[f"rule-{rule.pk}"] = rule
        matcher.add(f"rule-{rule.pk}", [_pattern(nlp, term) for term in rule.term_list()])
    found = {}
    for interview in interviews.only("pk", "text"):
        rows = list(
            Token.objects.filter(interview=interview)
            .order_by("position")
            .values_list("start", "end", "lemma", "sentence")
        )
        if not rows or not by_key:
            continue
        units = Units(interview, rows=[(sentence, start, end) for start, end, _lemma, sentence in rows])
        coded = _coded_spans(interview, rules)
        for match_id, first, last in matcher(_doc(nlp, interview.text, rows)):
            rule = by_key[nlp.vocab.strings[match_id]]
            start, end, sentence = rows[first][0], rows[last - 1][1], rows[first][3]
            unit = units.sentence(sentence) if rule.unit == "sentence" else units.turn(start, end, sentence)
            if any(s < unit[1] and unit[0] < e for s, e in coded.get(rule.theme_id, ())):
                continue
            candidate = found.setdefault((rule.pk, interview.pk, *unit), Candidate(rule, interview.pk, *unit))
            candidate.triggers.append([start, end])
    return list(found.values())


def _coded_spans(interview, rules):
    spans = {}
    theme_ids = {rule.theme_id for rule in rules}
    passages = Passage.objects.filter(interview=interview, codings__tag__in=theme_ids)
    for theme_id, start, end in passages.values_list("codings__tag_id", "start", "end"):
        spans.setdefault(theme_id, []).append((start, end))
    return spans


@dataclass
class Run:
    new: int  # suggestions the rules found that did not exist yet
    created: int
    needs_confirmation: bool = False


def run_rules(rules, interviews, confirmed=False):
    """Create the rules' new suggestions in these interviews; when there would be more than warn_at()
    and the researcher has not confirmed, create nothing and say so."""
    rules = list(rules)
    index_missing(interviews)
    existing = set(
        Suggestion.objects.filter(rule__in=rules, interview__in=interviews.values("pk")).values_list(
            "rule_id", "interview_id", "start", "end"
        )
    )
    new = [c for c in candidates(rules, interviews) if c.key not in existing]
    if len(new) > warn_at() and not confirmed:
        return Run(len(new), 0, needs_confirmation=True)
    Suggestion.objects.bulk_create(
        [
            Suggestion(rule=c.rule, interview_id=c.interview_id, start=c.start, end=c.end, triggers=c.triggers)
            for c in new
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return Run(len(new), len(new))


def run_in_project(project, rule=None, interview=None, confirmed=False):
    """run_rules with one rule of `project` (None: all its rules) over one of its interviews (None: all)."""
    rules = [rule] if rule else ThemeRule.objects.filter(theme__project=project).select_related("theme")
    interviews = project.interviews.all()
    if interview:
        interviews = interviews.filter(pk=interview.pk)
    return run_rules(rules, interviews, confirmed=confirmed)


def in_context(suggestion, text, width=150):
    """(before, parts, after) for the review page: parts are (text, is_trigger) pieces of the unit."""
    parts, at = [], suggestion.start
    for start, end in sorted(suggestion.triggers):
        if start < at or end > suggestion.end:
            continue
        if start > at:
            parts.append((text[at:start], False))
        parts.append((text[start:end], True))
        at = end
    if at < suggestion.end:
        parts.append((text[at : suggestion.end], False))
    before = text[max(0, suggestion.start - width) : suggestion.start]
    after = text[suggestion.end : suggestion.end + width]
    return (
        ("…" if suggestion.start > width else "") + before,
        parts,
        after + ("…" if suggestion.end + width < len(text) else ""),
    )
