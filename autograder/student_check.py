"""``autograder check TOPIC [PATH]``: a student runs the public tests and reads a short report.

Also usable from a notebook cell: ``autograder.check("softmax")`` shows the same report as HTML.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from autograder.course import load_topics

_STYLE = {"passed": "green", "failed": "red", "error": "red", "timeout": "yellow", "skipped": "dim"}


@dataclass
class Report:
    topic: str
    path: Path
    result: dict

    @property
    def passed(self) -> bool:
        return self.result["status"] == "graded" and self.result["score"] >= self.result["max_score"]

    def __rich__(self):
        r = self.result
        header = Text(f"{self.topic} ({self.path}): {r['score']:g} / {r['max_score']:g} on the public tests",
                      style="bold green" if self.passed else "bold")
        table = Table(show_header=True, header_style="bold", expand=False)
        for column in ("result", "test", "points", "what to look at"):
            table.add_column(column, overflow="fold")
        for test in r["tests"]:
            table.add_row(Text(test["outcome"], style=_STYLE[test["outcome"]]), test["name"],
                          f"{test['score']:g}/{test['max_score']:g}", test["feedback"])
        parts = [header]
        if r.get("message"):
            parts.append(Text(r["message"], style="yellow"))
        parts.append(table)
        parts.append(Text("The hidden tests check more: random shapes, gradients, stability, speed and CUDA.", style="dim"))
        return Group(*parts)

    def _repr_html_(self) -> str:
        r = self.result
        rows = "".join(
            f"<tr><td style='color:{_STYLE[t['outcome']].replace('dim', 'gray')}'>{t['outcome']}</td>"
            f"<td>{html.escape(t['name'])}</td><td>{t['score']:g}/{t['max_score']:g}</td>"
            f"<td><pre style='white-space:pre-wrap'>{html.escape(t['feedback'])}</pre></td></tr>"
            for t in r["tests"])
        message = f"<p>{html.escape(r['message'])}</p>" if r.get("message") else ""
        return (f"<h4>{html.escape(self.topic)}: {r['score']:g} / {r['max_score']:g} on the public tests</h4>{message}"
                f"<table><tr><th>result</th><th>test</th><th>points</th><th>what to look at</th></tr>{rows}</table>")


def check(topic: str, path: str | Path | None = None, data_root: str | Path | None = None) -> Report:
    from autograder.judge.runner import grade_topic

    topics = load_topics(names=[topic])
    path = Path(path) if path else Path(f"{topic}.py")
    if not path.exists() and path.suffix == ".py" and path.with_suffix(".ipynb").exists():
        path = path.with_suffix(".ipynb")
    grade = grade_topic(topics[topic], path if path.exists() else None, visibility="public",
                        data_root=Path(data_root).resolve() if data_root else None)
    return Report(topic, path, grade.result)


def print_report(report: Report, console: Console | None = None) -> None:
    (console or Console()).print(report)
