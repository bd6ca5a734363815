"""Timing budgets: the student's function may be at most ``budget`` times slower than torch's.

The reference is timed in the judge with ``torch.utils.benchmark.Timer``. The student's function is
timed from the judge too, around a sandbox request that runs it ``n`` times on arguments stashed
in the sandbox beforehand; the cost of an empty request (n = 0) is subtracted. The sandbox cannot
report its own time, so it cannot lie about it. Rounds interleave student and torch so that load
from elsewhere hits both; the ratio is taken between the fastest round of each, which is the least
disturbed by a noisy machine.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable

from torch.utils.benchmark import Timer

from autograder.judge.compare import Mismatch, describe, expect_close


@dataclass
class TimingResult:
    student_seconds: float
    torch_seconds: float

    @property
    def ratio(self) -> float:
        return self.student_seconds / max(self.torch_seconds, 1e-9)


def measure(student, name: str, args: tuple, kwargs: dict, reference: Callable,
            rounds: int = 3, block_seconds: float = 0.015, scenario: bool = False) -> TimingResult:
    reference_timer = Timer(stmt="f(*a, **k)", globals={"f": reference, "a": args, "k": kwargs})
    reference_timer.timeit(3)  # warm-up
    per_reference = reference_timer.timeit(10).median
    reference_number = max(1, int(block_seconds / per_reference))

    key = student.stash(name, args, kwargs, scenario=scenario)

    def student_block(n: int) -> float:
        # One request that runs the function n times, timed by the judge's clock. (Not Timer.timeit: it
        # runs its statement twice more as warm-up, which tripled the cost of every student block.)
        start = time.perf_counter()
        student.repeat(key, n)
        return time.perf_counter() - start

    # Noise only ever adds time, so the fastest empty request is the best estimate of the overhead.
    overhead = min(student_block(0) for _ in range(3))
    # Grow n until one block takes block_seconds. Noise can only make a block look slower, so aiming n
    # at the target from the last block never overshoots by more than the 8x step cap.
    student_number, elapsed = 1, student_block(1)
    while elapsed < block_seconds and student_number < 1_000_000:
        per_call = max(elapsed - overhead, elapsed / 10) / student_number
        aimed = math.ceil(1.2 * block_seconds / per_call)
        student_number = min(8 * student_number, max(2 * student_number, aimed))
        elapsed = student_block(student_number)
    student_times = [max(elapsed - overhead, elapsed / 10) / student_number]
    reference_times = []
    for _ in range(rounds):
        reference_times.append(reference_timer.timeit(reference_number).median)
        elapsed = student_block(student_number)
        student_times.append(max(elapsed - overhead, elapsed / 10) / student_number)
    return TimingResult(min(student_times), min(reference_times))


def expect_fast(student, name: str, *args, reference: Callable, what: str, budget: float | None = None,
                scenario: str | None = None, check: bool = True, **kwargs) -> TimingResult:
    """Fail when the student's ``name`` is more than ``budget`` (default: the manifest's) times slower than torch.

    Without ``scenario`` (and unless ``check=False``, for random functions or non-tensor results, which
    their own tests check), the student's result on these arguments must first equal the reference's.
    With ``scenario``, the timed call is the topic's scenario of that name (run on the student's module,
    e.g. "ten optimizer steps"), ``reference`` must do the same work with torch, and checking the
    scenario's result is left to other tests.
    """
    budget = budget or student.topic.functions[name].timing_budget
    if budget is None:
        raise RuntimeError(f"grader error: no timing budget for {name} in the manifest")
    if scenario is None and check:  # speed earns points only for a right answer
        tensors = [a for a in args if hasattr(a, "shape")]
        expect_close(student.run(name, *args, trace=False, **kwargs).value, reference(*args, **kwargs), what=what, inputs=tensors)
    result = measure(student, scenario or name, args, kwargs, reference, scenario=scenario is not None)
    for _ in range(2):  # over budget: measure again before failing, so a burst of load elsewhere is not a verdict
        if result.ratio <= budget or result.ratio > 10 * budget:  # (far over budget is no accident of load)
            break
        again = measure(student, scenario or name, args, kwargs, reference, scenario=scenario is not None)
        result = TimingResult(min(result.student_seconds, again.student_seconds), min(result.torch_seconds, again.torch_seconds))
    if result.ratio > budget:
        inputs = ", ".join(describe(a) for a in args if hasattr(a, "shape"))
        raise Mismatch(
            f"{what}: your {name} took {result.ratio:.0f}x as long as torch's on {inputs} (the budget is {budget:g}x). "
            "A Python loop over rows or elements is the usual cause: use whole-tensor operations."
        )
    return result
