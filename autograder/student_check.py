"""``autograder check TOPIC [PATH]``: a student runs the public tests and reads a short report.

Also usable from a notebook cell: ``autograder.check("softmax")`` shows the same report as HTML.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from autograder.course import load_topics
from autograder.i18n import set_language, tr
from autograder.i18n.catalog import MESSAGES

_COLUMNS = ("check.column.result", "check.column.test", "check.column.points", "check.column.look")
_STYLE = {"passed": "green", "failed": "red", "error": "red", "timeout": "yellow", "skipped": "dim"}


def _fragments(key: str) -> tuple[str, ...]:
    """The fixed pieces (between placeholders, 6 characters or more) of each language's form of a catalog
    message: enough to recognise that message in feedback, whichever language the grading ran in."""
    pieces = (piece.strip(" .:;()（）。：，") for form in MESSAGES[key].values() for piece in re.split(r"\{[^}]*\}", form))
    return tuple(piece for piece in pieces if len(piece) >= 6)


def _says(feedback: str, key: str) -> bool:
    return any(fragment and fragment in feedback for fragment in _fragments(key))


def _hint(feedback: str) -> str:
    for form in MESSAGES["compare.hint"].values():
        marker = form.split("{message}")[0].lstrip(".。 ")
        if marker in feedback:
            return feedback.split(marker, 1)[1].splitlines()[0].strip()
    return ""


def what_to_try(test: dict) -> str:
    """One concrete next step for a test that did not pass (empty for a passed or skipped test),
    in the run's language; the feedback is recognised in either language."""
    outcome, feedback = test["outcome"], test["feedback"]
    if outcome in ("passed", "skipped"):
        return ""
    if _says(feedback, "plugin.not_implemented"):
        return tr("check.try.implement")
    if _says(feedback, "runner.forbidden"):
        return tr("check.try.forbidden")
    if hint := _hint(feedback):
        return hint
    if outcome == "timeout" or _says(feedback, "timing.too_slow"):
        return tr("check.try.loops")
    if _says(feedback, "errors.missing_function"):
        return tr("check.try.name")
    if _says(feedback, "compare.shape"):
        return tr("check.try.shape")
    if _says(feedback, "compare.nonfinite"):
        return tr("check.try.nonfinite")
    if outcome == "error":
        return tr("check.try.traceback")
    return tr("check.try.compare", function=test["function"]) if test.get("function") else tr("check.try.compare_code")


@dataclass
class Report:
    topic: str
    path: Path
    result: dict

    @property
    def passed(self) -> bool:
        return self.result["status"] == "graded" and self.result["score"] >= self.result["max_score"]

    def _header(self) -> str:
        r = self.result
        return tr("check.header", topic=self.topic, path=self.path, score=f"{r['score']:g}", max_score=f"{r['max_score']:g}")

    def _title(self, test: dict) -> str:
        return self.result.get("titles", {}).get(test["name"], test["name"])

    def __rich__(self):
        r = self.result
        header = Text(self._header(), style="bold green" if self.passed else "bold")
        table = Table(show_header=True, header_style="bold", expand=False)
        for column in _COLUMNS:
            table.add_column(tr(column), overflow="fold")
        for test in r["tests"]:
            table.add_row(Text(tr("outcome." + test["outcome"]), style=_STYLE[test["outcome"]]), self._title(test),
                          f"{test['score']:g}/{test['max_score']:g}", test["feedback"])
        parts = [header]
        if r.get("message"):
            parts.append(Text(r["message"], style="yellow"))
        parts.append(table)
        tips = self.tips()
        if tips:
            parts.append(Text(tr("check.what_to_try"), style="bold"))
            parts += [Text(f"  - {name}: {tip}") for name, tip in tips]
        elif self.passed:
            parts.append(Text(tr("check.all_pass"), style="green"))
        parts.append(Text(tr("check.hidden_note"), style="dim"))
        return Group(*parts)

    def tips(self) -> list[tuple[str, str]]:
        """(test, what to try) for each test that did not pass, in the order they ran."""
        return [(self._title(t), tip) for t in self.result["tests"] if (tip := what_to_try(t))]

    def _repr_html_(self) -> str:
        r = self.result
        rows = "".join(
            f"<tr><td style='color:{_STYLE[t['outcome']].replace('dim', 'gray')}'>{html.escape(tr('outcome.' + t['outcome']))}</td>"
            f"<td>{html.escape(self._title(t))}</td><td>{t['score']:g}/{t['max_score']:g}</td>"
            f"<td><pre style='white-space:pre-wrap'>{html.escape(t['feedback'])}</pre></td></tr>"
            for t in r["tests"])
        message = f"<p>{html.escape(r['message'])}</p>" if r.get("message") else ""
        heads = "".join(f"<th>{html.escape(tr(column))}</th>" for column in _COLUMNS)
        tips = "".join(f"<li>{html.escape(name)}: {html.escape(tip)}</li>" for name, tip in self.tips())
        tips = (f"<p><b>{html.escape(tr('check.what_to_try'))}</b></p><ul>{tips}</ul>" if tips
                else f"<p>{html.escape(tr('check.all_pass'))}</p>" if self.passed else "")
        return f"<h4>{html.escape(self._header())}</h4>{message}<table><tr>{heads}</tr>{rows}</table>{tips}"


def check(topic: str, path: str | Path | None = None, data_root: str | Path | None = None, lang: str | None = None) -> Report:
    """Run ``topic``'s public tests on ``path``; ``lang`` (en/zh) fixes the language, else the default;
    ``data_root`` is a folder the student's code may read (the capstone's Fashion-MNIST)."""
    from autograder.judge.runner import grade_topic

    set_language(lang)
    topics = load_topics(names=[topic])
    path = Path(path) if path else Path(f"{topic}.py")
    if not path.exists() and path.suffix == ".py" and path.with_suffix(".ipynb").exists():
        path = path.with_suffix(".ipynb")
    grade = grade_topic(topics[topic], path if path.exists() else None, visibility="public",
                        data_root=Path(data_root).resolve() if data_root else None)
    return Report(topic, path, grade.result)


def print_report(report: Report, console: Console | None = None) -> None:
    (console or Console()).print(report)
