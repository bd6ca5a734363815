"""The ``autograder`` command: list, check, grade, release, validate (CONTRACT.md section 2).

Exit codes: 0 the command did its job (for ``grade``: grading completed, whatever the scores, even
if the grader itself failed on some files: those are listed in the summary and counted in ``--json``;
for ``check``: the report was shown, whatever the score); 1 a check failed (``release --check``
stale, ``validate`` found a problem); 2 bad usage or input (including a broken course).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from autograder.course import CourseError, find_course_root, load_topics


def _console(args) -> Console:
    # under --json, stdout carries the JSON line only: everything else goes to stderr
    return Console(stderr=getattr(args, "json", False), quiet=getattr(args, "quiet", False))


def cmd_list(args) -> int:
    topics = load_topics()
    table = Table(title="Topics")
    for column in ("topic", "function", "counterpart", "points", "time budget"):
        table.add_column(column)
    for topic in topics.values():
        for index, spec in enumerate(topic.functions.values()):
            table.add_row(topic.name if index == 0 else "", spec.name, spec.counterpart, f"{spec.points:g}",
                          f"{spec.timing_budget:g}x torch" if spec.timing_budget else "")
        table.add_row("", "[bold]total[/bold]", "", f"[bold]{topic.max_points:g}[/bold]", "", end_section=True)
    Console().print(table)
    return 0


def cmd_check(args) -> int:
    from autograder.student_check import check, print_report

    report = check(args.topic, args.path)
    print_report(report)
    return 0


def _load_chosen(value: str | None) -> dict:
    """The topics named by --topics (comma-separated), or all of them."""
    names = [t.strip() for t in value.split(",") if t.strip()] if value else None
    return load_topics(names=names)


def _hardening_ok(console: Console, strict: bool) -> bool:
    """Warn about sandbox layers this machine lacks; under --strict, refuse to grade without them."""
    from autograder.judge.sandbox_client import probe_hardening

    missing = {layer: state for layer, state in probe_hardening().items() if not state.startswith("ok")}
    for layer, state in missing.items():
        console.print(f"[yellow]warning: sandbox {layer} is {state}; see SECURITY.md[/yellow]")
    if missing and strict:
        console.print("[red]--strict: refusing to grade without every sandbox layer[/red]")
        return False
    return True


def cmd_grade(args) -> int:
    from autograder.classroom import class_tasks, read_roster, run_tasks
    from autograder.gradebook import ResultStore, fingerprint, write_reports
    from autograder.report.analysis import grader_failures

    console = _console(args)
    submissions, out = Path(args.submissions), Path(args.out)
    if not submissions.is_dir():
        console.print(f"[red]{submissions} is not a folder of student folders[/red]")
        return 2
    topics = _load_chosen(args.topics)
    chosen = list(topics)
    roster = read_roster(submissions)
    for problem in roster.rejected:
        console.print(f"[yellow]not graded:[/yellow] {problem}")
    if not _hardening_ok(Console(stderr=True), args.strict):
        return 2
    store = ResultStore(out)
    tasks, reused = [], 0
    fingerprints = {}
    for task in class_tasks(roster, chosen, args.count_skipped):
        fingerprints[task] = fingerprint(task.path, topics[task.topic].fingerprint, f"count_skipped={task.count_skipped}")
        if not args.force and store.get(task.student, task.topic, fingerprints[task]) is not None:
            reused += 1
        else:
            tasks.append(task)
    if reused:
        console.print(f"{reused} result(s) already in {out} are reused (--force regrades them)")
    started = time.monotonic()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=args.quiet) as progress:
        bar = progress.add_task("grading", total=len(tasks))

        def on_start(task):
            progress.update(bar, description=f"grading {task.student} / {task.topic}")

        def on_result(task, result, notes, seconds):
            store.put(task.student, task.topic, result, fingerprints[task], notes, seconds)
            progress.advance(bar)

        run_tasks(tasks, args.jobs, on_result, on_start)
    elapsed = time.monotonic() - started
    table_data, notes = store.all(list(roster.students), chosen)
    document = write_reports(out, table_data, chosen, roster.rejected, notes)
    site = None
    if args.html:
        from autograder.report import write_site

        site = write_site(out / "html", table_data, chosen, roster.rejected, notes)
    failures = grader_failures(document)
    if args.json:
        print(json.dumps({"students": len(document["students"]), "graded": len(tasks), "reused": reused,
                          "seconds": round(elapsed, 2), "out": str(out), "grader_failures": len(failures),
                          "mean": {t: _mean(document, t) for t in chosen}, "html": str(site) if site else None}))
        return 0
    summary = Table(title=f"{len(document['students'])} students, {len(tasks)} graded in {elapsed:.1f} s")
    summary.add_column("student")
    for topic in chosen:
        summary.add_column(topic, justify="right")
    summary.add_column("total", justify="right")
    for student, entry in document["students"].items():
        cells = []
        for topic in chosen:
            result = entry["topics"].get(topic)
            cells.append("" if result is None else f"{result['score']:g}" if result["status"] == "graded" else result["status"])
        summary.add_row(student, *cells, f"{entry['score']:g}/{entry['max_score']:g}")
    summary.add_section()
    summary.add_row("[bold]mean[/bold]", *("" if _mean(document, t) is None else f"{_mean(document, t):g}" for t in chosen), "")
    console.print(summary)
    if failures:
        console.print(f"[red]the grader itself failed {len(failures)} time(s) (not the students' fault):[/red]")
        for student, topic, what in failures[:10]:
            console.print(f"  {student} / {topic}: {what}", markup=False)
    else:
        console.print("[green]no failure of the grader itself[/green]")
    if notes:
        console.print(f"[yellow]{len(notes)} grader note(s) for the instructor: see {out / 'class_statistics.md'}[/yellow]")
    console.print(f"Wrote {out / 'grades.json'}, {out / 'grades.csv'}, {out / 'feedback'}/, {out / 'class_statistics.md'}")
    if site:
        console.print(f"HTML report: {site}")
    return 0


def _mean(document: dict, topic: str) -> float | None:
    scores = [e["topics"][topic]["score"] for e in document["students"].values() if topic in e["topics"]]
    return round(sum(scores) / len(scores), 2) if scores else None


def cmd_release(args) -> int:
    from autograder.release import stale_files, write_release

    root, topics = find_course_root(), load_topics()
    if args.check:
        stale = stale_files(root, topics)
        for path in stale:
            print(f"stale: {path.relative_to(root)} (run `autograder release`)")
        print("release is up to date" if not stale else f"{len(stale)} generated file(s) are stale")
        return 1 if stale else 0
    for path in write_release(root, topics):
        print(f"wrote {path.relative_to(root)}")
    return 0


def cmd_validate(args) -> int:
    from autograder.release import stale_files
    from autograder.validate import validate

    console = _console(args)
    root, chosen = find_course_root(), _load_chosen(args.topics)
    stale = stale_files(root, chosen)
    if stale:
        console.print(f"[red]generated files are stale: {', '.join(str(p.relative_to(root)) for p in stale)}; run `autograder release`[/red]")
        return 1
    findings = validate(root, chosen, args.jobs)
    table = Table(title="Course validation")
    for column in ("topic", "subject", "", "detail"):
        table.add_column(column, overflow="fold")
    for finding in findings:
        table.add_row(finding.topic, finding.subject, "[green]ok[/green]" if finding.ok else "[red]FAIL[/red]", finding.detail)
    console.print(table)
    if args.markdown:
        from autograder.validate import markdown_table

        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text(markdown_table(chosen, findings) + "\n")
    failed = [f for f in findings if not f.ok]
    console.print(f"[red]{len(failed)} problem(s)[/red]" if failed else f"[green]all {len(findings)} checks passed[/green]")
    return 1 if failed else 0


def cmd_export(args) -> int:
    """``export nbgrader --course DIR`` or ``export gradescope TOPIC --out ZIP`` (autograder/export/)."""
    root = find_course_root()
    if args.format == "nbgrader":
        from autograder.export.nbgrader import export_course

        for path in export_course(Path(args.course), _load_chosen(args.topics), root):
            print(f"wrote {path}")
        print(f"next: cd {args.course} && nbgrader generate_assignment TOPIC, then nbgrader autograde TOPIC")
        return 0
    from autograder.export.gradescope import build_zip

    topic = load_topics(names=[args.topic])[args.topic]
    print(f"wrote {build_zip(topic, Path(args.out), root)}: upload it as the Gradescope autograder for {args.topic}")
    return 0


def _add_export(commands) -> None:
    export = commands.add_parser("export", help="a topic as an nbgrader course or a Gradescope autograder")
    formats = export.add_subparsers(dest="format", required=True)
    nbgrader = formats.add_parser("nbgrader", help="source notebooks for an nbgrader course directory")
    nbgrader.add_argument("--course", required=True, help="the nbgrader course directory (created if absent)")
    nbgrader.add_argument("--topics", help="comma-separated topics (default: all)")
    gradescope = formats.add_parser("gradescope", help="a Gradescope autograder zip for one topic")
    gradescope.add_argument("topic")
    gradescope.add_argument("--out", default="autograder.zip")
    export.set_defaults(run=cmd_export)


def build_parser() -> argparse.ArgumentParser:
    from autograder.classroom import default_jobs

    parser = argparse.ArgumentParser(prog="autograder", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="the topics, their functions and points").set_defaults(run=cmd_list)

    check = commands.add_parser("check", help="run a topic's public tests on your file")
    check.add_argument("topic")
    check.add_argument("path", nargs="?", help="default: ./TOPIC.py (or ./TOPIC.ipynb)")
    check.set_defaults(run=cmd_check)

    grade = commands.add_parser("grade", help="grade a class with the hidden tests")
    grade.add_argument("submissions", help="a folder holding one folder per student (the folder name is the id)")
    grade.add_argument("--out", required=True, help="where grades.json, grades.csv and feedback/ go")
    grade.add_argument("--topics", help="comma-separated topics (default: all)")
    grade.add_argument("--jobs", type=int, default=default_jobs(), help="parallel judge processes")
    grade.add_argument("--force", action="store_true", help="regrade results already in --out")
    grade.add_argument("--quiet", action="store_true", help="no progress bar or table")
    grade.add_argument("--json", action="store_true", help="print a one-line JSON summary instead of the table")
    grade.add_argument("--html", action="store_true",
                       help="also write a static HTML report with plots: DIR/html/index.html and DIR/html/students/")
    grade.add_argument("--strict", action="store_true", help="refuse to grade if Landlock or seccomp is unavailable")
    grade.add_argument("--count-skipped", action="store_true",
                       help="count skipped tests (GPU checks without CUDA) in max_score, as zero")
    grade.set_defaults(run=cmd_grade)

    release = commands.add_parser("release", help="regenerate student_template/ and solutions/ from assignments/")
    release.add_argument("--check", action="store_true", help="fail if the committed copies are stale")
    release.set_defaults(run=cmd_release)

    validate = commands.add_parser("validate", help="solutions full marks, stubs zero, mutants caught")
    validate.add_argument("--topics", help="comma-separated topics (default: all)")
    validate.add_argument("--jobs", type=int, default=default_jobs())
    validate.add_argument("--markdown", metavar="FILE", help="also write the course table (for the README) to FILE")
    validate.set_defaults(run=cmd_validate)
    _add_export(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except CourseError as exc:
        print(f"autograder: course error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
