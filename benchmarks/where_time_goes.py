"""Where a student-topic's time goes: the judge's CPU and the sandbox's CPU, per topic, for the
reference solution and the stub, graded one after the other in this process.

    python benchmarks/where_time_goes.py [--topics T1,T2]

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
    args = parser.parse_args()
    _count_sandbox_cpu()
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


if __name__ == "__main__":
    main()
