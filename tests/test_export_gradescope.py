"""`autograder export gradescope`: the zip's layout, and its run_autograder against a fake /autograder."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile

import pytest

from autograder.cli import main
from autograder.export.gradescope import public_test_names, results_document, results_problems


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    """The zip built by the CLI, unpacked where Gradescope puts it: ROOT/source."""
    root = tmp_path_factory.mktemp("autograder")
    archive = root / "autograder.zip"
    assert main(["export", "gradescope", "softmax", "--out", str(archive)]) == 0
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
        zipped.extractall(root / "source")
        for info in zipped.infolist():  # zipfile does not restore modes; Gradescope's unzip does
            if info.external_attr >> 16 & 0o111:
                os.chmod(root / "source" / info.filename, 0o755)
    return root, names


def run_autograder(root, files: dict[str, str]):
    submission = root / "submission"
    if submission.exists():
        for old in submission.iterdir():
            old.unlink()
    submission.mkdir(exist_ok=True)
    for name, text in files.items():
        (submission / name).write_text(text)
    env = {**os.environ, "AUTOGRADER_GS_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable,
           "AUTOGRADER_CALL_TIMEOUT": "20"}
    run = subprocess.run([str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_zip_holds_the_scripts_the_package_and_the_topic_without_its_mutants(unpacked):
    root, names = unpacked
    assert {"setup.sh", "run_autograder", "course/pyproject.toml", "course/autograder/cli.py",
            "course/assignments/softmax/test_hidden.py", "course/assignments/softmax/manifest.toml"} <= names
    assert not any("mutants" in n or "__pycache__" in n or "/nll_vs_ce/" in n for n in names)
    assert os.stat(root / "source" / "run_autograder").st_mode & stat.S_IXUSR
    assert "download.pytorch.org/whl/cpu" in (root / "source" / "setup.sh").read_text()


def test_stub_scores_zero_with_every_test_reported(unpacked, course_root, topics):
    root, _ = unpacked
    document = run_autograder(root, {"softmax.py": (course_root / "student_template" / "softmax.py").read_text()})
    assert results_problems(document) == []
    assert document["score"] == 0
    assert all(t["status"] == "failed" and "NotImplementedError" in t["output"] for t in document["tests"])
    public = public_test_names(topics["softmax"])
    visible = [t for t in document["tests"] if t["visibility"] == "visible"]
    assert len(visible) == len(public) == 4
    assert {t["visibility"] for t in document["tests"]} == {"visible", "after_published"}
    assert sum(t["max_score"] for t in document["tests"]) > 0


def test_missing_and_broken_submissions_still_give_valid_results(unpacked):
    root, _ = unpacked
    missing = run_autograder(root, {"notes.txt": "I forgot"})
    assert results_problems(missing) == [] and missing["score"] == 0
    assert "no softmax.py or softmax.ipynb was submitted" in missing["output"]
    broken = run_autograder(root, {"softmax.py": "def softmax(x, dim=-1)\n    return x\n"})
    assert results_problems(broken) == [] and broken["score"] == 0
    assert "SyntaxError" in broken["output"] or "syntax" in broken["output"].lower()


def test_a_wrongly_named_single_file_is_graded_with_a_note(unpacked, course_root):
    root, _ = unpacked
    document = run_autograder(root, {"my_softmax.py": "raise ValueError('boom at import')\n"})
    assert results_problems(document) == [] and document["score"] == 0
    assert "graded my_softmax.py" in document["output"]


def test_outcomes_map_to_gradescope_fields():
    result = {"status": "graded", "score": 3.5, "max_score": 6.0, "tests": [
        {"name": "a public one", "function": "softmax", "score": 2.0, "max_score": 2.0, "outcome": "passed", "feedback": ""},
        {"name": "a hidden one [case]", "function": "softmax", "score": 1.5, "max_score": 3.0, "outcome": "failed",
         "feedback": "1 of 2 cases failed"},
        {"name": "slow", "function": None, "score": 0.0, "max_score": 1.0, "outcome": "timeout", "feedback": "did not finish"},
        {"name": "gpu", "function": "softmax", "score": 0.0, "max_score": 1.0, "outcome": "skipped", "feedback": "no CUDA"},
    ]}
    document = results_document(result, {"a public one"}, 1.0)
    assert results_problems(document) == []
    assert [t["name"] for t in document["tests"]] == ["softmax: a public one", "softmax: a hidden one [case]", "slow"]
    assert [t["visibility"] for t in document["tests"]] == ["visible", "after_published", "after_published"]
    assert [t["status"] for t in document["tests"]] == ["passed", "failed", "failed"]
    assert document["tests"][2]["output"] == "timeout: did not finish"
    assert document["score"] == 3.5 and "gpu: no CUDA" in document["output"]


def test_the_results_check_can_fail():
    bad = {"score": 5, "tests": [{"name": "x", "score": 2, "max_score": 1, "status": "ok", "output": None,
                                  "visibility": "students"}]}
    problems = results_problems(bad)
    assert any("outside" in p for p in problems) and any("status" in p for p in problems)
    assert any("visibility" in p for p in problems) and any("output" in p for p in problems)
    assert any("sum" in p for p in problems)
