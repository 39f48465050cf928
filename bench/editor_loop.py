"""The editor's loop at scale (issue 17): one hand edit of a fact sheet, timed through every verb, on sites made
by bench/corpus.py, with baselines measured in the same run.

    .venv/bin/python bench/editor_loop.py [--sizes 480,3000] [--quick] [--edits 3] [--rest 10]
    .venv/bin/python bench/editor_loop.py --serve-only SITE [--edits 3]   # step 5 alone, on a built site
    .venv/bin/python bench/editor_loop.py --only render SITE [--edits 5]  # step 4's render alone (see below)
    .venv/bin/python bench/editor_loop.py --only cold N                   # step 1 alone, on a new N-article site

For each size N, in this order:
1. cold `build` (seeds only: normalize, render, publish), with the peak memory of all its processes, and
   `mkdocs build` alone on the same briefings/ (the publisher, same environment as site/publish.py);
   `--reuse-site` skips the cold build and reuses a site kept by an earlier run (`--keep`);
2. a no-op `build` (nothing changed) / `mkdocs build` alone (goal <= 0.05: the publisher is skipped);
3. `normalize` with nothing new (goal <= 1 s);
4. one person's role changed in one fact sheet, then `render` (goal <= 1 s; files rewritten counted), then
   `build` / `mkdocs build` alone (goal <= 1.1); `--pairs N` times N edits so (render, build, `mkdocs build`
   alone again), and the goals read the medians (one 200-second pair differs by +-10 % on a shared machine);
5. `serve`: the time from saving an edited sheet until the story page served over HTTP shows it (goal <= 3 s
   at 480 articles, <= 5 s at 3,000; first edit and the median of the next ones), then the preview at rest
   for `--rest` seconds: refreshes printed and CPU seconds used (goal: 0 refreshes);
6. SIGTERM to `serve`: no process of it left.
Results: bench/out/editor_loop.json and bench/out/editor_loop.md.

`--only render SITE` (a kept, built site: it is edited and built) times the render row alone as the user's loop
runs it: one untimed `build` (the last full build), then `--edits` times the bench's edit (the role toggled,
saved in place) followed by `render` in a new process, each timed; the first edit is the first after the build.
It prints each run (wall, CPU, files rewritten), the medians and the load average, and leaves the role as found.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
import perf

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
GOALS = {"serve_480": 3.0, "serve_3000": 5.0, "rest_refreshes": 0, "build_after_edit": 1.1, "noop_build": 0.05,
         "normalize_nothing_new": 1.0, "render_after_edit": 1.0, "peak_memory": 1.2}


def _env() -> dict[str, str]:
    return {"PYTHONPATH": str(REPO / "src")}


def _mkdocs_alone(site: Path, work: Path, label: str) -> perf.Run:
    return perf.run(label, [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet",
                            "--config-file", str(site / "mkdocs.yml"), "--site-dir", str(work / "publisher")],
                    cwd=site, env=perf.publisher_env())


def _person_sheet(site: Path) -> tuple[Path, str, str]:
    """A sheet with a person's role, the role line, and the sheet's story."""
    for path in sorted((site / "facts").glob("*.yaml")):
        text = path.read_text("utf-8")
        role = re.search(r"^    role: (\S.*)$", text, re.M)
        story = re.search(r"^story: (\S+)$", text, re.M)
        if role and story:
            return path, role.group(0), story.group(1)
    raise SystemExit("no sheet with a person's role")


def _save(path: Path, old: str, new: str) -> None:
    """Save as an editor does: open, write, close (not an atomic rename)."""
    text = path.read_text("utf-8")
    assert old in text, old
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new, 1))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _settle(lines: list[str], *, quiet: float, limit: float = 900.0) -> None:
    """Wait until the preview has printed no status line for `quiet` seconds (at most `limit`)."""
    end = time.perf_counter() + limit
    seen, since = len(lines), time.perf_counter()
    while time.perf_counter() < end:
        time.sleep(0.2)
        if len(lines) != seen:
            seen, since = len(lines), time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            return


def _indexed(lines: list[str], *, limit: float = 900.0) -> None:
    """Wait until the background search index has caught up with the preview's last rebuild (its "search index
    updated" line, or an error, after the last "... page(s) in" line), at most `limit` seconds. The re-index starts
    a second after an edit shows and runs at the lowest priority, so it can stay silent longer than `_settle`'s
    quiet time: without this wait its line fell into the "at rest" window."""
    end = time.perf_counter() + limit
    while time.perf_counter() < end:
        snapshot = list(lines)
        built = [i for i, line in enumerate(snapshot) if line.startswith("serve: ") and " page(s) in " in line]
        after = snapshot[built[-1] + 1:] if built else snapshot
        if any(line.startswith(("serve: search index updated", "error")) for line in after):
            return
        time.sleep(0.2)


def measure_serve(site: Path, sheet: Path, role: str, story: str, *, edits: int, rest: float) -> dict[str, Any]:
    """Start the preview, time edits until they show, watch it at rest, stop it with SIGTERM."""
    port = _free_port()
    lines: list[str] = []
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(site), "--quiet", "serve", "--dev-addr",
         f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True, env={**os.environ, **_env()})
    threading.Thread(target=lambda: lines.extend(line.rstrip() for line in process.stdout or ()),
                     daemon=True).start()
    result: dict[str, Any] = {}
    try:
        while not any(line.startswith("serve: serving on") for line in lines):
            if process.poll() is not None:
                raise SystemExit("serve stopped:\n" + "\n".join(lines[-20:]))
            time.sleep(0.2)
        result["startup_s"] = round(time.perf_counter() - started, 2)
        print(f"    serve started in {result['startup_s']:.1f} s", flush=True)
        url = f"http://127.0.0.1:{port}/stories/{story}/"
        shown: list[float] = []
        current = role
        for i in range(edits):
            marker = f"edited role {i + 1}"
            new = f"{role.split(': ')[0]}: {marker}"
            _save(sheet, current, new)
            t0 = time.perf_counter()
            while True:
                with urllib.request.urlopen(url, timeout=120) as response:
                    if marker in response.read().decode("utf-8"):
                        break
                if time.perf_counter() - t0 > 600:
                    raise SystemExit("the edit did not show within 600 s")
                time.sleep(0.05)
            shown.append(time.perf_counter() - t0)
            current = new
            print(f"    edit {i + 1} shown after {shown[-1]:.2f} s", flush=True)
            time.sleep(1.0)
        _save(sheet, current, role)  # put the role back, and let the preview settle: "at rest" starts once the
        # work of the edits (the page rebuild, then the search index caught up in the background) is done
        _settle(lines, quiet=max(5.0, shown[0] * 2))
        _indexed(lines)
        _settle(lines, quiet=5.0)
        statuses = [line for line in lines if line.startswith("serve: ")]
        cpu = _cpu(process.pid)
        time.sleep(rest)
        after = [line for line in lines if line.startswith("serve: ")]
        result.update(shown_s=[round(s, 2) for s in shown], first_s=round(shown[0], 2),
                      median_next_s=round(statistics.median(shown[1:]), 2) if len(shown) > 1 else None,
                      rest_s=rest, rest_refreshes=len(after) - len(statuses),
                      rest_cpu_s=round(_cpu(process.pid) - cpu, 3),
                      log=[line for line in lines if line.startswith(("serve:", "error"))][-20:])
        print(f"    at rest for {rest:.0f} s: {result['rest_refreshes']} refreshes, {result['rest_cpu_s']} s CPU",
              flush=True)
        session = process.pid
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        time.sleep(0.5)
        result["left_after_sigterm"] = _session(session)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return result


def _session(sid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(entry))
    return found


def measure_size(n: int, work: Path, *, pool: list[str], edits: int, rest: float, reuse: bool,
                 pairs: int = 1) -> dict[str, Any]:
    print(f"\n== {n} articles", flush=True)
    site = work / f"site-{n}"
    r: dict[str, Any] = {"articles": n}
    if reuse and (site / "site" / "index.html").is_file():
        print("    reusing the site built by an earlier run (no cold build measured)", flush=True)
        r["cold_build"] = None
        # the earlier run ended in `serve`, whose edits the kept site/ does not hold: settle it, so that the
        # no-op row below measures a build with nothing to do (and a code change since is paid here, untimed)
        subprocess.run(perf.briefsite(site, "build"), cwd=site, env={**os.environ, **_env()}, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        site = corpus.make_site(site, n, pool=pool)
        r["cold_build"] = asdict(perf.run("cold build", perf.briefsite(site, "build"), cwd=site, env=_env()))
    r["pages"] = sum(1 for _ in (site / "briefings").rglob("*.md"))
    r["publisher"] = asdict(_mkdocs_alone(site, work, "mkdocs build alone"))
    r["noop_build"] = asdict(perf.run("no-op build", perf.briefsite(site, "build"), cwd=site, env=_env()))
    r["normalize_nothing_new"] = asdict(perf.run("normalize, nothing new", perf.briefsite(site, "normalize"),
                                                 cwd=site, env=_env()))
    sheet, role, story = _person_sheet(site)
    r["edited"] = {"sheet": sheet.name, "role": role, "story": story}
    _save(sheet, role, role + " and founder")
    before = perf.snapshot(site / "briefings")
    r["render_after_edit"] = asdict(perf.run("render after one edit", perf.briefsite(site, "render"), cwd=site,
                                             env=_env()))
    r["render_rewritten"] = len(perf.changed(before, perf.snapshot(site / "briefings")))
    r["build_after_edit"] = asdict(perf.run("build after the edit", perf.briefsite(site, "build"), cwd=site,
                                            env=_env()))
    # More edits, each timed as a (render, build, mkdocs build alone) triple run back to back: one pair of
    # 200-second runs on a shared machine differs by +-10 % on its own, so the ratio is read as a median.
    r["pairs"] = [{"render": r["render_after_edit"], "build": r["build_after_edit"], "alone": r["publisher"]}]
    current = role + " and founder"
    for _ in range(pairs - 1):
        edited = role if current != role else role + " and founder"
        _save(sheet, current, edited)
        current = edited
        r["pairs"].append({
            "render": asdict(perf.run("render after one edit", perf.briefsite(site, "render"), cwd=site, env=_env())),
            "build": asdict(perf.run("build after the edit", perf.briefsite(site, "build"), cwd=site, env=_env())),
            "alone": asdict(_mkdocs_alone(site, work, "mkdocs build alone"))})
    if current != role:
        _save(sheet, current, role)  # the preview starts from the site as it was
    r["serve"] = measure_serve(site, sheet, role, story, edits=edits, rest=rest)
    return r


def measure_render_only(site: Path, *, edits: int) -> dict[str, Any]:
    """The render row alone: an untimed `build`, then `edits` times (edit, `render` in a new process)."""
    load_before = os.getloadavg()
    subprocess.run(perf.briefsite(site, "build"), cwd=site, env={**os.environ, **_env()}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sheet, role, _ = _person_sheet(site)
    current, runs = role, []
    for i in range(edits):
        edited = role if current != role else role + " and founder"
        _save(sheet, current, edited)
        current = edited
        before = perf.snapshot(site / "briefings")
        run = perf.run("render after one edit", perf.briefsite(site, "render"), cwd=site, env=_env())
        rewritten = len(perf.changed(before, perf.snapshot(site / "briefings")))
        runs.append({"wall": round(run.wall, 3), "cpu": round(run.cpu, 3), "rewritten": rewritten,
                     "peak_rss_mb": round(run.peak_rss_mb)})
        print(f"    edit {i + 1}: render {run.wall:.2f} s wall, {run.cpu:.2f} s CPU, {rewritten} file(s) rewritten, "
              f"peak {run.peak_rss_mb:.0f} MB", flush=True)
    if current != role:
        _save(sheet, current, role)
    return {"site": str(site), "sheet": sheet.name, "runs": runs,
            "median_wall": statistics.median(r["wall"] for r in runs),
            "median_cpu": statistics.median(r["cpu"] for r in runs),
            "load_before": load_before, "load_after": os.getloadavg()}


def measure_cold_only(n: int, work: Path) -> dict[str, Any]:
    """Step 1 alone: a new site of `n` articles (bench/corpus.py), its cold `build` with the peak memory of all its
    processes, and `mkdocs build` alone on the same briefings/; the site is removed afterwards."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    load_before = os.getloadavg()
    site = corpus.make_site(work / f"site-{n}", n, pool=corpus.paragraph_pool())
    cold = perf.run("cold build", perf.briefsite(site, "build"), cwd=site, env=_env())
    alone = _mkdocs_alone(site, work, "mkdocs build alone")
    shutil.rmtree(work, ignore_errors=True)
    return {"articles": n, "cold_build": asdict(cold), "publisher": asdict(alone),
            "peak_memory_ratio": round(cold.peak_rss_mb / alone.peak_rss_mb, 3),
            "load_before": load_before, "load_after": os.getloadavg()}


def summarize(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def row(goal: str, value: float, target: float, unit: str = "x", note: str = "") -> None:
        rows.append({"goal": goal, "value": round(value, 3), "unit": unit, "target": target,
                     "ok": value <= target, "note": note})

    for r in results:
        n = r["articles"]
        alone = r["publisher"]["wall"]
        s = r["serve"]
        target = GOALS["serve_480"] if n <= 1000 else GOALS["serve_3000"]
        row(f"serve: edit shown (first edit) @ {n}", s["first_s"], target, "s",
            f"next edits {s['shown_s'][1:]} s; preview start {s['startup_s']} s")
        if s.get("median_next_s") is not None:
            row(f"serve: edit shown (median of the next edits) @ {n}", s["median_next_s"], target, "s")
        row(f"serve at rest: refreshes in {s['rest_s']:.0f} s @ {n}", s["rest_refreshes"], GOALS["rest_refreshes"],
            "", f"{s['rest_cpu_s']} s CPU at rest; processes left after SIGTERM: {len(s['left_after_sigterm'])}")
        alone_cpu = r["publisher"]["cpu"]
        triples = r.get("pairs") or [{"build": r["build_after_edit"], "alone": r["publisher"]}]
        walls = [p["build"]["wall"] / p["alone"]["wall"] for p in triples]
        cpus = [p["build"]["cpu"] / p["alone"]["cpu"] for p in triples]
        row(f"build after the edit / mkdocs build alone @ {n}" + (f" (median of {len(walls)} pairs)"
                                                                   if len(walls) > 1 else ""),
            statistics.median(walls), GOALS["build_after_edit"], "x",
            f"{r['build_after_edit']['wall']:.1f} s vs {alone:.1f} s; CPU {statistics.median(cpus):.2f}x"
            + (f"; pairs {[round(w, 2) for w in walls]} (CPU {[round(c, 2) for c in cpus]})" if len(walls) > 1
               else ""))
        row(f"no-op build / mkdocs build alone @ {n}", r["noop_build"]["wall"] / alone, GOALS["noop_build"], "x",
            f"{r['noop_build']['wall']:.2f} s; CPU {r['noop_build']['cpu'] / alone_cpu:.2f}x")
        row(f"normalize with nothing new @ {n}", r["normalize_nothing_new"]["wall"],
            GOALS["normalize_nothing_new"], "s", f"CPU {r['normalize_nothing_new']['cpu']:.2f} s")
        renders = [p["render"] for p in r.get("pairs") or [] if p.get("render")] or [r["render_after_edit"]]
        row(f"render after the edit @ {n}" + (f" (median of {len(renders)} edits)" if len(renders) > 1 else ""),
            statistics.median(x["wall"] for x in renders), GOALS["render_after_edit"], "s",
            f"CPU {statistics.median(x['cpu'] for x in renders):.2f} s; {r['render_rewritten']} files rewritten "
            "by the first" + (f"; each {[round(x['wall'], 2) for x in renders]} s" if len(renders) > 1 else ""))
        if r["cold_build"] is None:
            continue
        row(f"peak memory, cold build / mkdocs build alone @ {n}",
            r["cold_build"]["peak_rss_mb"] / r["publisher"]["peak_rss_mb"], GOALS["peak_memory"], "x",
            f"{r['cold_build']['peak_rss_mb']:.0f} MB vs {r['publisher']['peak_rss_mb']:.0f} MB (RSS, all "
            f"processes; PSS {r['cold_build']['peak_pss_mb']:.0f} MB)")
    return rows


def markdown(report: dict[str, Any]) -> str:
    lines = ["| goal | measured | target | met |", "|---|---|---|---|"]
    for row in report["goals"]:
        unit = row["unit"]
        value = f"{row['value']:.2f}{unit}" if unit else f"{row['value']:.0f}"
        met = ("yes" if row["ok"] else "NO") + (f" — {row['note']}" if row["note"] else "")
        lines.append(f"| {row['goal']} | {value} | <= {row['target']}{unit} | {met} |")
    lines += ["", "| articles | pages | step | wall s | CPU s | peak MB (RSS, all) | PSS MB |",
              "|---|---|---|---|---|---|---|"]
    for r in report["results"]:
        for key in ("cold_build", "publisher", "noop_build", "normalize_nothing_new", "render_after_edit",
                    "build_after_edit"):
            step = r[key]
            if step is None:
                continue
            lines.append(f"| {r['articles']} | {r['pages']} | {step['label']} | {step['wall']:.2f} | "
                         f"{step['cpu']:.2f} | {step['peak_rss_mb']:.0f} | {step['peak_pss_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="480,3000", help="comma-separated article counts")
    parser.add_argument("--quick", action="store_true", help="smoke run: 30 articles, 2 edits, 3 s at rest")
    parser.add_argument("--edits", type=int, default=3, help="edits timed in the preview")
    parser.add_argument("--rest", type=float, default=10.0, help="seconds the preview is watched at rest")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--reuse-site", action="store_true",
                        help="reuse a site kept (--keep) by an earlier run instead of a cold build")
    parser.add_argument("--pairs", type=int, default=1,
                        help="edits timed as (render, build, mkdocs build alone), the ratios read as medians")
    parser.add_argument("--serve-only", type=Path, metavar="SITE",
                        help="only the serve step, on an existing built site folder (a copy: it is edited)")
    parser.add_argument("--only", nargs=2, metavar=("ROW", "SITE"),
                        help="one row alone on a kept, built site (ROW: render); --edits sets the runs")
    args = parser.parse_args(argv)
    if args.only is not None:
        if args.only[0] not in ("render", "cold"):
            parser.error("--only: the rows are `render` (SITE: a kept, built site) and `cold` (SITE: an article count)")
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=True)
        if args.only[0] == "cold":
            result = measure_cold_only(int(args.only[1]), args.out / "editor-loop-cold")
            print(json.dumps(result, indent=1), flush=True)
            return 0 if result["peak_memory_ratio"] <= GOALS["peak_memory"] else 1
        result = measure_render_only(Path(args.only[1]).resolve(), edits=args.edits)
        print(json.dumps(result, indent=1), flush=True)
        return 0 if result["median_wall"] <= GOALS["render_after_edit"] else 1
    if args.serve_only is not None:
        sheet, role, story = _person_sheet(args.serve_only)
        print(f"machine load {os.getloadavg()}; editing {sheet.name}", flush=True)
        result = measure_serve(args.serve_only, sheet, role, story, edits=args.edits, rest=args.rest)
        print(json.dumps({**result, "load_after": os.getloadavg()}, indent=1), flush=True)
        return 0
    sizes = [30] if args.quick else sorted(int(s) for s in args.sizes.split(","))
    edits, rest = (2, 3.0) if args.quick else (args.edits, args.rest)
    work = args.out / "editor-loop"
    work.mkdir(parents=True, exist_ok=True)
    info = perf.machine()
    print(f"machine: {info['nproc']} x {info['cpu']}, load {info['loadavg_at_start']}", flush=True)
    # Compiled sources, as after `make` (its install step runs compileall): where PYTHONDONTWRITEBYTECODE is set,
    # every verb would otherwise compile src/ again (~0.2 s of each start-up), which no installed copy pays.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=True)
    pool = corpus.paragraph_pool()
    results = [measure_size(n, work, pool=pool, edits=edits, rest=rest, reuse=args.reuse_site, pairs=args.pairs)
               for n in sizes]
    report = {"command": " ".join([Path(sys.executable).name, *sys.argv]), "machine": info, "sizes": sizes,
              "results": results, "goals": summarize(results)}
    tables = markdown(report)
    print("\n" + tables)
    (args.out / "editor_loop.json").write_text(json.dumps(report, indent=1, default=str) + "\n", "utf-8")
    (args.out / "editor_loop.md").write_text(tables, "utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(row["ok"] for row in report["goals"]) else 1


if __name__ == "__main__":
    sys.exit(main())
