"""Shared fixtures for the framework's own tests."""
from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from autograder.course import find_course_root, load_topic

ROOT = Path(__file__).resolve().parents[1]

# The framework's tests read English messages whatever the machine's locale (tests/test_i18n.py covers zh).
os.environ["AUTOGRADER_LANG"] = "en"


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


TOPIC_STATUSES = {"graded", "missing", "error"}
OUTCOMES = {"passed", "failed", "error", "timeout", "skipped"}


def assert_follows_contract(document: dict) -> None:
    """CONTRACT.md section 3, to the letter."""
    assert set(document) == {"students"}
    for student in document["students"].values():
        assert set(student) == {"score", "max_score", "topics"}
        for topic in student["topics"].values():
            assert set(topic) - {"message"} == {"status", "score", "max_score", "tests"}
            assert topic["status"] in TOPIC_STATUSES
            assert math.isfinite(topic["score"]) and 0 <= topic["score"] <= topic["max_score"]
            counted = [t for t in topic["tests"] if t["outcome"] != "skipped"]
            assert topic["max_score"] == pytest.approx(sum(t["max_score"] for t in counted))
            if topic["status"] == "graded":
                assert topic["score"] == pytest.approx(sum(t["score"] for t in counted))
            else:
                assert topic["score"] == 0
            for test in topic["tests"]:
                assert set(test) == {"name", "function", "score", "max_score", "outcome", "feedback"}
                assert test["outcome"] in OUTCOMES and isinstance(test["feedback"], str)
                assert 0 <= test["score"] <= test["max_score"] and isinstance(test["name"], str)
        assert student["score"] == pytest.approx(sum(t["score"] for t in student["topics"].values()))
        assert student["max_score"] == pytest.approx(sum(t["max_score"] for t in student["topics"].values()))
