"""Timing budgets: the student's function may be at most ``budget`` times slower than torch's.

Both sides are timed in CPU seconds, which a loaded machine inflates far less than wall seconds (a
process kept off the CPU is not charged for the wait): torch's in the judge by its thread's CPU clock,
blocks of many short calls with ``torch.utils.benchmark.Timer``, blocks of a few long ones (whose cost
Timer's warm-up calls would double) directly; the student's by the judge, reading the sandbox's CPU
clock from outside around a request that runs the function ``n`` times on arguments stashed in the
sandbox beforehand. The cost of an empty request (n = 0) is subtracted. The sandbox cannot report its
own time, so it cannot lie about it. (Where the kernel gives no CPU clock of another process, both
sides fall back to the wall clock.) Rounds interleave student and torch so that load from elsewhere
hits both; the ratio is taken between the fastest round of each, the least disturbed.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable

from torch.utils.benchmark import Timer

from autograder.i18n import tr
from autograder.judge.compare import Mismatch, describe, expect_close
from autograder.judge.errors import SandboxTimeout


@dataclass
class TimingResult:
    student_seconds: float
    torch_seconds: float
    # True when the student was told apart early as far over budget (cut off, or one call far over): a
    # verdict, not a sample to measure again.
    decided: bool = False

    @property
    def ratio(self) -> float:
        return self.student_seconds / max(self.torch_seconds, 1e-9)


# A ratio this many budgets over is no accident of load: the verdict needs no further rounds.
FAR_OVER = 10
# The student's first call is cut off, as too slow, at CUT_OFF_BUDGETS budgets of torch's time, but
# never before CUT_OFF_FLOOR seconds: a first call's lazy set-up never lasts that long (the reference
# solutions' slowest first timed call is 15 ms: 33x below the floor). A stall of a loaded machine once
# did (one reference of 7600 cut off), so a cut-off is a verdict only when the next first call is cut off too.
CUT_OFF_BUDGETS = 3
CUT_OFF_FLOOR = 0.5
# After a whole measurement (the fastest of at least four student blocks against the fastest of three
# torch rounds), a ratio this many budgets over is a verdict: load would have had to slow every student
# block and no torch round. Between 1 and this, measure again before failing.
CLEARLY_OVER = 2
# A first round whose ratio is under this fraction of the budget passes without the other rounds.
EARLY_PASS = 1 / 3
# Timer.timeit(n) first runs max(n // 100, 2) warm-up calls. For a block of fewer calls than this (torch
# calls of 0.15 ms or more), that doubles or triples the block's cost and the timer's own overhead is
# negligible: such blocks are timed directly, like the student's, after the one cold call has warmed up.
TIMER_MIN_NUMBER = 100
# After a cold torch call at least this long, one more call (not Timer.timeit(1)'s three) sizes the blocks.
LONG_CALL = 1e-3
# CPU seconds of one block of calls. Timed by wall clock, blocks of 15 ms gave 1 false failure in 7600
# reference checks under load and 8 ms blocks 5 in 5028: a sandbox kept off the CPU inflates a short
# block more. The CPU clocks are not inflated by waiting, and timing was a fifth of grading's CPU.
BLOCK_SECONDS = 0.005


def measure(student, name: str, args: tuple, kwargs: dict, reference: Callable,
            rounds: int = 3, block_seconds: float = BLOCK_SECONDS, scenario: bool = False,
            budget: float | None = None) -> TimingResult:
    """The student's and torch's CPU seconds per call. With ``budget``, a student far over it (``FAR_OVER``
    budgets) is told apart early: a Python loop over a big tensor would otherwise cost the judge its
    rounds of whole seconds each. A block of calls lasts about ``block_seconds`` of CPU."""
    stashed = [student.stash(name, args, kwargs, scenario=scenario)]
    on_cpu = student.cpu_seconds() is not None
    student_clock = student.cpu_seconds if on_cpu else time.perf_counter
    reference_clock = time.thread_time if on_cpu else time.perf_counter

    def student_block(n: int, timeout: float | None = None) -> float:
        # One request that runs the function n times, timed from the judge. (Not Timer.timeit: it runs
        # its statement twice more as warm-up, which tripled the cost of every student block.)
        start = student_clock()
        student.repeat(stashed[0], n, timeout=timeout)
        return student_clock() - start

    # One cold call of torch's (an overestimate): it bounds the student's first call, and warms torch up.
    start = time.perf_counter()
    reference(*args, **kwargs)
    torch_once = time.perf_counter() - start
    cut_off = None
    if budget is not None:
        cut_off = min(max(CUT_OFF_FLOOR, CUT_OFF_BUDGETS * budget * torch_once), student.topic.call_timeout)
    # The student's code first: if it raises (a stub, a crash), fail before spending time on torch's.
    try:
        first = student_block(1, cut_off)
    except SandboxTimeout:
        if cut_off is None:
            raise
        # The cut-off killed the sandbox. One cut-off could be a stall of the machine, so the verdict waits
        # for a second first call, in a fresh sandbox: a stall does not strike twice in a row.
        stashed[0] = student.stash(name, args, kwargs, scenario=scenario)
        try:
            first = student_block(1, cut_off)
        except SandboxTimeout:  # at least CUT_OFF_BUDGETS budgets over a cold torch call, twice
            return TimingResult(cut_off, torch_once, decided=True)
    reference_timer = Timer(stmt="f(*a, **k)", globals={"f": reference, "a": args, "k": kwargs}, timer=reference_clock)

    def reference_block(n: int) -> float:
        """torch's seconds per call over n calls."""
        if n >= TIMER_MIN_NUMBER:
            return reference_timer.timeit(n).median
        start = reference_clock()
        for _ in range(n):
            reference(*args, **kwargs)
        return (reference_clock() - start) / n

    if torch_once >= LONG_CALL:  # a long call: one more, now warm, times itself well enough
        per_reference = reference_block(1)
    else:
        per_reference = reference_timer.timeit(1).median  # (timeit warms up with two calls of its own first)
    if per_reference < 1e-4:  # one very short call is mostly the timer's own overhead: estimate from many
        per_reference = reference_timer.timeit(100).median
    if budget is not None and first > 0.1 and first / per_reference > FAR_OVER * budget:
        # Far over after one call: one more decides (a first call may pay for lazy set-up, or meet a stall).
        try:
            second = student_block(1, max(CUT_OFF_FLOOR, 2 * first))
        except SandboxTimeout:
            return TimingResult(first, per_reference, decided=True)
        if second / per_reference > FAR_OVER * budget:
            return TimingResult(min(first, second), per_reference, decided=True)
    reference_number = max(1, int(block_seconds / per_reference))
    # Noise only ever adds time, so the fastest empty request is the best estimate of the overhead.
    overhead = min(student_block(0) for _ in range(3))
    # Grow n until one block takes block_seconds. Noise can only make a block look slower, so aiming n
    # at the target from the last block never overshoots by more than the 8x step cap.
    student_number, elapsed = 1, first
    while elapsed < block_seconds and student_number < 1_000_000:
        # A short block can read 0: Linux counts another process's CPU only at a tick or when it leaves
        # the CPU, so a sandbox still finishing its reply has not been charged yet. Aiming then takes the
        # largest step; the sample is the block that reaches block_seconds.
        per_call = max(elapsed - overhead, elapsed / 10, 1e-9) / student_number
        aimed = math.ceil(1.2 * block_seconds / per_call)
        student_number = min(8 * student_number, max(2 * student_number, aimed))
        elapsed = student_block(student_number)
    student_times = [max(elapsed - overhead, elapsed / 10) / student_number]
    reference_times = []

    def far_within_budget() -> bool:
        # More rounds cannot change the verdict. (Torch's fastest time so far, its calibration included,
        # and the student's fastest block so far, only err towards a higher ratio: never a false pass.)
        return budget is not None and min(student_times) <= EARLY_PASS * budget * min(reference_times + [per_reference])

    for _ in range(rounds):
        reference_times.append(reference_block(reference_number))
        if far_within_budget():  # the last growth block is a student block already: often enough
            break
        elapsed = student_block(student_number)
        student_times.append(max(elapsed - overhead, elapsed / 10) / student_number)
        if far_within_budget():
            break
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
    result = measure(student, scenario or name, args, kwargs, reference, scenario=scenario is not None, budget=budget)
    for _ in range(2):  # over budget: measure again before failing, so a burst of load elsewhere is not a verdict
        if result.ratio <= budget or result.decided or result.ratio > CLEARLY_OVER * budget:
            break
        again = measure(student, scenario or name, args, kwargs, reference, scenario=scenario is not None, budget=budget)
        if again.decided:
            result = again
            break
        result = TimingResult(min(result.student_seconds, again.student_seconds), min(result.torch_seconds, again.torch_seconds))
    if result.ratio > budget:
        inputs = ", ".join(str(describe(a)) for a in args if hasattr(a, "shape"))
        raise Mismatch(
            tr("timing.too_slow", what=what, name=name, ratio=f"{result.ratio:.0f}", inputs=inputs, budget=f"{budget:g}")
        )
    return result
