"""Terms and their weights for story grouping.

An article becomes a bag of normalised words (lower case, a plural `s` and a possessive `'s` dropped, stop words
and words shorter than three letters skipped). Each term is weighted by its inverse document frequency in a fixed
reference (`reference_df.tsv`, built by tests/grouping/make_reference.py from the 201 real articles of the shared
corpus), never by the batch being grouped: an article's vector is the same whatever else is in the build, so adding
or removing articles cannot change how two other articles compare. A term the reference never saw twice gets the
highest weight, as a rare word should.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from importlib import resources

REFERENCE_FILE = "reference_df.tsv"

WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*|\d+[A-Za-z]+[A-Za-z0-9]*")
_STOPWORDS = frozenset(
    """a about above according across after afterwards again against all almost alone along already also
    although always am among an and another any anyone anything anyway are around as at back be became because
    become been before being below beside besides between beyond both but by can cannot could did do does
    doing done down due during each either else enough even ever every everyone everything except few first
    for former from further get gets getting give given go goes going got had has have having he her here
    hers herself him himself his how however i if in including into is it its itself just last later least
    less like made make makes making many may me meanwhile might more most mostly much must my myself never new
    next no nor not nothing now of off often on once one only onto or other others otherwise our ours
    ourselves out over own per perhaps please put rather re really said same say says see seem seemed seems
    several she should show since so some something still such take than that the their theirs them
    themselves then there thereby therefore these they this those though three through throughout thus to
    together too toward towards two under until up upon us use used using very via was way we well were what
    whatever when whenever where whether which while who whole whom whose why will with within without would
    yet you your yours yourself yourselves year years week weeks day days today yesterday tomorrow time
    times monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december told tell tells added add adds including include
    includes report reports reported reportedly people percent million billion mr mrs ms also back get
    don doesn didn isn wasn aren won can't it's that's there's he's she's we're they're i'm you're
    """.split()  # noqa: SIM905
)


@functools.lru_cache(maxsize=1 << 17)
def normalise(word: str) -> str | None:
    """The term a word counts as, or None for a stop word or a word shorter than three letters."""
    term = word.lower().replace("’", "'")
    if term.endswith("'s"):
        term = term[:-2]
    if len(term) < 3 or term in _STOPWORDS:
        return None
    if len(term) > 4 and term.endswith("s") and not term.endswith(("ss", "us", "is")):
        term = term[:-1]
    return term


def terms(text: str) -> list[str]:
    """The terms of a text, in order, repeats kept."""
    return [term for match in WORD.finditer(text) if (term := normalise(match.group()))]


@functools.cache
def _reference() -> tuple[int, dict[str, int]]:
    text = resources.files("briefsite.stories").joinpath(REFERENCE_FILE).read_text("utf-8")
    lines = text.splitlines()
    documents = int(lines[0].split("\t")[1])
    df = {}
    for line in lines[1:]:
        term, count = line.split("\t")
        df[term] = int(count)
    return documents, df


def idf(term: str) -> float:
    """Smoothed inverse document frequency of a term in the fixed reference: 1 + ln((N + 1) / (df + 1))."""
    return _idf_table().get(term, _idf_unseen())


@functools.cache
def _idf_table() -> dict[str, float]:
    documents, df = _reference()
    return {term: 1.0 + math.log((documents + 1) / (count + 1)) for term, count in df.items()}


@functools.cache
def _idf_unseen() -> float:
    return 1.0 + math.log(_reference()[0] + 1)


def build_reference(texts: Iterable[str], min_df: int = 2) -> str:
    """The reference table for `texts` (one document each): a `#documents<TAB>N` line, then `term<TAB>df` for
    every term in at least `min_df` documents, sorted by term (deterministic bytes)."""
    df: Counter[str] = Counter()
    documents = 0
    for text in texts:
        documents += 1
        df.update(set(terms(text)))
    rows = [f"{term}\t{count}" for term, count in sorted(df.items()) if count >= min_df]
    return "\n".join([f"#documents\t{documents}", *rows]) + "\n"
