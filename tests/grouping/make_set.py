"""Rebuild `articles.jsonl`, the hand-labelled grouping test set, from the shared corpus.

Not a test: run it by hand (`.venv/bin/python tests/grouping/make_set.py`) when the labels below change.
Bodies come from scrapinghub-aeb/ground-truth.json and newspaper4k/txt (both MIT, see corpus/README.md);
titles from each page's <title>/og:title, dates from the URL or, failing that, htmldate. The `story` of each
record is the gold label, given by hand below after reading the articles. The two seeds are referenced by
path, not copied. Records with "synthetic": true are short near-miss variants written for this set, not real
articles.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from htmldate import find_date
from lxml import html as lxml_html

CORPUS = Path("/work/shared/corpus")
HERE = Path(__file__).parent

# gold story -> article ids (scrapinghub id prefixes, newspaper4k names, seed paths)
GOLD: dict[str, list[str]] = {
    "walmart-microsoft-cloud": ["seeds/000_04c23cf0a20b8793.txt", "seeds/004_53d5a015a391f8b4.txt"],
    "feather-duvet-lung": ["7bb1ca9035", "a078b3656a", "bd673bd798", "9eef8162bb"],
    "wework-ny-attorney-general": ["1ace8c85aa", "06e5123e4e"],
    "wework-layoffs": ["bc13ff87b2"],
    "tech-roundup-nov-19": ["fde930b018"],
    "china-plague-third-case": ["432362af0b", "ba4dfe2d3e", "ea25dd7edf", "8b19453030"],
    "south-dakota-meth-campaign": ["156770d676", "3f65af7b6b", "c13b9c0e04", "776a1c0467"],
    "omar-threat-guilty-plea": ["6ebac05f63", "7a457a4f71"],
    "fort-worth-kidnap-rescue-video": ["2c46804d9d", "51d066b060"],
    "doobie-brothers-reunion-tour": ["9cb8224b66", "35b158918c", "ac1bfdd4c5"],
    "europa-water-vapor": ["f344ca5fb3", "14cc2a0ca5", "686bb170ef"],
    "titan-geological-map": ["359fee2285"],
    "nasa-clps-five-companies": ["d1c57d7821", "42aad16bde", "c50845a715"],
    "esa-astronaut-hibernation": ["e1c7023ee2", "b37be3535e"],
    "home-depot-q3-earnings": ["f8ff621a0b", "51374560f4"],
    "macbook-pro-13-scissor-rumor": ["232a43fb15"],
    "macbook-pro-16-review": ["65bf3048b5"],
    "tim-cook-dreamforce-enterprise": ["291a8bf33e"],
    "stadia-launch": ["8267acacb9", "680c2848e9", "e100c9612a", "aade2ec8d1"],
    "prince-andrew-epstein-interview": ["87bf60570e", "1f765c4878"],
    "epstein-guards-charged": ["c58aa507c4"],
    "impeachment-hearing-nov-19": ["7a664e40d2", "c90731f051"],
    "sondland-testimony-preview": ["82b6d780c7"],
    "yovanovitch-net-worth-check": ["8380689f35"],
    "browns-steelers-fight-reaction": ["08f7937627"],
    "browns-week-11-snap-counts": ["6a72de37e8"],
    "trump-china-farm-purchases": ["702d1da63b"],
    "asian-markets-trade-doubts": ["d605bdef2c"],
    "tariffs-explainer": ["b6906ca016"],
    "assange-sweden-drops-case": ["dc7ccccc1f"],
    "assange-adelson-spying": ["newspaper4k:article_with_br"],
    "delhi-air-pollution-wave": ["16c30add7e"],
    "delhi-oxygen-bar-fact-check": ["076f4f33bf"],
    "microsoft-cashierless-talks": ["synthetic:msft-cashierless-2018-06"],
    "microsoft-kroger-partnership": ["synthetic:msft-kroger-2019-01"],
}

# SYNTHETIC near-misses: short texts written for this set (not real articles), modelled on the events the
# issue names, so the set has same-company/different-event cases for the seeds' story.
SYNTHETIC = {
    "synthetic:msft-cashierless-2018-06": {
        "title": "Microsoft works on cashier-less checkout technology, in talks with retailers",
        "published": "2018-06-14",
        "text": (
            "SYNTHETIC TEST TEXT. Microsoft is developing technology that would eliminate cashiers and "
            "checkout lines from stores, according to people familiar with the matter, in a bid to compete "
            "with Amazon Go, the online retailer's cashier-free grocery store in Seattle.\n\n"
            "The company has shown retailers a prototype that attaches cameras to shopping carts to track "
            "the items customers pick up, and has been in talks with potential partners, including Walmart. "
            "Microsoft hired a computer vision specialist from Amazon to work on the project.\n\n"
            "Walmart, which is also testing its own Scan and Go app, declined to comment on the talks."
        ),
    },
    "synthetic:msft-kroger-2019-01": {
        "title": "Kroger and Microsoft partner on connected grocery store pilot",
        "published": "2019-01-07",
        "text": (
            "SYNTHETIC TEST TEXT. Kroger and Microsoft announced a partnership on Monday to pilot connected "
            "grocery stores, with digital shelf displays that show prices and ads and guide shoppers to the "
            "items on their lists.\n\n"
            "The grocer will run the Azure-based system in two stores near its Cincinnati headquarters and "
            "plans to sell the retail-as-a-service product to other retailers. Both companies compete with "
            "Amazon, which bought Whole Foods in 2017; Microsoft struck a cloud deal with Walmart last year.\n\n"
            "Microsoft chief executive Satya Nadella said the cloud would power the next generation of retail."
        ),
    },
}


def main() -> None:
    truth = json.loads((CORPUS / "scrapinghub-aeb/ground-truth.json").read_text("utf-8"))
    records = []
    for story, members in GOLD.items():
        for member in members:
            records.append({"story": story, **_record(member, truth)})
    records.sort(key=lambda r: str(r["id"]))
    with (HERE / "articles.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(records)} articles in {len(GOLD)} stories")


def _record(member: str, truth: dict[str, dict[str, str]]) -> dict[str, object]:
    if member.startswith("seeds/"):
        return {"id": Path(member).stem, "seed": member}
    if member.startswith("synthetic:"):
        name = member.split(":", 1)[1]
        return {"id": name, "synthetic": True, "url": None, **SYNTHETIC[member]}
    if member.startswith("newspaper4k:"):
        name = member.split(":", 1)[1]
        meta = json.loads((CORPUS / f"newspaper4k/metadata/{name}.json").read_text("utf-8"))
        text = (CORPUS / f"newspaper4k/txt/{name}.txt").read_text("utf-8")
        return {"id": f"n4k-{name}".replace("_", "-"), "url": meta["url"], "title": meta["title"],
                "published": (meta.get("publish_date") or None) and meta["publish_date"][:10], "text": text}
    key = next(k for k in truth if k.startswith(member))
    page = gzip.decompress((CORPUS / f"scrapinghub-aeb/html/{key}.html.gz").read_bytes()).decode("utf-8")
    url = truth[key]["url"]
    return {"id": f"aeb-{member}", "url": url, "title": _title(page), "published": _date(url, page),
            "text": truth[key]["articleBody"]}


def _title(page: str) -> str | None:
    tree = lxml_html.fromstring(page)
    for xpath in ('//meta[@property="og:title"]/@content', "//title/text()"):
        found = [t.strip() for t in tree.xpath(xpath) if t.strip()]
        if found:
            return re.sub(r"\s+", " ", found[0])
    return None


def _date(url: str, page: str) -> str | None:
    match = re.search(r"/(20\d\d)/(\d\d)/(\d\d)/", url)
    if match:
        return "-".join(match.groups())
    return find_date(page, original_date=True, extensive_search=False)


if __name__ == "__main__":
    main()
