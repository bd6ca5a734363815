"""Where a student-topic's time goes: the judge's CPU and the sandbox's CPU, per topic, for the
reference solution and the stub, graded one after the other in this process.

    python benchmarks/where_time_goes.py [--topics T1,T2]
    python benchmarks/where_time_goes.py --class 10     # per kind of file of a synthetic class instead
    python benchmarks/where_time_goes.py --mutants      # every known-buggy variant, costliest first

With ``--class N``, the files are those of benchmarks/synthetic_class.py's class of N students over the
7 mission topics (correct, buggy, stub, crashing, missing), and the CPU is summed per kind of file: the
mix that class_throughput.py grades, without its processes and queues.

CPU seconds (not wall) are summed per process, so load from elsewhere inflates them little: the judge
from getrusage, each sandbox from /proc just before it is killed. For a profile of one topic, run
pyinstrument on autograder.judge.runner.grade_topic (see the README's Performance section).
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.course import load_topics  # noqa: E402
from autograder.judge import sandbox_client  # noqa: E402
from autograder.judge.runner import grade_topic  # noqa: E402

_TICK = os.sysconf("SC_CLK_TCK")
_sandbox_cpu = [0.0]


def _count_sandbox_cpu() -> None:
    kill = sandbox_client.Sandbox.kill

    def counting_kill(self):
        try:
            fields = open(f"/proc/{self.pid}/stat").read().rsplit(")", 1)[1].split()
            _sandbox_cpu[0] += (int(fields[11]) + int(fields[12])) / _TICK  # utime + stime
        except OSError:
            pass
        kill(self)

    sandbox_client.Sandbox.kill = counting_kill


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", default=None)
    parser.add_argument("--class", dest="students", type=int, default=0, help="a synthetic class of N students instead")
    parser.add_argument("--mutants", action="store_true", help="each mutant appended to the solution, as validate grades it")
    args = parser.parse_args()
    _count_sandbox_cpu()
    if args.students:
        return per_kind(args.students)
    if args.mutants:
        return per_mutant(args.topics.split(",") if args.topics else None)
    topics = load_topics(names=args.topics.split(",") if args.topics else None)
    first = next(iter(topics.values()))
    grade_topic(first, ROOT / "solutions" / f"{first.name}.py")  # warm: zygote, imports
    print(f"{'topic':18}{'file':10}{'tests':>6}{'wall s':>8}{'judge cpu':>11}{'sandbox cpu':>13}{'total cpu':>11}")
    totals = {"solution": 0.0, "stub": 0.0}
    for name, topic in topics.items():
        for kind, folder in (("solution", "solutions"), ("stub", "student_template")):
            _sandbox_cpu[0] = 0.0
            cpu, wall = _cpu(), time.perf_counter()
            result = grade_topic(topic, ROOT / folder / f"{name}.py").result
            wall, judge = time.perf_counter() - wall, _cpu() - cpu
            totals[kind] += judge + _sandbox_cpu[0]
            print(f"{name:18}{kind:10}{len(result['tests']):>6}{wall:>8.2f}{judge:>11.2f}{_sandbox_cpu[0]:>13.2f}"
                  f"{judge + _sandbox_cpu[0]:>11.2f}", flush=True)
    print(f"total CPU: solutions {totals['solution']:.1f} s, stubs {totals['stub']:.1f} s")


def _kind(path) -> str:
    if path is None:
        return "missing"
    text = path.read_text()
    if "# ---- " in text:
        return "buggy"  # synthetic_class appends a mutant after this marker
    if any(mark in text for mark in ("os._exit", "tensorflow", "def broken(")):
        return "crashing"
    return "stub" if "raise NotImplementedError" in text else "correct"


def per_kind(students: int) -> None:
    import tempfile
    from collections import defaultdict

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic_class import MISSION_TOPICS, make_class

    folder = Path(tempfile.mkdtemp(prefix="where-time-goes-")) / "class"
    make_class(folder, students, MISSION_TOPICS)
    topics = load_topics(names=MISSION_TOPICS)
    first = next(iter(topics.values()))
    grade_topic(first, ROOT / "solutions" / f"{first.name}.py")  # warm: zygote, imports
    sums = defaultdict(lambda: [0, 0.0, 0.0])  # kind -> [files, judge cpu, sandbox cpu]
    for student in sorted(folder.iterdir()):
        for name, topic in topics.items():
            path = student / f"{name}.py"
            path = path if path.exists() else None
            _sandbox_cpu[0], cpu = 0.0, _cpu()
            grade_topic(topic, path)
            entry = sums[_kind(path)]
            entry[0] += 1
            entry[1] += _cpu() - cpu
            entry[2] += _sandbox_cpu[0]
    print(f"{'kind':10}{'files':>6}{'judge cpu/file':>16}{'sandbox cpu/file':>18}{'total cpu/file':>16}")
    files = sum(n for n, _, _ in sums.values())
    for kind, (n, judge, sandbox) in sorted(sums.items()):
        print(f"{kind:10}{n:>6}{judge / n:>16.2f}{sandbox / n:>18.2f}{(judge + sandbox) / n:>16.2f}")
    total = sum(j + s for _, j, s in sums.values())
    print(f"all {files} student-topics: {total:.1f} CPU-s, {total / files:.2f} CPU-s per student-topic")


def per_mutant(names: list[str] | None, shown: int = 15) -> None:
    """CPU per known-buggy variant (the solution with the mutant appended, as ``validate`` grades it):
    the costliest first, and the total. Python loops are where a grader's time runs away."""
    import tempfile

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic_class import MISSION_TOPICS

    topics = load_topics(names=names or MISSION_TOPICS)
    first = next(iter(topics.values()))
    grade_topic(first, ROOT / "solutions" / f"{first.name}.py")  # warm: zygote, imports
    scratch = Path(tempfile.mkdtemp(prefix="where-time-goes-"))
    rows = []
    for name, topic in topics.items():
        solution = (ROOT / "solutions" / f"{name}.py").read_text()
        for mutant in topic.mutants:
            path = scratch / mutant.stem / f"{name}.py"
            path.parent.mkdir()
            path.write_text(f"{solution}\n\n{mutant.read_text()}")
            _sandbox_cpu[0], cpu, wall = 0.0, _cpu(), time.perf_counter()
            grade_topic(topic, path)
            judge = _cpu() - cpu
            rows.append((judge + _sandbox_cpu[0], name, mutant.stem, time.perf_counter() - wall, judge, _sandbox_cpu[0]))
    rows.sort(reverse=True)
    print(f"{'topic':16}{'mutant':40}{'wall s':>8}{'judge cpu':>11}{'sandbox cpu':>13}{'total cpu':>11}")
    for total, name, stem, wall, judge, sandbox in rows[:shown]:
        print(f"{name:16}{stem:40}{wall:>8.2f}{judge:>11.2f}{sandbox:>13.2f}{total:>11.2f}")
    total = sum(row[0] for row in rows)
    print(f"all {len(rows)} mutants: {total:.1f} CPU-s, {total / len(rows):.2f} per mutant "
          f"(the {shown} above: {sum(row[0] for row in rows[:shown]):.1f})")


if __name__ == "__main__":
    main()
