"""The vocabulary test authors write graders in. A hidden test reads like a specification::

    from autograder.spec import graded, expect_close

    @graded(2, "softmax", "softmax matches torch.softmax on random shapes and dims")
    def test_values(student, credit):
        for x, dim in cases:
            with credit.case(f"dim={dim}"):
                expect_close(student.softmax(x, dim=dim), torch.softmax(x, dim=dim), what=..., inputs=[x])

* ``graded(points, function, name)`` -- points, the contract function the test is about, its name in the gradebook.
* ``student`` -- the student's code, reached through a sandbox (see ``autograder.judge.student``).
* ``credit`` -- partial credit: each ``credit.case`` that fails costs its share of the points.
* public or hidden -- by file: ``test_public.py`` is shipped to students, ``test_hidden.py`` is not.
"""
from __future__ import annotations

import json
import math
from contextlib import contextmanager
from dataclasses import dataclass

from autograder.judge.compare import (  # noqa: F401  (re-exported for test authors)
    Hint,
    Mismatch,
    describe,
    expect_close,
    expect_equal,
    expect_gradients,
    expect_raises,
    expect_tensor_like,
    expect_unchanged,
)
from autograder.i18n import Text, english, tr  # noqa: F401  (Text re-exported for test authors)
from autograder.judge.errors import BadResult, MissingFunction, StudentRaised
from autograder.judge.gpu import expect_cuda_matches, requires_cuda, to_cuda  # noqa: F401
from autograder.judge.timing import expect_fast  # noqa: F401


@dataclass(frozen=True)
class TestSpec:
    points: float
    function: str | None
    name: str  # English: stable in grades.json for scripts
    title: str | Text  # what people read, in their language


def graded(points: float, function: str | None, name: str | Text):
    """Mark a test as graded: worth ``points``, about contract function ``function`` (None: the whole file).

    ``name`` is a ``Text(en=..., zh=...)`` (or plain English): grades.json keeps the English form,
    feedback and reports show the run's language.
    """

    def mark(test):
        test.__grading__ = TestSpec(float(points), function, english(name), name)
        return test

    return mark


def spec_of(test) -> TestSpec | None:
    return getattr(test, "__grading__", None)


ARTIFACT_LIMIT = 20_000  # characters of JSON per artifact: plot data, not a dump


def _plain(value):
    """JSON-ready copy of ``value``: tensors and numpy arrays become lists, non-finite floats None."""
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    raise TypeError(f"grader error: cannot record {type(value).__name__} as report data")


class Credit:
    """Partial credit by cases: a test scores the fraction of its cases that pass."""

    __test__ = False  # not a pytest test class

    def __init__(self):
        self.passed = 0
        self.failures: list[str] = []
        self.artifacts: dict[str, object] = {}

    def record(self, key: str, data) -> None:
        """Attach small plain data (numbers, strings, lists, dicts, tensors) to this test's entry in the
        result store, for the HTML report's plots. Recorded whatever the test's outcome; never graded."""
        plain = _plain(data)
        if len(json.dumps(plain)) > ARTIFACT_LIMIT:
            raise ValueError(f"grader error: artifact {key!r} is over {ARTIFACT_LIMIT} characters of JSON")
        self.artifacts[key] = plain

    @property
    def total(self) -> int:
        return self.passed + len(self.failures)

    @property
    def fraction(self) -> float:
        return 1.0 if self.total == 0 else self.passed / self.total

    @contextmanager
    def case(self, label: str | Text):
        """One case; a wrong answer or an exception from the student's code fails only this case."""
        try:
            yield
        except (AssertionError, StudentRaised, MissingFunction, BadResult) as exc:
            self.failures.append(tr("credit.case", label=label, error=exc))
        else:
            self.passed += 1

    def feedback(self) -> str:
        if not self.failures:
            return ""
        shown = "\n".join(f"- {failure}" for failure in self.failures[:3])
        more = "\n" + tr("credit.more", count=len(self.failures) - 3) if len(self.failures) > 3 else ""
        return f"{tr('credit.failed', failed=len(self.failures), total=self.total)}\n{shown}{more}"
