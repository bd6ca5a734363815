"""Grade one student's file for one topic: load it in a sandbox, run the tests under pytest, score.

The result is the topic entry of CONTRACT.md section 3 (status, score, max_score, tests, and a
``message`` where there is something to say about the file as a whole). Instructor-only details
(grader failures, tampering seen by the sandbox) come back beside it, never inside it.
"""
from __future__ import annotations

import contextlib
import io
import math
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import torch

from autograder.course import Topic
from autograder.i18n import tr
from autograder.judge.errors import SandboxCrashed, SandboxTimeout
from autograder.judge.forbidden import FORBIDDEN_CAP, offending_lines
from autograder.judge.pieces import copy_pieces
from autograder.judge.plugin import GradingPlugin, TestRecord
from autograder.judge.student import GradingContext, Student
from autograder.judge.submission import SubmissionError, read_submission
from autograder.judge.test_imports import compiled_once

_HYPOTHESIS_PROFILE = "autograder"
# pytest plugins a grading run does not use. They cost ~0.2 s per run (unraisableexception alone runs
# gc.collect five times over a heap holding torch), a tenth of grading a whole topic.
_LEAN_PYTEST = [arg for plugin in (
    "unraisableexception", "threadexception", "faulthandler", "doctest", "junitxml", "pastebin", "legacypath",
    "tmpdir", "monkeypatch", "recwarn", "capture", "logging", "stepwise", "lfplugin", "nfplugin",
    "setuponly", "setupplan", "debugging", "unittest", "subtests", "terminal") for arg in ("-p", f"no:{plugin}")]


class GraderError(Exception):
    """The topic's tests themselves are broken (not the student's fault)."""


@dataclass
class TopicGrade:
    result: dict  # CONTRACT.md section 3, one topic
    instructor_notes: list[str] = field(default_factory=list)


def _configure_process() -> None:
    """Once per judge process: one torch thread (fair timing beside other jobs), quiet deterministic hypothesis."""
    from hypothesis import HealthCheck, Phase, settings

    torch.set_num_threads(1)
    if _HYPOTHESIS_PROFILE not in settings._profiles:
        settings.register_profile(
            _HYPOTHESIS_PROFILE, derandomize=True, database=None, deadline=None, max_examples=20,
            suppress_health_check=list(HealthCheck), print_blob=False,
            # No shrinking: it re-runs a failing student's code dozens of times for a smaller example,
            # which tripled the time to grade a wrong file; the first failing example is reported as drawn.
            phases=[Phase.explicit, Phase.generate],
        )
    settings.load_profile(_HYPOTHESIS_PROFILE)


def _prepare(topic: Topic, path: Path | None, scratch: Path, data_root: Path | None = None) -> tuple[GradingContext, str, list[str]]:
    """Read and pre-load the file. Returns the context, the status so far and messages for the student."""
    if path is None:
        context = GradingContext(topic, None, scratch, unavailable=tr("runner.missing", topic=topic.name))
        return context, "missing", []
    try:
        submission = read_submission(path, topic.name)
    except SubmissionError as exc:
        return GradingContext(topic, None, scratch, unavailable=str(exc)), "error", [str(exc)]
    except OSError as exc:
        message = tr("runner.unreadable", file=path.name, reason=exc.strerror)
        return GradingContext(topic, None, scratch, unavailable=message), "error", [message]
    shutil.copyfile(path, scratch / path.name) if path.suffix == ".py" else (scratch / f"{topic.name}.py").write_text(
        "\n\n".join(cell["source"] for cell in submission.cells))
    pieces, messages = copy_pieces(topic, path.parent, scratch) if topic.uses else ([], [])
    context = GradingContext(topic, submission, scratch, data_root=data_root, piece_files=tuple(pieces))
    messages += submission.notes
    probe = Student(context)
    try:
        defined = probe.defined()
    except (SandboxTimeout, SandboxCrashed) as failure:
        output = probe.printed()
        context.close_sandbox()
        if len(submission.cells) > 1:  # a notebook: drop the cells that kill or hang, keep the rest
            messages += _drop_fatal_cells(context)
            if context.submission.cells:
                return _prepare_checked(context, path, messages)
            context.unavailable = tr("runner.no_cell_runs", file=path.name)
            return context, "error", messages + [context.unavailable]
        if isinstance(failure, SandboxTimeout):
            context.unavailable = tr("runner.import_timeout", file=path.name, seconds=f"{topic.load_timeout:g}")
        else:
            context.unavailable = tr("runner.import_crash", file=path.name)
    else:
        output = probe.printed()
    if context.unavailable:
        if output.strip():
            context.unavailable += f"\n{tr('runner.last_output')}\n{output.strip()[-400:]}"
        return context, "error", messages + [context.unavailable]
    return _prepare_checked(context, path, messages, defined)


def _prepare_checked(context: GradingContext, path: Path, messages: list[str], defined: list[str] | None = None):
    """The status once the file has loaded: an error if it raised before defining anything graded."""
    if defined is None:
        defined = Student(context).defined()
    if context.load_errors and not set(defined) & set(context.topic.functions):
        first = context.load_errors[0]
        context.unavailable = tr("runner.load_failed", file=path.name, cell=first["cell"], type=first["type"],
                                 message=first["message"][:300])
        return context, "error", messages + [context.unavailable]
    for error in context.load_errors:
        messages.append(tr("runner.load_error_kept", cell=error["cell"], type=error["type"], message=error["message"][:300]))
    return context, "graded", messages


def _drop_fatal_cells(context: GradingContext) -> list[str]:
    """Load a notebook cell by cell; a cell that ends the process or hangs is left out, with a note."""
    kept, notes = [], []
    for cell in context.submission.cells:
        context.submission.cells = kept + [cell]
        context.close_sandbox()
        try:
            Student(context).defined()
            kept.append(cell)
        except SandboxTimeout:
            notes.append(tr("runner.cell_timeout", cell=cell["label"], seconds=f"{context.topic.load_timeout:g}"))
        except SandboxCrashed:
            notes.append(tr("runner.cell_crash", cell=cell["label"]))
    context.close_sandbox()
    context.submission.cells = kept
    return notes


def _run_pytest(topic: Topic, context: GradingContext, visibility: str, keyword: str | None = None,
                skip_reason: str | None = None) -> GradingPlugin:
    files = [topic.public_tests] + ([topic.hidden_tests] if visibility == "hidden" else [])
    plugin = GradingPlugin(context, skip_reason)
    args = [*map(str, files), "--assert=plain", "--noconftest", "-p", "no:cacheprovider",
            # Only the plugins grading needs, whatever else is installed: scanning every installed package's
            # entry points cost 15 ms a run, and a stray plugin (randomly, timeout, xdist) could change a grading.
            "--disable-plugin-autoload", "-p", "_hypothesis_pytestplugin",
            "--rootdir", str(topic.folder), "-c", str(Path(__file__).with_name("pytest.ini")),
            "--import-mode=importlib", "-W", "ignore::DeprecationWarning", *_LEAN_PYTEST]
    if keyword:
        args += ["-k", keyword]
    _forget_test_modules(topic, [name for name in sys.modules if name.split(".")[-1] in ("test_public", "test_hidden")])
    before = set(sys.modules)
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output), compiled_once(topic.folder.parent):
            exit_code = pytest.main(args, plugins=[plugin])
    finally:
        _forget_test_modules(topic, set(sys.modules) - before)
    if plugin.collection_errors:
        raise GraderError("; ".join(plugin.collection_errors))
    if exit_code in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        # Not the student's doing: a run that stopped (or never started) would otherwise read as failed tests.
        raise GraderError(f"pytest ended with {exit_code.name}: {output.getvalue().strip()[-1000:]}")
    plugin.finish()
    return plugin


def _forget_test_modules(topic: Topic, names) -> None:
    """Every topic names its files test_public/test_hidden, and pytest's importlib mode reuses a module
    already in sys.modules under that name: without this, a worker would run one topic's tests on the next.
    Only ``names`` are looked at (those a run added): a scan of every module's ``__file__`` cost 8 ms a run."""
    course = str(topic.folder.parent)
    for name in names:
        module = sys.modules.get(name)
        if name.split(".")[-1] in ("test_public", "test_hidden") or str(getattr(module, "__file__", "") or "").startswith(course):
            del sys.modules[name]


def _apply_forbidden_policy(records: list[TestRecord], context: GradingContext) -> None:
    for function, calls in context.forbidden.items():
        spec = context.topic.functions[function]
        tests = [r for r in records if r.function == function and r.outcome != "skipped"]
        earned = sum(r.score for r in tests)
        cap = FORBIDDEN_CAP * sum(r.max_score for r in tests)
        lines = offending_lines(context.submission.cells, spec) if context.submission else []
        where = f" ({'; '.join(lines)})" if lines else ""
        shown = sorted(calls)[:3] + ([tr("runner.more", count=len(calls) - 3)] if len(calls) > 3 else [])
        note = tr("runner.forbidden", function=function, calls=", ".join(shown), where=where, cap=f"{FORBIDDEN_CAP:.0%}")
        factor = 1.0 if earned <= cap else cap / earned
        for record in tests:
            record.fraction *= factor
            if record.outcome == "passed" and factor < 1.0:
                record.outcome = "failed"
            record.feedback = (record.feedback + "\n" if record.feedback else "") + note


def _test_entry(record: TestRecord) -> dict:
    score = round(min(max(record.score, 0.0), record.max_score), 4)
    if not math.isfinite(score):
        score = 0.0
    entry = {"name": record.name, "function": record.function, "score": score, "max_score": record.max_score,
             "outcome": record.outcome, "feedback": record.feedback}
    if record.artifacts:
        entry["artifacts"] = record.artifacts  # the result store keeps them; grades.json does not
    return entry


def run_tests(topic: Topic, context: GradingContext, visibility: str = "hidden", keyword: str | None = None) -> list[TestRecord]:
    """Run the topic's tests on whatever ``context``'s sandbox holds; one record per test."""
    _configure_process()
    return list(_run_pytest(topic, context, visibility, keyword).records.values())


def topic_result(status: str, records: list[TestRecord], context: GradingContext, count_skipped: bool = False,
                 messages: list[str] = ()) -> dict:
    """The topic entry of grades.json from the tests' records (the forbidden-call cap applied)."""
    if status == "graded":
        _apply_forbidden_policy(records, context)
    tests = [_test_entry(r) for r in records]
    counted = [t for t in tests if count_skipped or t["outcome"] != "skipped"]
    result = {
        "status": status,
        "score": round(sum(t["score"] for t in counted), 4) if status == "graded" else 0.0,
        "max_score": sum(t["max_score"] for t in counted),
        "tests": tests,
    }
    if messages:
        result["message"] = "\n".join(messages)
    if any(r.title and r.title != r.name for r in records):  # translated names, for feedback (not grades.json)
        result["titles"] = {r.name: r.title for r in records if r.title and r.title != r.name}
    return result


def grade_topic(topic: Topic, path: Path | None, visibility: str = "hidden", count_skipped: bool = False,
                keyword: str | None = None, data_root: Path | None = None) -> TopicGrade:
    """Grade one file; ``keyword`` (pytest's -k) runs only some tests, for benchmarks and debugging;
    ``data_root`` is the instructor's data folder (--data-root), readable in the sandbox."""
    _configure_process()
    scratch = Path(tempfile.mkdtemp(prefix="autograder-"))
    context = None
    try:
        missing = topic.missing_requirements()
        if missing:  # the topic cannot run here: every test is reported as skipped, nothing is loaded
            reason = (tr("runner.not_installed_hint", packages=", ".join(missing), hint=topic.install_hint) if topic.install_hint
                      else tr("runner.not_installed", packages=", ".join(missing)))
            context, status, messages = GradingContext(topic, None, scratch, unavailable=reason), "graded", [reason]
            plugin = _run_pytest(topic, context, visibility, keyword, skip_reason=reason)
        else:
            context, status, messages = _prepare(topic, path, scratch, data_root)
            plugin = _run_pytest(topic, context, visibility, keyword)
    finally:
        if context is not None:
            context.close_sandbox()
        shutil.rmtree(scratch, ignore_errors=True)
    records = list(plugin.records.values())
    result = topic_result(status, records, context, count_skipped, messages)
    notes = [f"{r.name}: {r.grader_error}" for r in records if r.grader_error]
    notes += [f"sandbox trace tampering: {t}" for t in sorted(set(context.tampering))]
    notes += [f"sandbox {layer} {state}" for layer, state in context.hardening.items() if not state.startswith("ok")]
    return TopicGrade(result, notes)
