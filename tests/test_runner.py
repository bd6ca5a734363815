"""The pytest run inside a grading: a run that pytest itself refuses is the grader's failure, never zeros."""
from __future__ import annotations

import importlib.util
import sys
from importlib.metadata import entry_points

import pytest

from autograder.judge import runner
from autograder.judge.test_imports import compiled_once


def test_a_pytest_usage_error_is_a_grader_error(monkeypatch, topics, course_root):
    # An option pytest does not know (as `-q` became once the terminal plugin was left out): pytest stops
    # before collecting anything. Without the check, the topic would be graded 0 of 0 with no word of why.
    monkeypatch.setattr(runner, "_LEAN_PYTEST", [*runner._LEAN_PYTEST, "--no-such-option"])
    with pytest.raises(runner.GraderError, match="(?s)USAGE_ERROR.*no-such-option"):
        runner.grade_topic(topics["softmax"], course_root / "solutions" / "softmax.py")


def test_an_installed_pytest_plugin_is_not_loaded(monkeypatch, tmp_path, topics, course_root):
    # An installed distribution that registers a pytest plugin (entry point pytest11) failing every test:
    # pytest would load it into a grading run, and the reference solution would score nothing.
    (tmp_path / "saboteur_plugin.py").write_text(
        "def pytest_runtest_call(item):\n    raise RuntimeError('sabotaged by an installed plugin')\n")
    dist = tmp_path / "saboteur-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: saboteur\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[pytest11]\nsaboteur = saboteur_plugin\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "saboteur" in {entry.name for entry in entry_points(group="pytest11")}  # pytest would find it
    result = runner.grade_topic(topics["softmax"], course_root / "solutions" / "softmax.py").result
    assert result["tests"] and result["score"] == result["max_score"]


def test_test_files_are_compiled_once_and_run_afresh(tmp_path):
    folder = tmp_path / "topic"
    folder.mkdir()
    test_file = folder / "test_hidden.py"
    test_file.write_text("RUNS = []\nRUNS.append(1)\nVALUE = 1\n")

    def load(finder):
        spec = finder.find_spec("test_hidden", [str(folder)])  # as pytest's importlib mode asks sys.meta_path
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    with compiled_once(tmp_path):
        finder = sys.meta_path[0]
        assert finder.find_spec("json", None) is None and finder.find_spec("test_hidden", [str(tmp_path.parent)]) is None
        first, second = load(finder), load(finder)
        assert first is not second and first.RUNS == second.RUNS == [1]  # executed afresh: no shared state
        assert first.__spec__.loader.get_code("test_hidden") is second.__spec__.loader.get_code("test_hidden")
        test_file.write_text("VALUE = 2  # edited\n")  # another size: compiled again
        assert load(finder).VALUE == 2
    assert finder not in sys.meta_path
