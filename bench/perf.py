"""Speed and memory of Briefsite against baselines measured in the same run (machines are noisy, so only ratios
are compared with the goals of issue 8).

    .venv/bin/python bench/perf.py [--sizes 300,1000,3000] [--quick] [--skip-hugo] [--repeat 3]

For each size N a site folder of N generated articles (bench/corpus.py) is built under bench/out/sites/N with
`build.py` in subprocesses, as a user runs it, and compared with:
1. normalize (cold: no facts/) vs spaCy NER alone: `nlp.pipe` over the same article texts in one process,
   with the model loaded as extraction loads it (goal <= 1.25x; extraction uses both cores);
2. a warm `build` (nothing changed) vs the publisher alone (`mkdocs build` on the same briefings/)
   (goal <= 1.05x, and no file in facts/ or briefings/ rewritten);
3. the site build (`build` with facts/ current but no briefings/ or site/) per article, largest N vs smallest
   (goal <= 1.2x: linear);
4. the site build at 1,000 articles vs Hugo (Debian's, installed here when missing) building the same
   Markdown pages with a small theme, a search index and RSS (goal <= 8x);
5. peak memory of the whole build (all processes, summed) at the largest N (goal <= 300 MB).
Also reported: CPU seconds of each step and an incremental build after one article changed.
Results go to bench/out/perf.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
GOALS = {"normalize_vs_ner": 1.25, "warm_vs_publisher": 1.05, "per_article_growth": 1.2, "vs_hugo": 8.0,
         "peak_mb": 300.0}
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Run:
    """One timed subprocess: wall and CPU seconds (itself and its waited-for children), peak memory of its
    whole process tree (RSS summed, and PSS summed, which counts pages shared by forked workers once)."""

    label: str
    wall: float
    cpu: float
    peak_rss_mb: float
    peak_pss_mb: float
    peak_process_mb: float  # the largest single process (what ru_maxrss reports)
    returncode: int
    output: str = field(repr=False, default="")


class _TreeMonitor(threading.Thread):
    """Polls /proc for the memory of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_process = 0
        self.cpu_seen: dict[int, float] = {}  # own CPU seconds of every process seen in the tree, last poll
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            pids = _tree(self.pid)
            for pid in pids:
                self.cpu_seen[pid] = max(self.cpu_seen.get(pid, 0.0), _cpu(pid))
            sizes = [_rss(p) for p in pids]
            rss = sum(sizes)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_process = max([self.peak_process, *sizes])
            if rss * 2 > self.peak_pss:  # PSS <= RSS: only worth reading when it could raise the peak
                self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in pids))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += parents.get(pid, [])
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _cpu(pid: int) -> float:
    """User + system CPU seconds of the process itself (not its children)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(b")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run(label: str, command: list[str], *, cwd: Path, env: dict[str, str] | None = None, check: bool = True) -> Run:
    """Run `command`, timing it and watching the memory of its process tree."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    monitor = _TreeMonitor(process.pid)
    monitor.start()
    output, _ = process.communicate()
    wall = time.perf_counter() - started
    monitor.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # Processes nobody waits for (a multiprocessing fork server and the workers it forks) are missing from
    # RUSAGE_CHILDREN; the polled CPU of every process seen in the tree counts them (minus their last 50 ms)
    cpu = max(cpu, sum(monitor.cpu_seen.values()))
    result = Run(label, wall, cpu, monitor.peak_rss / 2**20, monitor.peak_pss / 2**20, monitor.peak_process / 2**20,
                 process.returncode, output[-2000:])
    print(f"    {label:<34} {wall:8.2f} s wall {cpu:8.2f} s cpu {result.peak_rss_mb:6.0f} MB rss "
          f"{result.peak_pss_mb:6.0f} MB pss {result.peak_process_mb:6.0f} MB largest process", flush=True)
    if check and process.returncode != 0:
        raise SystemExit(f"{label} failed (exit {process.returncode}):\n{output[-4000:]}")
    return result


def briefsite(site: Path, *verb: str) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "--root", str(site), "--quiet", *verb]


def publisher_env() -> dict[str, str]:
    """The environment site.publish gives the publisher (reproducible builds)."""
    return {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8", "NO_MKDOCS_2_WARNING": "1",
            "SOURCE_DATE_EPOCH": "1600000000"}


def snapshot(*folders: Path) -> dict[str, tuple[int, int, int]]:
    """(inode, size, mtime_ns) of every file under `folders`: any rewrite changes the inode or mtime."""
    out = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                info = path.stat()
                out[str(path)] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return out


def changed(before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]) -> list[str]:
    return sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))


_NER_SCRIPT = """
import json, sys
texts = json.load(open(sys.argv[1], encoding="utf-8"))
try:
    from briefsite.extract.nlp import load_model
    nlp = load_model(sys.argv[2])
except ImportError:
    import spacy
    nlp = spacy.load(sys.argv[2])
for doc in nlp.pipe(texts):
    pass
"""


def ner_texts(site: Path) -> list[str]:
    """The articles' cleaned text as extraction reads it (title, dek and body), one string per article."""
    from briefsite.config import load_project
    from briefsite.pipeline import discover, read_articles

    project = load_project(site)
    paths, _ = discover(project)
    articles, _ = read_articles(project, paths)
    return ["\n\n".join(p for p in (a.title, a.dek, *a.paragraphs) if p) for a in articles]


def model_name(site: Path) -> str:
    from briefsite.config import load_project

    return load_project(site).settings.model


# --- Hugo --------------------------------------------------------------------------------------------------

_HUGO_CONFIG = """baseURL = "https://briefsite.example.org/"
title = "Briefsite briefings"
disableKinds = ["taxonomy", "term"]
[outputs]
home = ["HTML", "RSS", "JSON"]
section = ["HTML", "RSS"]
[markup.goldmark.renderer]
unsafe = true
[markup.goldmark.parser.attribute]
block = true
title = true
[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""
_HUGO_BASEOF = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ .Title }} - {{ .Site.Title }}</title><link rel="stylesheet" href="{{ "site.css" | relURL }}">
</head><body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<form action="{{ "search/" | relURL }}"><input name="q" placeholder="Search"></form></header>
<aside class="toc">{{ .TableOfContents }}</aside>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ with .Date }}{{ .Format "2 January 2006" }}{{ end }} · Built with Hugo</footer>
</body></html>
"""
_HUGO_SINGLE = '{{ define "main" }}<article>{{ .Content }}</article>{{ end }}\n'
_HUGO_LIST = ('{{ define "main" }}<article>{{ .Content }}</article><ul>{{ range .Pages }}<li><a href="'
              '{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')
_HUGO_INDEX_JSON = ('[{{ range $i, $p := .Site.RegularPages }}{{ if $i }},{{ end }}{"title": {{ $p.Title | jsonify }}, '
                    '"url": {{ $p.RelPermalink | jsonify }}, "text": {{ $p.Plain | jsonify }}}{{ end }}]\n')


def hugo_site(briefings: Path, dest: Path) -> int:
    """The same Markdown pages as a Hugo site (front matter kept; `index.md` becomes a section's `_index.md`)."""
    if dest.exists():
        shutil.rmtree(dest)
    content = dest / "content"
    pages = 0
    for path in sorted(briefings.rglob("*.md")):
        rel = path.relative_to(briefings)
        target = content / (rel.with_name("_index.md") if rel.name == "index.md" else rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        pages += 1
    files = {"hugo.toml": _HUGO_CONFIG, "layouts/_default/baseof.html": _HUGO_BASEOF,
             "layouts/_default/single.html": _HUGO_SINGLE, "layouts/_default/list.html": _HUGO_LIST,
             "layouts/index.json": _HUGO_INDEX_JSON, "static/site.css": "body{font-family:sans-serif}\n"}
    for rel, text in files.items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(text, "utf-8")
    return pages


def ensure_hugo() -> str | None:
    """Path of `hugo`, installing Debian's package (as root) when it is missing; None when it cannot be had."""
    found = shutil.which("hugo")
    if found or os.geteuid() != 0:
        return found
    print("  installing Debian's hugo (apt-get install -y hugo)", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "install", "-y", "-qq", "hugo"], ["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "hugo"]):
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if command[1] == "install" and result.returncode == 0:
            break
    return shutil.which("hugo")


# --- the benchmark ----------------------------------------------------------------------------------------


def measure_size(n: int, work: Path, *, repeat: int, hugo: str | None, pool: list[str]) -> dict[str, Any]:
    """Every measurement for one corpus size."""
    print(f"\n== {n} articles", flush=True)
    site = corpus.make_site(work / f"site-{n}", n, pool=pool)
    result: dict[str, Any] = {"articles": n}

    texts = ner_texts(site)
    texts_file = work / f"texts-{n}.json"
    texts_file.write_text(json.dumps(texts), "utf-8")
    result["text_chars"] = sum(map(len, texts))
    ner = run("spaCy NER alone (1 process)", [sys.executable, "-c", _NER_SCRIPT, str(texts_file), model_name(site)],
              cwd=site)
    normalize = run("normalize, cold", briefsite(site, "normalize"), cwd=site)
    result["ner"], result["normalize"] = asdict(ner), asdict(normalize)

    for folder in ("briefings", "site", ".briefsite-cache"):
        shutil.rmtree(site / folder, ignore_errors=True)
    cold = run("site build (facts current)", briefsite(site, "build"), cwd=site)
    result["site_build"] = asdict(cold)
    result["pages"] = sum(1 for _ in (site / "briefings").rglob("*.md"))
    print(f"    ({result['pages']} pages)", flush=True)

    warm: list[Run] = []
    alone: list[Run] = []
    rewritten: list[str] = []
    site_rewritten: list[str] = []
    staging = Path(tempfile.mkdtemp(prefix="publisher-", dir=work))
    for i in range(repeat):
        before, before_site = snapshot(site / "facts", site / "briefings"), snapshot(site / "site")
        warm.append(run(f"warm build #{i + 1}", briefsite(site, "build"), cwd=site))
        rewritten += changed(before, snapshot(site / "facts", site / "briefings"))
        site_rewritten += changed(before_site, snapshot(site / "site"))
        alone.append(run(f"publisher alone #{i + 1}", [
            sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet", "--config-file",
            str(site / "mkdocs.yml"), "--site-dir", str(staging / str(i))], cwd=site, env=publisher_env()))
    shutil.rmtree(staging, ignore_errors=True)
    result["warm_build"] = [asdict(r) for r in warm]
    result["publisher"] = [asdict(r) for r in alone]
    result["rewritten_by_warm_build"] = sorted(set(rewritten))
    result["site_files_rewritten_by_warm_build"] = len(set(site_rewritten))

    one = sorted((site / "seeds").glob("*.txt"))[n // 2]
    with one.open("a", encoding="utf-8") as handle:
        handle.write("\nA late paragraph added to one article to time an incremental rebuild.\n")
    before = snapshot(site / "facts", site / "briefings")
    incremental = run("build after one article changed", briefsite(site, "build"), cwd=site)
    result["incremental"] = asdict(incremental)
    result["rewritten_by_incremental"] = len(changed(before, snapshot(site / "facts", site / "briefings")))

    if hugo:
        hugo_dir = work / f"hugo-{n}"
        result["hugo_pages"] = hugo_site(site / "briefings", hugo_dir)
        runs = [run(f"hugo #{i + 1}", [hugo, "--quiet", "--destination", str(hugo_dir / f"public{i}")], cwd=hugo_dir)
                for i in range(repeat)]
        result["hugo"] = [asdict(r) for r in runs]
        shutil.rmtree(hugo_dir, ignore_errors=True)
    return result


def _median(runs: list[dict[str, Any]], key: str = "wall") -> float:
    return float(statistics.median(r[key] for r in runs))


def summarize(results: list[dict[str, Any]], hugo_size: int) -> list[dict[str, Any]]:
    """The goal table: one row per goal with the measured ratio (wall clock; CPU alongside)."""
    rows: list[dict[str, Any]] = []
    small, large = results[0], results[-1]
    for r in results:
        rows.append(_row(f"normalize cold / NER alone @ {r['articles']}", r["normalize"]["wall"] / r["ner"]["wall"],
                         r["normalize"]["cpu"] / r["ner"]["cpu"], GOALS["normalize_vs_ner"]))
    for r in results:
        ratio = _median(r["warm_build"]) / _median(r["publisher"])
        cpu = _median(r["warm_build"], "cpu") / _median(r["publisher"], "cpu")
        rows.append(_row(f"warm build / publisher alone @ {r['articles']}", ratio, cpu, GOALS["warm_vs_publisher"],
                         extra=f"{len(r['rewritten_by_warm_build'])} files rewritten",
                         ok_extra=not r["rewritten_by_warm_build"]))
    if len(results) > 1:
        per = [(r["site_build"]["wall"] / r["articles"], r["site_build"]["cpu"] / r["articles"])
               for r in (small, large)]
        rows.append(_row(f"site build per article @ {large['articles']} / @ {small['articles']}",
                         per[1][0] / per[0][0], per[1][1] / per[0][1], GOALS["per_article_growth"]))
        page = [(r["site_build"]["wall"] / r["pages"], r["site_build"]["cpu"] / r["pages"]) for r in (small, large)]
        alone = [_median(r["publisher"]) / r["pages"] for r in (small, large)]
        rows.append({"goal": f"site build per page @ {large['articles']} / @ {small['articles']} (info)",
                     "value": round(page[1][0] / page[0][0], 3), "cpu": round(page[1][1] / page[0][1], 3),
                     "target": None, "ok": True,
                     "note": f"{small['pages']} and {large['pages']} pages; the publisher alone "
                             f"{alone[1] / alone[0]:.2f}x per page"})
    at = next((r for r in results if r["articles"] == hugo_size and "hugo" in r), None)
    if at is not None:
        hugo = _median(at["hugo"])
        rows.append(_row(f"site build / Hugo @ {at['articles']}", at["site_build"]["wall"] / hugo,
                         at["site_build"]["cpu"] / _median(at["hugo"], "cpu"), GOALS["vs_hugo"],
                         extra=f"the publisher alone is {_median(at['publisher']) / hugo:.1f}x Hugo; "
                               f"{at['pages']} pages"))
    for r in results:
        rows.append({"goal": f"build after one article changed / publisher alone @ {r['articles']} (info)",
                     "value": round(r["incremental"]["wall"] / _median(r["publisher"]), 3),
                     "cpu": round(r["incremental"]["cpu"] / _median(r["publisher"], "cpu"), 3), "target": None,
                     "ok": True, "note": f"{r['rewritten_by_incremental']} files in facts/ and briefings/ rewritten"})
    phases = ("normalize", "site_build", "incremental")
    peak = max(large[p]["peak_rss_mb"] for p in phases)
    pss = max(large[p]["peak_pss_mb"] for p in phases)
    one = max(large[p]["peak_process_mb"] for p in phases)
    alone = max(r["peak_rss_mb"] for r in large["publisher"])
    rows.append({"goal": f"peak memory of the build @ {large['articles']} (MB, all processes)", "value": round(peak),
                 "cpu": None, "target": GOALS["peak_mb"], "ok": peak <= GOALS["peak_mb"],
                 "note": f"PSS {pss:.0f} MB; largest process {one:.0f} MB; the publisher alone {alone:.0f} MB"})
    return rows


def _row(goal: str, ratio: float, cpu: float, target: float, extra: str = "", ok_extra: bool = True) -> dict[str, Any]:
    return {"goal": goal, "value": round(ratio, 3), "cpu": round(cpu, 3), "target": target,
            "ok": ratio <= target and ok_extra, "note": extra}


def markdown(report: dict[str, Any]) -> str:
    """The goal table and every measurement, as Markdown (for bench/RESULTS.md)."""
    lines = ["| goal | measured (wall clock) | CPU time | target | met |", "|---|---|---|---|---|"]
    for row in report["goals"]:
        cpu = "" if row["cpu"] is None else f"{row['cpu']:.2f}x"
        value = f"{row['value']} MB" if row["cpu"] is None else f"{row['value']:.2f}x"
        if row["target"] is None:
            target, met = "—", row["note"] or "—"
        else:
            target = f"<= {row['target']}"
            met = ("yes" if row["ok"] else "NO") + (f" — {row['note']}" if row["note"] else "")
        lines.append(f"| {row['goal']} | {value} | {cpu} | {target} | {met} |")
    lines += ["", "| articles | pages | step | wall s | CPU s | peak MB (RSS, all) | PSS MB | largest process MB |",
              "|---|---|---|---|---|---|---|---|"]
    for r in report["results"]:
        steps = [r["ner"], r["normalize"], r["site_build"], *r["warm_build"], *r["publisher"], r["incremental"],
                 *r.get("hugo", [])]
        for step in steps:
            lines.append(f"| {r['articles']} | {r.get('pages', '')} | {step['label']} | {step['wall']:.2f} | "
                         f"{step['cpu']:.2f} | {step['peak_rss_mb']:.0f} | {step['peak_pss_mb']:.0f} | "
                         f"{step['peak_process_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = "unknown"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    versions = {}
    for name in ("spacy", "mkdocs", "mkdocs-material", "PyYAML", "ruamel.yaml"):
        try:
            from importlib import metadata

            versions[name] = metadata.version(name)
        except Exception:  # reporting only
            versions[name] = "?"
    hugo = shutil.which("hugo")
    hugo_version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip() if hugo else None
    load = os.getloadavg()
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(int(mem.group(1)) / 2**20, 1) if mem else None,
            "python": platform.python_version(), "platform": platform.platform(), "versions": versions,
            "hugo": hugo_version, "loadavg_at_start": [round(x, 2) for x in load]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,1000,3000", help="comma-separated article counts")
    parser.add_argument("--quick", action="store_true", help="smoke run: 20 and 60 articles, one repeat")
    parser.add_argument("--skip-hugo", action="store_true", help="leave out the Hugo comparison")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the warm build, publisher and Hugo")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the sites and perf.json")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    args = parser.parse_args(argv)
    sizes = [20, 60] if args.quick else sorted(int(s) for s in args.sizes.split(","))
    repeat = 1 if args.quick else args.repeat
    hugo_size = 1000 if 1000 in sizes else sizes[-1]
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.out / "sites"
    work.mkdir(exist_ok=True)
    hugo = None if args.skip_hugo else ensure_hugo()
    if not args.skip_hugo and hugo is None:
        print("  hugo is not available (not root?); the Hugo comparison is left out", flush=True)
    info = machine()
    print(f"machine: {info['nproc']} x {info['cpu']}, {info['ram_gb']} GB, Python {info['python']}, "
          f"load {info['loadavg_at_start']}", flush=True)
    pool = corpus.paragraph_pool()
    results = [measure_size(n, work, repeat=repeat, hugo=hugo if n == hugo_size else None, pool=pool)
               for n in sizes]
    rows = summarize(results, hugo_size)
    report = {"command": " ".join([Path(sys.executable).name, *sys.argv]), "machine": info, "sizes": sizes,
              "results": results, "goals": rows}
    tables = markdown(report)
    print("\n" + tables)
    (args.out / "perf.json").write_text(json.dumps(report, indent=1, default=str) + "\n", "utf-8")
    (args.out / "perf.md").write_text(tables, "utf-8")
    print(f"wrote {args.out / 'perf.json'} and {args.out / 'perf.md'}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
