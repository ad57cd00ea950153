"""Pure functions that tell whether two records may be the same business: name and address keys.

Kept apart from the ORM, like ``address_key``: the form's duplicate warning, the
"Possible duplicates" list and the business-register import compare the same keys.
A business is typed in many ways ("Musterbäckerei Yilmaz", "Musterbaeckerei Yilmaz
GmbH", "MUSTERBÄCKEREI YILMAZ e.K."): the name key drops case, accents, punctuation
and the legal form. The address key is the matcher's reading of the address:
street key, first house number and ZIP code (or the city where the ZIP code is missing).
"""

import re
import unicodedata

from .address_key import normalize_city, normalize_zip, split_street

_TRANSLITERATION = str.maketrans({"ß": "ss", "ä": "ae", "ö": "oe", "ü": "ue", "ı": "i"})
# Words of German (and a few foreign) legal forms, after dots are dropped ("e.K." -> "ek"): they say how
# the business is registered, not which business it is.
LEGAL_FORM_WORDS = frozenset(
    {
        "ag",
        "co",
        "eg",
        "ek",
        "ekfm",
        "ekfr",
        "einzelunternehmen",
        "ev",
        "gbr",
        "ggmbh",
        "gmbh",
        "haftungsbeschraenkt",
        "inh",
        "inhaber",
        "inhaberin",
        "kg",
        "kgaa",
        "limited",
        "ltd",
        "mbh",
        "ohg",
        "partg",
        "partgmbb",
        "se",
        "ug",
    }
)
# Two names at the same address count as similar from this trigram similarity on (PostgreSQL's pg_trgm
# ``similarity`` of the name keys, and ``name_similarity`` below, which computes the same). 0.3 is pg_trgm's
# own default: at one address, "Ost-Kiosk Beispiel" and "Ost-Kiosk am Rabet" (0.30) are worth a look.
SIMILAR_NAME_THRESHOLD = 0.3


def _words(text):
    text = (text or "").lower().translate(_TRANSLITERATION).replace(".", "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.findall(r"[a-z0-9]+", text)


def normalize_business_name(name):
    """Return the comparison key of a business name, or "" for an empty one.

    >>> normalize_business_name("Musterbäckerei Yilmaz GmbH & Co. KG")
    'musterbaeckerei yilmaz'
    >>> normalize_business_name("Beispiel IT-Service UG (haftungsbeschränkt)")
    'beispiel it service'
    """
    words = _words(name)
    kept = [word for word in words if word not in LEGAL_FORM_WORDS]
    return " ".join(kept or words)


def business_address_key(street, zip_code, city, country_code="DE"):
    """Return the address key "street key|house number|ZIP code or city", or "" without street and number.

    >>> business_address_key("Eisenbahnstr. 61a", "4315", "Leipzig")
    'eisenbahnstrasse|61|04315'
    """
    street_key, number = split_street(street)
    if not street_key or number is None:
        return ""
    place = normalize_zip(zip_code, country_code) or normalize_city(city)
    return f"{street_key}|{number}|{place}"


def _trigrams(key):
    grams = set()
    for word in key.split():
        padded = f"  {word} "
        grams.update(padded[index : index + 3] for index in range(len(padded) - 2))
    return grams


def name_similarity(first_key, second_key):
    """Trigram similarity of two name keys between 0 and 1, as PostgreSQL's pg_trgm computes it."""
    first, second = _trigrams(first_key or ""), _trigrams(second_key or "")
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def names_alike(first_key, second_key):
    """Whether two name keys may name the same business: equal, one the start of the other, or similar."""
    if not first_key or not second_key:
        return False
    return (
        first_key == second_key
        or first_key.startswith(second_key)
        or second_key.startswith(first_key)
        or name_similarity(first_key, second_key) >= SIMILAR_NAME_THRESHOLD
    )
