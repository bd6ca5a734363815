"""Cost of isolation: the same tests on the same files, through sandboxes vs. imported in-process.

    python benchmarks/isolation.py [--topics softmax] [--repeats 5] [SUBMISSION_FOLDERS...]

The in-process variant imports the student's file into the judge and calls it directly (what a plain
pytest run does; unsafe, for measurement only). Both run in this one process, interleaved, so machine
load hits both; the table gives medians per student-topic and their ratio.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from autograder.course import load_topics  # noqa: E402
from autograder.judge import plugin, runner  # noqa: E402
from autograder.judge.student import CallResult, Student  # noqa: E402
from autograder.judge.submission import find_submission  # noqa: E402
from autograder.sandbox.tracing import CallTrace  # noqa: E402


class InProcessStudent(Student):
    """Same interface as Student, but the student's code runs right here (no sandbox)."""

    def _module(self):
        if getattr(self, "_loaded", None) is None:
            module = types.ModuleType(self._context.topic.name)
            for cell in self._context.submission.cells:
                try:
                    exec(compile(cell["source"], cell["filename"], "exec"), module.__dict__)
                except BaseException:
                    pass
            self._loaded = module
            self._stash = {}
        return self._loaded

    def defined(self):
        return [k for k, v in vars(self._module()).items() if callable(v)]

    def run(self, name, *args, grad_wrt=None, grad_output=None, keep_args=False, sync_debug=False, timeout=None,
            trace=True, **kwargs):
        fn = getattr(self._module(), name)
        with CallTrace(self._context.watched_python, enabled=trace) as trace:
            value = fn(*args, **kwargs)
        self._context.record_trace(name if name in self._context.topic.functions else self.function, trace.report())
        grads = None
        if grad_wrt is not None:
            grads = list(torch.autograd.grad(value, [args[i] for i in grad_wrt], grad_output, allow_unused=True))
            value = value.detach()
        return CallResult(value=value, grads=grads, args_after=list(args) if keep_args else None)

    def scenario(self, scenario, *args, function=None, timeout=None, **kwargs):
        namespace = {}
        exec(compile(self._context.topic.scenarios.read_text(), "scenarios.py", "exec"), namespace)
        return namespace[scenario](self._module(), *args, **kwargs)

    def stash(self, name, args, kwargs, scenario=False):
        self._module()
        key = f"k{len(self._stash)}"
        fn = (lambda *a, **k: self.scenario(name, *a, **k)) if scenario else getattr(self._loaded, name)
        self._stash[key] = (fn, args, kwargs)
        return key

    def cpu_seconds(self):
        return time.thread_time()  # the student's calls run in this thread

    def repeat(self, key, n, timeout=None):
        fn, args, kwargs = self._stash[key]
        for _ in range(n):
            fn(*args, **kwargs)

    def printed(self):
        return ""

    def close(self):
        pass


def grade_in_process(topic, path):
    saved = plugin.Student, runner.Student
    plugin.Student = runner.Student = InProcessStudent
    try:
        return runner.grade_topic(topic, path)
    finally:
        plugin.Student, runner.Student = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", help="student folders (default: the example class's well-behaved ones)")
    parser.add_argument("--topics", default="softmax")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    topics = load_topics(names=args.topics.split(","))
    folders = [Path(f) for f in args.folders] or [ROOT / "examples" / "class" / s for s in ("alice", "bob", "carol", "frank", "grace")]
    pairs = [(topic, find_submission(folder, name)) for name, topic in topics.items() for folder in folders]
    pairs = [(topic, path) for topic, path in pairs if path is not None]
    runner.grade_topic(*pairs[0])  # warm: the zygote starts once per judge process
    grade_in_process(*pairs[0])
    sandboxed, in_process = [], []
    for _ in range(args.repeats):
        for topic, path in pairs:
            started = time.perf_counter()
            a = runner.grade_topic(topic, path).result["score"]
            sandboxed.append(time.perf_counter() - started)
            started = time.perf_counter()
            b = grade_in_process(topic, path).result["score"]
            in_process.append(time.perf_counter() - started)
            if abs(a - b) > 1.01:  # timing points may differ under load; anything more is a bug
                print(f"  note: {path}: sandboxed {a} vs in-process {b}")
    s, p = statistics.median(sandboxed), statistics.median(in_process)
    print(f"student-topics: {len(pairs)} x {args.repeats} repeats")
    print(f"{'':24}{'median s':>10}{'p95 s':>10}")
    for label, values in (("sandboxed (autograder)", sandboxed), ("in-process pytest", in_process)):
        p95 = sorted(values)[int(0.95 * (len(values) - 1))]
        print(f"{label:24}{statistics.median(values):>10.3f}{p95:>10.3f}")
    print(f"isolation cost ratio (median sandboxed / median in-process): {s / p:.2f}x")


if __name__ == "__main__":
    main()
