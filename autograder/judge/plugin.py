"""The pytest plugin that turns a test run into per-test grades.

It provides the ``student`` and ``credit`` fixtures and records, for every test, an outcome
(passed, failed, error, timeout, skipped), a score and feedback written for the student. The
feedback comes only from the grader's own messages, never from pytest's report, which would show
the hidden test's source.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from autograder.i18n import tr
from autograder.judge.compare import Mismatch
from autograder.judge.errors import (
    BadResult,
    MissingFunction,
    SandboxCrashed,
    SandboxTimeout,
    StudentRaised,
    SubmissionUnavailable,
)
from autograder.judge.student import GradingContext, Student
from autograder.spec import Credit, spec_of


@dataclass
class TestRecord:
    __test__ = False

    name: str
    function: str | None
    max_score: float
    outcome: str = "pending"  # until the test has run: a test that never ran must not count as passed
    fraction: float = 1.0
    feedback: str = ""
    grader_error: str = ""  # for the instructor's log, never shown to the student
    title: str = ""  # the name in the run's language (feedback, reports); ``name`` stays English
    artifacts: dict = field(default_factory=dict)  # credit.record(...): plot data for the HTML report

    @property
    def score(self) -> float:
        return self.max_score * self.fraction if self.outcome in ("passed", "failed") else 0.0

    def fail(self, outcome: str, feedback: str, grader_error: str = "") -> None:
        if self.outcome not in ("pending", "passed"):  # keep the first failure (setup before call before teardown)
            return
        self.outcome, self.fraction, self.feedback, self.grader_error = outcome, 0.0, feedback, grader_error




def _unwrap(exc: BaseException) -> BaseException:
    """Hypothesis reports several distinct failures as an exception group: show the first."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def classify(exc: BaseException, student: Student | None) -> tuple[str, str, str]:
    """(outcome, feedback for the student, detail for the instructor) for an exception ending a test."""
    exc = _unwrap(exc)
    printed = student.printed().strip() if student is not None else ""
    if isinstance(exc, SandboxTimeout):
        return "timeout", str(exc), ""
    if isinstance(exc, SandboxCrashed):
        tail = f"\n{tr('plugin.last_output')}\n{printed[-500:]}" if printed else ""
        return "error", str(exc) + tail, ""
    if isinstance(exc, SubmissionUnavailable):
        return "error", str(exc), ""
    if isinstance(exc, StudentRaised):
        if exc.not_implemented:
            return "error", tr("plugin.not_implemented", name=exc.name), ""
        return "error", f"{exc}\n{exc.traceback}".strip(), ""
    if isinstance(exc, (Mismatch, MissingFunction, BadResult)):
        return ("error" if isinstance(exc, MissingFunction) else "failed"), str(exc), ""
    if isinstance(exc, AssertionError):
        return "failed", str(exc) or tr("plugin.check_failed"), ""
    detail = f"{type(exc).__name__}: {exc}"
    return "error", tr("plugin.grader_failed"), detail


def _exception_line(excinfo) -> str:
    return excinfo.exconly()[:500]


class GradingPlugin:
    def __init__(self, context: GradingContext, skip_reason: str | None = None):
        self.context = context
        self.skip_reason = skip_reason  # every test is skipped with this reason (e.g. a package is missing)
        self.records: dict[str, TestRecord] = {}
        self._students: dict[str, Student] = {}
        self._credits: dict[str, Credit] = {}
        self.collection_errors: list[str] = []

    @pytest.fixture
    def student(self, request):
        spec = spec_of(request.node.function)
        student = Student(self.context, function=spec.function if spec else None)
        self._students[request.node.nodeid] = student
        yield student
        student.close()

    @pytest.fixture
    def credit(self, request):
        credit = Credit()
        self._credits[request.node.nodeid] = credit
        return credit

    def pytest_runtest_setup(self, item):
        if self.skip_reason:
            pytest.skip(self.skip_reason)

    def pytest_collectreport(self, report):
        if report.failed:
            self.collection_errors.append(f"{report.nodeid}: {report.longreprtext[-2000:]}")

    @pytest.hookimpl(trylast=True)  # after -k and other deselection: only tests that will run get records
    def pytest_collection_modifyitems(self, items):
        for item in items:
            spec = spec_of(getattr(item, "function", None))
            if spec is None:
                self.collection_errors.append(f"{item.nodeid}: test is not marked with @graded")
                continue
            suffix = f" [{item.callspec.id}]" if hasattr(item, "callspec") else ""
            self.records[item.nodeid] = TestRecord(spec.name + suffix, spec.function, spec.points, title=f"{spec.title}{suffix}")
            # The records are built from the exception itself (pytest_runtest_makereport); pytest's own
            # report of a failure is never shown, and formatting its traceback cost ~4 ms per failed test
            # (a stub fails them all) even in the "native" style.
            item.repr_failure = _exception_line

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        record = self.records.get(item.nodeid)
        if record is None:
            return
        if call.when == "call" and item.nodeid in self._credits:
            record.artifacts = self._credits[item.nodeid].artifacts  # kept whatever the outcome
        if report.skipped and record.outcome == "pending":  # a skip mark, or pytest.skip() in the test
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            record.outcome, record.feedback = "skipped", reason.removeprefix("Skipped: ")
        elif report.failed and call.excinfo is not None:
            record.fail(*classify(call.excinfo.value, self._students.get(item.nodeid)))
        elif call.when == "call" and report.passed and record.outcome == "pending":
            record.outcome = "passed"
            credit = self._credits.get(item.nodeid)
            if credit is not None and credit.fraction < 1.0:
                record.outcome, record.fraction, record.feedback = "failed", credit.fraction, credit.feedback()

    def finish(self) -> None:
        """After the run: a test that never ran (pytest stopped early) is the grader's failure, scored 0."""
        for record in self.records.values():
            if record.outcome == "pending":
                record.fail("error", tr("plugin.never_ran"),
                            "the test was collected but never ran")
