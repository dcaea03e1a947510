"""Dutch text processing: one cached spaCy pipeline, sentences and lemmas.

The pipeline is the spaCy model named in settings.SPACY_MODEL when it is installed, otherwise
spacy.blank("nl") with the sentencizer and the lookup lemmatizer of spacy-lookups-data (nothing is
downloaded at run time). The lookup table misses many plurals, inflections and compounds
(gemeenten, verloskundigen, jeugdverpleegkundigen); `dutch_lemma` adds a small fallback that only
accepts a candidate lemma found in the lookup vocabulary.

Offsets are code points into the text (str indices), end exclusive. Sentences never cross a line
break: a transcript's lines (speaker turns) are processed one by one.
"""

import functools
import re
from dataclasses import dataclass

import spacy
from spacy.language import Language

MAX_WORD = 100  # longer tokens (URLs) are cut to this many characters in the index

# (suffix, replacement), tried in order; a candidate counts only when it is in the lookup vocabulary.
# Noun plurals and diminutives, adjective inflections:
NOUN_RULES = [
    ("heden", "heid"),
    ("ën", ""),
    ("'s", ""),
    ("’s", ""),
    ("tjes", "tje"),
    ("jes", "je"),
    ("ssen", "s"),
    ("kken", "k"),
    ("tten", "t"),
    ("llen", "l"),
    ("nnen", "n"),
    ("mmen", "m"),
    ("ppen", "p"),
    ("rren", "r"),
    ("ffen", "f"),
    ("ggen", "g"),
    ("dden", "d"),
    ("bben", "b"),
    ("zen", "s"),
    ("ven", "f"),
    ("eren", ""),
    ("n", ""),
    ("en", ""),
    ("s", ""),
    ("ste", ""),
    ("ere", ""),
    ("st", ""),
    ("er", ""),
    ("e", ""),
]
# Verb forms (past tense, present), tried after compounds:
VERB_RULES = [
    ("dden", "den"),
    ("tten", "ten"),
    ("dde", "den"),
    ("tte", "ten"),
    ("de", "en"),
    ("te", "en"),
    ("dt", "den"),
    ("t", "en"),
]
DOUBLE_VOWEL = re.compile(r"([^aeiou])([aeou])([^aeiou]+)$")  # taken → tak → taak, bomen → boom
PARTICIPLE = re.compile(r"^(?P<prefix>[a-z]*?)ge(?P<stem>[a-z]{3,}?)(?:d|t|en)$")  # gefinancierd, samengewerkt
# Plurals the lookup vocabulary only knows as verbs (kinderen, "to child"); the domain needs the noun.
NOUN_PLURALS = {
    "kinderen": "kind",
    "kindertjes": "kindje",
    "bomen": "boom",
    "huizen": "huis",
    "taken": "taak",
    "eieren": "ei",
    "steden": "stad",
    "schepen": "schip",
}
LINKING = ("", "s", "e", "en")  # compound joints: jeugd|zorg, gezondheid|s|zorg, kinder|en|...


@dataclass(frozen=True)
class Lexicon:
    """The lookup table (form → lemma, a spaCy Table taking strings) and the lemmas it knows."""

    table: object
    words: frozenset

    def knows(self, word):
        return word in self.words or word in self.table


@functools.cache
def lexicon():
    """The Dutch lookup vocabulary: the lemmatizer's table plus the index of known lemmas."""
    from spacy.lookups import load_lookups

    nlp = pipeline()
    if "lemmatizer" in nlp.pipe_names and nlp.get_pipe("lemmatizer").mode == "lookup":
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    else:
        table = load_lookups("nl", ["lemma_lookup"]).get_table("lemma_lookup")
    index = load_lookups("nl", ["lemma_index"]).get_table("lemma_index")
    words = set(table.values())
    for pos in ("noun", "adj", "verb", "adp", "det"):
        words.update(index.get(pos, []))
    return Lexicon(table, frozenset(words))


def dutch_lemma(word):
    """The lemma of one lower-case word: the lookup table, else the fallback rules, else the word."""
    return _lemma(word, lexicon())


@functools.lru_cache(maxsize=200_000)
def _cached_lemma(word):
    return _lemma(word, lexicon())


def _lemma(word, lex):
    if word in NOUN_PLURALS:
        return NOUN_PLURALS[word]
    if word in lex.table:
        return lex.table[word]
    if word in lex.words or len(word) < 4 or not word.isalpha():
        return word
    found = _by_suffix(word, lex, NOUN_RULES)
    if found:
        return found
    for cut in range(3, len(word) - 3):  # a compound: a known first part and a known last part
        head = word[cut:]
        if not _known_prefix(word[:cut], lex):
            continue
        head_lemma = _head_lemma(head, lex)
        if head_lemma:
            return word[:cut] + head_lemma
    return _by_suffix(word, lex, VERB_RULES) or word


def _head_lemma(head, lex):
    """The lemma of a compound's last part; compounds end in nouns, so "gelden" is taken as plural here."""
    if head in NOUN_PLURALS:
        return NOUN_PLURALS[head]
    if head in lex.table:
        return lex.table[head]
    if head in lex.words and not head.endswith("en"):
        return head
    return _by_suffix(head, lex, NOUN_RULES) or (head if head in lex.words else None)


def _by_suffix(word, lex, rules):
    for suffix, replacement in rules:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: len(word) - len(suffix)]
            for candidate in (stem + replacement, _double_vowel(stem) + replacement):
                if candidate != word and lex.knows(candidate):
                    return lex.table[candidate] if candidate in lex.table else candidate
    if match := PARTICIPLE.match(word):
        verb = match["prefix"] + match["stem"] + "en"
        if lex.knows(verb):
            return verb
    return None


def _double_vowel(stem):
    return DOUBLE_VOWEL.sub(lambda m: m[1] + m[2] * 2 + m[3], stem)


def _known_prefix(prefix, lex):
    return any(
        prefix.endswith(joint) and lex.knows(prefix[: len(prefix) - len(joint)])
        for joint in LINKING
        if len(prefix) - len(joint) >= 3
    )


@Language.component("dutch_lemma_fallback")
def dutch_lemma_fallback(doc):
    """Lower-case lemmas; forms the lemmatizer did not know get the fallback's lemma."""
    for token in doc:
        lemma = token.lemma_.lower()
        if not lemma or lemma == token.lower_:
            if token.is_title and token.i > 0 and doc[token.i - 1].is_alpha:
                lemma = token.lower_  # a capital right after a word: a name, leave it as it is
            else:
                lemma = _cached_lemma(token.lower_)
        token.lemma_ = lemma
    return doc


@functools.cache
def pipeline():
    """The one spaCy pipeline of the app (cached): settings.SPACY_MODEL when installed, else blank Dutch."""
    from django.conf import settings

    name = getattr(settings, "SPACY_MODEL", None)
    nlp = None
    if name:
        try:
            nlp = spacy.load(name, exclude=["ner"])
        except OSError:
            nlp = None
    if nlp is None:
        nlp = spacy.blank("nl")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    nlp.add_pipe("dutch_lemma_fallback", last=True)
    nlp.max_length = 10_000_000
    return nlp


def _lines(text):
    """(offset, line) for each non-blank line of the text."""
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1


def docs(text):
    """(offset, doc) for each non-blank line, parsed by the pipeline."""
    lines = list(_lines(text))
    return zip((offset for offset, _ in lines), pipeline().pipe(line for _, line in lines))


def sentence_spans(text):
    """[(start, end)] of the sentences of `text` in code points, without surrounding whitespace.
    A sentence never crosses a line break."""
    spans = []
    for offset, doc in docs(text):
        for sent in doc.sents:
            chunk = sent.text
            start = offset + sent.start_char + (len(chunk) - len(chunk.lstrip()))
            end = offset + sent.end_char - (len(chunk) - len(chunk.rstrip()))
            if start < end:
                spans.append((start, end))
    return spans


def tokens(text):
    """Yield (start, end, lower, lemma, sentence) for every non-space token; sentence counts from 0
    over the whole text."""
    sentence = -1
    for offset, doc in docs(text):
        for token in doc:
            if token.is_sent_start or token.i == 0:
                sentence += 1
            if token.is_space:
                continue
            start = offset + token.idx
            yield start, start + len(token.text), token.lower_[:MAX_WORD], token.lemma_[:MAX_WORD], sentence


def lemmas(phrase):
    """The lemmas of the words of a short phrase (a query or a rule), punctuation left out."""
    return [token.lemma_ for token in pipeline()(phrase) if not token.is_space and not token.is_punct]


def is_stop_word(word):
    return word.lower() in pipeline().Defaults.stop_words


def warm_up():
    """Load the pipeline and the lookup tables now (a worker starting), not on the first search of a user: the
    first lemma search on a fresh gunicorn worker took 15-18 s (issue 15). Returns the pipeline."""
    lemmas("gemeenten gefinancierd")
    return pipeline()
