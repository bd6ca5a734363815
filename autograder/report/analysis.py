"""The numbers behind the class page, computed from a grades document (CONTRACT.md section 3).

Pass rates and mistakes count only topics whose file was graded: a missing or unloadable file fails
every test for one reason, which says nothing about the individual tests.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograder.i18n.catalog import MESSAGES

# Grader failures are recognised by their messages, in either language.
GRADER_FAILURE_MESSAGE = tuple(MESSAGES["classroom.grader_failure"].values())
TEST_GRADER_FAILURE = tuple(MESSAGES["plugin.grader_failed"].values()) + tuple(MESSAGES["plugin.never_ran"].values())

FAILED = ("failed", "error", "timeout")


@dataclass
class PassRate:
    test: str
    function: str | None
    passed: int
    attempted: int

    @property
    def rate(self) -> float:
        return self.passed / self.attempted if self.attempted else 0.0


@dataclass
class Mistake:
    topic: str
    summary: str  # the hint, or the first line of feedback with its numbers blanked
    tests: list[str] = field(default_factory=list)  # the tests it made fail
    students: list[str] = field(default_factory=list)


@dataclass
class FailedTest:
    topic: str
    test: str
    students: list[str] = field(default_factory=list)


def topic_scores(document: dict, topic: str) -> tuple[list[float], float]:
    """Every student's score on ``topic`` (missing and error count as 0) and the topic's maximum."""
    entries = [e["topics"][topic] for e in document["students"].values() if topic in e["topics"]]
    return [e["score"] for e in entries], max((e["max_score"] for e in entries), default=0.0)


def pass_rates(document: dict, topic: str) -> list[PassRate]:
    """Every test of ``topic`` in the order the tests ran, with how many graded students passed it."""
    rates: dict[str, PassRate] = {}
    for entry in document["students"].values():
        result = entry["topics"].get(topic)
        if result is None or result["status"] != "graded":
            continue
        for test in result["tests"]:
            rate = rates.setdefault(test["name"], PassRate(test["name"], test.get("function"), 0, 0))
            if test["outcome"] != "skipped":
                rate.attempted += 1
                rate.passed += test["outcome"] == "passed"
    return list(rates.values())


_HINT = re.compile(r"Hint: (.+)")
# a number standing alone (not the 64 of float64 or the 2 of x2)
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?(?![\w.])", re.IGNORECASE)
_CASES_HEADER = re.compile(r"^\d+ of \d+ cases failed:$")


def mistake_summary(feedback: str) -> str:
    """What a failure was, in words shared by the students who made the same mistake: the grader's
    hint when it gave one, otherwise the first line of the feedback with its numbers replaced by #."""
    hint = _HINT.search(feedback)
    if hint:
        return hint.group(1).strip()[:200]
    for line in feedback.splitlines():
        line = line.strip().removeprefix("- ").strip()
        if line and not _CASES_HEADER.match(line):
            return _NUMBER.sub("#", line)[:200]
    return "(no feedback)"


def _failures(document: dict):
    """(student, topic, test) for every failed test of a graded file."""
    for student, entry in document["students"].items():
        for topic, result in entry["topics"].items():
            if result["status"] == "graded":
                yield from ((student, topic, test) for test in result["tests"] if test["outcome"] in FAILED)


def failed_tests(document: dict, limit: int = 25) -> list[FailedTest]:
    """The tests failed by the most students, with who failed them."""
    groups: dict[tuple[str, str], FailedTest] = {}
    for student, topic, test in _failures(document):
        groups.setdefault((topic, test["name"]), FailedTest(topic, test["name"])).students.append(student)
    return sorted(groups.values(), key=lambda f: (-len(f.students), f.topic, f.test))[:limit]


def common_mistakes(document: dict, limit: int = 25) -> list[Mistake]:
    """Failures grouped by topic and mistake (hint or first line of feedback), across tests: the
    mistakes made by the most students first."""
    groups: dict[tuple[str, str], Mistake] = {}
    for student, topic, test in _failures(document):
        summary = mistake_summary(test["feedback"])
        mistake = groups.setdefault((topic, summary), Mistake(topic, summary))
        if test["name"] not in mistake.tests:
            mistake.tests.append(test["name"])
        if student not in mistake.students:
            mistake.students.append(student)
    return sorted(groups.values(), key=lambda m: (-len(m.students), -len(m.tests), m.topic, m.summary))[:limit]


def grader_failures(document: dict) -> list[tuple[str, str, str]]:
    """(student, topic, what) for every place where the grader itself failed, not the student."""
    failures = []
    for student, entry in document["students"].items():
        for topic, result in entry["topics"].items():
            if result.get("message", "").startswith(GRADER_FAILURE_MESSAGE):
                failures.append((student, topic, "the whole topic"))
            failures += [(student, topic, test["name"]) for test in result["tests"]
                         if test["feedback"].startswith(TEST_GRADER_FAILURE)]
    return failures
