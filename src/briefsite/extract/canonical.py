"""Canonical names: clean raw entity mentions and group them so each entity is listed once, with aliases.

Pure functions over mention records; no model. The rules encode how news text names things: a full name
first and a surname after, possessives ("Microsoft's"), "Amazon.com" for the company Amazon, acronyms
defined by use ("The Real Deal" ... "TRD"), products named after their maker ("Microsoft Azure").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

ORG, PERSON, PLACE, PRODUCT = "ORG", "PERSON", "PLACE", "PRODUCT"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_POSSESSIVE = re.compile(r"(?:'s|')$")
_HONORIFICS = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Rev|Sir|Dame|Lord|Lady|President|Senator|"
    r"Governor|General|Judge|Justice|Chancellor|Premier|Minister|Secretary|CEO|Chairman|Rival|Peer)\.?\s+)+"
)
_CORP_SUFFIX = re.compile(r",?\s+(?:Inc|Incorporated|Corp|Corporation|Co|Company|Companies|Ltd|Limited|LLC|PLC|plc|"
                          r"Group|Holdings|S\.A|AG|N\.V|SE)\.?$", re.I)
_NAME_PARTICLES = frozenset({"of", "for", "and", "the", "on", "in", "at", "de", "du", "des", "la", "le", "van",
                             "von", "der", "den", "y", "e", "al", "el", "di", "da", "&", "to", "against", "without"})
_PERSON_SUFFIX = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Acronyms and words the small model often tags as entities but that never name one.
_NOT_NAMES = frozenset(
    [
        "ai", "iot", "ipo", "ceo", "cfo", "coo", "cto", "hvac", "gdp", "etf", "eps", "q1", "q2", "q3", "q4",
        "fy", "tv", "ads", "app", "apps", "covid", "meth", "disclaimer", "ticker", "security", "the", "a", "an",
        "it", "he", "she", "they", "we", "i", "you", "this", "that"
    ]
)
_COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})
# Frequently mislabelled platforms and companies (the small model tags "Twitter" as a person).
KNOWN_ORGS = frozenset(
    [
        "Twitter", "Facebook", "Instagram", "YouTube", "Google", "Apple", "Amazon", "Microsoft", "Netflix",
        "Uber", "Lyft", "Airbnb", "Tesla", "Walmart", "Reuters", "Bloomberg", "LinkedIn", "WhatsApp", "TikTok",
        "Snapchat", "Reddit", "Alibaba", "Tencent", "Huawei", "Samsung", "Intel", "Nvidia", "IBM", "Oracle",
        "PayPal", "eBay", "Spotify", "Disney", "Boeing", "Airbus"
    ]
)
# Kinds of organization: the noun a text names one with ("the retailer Acme", "Acme, a Dutch lender",
# "Acme is one of the companies"), shared by the person-or-organization vote (names.py) and the mention cues
# (article.py)
ORG_KINDS = (r"company|companies|firm|firms|retailer|giant|maker|startup|start-up|brand|lender|insurer|bank|"
             r"carmaker|automaker|manufacturer|supplier|contractor|conglomerate|publisher|broadcaster|network|"
             r"charity|nonprofit|non-profit|agency|regulator|utility|operator|studio|label|group|organi[sz]ation|"
             r"corporation|chain|business|consultancy|outlet|newspaper|website|site|platform|developer|provider")
# what kind of organization a name is, said after it: an appositive (", a Dutch lender"; not ", the company said",
# an attribution) or a copula ("is one of the companies"; not "is the site of", a place)
ORG_KIND_APPOSITIVE = (rf"^,\s+(?:a|an|the)\s+(?:[\w&-]+\s+){{0,3}}?(?:{ORG_KINDS})\b(?!['’])"
                       r"(?!\s+(?:said|says|told|added|adds|noted|announced|reported|confirmed|stated|wrote)\b)")
ORG_KIND_COPULA = rf"^\s+(?:is|was)\s+(?:an?|the|one of the)\s+(?:[\w&-]+\s+){{0,3}}?(?!site\b)(?:{ORG_KINDS})\b"
# what the text says after a name that it says only of an organization, not of a person: its parts and people as
# its possessions ("Acme's shares", "Acme's chief executive"), its people as modifiers ("Acme analysts"),
# ", which", its kind, where it is based (names.py; article.py takes the kind and a narrower set for places)
ORG_AFTER = re.compile(
    r"^['’]s?\s+(?:(?:own|new|latest|former)\s+)?(?:shares|stock|stake|board|chief executive|CEO|CFO|COO|"
    r"chairman|chairwoman|co-?founder|founder|executives?|employees|staff|workforce|customers|clients|users|"
    r"subscribers|investors|shareholders|analysts?|headquarters|HQ|subsidiary|subsidiaries|division|unit|"
    r"stores|plants?|factory|factories|revenue|revenues|earnings|profits?|sales|IPO|valuation|market value|"
    r"spokes(?:person|man|woman)|website|homepage|app|platform|products|services|technology|software|"
    r"management|leadership)\b"
    r"|^\s+(?:shares|stock|analysts?|executives|employees|shareholders|subscribers|customers|investors|"
    r"spokes(?:person|man|woman)|headquarters|management|leaders|officials)\b"
    rf"|^,\s+which\b|{ORG_KIND_APPOSITIVE}|{ORG_KIND_COPULA}"
    r"|^,?\s+(?:(?:is|was)\s+)?(?:based|headquartered)\s+in\b|^-based\b")
# The kind nouns an institution's name is headed by, written capitalised ("Department of Harbor Affairs", "Easton
# Board of Education"): institutions.py reads a name's extent from them
INSTITUTION_HEADS = ("Department", "Ministry", "Office", "Bureau", "Agency", "Administration", "Commission",
                     "Committee", "Council", "Authority", "Board", "Institute", "Institution", "University", "College",
                     "School", "Academy", "Center", "Centre", "Foundation", "Association", "Society", "League",
                     "Union", "Federation", "Bank", "Fund", "Trust", "Court", "Museum", "Hospital", "Service",
                     "Library", "Laboratory", "Chamber", "Coalition", "Alliance")
# what ends a partnership's or company's name after its partners' names ("Castellan, Pike & Rowe LLP")
PARTNERSHIP_SUFFIXES = r"LLP|LLC|L\.?P\.|Inc\.?|Co\.|Corp\.?|Ltd\.?|PLC|plc|PC|P\.C\.|Associates|Partners"
# The days and months: capitalised words that open a name-like run without being a name.
CALENDAR_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
                  "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
CALENDAR_WORDS = frozenset(CALENDAR_NAMES)
# Outlets whose name includes "The"; other organizations lose a leading "The".
_THE_NAMES = frozenset(
    """the wall street journal|the associated press|the new york times|the washington post|the hill|the real deal|
    the guardian|the economist|the atlantic|the times|the telegraph|the independent|the verge|the information|
    the los angeles times|the financial times|the boston globe|the new yorker""".replace("\n", "")
    .split("|")
)
# Common English renderings that mean the same place.
PLACE_ALIASES = {
    "us": "United States", "u.s.": "United States", "u.s": "United States", "usa": "United States",
    "u.s.a.": "United States", "united states": "United States", "america": "United States",
    "the united states": "United States", "united states of america": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
    "united kingdom": "United Kingdom", "uae": "United Arab Emirates", "eu": "European Union",
}
# The AP stylebook's abbreviations of US state names, as wire place lines write them ("SANTA FE, N.M. (AP)");
# matched with their case and points, and only on mentions already read as places.
STATE_ABBREVIATIONS = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Colo.": "Colorado",
    "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
    "Ind.": "Indiana", "Kan.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland",
    "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire", "N.J.": "New Jersey",
    "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina", "N.D.": "North Dakota",
    "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania", "R.I.": "Rhode Island", "S.C.": "South Carolina",
    "S.D.": "South Dakota", "Tenn.": "Tennessee", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
    "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming", "D.C.": "District of Columbia",
}
# Product names: "<maker> <tail>" where the tail is a model number or a known product word.
_PRODUCT_TAILS = re.compile(
    r"^(?:\d[\w.]*|Go|Home|Azure|Alexa|Echo|Express|Prime|Pay|Music|Maps|Office|Windows|Teams|Cloud|Drive|"
    r"Assistant|Pixel|Nest|Kindle|Fire(?: TV)?|Web Services|Surface|Xbox|Play|Photos|Chrome|Android|Search|"
    r"Translate|Watch|TV\+?|Studio|Fresh|Key|Lens|Workspace|Bing|Copilot|Outlook|Dynamics)(?:\s\d[\w.]*)?$"
)
KNOWN_PRODUCTS = frozenset(
    ["Azure", "Alexa", "Xbox", "iPhone", "iPad", "Windows", "Android", "Kindle", "Office", "Bing", "Copilot"]
)


@dataclass
class Mention:
    """One entity mention: where it is (paragraph offsets), what it says, and its (corrected) kind."""

    sentence: int
    paragraph: int
    start: int
    end: int
    text: str
    label: str
    votes: float = 1.0
    alias_of: str | None = None  # set for an acronym that stands for a name spelled out elsewhere


@dataclass
class Entity:
    """One real-world entity after grouping its mentions."""

    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    evidence: list[int] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    owner: str | None = None


def norm_apostrophes(text: str) -> str:
    """Straight apostrophes and single spaces: the form names are compared and listed in."""
    return re.sub(r"\s+", " ", text.translate(_APOSTROPHES)).strip()


def clean_name(raw: str, label: str, body: str) -> str | None:
    """The name a raw mention spells, or None when it is junk (line-join, lowercase, a stop word).

    `body` is the whole article text, used to tell "Microsoft's" (possessive) from "Lowe's" (a name)."""
    if "\n" in raw:
        return None  # spans that cross a line are line-join artefacts ("AI\n\nWalmart")
    text = norm_apostrophes(raw)
    text = re.sub(r"^'s\s+", "", text)
    text = text.split(" (")[0].split("(")[0].strip(" ,;:-–—\"“”")
    text = re.sub(r"\s+et al\.?$", "", text)  # "G. Roe et al." cites a paper's authors: the first is named
    # Trailing lowercase words are the model running past the name ("The Associated Press that").
    words = text.split()
    while len(words) > 1 and words[-1][:1].islower() and words[-1] not in {"de", "van", "von", "al"}:
        words.pop()
    if label == ORG:
        # a lowercase word inside is the model running on ("American Music Awards after Swift"), except the
        # small words names are made of ("Bank of America", "Breaking the Silence")
        inner = next((i for i, w in enumerate(words) if i and w[:1].islower() and w not in _NAME_PARTICLES), None)
        if inner is not None:
            words = words[:inner]
    text = " ".join(words)
    if label == PERSON:
        text = _HONORIFICS.sub("", text)
    elif label != PLACE:
        text = re.sub(r"^(?:Rival|Peer|Dow component)\s+", "", text)
    if _POSSESSIVE.search(text) and not _is_name_with_s(text, body):
        text = _POSSESSIVE.sub("", text)
    if label in (ORG, PLACE) and text.lower().startswith("the ") and text.lower() not in _THE_NAMES:
        text = text[4:]
    if label == ORG:
        text = re.sub(r"^An?\s+(?=[A-Z])", "", text)  # "An Electoral Commission official": the article
    text = text.strip(" ,;:-–—'")
    if label == ORG and re.search(r"\b[A-Z][a-z]{3,}\.$", text) and not _CORP_SUFFIX.search(text):
        text = text[:-1]  # "... Humanitarian Affairs." ends a sentence; "Acme Corp." keeps its point
    if not text or (not text[0].isupper() and not text[0].isdigit()
                     and not (text[:1] in "ie" and text[1:2].isupper())):
        return None
    if text.lower() in _NOT_NAMES or len(text) < 2:
        return None
    if label in (PERSON, PLACE) and any(ch.isdigit() for ch in text):
        return None  # "Suite 350" is an address line, not a place
    if "/" in text and any(ch.isdigit() for ch in text):
        return None  # "FHC/ABJ/03/2018": a file number, not a name
    text = text.split("/")[0].strip()  # "Comcast/Xfinity": the firm, then its brand
    if len(text) < 2:
        return None
    if label == PLACE and text.lower() in _COMPASS:
        return None  # "the South said": a reference to a place named elsewhere, not a name
    return text


def _is_name_with_s(text: str, body: str) -> bool:
    """True for names that end in 's (Lowe's, McDonald's): the bare form never occurs on its own and the
    's form occurs more than once (a one-off "Federal Reserve's" is a possessive)."""
    bare = _POSSESSIVE.sub("", text)
    flat = norm_apostrophes(body)
    if re.search(rf"\b{re.escape(bare)}\b(?!')", flat):
        return False
    return len(re.findall(rf"\b{re.escape(bare)}'s\b", flat, re.I)) >= 2


def without_titles(name: str) -> str:
    """The name without the titles before it ("Justice Jane Roe" -> "Jane Roe"); the name itself when it is
    all title."""
    return _HONORIFICS.sub("", name) or name


def key(name: str) -> str:
    """Comparison key: case-folded, apostrophes straightened, no leading 'the', no corporate suffix."""
    text = norm_apostrophes(name).lower()
    text = re.sub(r"^the\s+", "", text)
    text = _CORP_SUFFIX.sub("", _CORP_SUFFIX.sub("", text))
    return text.strip(" .")


def place_name(name: str, body: str = "") -> str:
    """The canonical spelling of a place ("U.S." -> "United States", "Logar province" -> "Logar"); a state's
    abbreviation becomes its name when the text (`body`) also spells that out ("N.M." -> "New Mexico")."""
    base = re.sub(r"\s+(?:province|state|county|district|region|city)$", "", name)
    state = STATE_ABBREVIATIONS.get(base)
    if state is not None:
        return state if re.search(rf"\b{state}\b", body) else base
    return PLACE_ALIASES.get(base.lower(), base)


def is_product(name: str, org_keys: set[str]) -> str | None:
    """The maker when `name` is a product named after it ("Microsoft Azure" -> "Microsoft"), else None."""
    if name in KNOWN_PRODUCTS:
        return ""
    words = name.split()
    for cut in range(1, len(words)):
        maker, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if (key(maker) in org_keys or maker in KNOWN_ORGS) and _PRODUCT_TAILS.match(tail):
            return maker
    return None


def acronym_expansion(acronym: str, body: str) -> str | None:
    """A capitalized phrase in the text whose initials spell `acronym`: the one it is defined after ("the New
    York State Attorney General (NYAG)"), else one whose words start with its letters ("TRD" -> "The Real Deal")."""
    if not (2 <= len(acronym) <= 6 and acronym.isupper() and acronym.isalpha()):
        return None
    # a name never runs across a line break: `body` joins paragraphs (and header lines) with them
    # (a name may list its parts with commas: "the Ministry of Trade, Industry and Energy (MOTIE)"; its small
    # words may give a letter: the O of MOTIE)
    defined = re.search(rf"((?:[A-Z][\w.&'’-]*,?[^\S\n]+(?:(?:of|the|for|and|on)[^\S\n]+)*){{1,8}})"
                        rf"\(\s*{acronym}\s*\)", body)
    if defined:
        words = defined.group(1).split()
        for n in range(len(acronym), len(words) + 1):
            phrase = words[-n:]
            caps = "".join(w[0] for w in phrase if w[0].isupper())
            initials = "".join(w[0].upper() for w in phrase)
            if phrase[0][0] == acronym[0] and phrase[0][0].isupper() and not phrase[-1].endswith(",") \
                    and (_subsequence(acronym, caps) or (_subsequence(acronym, initials)
                                                         and _subsequence(caps, acronym))):
                return " ".join(phrase)
    pattern = r"\b" + r"[^\S\n]+".join(rf"{ch}[a-z]+" for ch in acronym) + r"\b"
    match = re.search(pattern, body)
    return match.group(0) if match else None


def acronym_within(acronym: str, names: Iterable[str]) -> str | None:
    """The one name among `names` whose capitalized words carry `acronym` as a run of initials, qualifiers
    around it allowed: "PG&E" in "Pacific Gas & Electric Co.", "CDC" in "Chinese Center for Disease Control and
    Prevention". None when no name or several names fit (an acronym is merged only when the text is clear)."""
    letters = acronym.replace("&", "")
    if not (3 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return None
    found = set()
    for name in names:
        caps = "".join(w[0] for w in re.findall(r"[\w'’.-]+", name) if w[0].isupper() and w.lower() not in
                       _NAME_PARTICLES and not _CORP_SUFFIX.fullmatch(" " + w.rstrip(".")))
        if name != acronym and len(caps) > len(letters) - 1 and letters in caps and not name.isupper():
            found.add(name)
    return found.pop() if len(found) == 1 else None


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def vote_labels(mentions: Sequence[Mention]) -> dict[str, str]:
    """Majority kind per mention key, weighted by mention votes; ties go to the first-seen kind."""
    tally: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    first: dict[str, dict[str, int]] = defaultdict(dict)
    for i, mention in enumerate(mentions):
        k = key(mention.text)
        tally[k][mention.label] += mention.votes
        first[k].setdefault(mention.label, i)
    return {
        k: max(counts, key=lambda label: (counts[label], -first[k][label]))
        for k, counts in tally.items()
    }


def org_suffix(name: str) -> bool:
    """True when the name ends like a company or institution ("Acme Inc.", "Acme Holdings", "Acme Group")."""
    return bool(_CORP_SUFFIX.search(name)) or bool(re.search(
        r"\b(?:Group|Holdings|Partners|Capital|Bank|Media|News|Records|Productions|Studios|Labs|Systems|"
        r"Technologies|Foundation|Institute|Association|Council|Office|Agency|University|College|Party|"
        # the industry a firm is in, as its name's last word ("Halvorsen Freight", "Orrin Biotech")
        r"Freight|Logistics|Biotech|Pharma|Pharmaceuticals|Therapeutics|Analytics|Health|Healthcare|Energy|"
        r"Motors|Airlines|Airways|Insurance|Shipping|Robotics|Software|Networks|Solutions|Ventures|Foods|"
        r"Brands|Industries|Investments|Securities|Bancorp|Telecom|Semiconductor|Semiconductors)$", name))


def person_groups(names: Iterable[str]) -> dict[str, str]:
    """Map every person mention spelling to its full name: "Nadella" -> "Satya Nadella", "Carlineo" ->
    "Patrick W. Carlineo Jr.". A single name that matches no full name maps to itself."""
    ordered = list(dict.fromkeys(names))
    full = sorted((n for n in ordered if len(n.split()) > 1), key=lambda n: (-len(n.split()), ordered.index(n)))
    mapping: dict[str, str] = {}
    for name in ordered:
        if len(name.split()) > 1:
            # A shorter full form ("Patrick Carlineo") folds into a longer one with the same first and last name.
            target = next((f for f in full if f != name and _same_person(name, f)), name)
            mapping[name] = target
            continue
        by_surname = next((f for f in full if _core(f)[-1] == name), None)
        mapping[name] = by_surname or next((f for f in full if _core(f)[0] == name), name)
    # Chains (short -> medium -> long) end at the longest form.
    for name, target in mapping.items():
        while mapping.get(target, target) != target:
            target = mapping[target]
        mapping[name] = target
    return mapping


def _core(name: str) -> list[str]:
    words = [w for w in name.split() if w.lower() not in _PERSON_SUFFIX]
    return words or name.split()


def _same_person(short: str, long: str) -> bool:
    a, b = _core(short), _core(long)
    # "Patrick Carlineo" in "Patrick W. Carlineo"; a double surname on its own: "Hawk Sawyer" in "Kathleen Hawk Sawyer"
    return len(a) < len(b) and ((a[0] == b[0] and a[-1] == b[-1]) or b[-len(a):] == a)


def surname_of(name: str) -> str:
    """The last name of a full name, ignoring Jr./Sr./III."""
    return _core(name)[-1]


def surname_index(full_names: Iterable[str]) -> dict[str, str]:
    """Surname -> full name, for names that have one (used to relabel "Maley" tagged as an organization)."""
    out: dict[str, str] = {}
    for name in full_names:
        words = _core(name)
        if len(words) > 1:
            out.setdefault(words[-1], name)
    return out
