"""What can go wrong when the judge asks the student's code for something.

Sandbox failures (timeout, crash) derive from BaseException on purpose: hypothesis and a test's
own ``except Exception`` must not swallow them or retry a hanging function; they end the test.
"""
from __future__ import annotations

from autograder.i18n import tr


class SandboxTimeout(BaseException):
    def __init__(self, what: str, seconds: float):
        super().__init__(tr("errors.timeout", what=what, seconds=f"{seconds:g}"))
        self.what, self.seconds = what, seconds


class SandboxCrashed(BaseException):
    def __init__(self, what: str, output: str = ""):
        super().__init__(tr("errors.crashed", what=what))
        self.what, self.output = what, output


class SubmissionUnavailable(BaseException):
    """The file is missing or could not be loaded at all: every test reports this."""


class StudentRaised(Exception):
    """The student's function raised; carries the exception's type names and message."""

    def __init__(self, name: str, reply: dict):
        self.name = name
        self.type_name = reply.get("type", "Exception")
        self.mro = list(reply.get("mro", [self.type_name]))
        self.message = reply.get("message", "")
        self.traceback = reply.get("traceback", "")
        super().__init__(tr("errors.raised", name=name, type=self.type_name, message=self.message))

    @property
    def not_implemented(self) -> bool:
        return "NotImplementedError" in self.mro

    def is_a(self, exception_type: type[BaseException]) -> bool:
        return exception_type.__name__ in self.mro


class MissingFunction(Exception):
    def __init__(self, name: str):
        super().__init__(tr("errors.missing_function", name=name))
        self.name = name


class BadResult(Exception):
    """The student's code sent back something that is not plain data (a tensor subclass, an object)."""
