"""Where a first query's time goes, from Chrome's own trace: the same page, query and moment of typing as
bench/search.py (a fresh context, the home page, a person's name typed at DOMContentLoaded, or with --settled
typed 1 s after load with the box focused first), recorded with Chrome's tracing (the main thread's tasks and its
CPU profile samples) through Playwright.

    PYTHONPATH=$PWD/src .venv/bin/python bench/search_trace.py SITE_DIR [SITE_DIR ...] --runs 3

For each run it prints the chain of search requests (ms after typing: sent, in) and, for each gap of the chain,
what the page's main thread did then (ms of CPU profile samples, by function and script, and the trace's top-level
tasks). Writes the raw traces to bench/out/trace-*.json when --keep is given.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import ARGS, CHROMIUM, OUT, _person, _server_process

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.wasm", "v8.execute",
              "blink.user_timing", "loading", "disabled-by-default-v8.cpu_profiler", "toplevel"]

_MARKS = """
document.addEventListener('input', () => {
  if (window.__typed) return;
  window.__typed = true;
  performance.mark('bench-typed');
  const found = () => document.querySelector('.md-search-result__item a, a.md-search-result__link');
  new MutationObserver((records, observer) => {
    if (found()) { performance.mark('bench-result'); observer.disconnect(); }
  }).observe(document.body, {childList: true, subtree: true});
}, true);
"""


def _short(url: str) -> str:
    url = re.sub(r"[?#].*$", "", url)
    return url.rsplit("/", 1)[-1] or url


def record(browser: Any, folder: Path, query: str, settled: bool) -> list[dict[str, Any]]:
    """One fresh context with Chrome's trace on: the events of the first query."""
    with _server_process(folder) as url:
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                   else route.abort())
        page.add_init_script(_MARKS)
        browser.start_tracing(page=page, categories=CATEGORIES)
        search = page.locator("input.md-search__input")
        if settled:
            page.goto(url + "/", wait_until="load")
            search.focus()
            page.wait_for_timeout(1_000)
        else:
            page.goto(url + "/", wait_until="domcontentloaded")
        search.fill(query)
        page.locator(".md-search-result__item a, a.md-search-result__link").first.wait_for(state="visible",
                                                                                          timeout=120_000)
        page.wait_for_timeout(200)
        trace = json.loads(browser.stop_tracing())
        context.close()
    events: list[dict[str, Any]] = trace["traceEvents"] if isinstance(trace, dict) else trace
    return events


def _main_thread(events: list[dict[str, Any]]) -> tuple[int, int]:
    """The renderer main thread that saw the typing mark."""
    for event in events:
        if event.get("name") == "bench-typed":
            pid = event["pid"]
            names = {e["tid"]: e["args"]["name"] for e in events if e.get("ph") == "M" and e.get("pid") == pid
                     and e.get("name") == "thread_name"}
            main = [tid for tid, name in names.items() if name == "CrRendererMain"]
            return pid, main[0] if main else event["tid"]
    raise SystemExit("no typing mark in the trace")


def _samples(events: list[dict[str, Any]], pid: int) -> list[tuple[float, list[str]]]:
    """CPU profile samples of the process: (time in µs, stack from the leaf up as 'function script')."""
    nodes: dict[tuple[str, int], dict[str, Any]] = {}
    starts: dict[str, float] = {}
    times: dict[str, float] = {}
    raw: list[tuple[str, float, int]] = []
    for event in events:
        if event.get("pid") != pid:
            continue
        if event.get("name") == "Profile":
            starts[event["id"]] = event["args"]["data"]["startTime"]
        elif event.get("name") == "ProfileChunk":
            profile = event["id"]
            data = event["args"]["data"]
            cpu = data.get("cpuProfile", {})
            for node in cpu.get("nodes", []):
                nodes[(profile, node["id"])] = node
            at = times.get(profile, starts.get(profile, 0.0))
            for sample, delta in zip(cpu.get("samples", []), data.get("timeDeltas", []), strict=False):
                at += delta
                raw.append((profile, at, sample))
            times[profile] = at
    out = []
    for profile, at, sample in raw:
        stack = []
        node = nodes.get((profile, sample))
        while node is not None:
            frame = node["callFrame"]
            stack.append(f"{frame.get('functionName') or '(anonymous)'} {_short(frame.get('url', ''))}".strip())
            node = nodes.get((profile, node.get("parent", -1)))
        out.append((at, stack))
    return out


# What a sample is spent on, from its stack (leaf first): the first rule that matches names it.
_KINDS = [
    ("(idle)", "idle"), ("(garbage collector)", "garbage collection"), ("(program)", "browser/native (program)"),
    ("gunzipSync", "gunzip in JS (fflate, pagefind.js)"), ("inflt", "gunzip in JS (fflate, pagefind.js)"),
    ("init_pagefind", "init_pagefind (wasm: read the metadata)"),
    ("__wbg_init", "wasm compile/instantiate"), ("__wbg_load", "wasm compile/instantiate"),
    ("request_indexes", "request_indexes (wasm: which chunks)"), ("load_index_chunk", "load_index_chunk (wasm)"),
    ("search pagefind.js", "pagefind search (JS/wasm)"),
    ("pagefind.js", "pagefind.js other"), ("briefsite.js", "briefsite.js"), ("bundle.", "Material bundle.js"),
    ("mermaid", "mermaid"),
]


def _kind(stack: list[str]) -> str:
    if not stack:
        return "?"
    for needle, kind in _KINDS:
        if needle in stack[0] and needle.startswith("("):
            return kind
    for frame in stack:
        for needle, kind in _KINDS:
            if not needle.startswith("(") and needle in frame:
                return kind
    return f"other: {stack[0]}"


def analyse(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The chain of search requests after typing, and the main thread's work in each of its gaps."""
    pid, tid = _main_thread(events)
    marks = {e["name"]: e["ts"] for e in events if e.get("name", "").startswith("bench-") and e.get("pid") == pid}
    typed = marks["bench-typed"]
    urls: dict[str, str] = {}
    points: list[tuple[float, str]] = [(0.0, "typed")]
    for event in events:
        data = (event.get("args") or {}).get("data") or {}
        if event.get("name") == "ResourceSendRequest" and "/pagefind/" in data.get("url", ""):
            urls[data["requestId"]] = _short(data["url"])
            points.append(((event["ts"] - typed) / 1e3, f"sent {_short(data['url'])}"))
    for event in events:
        data = (event.get("args") or {}).get("data") or {}
        if event.get("name") == "ResourceFinish" and data.get("requestId") in urls:
            points.append(((event["ts"] - typed) / 1e3, f"in {urls[data['requestId']]}"))
        elif event.get("name") == "ResourceReceiveResponse" and data.get("requestId") in urls:
            points.append(((event["ts"] - typed) / 1e3, f"head {urls[data['requestId']]}"))
    if "bench-result" in marks:
        points.append(((marks["bench-result"] - typed) / 1e3, "result"))
    points.sort()
    if "bench-result" in marks:  # the first query's chain: what came after its first result is not timed
        points = [(t, w) for t, w in points if t <= (marks["bench-result"] - typed) / 1e3]
    samples = [(t, s) for t, s in _samples(events, pid)]
    # main-thread top-level tasks (complete events not inside another) by name
    tasks = sorted((e for e in events if e.get("pid") == pid and e.get("tid") == tid and e.get("ph") == "X"
                    and "dur" in e), key=lambda e: (e["ts"], -e["dur"]))
    gaps = []
    for (start, what), (end, then) in itertools.pairwise(points):
        if end - start < 2:
            continue
        lo, hi = typed + start * 1e3, typed + end * 1e3
        kinds: Counter[str] = Counter()
        leaves: Counter[str] = Counter()
        previous = None
        for at, stack in samples:
            if lo <= at < hi:
                step = (at - previous) / 1e3 if previous is not None and lo <= previous else 0.1
                kinds[_kind(stack)] += step
                leaves[stack[0] if stack else "?"] += step
            previous = at
        busy: dict[str, float] = defaultdict(float)
        for event in tasks:
            if event["ts"] + event["dur"] > lo and event["ts"] < hi and event["name"] not in ("RunTask",
                                                                                                  "ThreadControllerImpl::RunTask"):
                busy[event["name"]] += (min(hi, event["ts"] + event["dur"]) - max(lo, event["ts"])) / 1e3
        gaps.append({"from": what, "to": then, "ms": round(end - start, 1),
                     "cpu": {k: round(v, 1) for k, v in kinds.most_common(8)},
                     "leaves": {k: round(v, 1) for k, v in leaves.most_common(6)},
                     "events": {k: round(v, 1) for k, v in sorted(busy.items(), key=lambda kv: -kv[1])[:8]}})
    # the part that grew with the site: from the metadata in to the first index chunk asked for
    meta_in = next((t for t, w in points if w.startswith("in ") and w.endswith(".pf_meta")), None)
    chunk_sent = next((t for t, w in points if w.startswith("sent ") and w.endswith(".pf_index")), None)
    window: Counter[str] = Counter()
    if meta_in is not None and chunk_sent is not None:
        lo, hi = typed + meta_in * 1e3, typed + chunk_sent * 1e3
        previous = None
        for at, stack in samples:
            if lo <= at < hi:
                window[_kind(stack)] += (at - previous) / 1e3 if previous is not None and lo <= previous else 0.1
            previous = at
    # the main thread's CPU time from typing to the first result: thread time (tdur) of its outermost tasks,
    # which a loaded machine stretches less than the wall clock
    end = marks.get("bench-result", typed)
    cpu = 0.0
    reach = 0.0
    for event in tasks:
        if event["ts"] >= end or event["ts"] + event["dur"] <= typed or event["ts"] < reach:
            continue
        reach = event["ts"] + event["dur"]
        share = (min(end, reach) - max(typed, event["ts"])) / event["dur"] if event["dur"] else 1.0
        cpu += event.get("tdur", event["dur"]) * share / 1e3
    return {"points": [(round(t, 1), w) for t, w in points], "gaps": gaps, "main_cpu_ms": round(cpu, 1),
            "result_ms": round((end - typed) / 1e3, 1),
            "meta_to_chunk_ms": None if meta_in is None or chunk_sent is None else round(chunk_sent - meta_in, 1),
            "meta_to_chunk": {k: round(v, 1) for k, v in window.most_common(10)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", type=Path, nargs="+", help="built site folders (site/ of a site folder)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--settled", action="store_true", help="type 1 s after load, the box focused first")
    parser.add_argument("--brief", action="store_true", help="one line a run, no gaps")
    parser.add_argument("--keep", action="store_true", help="write the raw traces to bench/out/")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    totals: dict[str, list[tuple[float, float]]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for run in range(args.runs):
            for site in args.sites if run % 2 == 0 else args.sites[::-1]:  # alternating order
                query, _ = _person(site)
                events = record(browser, site, query, args.settled)
                if args.keep:
                    OUT.mkdir(parents=True, exist_ok=True)
                    (OUT / f"trace-{site.parent.name}-{run}.json").write_text(json.dumps(events), "utf-8")
                result = analyse(events)
                print(f"== {site} run {run} query {query!r}: first result {result['result_ms']} ms, main thread "
                      f"CPU {result['main_cpu_ms']} ms")
                totals.setdefault(str(site), []).append((result["result_ms"], result["main_cpu_ms"]))
                print(f"   metadata in -> first chunk asked for: {result['meta_to_chunk_ms']} ms: "
                      f"{result['meta_to_chunk']}")
                if args.brief:
                    continue
                print("   " + " · ".join(f"{w} {t:,.0f}" for t, w in result["points"]))
                for gap in result["gaps"]:
                    print(f"   {gap['from']} -> {gap['to']}: {gap['ms']} ms")
                    print(f"      cpu: {gap['cpu']}")
                    print(f"      leaves: {gap['leaves']}")
                    print(f"      trace: {gap['events']}")
        browser.close()
    for site, values in totals.items():
        print(f"{site}: median first result {statistics.median(v[0] for v in values):.0f} ms, main thread CPU "
              f"{statistics.median(v[1] for v in values):.0f} ms ({len(values)} runs)")


if __name__ == "__main__":
    main()
