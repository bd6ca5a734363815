"""``autograder export gradescope TOPIC --out autograder.zip``: a Gradescope autograder for one topic.

The zip (Gradescope unpacks it into ``/autograder/source``) holds:

* ``setup.sh``: run once when Gradescope builds the image: Python, a CPU build of torch, and this
  package from ``course/``;
* ``run_autograder``: run once per submission, in a fresh container: grades
  ``/autograder/submission/<topic>.py`` (or ``.ipynb``) with the public and hidden tests, in our
  sandbox, and writes ``/autograder/results/results.json`` in Gradescope's format;
* ``course/``: this package and ``assignments/<topic>/`` (hidden tests included: the zip goes to
  Gradescope, never to students).

``python -m autograder.export.gradescope ROOT TOPIC`` is what ``run_autograder`` calls; ROOT is
``$AUTOGRADER_GS_ROOT`` or ``/autograder``, so a test can run it against a fake layout.
"""
from __future__ import annotations

import ast
import json
import sys
import time
import zipfile
from pathlib import Path

from autograder.course import Topic, find_course_root, load_topic

_SETUP = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu 22.04 base).
set -euo pipefail
apt-get update -q
apt-get install -y -q python3 python3-pip python3-venv libseccomp2
python3 -m venv /autograder/venv
# The CPU build of torch: a bare `torch` requirement would pull a multi-GB CUDA build.
/autograder/venv/bin/pip install -q "torch=={torch}" --index-url https://download.pytorch.org/whl/cpu
/autograder/venv/bin/pip install -q /autograder/source/course
"""

_RUN = """\
#!/usr/bin/env bash
# Gradescope runs this once per submission, in a fresh container; it always writes results.json.
ROOT="${{AUTOGRADER_GS_ROOT:-/autograder}}"
export AUTOGRADER_COURSE="$ROOT/source/course"
exec "${{AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}}" -m autograder.export.gradescope "$ROOT" {topic}
"""

_SKIP = ("__pycache__", ".pyc")


def _add_tree(archive: zipfile.ZipFile, folder: Path, prefix: str, leave_out: tuple[str, ...] = ()) -> None:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.endswith(_SKIP) or part in leave_out for part in relative.parts):
            archive.write(path, f"{prefix}/{relative.as_posix()}")


def _add_script(archive: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name)
    info.external_attr = 0o100755 << 16  # an executable regular file once unzipped
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text)


def build_zip(topic: Topic, out: Path, course_root: Path | None = None) -> Path:
    import torch

    root = (course_root or find_course_root()).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _add_script(archive, "setup.sh", _SETUP.format(torch=torch.__version__.split("+")[0]))
        _add_script(archive, "run_autograder", _RUN.format(topic=topic.name))
        archive.write(root / "pyproject.toml", "course/pyproject.toml")
        _add_tree(archive, root / "autograder", "course/autograder")
        _add_tree(archive, topic.folder, f"course/assignments/{topic.name}", leave_out=("mutants",))
    return out


# ---------------------------------------------------------------------------- in the container


def public_test_names(topic: Topic) -> set[str]:
    """The gradebook names of the tests in test_public.py (the third argument of ``@graded``)."""
    names = set()
    for node in ast.walk(ast.parse(topic.public_tests.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "graded" and len(node.args) >= 3:
            if isinstance(node.args[2], ast.Constant):
                names.add(node.args[2].value)
    return names


def find_answer(submission: Path, topic: str) -> tuple[Path | None, str]:
    """``<topic>.py`` or ``<topic>.ipynb``; failing that, the one Python file or notebook uploaded."""
    for suffix in (".py", ".ipynb"):
        if (submission / f"{topic}{suffix}").is_file():
            return submission / f"{topic}{suffix}", ""
    candidates = sorted(p for p in submission.rglob("*") if p.suffix in (".py", ".ipynb") and p.is_file()) \
        if submission.is_dir() else []
    if len(candidates) == 1:
        return candidates[0], f"graded {candidates[0].name} (expected {topic}.py or {topic}.ipynb)"
    return None, ""


def results_document(result: dict, public: set[str], seconds: float) -> dict:
    """Gradescope's results.json from one topic entry of grades.json (CONTRACT.md section 3)."""
    tests, skipped = [], []
    for test in result["tests"]:
        if test["outcome"] == "skipped":  # counts in neither score nor max (CONTRACT.md section 3)
            skipped.append(f"{test['name']}: {test['feedback']}")
            continue
        output = test["feedback"] or ("" if test["outcome"] == "passed" else test["outcome"])
        tests.append({
            "name": test["name"] if not test["function"] else f"{test['function']}: {test['name']}",
            "score": test["score"],
            "max_score": test["max_score"],
            "status": "passed" if test["outcome"] == "passed" else "failed",
            "output": output if test["outcome"] in ("passed", "failed") else f"{test['outcome']}: {output}",
            "visibility": "visible" if test["name"].split(" [")[0] in public else "after_published",
        })
    lines = [result["message"]] if result.get("message") else []
    if result["status"] != "graded" and not lines and result["tests"]:  # e.g. missing: the reason is in every test
        lines.append(result["tests"][0]["feedback"])
    lines += [f"not run here: {s}" for s in skipped]
    return {
        "score": result["score"] if result["status"] == "graded" else 0.0,
        "execution_time": round(seconds, 2),
        "output": "\n".join(lines) or f"{result['score']:g} / {result['max_score']:g}",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def results_problems(document: dict) -> list[str]:
    """What in ``document`` breaks Gradescope's results.json specification (empty: nothing)."""
    def number(value) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value and abs(value) != float("inf")

    problems = [] if number(document.get("score")) else ["top-level score is missing or not a finite number"]
    if not isinstance(document.get("tests"), list):
        return problems + ["tests is not a list"]
    for index, test in enumerate(document["tests"]):
        where = f"tests[{index}]"
        for key, kind in (("name", str), ("output", str)):
            if not isinstance(test.get(key), kind):
                problems.append(f"{where}.{key} is not a string")
        for key in ("score", "max_score"):
            if not number(test.get(key)):
                problems.append(f"{where}.{key} is not a finite number")
        if number(test.get("score")) and number(test.get("max_score")) and not 0 <= test["score"] <= test["max_score"]:
            problems.append(f"{where}: score {test['score']} outside [0, {test['max_score']}]")
        if test.get("status") not in ("passed", "failed"):
            problems.append(f"{where}.status {test.get('status')!r} is not passed/failed")
        if test.get("visibility") not in ("visible", "hidden", "after_due_date", "after_published"):
            problems.append(f"{where}.visibility {test.get('visibility')!r} is not one of Gradescope's")
    if number(document.get("score")) and document["tests"] and all(number(t.get("score")) for t in document["tests"]):
        if abs(document["score"] - sum(t["score"] for t in document["tests"])) > 1e-3:
            problems.append("top-level score is not the sum of the tests' scores")
    return problems


def grade_submission(root: Path, topic_name: str) -> dict:
    """Grade ``ROOT/submission`` and write ``ROOT/results/results.json``; never raises for the student's file."""
    started = time.monotonic()
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    try:
        from autograder.judge.runner import grade_topic

        topic = load_topic(find_course_root() / "assignments" / topic_name)
        path, note = find_answer(root / "submission", topic_name)
        grade = grade_topic(topic, path)
        for line in grade.instructor_notes:
            print(f"grader note: {line}")  # stdout is hidden from students (stdout_visibility)
        result = grade.result
        if note:
            result["message"] = "\n".join(filter(None, [note, result.get("message")]))
        document = results_document(result, public_test_names(topic), time.monotonic() - started)
    except Exception as exc:  # the grader's failure, not the student's: still a valid results.json
        print(f"grader failure: {type(exc).__name__}: {exc}")
        document = {"score": 0.0, "execution_time": round(time.monotonic() - started, 2), "tests": [],
                    "output": "The grader failed on this submission (not your fault); your instructor has been told."}
    results.write_text(json.dumps(document, indent=2))
    return document


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m autograder.export.gradescope ROOT TOPIC")
    grade_submission(Path(sys.argv[1]), sys.argv[2])
