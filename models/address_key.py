"""Pure functions that turn a written street address into comparable keys.

Kept apart from the ORM so that the matching rules can be tested and reused
(businesses, premises, imports) without a database. German street writing is
messy: "Eisenbahnstr. 49", "Eisenbahnstrasse 49a", "Dresdner Straße 74/76",
"Straße des 18. Oktober 5", "Konradstr. 3a/3b/3c", "Eisenbahnstraße 49/II",
"Torgauer Str. 114, 2. OG". Two spellings of the same street must give the
same key; the first house number counts.
"""

import re
import unicodedata

_TRANSLITERATION = str.maketrans({"ß": "ss", "ä": "ae", "ö": "oe", "ü": "ue"})
# Abbreviations as a whole word ("Str. des 17. Juni") or as a word ending ("Eisenbahnstr.").
_WORD_ABBREVIATIONS = {"str": "strasse", "pl": "platz"}
_SUFFIX_ABBREVIATIONS = (("str", "strasse"),)

# A house number is the first number after the street name that is not an
# ordinal ("18." in "Straße des 18. Oktober"). Whatever follows it is an
# addition that does not change the building's place in the street: letters,
# further numbers, ranges, floors, wings ("49a-c", "11/13/15", "49/II",
# "49, 2. OG", "49 Hinterhaus", "49 1.OG links").
_NUMBER_RE = re.compile(r"\d+(?!\d)(?!\s*\.\s*[^\W\d_])")
# What may stand between the street name and its number: spaces, commas, "Nr.".
_NAME_END_RE = re.compile(r"(?:[\s,]|\bnr\b\.?)*$", re.IGNORECASE)
_LETTER_RE = re.compile(r"[^\W\d_]")
# Spreadsheets read German ZIP codes as numbers and drop the leading zero ("4315" for 04315 Leipzig).
_STRIPPED_GERMAN_ZIP_RE = re.compile(r"\d{4}")


def normalize_street(street_name):
    """Return the comparison key of a street name, or "" for an empty one.

    Case, accents, spaces, hyphens, dots and the abbreviations "Str."/"str."
    and "Pl." do not matter: "Hermann-Liebmann-Str." and
    "hermann liebmann strasse" give the same key.
    """
    if not street_name:
        return ""
    text = street_name.strip().lower().translate(_TRANSLITERATION)
    # Remaining accents (é, č, ...) compare equal to their base letter.
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "".join(_expand_abbreviation(word) for word in re.findall(r"[a-z0-9]+", text))


def _expand_abbreviation(word):
    if word in _WORD_ABBREVIATIONS:
        return _WORD_ABBREVIATIONS[word]
    for short, full in _SUFFIX_ABBREVIATIONS:
        if word.endswith(short) and not word.endswith(full):
            return word[: -len(short)] + full
    return word


def normalize_zip(zip_code, country_code="DE"):
    """Return a ZIP code without spaces, "" when empty.

    German ZIP codes have five digits; a four-digit one lost its leading zero
    in a spreadsheet and gets it back ("4315" -> "04315"). An empty country
    counts as Germany, the default; other countries' codes keep their digits.
    """
    text = re.sub(r"\s+", "", zip_code or "")
    if (country_code or "DE").upper() == "DE" and _STRIPPED_GERMAN_ZIP_RE.fullmatch(text):
        return "0" + text
    return text


def normalize_city(city):
    """Return the comparison key of a city name ("Leipzig", " leipzig ")."""
    return normalize_street(city)


def split_street(street):
    """Split a one-line street into (street key, first house number or None).

    >>> split_street("Eisenbahnstr. 49a")
    ('eisenbahnstrasse', 49)
    >>> split_street("Dresdner Straße 74/76")
    ('dresdnerstrasse', 74)
    >>> split_street("Eisenbahnstraße 49, 2. OG")
    ('eisenbahnstrasse', 49)
    >>> split_street("Eisenbahnstraße")
    ('eisenbahnstrasse', None)
    """
    if not street:
        return "", None
    text = " ".join(street.split())
    for match in _NUMBER_RE.finditer(text):
        name = _NAME_END_RE.sub("", text[: match.start()])
        # A number with no letter before it follows no street name ("Nr. 5").
        if _LETTER_RE.search(name):
            return normalize_street(name), int(match.group())
    return normalize_street(text), None


def number_matches(number, number_from, number_to, parity):
    """Tell whether a house number lies in an inclusive range with a parity.

    ``number_from`` / ``number_to`` may be None (open end); ``parity`` is
    ``"all"``, ``"odd"`` or ``"even"``. An address without a house number
    only matches a rule that covers the whole street.
    """
    if number is None:
        return number_from is None and number_to is None and parity == "all"
    if number_from is not None and number < number_from:
        return False
    if number_to is not None and number > number_to:
        return False
    if parity == "odd":
        return number % 2 == 1
    if parity == "even":
        return number % 2 == 0
    return True
