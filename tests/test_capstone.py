"""The framework's support for the capstone topic: pieces copied beside the file, the trace exempting
them, topics whose optional package is missing reported as skipped, and the Fashion-MNIST writer.
(The capstone's grading itself is checked by `autograder validate --topics capstone`.)"""
from __future__ import annotations

import dataclasses
import importlib.util
import shutil

import nbformat
import pytest
import torch
from nbformat.v4 import new_code_cell, new_notebook

from autograder.course import load_topic
from autograder.judge.pieces import copy_pieces, pieces_digest
from autograder.judge.runner import grade_topic
from autograder.sandbox.tracing import CallTrace


@pytest.fixture(scope="module")
def capstone(course_root):
    return load_topic(course_root / "assignments" / "capstone")


@pytest.fixture(scope="module")
def fashion_data(course_root):
    spec = importlib.util.spec_from_file_location("fashion_data", course_root / "assignments" / "capstone" / "fashion_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_manifest_declares_the_pieces(capstone):
    assert capstone.uses == ("softmax", "nll_vs_ce", "optimizers", "dropout", "initialization")
    assert capstone.requires == ("torchvision",)


def test_only_the_used_topics_are_copied_and_notebooks_become_modules(capstone, course_root, tmp_path):
    student, scratch = tmp_path / "student", tmp_path / "scratch"
    student.mkdir(), scratch.mkdir()
    for name in ("softmax", "nll_vs_ce", "optimizers", "initialization", "bce"):
        shutil.copyfile(course_root / "solutions" / f"{name}.py", student / f"{name}.py")
    nbformat.write(new_notebook(cells=[new_code_cell("%matplotlib inline\nP = 0.5"), new_code_cell("def f():\n    return P")]),
                   student / "dropout.ipynb")
    copied, messages = copy_pieces(capstone, student, scratch)
    assert sorted(p.rsplit("/", 1)[1] for p in copied) == sorted(f"{n}.py" for n in capstone.uses)
    assert not (scratch / "bce.py").exists()  # a topic the capstone does not use stays out
    notebook_piece = (scratch / "dropout.py").read_text()
    assert "def f()" in notebook_piece and "%matplotlib" not in notebook_piece
    assert messages == []


def test_a_missing_piece_is_named(capstone, course_root, tmp_path):
    student, scratch = tmp_path / "student", tmp_path / "scratch"
    student.mkdir(), scratch.mkdir()
    shutil.copyfile(course_root / "solutions" / "softmax.py", student / "softmax.py")
    before = pieces_digest(capstone, student)
    copied, messages = copy_pieces(capstone, student, scratch)
    assert [p.rsplit("/", 1)[1] for p in copied] == ["softmax.py"]
    assert len(messages) == 1 and "dropout.py (or dropout.ipynb) is missing" in messages[0]
    shutil.copyfile(course_root / "solutions" / "dropout.py", student / "dropout.py")
    assert pieces_digest(capstone, student) != before  # a changed piece regrades the capstone


def test_calls_made_by_exempt_files_are_not_traced(tmp_path):
    for name in ("piece", "own"):
        (tmp_path / f"{name}.py").write_text("import torch.nn.functional as F\ndef f(x):\n    return F.softmax(x, dim=0)\n")
    modules = {}
    for name in ("piece", "own"):
        spec = importlib.util.spec_from_file_location(f"trace_{name}", tmp_path / f"{name}.py")
        modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(modules[name])
    watch, exempt = ("torch/nn/functional.py",), (str(tmp_path / "piece.py"),)
    x = torch.ones(3)
    with CallTrace(watch, exempt_files=exempt) as trace:
        modules["piece"].f(x)
    assert trace.report()["aten"] == [] and trace.report()["python"] == []
    with CallTrace(watch, exempt_files=exempt) as trace:
        modules["own"].f(x)
    assert "_softmax" in trace.report()["aten"] and "torch/nn/functional.py:softmax" in trace.report()["python"]
    with CallTrace(watch, exempt_files=exempt) as trace:  # torch initialising its own layer is not the student's call
        torch.nn.Linear(3, 2)
    assert trace.report()["python"] == []


def test_a_topic_whose_package_is_missing_is_skipped_not_crashed(capstone, course_root):
    topic = dataclasses.replace(capstone, requires=("no_such_package_for_this_test",), install_hint="pip install .[vision]")
    grade = grade_topic(topic, course_root / "solutions" / "capstone.py")
    result = grade.result
    assert result["status"] == "graded" and result["score"] == 0 and result["max_score"] == 0
    assert result["tests"] and {t["outcome"] for t in result["tests"]} == {"skipped"}
    assert all("no_such_package_for_this_test is not installed: pip install .[vision]" in t["feedback"] for t in result["tests"])
    assert "not installed" in result["message"]


def test_the_synthetic_set_reads_back_through_torchvision(fashion_data, tmp_path):
    pytest.importorskip("torchvision", reason="torchvision is not installed: pip install .[vision]")
    root = fashion_data.write_synthetic(tmp_path)
    for train, size in ((True, fashion_data.TRAIN_SIZE), (False, fashion_data.TEST_SIZE)):
        images, labels = fashion_data.read_split(root, train)
        expected_images, expected_labels = fashion_data.synthetic_arrays()[train]
        assert images.shape == (size, 1, 28, 28) and labels.shape == (size,)
        assert torch.equal((images * 255).round().to(torch.uint8).squeeze(1), torch.from_numpy(expected_images))
        assert torch.equal(labels, torch.from_numpy(expected_labels).long())
        assert set(labels.tolist()) == set(range(10))


def test_a_capstone_without_its_pieces_reports_which_are_missing(course_root, capstone, tmp_path):
    pytest.importorskip("torchvision", reason="torchvision is not installed: pip install .[vision]")
    shutil.copyfile(course_root / "solutions" / "capstone.py", tmp_path / "capstone.py")
    result = grade_topic(capstone, tmp_path / "capstone.py", visibility="public").result
    assert result["status"] == "error" and result["score"] == 0
    assert "dropout.py (or dropout.ipynb) is missing" in result["message"]
    assert "No module named" in result["message"]
