"""Every benchmark, one after the other (what `make bench` runs): the quality benchmarks that are present in
bench/ (extraction, HTML reading, story grouping, ...), then the speed and memory benchmark (perf.py).

    .venv/bin/python bench/run_all.py [--quick] [--skip-hugo] [--sizes 300,1000,3000] [--only perf,stories]

Each benchmark runs in its own process with this Python; a summary lists their exit statuses. The exit status
is non-zero when any of them failed (perf.py fails when a goal of issue 8 is not met).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"run_all.py", "corpus.py", "perf.py"}  # this runner, a library, and the last one run


def benchmarks() -> list[str]:
    """Names of the quality benchmarks present (every other script in bench/), then perf."""
    found = sorted(p.stem for p in BENCH.glob("*.py") if p.name not in NOT_BENCHMARKS and not p.name.startswith("_"))
    return [*found, "perf"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark in bench/ (what `make bench` runs).")
    parser.add_argument("--only", help=f"comma-separated subset of: {', '.join(benchmarks())}")
    parser.add_argument("--quick", action="store_true", help="perf.py: a small smoke run")
    parser.add_argument("--skip-hugo", action="store_true", help="perf.py: leave out the Hugo comparison")
    parser.add_argument("--sizes", help="perf.py: comma-separated article counts")
    args = parser.parse_args(argv)
    names = benchmarks()
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = sorted(set(wanted) - set(names))
        if unknown:
            parser.error(f"unknown benchmark(s): {', '.join(unknown)}; have {', '.join(names)}")
        names = [n for n in names if n in wanted]
    perf_args = [*(["--quick"] if args.quick else []), *(["--skip-hugo"] if args.skip_hugo else []),
                 *(["--sizes", args.sizes] if args.sizes else [])]
    statuses: list[tuple[str, int, float]] = []
    for name in names:
        extra = perf_args if name == "perf" else ["--quick"] if name == "editor_loop" and args.quick else []
        command = [sys.executable, str(BENCH / f"{name}.py"), *extra]
        print(f"\n######## {name}: {' '.join(command[1:])}", flush=True)
        started = time.perf_counter()
        status = subprocess.run(command, cwd=BENCH.parent, check=False).returncode
        statuses.append((name, status, time.perf_counter() - started))
    print("\n######## summary")
    for name, status, seconds in statuses:
        print(f"  {name:<20} {'ok' if status == 0 else f'exit {status}':<8} {seconds:8.1f} s")
    return 0 if all(status == 0 for _, status, _ in statuses) else 1


if __name__ == "__main__":
    sys.exit(main())
