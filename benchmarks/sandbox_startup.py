"""Sandbox start-up: forking from the warm zygote versus starting a fresh interpreter, side by side.

    python benchmarks/sandbox_startup.py [--repeats 20]

Both are timed up to the same point: a sandbox that has applied its hardening and answered its first
request (loading an empty file). "warm zygote" is what grading does for each student and topic: fork
the process that imported torch once. "fresh interpreter" starts a new zygote each time (a new Python
that imports torch and warms up) and forks one sandbox from it: the cost without the zygote.
Rounds alternate the two, so load from elsewhere hits both; medians and their ratio are printed.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.judge import sandbox_client  # noqa: E402
from autograder.judge.sandbox_client import Sandbox, Zygote  # noqa: E402


def start_and_load(scratch: Path) -> float:
    started = time.perf_counter()
    sandbox = Sandbox("startup", scratch, False)
    try:
        sandbox.request({"op": "load", "cells": []}, 120, "starting")
        return time.perf_counter() - started
    finally:
        sandbox.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="startup-"))
    try:
        start_and_load(scratch)  # start the shared zygote
        warm, fresh = [], []
        for _ in range(args.repeats):
            warm.append(start_and_load(scratch))
            shared = sandbox_client._ZYGOTE
            sandbox_client._ZYGOTE = Zygote()  # a new interpreter for this one sandbox
            try:
                fresh.append(start_and_load(scratch))
            finally:
                sandbox_client._ZYGOTE.close()
                sandbox_client._ZYGOTE = shared
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{args.repeats} sandboxes each, alternating")
    print(f"{'':22}{'median ms':>11}{'p95 ms':>9}")
    for label, values in (("warm zygote (fork)", warm), ("fresh interpreter", fresh)):
        p95 = sorted(values)[int(0.95 * (len(values) - 1))]
        print(f"{label:22}{statistics.median(values) * 1e3:>11.1f}{p95 * 1e3:>9.1f}")
    print(f"fresh / warm: {statistics.median(fresh) / statistics.median(warm):.0f}x")


if __name__ == "__main__":
    main()
