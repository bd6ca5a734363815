"""Class throughput: a synthetic class graded by the real CLI, with --jobs 1 and --jobs 2, side by side.

    python benchmarks/class_throughput.py [--students 100] [--topics T1,T2] [--jobs 1,2] [--repeats 1]

The class is built by benchmarks/synthetic_class.py (correct, buggy, stub, crashing and missing files).
Each run is ``autograder grade CLASS --out FRESH_DIR --jobs N --quiet`` in a fresh process; runs of
different --jobs alternate when repeated, so load from elsewhere hits both. Printed per --jobs value:
wall time, the judge's seconds per student-topic (median, p95; from the result store), student-topics
and students per minute, the peak RSS of the largest process and the peak summed RSS of the process tree
(an upper bound: forked sandboxes share torch's pages).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_class import MISSION_TOPICS, make_class  # noqa: E402

AUTOGRADER = [sys.executable, "-m", "autograder.cli"]


def _tree_rss_kib(root_pid: int) -> tuple[int, int]:
    """(summed RSS, largest RSS) of root_pid and its descendants, in KiB, from /proc."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        parents[int(entry)] = int(fields.get("PPid", "0").strip())
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    sizes = [rss.get(pid, 0) for pid in tree]
    return sum(sizes), max(sizes, default=0)


def grade_once(class_dir: Path, topics: list[str], jobs: int) -> dict:
    out = Path(tempfile.mkdtemp(prefix=f"throughput-j{jobs}-"))
    command = [*AUTOGRADER, "grade", str(class_dir), "--out", str(out), "--jobs", str(jobs), "--quiet",
               "--topics", ",".join(topics)]
    peak = {"sum": 0, "max": 0}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def sample():
        while process.poll() is None:
            total, largest = _tree_rss_kib(process.pid)
            peak["sum"], peak["max"] = max(peak["sum"], total), max(peak["max"], largest)
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"autograder grade exited {process.returncode}:\n{stderr[-2000:]}")
    seconds, statuses = [], {}
    for record_path in (out / "results").glob("*/*.json"):
        record = json.loads(record_path.read_text())
        seconds.append(record["seconds"])
        statuses[(record_path.parent.name, record_path.stem)] = (record["result"]["status"], record["result"]["score"])
    return {"jobs": jobs, "wall": wall, "seconds": seconds, "statuses": statuses, "peak_sum_mib": peak["sum"] / 1024,
            "peak_max_mib": peak["max"] / 1024, "out": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--topics", default=",".join(MISSION_TOPICS))
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to compare")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    topics = args.topics.split(",")
    class_dir = Path(tempfile.mkdtemp(prefix="synthetic-class-"))
    kinds = make_class(class_dir, args.students, topics, args.seed)
    print(f"class: {args.students} students x {len(topics)} topics: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    runs: dict[int, list[dict]] = {}
    for _ in range(args.repeats):
        for jobs in map(int, args.jobs.split(",")):
            run = grade_once(class_dir, topics, jobs)
            runs.setdefault(jobs, []).append(run)
            print(f"  --jobs {jobs}: {run['wall']:.1f} s wall", flush=True)
    tasks = args.students * len(topics)
    print(f"\n{'':10}{'wall s':>9}{'per task s (median':>20}{'p95)':>7}{'tasks/min':>11}{'students/min':>14}"
          f"{'largest MiB':>13}{'tree MiB':>10}")
    walls = {}
    for jobs, results in runs.items():
        wall = statistics.median(r["wall"] for r in results)
        walls[jobs] = wall
        seconds = sorted(s for r in results for s in r["seconds"])
        p95 = seconds[int(0.95 * (len(seconds) - 1))]
        print(f"--jobs {jobs:<3}{wall:>9.1f}{statistics.median(seconds):>20.2f}{p95:>7.2f}{tasks / wall * 60:>11.0f}"
              f"{args.students / wall * 60:>14.1f}{max(r['peak_max_mib'] for r in results):>13.0f}"
              f"{max(r['peak_sum_mib'] for r in results):>10.0f}")
    if len(walls) > 1:
        first, *others = sorted(walls)
        for jobs in others:
            print(f"speed-up of --jobs {jobs} over --jobs {first}: {walls[first] / walls[jobs]:.2f}x")
        reference = runs[first][0]["statuses"]
        for jobs in others:
            differing = [k for k, v in runs[jobs][0]["statuses"].items() if reference.get(k) != v]
            print(f"student-topics scored differently by --jobs {jobs} and --jobs {first}: {len(differing)} of {tasks}"
                  + (f" (e.g. {differing[:3]}; timing checks under load)" if differing else ""))


if __name__ == "__main__":
    main()
