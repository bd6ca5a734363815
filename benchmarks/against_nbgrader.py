"""`autograder grade` versus `nbgrader autograde` on the same topic, the same tests, the same students.

    python benchmarks/against_nbgrader.py [--topic softmax] [--students 8] [--repeats 3] [--jobs 1]

Builds a class: the reference, the stub and known-buggy mutants of the topic, each as a `.py` for
`autograder grade` and as the topic's nbgrader notebook (`autograder export nbgrader`) for
`nbgrader autograde`. Each round grades the whole class with both commands, one after the other
(interleaved, one judge process for ours: nbgrader grades one notebook at a time), from the command
line, start-up included. Prints the median seconds per student-topic of each, their ratio, and each
student's score under both (they must agree). Needs `pip install .[nbgrader]`.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from autograder.course import load_topics  # noqa: E402
from autograder.export.nbgrader import answered_notebook, export_course, gradebook_scores, run_nbgrader  # noqa: E402


def build_class(topic, course: Path, submissions: Path, count: int) -> list[str]:
    """Students `reference`, `stub` and one per mutant (up to ``count`` in all), in both forms. A class
    larger than that repeats them, as `reference-2`, `stub-2`, ... (every student is graded afresh)."""
    run_nbgrader(course, "generate_assignment", topic.name, "--force")
    release = nbformat.read(course / "release" / topic.name / f"{topic.name}.ipynb", as_version=4)
    source = nbformat.read(course / "source" / topic.name / f"{topic.name}.ipynb", as_version=4)
    solution = (ROOT / "solutions" / f"{topic.name}.py").read_text()
    cases = {"reference": (solution, answered_notebook(release, source)),
             "stub": ((ROOT / "student_template" / f"{topic.name}.py").read_text(), release)}
    for mutant in topic.mutants[: max(0, count - 2)]:
        code = mutant.read_text()
        cases[mutant.stem.replace("_", "-")] = (solution + "\n\n" + code, answered_notebook(release, source, code))
    originals, copy = list(cases.items()), 2
    while len(cases) < count:
        for student, case in originals[: count - len(cases)]:
            cases[f"{student}-{copy}"] = case
        copy += 1
    for student, (python, notebook) in cases.items():
        (submissions / student).mkdir(parents=True)
        (submissions / student / f"{topic.name}.py").write_text(python)
        (course / "submitted" / student / topic.name).mkdir(parents=True)
        nbformat.write(notebook, course / "submitted" / student / topic.name / f"{topic.name}.ipynb")
    return list(cases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="softmax")
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1, help="autograder's --jobs (nbgrader grades one notebook at a time)")
    args = parser.parse_args()
    topic = load_topics(names=[args.topic])[args.topic]
    work = Path(tempfile.mkdtemp(prefix="against-nbgrader-"))
    course, submissions, out = work / "course", work / "submissions", work / "out"
    export_course(course, {topic.name: topic}, ROOT)
    students = build_class(topic, course, submissions, args.students)
    autograder = [str(Path(sys.executable).parent / "autograder"), "grade", str(submissions), "--out", str(out),
                  "--topics", topic.name, "--jobs", str(args.jobs), "--force", "--quiet"]
    ours, theirs = [], []
    for round_ in range(args.repeats):
        started = time.perf_counter()
        subprocess.run(autograder, check=True, capture_output=True)
        ours.append((time.perf_counter() - started) / len(students))
        started = time.perf_counter()
        run_nbgrader(course, "autograde", topic.name, "--create", "--force")
        theirs.append((time.perf_counter() - started) / len(students))
        print(f"round {round_ + 1}: autograder {ours[-1]:.2f} s, nbgrader {theirs[-1]:.2f} s per student-topic", flush=True)
    grades = json.loads((out / "grades.json").read_text())["students"]
    nb_scores = gradebook_scores(course, topic.name)
    print(f"\n{len(students)} students x 1 topic ({topic.name}) x {args.repeats} rounds; scores (autograder / nbgrader):")
    for student in students:
        a, b = grades[student]["topics"][topic.name]["score"], sum(nb_scores[student].values())
        print(f"  {student:32} {a:6g} / {b:<6g}{'' if abs(a - b) < 1e-6 else '  DIFFERENT'}")
    o, t = statistics.median(ours), statistics.median(theirs)
    print(f"\nmedian seconds per student-topic: autograder grade --jobs {args.jobs} {o:.2f}, nbgrader autograde {t:.2f}")
    print(f"ratio (nbgrader / autograder): {t / o:.2f}x")


if __name__ == "__main__":
    main()
