"""``autograder validate``: the course checks itself.

For every topic: the reference solution scores full marks; the stub scores zero (no vacuous
test); every mutant (a known-buggy variant in ``mutants/``) is caught by at least one test and
loses points only on the functions it redefines; the tests' points per function add up to the
manifest's.
"""
from __future__ import annotations

import ast
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from autograder.classroom import Task, run_tasks
from autograder.course import Topic

EPSILON = 1e-6


@dataclass
class Finding:
    topic: str
    subject: str  # "solution", "stub", "mutant <name>", "points"
    ok: bool
    detail: str


def mutant_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def _per_function(result: dict) -> dict[str, tuple[float, float]]:
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for test in result["tests"]:
        if test["outcome"] != "skipped":
            totals[test["function"]][0] += test["score"]
            totals[test["function"]][1] += test["max_score"]
    return {name: (score, maximum) for name, (score, maximum) in totals.items()}


def _judge(topic: Topic, subject: str, result: dict, broken: set[str]) -> Finding:
    score, maximum = result["score"], result["max_score"]
    if result["status"] != "graded" or maximum <= 0:
        return Finding(topic.name, subject, False, f"status {result['status']}: {result.get('message', '')}")
    if subject == "solution":
        failing = [t["name"] + ": " + t["feedback"][:200] for t in result["tests"] if t["outcome"] not in ("passed", "skipped")]
        return Finding(topic.name, subject, score >= maximum - EPSILON and not failing,
                       f"{score:g}/{maximum:g}" + (f"; failing: {failing}" if failing else ""))
    if subject == "stub":
        return Finding(topic.name, subject, score <= EPSILON, f"{score:g}/{maximum:g}")
    per_function = _per_function(result)
    lost = {name for name, (s, m) in per_function.items() if s < m - EPSILON}
    collateral = lost - broken
    caught_by = [t["name"] for t in result["tests"] if t["outcome"] not in ("passed", "skipped")]
    ok = bool(lost & broken) and not collateral
    detail = f"{score:g}/{maximum:g}; caught by {len(caught_by)} test(s)"
    if caught_by:
        detail += f", e.g. '{caught_by[0]}'"
    if collateral:
        tests = [t["name"] for t in result["tests"] if t["function"] in collateral and t["outcome"] not in ("passed", "skipped")]
        detail += f"; ALSO lost points on {sorted(collateral)}, which it does not change (in {tests})"
    if not lost & broken:
        detail += f"; NOT caught (it redefines {sorted(broken)})"
    return Finding(topic.name, subject, ok, detail)


def _points_findings(topic: Topic, result: dict) -> Finding:
    declared = defaultdict(float)
    for test in result["tests"]:
        declared[test["function"]] += test["max_score"]
    problems = [f"{name}: tests give {declared.get(name, 0):g}, manifest says {spec.points:g}"
                for name, spec in topic.functions.items() if abs(declared.get(name, 0) - spec.points) > EPSILON]
    problems += [f"tests about {name!r}, which the manifest does not list" for name in declared if name not in topic.functions]
    return Finding(topic.name, "points", not problems, "; ".join(problems) or "tests' points match the manifest")


def count_graded_tests(path: Path) -> int:
    """The graded tests a test file defines (imported here in the judge: course files are trusted)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_count_{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return sum(1 for name, value in vars(module).items() if name.startswith("test_") and hasattr(value, "__grading__"))


def markdown_table(topics: dict[str, Topic], findings: list[Finding]) -> str:
    """Topic, functions, points, hidden tests, mutants caught: the README's course table."""
    lines = ["| topic | functions | points | public tests | hidden tests | mutants caught |", "|---|---|---|---|---|---|"]
    for topic in topics.values():
        mutants = [f for f in findings if f.topic == topic.name and f.subject.startswith("mutant ")]
        caught = sum(f.ok for f in mutants)
        functions = ", ".join(f"`{name}`" for name in topic.functions)
        lines.append(f"| `{topic.name}` | {functions} | {topic.max_points:g} | {count_graded_tests(topic.public_tests)} | "
                     f"{count_graded_tests(topic.hidden_tests)} | {caught} of {len(mutants)} |")
    return "\n".join(lines)


def validate(root: Path, topics: dict[str, Topic], jobs: int, progress=None) -> list[Finding]:
    scratch = Path(tempfile.mkdtemp(prefix="autograder-validate-"))
    tasks, broken = [], {}
    for topic in topics.values():
        solution = root / "solutions" / f"{topic.name}.py"
        tasks.append(Task("solution", topic.name, str(solution)))
        tasks.append(Task("stub", topic.name, str(root / "student_template" / f"{topic.name}.py")))
        for mutant in topic.mutants:
            folder = scratch / topic.name / mutant.stem
            folder.mkdir(parents=True)
            combined = folder / f"{topic.name}.py"
            combined.write_text(solution.read_text(encoding="utf-8") + "\n\n# ---- mutant: " + mutant.stem + "\n"
                                + mutant.read_text(encoding="utf-8"), encoding="utf-8")
            subject = f"mutant {mutant.stem}"
            tasks.append(Task(subject, topic.name, str(combined)))
            broken[(topic.name, subject)] = mutant_functions(mutant)
    findings = []

    def collect(task: Task, result: dict, notes: list[str], seconds: float) -> None:
        topic = topics[task.topic]
        finding = _judge(topic, task.student, result, broken.get((task.topic, task.student), set()))
        if notes:
            finding.ok, finding.detail = False, finding.detail + "; grader notes: " + "; ".join(notes)
        findings.append(finding)
        if task.student == "solution":
            findings.append(_points_findings(topic, result))
        if progress:
            progress(finding)

    run_tasks(tasks, jobs, collect)
    order = {name: i for i, name in enumerate(topics)}
    return sorted(findings, key=lambda f: (order[f.topic], f.subject != "points", f.subject != "solution", f.subject != "stub", f.subject))
