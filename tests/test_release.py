"""One source of truth per topic: stubs, solutions and public tests derive from it, and staleness is caught."""
from __future__ import annotations

import shutil

import pytest

from autograder.course import CourseError, load_topic
from autograder.release import solution_text, stale_files, stub_text, write_release


def test_stub_raises_not_implemented_and_names_the_forbidden_calls(topics):
    topic = topics["softmax"]
    stub = stub_text(topic.source.read_text(), topic)
    assert "### BEGIN SOLUTION" not in stub and "amax" not in stub
    assert stub.count("raise NotImplementedError()") == len(topic.functions)
    assert "Forbidden here" in stub and "torch.softmax" in stub
    namespace = {}
    exec(compile(stub, "softmax.py", "exec"), namespace)
    for name in topic.functions:
        with pytest.raises(NotImplementedError):
            namespace[name](None)


def test_solution_keeps_the_code_and_drops_the_markers(topics):
    topic = topics["softmax"]
    solution = solution_text(topic.source.read_text())
    assert "### " not in solution and "amax" in solution
    compile(solution, "softmax.py", "exec")


def test_unbalanced_markers_are_a_course_error():
    with pytest.raises(CourseError, match="never closed"):
        solution_text("def f():\n    ### BEGIN SOLUTION\n    return 1\n")


def test_committed_release_is_current(course_root, topics):
    assert stale_files(course_root, topics) == []


def test_check_catches_a_stale_copy_and_release_repairs_it(tmp_path, course_root):
    shutil.copytree(course_root / "assignments" / "softmax", tmp_path / "assignments" / "softmax")
    topics = {"softmax": load_topic(tmp_path / "assignments" / "softmax")}
    write_release(tmp_path, topics)
    assert stale_files(tmp_path, topics) == []
    source = tmp_path / "assignments" / "softmax" / "softmax.py"
    source.write_text(source.read_text().replace("each slice sums to 1", "each slice sums to one"))
    stale = stale_files(tmp_path, topics)
    assert tmp_path / "student_template" / "softmax.py" in stale
    write_release(tmp_path, topics)
    assert stale_files(tmp_path, topics) == []
