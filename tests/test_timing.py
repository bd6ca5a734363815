"""Timing verdicts (autograder/judge/timing.py) against a fake student whose calls keep the CPU busy a
known time: a verdict reached early is not measured again, and a student clearly over budget is judged
after one measurement. The ratios are set 40% or more away from every threshold, and timing counts CPU
seconds, so machine load cannot flip them. The sandbox's CPU clock itself is checked last."""
from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
import torch

from autograder.judge import timing
from autograder.judge.compare import Mismatch
from autograder.judge.errors import SandboxTimeout


def spin(seconds: float) -> None:
    """Keep this thread on the CPU for ``seconds`` of CPU time (timing counts CPU, which sleeping does not use)."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


class BusyStudent:
    """Each call of the timed function takes ``per_call`` CPU seconds (in this process: its "sandbox's"
    CPU clock is this thread's); requests are counted."""

    def __init__(self, per_call: float, budget: float, stalls: int = 0):
        self.per_call = per_call
        self.stalls = stalls  # this many first requests stall (as a loaded machine can) until cut off
        self.requests = 0
        self.calls_per_request: list[int] = []
        self.topic = SimpleNamespace(call_timeout=10, functions={"f": SimpleNamespace(timing_budget=budget)})

    def stash(self, name, args, kwargs, scenario=False):
        return "key"

    def repeat(self, key, n, timeout=None):
        self.requests += 1
        self.calls_per_request.append(n)
        stalled = self.requests <= self.stalls
        if timeout is not None and (stalled or n * self.per_call > timeout):
            time.sleep(timeout)
            raise SandboxTimeout("a timing run", timeout)
        spin(n * self.per_call)

    def cpu_seconds(self):
        return time.thread_time()


def busy_reference(seconds: float):
    def reference(x):
        spin(seconds)
        return x
    return reference


def counted_measurements(monkeypatch) -> list:
    calls = []
    original = timing.measure

    def measure(*args, **kwargs):
        calls.append(original(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(timing, "measure", measure)
    return calls


def test_two_cut_off_first_calls_are_a_verdict(monkeypatch):
    # torch 1 ms, budget 5: the first call is cut off at the 0.5 s floor, 3 budgets over a cold torch
    # call, well under the 10 budgets that used to end the re-measuring. Two cut-off requests, then the verdict.
    measurements = counted_measurements(monkeypatch)
    student = BusyStudent(per_call=2.0, budget=5)
    with pytest.raises(Mismatch, match="budget"):
        timing.expect_fast(student, "f", torch.zeros(3), reference=busy_reference(1e-3), what="f", scenario="call")
    assert student.requests == 2 and len(measurements) == 1 and measurements[0].decided


def test_a_stalled_first_call_is_measured_again(monkeypatch):
    # The student is as fast as torch (2 ms) but its first call stalls past the 0.5 s cut-off: the second
    # first call, unstalled, leads to a whole measurement, and it passes.
    measurements = counted_measurements(monkeypatch)
    student = BusyStudent(per_call=2e-3, budget=5, stalls=1)
    result = timing.expect_fast(student, "f", torch.zeros(3), reference=busy_reference(2e-3), what="f", scenario="call")
    assert result.ratio < 5 and len(measurements) == 1 and not measurements[0].decided and student.requests > 2


def test_clearly_over_budget_is_judged_after_one_measurement(monkeypatch):
    # Student 40 ms a call against torch's 2 ms: a ratio of about 20 against a budget of 5, over the
    # 2 budgets that make a whole measurement a verdict; the first call (under 0.1 s) decides nothing alone.
    measurements = counted_measurements(monkeypatch)
    student = BusyStudent(per_call=0.04, budget=5)
    with pytest.raises(Mismatch, match="budget"):
        timing.expect_fast(student, "f", torch.zeros(3), reference=busy_reference(2e-3), what="f", scenario="call")
    assert len(measurements) == 1 and not measurements[0].decided
    assert measurements[0].ratio > timing.CLEARLY_OVER * 5


def test_within_budget_passes(monkeypatch):
    # Student and torch both 2 ms a call: a ratio near 1 passes, after a single round.
    measurements = counted_measurements(monkeypatch)
    student = BusyStudent(per_call=2e-3, budget=5)
    result = timing.expect_fast(student, "f", torch.zeros(3), reference=busy_reference(2e-3), what="f", scenario="call")
    assert result.ratio < 5 and len(measurements) == 1


def test_far_within_budget_needs_no_student_block_after_growing(monkeypatch):
    # Student and torch both 2 ms a call, budget 10: a ratio near 1, a third of the 3.3 that passes early.
    # The last block of the growth phase is the student's sample: after one torch block the verdict is in,
    # so the student's blocks are the first call and the growth (n = 0 requests only measure overhead).
    student = BusyStudent(per_call=2e-3, budget=10)
    result = timing.expect_fast(student, "f", torch.zeros(3), reference=busy_reference(2e-3), what="f", scenario="call")
    assert result.ratio < 10 * timing.EARLY_PASS
    blocks = [n for n in student.calls_per_request if n > 0]
    assert blocks[0] == 1 and len(blocks) == 2, student.calls_per_request


def test_the_sandbox_cpu_clock_counts_work_not_waiting(tmp_path):
    """What timing reads: a real sandbox's CPU clock, from outside, grows by the CPU its calls use (all its
    threads), and not while a call sleeps, as it would not while a loaded machine keeps it waiting."""
    from autograder.judge.sandbox_client import Sandbox

    code = ("import threading, time\n"
            "def spin(seconds):\n    end = time.thread_time() + seconds\n    while time.thread_time() < end:\n        pass\n"
            "def in_a_thread(seconds):\n    t = threading.Thread(target=spin, args=(seconds,))\n    t.start()\n    t.join()\n")
    sandbox = Sandbox("clock", tmp_path, cuda=False)
    try:
        assert sandbox.request({"op": "load", "cells": [{"source": code, "filename": "clock.py", "label": "1"}]}, 60, "load")["status"] == "ok"

        def cpu_of(name, seconds):
            before = sandbox.cpu_seconds()
            assert sandbox.request({"op": "call", "name": name, "args": [seconds], "trace": False}, 10, name)["status"] == "ok"
            return sandbox.cpu_seconds() - before

        assert 0.2 <= cpu_of("spin", 0.2) < 0.3
        assert 0.2 <= cpu_of("in_a_thread", 0.2) < 0.3  # a thread's CPU counts, even once it has ended
        sandbox.request({"op": "load", "cells": [{"source": "import time\nnap = time.sleep\n", "filename": "nap.py", "label": "2"}]}, 60, "load")
        assert cpu_of("nap", 0.3) < 0.1
    finally:
        sandbox.close()


class LaggingClockStudent(BusyStudent):
    """Its CPU clock has not yet counted the first call, as Linux's CPU clock of another process can
    read while that process is still on the CPU (it is charged at a tick or when it leaves the CPU)."""

    def cpu_seconds(self):
        return 0.0 if self.requests <= 1 else time.thread_time()


def test_a_first_call_that_reads_zero_cpu_is_measured_on(monkeypatch):
    # validate once failed with a ZeroDivisionError here: the first call's block read 0 CPU seconds.
    measurements = counted_measurements(monkeypatch)
    student = LaggingClockStudent(per_call=2e-3, budget=5)
    result = timing.expect_fast(student, "f", torch.zeros(3), reference=busy_reference(2e-3), what="f", scenario="call")
    assert result.ratio < 5 and len(measurements) == 1 and student.calls_per_request[1:2] == [0]
    slow = LaggingClockStudent(per_call=0.04, budget=5)  # and a slow one still fails
    with pytest.raises(Mismatch, match="budget"):
        timing.expect_fast(slow, "f", torch.zeros(3), reference=busy_reference(2e-3), what="f", scenario="call")
