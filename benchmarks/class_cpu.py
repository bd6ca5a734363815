"""CPU of whole `autograder grade` runs over a synthetic class, every process counted, checkouts side by side.

    python benchmarks/class_cpu.py [--students 15] [--jobs 1] [--repeats 2] [--also /path/to/other/checkout ...]

It also prints how many cores the run kept busy (CPU-s / wall-s): at --jobs N on an otherwise idle
N-core machine, N means no core waited.

CPU seconds are what load from elsewhere changes least, and the sum over every process is what a class
costs: the judge workers, their zygotes and every sandbox. getrusage misses the sandboxes (the zygote
lets the kernel reap them), so each run goes into its own cpuacct cgroup (Linux, cgroup v1, root).
With ``--also``, the same class is graded by each checkout given (e.g. a `git worktree` of an earlier
commit), runs alternating so that load from elsewhere hits all of them; scores are compared too.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_class import MISSION_TOPICS, make_class  # noqa: E402

CPUACCT = Path("/sys/fs/cgroup/cpuacct")


def graded_run(checkout: Path, folder: Path, jobs: int, group: str) -> tuple[float, float, dict]:
    """(CPU seconds of every process, wall seconds, {student: total score}) of one grade run."""
    cgroup = CPUACCT / group
    cgroup.mkdir(exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix="class-cpu-"))
    command = (f'echo $$ > {cgroup}/tasks; exec "{sys.executable}" -m autograder.cli grade "{folder}" '
               f'--out "{out}" --jobs {jobs} --quiet --topics {",".join(MISSION_TOPICS)}')
    started = time.perf_counter()
    subprocess.run(["sh", "-c", command], cwd=checkout, env={**os.environ, "PYTHONPATH": str(checkout)},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    time.sleep(1)  # the zygotes exit when their workers do: let them go before reading the total
    cpu = int((cgroup / "cpuacct.usage").read_text()) / 1e9
    try:
        cgroup.rmdir()
    except OSError:  # a process still on its way out: the (empty, tiny) group is left behind
        pass
    grades = json.loads((out / "grades.json").read_text())
    scores = {student: entry["score"] for student, entry in grades["students"].items()}
    return cpu, wall, scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=15)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--also", type=Path, nargs="*", default=[], help="other checkouts to grade the same class with")
    args = parser.parse_args()
    if not os.access(CPUACCT, os.W_OK):
        sys.exit(f"needs a writable cpuacct cgroup hierarchy at {CPUACCT} (Linux, cgroup v1, root)")
    folder = Path(tempfile.mkdtemp(prefix="class-cpu-")) / "class"
    kinds = make_class(folder, args.students, MISSION_TOPICS)
    tasks = args.students * len(MISSION_TOPICS)
    print(f"{args.students} students x {len(MISSION_TOPICS)} topics: {dict(kinds)}; --jobs {args.jobs}")
    checkouts = [HERE.parent, *[path.resolve() for path in args.also]]
    runs = {checkout: [] for checkout in checkouts}
    for repeat in range(args.repeats):
        for index, checkout in enumerate(checkouts):
            cpu, wall, scores = graded_run(checkout, folder, args.jobs, f"class-cpu-{os.getpid()}-{repeat}-{index}")
            runs[checkout].append((cpu, wall, scores))
            print(f"  {checkout}: {cpu:.1f} CPU-s, {wall:.1f} s wall", flush=True)
    print(f"{'checkout':50}{'CPU-s (median)':>16}{'per student-topic':>19}{'wall (median)':>15}{'cores busy':>12}")
    for checkout, results in runs.items():
        cpu = statistics.median(r[0] for r in results)
        busy = statistics.median(r[0] / r[1] for r in results)
        print(f"{str(checkout):50}{cpu:>16.1f}{cpu / tasks:>19.3f}{statistics.median(r[1] for r in results):>15.1f}{busy:>12.2f}")
    first = runs[checkouts[0]][0][2]
    differ = sorted({s for results in runs.values() for _, _, scores in results for s in scores if scores[s] != first.get(s)})
    print(f"students scored differently between runs: {len(differ)}" + (f" ({', '.join(differ[:10])})" if differ else ""))


if __name__ == "__main__":
    main()
