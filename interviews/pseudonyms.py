"""Pseudonymisation of a transcript before it is stored: proposals, then the text with those accepted.

A proposal is a dict {start, end, original, replacement, kind, skip}: code points into the text, the
project's replacement for a listed name or a placeholder for what is detected here (e-mail addresses,
phone numbers, Dutch postcodes, BSN numbers that pass the eleven-test, IBANs that pass mod 97, person
names: see person_names). Pure functions, no Django.
"""

import functools
import re
import unicodedata

import spacy
from faker.providers.person.nl_NL import Provider as DutchPersons
from spacy.matcher import Matcher

KINDS = {
    "name": "naam",
    "email": "e-mailadres",
    "phone": "telefoonnummer",
    "postcode": "postcode",
    "bsn": "BSN",
    "iban": "IBAN",
    "person": "persoonsnaam",
}
PLACEHOLDERS = {
    "person": "[naam]",
    "email": "[e-mail]",
    "phone": "[telefoon]",
    "postcode": "[postcode]",
    "bsn": "[BSN]",
    "iban": "[IBAN]",
}

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
# 06-12345678, 030 123 4567, 020-1234567, +31 6 12345678, 0031 (0)30 1234567: ten digits with a 0 or +31.
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)31[ \-]?(?:\(0\)[ \-]?)?|0)(?:\d[ \-]?){8}\d(?!\d)")
POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b")
BSN = re.compile(r"(?<![\d.])\d{3}[. ]?\d{2}[. ]?\d{2}[. ]?\d{2}(?![\d])|(?<![\d.])\d{9}(?!\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")


def passes_eleven_test(digits):
    """The BSN eleven-test: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def passes_mod97(iban):
    """An IBAN's check: move the first four characters to the end, letters → 10..35, the number mod 97 is 1."""
    compact = iban.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


# Person names without a trained model (none can be downloaded here). The first names are Faker's nl_NL list
# (about 500 names given in the Netherlands, Dutch and of migrant origin: Daan, Fatima, Mohammed; Faker is kept up
# and its list is curated per locale). gender-guesser has a Netherlands column too, but is unmaintained since 2016.
# Faker has no separate list of tussenvoegsels (it folds them into surnames), so the usual ones are listed here.
FIRST_NAMES = frozenset(DutchPersons.first_names_male) | frozenset(DutchPersons.first_names_female)
TUSSENVOEGSELS = frozenset(
    "van de der den het 't 's ter ten te op in uit aan bij voor el al ben bin abu le la du des da di von zu".split()
)
# Words before a surname that say a person follows: "mevrouw Jansen", "dhr. de Vries", "dokter Bakker".
TITLES = frozenset("mevrouw meneer mevr mevr. mw mw. mvr mvr. dhr dhr. heer dokter dr dr. juf juffrouw".split())
# First names that are also Dutch words ("Ben je…", "Lieve mensen", "Het lot"): alone at the start of a sentence
# they are words; mid-sentence, capitalised, they are still taken as names.
WORD_NAMES = frozenset(
    "Ben Lieve Lot Job Roos Merel Mees Linde Kick Max Jade Amber Iris Floor Fleur Mark Bo Mare Jet".split()
)
SURNAME = r"^[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’-][^\W\d_]+)*$"  # Vries, Amrani, Jansen-de, D'Souza; not NIJMEGEN
NON_SURNAMES = frozenset(spacy.blank("nl").Defaults.stop_words)


@functools.cache
def _person_matcher():
    """spaCy's blank Dutch tokenizer (no model) and a Matcher with the person patterns."""
    nlp = spacy.blank("nl")
    nlp.max_length = 10_000_000  # only the tokenizer runs: no parser's memory to protect
    matcher = Matcher(nlp.vocab)
    tussen = {"LOWER": {"IN": sorted(TUSSENVOEGSELS)}, "OP": "*"}
    surname = {"TEXT": {"REGEX": SURNAME}, "LOWER": {"NOT_IN": sorted(NON_SURNAMES)}}
    hyphened = {"TEXT": {"REGEX": r"^[A-ZÀ-ÖØ-Þ][^\W\d_]*-(?:de|van|der|den|el)$"}}
    # "Jansen-de Boer": the tokenizer keeps "Jansen-de" whole, the rest of the double name follows.
    double = {"TEXT": {"REGEX": SURNAME}, "OP": "?"}
    first = {"ORTH": {"IN": sorted(FIRST_NAMES)}}
    matcher.add("FULL", [[first, tussen, surname], [first, tussen, hyphened, double]])
    title = {"LOWER": {"IN": sorted(TITLES)}}
    dot = {"ORTH": ".", "OP": "?"}
    matcher.add("TITLED", [[title, dot, tussen, surname], [title, dot, tussen, hyphened, double]])
    matcher.add("FIRST", [[first]])
    return nlp, matcher


def person_names(text, places=()):
    """[(start, end)] of person names in the text, in order, the longest where they overlap.

    Found: a first name from the list with an optional tussenvoegsel and a capitalised surname ("Jan de Vries",
    "Fatima el Amrani"), a surname after mevrouw/meneer/dhr./dokter… (the title itself stays), and a listed first
    name on its own. Not found: surnames alone, nicknames, names not on the list, initials ("J. de Vries" only as
    "de Vries" after a title). places: place names (municipalities, any case) that are never a surname.
    """
    nlp, matcher = _person_matcher()
    doc = nlp.make_doc(text)
    places = {place.lower() for place in places}
    found = []
    for match_id, start, end in matcher(doc):
        label = nlp.vocab.strings[match_id]
        span = doc[start:end]
        if label == "TITLED":
            start = next(t.i for t in span[1:] if t.text != ".")
            if doc[start:end].text.lower() in places:
                continue
        elif label == "FULL" and (doc[start + 1 : end].text.lower() in places or doc[end - 1].lower_ in places):
            end = start + 1
        if label != "TITLED" and end - start == 1 and _is_word(doc[start]):
            continue
        found.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)))
    names, last_end = [], 0
    for start, end in sorted(set(found), key=lambda f: (f[0], -(f[1] - f[0]))):
        if start >= last_end:
            names.append((start, end))
            last_end = end
    return names


def _is_word(token):
    """A lone first name that is also a Dutch word, at the start of a sentence or line."""
    if token.text not in WORD_NAMES:
        return False
    before = token.doc[token.i - 1] if token.i else None
    return before is None or before.is_space or before.text in {".", "!", "?", ":", '"', "“"}


def _name_pattern(name):
    words = [re.escape(word) for word in name.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def propose(text, names=(), places=()):
    """Every proposal for the text, in order, without overlaps (a longer match wins over a shorter one; on a
    tie the project's list wins).

    names: (name, replacement) pairs from the project's list. places: place names never taken as a surname.
    """
    found = []
    for name, replacement in names:
        if name.strip():
            found += [(m.start(), m.end(), "name", replacement) for m in _name_pattern(name).finditer(text)]
    found += [(start, end, "person", None) for start, end in person_names(text, places)]
    found += [(m.start(), m.end(), "email", None) for m in EMAIL.finditer(text)]
    found += [(m.start(), m.end(), "iban", None) for m in IBAN.finditer(text) if passes_mod97(m[0])]
    found += [(m.start(), m.end(), "phone", None) for m in PHONE.finditer(text)]
    found += [(m.start(), m.end(), "postcode", None) for m in POSTCODE.finditer(text)]
    found += [
        (m.start(), m.end(), "bsn", None) for m in BSN.finditer(text) if passes_eleven_test(re.sub(r"\D", "", m[0]))
    ]
    proposals, last_end = [], 0
    for start, end, kind, replacement in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if start >= last_end:
            proposals.append(
                {
                    "start": start,
                    "end": end,
                    "original": text[start:end],
                    "kind": kind,
                    "replacement": replacement or PLACEHOLDERS[kind],
                    "skip": False,
                }
            )
            last_end = end
    return proposals


def clean_replacement(value):
    """A replacement as it may enter canonical text: NFC, one line, no surrounding white space."""
    return " ".join(unicodedata.normalize("NFC", value).split())[:300]


def apply(text, proposals, spans=()):
    """(new text, spans moved along): the text with every proposal that is not skipped replaced.

    spans: (start, end, …) tuples over the old text; their start and end move with the replacements
    before them (a boundary inside a replaced stretch moves to the replacement's start or end).
    """
    accepted = sorted((p for p in proposals if not p["skip"]), key=lambda p: p["start"])
    pieces, moves, position, delta = [], [], 0, 0
    for p in accepted:
        pieces += [text[position : p["start"]], p["replacement"]]
        position = p["end"]
        new_start = p["start"] + delta
        delta += len(p["replacement"]) - (p["end"] - p["start"])
        moves.append((p["start"], p["end"], new_start, p["end"] + delta))
    pieces.append(text[position:])

    def moved(offset, is_end):
        shift = 0
        for start, end, new_start, new_end in moves:
            if start < offset < end:
                return new_end if is_end else new_start
            if end > offset:
                break
            shift = new_end - end
        return offset + shift

    new_spans = [(moved(s[0], False), moved(s[1], True), *s[2:]) for s in spans]
    return "".join(pieces), [s for s in new_spans if s[0] < s[1]]


def key_lines(proposals):
    """The distinct (original, replacement, kind) of the accepted proposals: the key to keep."""
    return sorted({(p["original"], p["replacement"], p["kind"]) for p in proposals if not p["skip"]})
