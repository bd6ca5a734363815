"""Our tests, run inside a Jupyter kernel on what the notebook's cells defined (for nbgrader).

nbgrader grades a notebook by executing it in one kernel and reading each autograded cell's output.
The test cells that ``autograder export nbgrader`` writes end with::

    grade_cell(globals(), topic="softmax", function="softmax", tests="hidden", course="/path/to/course")

which runs the topic's pytest tests (the very files ``autograder grade`` runs) against the kernel's
names and evaluates to that function's score: nbgrader takes a number output as partial credit, so
its totals equal ours.

There is no sandbox here, by nbgrader's design: the student's code has already run in this kernel,
in the same process as these tests, and could tamper with them. The requests our tests make still
go through the sandbox's own request handlers (``autograder.sandbox.child.Server``) and the
channel's serialisation, so values, gradients, traces of forbidden calls and copies of arguments are
exactly what the sandboxed grader sees; only the process boundary, the deadlines and the resource
limits are gone (nbgrader's cell timeout, ``c.Execute.timeout``, is the only deadline).
"""
from __future__ import annotations

import os
import tempfile
import time
import types
from pathlib import Path

from autograder.course import find_course_root, load_topic
from autograder.i18n import tr
from autograder.i18n.catalog import MESSAGES
from autograder.judge import runner
from autograder.judge.student import GradingContext
from autograder.sandbox import protocol
from autograder.sandbox.child import Server

_CACHE: dict[tuple, dict] = {}


def _copy(obj):
    """What the other end of the sandbox channel would receive: a fresh copy, plain data only."""
    return protocol.decode(protocol.encode(obj)[protocol.HEADER.size:])


class KernelSandbox:
    """Stands in for ``judge.sandbox_client.Sandbox``: the sandbox's request handlers, run right here."""

    alive = True

    def __init__(self, namespace: dict, topic_name: str):
        module = types.ModuleType(topic_name)
        module.__dict__.update({k: v for k, v in namespace.items() if not k.startswith("_")})
        server = Server.__new__(Server)  # its __init__ wants a socket and registers a module: not here
        server.sock, server.hardening, server.stash, server.scenarios = None, {}, {}, {}
        server.scratch = os.path.join(tempfile.gettempdir(), "ipykernel_")  # where IPython puts cell code
        server.module = module
        self._server = server

    def request(self, message: dict, timeout: float | None = None, what: str = "") -> dict:
        message = _copy(message)
        handler = getattr(self._server, "op_" + str(message.get("op")), None)
        try:
            reply = handler(message) if handler else {"status": "bad_request"}
        except Exception as exc:  # as the sandbox does; KeyboardInterrupt (nbgrader's timeout) ends the cell
            reply = self._server._raised(exc)
        try:
            return _copy(reply)
        except Exception as exc:
            return {"status": "unsendable", "message": f"{type(exc).__name__}: {exc}"}

    def cpu_seconds(self) -> float:
        """Timing's clock for the student's side: the requests run in this thread."""
        return time.thread_time()

    def output(self) -> str:
        return ""

    def close(self) -> None:
        pass


def grade_namespace(namespace: dict, topic_name: str, tests: str = "hidden", course: str | None = None) -> dict:
    """Grade the names in ``namespace`` with the topic's tests; the topic entry of grades.json."""
    root = Path(course) if course else find_course_root()
    topic = load_topic(root / "assignments" / topic_name)
    context = GradingContext(topic, None, Path(tempfile.gettempdir()))
    context.sandbox = KernelSandbox(namespace, topic.name)
    # nbgrader gives a test cell zero points for any output on stderr: the runner keeps pytest's to itself
    records = runner.run_tests(topic, context, tests)
    return runner.topic_result("graded", records, context)


def grade_cell(namespace: dict, topic: str, function: str, tests: str = "public", course: str | None = None) -> float:
    """One nbgrader test cell: print the feedback on ``function``'s tests, return its score.

    The topic is graded once per kernel for the objects the names currently hold; the other test
    cells of the notebook reuse that run.
    """
    root = Path(course) if course else find_course_root()
    graded = load_topic(root / "assignments" / topic).functions
    key = (topic, tests, str(root), tuple(id(namespace.get(name)) for name in graded))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = grade_namespace(namespace, topic, tests, str(root))
    mine = [t for t in _CACHE[key]["tests"] if t["function"] == function]
    counted = [t for t in mine if t["outcome"] != "skipped"]
    score = round(sum(t["score"] for t in counted), 4)
    for test in mine:
        title = _CACHE[key].get("titles", {}).get(test["name"], test["name"])
        print(f"{tr('outcome.' + test['outcome']):>8}  {test['score']:g}/{test['max_score']:g}  {title}")
        if test["feedback"] and test["outcome"] != "passed":
            print("          " + test["feedback"].replace("\n", "\n          "))
    print(tr("kernel.summary", function=function, score=f"{score:g}", max_score=f"{sum(t['max_score'] for t in counted):g}",
             tests=tr("kernel." + tests) if f"kernel.{tests}" in MESSAGES else tests))
    return score
