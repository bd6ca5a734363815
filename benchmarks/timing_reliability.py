"""Timing budgets that never lie: false failures of the reference, catches of Python loops, under load.

    python benchmarks/timing_reliability.py [--runs 200] [--topics T1,T2] [--no-load]

Interrupted (Ctrl-C or SIGTERM), it still prints the table of the checks made so far.

For every topic with timing tests (the hidden tests named ``*_speed``), each run grades, through the
real grading path but with only those tests selected (pytest -k speed):
  * the reference solution: every timing test must pass (a failure is a FALSE FAILURE);
  * each of the topic's Python-loop mutants (``mutants/*loop*.py``, appended to the solution as
    ``validate`` does): the timing tests of the functions it redefines must fail (a CATCH).
Meanwhile another process spins on the second core (unless --no-load). The measured ratio (student
time / torch time, as expect_fast decided it) is recorded for every check, so the table shows the
margin: the budget against the largest ratio a reference reached and the smallest a loop reached.
"""
from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import spec  # noqa: E402
from autograder.course import load_topics  # noqa: E402
from autograder.judge import timing  # noqa: E402
from autograder.judge.runner import GraderError, grade_topic  # noqa: E402
from autograder.validate import mutant_functions  # noqa: E402

_decided: list[tuple[str, float]] = []  # (function, ratio) for each expect_fast in the current grading


def _recording_expect_fast():
    """Wrap expect_fast (and the measure it calls) to record the ratio each call decided on."""
    original_fast, original_measure = timing.expect_fast, timing.measure
    measured: list[timing.TimingResult] = []

    def measure(*args, **kwargs):
        result = original_measure(*args, **kwargs)
        measured.append(result)
        return result

    def expect_fast(student, name, *args, **kwargs):
        measured.clear()
        try:
            return original_fast(student, name, *args, **kwargs)
        finally:
            if measured:  # expect_fast judges the fastest of each side over its (re)measurements
                best = timing.TimingResult(min(m.student_seconds for m in measured), min(m.torch_seconds for m in measured))
                _decided.append((name, best.ratio))

    timing.measure = measure
    timing.expect_fast = spec.expect_fast = expect_fast


def _speed_results(topic, path: Path) -> tuple[dict[str, str], list[tuple[str, float]]]:
    """{function: outcome} of the topic's timing tests on this file, and the ratios decided."""
    del _decided[:]
    result = grade_topic(topic, path, keyword="speed").result
    outcomes: dict[str, str] = {}
    for test in result["tests"]:
        if test["outcome"] != "skipped":
            outcomes[f"{test['function']}|{test['name']}"] = test["outcome"]
    return outcomes, list(_decided)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--topics", default=None, help="comma-separated (default: every topic with timing tests)")
    parser.add_argument("--no-load", action="store_true", help="do not spin a busy process on the other core")
    args = parser.parse_args()
    _recording_expect_fast()
    topics = load_topics(names=args.topics.split(",") if args.topics else None)
    scratch = Path(tempfile.mkdtemp(prefix="timing-reliability-"))
    subjects = []  # (topic, label, path, functions a loop breaks or None for the reference)
    for name, topic in topics.items():
        if "_speed" not in topic.hidden_tests.read_text():
            continue
        solution = ROOT / "solutions" / f"{name}.py"
        subjects.append((topic, "reference", solution, None))
        for mutant in topic.mutants:
            if "loop" in mutant.stem:
                combined = scratch / name / mutant.stem / f"{name}.py"
                combined.parent.mkdir(parents=True)
                combined.write_text(solution.read_text() + "\n\n" + mutant.read_text())
                subjects.append((topic, mutant.stem, combined, mutant_functions(mutant)))
    busy = None if args.no_load else subprocess.Popen([sys.executable, "-c", "while True: pass"])
    false_failures, catches, checks = defaultdict(int), defaultdict(int), defaultdict(int)
    ratios = defaultdict(list)
    started = time.monotonic()
    completed = 0
    interrupted = []

    def interrupt(signum, frame):
        interrupted.append(signum)
        raise KeyboardInterrupt

    # A killed run reports what it measured. pytest swallows a KeyboardInterrupt raised during a grading
    # (and its unfinished tests would read as failures): such a grading is not counted, and the run stops.
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)
    try:
        grade_topic(subjects[0][0], subjects[0][2], keyword="speed")  # warm the zygote
        for run in range(args.runs):
            for topic, label, path, broken in subjects:
                try:
                    outcomes, decided = _speed_results(topic, path)
                except GraderError:  # the grading an interrupt cut short (pytest reports it as INTERRUPTED)
                    if interrupted:
                        raise KeyboardInterrupt from None
                    raise
                if interrupted:
                    raise KeyboardInterrupt
                for function, ratio in decided:
                    if broken is None or function in broken:
                        ratios[(topic.name, function, "reference" if broken is None else "loop")].append(ratio)
                for key, outcome in outcomes.items():
                    function = key.split("|")[0]
                    if broken is None:
                        checks[(topic.name, function, "reference")] += 1
                        false_failures[(topic.name, function)] += outcome != "passed"
                    elif function in broken:
                        checks[(topic.name, function, "loop")] += 1
                        catches[(topic.name, function)] += outcome != "passed"
            completed = run + 1
            if completed % 10 == 0 or completed == 1:
                print(f"  run {completed}/{args.runs} ({time.monotonic() - started:.0f} s)", flush=True)
    except KeyboardInterrupt:
        print(f"\ninterrupted after {completed} complete runs ({time.monotonic() - started:.0f} s); "
              "the table counts every check made, the grading cut short excluded")
    finally:
        if busy is not None:
            busy.kill()
    print(f"\n{completed} runs, {'one busy process on the other core' if busy else 'no extra load'}")
    print(f"{'topic':18}{'function':16}{'budget':>8}{'reference: false failures':>28}{'max ratio':>11}"
          f"{'loop: catches':>15}{'min ratio':>11}")
    total_ff = total_ref = total_catch = total_loop = 0
    for (topic_name, function, kind), count in sorted(checks.items()):
        if kind != "reference":
            continue
        budget = topics[topic_name].functions[function].timing_budget
        ref = ratios[(topic_name, function, "reference")]
        loop = ratios.get((topic_name, function, "loop"), [])
        loop_checks = checks.get((topic_name, function, "loop"), 0)
        total_ff += false_failures[(topic_name, function)]
        total_ref += count
        total_catch += catches[(topic_name, function)]
        total_loop += loop_checks
        loop_text = f"{catches[(topic_name, function)]} of {loop_checks}" if loop_checks else "no loop mutant"
        print(f"{topic_name:18}{function:16}{budget:>7g}x{false_failures[(topic_name, function)]:>17} of {count:<8}"
              f"{(max(ref) if ref else float('nan')):>10.1f}x{loop_text:>15}{(f'{min(loop):.0f}x' if loop else '-'):>11}")
    print(f"\nreference timing checks: {total_ff} false failures of {total_ref}; "
          f"loop timing checks: {total_catch} caught of {total_loop}")
    if ratios:
        all_ref = [r for (_, _, kind), values in ratios.items() if kind == "reference" for r in values]
        print(f"median reference ratio {statistics.median(all_ref):.1f}x")


if __name__ == "__main__":
    main()
