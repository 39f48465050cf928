"""The lines of a saved page that are not the story (issue 14, ninth session): a metamorphic variant of dev/ that
inserts made-up instances of each kind of non-story line at its usual place, and reports how often the facts
extracted changed. The facts must not change: none of these lines states a fact of the story.

    .venv/bin/python bench/extraction_page_lines.py [--kinds caption,bio,...] [--changes]

Line kinds (inventoried from the dev-side real pages of ../shared/corpus: scrapinghub ids a-f, newspaper4k pages
whose sha256(name) starts a-f, and from trafilatura's / newspaper4k's boilerplate and credit patterns):
- byline: a byline without "By" or a date under the headline ("Jane Roe, Associated Press", "Jane Roe | Reuters").
- share: share/follow/print controls under the header ("Share this article", "Facebook Twitter Email").
- caption: a photo credit under the header and one between paragraphs ("Jane Roe/Getty Images", "(Photo by Jane
  Roe/AFP via Getty Images)", "Photographer: Jane Roe/Bloomberg", "Photo: Jane Roe, AP", "(credit: Agency/Jane Roe)").
- gallery: image/gallery controls and ad labels between paragraphs ("Image 1 of 8", "Advertisement").
- newsletter: sign-up and app lines between paragraphs ("Sign up for our newsletter", "CLICK HERE TO GET THE ... APP").
- related: other stories' headlines, mid-text or at the end ("Related: ...", "READ MORE: ...", "Recommended").
- bio: the author's bio at the end ("Jane Roe is a senior reporter at the Harbor Courier covering ports.").
- contact: contact and social lines at the end ("Follow Jane Roe on Twitter @jroe", "Write to Jane Roe at ...").
- contributed: staff and wire credits at the end ("Jane Roe contributed to this report.", "(Reporting by ...)").
- copyright: copyright lines at the end ("Copyright 2019 Harbor Courier. All rights reserved.").
- comments: comment counts and controls at the end ("42 Comments", "Comments are closed.").
- tags: tag and topic lists at the end ("Topics: Harbor Courier, Tacoma, Ports").
- other_outlets: lines of the kinds above in other outlets' wording, written after the rules from outlets the
  inventory did not cover ("Photograph: Jane Roe/Reuters", "Credit...Jane Roe for The Harbor Courier", "Image
  source, AFP", "To contact the reporter on this story: ..."): a held-out check that shapes, not wordings, were
  learnt.
Applied to every `reader: text` article and seed of dev/ (the ones a user saves as text). Names are made up, or
real agencies and cities the article does not name. Never reads tests/gold/test/. Deterministic. Exits 0.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / "src"))

from briefsite.extract.article import EXTRACTOR_VERSION, _extract_chunk  # noqa: E402
from briefsite.extract.models import Facts  # noqa: E402
from briefsite.extract.nlp import DEFAULT_MODEL, load_model  # noqa: E402
from briefsite.extract.score import GoldArticle, load_gold, score  # noqa: E402
from briefsite.extract.score import dev_half as half  # noqa: E402
from briefsite.read.models import RawArticle  # noqa: E402

PEOPLE = ("Mara Quillon", "Tobin Reyes-Hart", "Petra Lindgaard", "Caleb Okafor", "Ines Marchbank", "Dario Vellucci",
          "Helen Ashdown", "Rupert Calloway", "Nadia Sorensen", "Owen Trelawny")
OUTLETS = ("Harbor Courier", "Kestrel Media Group", "Brindle Post", "Northgate Herald", "Lakeshore Ledger")
AGENCIES = ("Getty Images", "AFP", "Reuters", "Bloomberg", "AP", "EPA", "Shutterstock", "Associated Press")
CITIES = ("Tacoma", "Leeds", "Adelaide", "Winnipeg", "Lyon", "Bremen", "Porto", "Tulsa")
TOPICS = ("Ports", "Energy", "Courts", "Technology", "Politics", "Markets")

# kind -> (where, templates); where: header (under the headline and its header lines), mid (between the body's
# paragraphs), end (after the story's last line), mid/end (one of the two, by the article's hash)
LINE_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "byline": ("header", ("{person}, {agency}", "{person} and {person2}, {outlet}", "{person} | {agency}",
                          "{person}, {agency} National Security Writer", "{person} · {outlet}")),
    "share": ("header", ("Share this article", "Share on Facebook Share on Twitter Share via Email",
                         "Facebook Twitter LinkedIn Email", "Share | Tweet | Email | Print",
                         "Follow {outlet} on Facebook", "Text size")),
    "caption": ("header+mid", ("{person}/Getty Images", "(Photo by {person}/AFP via Getty Images)",
                               "Photographer: {person}/Bloomberg", "Photo: {person}, AP",
                               "(credit: {agency}/{person})", "{person} / {outlet}", "Image: {person}/Reuters",
                               "{agency} / {person}", "Photo: {person}/{outlet}")),
    "gallery": ("mid", ("Image 1 of 8", "Advertisement", "ADVERTISEMENT", "Story continues below advertisement",
                        "Back to Gallery", "Enlarge this image")),
    "newsletter": ("mid", ("Sign up for our newsletter", "Subscribe to the {outlet} newsletter",
                           "Get the day's top headlines delivered to your inbox by subscribing to our newsletter.",
                           "CLICK HERE TO GET THE {OUTLET} APP", "Subscribe to {outlet} on YouTube for more news:")),
    "related": ("mid/end", ("Related: {city} council approves new harbor plan",
                            "READ MORE: {city} floods: residents told to leave as {outlet} reports",
                            "Read more: {person} named chief executive of {outlet}",
                            "Recommended\n{city} mayor resigns after audit\n{person} wins {city} marathon",
                            "More from {outlet}:\n{city} schools to reopen on Monday",
                            "Also read: Why {city} is building a new airport")),
    "bio": ("end", ("{person} is a senior reporter at the {outlet} covering ports.",
                    "{person} covers energy and climate for {outlet}.",
                    "{person} is the {outlet}'s {city} correspondent.",
                    "About the author: {person} writes about courts for the {outlet}.",
                    "{person} is a freelance writer based in {city}.")),
    "contact": ("end", ("Follow {person} on Twitter @{handle}", "Contact the writer at {handle}@example.com.",
                        "Email: {handle}@example.com", "Write to {person} at {handle}@example.com",
                        "Reach the reporter on Twitter at http://twitter.com/{handle}",
                        "Email {person} at {handle}@example.com or follow her @{handle}. Follow us on Twitter "
                        "@{outlet_handle} and on Facebook.")),
    "contributed": ("end", ("{person} contributed to this report.", "(Reporting by {person}; Editing by {person2})",
                            "Additional reporting by {person} in {city}",
                            "{outlet}'s {person} contributed to this report.",
                            "Reporting by {person} in {city}; Editing by {person2}")),
    "copyright": ("end", ("Copyright 2019 {outlet}. All rights reserved.", "© 2019 {outlet}. All Rights Reserved.",
                          "Copyright ©2019 {outlet}, Inc. All Rights Reserved.",
                          "{outlet} Inc. No reproduction without permission.",
                          "This material may not be published, broadcast, rewritten or redistributed.")),
    "comments": ("end", ("42 Comments", "View Comments", "Comments are closed.", "Comment on this Story",
                         "Join the conversation", "You must log in to post a comment.")),
    # written after the rules, from other outlets' conventions (not the inventory the rules were written from): a
    # held-out check of whether the shapes, not the wording, were learnt
    "other_outlets": ("header+mid+end", ("Photograph: {person}/Reuters", "Credit...{person} for The {outlet}",
                                     "Image source, {agency}", "Image caption, {person} at a rally in {city}",
                                     "— With assistance from {person}", "Have a confidential tip? Get in touch",
                                     "To contact the reporter on this story: {person} in {city} at "
                                     "{handle}@example.com",
                                     "Our Standards: The {outlet} Trust Principles.",
                                     "{outlet} writer {person} in {city} contributed to this report.",
                                     "This story has been corrected to fix the spelling of a name.",
                                     "Follow {person} at https://twitter.com/{handle}", "Listen to article",
                                     "{person} | {outlet} | Getty Images", "Most Read", "Skip to main content",
                                     "Sponsored by {outlet}")),
    "tags": ("end", ("Topics: {outlet}, {city}, {topic}", "Tags: {city}, {topic}, {person}",
                     "Filed under: {topic}, {city}", "TOPICS: {topic}, {outlet}")),
}


def pick(options: tuple[str, ...], *seed: str) -> str:
    digest = hashlib.sha256("\x00".join(seed).encode("utf-8")).hexdigest()
    return options[int(digest[:8], 16) % len(options)]


def _fill(template: str, item: GoldArticle, text: str, kind: str, slot: str) -> str:
    """The template with made-up names (and real agencies/cities) the article does not write."""
    def free(pool: tuple[str, ...], tag: str) -> str:
        left = tuple(n for n in pool if n not in text and n.split()[-1] not in text) or pool
        return pick(left, item.name, kind, slot, tag)

    person, outlet = free(PEOPLE, "person"), free(OUTLETS, "outlet")
    person2 = free(tuple(p for p in PEOPLE if p != person), "person2")
    return template.format(
        person=person, person2=person2, outlet=outlet, OUTLET=outlet.upper(), agency=free(AGENCIES, "agency"),
        city=free(CITIES, "city"), topic=pick(TOPICS, item.name, kind, slot), outlet_handle=outlet.replace(" ", ""),
        handle=person.split()[-1].lower().replace("-", ""))


def _header_end(lines: list[str], article: RawArticle) -> int:
    """Index after the headline and the header lines (byline, date line, dek) the reader took out."""
    header = {r.text for r in article.removed if r.kind in ("dateline", "byline")} | {article.dek or ""}
    end = 1
    for i, line in enumerate(lines[:8]):
        if line.strip() and " ".join(line.split()) in header:
            end = i + 1
    return end


def insert_lines(item: GoldArticle, text: str, kind: str) -> str:
    """`text` with made-up lines of `kind` inserted at their usual places (each its own paragraph)."""
    where, templates = LINE_KINDS[kind]
    lines = text.rstrip("\n").split("\n")
    paragraphs = item.article.paragraphs
    middle = paragraphs[len(paragraphs) // 2] if len(paragraphs) > 2 else None
    mid_at = next((i for i, line in enumerate(lines) if middle and " ".join(line.split()) == middle), None)
    if where == "mid/end":
        where = pick(("mid", "end"), item.name, kind)
    inserts: list[tuple[int, str]] = []
    if "header" in where:
        inserts.append((_header_end(lines, item.article), _fill(pick(templates, item.name, kind, "header"), item,
                                                                text, kind, "header")))
    if "mid" in where and mid_at is not None:
        inserts.append((mid_at, _fill(pick(templates, item.name, kind, "mid"), item, text, kind, "mid")))
    if where.endswith("end"):
        first = pick(templates, item.name, kind, "end")
        second = pick(tuple(t for t in templates if t != first), item.name, kind, "end2")
        inserts += [(len(lines), _fill(t, item, text, kind, f"end{n}")) for n, t in enumerate((first, second))]
    for at, line in sorted(inserts, key=lambda x: x[0], reverse=True):
        lines[at:at] = ["", *line.split("\n"), ""] if at < len(lines) else ["", *line.split("\n")]
    return "\n".join(lines) + "\n"


def page_lines_variant(item: GoldArticle, text: str, tmp: Path, kinds: tuple[str, ...] = tuple(LINE_KINDS)
                       ) -> GoldArticle | None:
    """The article with lines of every kind in `kinds` inserted, read by the real reader; the gold unchanged."""
    if not (item.name.startswith("seed_") or item.gold.get("reader") == "text"):
        return None
    from briefsite.read.readers import read

    for kind in kinds:
        text = insert_lines(item, text, kind)
    path = tmp / f"{item.name}.txt"
    path.write_text(text, encoding="utf-8")
    return GoldArticle(item.name, read(path, tmp), copy.deepcopy(item.gold), item.split)


def signature(facts: Facts, article: RawArticle) -> dict[str, set[Any]]:
    """What a reader of the briefing sees of an article's facts, as sets to compare."""
    return {
        "names": {(k, e["name"]) for k in ("organizations", "people", "places", "products") for e in getattr(facts, k)},
        "quotes": {(q.get("text", "")[:40], q.get("speaker")) for q in facts.quotes},
        "dates": {str(d.get("value") or d.get("date")) for d in facts.dates},
        "money": {str(m.get("value") or m.get("amount")) for m in facts.money},
        "key_points": {k.get("text", "") for k in facts.key_points},
        "published": {article.published},
        "title": {article.title},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--kinds", default=",".join(LINE_KINDS))
    parser.add_argument("--changes", action="store_true", help="list each change")
    args = parser.parse_args()

    items = [i for i in load_gold(ROOT / "tests" / "gold", "dev")
             if i.name.startswith("seed_") or i.gold.get("reader") == "text"]
    texts = {i.name: (ROOT / "tests" / "gold" / "dev" / f"{i.name}.txt").read_text(encoding="utf-8") for i in items}
    nlp = load_model(args.model)
    original = _extract_chunk([i.article for i in items], nlp)
    before = [signature(f, i.article) for f, i in zip(original, items, strict=True)]
    console = Console(width=180)
    table = Table(title=f"dev/ with non-story page lines inserted (extractor v{EXTRACTOR_VERSION}): articles whose "
                        f"facts changed, of {len(items)}")
    for col in ("line kind", "changed", "names +", "names -", "quotes", "dates/money", "key points", "published/title",
                "orgs F1", "people F1", "places F1", "speakers"):
        table.add_column(col, justify="left" if col == "line kind" else "right")
    changes: list[str] = []
    kinds = [k for k in args.kinds.split(",") if k]
    with tempfile.TemporaryDirectory() as folder:
        for kind in [*kinds, "all"] if len(kinds) > 1 else kinds:
            picked = tuple(kinds) if kind == "all" else (kind,)
            pairs = [(n, v) for n, i in enumerate(items) if (v := page_lines_variant(i, texts[i.name], Path(folder),
                                                                                       picked)) is not None]
            results = _extract_chunk([v.article for _, v in pairs], nlp)
            counts: Counter[str] = Counter()
            for (n, var), facts in zip(pairs, results, strict=True):
                after = signature(facts, var.article)
                diff = {f: (after[f] - before[n][f], before[n][f] - after[f]) for f in after}
                changed = {f for f, (plus, minus) in diff.items() if plus or minus}
                counts.update({"changed"} if changed else set())
                counts.update({"names +"} if diff["names"][0] else set())
                counts.update({"names -"} if diff["names"][1] else set())
                counts.update({c for c, fs in (("quotes", {"quotes"}), ("dates/money", {"dates", "money"}),
                                               ("key points", {"key_points"}), ("published/title",
                                                                                 {"published", "title"}))
                               if changed & fs})
                for f in sorted(changed):
                    plus, minus = diff[f]
                    changes.append(f"[{kind}] [{half(var.name)}] {var.name} {f}: +{sorted(map(str, plus))} "
                                   f"-{sorted(map(str, minus))}")
            tally = score(results, [v for _, v in pairs])
            table.add_row(kind, *(str(counts[c]) for c in ("changed", "names +", "names -", "quotes", "dates/money",
                                                             "key points", "published/title")),
                          *(f"{tally[k].f1:.3f}" for k in ("organizations", "people", "places")),
                          f"{tally['speakers'].tp}/{tally['speakers'].tp + tally['speakers'].fn}")
    orig = score(original, items)
    table.add_row("(original)", "", "", "", "", "", "", "", *(f"{orig[k].f1:.3f}" for k in
                                                              ("organizations", "people", "places")),
                  f"{orig['speakers'].tp}/{orig['speakers'].tp + orig['speakers'].fn}")
    console.print(table)
    if args.changes:
        for line in changes:
            console.print(f"  {line}", markup=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
