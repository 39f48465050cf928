"""Benchmark corpora: site folders of N plain-text articles recombined from real article text.

    .venv/bin/python bench/corpus.py 300 /tmp/site-300 [--seed 8]

Bodies are real paragraphs (the seeds in seeds/ and the `articleBody` texts of the shared scrapinghub-aeb
corpus), mixed across sources so that no two articles share more than a paragraph by chance. Each article opens
with paragraphs written from its story's facts — companies, people, a place, an amount, a quote — so that
articles fall into many distinct stories of one to five sources, a few days apart. The output uses the seeds
format (title line, optional dek line, "Published: <date>" line, paragraphs) and is a function of (N, seed) only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
GROUND_TRUTH = SHARED / "corpus" / "scrapinghub-aeb" / "ground-truth.json"
DEFAULT_SEED = 8
SITE_SETTINGS = "workers: 2\n"

_PREFIXES = (
    "Northwind", "Blue Harbor", "Kestrel", "Granite Peak", "Silverline", "Amberfield", "Crescent", "Ironwood",
    "Lumen", "Meridian", "Oakridge", "Pinecrest", "Redwood", "Sable", "Tidewater", "Vantage", "Westbrook",
    "Zenith", "Aurora", "Bluestone", "Cobalt", "Driftwood", "Evergreen", "Foxglove", "Goldcrest", "Hawthorne",
    "Ivory Coast", "Juniper", "Keystone", "Lakeshore", "Maplewood", "Nimbus", "Orion", "Pioneer", "Quarry",
    "Riverbend", "Summit", "Thornbury", "Upland", "Valiant", "Willowbrook", "Yellowstone", "Alder", "Beacon",
    "Cedar Point", "Dunmore", "Eastgate", "Fairhaven", "Glacier", "Highmark", "Inland", "Jadeport", "Kingsley",
    "Larkspur", "Monarch", "Newhall", "Oceanic", "Prairie", "Radiant", "Starling",
)
_SUFFIXES = (
    "Holdings", "Systems", "Bank", "Pharma", "Motors", "Energy", "Foods", "Logistics", "Networks", "Capital",
    "Airlines", "Retail", "Labs", "Insurance", "Steel", "Media", "Robotics", "Telecom", "Biotech", "Semiconductor",
)
_FIRST = (
    "Alice", "Rahul", "Mei", "Carlos", "Fatima", "Johan", "Priya", "Kwame", "Elena", "Tomasz", "Aiko", "David",
    "Sofia", "Omar", "Ingrid", "Luis", "Grace", "Hiroshi", "Amara", "Pierre", "Nadia", "Viktor", "Leila", "Samuel",
    "Chen", "Olivia", "Rajesh", "Beatriz", "Kofi", "Hannah", "Yusuf", "Marta", "Daniel", "Anika", "Felipe", "Zara",
    "Martin", "Keiko", "Ahmed", "Clara", "Ivan", "Lucia", "Ben", "Sara", "Diego", "Noor", "Erik", "Maya",
)
_LAST = (
    "Okafor", "Lindqvist", "Tanaka", "Moreau", "Hernandez", "Kowalski", "Mehta", "Schneider", "Haddad", "Novak",
    "Fischer", "Bianchi", "Osei", "Nakamura", "Petrov", "Castillo", "Andersen", "Dubois", "Kapoor", "Murphy",
    "Sato", "Volkova", "Mensah", "Garcia", "Whitfield", "Rossi", "Bergstrom", "Iyer", "Kovacs", "Oyelaran",
    "Santos", "Weber", "Yamamoto", "Duarte", "Brennan", "Lindgren", "Farouk", "Ortega", "Hughes", "Zhang",
)
_PLACES = (
    "London", "New York", "Mumbai", "Singapore", "Frankfurt", "Tokyo", "Toronto", "Sydney", "Paris", "Seoul",
    "Sao Paulo", "Johannesburg", "Dubai", "Stockholm", "Chicago", "Bangalore", "Madrid", "Zurich", "Lagos",
    "Mexico City", "Jakarta", "Warsaw", "Dublin", "Houston", "Nairobi", "Milan", "Hong Kong", "Austin",
)
_OUTLETS = ("Reuters", "Bloomberg", "the Financial Times", "CNBC", "The Wall Street Journal", "the BBC",
            "Nikkei", "The Economic Times", "Axios", "The Guardian")
_ROLES = ("chief executive", "chief financial officer", "chairman", "president", "head of strategy")
_ZONES = ("IST", "EST", "EDT", "GMT", "PST", "CET", "JST", "BST", "UTC", "SGT")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_KINDS = ("acquisition", "partnership", "earnings", "layoffs", "lawsuit", "launch", "investment")
_SIZES = (1, 1, 1, 2, 2, 2, 3, 3, 4, 5)  # sources per story: mean 2.4


@dataclass(frozen=True)
class Story:
    """The facts that all articles of one story state."""

    number: int
    kind: str
    company: str
    other: str
    person: str
    role: str
    analyst: str
    place: str
    amount: str
    ticker: str
    day: dt.date
    quote: str


def paragraph_pool(repo: Path = REPO, ground_truth: Path = GROUND_TRUTH) -> list[str]:
    """Real body paragraphs, in a fixed order: the seeds' bodies, then the ground-truth bodies by id (when the
    shared corpus is there; without it the seeds alone are recombined)."""
    pool: list[str] = []
    for path in sorted((repo / "seeds").glob("*.txt")):
        lines = [line.strip() for line in path.read_text("utf-8").split("\n")]
        pool += [line for line in lines if len(line) >= 80 and "Published:" not in line]
    data = json.loads(ground_truth.read_text("utf-8")) if ground_truth.is_file() else {}
    for key in sorted(data):
        body = str(data[key].get("articleBody") or "")
        if not body or sum(c.isascii() for c in body) / len(body) < 0.95:
            continue  # keep the corpus English, as the model is
        pool += [" ".join(p.split()) for p in body.split("\n\n") if len(p.strip()) >= 80]
    return pool


def _quotable(pool: list[str]) -> list[str]:
    """Single real sentences of a quotable length, without quote marks of their own."""
    out = []
    for paragraph in pool:
        for sentence in paragraph.split(". "):
            sentence = sentence.strip().rstrip(".")
            if 60 <= len(sentence) <= 180 and not any(q in sentence for q in "\"“”‘’'"):
                out.append(sentence)
    return out


def _stories(rng: random.Random, n: int, quotes: list[str]) -> list[tuple[Story, int]]:
    """Stories with their number of sources, summing to n."""
    out: list[tuple[Story, int]] = []
    total = 0
    start = dt.date(2018, 1, 1)
    number = 0
    while total < n:
        size = min(rng.choice(_SIZES), n - total)
        first, second = rng.sample(_PREFIXES, 2)
        company, other = f"{first} {rng.choice(_SUFFIXES)}", f"{second} {rng.choice(_SUFFIXES)}"
        story = Story(
            number=number, kind=rng.choice(_KINDS), company=company, other=other,
            person=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", role=rng.choice(_ROLES),
            analyst=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", place=rng.choice(_PLACES),
            amount=f"{rng.randint(11, 990) / 10:.1f}",
            ticker="".join(rng.choice("ABCDEFGHKLMNPRSTVW") for _ in range(4)),
            day=start + dt.timedelta(days=rng.randrange(3 * 365)), quote=rng.choice(quotes),
        )
        out.append((story, size))
        total += size
        number += 1
    return out


def _headline(rng: random.Random, s: Story) -> str:
    options = {
        "acquisition": [f"{s.company} to buy {s.other} for ${s.amount} billion",
                        f"{s.company} agrees ${s.amount} billion takeover of {s.other}",
                        f"{s.other} accepts ${s.amount} billion offer from {s.company}"],
        "partnership": [f"{s.company} and {s.other} team up in ${s.amount} billion deal",
                        f"{s.company} signs five-year partnership with {s.other}",
                        f"{s.other} picks {s.company} as partner in {s.place} push"],
        "earnings": [f"{s.company} profit beats forecasts as revenue hits ${s.amount} billion",
                     f"{s.company} shares jump after quarterly results",
                     f"{s.company} raises outlook on strong demand"],
        "layoffs": [f"{s.company} to cut jobs in {s.place} restructuring",
                    f"{s.company} announces layoffs as costs climb",
                    f"{s.company} plans ${s.amount} billion cost cuts"],
        "lawsuit": [f"{s.other} sues {s.company} over patents",
                    f"{s.company} faces ${s.amount} billion claim from {s.other}",
                    f"Court hears {s.other} case against {s.company}"],
        "launch": [f"{s.company} unveils new platform in {s.place}",
                   f"{s.company} launches service to rival {s.other}",
                   f"{s.company} bets ${s.amount} billion on new product line"],
        "investment": [f"{s.company} to invest ${s.amount} billion in {s.place}",
                       f"{s.company} backs {s.other} with ${s.amount} billion stake",
                       f"{s.other} raises ${s.amount} billion led by {s.company}"],
    }
    return rng.choice(options[s.kind])


def _lead(rng: random.Random, s: Story, weekday: str) -> list[str]:
    verb = {"acquisition": f"agreed to acquire {s.other} for ${s.amount} billion in cash and stock",
            "partnership": f"signed a partnership with {s.other} worth about ${s.amount} billion",
            "earnings": f"reported quarterly revenue of ${s.amount} billion, ahead of analyst estimates",
            "layoffs": f"would cut staff across its {s.place} operations to save ${s.amount} billion a year",
            "lawsuit": f"was sued by {s.other}, which is seeking ${s.amount} billion in damages",
            "launch": f"launched a new platform in {s.place} aimed at customers of {s.other}",
            "investment": f"would invest ${s.amount} billion in {s.other} and its {s.place} operations"}[s.kind]
    outlet = rng.choice(_OUTLETS)
    first = rng.choice([
        f"{s.company} (NASDAQ: {s.ticker}) said on {weekday} that it {verb}.",
        f"{s.company} {verb.replace('would ', 'will ')}, the company said in {s.place} on {weekday}.",
        f"In a statement issued in {s.place} on {weekday}, {s.company} said it {verb}.",
    ])
    quote = (f"“{s.quote},” {s.person}, {s.role} of {s.company}, told {outlet}."
             if rng.random() < 0.5 else f"{s.person}, {s.role} of {s.company}, told {outlet}: “{s.quote}.”")
    analyst = (f"Shares of {s.company} moved {rng.choice(['up', 'down'])} {rng.randint(1, 90) / 10:.1f}% in "
               f"early trading, while {s.analyst}, an analyst in {s.place}, said the move had been expected.")
    lead = [first, quote, analyst]
    rng.shuffle(lead[1:])
    return lead


def _dateline(rng: random.Random, day: dt.date) -> str:
    hour, minute = rng.randint(1, 12), rng.randint(0, 59)
    when = f"{_MONTHS[day.month - 1]} {day.day}, {day.year} {hour}:{minute:02d} {rng.choice(['AM', 'PM'])}"
    bullet = rng.choice(["", "  • "])
    return f"{bullet}Published: {when} {rng.choice(_ZONES)}"


def generate(n: int, seed: int = DEFAULT_SEED, pool: list[str] | None = None) -> dict[str, str]:
    """{file name under seeds/: article text} for n articles; the same (n, seed) always gives the same bytes."""
    pool = pool if pool is not None else paragraph_pool()
    rng = random.Random(seed)
    quotes = _quotable(pool)
    out: dict[str, str] = {}
    index = 0
    for story, size in _stories(rng, n, quotes):
        for _ in range(size):
            day = story.day + dt.timedelta(days=rng.choice([0, 0, 1, 2]))
            weekday = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[day.weekday()]
            lines = [_headline(rng, story)]
            if rng.random() < 0.4:
                lines.append(f"The move puts {story.company} in a stronger position against {story.other}")
            lines.append(_dateline(rng, day))
            lines += _lead(rng, story, weekday)
            lines += rng.sample(pool, min(len(pool), rng.randint(4, 12)))
            text = "\n\n".join(lines) + "\n"
            digest = hashlib.sha256(text.encode()).hexdigest()[:12]
            out[f"{index:05d}_{digest}.txt"] = text
            index += 1
    return out


def make_site(dest: Path, n: int, *, seed: int = DEFAULT_SEED, project: Path = REPO,
              pool: list[str] | None = None) -> Path:
    """A fresh site folder at `dest` (replaced if present): the project's mkdocs.yml and templates/, a
    briefsite.yml, and n generated articles in seeds/."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "seeds").mkdir(parents=True)
    shutil.copy(project / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(project / "templates", dest / "templates")
    (dest / "briefsite.yml").write_text(SITE_SETTINGS, "utf-8")
    for name, text in generate(n, seed, pool).items():
        (dest / "seeds" / name).write_text(text, "utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("dest", type=Path, help="site folder to create (replaced if present)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    make_site(args.dest, args.n, seed=args.seed)
    print(f"{args.dest}: {args.n} articles")


if __name__ == "__main__":
    main()
