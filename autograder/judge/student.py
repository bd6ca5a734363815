"""``student``: what a test sees of the student's code. Every call runs in a sandbox.

    out = student.softmax(x, dim=1)                       # a plain torch.Tensor, or StudentRaised
    run = student.run("softmax", x, dim=1, grad_wrt=[0])  # result, gradients, trace, mutated args
    path = student.scenario("trajectory", ...)            # a topic's public scenario, in the sandbox

Each test gets its own Student; all of them share the grading context's sandbox, which holds the
student's loaded module. A sandbox that timed out or crashed is killed, and the next call (in a
later test) gets a fresh one.
"""
from __future__ import annotations

from autograder.i18n import tr

import itertools
from functools import cached_property
from dataclasses import dataclass, field
from pathlib import Path

import torch

from autograder.course import Topic
from autograder.judge.errors import BadResult, MissingFunction, SandboxCrashed, StudentRaised, SubmissionUnavailable
from autograder.judge.sandbox_client import Sandbox
from autograder.judge.submission import Submission


def _matches_any(op: str, patterns: tuple[str, ...]) -> bool:
    """``_foreach_*`` matches every op with that prefix; other patterns match exactly."""
    return any(op.startswith(p[:-1]) if p.endswith("*") else op == p for p in patterns)


@dataclass
class GradingContext:
    """Everything about one (student, topic) grading run that tests share."""

    topic: Topic
    submission: Submission | None
    scratch: Path
    unavailable: str | None = None  # why the file cannot be graded at all
    load_errors: list[dict] = field(default_factory=list)
    forbidden: dict[str, set[str]] = field(default_factory=dict)  # function -> calls seen
    tampering: list[str] = field(default_factory=list)
    hardening: dict = field(default_factory=dict)  # what the sandbox could apply: {layer: "ok: ..." | "missing: ..."}
    sandbox: Sandbox | None = None  # one per student and topic, replaced when it dies (DESIGN.md)
    data_root: Path | None = None  # the instructor's data folder (--data-root): readable in the sandbox
    piece_files: tuple[str, ...] = ()  # the student's files of the topics this one uses, copied into scratch

    def close_sandbox(self) -> None:
        if self.sandbox is not None:
            self.sandbox.close()
            self.sandbox = None

    @property
    def cuda(self) -> bool:
        return torch.cuda.is_available()

    @cached_property  # asked for by every call
    def watched_python(self) -> tuple[str, ...]:
        files = {entry.split(":")[0] for spec in self.topic.functions.values() for entry in spec.forbidden_python}
        return tuple(sorted(files))

    def record_trace(self, function: str | None, trace: dict) -> None:
        """Match a call's trace against the forbidden list of the function it is about."""
        tampered = trace.get("tampered", [])
        self.tampering.extend(tampered)
        spec = self.topic.functions.get(function or "")
        if spec is None:
            return
        if tampered:  # switching the trace off counts as reaching what it would have seen
            self.forbidden.setdefault(spec.name, set()).add(f"tampering with the grader's call trace ({tampered[0]})")
        hits = {f"aten.{op}" for op in trace.get("aten", []) if _matches_any(op, spec.forbidden_aten)}
        for call in trace.get("python", []):
            file, _, name = call.partition(":")
            for rule in spec.forbidden_python:
                rule_file, _, rule_name = rule.partition(":")
                in_file = file.startswith(rule_file) if rule_file.endswith("/") else file == rule_file
                if in_file and rule_name in ("", name):
                    hits.add(call)
        if hits:
            self.forbidden.setdefault(spec.name, set()).update(hits)


@dataclass
class CallResult:
    value: object
    grads: list | None = None
    grad_error: str | None = None
    args_after: list | None = None
    kwargs_after: dict | None = None
    host_syncs: list[str] = field(default_factory=list)


def _check_plain(value, name: str):
    """Refuse anything the sandbox marked as not plain data."""
    if isinstance(value, dict) and set(value) == {"__object__"}:
        raise BadResult(tr("student.bad_object", name=name, kind=value["__object__"]))
    if isinstance(value, (list, tuple)):
        for item in value:
            _check_plain(item, name)
    if isinstance(value, torch.Tensor) and type(value) is not torch.Tensor:
        raise BadResult(tr("student.tensor_subclass", name=name))
    return value


class Student:
    _keys = itertools.count()

    def __init__(self, context: GradingContext, function: str | None = None):
        self._context = context
        self.function = function  # the contract function the current test is about

    # -- plumbing ------------------------------------------------------------------------------

    def _ensure_sandbox(self) -> Sandbox:
        context = self._context
        if context.unavailable is not None:
            raise SubmissionUnavailable(context.unavailable)
        if context.sandbox is None or not context.sandbox.alive:
            context.close_sandbox()
            readable = [context.topic.scenarios] if context.topic.scenarios else []
            readable += [context.data_root] if context.data_root else []
            context.sandbox = Sandbox(context.topic.name, context.scratch, context.cuda, readable)
            reply = context.sandbox.request(
                {"op": "load", "cells": context.submission.cells}, context.topic.load_timeout, tr("student.loading")
            )
            context.load_errors = reply.get("errors", [])
            context.hardening = reply.get("hardening", {})
        return context.sandbox

    def _request(self, message: dict, what: str, timeout: float | None, blame: str | None = None) -> dict:
        """Send one request; ``blame`` names the student's function in errors (default: the one called)."""
        sandbox = self._ensure_sandbox()
        reply = sandbox.request(message, timeout or self._context.topic.call_timeout, what)
        if reply.get("status") == "missing":
            raise MissingFunction(blame or message.get("name", "?"))
        if reply.get("status") == "raised":
            raise StudentRaised(blame or message.get("name", what), reply)
        if reply.get("status") != "ok":
            raise BadResult(f"{what}: {reply.get('message', reply.get('status'))}")
        return reply

    @property
    def topic(self) -> Topic:
        return self._context.topic

    @property
    def data_root(self) -> Path | None:
        """The instructor's ``--data-root`` (None when not given); the sandbox may read it."""
        return self._context.data_root

    @property
    def scratch(self) -> Path:
        """The sandbox's working folder: the judge may write inputs here that the student's code reads."""
        return self._context.scratch

    def close(self) -> None:
        """Nothing to release: the sandbox belongs to the grading context, which outlives the test."""

    def printed(self) -> str:
        return self._context.sandbox.output() if self._context.sandbox is not None else ""

    # -- what tests use ------------------------------------------------------------------------

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.run(name, *args, **kwargs).value

    def run(self, name: str, *args, grad_wrt: list[int] | None = None, grad_output=None,
            keep_args: bool = False, sync_debug: bool = False, timeout: float | None = None, trace: bool = True,
            **kwargs) -> CallResult:
        """Call the student's ``name(*args, **kwargs)``; optionally backpropagate ``grad_output``.

        ``trace=False`` skips the forbidden-call trace (which slows Python-heavy code ~10x) for a call
        whose function other tests trace anyway, such as the correctness check before a timing test."""
        message = {"op": "call", "name": name, "args": list(args), "kwargs": kwargs, "trace": trace,
                   "watch": self._context.watched_python, "exempt": self._context.piece_files,
                   "return_args": keep_args, "sync_debug": sync_debug}
        if grad_wrt is not None:
            message["grad"] = {"wrt": list(grad_wrt), "grad_output": grad_output}
        reply = self._request(message, f"{name}(...)", timeout)
        self._context.record_trace(name if name in self._context.topic.functions else self.function, reply["trace"])
        return CallResult(
            value=_check_plain(reply["result"], name),
            grads=reply.get("grads"),
            grad_error=reply.get("grad_error"),
            args_after=reply.get("args_after"),
            kwargs_after=reply.get("kwargs_after"),
            host_syncs=reply.get("host_syncs", []),
        )

    def scenario(self, scenario: str, *args, function: str | None = None, timeout: float | None = None, **kwargs):
        """Run the topic's public ``scenarios.<scenario>(student_module, *args, **kwargs)`` in the sandbox."""
        path = self._context.topic.scenarios
        if path is None:
            raise RuntimeError(f"topic {self._context.topic.name} has no scenarios.py")
        message = {"op": "scenario", "path": str(path), "name": scenario, "args": list(args), "kwargs": kwargs,
                   "watch": self._context.watched_python, "exempt": self._context.piece_files}
        reply = self._request(message, tr("student.scenario", scenario=scenario), timeout, blame=function or self.function)
        self._context.record_trace(function or self.function, reply["trace"])
        return _check_plain(reply["result"], scenario)

    def defined(self) -> list[str]:
        reply = self._ensure_sandbox().request({"op": "load", "cells": []}, 5, tr("student.listing"))
        return reply.get("defined", [])

    def stash(self, name: str, args: tuple, kwargs: dict, scenario: bool = False) -> str:
        """Keep ``name`` (a student function, or with ``scenario`` a topic scenario) and its arguments in the sandbox."""
        key = f"k{next(self._keys)}"
        message = {"op": "stash", "key": key, "name": name, "args": list(args), "kwargs": kwargs}
        if scenario:
            message["scenario"] = str(self._context.topic.scenarios)
        self._request(message, tr("student.timing_prepare"), None)
        return key

    def cpu_seconds(self) -> float | None:
        """CPU seconds the sandbox has used so far (timing reads it around ``repeat``); None where the
        kernel cannot tell, and timing falls back to the wall clock."""
        try:
            return self._ensure_sandbox().cpu_seconds()
        except OSError:
            return None

    def repeat(self, key: str, n: int, timeout: float | None = None) -> None:
        self._request({"op": "repeat", "key": key, "n": n, "name": key}, tr("student.timing_run"), timeout)


__all__ = ["Student", "GradingContext", "CallResult", "SandboxCrashed"]
