"""``autograder export nbgrader --course DIR``: each topic as an nbgrader source notebook.

The notebook ``DIR/source/<topic>/<topic>.ipynb`` holds, in order:

* a markdown cell: the topic's title, its functions and points, the calls each may not use;
* the topic's source split at its top-level definitions; a cell holding ``### BEGIN SOLUTION``
  blocks is an nbgrader solution cell (``nbgrader generate_assignment`` replaces each block with
  ``# YOUR CODE HERE`` / ``raise NotImplementedError()``, as ``autograder release`` does);
* one locked, autograded test cell per graded function, worth the manifest's points. It runs the
  topic's public tests for the student and, inside ``### BEGIN/END HIDDEN TESTS`` (stripped from the
  student's copy, restored by ``nbgrader autograde``), public plus hidden tests, through
  ``autograder.export.kernel.grade_cell``; its value is the function's score, which nbgrader takes
  as partial credit.

The hidden tests are not copied into the course: the hidden block names the course they live in
(this checkout, or $AUTOGRADER_COURSE), and the kernel that ``nbgrader autograde`` starts must be
able to import ``autograder`` (``pip install .[nbgrader]``).
"""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.course import Topic, find_course_root
from autograder.judge.forbidden import FORBIDDEN_CAP
from autograder.release import BEGIN, _with_forbidden_calls

SCHEMA_VERSION = 3  # nbgrader's cell metadata schema
CONFIG_NAME = "nbgrader_config.py"
_CONFIG = '''\
# Written by `autograder export nbgrader`; edit freely, it is not overwritten.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "dl-autograder"
# A topic's first test cell runs all of its tests in the kernel (tens of seconds on a busy machine).
c.Execute.timeout = 600
'''


def _metadata(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False,
              points: float | None = None) -> dict:
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id,
            "schema_version": SCHEMA_VERSION}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def source_chunks(source: str) -> list[str]:
    """The source split before each top-level ``def``/``class`` (with its decorators and the comments
    right above it), so each definition gets its own cell."""
    lines = source.splitlines()
    starts = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            while first > 0 and lines[first - 1].lstrip().startswith("#"):
                first -= 1
            starts.append(first)
    bounds = [0] + [s for s in starts if s > 0] + [len(lines)]
    chunks = ["\n".join(lines[a:b]).strip("\n") for a, b in zip(bounds, bounds[1:])]
    return [chunk for chunk in chunks if chunk.strip()]


def _instructions(topic: Topic) -> str:
    rows = "\n".join(
        f"| `{spec.name}` | `{spec.counterpart}` | {spec.points:g} | "
        f"{', '.join(f'`{c}`' for c in spec.forbidden_calls) or '—'} |"
        for spec in topic.functions.values())
    return (f"# {topic.title}\n\n"
            f"Fill in every `# YOUR CODE HERE`. Each function has the same name, signature and semantics "
            f"as its PyTorch counterpart. A function that calls what it re-implements earns at most "
            f"{FORBIDDEN_CAP:.0%} of its points.\n\n"
            f"| function | counterpart | points | may not use |\n|---|---|---|---|\n{rows}\n\n"
            f"The test cells at the end run the public tests and show your score on them; "
            f"grading runs the hidden tests as well.")


def _test_cell_source(topic: Topic, function: str, course: Path) -> str:
    return (f"# {function}: {topic.functions[function].points:g} points. Run to check it with the public tests.\n"
            f"from autograder.export.kernel import grade_cell\n"
            f"tests, course = \"public\", None\n"
            f"### BEGIN HIDDEN TESTS\n"
            f"tests, course = \"hidden\", {str(course)!r}\n"
            f"### END HIDDEN TESTS\n"
            f"grade_cell(globals(), topic={topic.name!r}, function={function!r}, tests=tests, course=course)")


def topic_notebook(topic: Topic, course: Path) -> nbformat.NotebookNode:
    source = _with_forbidden_calls(topic.source.read_text(encoding="utf-8"), topic)
    cells = [new_markdown_cell(_instructions(topic), metadata=_metadata("instructions", locked=True))]
    for index, chunk in enumerate(source_chunks(source)):
        if BEGIN in chunk:
            cells.append(new_code_cell(chunk, metadata=_metadata(f"solution_{index}", solution=True)))
        else:
            cells.append(new_code_cell(chunk))
    cells.append(new_markdown_cell("## Tests", metadata=_metadata("tests_header", locked=True)))
    for name, spec in topic.functions.items():
        cells.append(new_code_cell(_test_cell_source(topic, name, course),
                                   metadata=_metadata(f"test_{name}", grade=True, locked=True, points=spec.points)))
    notebook = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    })
    nbformat.validate(notebook)
    return notebook


def export_course(course_dir: Path, topics: dict[str, Topic], course_root: Path | None = None) -> list[Path]:
    """Write ``nbgrader_config.py`` (unless present) and ``source/<topic>/<topic>.ipynb`` for each topic."""
    course_root = (course_root or find_course_root()).resolve()
    course_dir.mkdir(parents=True, exist_ok=True)
    written = []
    config = course_dir / CONFIG_NAME
    if not config.exists():
        config.write_text(_CONFIG)
        written.append(config)
    for topic in topics.values():
        path = course_dir / "source" / topic.name / f"{topic.name}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(topic_notebook(topic, course_root), path)
        written.append(path)
    return written


def answered_notebook(release: nbformat.NotebookNode, source: nbformat.NotebookNode,
                      extra_code: str | None = None) -> nbformat.NotebookNode:
    """A student's answer made from the released notebook: every solution cell filled with the
    reference (markers dropped), and ``extra_code`` (e.g. a known-buggy variant redefining some
    functions) as one more cell before the tests. For tests and benchmarks."""
    from autograder.release import solution_text

    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    notebook = nbformat.from_dict(release)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = solution_text(answers[grade_id]).rstrip("\n")
    if extra_code is not None:
        first_test = next(i for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("grade"))
        notebook.cells.insert(first_test, new_code_cell(extra_code))
    return notebook


def run_nbgrader(course_dir: Path, *args: str, timeout: float = 1800):
    """Run the ``nbgrader`` command of this environment in ``course_dir``. nbgrader calls ``alembic``
    and the kernel by name, so this environment's bin/ goes first on PATH."""
    import os
    import subprocess
    import sys

    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    run = subprocess.run([str(Path(bin_dir) / "nbgrader"), *args], cwd=course_dir, env=env,
                         capture_output=True, text=True, timeout=timeout)
    if run.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return run


def gradebook_scores(course_dir: Path, topic: str) -> dict[str, dict[str, float]]:
    """{student: {grade cell id: score}} from the course's gradebook, after ``nbgrader autograde``."""
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{(course_dir / 'gradebook.db').resolve()}") as gradebook:
        for submission in gradebook.assignment_submissions(topic):
            scores[submission.student_id] = {grade.name: grade.score for notebook in submission.notebooks
                                             for grade in notebook.grades}
    return scores
