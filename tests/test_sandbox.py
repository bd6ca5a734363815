"""A student who attacks or breaks the sandbox loses exactly the points at stake, and the class goes on.

All submissions are graded in one batch through the real worker pool (as `autograder grade` does).
"""
from __future__ import annotations

import os

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from autograder.classroom import Task, run_tasks

from conftest import per_function

OVERRIDES = {
    "correct": "",
    "os_exit_in_softmax": "import os\ndef softmax(x, dim=-1):\n    os._exit(0)\n",
    "loops_forever_in_softmax": "def softmax(x, dim=-1):\n    while True:\n        pass\n",
    "kills_its_parent_in_softmax": "import os, signal\ndef softmax(x, dim=-1):\n    os.kill(os.getppid(), signal.SIGKILL)\n    os._exit(1)\n",
    "raises_systemexit_in_softmax": "def softmax(x, dim=-1):\n    raise SystemExit(0)\n",
    "sys_exit_after_definitions": "import sys\nsys.exit(0)\n",
    "returns_tensor_subclass": (
        "class Liar(torch.Tensor):\n    pass\n"
        "_real = softmax\n"
        "def softmax(x, dim=-1):\n    return _real(x, dim).as_subclass(Liar)\n"
    ),
}
EXIT_AT_IMPORT = "import sys\nsys.exit(0)\n"


@pytest.fixture(scope="module")
def graded(tmp_path_factory, softmax_solution):
    folder = tmp_path_factory.mktemp("sandbox")
    tasks = []
    for name, override in OVERRIDES.items():
        path = folder / name / "softmax.py"
        path.parent.mkdir()
        path.write_text(softmax_solution + "\n" + override)
        tasks.append(Task(name, "softmax", str(path)))
    path = folder / "sys_exit_at_import" / "softmax.py"
    path.parent.mkdir()
    path.write_text(EXIT_AT_IMPORT + softmax_solution)
    tasks.append(Task("sys_exit_at_import", "softmax", str(path)))
    notebook = folder / "notebook_exits_in_a_late_cell" / "softmax.ipynb"
    notebook.parent.mkdir()
    nbformat.write(new_notebook(cells=[
        new_code_cell(softmax_solution),
        new_code_cell("!rm -rf ~\nimport os\nos._exit(0)"),
        new_code_cell("print('after the exit')"),
    ]), notebook)
    tasks.append(Task("notebook_exits_in_a_late_cell", "softmax", str(notebook)))
    results = {}
    os.environ["AUTOGRADER_CALL_TIMEOUT"] = "2"  # inherited by the spawned judge workers
    try:
        run_tasks(tasks, jobs=2, on_result=lambda task, result, notes, seconds: results.__setitem__(task.student, result))
    finally:
        del os.environ["AUTOGRADER_CALL_TIMEOUT"]
    return results


def _full(result, function):
    score, maximum = per_function(result)[function]
    return maximum > 0 and score == pytest.approx(maximum)


def test_correct_solution_gets_full_marks(graded):
    result = graded["correct"]
    assert result["status"] == "graded"
    assert result["score"] == pytest.approx(result["max_score"]) and result["max_score"] > 0


# A crash or a hang ends the test ("error"/"timeout"); an exception the student raises inside a
# partial-credit case fails that case, so such a test reads "failed" with 0 points.
@pytest.mark.parametrize("case, outcomes", [
    ("os_exit_in_softmax", {"error"}),
    ("loops_forever_in_softmax", {"timeout"}),
    ("kills_its_parent_in_softmax", {"error", "failed"}),  # refused by seccomp/Landlock: PermissionError
    ("raises_systemexit_in_softmax", {"error", "failed"}),
    ("returns_tensor_subclass", {"failed"}),
])
def test_a_broken_softmax_loses_only_the_softmax_points(graded, case, outcomes):
    result = graded[case]
    assert result["status"] == "graded"
    softmax_score, softmax_max = per_function(result)["softmax"]
    assert softmax_score == 0 and softmax_max > 0
    assert _full(result, "log_softmax") and _full(result, "logsumexp")
    softmax_outcomes = {t["outcome"] for t in result["tests"] if t["function"] == "softmax" and t["outcome"] != "skipped"}
    assert softmax_outcomes and softmax_outcomes <= outcomes


def test_timeout_feedback_names_the_deadline(graded):
    test = next(t for t in graded["loops_forever_in_softmax"]["tests"] if t["outcome"] == "timeout")
    assert "did not finish within 2 s" in test["feedback"]


def test_exit_at_import_scores_zero_with_a_message(graded):
    result = graded["sys_exit_at_import"]
    assert result["status"] == "error"
    assert result["score"] == 0 and result["max_score"] > 0
    assert "SystemExit" in result["message"] and "could not be loaded" in result["message"]
    assert all(t["outcome"] in ("error", "skipped") for t in result["tests"])


def test_exit_after_the_definitions_keeps_what_was_defined(graded):
    result = graded["sys_exit_after_definitions"]
    assert result["status"] == "graded"
    assert result["score"] == pytest.approx(result["max_score"])
    assert "SystemExit" in result["message"]


def test_a_notebook_cell_that_exits_is_skipped_and_the_rest_graded(graded):
    result = graded["notebook_exits_in_a_late_cell"]
    assert result["status"] == "graded"
    assert result["score"] == pytest.approx(result["max_score"])
    assert "cell 2 ended the process" in result["message"] and "skipped `!rm -rf ~`" in result["message"]
