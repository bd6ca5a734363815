"""Shared fixtures for the framework's own tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from autograder.course import find_course_root, load_topic

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def course_root() -> Path:
    return find_course_root(ROOT)


@pytest.fixture(scope="session")
def topics(course_root):
    """The topics the framework tests use (each topic's own grading is checked by `autograder validate`)."""
    return {"softmax": load_topic(course_root / "assignments" / "softmax")}


@pytest.fixture(scope="session")
def softmax_solution(course_root) -> str:
    return (course_root / "solutions" / "softmax.py").read_text()


def per_function(result: dict) -> dict[str, tuple[float, float]]:
    """function -> (score, max_score) over the tests that were not skipped."""
    totals: dict[str, list[float]] = {}
    for test in result["tests"]:
        if test["outcome"] != "skipped":
            entry = totals.setdefault(test["function"], [0.0, 0.0])
            entry[0] += test["score"]
            entry[1] += test["max_score"]
    return {name: (s, m) for name, (s, m) in totals.items()}
