"""The adversarial suite: attack submissions graded by the real `autograder grade`, beside an honest student.

Each folder under tests/adversarial/class/ is one attack on the softmax topic; expected.toml says what
it may score per function. Two more attacks are planted at run time (git cannot hold them): a
submission that is a symlink to another student's file and one that is a FIFO; and the output folder
is booby-trapped with a symlink and a FIFO where the grader writes.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
import uuid
from pathlib import Path

import pytest

from autograder.judge.sandbox_client import probe_hardening
from conftest import assert_follows_contract, per_function

HERE = Path(__file__).parent / "adversarial"
EXPECTED = tomllib.loads((HERE / "expected.toml").read_text())
PLANTED = {"symlink_to_another_student": "missing", "fifo_instead_of_a_file": "missing"}
SUITE_TIME_LIMIT_S = 900

missing_layers = {k: v for k, v in probe_hardening().items() if not v.startswith("ok")}
pytestmark = pytest.mark.skipif(bool(missing_layers), reason=f"sandbox layers missing on this machine: {missing_layers}")


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    work = tmp_path_factory.mktemp("adversarial")
    klass = work / "class"
    shutil.copytree(HERE / "class", klass)
    (klass / "symlink_to_another_student").mkdir()
    (klass / "symlink_to_another_student" / "softmax.py").symlink_to(klass / "zz_honest" / "softmax.py")
    (klass / "fifo_instead_of_a_file").mkdir()
    os.mkfifo(klass / "fifo_instead_of_a_file" / "softmax.py")
    out = work / "out"
    out.mkdir()
    victim = work / "victim.txt"
    victim.write_text("must not change")
    (out / "grades.json").symlink_to(victim)
    os.mkfifo(out / "grades.csv")

    run_label = uuid.uuid4().hex  # marks every process this run starts (see the zygote's environment)
    env = {**os.environ, "AUTOGRADER_CALL_TIMEOUT": "2", "COLUMNS": "200", "AUTOGRADER_RUN": run_label}
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(klass), "--out", str(out),
                          "--topics", "softmax", "--jobs", "2", "--strict", "--quiet"],
                         capture_output=True, text=True, env=env, timeout=SUITE_TIME_LIMIT_S)
    elapsed = time.monotonic() - started
    assert run.returncode == 0, run.stdout + run.stderr
    grades_bytes = (out / "grades.json").read_bytes()
    time.sleep(4)  # longer than any "daemon" attack waits before it strikes
    return {"out": out, "victim": victim, "run_label": run_label, "elapsed": elapsed, "grades_bytes": grades_bytes,
            "document": json.loads(grades_bytes)}


def test_every_attack_is_in_the_gradebook_and_it_follows_the_contract(attacked):
    document = attacked["document"]
    assert_follows_contract(document)
    assert set(document["students"]) == set(EXPECTED) | set(PLANTED)
    assert len(EXPECTED) - 1 + len(PLANTED) >= 30  # attacks, not counting the honest control


@pytest.mark.parametrize("attack", sorted(EXPECTED))
def test_attack_scores_no_more_than_it_deserves(attacked, attack):
    expected = EXPECTED[attack]
    result = attacked["document"]["students"][attack]["topics"]["softmax"]
    assert result["status"] == expected.get("status", "graded"), result.get("message")
    scores = per_function(result)
    for function in ("softmax", "log_softmax", "logsumexp"):
        score, maximum = scores[function]
        want = expected[function]
        if want == "full":
            assert score == pytest.approx(maximum), f"{function}: {score}/{maximum}"
        elif want == "zero":
            assert score == 0, f"{function}: {score}/{maximum}"
        else:
            assert score <= 0.2 * maximum + 1e-6, f"{function}: {score}/{maximum}"


@pytest.mark.parametrize("attack, status", sorted(PLANTED.items()))
def test_planted_files_are_not_followed(attacked, attack, status):
    result = attacked["document"]["students"][attack]["topics"]["softmax"]
    assert result["status"] == status and result["score"] == 0


def test_the_output_folder_traps_did_not_redirect_our_writes(attacked):
    out = attacked["out"]
    assert attacked["victim"].read_text() == "must not change"
    assert not (out / "grades.json").is_symlink() and (out / "grades.csv").is_file()


def test_nothing_rewrites_the_gradebook_afterwards(attacked):
    out = attacked["out"]
    assert (out / "grades.json").read_bytes() == attacked["grades_bytes"]
    for stray in ("grades.json", "results.json"):
        path = Path("/tmp") / stray
        assert not path.exists() or "write_grades_everywhere" not in path.read_text(errors="replace")


def test_hidden_tests_never_reach_the_feedback(attacked):
    feedback = (attacked["out"] / "feedback" / "read_the_hidden_tests.md").read_text()
    assert "def test_" not in feedback and "Hidden tests for softmax" not in feedback
    everything = (attacked["out"] / "grades.json").read_text()
    assert "from autograder.spec import" not in everything and "STABILITY_CASES" not in everything


def test_no_sandbox_or_zygote_outlives_the_run(attacked):
    label = f"AUTOGRADER_RUN={attacked['run_label']}".encode()
    survivors = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if label in environ.read_bytes():
                survivors.append(environ.parent.name)
        except OSError:
            pass
    assert survivors == []


def test_grading_time_stays_bounded(attacked):
    assert attacked["elapsed"] < SUITE_TIME_LIMIT_S


def test_trace_tampering_is_flagged_for_the_instructor(attacked):
    notes = (attacked["out"] / "class_statistics.md").read_text()
    assert "switch_the_trace_off/softmax: sandbox trace tampering" in notes
    assert "blind_the_op_profiler/softmax: sandbox trace tampering" in notes
