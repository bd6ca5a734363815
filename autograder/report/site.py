"""The static HTML report: ``html/index.html`` (the class, for the instructor) and
``html/students/<id>.html`` (one student), pictures in ``html/plots/``.

Built from the result store's table like grades.json, so a resumed run gets a full site. Pages use no
script and no network resource. Everything a student or their code could have written (ids, feedback,
messages) goes through ``html.escape``. Plots are named by a digest of their data: an unchanged plot
is not drawn again, and plots no page uses any more are removed.
"""
from __future__ import annotations

import hashlib
import json
from html import escape
from pathlib import Path
from urllib.parse import quote

from autograder.gradebook import atomic_write, grades_document
from autograder.report import analysis

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 90em; color: #222; padding: 0 1em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.passed { color: #1a7f37; } .failed, .error, .timeout { color: #c62828; } .skipped { color: #888; }
.bar { background: #e8e8e8; width: 8em; height: 0.8em; display: inline-block; }
.bar span { background: #6a9f3a; height: 100%; display: block; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: 0.4em; margin: 0.2em 0; font-size: 90%; }
.plots img { max-width: 100%; } .grid { display: flex; flex-wrap: wrap; gap: 1em; }
.note { color: #8a6d00; } table.students { font-size: 85%; } .pass-rates td:last-child { white-space: nowrap; }
"""


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{_CSS}</style></head><body>\n{body}\n</body></html>\n")


def _student_href(student: str, prefix: str = "students/") -> str:
    return f"{prefix}{quote(student, safe='')}.html"


def _student_link(student: str) -> str:
    return f"<a href='{escape(_student_href(student))}'>{escape(student)}</a>"


class _Plots:
    """Writes each plot once, under a name derived from what it shows."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()

    def add(self, kind: str, data, draw) -> str:
        digest = hashlib.sha256(json.dumps([kind, data], sort_keys=True).encode()).hexdigest()[:20]
        name = f"{kind}-{digest}.svg"
        if not (self.folder / name).exists():
            atomic_write(self.folder / name, draw())
        self.used.add(name)
        return f"plots/{name}"

    def remove_unused(self) -> None:
        for path in self.folder.glob("*.svg"):
            if path.name not in self.used:
                path.unlink()


# ------------------------------------------------------------------------------ the class page


def _topics_section(document: dict, topics: list[str]) -> str:
    rows = []
    for topic in topics:
        scores, max_score = analysis.topic_scores(document, topic)
        statuses = [e["topics"][topic]["status"] for e in document["students"].values() if topic in e["topics"]]
        mean = f"{sum(scores) / len(scores):.2f}" if scores else ""
        rows.append(f"<tr><td><a href='#topic-{escape(topic)}'>{escape(topic)}</a></td><td class='num'>{mean}</td>"
                    f"<td class='num'>{max_score:g}</td>"
                    + "".join(f"<td class='num'>{statuses.count(s)}</td>" for s in ("graded", "missing", "error")) + "</tr>")
    return ("<h2>Topics</h2><table><tr><th>topic</th><th>mean</th><th>max</th><th>graded</th><th>missing</th>"
            f"<th>error</th></tr>{''.join(rows)}</table>")


def _students_section(document: dict, topics: list[str]) -> str:
    rows = "".join(f"<tr><td>{_student_link(s)}</td><td class='num'>{e['score']:g} / {e['max_score']:g}</td>"
                   + "".join(f"<td class='num'>{_cell(e['topics'].get(t))}</td>" for t in topics) + "</tr>"
                   for s, e in document["students"].items())
    return ("<h2>Students</h2><p><small>&mdash; no file, <span class='error'>err</span> the file could not be loaded"
            "</small></p><table class='students'><tr><th>student</th><th>total</th>"
            + "".join(f"<th>{escape(t)}</th>" for t in topics) + f"</tr>{rows}</table>")


def _mistakes_section(document: dict) -> str:
    failed = analysis.failed_tests(document, limit=10)
    rows = "".join(f"<tr><td class='num'>{len(f.students)}</td><td>{escape(f.topic)}</td><td>{escape(f.test)}</td>"
                   f"<td>{', '.join(_student_link(s) for s in f.students)}</td></tr>" for f in failed)
    html = "<h2>Most common mistakes</h2><h3>Tests failed most often (the first ten)</h3>" + (
        f"<table class='failed-tests'><tr><th>students</th><th>topic</th><th>test</th><th>who</th></tr>{rows}</table>"
        if failed else "<p>No failed test.</p>")
    mistakes = analysis.common_mistakes(document, limit=10)
    rows = "".join(
        f"<tr><td class='num'>{len(m.students)}</td><td>{escape(m.topic)}</td><td><pre>{escape(m.summary)}</pre>"
        f"<small>in {len(m.tests)} test(s): {escape('; '.join(m.tests[:3]))}{' ...' if len(m.tests) > 3 else ''}</small></td>"
        f"<td>{', '.join(_student_link(s) for s in m.students)}</td></tr>"
        for m in mistakes)
    return html + "<h3>The same hint or feedback, across tests (the first ten)</h3>" + (
        f"<table class='mistakes'><tr><th>students</th><th>topic</th><th>mistake</th><th>who</th></tr>{rows}</table>"
        if mistakes else "<p>No failed test.</p>")


def _topic_section(document: dict, topic: str, plots: _Plots) -> str:
    from autograder.report import plots as draw

    scores, max_score = analysis.topic_scores(document, topic)
    image = plots.add("histogram", [topic, scores, max_score], lambda: draw.score_histogram(scores, max_score, topic))
    rates = analysis.pass_rates(document, topic)
    rows = "".join(
        f"<tr><td>{escape(r.test)}</td><td>{escape(r.function or '')}</td><td class='num'>{r.passed} / {r.attempted}</td>"
        + (f"<td><span class='bar'><span style='width:{100 * r.rate:.0f}%'></span></span> {100 * r.rate:.0f}%</td></tr>"
           if r.attempted else "<td class='skipped'>skipped everywhere</td></tr>")
        for r in rates)
    table = (f"<table class='pass-rates'><tr><th>test (pass rate among graded files)</th><th>function</th><th>passed</th>"
             f"<th>rate</th></tr>{rows}</table>" if rates else "<p>No graded file.</p>")
    return (f"<h2 id='topic-{escape(topic)}'>{escape(topic)}</h2><div class='grid'>"
            f"<div class='plots'><img src='{image}' alt='score histogram for {escape(topic)}'></div><div>{table}</div></div>")


def _class_page(document: dict, topics: list[str], plots: _Plots, rejected: list[str], notes: list[str]) -> str:
    parts = [f"<h1>Class report</h1><p>{len(document['students'])} student(s), {len(topics)} topic(s).</p>",
             _topics_section(document, topics), _mistakes_section(document), _students_section(document, topics)]
    parts += [_topic_section(document, topic, plots) for topic in topics]
    failures = analysis.grader_failures(document)
    if failures or notes:
        items = "".join(f"<li>{escape(s)} / {escape(t)}: {escape(what)}</li>" for s, t, what in failures)
        items += "".join(f"<li class='note'>{escape(n)}</li>" for n in notes)
        parts.append(f"<h2>Grader failures and notes (instructor only)</h2><ul>{items}</ul>")
    if rejected:
        parts.append("<h2>Folders not graded</h2><ul>" + "".join(f"<li>{escape(r)}</li>" for r in rejected) + "</ul>")
    return _page("Class report", "\n".join(parts))


def _cell(result: dict | None) -> str:
    if result is None:
        return ""
    if result["status"] == "graded":
        return f"{result['score']:g}"
    return "&mdash;" if result["status"] == "missing" else "<span class='error'>err</span>"


# ------------------------------------------------------------------------------ a student's page


def _function_scores(result: dict) -> list[tuple[str, float, float]]:
    totals: dict[str, list[float]] = {}
    for test in result["tests"]:
        if test["outcome"] != "skipped":
            total = totals.setdefault(test.get("function") or "(whole file)", [0.0, 0.0])
            total[0] += test["score"]
            total[1] += test["max_score"]
    return [(name, round(score, 4), round(top, 4)) for name, (score, top) in totals.items()]


def _topic_plots(topic: str, tests: list[dict], plots: _Plots) -> list[tuple[str, str]]:
    """(image path, description) for the pictures this topic's recorded artifacts make possible."""
    from autograder.report import plots as draw

    found: list[tuple[str, str]] = []
    paths = {t["function"] or t["name"]: t["artifacts"]["optimizer_path"] for t in tests
             if "optimizer_path" in t.get("artifacts", {})}
    if paths:
        found.append((plots.add("paths", paths, lambda: draw.optimizer_paths(paths)),
                      f"{topic}: your optimizers' paths beside torch's on the contour plot"))
    for test in tests:
        rate = test.get("artifacts", {}).get("dropout_rate")
        if rate:
            found.append((plots.add("dropout", rate, lambda rate=rate: draw.dropout_rates(rate)),
                          f"{topic}: your dropout's zeroed fraction against the expected band"))
    return found


def _student_page(student: str, entry: dict, raw: dict[str, dict], plots: _Plots) -> str:
    parts = [f"<p><a href='../index.html'>class report</a></p><h1>{escape(student)}</h1>"
             f"<p><strong>Total: {entry['score']:g} / {entry['max_score']:g}</strong></p>"]
    for topic, result in entry["topics"].items():
        parts.append(f"<h2>{escape(topic)}: {result['score']:g} / {result['max_score']:g} "
                     f"<span class='{'passed' if result['status'] == 'graded' else 'error'}'>({escape(result['status'])})</span></h2>")
        if result.get("message"):
            parts.append(f"<pre>{escape(result['message'])}</pre>")
        functions = _function_scores(result)
        if functions:
            parts.append("<table class='functions'><tr><th>function</th><th>score</th></tr>" + "".join(
                f"<tr><td>{escape(name)}</td><td class='num'>{score:g} / {top:g}</td></tr>" for name, score, top in functions)
                + "</table>")
        rows = []
        for test in result["tests"]:
            feedback = f"<pre>{escape(test['feedback'])}</pre>" if test["feedback"] and test["outcome"] != "passed" else ""
            rows.append(f"<tr><td class='{escape(test['outcome'])}'>{escape(test['outcome'])}</td><td>{escape(test['name'])}{feedback}</td>"
                        f"<td class='num'>{test['score']:g} / {test['max_score']:g}</td></tr>")
        if rows:
            parts.append(f"<table class='tests'><tr><th>result</th><th>test</th><th>points</th></tr>{''.join(rows)}</table>")
        # plots only for a graded file: a missing one has no path or mask rate of its own to show
        images = _topic_plots(topic, raw[topic]["tests"], plots) if result["status"] == "graded" else []
        if images:
            parts.append("<div class='plots grid'>" + "".join(
                f"<figure><img src='../{src}' alt='{escape(alt)}'><figcaption>{escape(alt)}</figcaption></figure>"
                for src, alt in images) + "</div>")
    return _page(f"{student}: grades", "\n".join(parts))


# ------------------------------------------------------------------------------ the site


def write_site(folder: Path, table: dict[str, dict[str, dict]], topics: list[str],
               rejected: list[str] = (), notes: list[str] = ()) -> Path:
    """Write the site for the result store's ``table`` (student -> topic -> result, artifacts
    included) into ``folder``; return the class page's path."""
    document = grades_document(table)
    plots = _Plots(folder / "plots")
    pages = set()
    for student, entry in document["students"].items():
        page = folder / "students" / f"{student}.html"
        atomic_write(page, _student_page(student, entry, table[student], plots))
        pages.add(page.name)
    index = folder / "index.html"
    atomic_write(index, _class_page(document, topics, plots, list(rejected), list(notes)))
    for page in (folder / "students").glob("*.html"):
        if page.name not in pages:
            page.unlink()  # a student no longer in the class
    plots.remove_unused()
    return index
