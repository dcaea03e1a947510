"""Search a project's interviews by word, phrase or lemma over the token index, show the hits as
keyword-in-context lines, and code them (the match, its sentence or its speaker turn).

The index (models.Token) holds every word of every interview with its lower-case form and lemma, so a
search reads only the index entries of its words: one indexed lookup per word, then the context is cut
from the texts of the interviews that have hits.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from urllib.parse import quote

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Action, Origin, Passage, Segment, Source, Subject, TextChanged, TextVersion, Token, lock_unchanged
from .models.history import SNAPSHOT_FIELDS, fields_of, snapshot
from .nlp import pipeline
from .nlp import tokens as word_tokens
from .transcripts.text import TURN_LABEL, label_spans

MAX_WORDS = 8
MAX_HITS = 5000  # more hits than this: the first ones are shown and the researcher is asked to narrow down
CONTEXT = 70  # characters of context either side of a match
REGEX_LOOKING = re.compile(r"[\\^$*+{}\[\]|()]|\.[*+?]")  # a trailing "?" or "!" is just punctuation
SENTENCE_TAIL = ".!?…;:\"'’”)»"


def word_rows(text):
    """(position, start, end, lower, lemma, sentence, label) of each word of `text` (a token with a letter or
    digit); `label`: the word is part of a speaker label ("Wethouder:"), which word frequencies leave out."""
    labels = label_spans(text)
    rows, i = [], 0
    words = (t for t in word_tokens(text) if any(c.isalnum() for c in t[2]))
    for position, (start, end, lower, lemma, sentence) in enumerate(words):
        while i < len(labels) and labels[i][1] <= start:
            i += 1
        in_label = i < len(labels) and labels[i][0] <= start and end <= labels[i][1]
        rows.append((position, start, end, lower, lemma, sentence, in_label))
    return rows


def index_interview(interview):
    """(Re)build the interview's word index (Token rows) from its text; returns the number of words. The words
    are found before the write transaction (no lock held while spaCy works); nothing is written when a
    correction changed the text meanwhile (its own task indexes the new text)."""
    rows = [
        Token(interview=interview, position=position, start=start, end=end, lower=lower, lemma=lemma,
              sentence=sentence, label=label)
        for position, start, end, lower, lemma, sentence, label in word_rows(interview.text)
    ]  # fmt: skip
    with transaction.atomic():
        if not interview.text_still_current():
            return 0
        Token.objects.filter(interview=interview).delete()
        Token.objects.bulk_create(rows, batch_size=4000)
    return len(rows)


def index_missing(interviews):
    """Index those of `interviews` that have no tokens yet; returns how many were indexed."""
    todo = interviews.exclude(Exists(Token.objects.filter(interview=OuterRef("pk"))))
    count = 0
    for interview in todo.only("pk", "text"):
        index_interview(interview)
        count += 1
    return count


class SearchError(ValueError):
    """A query that cannot be searched; the message is for the researcher."""


@dataclass(frozen=True)
class Query:
    text: str
    field: str  # "lemma" or "lower"
    words: tuple

    @property
    def by_lemma(self):
        return self.field == "lemma"


def parse_query(text, by_lemma=True):
    """A Query of the words of `text`, or SearchError with a Dutch message."""
    text = (text or "").strip()
    if not text:
        raise SearchError("Typ een woord of zinsdeel om naar te zoeken.")
    if REGEX_LOOKING.search(text):
        raise SearchError(
            "Reguliere expressies en jokertekens (zoals * [ ] | ( ) ^ $) worden niet ondersteund: typ gewone "
            "woorden. Zoek op ‘alle vormen’ om ook meervouden en vervoegingen te vinden."
        )
    tokens = [t for t in pipeline()(text) if any(c.isalnum() for c in t.text)]
    if not tokens:
        raise SearchError("De zoekopdracht bevat geen woorden.")
    if len(tokens) > MAX_WORDS:
        raise SearchError(f"Zoek op hoogstens {MAX_WORDS} woorden tegelijk.")
    if all(t.is_stop for t in tokens):
        raise SearchError(
            f"‘{text}’ bestaat alleen uit stopwoorden (zoals de, het, en), die in bijna elke zin staan. "
            "Voeg een woord met inhoud toe."
        )
    field = "lemma" if by_lemma else "lower"
    return Query(text, field, tuple((t.lemma_ if by_lemma else t.lower_)[:100] for t in tokens))


@dataclass
class Hit:
    interview_id: int
    start: int
    end: int
    sentence: int
    title: str = ""
    left: str = ""
    match: str = ""
    right: str = ""

    @property
    def key(self):
        return f"{self.interview_id}:{self.start}:{self.end}"


def find(query, interviews):
    """The hits of `query` in `interviews` (a queryset), in document order: words in a row, in one sentence.

    A phrase is one query: the index entries of its most telling word (the longest that is no stop word),
    each checked against its neighbours through the (interview, position) index."""
    tokens = Token.objects.filter(interview__in=interviews.values("pk"))
    stop = pipeline().Defaults.stop_words
    anchor = max(range(len(query.words)), key=lambda k: (query.words[k] not in stop, len(query.words[k])))
    rows = tokens.filter(**{query.field: query.words[anchor]})
    first, last = anchor, anchor
    for k, word in enumerate(query.words):
        if k == anchor:
            continue
        near = Token.objects.filter(interview=OuterRef("interview"), position=OuterRef("position") + (k - anchor))
        rows = rows.annotate(
            **{f"w{k}": Subquery(near.values(query.field)[:1]), f"s{k}": Subquery(near.values("sentence")[:1])}
        ).filter(**{f"w{k}": word, f"s{k}": F("sentence")})
        if k == 0:
            rows, first = rows.annotate(first_start=Subquery(near.values("start")[:1])), k
        if k == len(query.words) - 1:
            rows, last = rows.annotate(last_end=Subquery(near.values("end")[:1])), k
    columns = [
        "interview_id",
        "first_start" if first != anchor else "start",
        "last_end" if last != anchor else "end",
        "sentence",
    ]
    hits = [Hit(*row) for row in rows.values_list(*columns)]
    hits.sort(key=lambda h: (h.interview_id, h.start))
    return hits


def interviews_to_search(project, stakeholder_group=None, municipality=None, year=None, label=None):
    """The project's interviews a search reads: those that pass the interview list's filters and have `label`."""
    interviews = project.interviews.filter_by(stakeholder_group, municipality, year)
    return interviews.filter(labels__name=label) if label else interviews


def search(query, interviews, theme=None, coded="", order="", passages=None):
    """The hits of `query` in `interviews`: with `theme`, only those inside (coded="yes") or outside ("no") a
    passage coded with it or a subtheme (of `passages`, the ones the reader may see; all when None); at most
    MAX_HITS, sorted by `order` ("interview" by default).
    Sorting by interview needs the titles only: the page gives the hits it shows their context."""
    hits = find(query, interviews)
    if theme and coded:
        passages = Passage.objects.all() if passages is None else passages
        hits = filter_coded(hits, passages.coded_with(theme.descendant_ids()), coded == "yes")
    hits, order = hits[:MAX_HITS], order or "interview"
    (add_titles if order == "interview" else add_context)(hits, interviews)
    return sort_hits(hits, order)


def add_titles(hits, interviews):
    titles = dict(interviews.filter(pk__in={h.interview_id for h in hits}).values_list("pk", "title"))
    for hit in hits:
        hit.title = titles[hit.interview_id]
    return hits


def add_context(hits, interviews, width=CONTEXT):
    """Give each hit its interview title and left / match / right text (white space made single); only the
    texts of these hits' interviews are read, so a page of hits reads a page's worth."""
    if not hits:
        return hits
    texts = dict(interviews.filter(pk__in={h.interview_id for h in hits}).values_list("pk", "text"))
    titles = dict(interviews.filter(pk__in=texts).values_list("pk", "title"))
    for hit in hits:
        text = texts[hit.interview_id]
        left = text[max(0, hit.start - width) : hit.start]
        right = text[hit.end : hit.end + width]
        if hit.start > width and " " in left:
            left = "…" + left[left.index(" ") :]
        if hit.end + width < len(text) and " " in right:
            right = right[: right.rindex(" ")] + " …"
        hit.title = titles[hit.interview_id]
        hit.left, hit.match, hit.right = (" ".join(part.split()) for part in (left, text[hit.start : hit.end], right))
        hit.left += " " if left[-1:].isspace() else ""
        hit.right = (" " if right[:1].isspace() else "") + hit.right
    return hits


SORTS = {
    "interview": lambda h: (h.title.casefold(), h.interview_id, h.start),
    "left": lambda h: ([w.casefold() for w in reversed(h.left.split())], h.start),
    "match": lambda h: (h.match.casefold(), h.title.casefold(), h.start),
    "right": lambda h: ([w.casefold() for w in h.right.split()], h.start),
}


def sort_hits(hits, order):
    return sorted(hits, key=SORTS.get(order, SORTS["interview"]))


def filter_coded(hits, passages, coded):
    """Keep the hits that do (coded=True) or do not (False) overlap one of `passages` (a queryset)."""
    spans = {}
    for i, start, end in passages.filter(interview_id__in={h.interview_id for h in hits}).values_list(
        "interview_id", "start", "end"
    ):
        spans.setdefault(i, []).append((start, end))
    return [h for h in hits if any(s < h.end and h.start < e for s, e in spans.get(h.interview_id, ())) == coded]


def place_url(slug, hit):
    """The interview page at the hit: ?at= for the page, a text fragment so the browser scrolls to it."""
    url = reverse("interviews:interview_detail", args=[slug, hit.interview_id])
    before = " ".join(hit.left.replace("…", "").split()[-3:])
    fragment = f"{quote(before, safe='')}-," if before else ""
    return f"{url}?at={hit.start}-{hit.end}#:~:text={fragment}{quote(hit.match, safe='')}"


class Units:
    """The sentence and speaker-turn spans of one interview, for coding a hit's unit."""

    def __init__(self, interview, rows=None):
        """rows: the interview's (sentence, start, end) tokens when the caller has them already."""
        self.text = interview.text
        self.sentences = {}
        if rows is None:
            rows = Token.objects.filter(interview=interview).values_list("sentence", "start", "end")
        for sentence, start, end in rows:
            low, high = self.sentences.get(sentence, (start, end))
            self.sentences[sentence] = (min(low, start), max(high, end))
        self.turns = list(interview.segments.filter(kind=Segment.Kind.TURN).values_list("start", "end"))
        self.turn_starts = [start for start, _ in self.turns]

    def sentence(self, number):
        """The sentence's span with its closing punctuation, without a speaker label in front."""
        start, end = self.sentences[number]
        while end < len(self.text) and self.text[end] in SENTENCE_TAIL:
            end += 1
        label = TURN_LABEL.match(self.text, self.text.rfind("\n", 0, start) + 1)
        if label and start < label.end() and self.text[label.end() : end].strip():
            start = end - len(self.text[label.end() : end].lstrip())
        return start, end

    def turn(self, start, end, sentence):
        """The speaker turn around start–end; the sentence when the text has no turns there."""
        i = bisect_right(self.turn_starts, start) - 1
        if i >= 0 and self.turns[i][1] >= end:
            return self.turns[i]
        return self.sentence(sentence)

    def span(self, unit, hit):
        if unit == "sentence":
            return self.sentence(hit.sentence)
        if unit == "turn":
            return self.turn(hit.start, hit.end, hit.sentence)
        return hit.start, hit.end


@transaction.atomic
def code_hits(hits, interviews, theme, coder, unit, keys=None, versions=None):
    """Code each hit's unit (match, sentence or turn) with `theme` as `coder`'s passage (origin "search");
    a unit hit twice becomes one passage. `keys`: code only the hits with these keys (None: all), so what is
    coded comes from the search itself, never offsets from the browser. `versions`: the interviews' text versions
    read before the search (TextVersion.objects.latest_numbers): TextChanged when one was corrected since.
    Returns the number of passages coded."""
    spans = set()
    by_interview = {}
    for hit in hits if keys is None else [h for h in hits if h.key in keys]:
        by_interview.setdefault(hit.interview_id, []).append(hit)
    if versions is None:  # the caller searched in this transaction: only lock the rows
        versions = TextVersion.objects.latest_numbers(by_interview)
    if not lock_unchanged(by_interview, versions):
        raise TextChanged(_("Een tekst is intussen gecorrigeerd; er is niets gecodeerd."))
    for interview in interviews.filter(pk__in=by_interview):
        units = Units(interview) if unit != "match" else None
        spans.update(
            (interview, *(units.span(unit, hit) if units else (hit.start, hit.end)))
            for hit in by_interview[interview.pk]
        )
    actions = []
    with transaction.atomic():
        for interview, start, end in sorted(spans, key=lambda span: (span[0].pk, span[1], span[2])):
            passage, created = Passage.code_span(interview, coder, start, end, [])
            before = {} if created else snapshot(Subject.PASSAGE, passage)
            passage.code([theme], origin=Origin.SEARCH)
            after = fields_of(passage, SNAPSHOT_FIELDS[Subject.PASSAGE])
            after["themes"] = sorted({*before.get("themes", []), theme.pk})
            if before != after:
                actions.append(
                    _search_action(theme.project, passage, coder, "create" if created else "code", before, after)
                )
        Action.store(actions)
    return len(spans)


def _search_action(project, passage, coder, verb, before, after):
    """History: a passage coded from search and code (label: its first words)."""
    return Action.build(
        project,
        coder,
        Subject.PASSAGE,
        verb,
        subject_id=passage.pk,
        label=passage.text[:80],
        before=before,
        after=after,
        interview=passage.interview,
        source=Source.SEARCH,
    )
