"""A durable gradebook: results stored as they come, an interrupted class resumes, regrading is deterministic."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from autograder.classroom import read_roster
from autograder.gradebook import ResultStore, atomic_write, grades_document


def grade_command(klass: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "autograder.cli", "grade", str(klass), "--out", str(out), "--topics", "softmax", *extra]


def verdicts(document: dict) -> dict:
    """What must not change between runs: statuses, scores and outcomes (feedback quotes measured times)."""
    return {student: {topic: (r["status"], r["score"], [(t["name"], t["outcome"], t["score"]) for t in r["tests"]])
                      for topic, r in entry["topics"].items()}
            for student, entry in document["students"].items()}


def test_kill_9_mid_class_then_rerun_finishes_only_what_is_missing(tmp_path, course_root):
    klass = course_root / "examples" / "class"
    label = uuid.uuid4().hex
    env = {**os.environ, "AUTOGRADER_RUN": label}
    interrupted = tmp_path / "interrupted"
    process = subprocess.Popen(grade_command(klass, interrupted, "--jobs", "1", "--quiet"), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = interrupted / "results"
    deadline = time.monotonic() + 600
    while len(list(results.glob("*/*.json"))) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    assert process.poll() is None, "grading finished before it could be interrupted"
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored_before = len(list(results.glob("*/*.json")))
    assert 2 <= stored_before < 7

    time.sleep(2)  # workers, zygotes and sandboxes die with the process that started them
    survivors = [p.parent.name for p in Path("/proc").glob("[0-9]*/environ") if _has_label(p, label)]
    assert survivors == []

    resumed = subprocess.run(grade_command(klass, interrupted, "--json"), capture_output=True, text=True, timeout=900)
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert summary["reused"] == stored_before and summary["graded"] == 7 - stored_before

    fresh = tmp_path / "fresh"
    whole = subprocess.run(grade_command(klass, fresh, "--json"), capture_output=True, text=True, timeout=900)
    assert whole.returncode == 0, whole.stderr
    first = json.loads((interrupted / "grades.json").read_text())
    second = json.loads((fresh / "grades.json").read_text())
    assert verdicts(first) == verdicts(second)

    forced = subprocess.run(grade_command(klass, fresh, "--json", "--force"), capture_output=True, text=True, timeout=900)
    assert json.loads(forced.stdout.strip().splitlines()[-1])["graded"] == 7
    assert verdicts(json.loads((fresh / "grades.json").read_text())) == verdicts(second)


def _has_label(environ: Path, label: str) -> bool:
    try:
        return f"AUTOGRADER_RUN={label}".encode() in environ.read_bytes()
    except OSError:
        return False


def test_a_stored_result_is_reused_only_for_the_same_file_and_tests(tmp_path):
    store = ResultStore(tmp_path)
    store.put("alice", "softmax", {"status": "graded", "score": 1.0, "max_score": 2.0, "tests": []}, "abc", [])
    assert store.get("alice", "softmax", "abc")["score"] == 1.0
    assert store.get("alice", "softmax", "changed") is None
    assert store.get("bob", "softmax", "abc") is None


def test_atomic_write_replaces_a_planted_symlink_instead_of_following_it(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("keep")
    link = tmp_path / "grades.json"
    link.symlink_to(victim)
    atomic_write(link, "{}")
    assert victim.read_text() == "keep" and not link.is_symlink() and link.read_text() == "{}"


def test_scores_are_clamped_finite_and_within_bounds():
    table = {"s": {"t": {"status": "graded", "score": float("nan"), "max_score": 3.0, "tests": []},
                   "u": {"status": "graded", "score": 9.0, "max_score": 3.0, "tests": []}}}
    entry = grades_document(table)["students"]["s"]
    assert entry["topics"]["t"]["score"] == 0.0 and entry["topics"]["u"]["score"] == 3.0


def test_student_ids_are_validated(tmp_path):
    for name in ("alice", "Bob", "bob", "-rf", "a b", "ok.id-1"):
        (tmp_path / name).mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "alice")
    (tmp_path / "stray.py").write_text("")
    roster = read_roster(tmp_path)
    assert set(roster.students) == {"alice", "Bob", "ok.id-1"}
    rejected = "\n".join(roster.rejected)
    assert "'-rf'" in rejected and "'a b'" in rejected and "same id as Bob" in rejected
    assert "link: not a plain folder" in rejected and "stray.py" in rejected
