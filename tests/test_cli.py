"""The command line on the bundled example class, end to end, as an instructor and a student run it."""
from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys

import pytest

from conftest import assert_follows_contract

def autograder(*args, cwd=None):
    env = {**os.environ, "COLUMNS": "250"}  # rich wraps tables to the terminal's width
    return subprocess.run([sys.executable, "-m", "autograder.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=900, env=env)


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory, course_root):
    out = tmp_path_factory.mktemp("out")
    run = autograder("grade", str(course_root / "examples" / "class"), "--out", str(out), "--topics", "softmax", "--jobs", "2")
    assert run.returncode == 0, run.stdout + run.stderr
    return out, json.loads((out / "grades.json").read_text())


def test_grades_json_follows_the_contract(graded_class):
    assert_follows_contract(graded_class[1])


def test_each_example_student_gets_what_their_file_deserves(graded_class):
    students = graded_class[1]["students"]
    softmax = {name: entry["topics"]["softmax"] for name, entry in students.items()}
    full = softmax["alice"]["max_score"]
    assert full > 0
    assert softmax["alice"]["score"] == full  # correct, written differently from the reference
    assert softmax["frank"]["score"] == full and "skipped `!pip install torch`" in softmax["frank"]["message"]
    assert 0 < softmax["bob"]["score"] < full and 0 < softmax["carol"]["score"] < full
    assert softmax["dave"]["status"] == "error" and "ImportError" in softmax["dave"]["message"]
    assert softmax["erin"]["status"] == "missing" and softmax["erin"]["score"] == 0
    assert softmax["grace"]["score"] <= full - 0.8 * (full / 3) * 2 + 1e-6  # two functions capped at 20%
    assert "forbidden" not in softmax["alice"]["tests"][0]["feedback"]


def test_csv_and_feedback_are_written(graded_class):
    out, document = graded_class
    rows = list(csv.DictReader((out / "grades.csv").open()))
    assert {row["student"] for row in rows} == set(document["students"])
    assert all((out / "feedback" / f"{student}.md").exists() for student in document["students"])
    assert "too slow" not in (out / "feedback" / "alice.md").read_text()
    assert "took" in (out / "feedback" / "carol.md").read_text()  # her Python loop blew the time budget
    stats = json.loads((out / "class_statistics.json").read_text())
    assert stats["students"] == len(document["students"]) and "softmax" in stats["topics"]


def test_a_rerun_reuses_stored_results_and_gives_the_same_grades(graded_class, course_root):
    out, document = graded_class
    run = autograder("grade", str(course_root / "examples" / "class"), "--out", str(out), "--topics", "softmax", "--json")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["graded"] == 0 and summary["reused"] == len(document["students"]) - 0
    assert json.loads((out / "grades.json").read_text()) == document


def test_list_and_release_check(course_root):
    listed = autograder("list")
    assert listed.returncode == 0 and "softmax" in listed.stdout and "log_softmax" in listed.stdout
    check = autograder("release", "--check")
    assert check.returncode == 0, check.stdout


def test_student_check_on_the_public_tests(course_root):
    good = autograder("check", "softmax", str(course_root / "examples" / "class" / "alice" / "softmax.py"))
    assert good.returncode == 0 and "4 / 4 on the public tests" in good.stdout
    stub = autograder("check", "softmax", str(course_root / "student_template" / "softmax.py"))
    assert "0 / 4" in stub.stdout and "not implemented yet" in stub.stdout


def test_unknown_topic_is_a_clear_usage_error(course_root):
    run = autograder("grade", str(course_root / "examples" / "class"), "--out", "/tmp/never", "--topics", "nope")
    assert run.returncode != 0 and "unknown topic" in run.stderr + run.stdout
