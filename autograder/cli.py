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
from autograder.i18n import LANGUAGES, set_language, tr


def _console(args) -> Console:
    # under --json, stdout carries the JSON line only: everything else goes to stderr
    return Console(stderr=getattr(args, "json", False), quiet=getattr(args, "quiet", False))


def cmd_list(args) -> int:
    topics = load_topics()
    table = Table(title=tr("cli.list.title"))
    for column in ("topic", "function", "counterpart", "points", "budget"):
        table.add_column(tr(f"cli.list.{column}"))
    for topic in topics.values():
        for index, spec in enumerate(topic.functions.values()):
            table.add_row(topic.name if index == 0 else "", spec.name, spec.counterpart, f"{spec.points:g}",
                          tr("cli.list.budget_value", budget=f"{spec.timing_budget:g}") if spec.timing_budget else "")
        table.add_row("", f"[bold]{tr('cli.total')}[/bold]", "", f"[bold]{topic.max_points:g}[/bold]", "", end_section=True)
    Console().print(table)
    return 0


def cmd_check(args) -> int:
    from autograder.student_check import check, print_report

    report = check(args.topic, args.path, args.data_root, args.lang)
    print_report(report)
    return 0


def _load_chosen(value: str | None) -> dict:
    """The topics named by --topics (comma-separated), or all of them."""
    names = [t.strip() for t in value.split(",") if t.strip()] if value else None
    return load_topics(names=names)


def _hardening_ok(console: Console, strict: bool) -> bool:
    """Warn about sandbox layers this machine lacks; under --strict, refuse to grade without them."""
    from autograder.sandbox.hardening import probe as probe_hardening

    missing = {layer: state for layer, state in probe_hardening().items() if not state.startswith("ok")}
    for layer, state in missing.items():
        console.print(f"[yellow]{tr('cli.grade.sandbox_warning', layer=layer, state=state)}[/yellow]")
    if missing and strict:
        console.print(f"[red]{tr('cli.grade.strict_refused')}[/red]")
        return False
    return True


def cmd_grade(args) -> int:
    from autograder.classroom import class_tasks, read_roster, run_tasks
    from autograder.gradebook import ResultStore, fingerprint, write_reports
    from autograder.judge.pieces import pieces_digest
    from autograder.report.analysis import grader_failures

    console = _console(args)
    submissions, out = Path(args.submissions), Path(args.out)
    if not submissions.is_dir():
        console.print(f"[red]{tr('cli.grade.not_folder', path=submissions)}[/red]")
        return 2
    topics = _load_chosen(args.topics)
    chosen = list(topics)
    roster = read_roster(submissions)
    for problem in roster.rejected:
        console.print(f"[yellow]{tr('cli.grade.not_graded')}[/yellow] {problem}")
    if args.data_root and not Path(args.data_root).is_dir():
        console.print(f"[red]{tr('cli.grade.bad_data_root', path=args.data_root)}[/red]")
        return 2
    data_root = str(Path(args.data_root).resolve()) if args.data_root else None
    if not _hardening_ok(Console(stderr=True), args.strict):
        return 2
    store = ResultStore(out)
    tasks, reused = [], 0
    fingerprints = {}
    for task in class_tasks(roster, chosen, args.count_skipped, data_root):
        options = f"count_skipped={task.count_skipped}" + (f" data_root={data_root}" if data_root else "")
        if topics[task.topic].uses:
            options += " pieces=" + pieces_digest(topics[task.topic], roster.students[task.student])
        fingerprints[task] = fingerprint(task.path, topics[task.topic].fingerprint, options)
        if not args.force and store.get(task.student, task.topic, fingerprints[task]) is not None:
            reused += 1
        else:
            tasks.append(task)
    if reused:
        console.print(tr("cli.grade.reused", count=reused, out=out))
    started = time.monotonic()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=args.quiet) as progress:
        bar = progress.add_task(tr("cli.grade.progress"), total=len(tasks))

        def on_start(task):
            progress.update(bar, description=tr("cli.grade.progress_task", student=task.student, topic=task.topic))

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
    summary = Table(title=tr("cli.grade.summary", students=len(document["students"]), graded=len(tasks), seconds=f"{elapsed:.1f}"))
    summary.add_column(tr("cli.student"))
    for topic in chosen:
        summary.add_column(topic, justify="right")
    summary.add_column(tr("cli.total"), justify="right")
    for student, entry in document["students"].items():
        cells = []
        for topic in chosen:
            result = entry["topics"].get(topic)
            cells.append("" if result is None else f"{result['score']:g}" if result["status"] == "graded" else tr("status." + result["status"]))
        summary.add_row(student, *cells, f"{entry['score']:g}/{entry['max_score']:g}")
    summary.add_section()
    summary.add_row(f"[bold]{tr('cli.mean')}[/bold]", *("" if _mean(document, t) is None else f"{_mean(document, t):g}" for t in chosen), "")
    console.print(summary)
    if failures:
        console.print(f"[red]{tr('cli.grade.grader_failed', count=len(failures))}[/red]")
        for student, topic, what in failures[:10]:
            console.print(f"  {student} / {topic}: {what}", markup=False)
    else:
        console.print(f"[green]{tr('cli.grade.no_grader_failure')}[/green]")
    if notes:
        console.print(f"[yellow]{tr('cli.grade.notes', count=len(notes), path=out / 'class_statistics.md')}[/yellow]")
    console.print(tr("cli.grade.wrote", files=f"{out / 'grades.json'}, {out / 'grades.csv'}, {out / 'feedback'}/, {out / 'class_statistics.md'}"))
    if site:
        console.print(tr("cli.grade.html_report", path=site))
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
            print(tr("cli.release.stale", path=path.relative_to(root)))
        print(tr("cli.release.up_to_date") if not stale else tr("cli.release.stale_count", count=len(stale)))
        return 1 if stale else 0
    for path in write_release(root, topics):
        print(tr("cli.release.wrote", path=path.relative_to(root)))
    return 0


def cmd_validate(args) -> int:
    from autograder.release import stale_files
    from autograder.validate import validate

    console = _console(args)
    root, chosen = find_course_root(), _load_chosen(args.topics)
    stale = stale_files(root, chosen)
    if stale:
        console.print(f"[red]{tr('cli.validate.stale', files=', '.join(str(p.relative_to(root)) for p in stale))}[/red]")
        return 1
    findings = validate(root, chosen, args.jobs)
    table = Table(title=tr("cli.validate.title"))
    for column in (tr("cli.validate.topic"), tr("cli.validate.subject"), "", tr("cli.validate.detail")):
        table.add_column(column, overflow="fold")
    for finding in findings:
        table.add_row(finding.topic, finding.subject, "[green]ok[/green]" if finding.ok else "[red]FAIL[/red]", finding.detail)
    console.print(table)
    if args.markdown:
        from autograder.validate import markdown_table

        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text(markdown_table(chosen, findings) + "\n")
    failed = [f for f in findings if not f.ok]
    console.print(f"[red]{tr('cli.validate.failed', count=len(failed))}[/red]" if failed
                  else f"[green]{tr('cli.validate.passed', count=len(findings))}[/green]")
    return 1 if failed else 0


def cmd_export(args) -> int:
    """``export nbgrader --course DIR`` or ``export gradescope TOPIC --out ZIP`` (autograder/export/)."""
    root = find_course_root()
    if args.format == "nbgrader":
        from autograder.export.nbgrader import export_course

        for path in export_course(Path(args.course), _load_chosen(args.topics), root):
            print(tr("cli.release.wrote", path=path))
        print(tr("cli.export.next", course=args.course))
        return 0
    from autograder.export.gradescope import build_zip

    topic = load_topics(names=[args.topic])[args.topic]
    print(tr("cli.export.gradescope", path=build_zip(topic, Path(args.out), root), topic=args.topic))
    return 0


def _add_export(commands) -> None:
    export = commands.add_parser("export", help="a topic as an nbgrader course or a Gradescope autograder")
    export.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=tr("cli.help.lang"))
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
    # --lang is accepted by every command (before or after it); main() applies it before anything runs.
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=tr("cli.help.lang"))
    parser.add_argument("--lang", choices=LANGUAGES, help=tr("cli.help.lang"))
    commands.add_parser("list", parents=[lang], help="the topics, their functions and points").set_defaults(run=cmd_list)

    check = commands.add_parser("check", parents=[lang], help="run a topic's public tests on your file")
    check.add_argument("topic")
    check.add_argument("path", nargs="?", help="default: ./TOPIC.py (or ./TOPIC.ipynb)")
    check.add_argument("--data-root", help="a folder of data sets the topic reads (the capstone: FashionMNIST/raw/...)")
    check.set_defaults(run=cmd_check)

    grade = commands.add_parser("grade", parents=[lang], help="grade a class with the hidden tests")
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
    grade.add_argument("--data-root", help="a folder of data sets topics read (the capstone: FashionMNIST/raw/...); "
                       "without it the capstone writes a small synthetic Fashion-MNIST")
    grade.add_argument("--count-skipped", action="store_true",
                       help="count skipped tests (GPU checks without CUDA) in max_score, as zero")
    grade.set_defaults(run=cmd_grade)

    release = commands.add_parser("release", parents=[lang], help="regenerate student_template/ and solutions/ from assignments/")
    release.add_argument("--check", action="store_true", help="fail if the committed copies are stale")
    release.set_defaults(run=cmd_release)

    validate = commands.add_parser("validate", parents=[lang], help="solutions full marks, stubs zero, mutants caught")
    validate.add_argument("--topics", help="comma-separated topics (default: all)")
    validate.add_argument("--jobs", type=int, default=default_jobs())
    validate.add_argument("--markdown", metavar="FILE", help="also write the course table (for the README) to FILE")
    validate.set_defaults(run=cmd_validate)
    _add_export(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_language(args.lang)  # before any worker or sandbox starts: they inherit it through the environment
    try:
        return args.run(args)
    except CourseError as exc:
        print(tr("cli.course_error", error=exc), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
