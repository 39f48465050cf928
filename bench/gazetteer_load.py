"""What the place gazetteer (src/briefsite/extract/gazetteer.py) costs a process: the time to read it once and the
memory it keeps, in a fresh interpreter per run (the cost every extraction process pays once).

    .venv/bin/python bench/gazetteer_load.py [--runs N]

Prints, per run, the wall time of the first `known_places()` call, the number of keys, Python's traced memory
after it (kept) and at its peak, and the resident-set growth. Exits 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import json, resource, sys, time, tracemalloc
traced = sys.argv[1] == "traced"
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if traced:
    tracemalloc.start()
t0 = time.perf_counter()
from briefsite.extract.gazetteer import is_major_place, known_places
keys = known_places()
is_major_place("Kenya")
seconds = time.perf_counter() - t0
kept, peak = tracemalloc.get_traced_memory() if traced else (0, 0)
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "keys": len(keys), "kept_mb": kept / 1e6, "peak_mb": peak / 1e6,
                  "rss_growth_mb": (rss1 - rss0) / 1e3}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env_path = str(ROOT / "src")
    def child(mode: str) -> dict[str, float]:
        out = subprocess.run([sys.executable, "-c", _CHILD, mode], capture_output=True, text=True, check=True,
                             env={"PYTHONPATH": env_path, "PATH": ""})
        row: dict[str, float] = json.loads(out.stdout)
        print(mode, row)
        return row

    timed = [child("timed") for _ in range(args.runs)]
    traced = child("traced")  # memory: tracemalloc slows the load several times, so it is not timed
    best = min(r["seconds"] for r in timed)
    print(f"gazetteer: best load {best:.3f} s of {args.runs} (imports included), {timed[0]['keys']:,} keys, "
          f"RSS growth {timed[0]['rss_growth_mb']:.1f} MB; Python memory kept {traced['kept_mb']:.1f} MB, "
          f"peak {traced['peak_mb']:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
