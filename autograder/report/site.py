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
from autograder.i18n import language, tr
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
    return (f"<!DOCTYPE html>\n<html lang='{language()}'><head><meta charset='utf-8'><title>{escape(title)}</title>"
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
        digest = hashlib.sha256(json.dumps([kind, data, language()], sort_keys=True).encode()).hexdigest()[:20]  # labels are in the run's language
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
    header = "".join(f"<th>{tr(key)}</th>" for key in ("report.topic", "report.mean", "report.max", "report.status.graded",
                                                          "report.status.missing", "report.status.error"))
    return f"<h2>{tr('report.topics')}</h2><table><tr>{header}</tr>{''.join(rows)}</table>"


def _students_section(document: dict, topics: list[str]) -> str:
    rows = "".join(f"<tr><td>{_student_link(s)}</td><td class='num'>{e['score']:g} / {e['max_score']:g}</td>"
                   + "".join(f"<td class='num'>{_cell(e['topics'].get(t))}</td>" for t in topics) + "</tr>"
                   for s, e in document["students"].items())
    return (f"<h2>{tr('report.students')}</h2><p><small>{tr('report.students_legend')}"
            f"</small></p><table class='students'><tr><th>{tr('report.student')}</th><th>{tr('report.total')}</th>"
            + "".join(f"<th>{escape(t)}</th>" for t in topics) + f"</tr>{rows}</table>")


def _mistakes_section(document: dict) -> str:
    failed = analysis.failed_tests(document, limit=10)
    rows = "".join(f"<tr><td class='num'>{len(f.students)}</td><td>{escape(f.topic)}</td><td>{escape(f.test)}</td>"
                   f"<td>{', '.join(_student_link(s) for s in f.students)}</td></tr>" for f in failed)
    html = f"<h2>{tr('report.common_mistakes')}</h2><h3>{tr('report.failed_most')}</h3>" + (
        f"<table class='failed-tests'><tr><th>{tr('report.count_students')}</th><th>{tr('report.topic')}</th>"
        f"<th>{tr('report.test')}</th><th>{tr('report.who')}</th></tr>{rows}</table>"
        if failed else f"<p>{tr('report.no_failed')}</p>")
    mistakes = analysis.common_mistakes(document, limit=10)
    rows = "".join(
        f"<tr><td class='num'>{len(m.students)}</td><td>{escape(m.topic)}</td><td><pre>{escape(m.summary)}</pre>"
        f"<small>{tr('report.in_tests', count=len(m.tests), tests=escape('; '.join(m.tests[:3])) + (' ...' if len(m.tests) > 3 else ''))}</small></td>"
        f"<td>{', '.join(_student_link(s) for s in m.students)}</td></tr>"
        for m in mistakes)
    return html + f"<h3>{tr('report.same_mistake')}</h3>" + (
        f"<table class='mistakes'><tr><th>{tr('report.count_students')}</th><th>{tr('report.topic')}</th>"
        f"<th>{tr('report.mistake')}</th><th>{tr('report.who')}</th></tr>{rows}</table>"
        if mistakes else f"<p>{tr('report.no_failed')}</p>")


def _topic_section(document: dict, topic: str, plots: _Plots) -> str:
    from autograder.report import plots as draw

    scores, max_score = analysis.topic_scores(document, topic)
    image = plots.add("histogram", [topic, scores, max_score], lambda: draw.score_histogram(scores, max_score, topic))
    rates = analysis.pass_rates(document, topic)
    rows = "".join(
        f"<tr><td>{escape(r.test)}</td><td>{escape(r.function or '')}</td><td class='num'>{r.passed} / {r.attempted}</td>"
        + (f"<td><span class='bar'><span style='width:{100 * r.rate:.0f}%'></span></span> {100 * r.rate:.0f}%</td></tr>"
           if r.attempted else f"<td class='skipped'>{tr('report.skipped_everywhere')}</td></tr>")
        for r in rates)
    table = (f"<table class='pass-rates'><tr><th>{tr('report.pass_rate_header')}</th><th>{tr('report.function')}</th>"
             f"<th>{tr('report.passed')}</th><th>{tr('report.rate')}</th></tr>{rows}</table>" if rates
             else f"<p>{tr('report.no_graded')}</p>")
    alt = tr("report.histogram_alt", topic=escape(topic))
    return (f"<h2 id='topic-{escape(topic)}'>{escape(topic)}</h2><div class='grid'>"
            f"<div class='plots'><img src='{image}' alt='{alt}'></div><div>{table}</div></div>")


def _class_page(document: dict, topics: list[str], plots: _Plots, rejected: list[str], notes: list[str]) -> str:
    parts = [f"<h1>{tr('report.class_report')}</h1><p>{tr('report.summary', students=len(document['students']), topics=len(topics))}</p>",
             _topics_section(document, topics), _mistakes_section(document), _students_section(document, topics)]
    parts += [_topic_section(document, topic, plots) for topic in topics]
    failures = analysis.grader_failures(document)
    if failures or notes:
        items = "".join(f"<li>{escape(s)} / {escape(t)}: {escape(what)}</li>" for s, t, what in failures)
        items += "".join(f"<li class='note'>{escape(n)}</li>" for n in notes)
        parts.append(f"<h2>{tr('report.failures')}</h2><ul>{items}</ul>")
    if rejected:
        parts.append(f"<h2>{tr('report.not_graded')}</h2><ul>" + "".join(f"<li>{escape(r)}</li>" for r in rejected) + "</ul>")
    return _page(tr("report.class_report"), "\n".join(parts))


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
            total = totals.setdefault(test.get("function") or tr("report.whole_file"), [0.0, 0.0])
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
                      tr("report.paths_caption", topic=topic)))
    for test in tests:
        rate = test.get("artifacts", {}).get("dropout_rate")
        if rate:
            found.append((plots.add("dropout", rate, lambda rate=rate: draw.dropout_rates(rate)),
                          tr("report.dropout_caption", topic=topic)))
    return found


def _student_page(student: str, entry: dict, raw: dict[str, dict], plots: _Plots) -> str:
    total = tr("report.total_score", score=f"{entry['score']:g}", max_score=f"{entry['max_score']:g}")
    parts = [f"<p><a href='../index.html'>{tr('report.back')}</a></p><h1>{escape(student)}</h1>"
             f"<p><strong>{total}</strong></p>"]
    for topic, result in entry["topics"].items():
        status = tr("report.status", status=tr("report.status." + result["status"])) if result["status"] in ("graded", "missing", "error") \
            else f"({escape(result['status'])})"
        parts.append(f"<h2>{escape(topic)}: {result['score']:g} / {result['max_score']:g} "
                     f"<span class='{'passed' if result['status'] == 'graded' else 'error'}'>{status}</span></h2>")
        if result.get("message"):
            parts.append(f"<pre>{escape(result['message'])}</pre>")
        functions = _function_scores(result)
        if functions:
            parts.append(f"<table class='functions'><tr><th>{tr('report.function')}</th><th>{tr('report.score')}</th></tr>" + "".join(
                f"<tr><td>{escape(name)}</td><td class='num'>{score:g} / {top:g}</td></tr>" for name, score, top in functions)
                + "</table>")
        rows = []
        for test in result["tests"]:
            feedback = f"<pre>{escape(test['feedback'])}</pre>" if test["feedback"] and test["outcome"] != "passed" else ""
            title = raw[topic].get("titles", {}).get(test["name"], test["name"])  # the test's name in the run's language
            rows.append(f"<tr><td class='{escape(test['outcome'])}'>{escape(tr('outcome.' + test['outcome']))}</td>"
                        f"<td>{escape(title)}{feedback}</td>"
                        f"<td class='num'>{test['score']:g} / {test['max_score']:g}</td></tr>")
        if rows:
            parts.append(f"<table class='tests'><tr><th>{tr('report.result')}</th><th>{tr('report.test')}</th>"
                         f"<th>{tr('report.points')}</th></tr>{''.join(rows)}</table>")
        # plots only for a graded file: a missing one has no path or mask rate of its own to show
        images = _topic_plots(topic, raw[topic]["tests"], plots) if result["status"] == "graded" else []
        if images:
            parts.append("<div class='plots grid'>" + "".join(
                f"<figure><img src='../{src}' alt='{escape(alt)}'><figcaption>{escape(alt)}</figcaption></figure>"
                for src, alt in images) + "</div>")
    return _page(tr("report.student_title", student=student), "\n".join(parts))


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
