"""Pseudonymisation of a transcript before it is stored: proposals, then the text with those accepted.

A proposal is a dict {start, end, original, replacement, kind, skip}: code points into the text, the
project's replacement for a listed name or a placeholder for what is detected here (e-mail addresses,
phone numbers, Dutch postcodes, BSN numbers that pass the eleven-test, IBANs that pass mod 97).
Pure functions, no Django.
"""

import re
import unicodedata

KINDS = {
    "name": "naam",
    "email": "e-mailadres",
    "phone": "telefoonnummer",
    "postcode": "postcode",
    "bsn": "BSN",
    "iban": "IBAN",
}
PLACEHOLDERS = {"email": "[e-mail]", "phone": "[telefoon]", "postcode": "[postcode]", "bsn": "[BSN]", "iban": "[IBAN]"}

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


def _name_pattern(name):
    words = [re.escape(word) for word in name.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def propose(text, names=()):
    """Every proposal for the text, in order, without overlaps (a longer match wins over a shorter one).

    names: (name, replacement) pairs from the project's list.
    """
    found = []
    for name, replacement in names:
        if name.strip():
            found += [(m.start(), m.end(), "name", replacement) for m in _name_pattern(name).finditer(text)]
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
