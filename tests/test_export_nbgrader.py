"""`autograder export nbgrader`: the notebook's nbgrader metadata, and real nbgrader grading it.

The end-to-end test runs `nbgrader generate_assignment` and `nbgrader autograde` on the reference
and the stub of softmax and checks that nbgrader's score per function equals `autograder grade`'s.
"""
from __future__ import annotations

import importlib.util
import shutil

import nbformat
import pytest

from autograder.cli import main
from autograder.export.nbgrader import answered_notebook, source_chunks, topic_notebook

needs_nbgrader = pytest.mark.skipif(
    importlib.util.find_spec("nbgrader") is None or importlib.util.find_spec("ipykernel") is None,
    reason="nbgrader and ipykernel are not installed (pip install .[nbgrader])")


def test_notebook_has_solution_cells_and_one_autograded_cell_per_function(topics, course_root):
    topic = topics["softmax"]
    notebook = topic_notebook(topic, course_root)
    meta = [c.metadata.get("nbgrader", {}) for c in notebook.cells]
    graded = {m["grade_id"]: m["points"] for m in meta if m.get("grade")}
    assert graded == {f"test_{name}": spec.points for name, spec in topic.functions.items()}
    assert all(m["locked"] and not m["solution"] and m["schema_version"] == 3 for m in meta if m.get("grade"))
    solutions = [c for c, m in zip(notebook.cells, meta) if m.get("solution")]
    assert solutions and all("### BEGIN SOLUTION" in c.source and "### END SOLUTION" in c.source for c in solutions)
    ids = [m["grade_id"] for m in meta if m]
    assert len(set(ids)) == len(ids)
    tests = [c.source for c, m in zip(notebook.cells, meta) if m.get("grade")]
    assert all("### BEGIN HIDDEN TESTS" in s and "### END HIDDEN TESTS" in s for s in tests)
    assert "Forbidden here" in "".join(c.source for c in solutions)


def test_source_is_split_before_each_definition():
    chunks = source_chunks('"""doc"""\nimport torch\n\n# helper\n@dec\ndef a():\n    pass\n\n\nclass B:\n    x = 1\n')
    assert chunks == ['"""doc"""\nimport torch', "# helper\n@dec\ndef a():\n    pass", "class B:\n    x = 1"]


@needs_nbgrader
def test_nbgrader_totals_equal_ours_for_reference_and_stub(tmp_path, course_root, topics):
    from autograder.export.nbgrader import gradebook_scores, run_nbgrader
    from autograder.judge.runner import grade_topic

    course = tmp_path / "course"
    assert main(["export", "nbgrader", "--course", str(course), "--topics", "softmax"]) == 0
    run_nbgrader(course, "generate_assignment", "softmax", "--force")
    release = nbformat.read(course / "release" / "softmax" / "softmax.ipynb", as_version=4)
    assert "### BEGIN HIDDEN TESTS" not in release.cells[-1].source
    assert "raise NotImplementedError()" in "".join(c.source for c in release.cells)
    source = nbformat.read(course / "source" / "softmax" / "softmax.ipynb", as_version=4)
    for student, notebook in (("reference", answered_notebook(release, source)), ("stub", release)):
        folder = course / "submitted" / student / "softmax"
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / "softmax.ipynb")
    run_nbgrader(course, "autograde", "softmax", "--create", "--force")
    theirs = gradebook_scores(course, "softmax")

    topic = topics["softmax"]
    for student, path in (("reference", course_root / "solutions" / "softmax.py"),
                          ("stub", course_root / "student_template" / "softmax.py")):
        ours = grade_topic(topic, path).result
        for function in topic.functions:
            mine = sum(t["score"] for t in ours["tests"] if t["function"] == function and t["outcome"] != "skipped")
            assert theirs[student][f"test_{function}"] == pytest.approx(mine, abs=1e-6), (student, function)
        assert sum(theirs[student].values()) == pytest.approx(ours["score"], abs=1e-6)
    assert sum(theirs["reference"].values()) > 0 and sum(theirs["stub"].values()) == 0


def test_every_topic_exports_a_valid_notebook_worth_its_points(course_root):
    from autograder.course import load_topics

    for name, topic in load_topics(course_root).items():
        notebook = topic_notebook(topic, course_root)  # nbformat.validate runs inside
        points = sum(c.metadata["nbgrader"]["points"] for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade"))
        assert points == topic.max_points, name
        code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code" and "grade_cell" not in c.source)
        assert code.count("### BEGIN SOLUTION") == topic.source.read_text().count("### BEGIN SOLUTION"), name
