"""The class's records: a durable per-result store and the files rebuilt from it.

Each (student, topic) result is written to ``DIR/results/<student>/<topic>.json`` the moment it
exists (write to a temporary file, fsync, ``os.replace``), with the fingerprint of the submission
and of the topic's tests. A rerun of ``grade`` reuses results whose fingerprint still matches, so
an interrupted run finishes only what is missing. ``grades.json`` (CONTRACT.md section 3),
``grades.csv``, ``feedback/<student>.md`` and the class statistics are rebuilt from the store.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import statistics
import tempfile
from pathlib import Path

from autograder.i18n import tr


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        path.unlink()  # never write through a link planted where we write
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def fingerprint(submission: str | None, topic_fingerprint: str, options: str = "") -> str:
    digest = hashlib.sha256((topic_fingerprint + options).encode())
    if submission is not None:
        digest.update(Path(submission).read_bytes())
    return digest.hexdigest()[:24]


class ResultStore:
    def __init__(self, out: Path):
        self.root = out / "results"

    def _path(self, student: str, topic: str) -> Path:
        return self.root / student / f"{topic}.json"

    def get(self, student: str, topic: str, expected_fingerprint: str) -> dict | None:
        try:
            record = json.loads(self._path(student, topic).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return record["result"] if record.get("fingerprint") == expected_fingerprint else None

    def put(self, student: str, topic: str, result: dict, fingerprint_: str, notes: list[str],
            seconds: float | None = None) -> None:
        record = {"fingerprint": fingerprint_, "result": result, "notes": notes}
        if seconds is not None:
            record["seconds"] = round(seconds, 3)  # the judge's time on it, for benchmarks/class_throughput.py
        atomic_write(self._path(student, topic), json.dumps(record, indent=1))

    def all(self, students: list[str], topics: list[str]) -> tuple[dict[str, dict[str, dict]], list[str]]:
        """The stored results of these students and topics, and the instructor notes beside them."""
        table: dict[str, dict[str, dict]] = {}
        notes: list[str] = []
        for student in students:
            for topic in topics:
                path = self._path(student, topic)
                if path.exists():
                    record = json.loads(path.read_text(encoding="utf-8"))
                    table.setdefault(student, {})[topic] = record["result"]
                    notes += record.get("notes", [])
        return table, notes


def _clean_number(value) -> float:
    value = float(value)
    return round(value, 4) if math.isfinite(value) else 0.0


def grades_document(table: dict[str, dict[str, dict]]) -> dict:
    """CONTRACT.md section 3: students -> score, max_score, topics."""
    students = {}
    for student in sorted(table):
        topics = {}
        for topic in sorted(table[student]):
            result = dict(table[student][topic])
            result.pop("titles", None)  # translated test names: for feedback files, not grades.json
            # report artifacts (plot data) stay in the result store: grades.json is the lean contract
            result["tests"] = [{k: v for k, v in t.items() if k != "artifacts"} for t in result.get("tests", [])]
            result["max_score"] = _clean_number(result["max_score"])
            result["score"] = min(max(_clean_number(result["score"]), 0.0), result["max_score"])
            topics[topic] = result
        students[student] = {
            "score": round(sum(t["score"] for t in topics.values()), 4),
            "max_score": round(sum(t["max_score"] for t in topics.values()), 4),
            "topics": topics,
        }
    return {"students": students}


def grades_csv(document: dict, topics: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["student", "score", "max_score"] + [f"{t}" for t in topics] + [f"{t}_status" for t in topics])
    for student, entry in document["students"].items():
        row = [student, entry["score"], entry["max_score"]]
        row += [entry["topics"].get(t, {}).get("score", "") for t in topics]
        row += [entry["topics"].get(t, {}).get("status", "") for t in topics]
        writer.writerow(row)
    return buffer.getvalue()


def translated_titles(table: dict[str, dict[str, dict]]) -> dict[str, str]:
    """English test name -> the name in the language the tests ran in (where it differs)."""
    titles: dict[str, str] = {}
    for results in table.values():
        for result in results.values():
            titles.update(result.get("titles", {}))
    return titles


def feedback_markdown(student: str, entry: dict, titles: dict[str, str] | None = None) -> str:
    titles = titles or {}
    lines = [f"# {tr('feedback.title', student=student)}", "",
             "**" + tr("feedback.total", score=f"{entry['score']:g}", max_score=f"{entry['max_score']:g}") + "**", ""]
    for topic, result in entry["topics"].items():
        lines += [f"## {topic}: {result['score']:g} / {result['max_score']:g} ({tr('status.' + result['status'])})", ""]
        if result.get("message"):
            lines += ["> " + line for line in result["message"].splitlines()] + [""]
        for test in result["tests"]:
            mark = {"passed": "✅", "failed": "❌", "error": "💥", "timeout": "⏱", "skipped": "➖"}[test["outcome"]]
            lines.append(f"- {mark} {titles.get(test['name'], test['name'])} — {test['score']:g}/{test['max_score']:g}")
            if test["feedback"] and test["outcome"] != "passed":
                lines += ["  ```", *("  " + line for line in test["feedback"].splitlines()), "  ```"]
        lines.append("")
    return "\n".join(lines)


def class_statistics(document: dict, topics: list[str]) -> dict:
    stats = {"students": len(document["students"]), "topics": {}}
    for topic in topics:
        entries = [e["topics"][topic] for e in document["students"].values() if topic in e["topics"]]
        scores = [e["score"] for e in entries]
        tests: dict[str, list[bool]] = {}
        for entry in entries:
            for test in entry["tests"]:
                if test["outcome"] != "skipped":
                    tests.setdefault(test["name"], []).append(test["outcome"] == "passed")
        stats["topics"][topic] = {
            "max_score": max((e["max_score"] for e in entries), default=0.0),
            "mean": round(statistics.fmean(scores), 3) if scores else None,
            "median": statistics.median(scores) if scores else None,
            "statuses": {s: sum(e["status"] == s for e in entries) for s in ("graded", "missing", "error")},
            "pass_rate": {name: round(sum(v) / len(v), 3) for name, v in tests.items()},
        }
    return stats


def statistics_markdown(stats: dict, rejected: list[str], grader_notes: list[str], titles: dict[str, str] | None = None) -> str:
    titles = titles or {}
    lines = [f"# {tr('stats.title')}", "", tr("stats.students", count=stats["students"]), "",
             tr("stats.columns"), "|---|---|---|---|---|---|---|"]
    for topic, s in stats["topics"].items():
        st = s["statuses"]
        lines.append(f"| {topic} | {s['mean']} | {s['median']} | {s['max_score']:g} | {st['graded']} | {st['missing']} | {st['error']} |")
    for topic, s in stats["topics"].items():
        lines += ["", f"## {tr('stats.pass_rate', topic=topic)}", "", tr("stats.pass_columns"), "|---|---|"]
        lines += [f"| {titles.get(name, name)} | {rate:.0%} |" for name, rate in sorted(s["pass_rate"].items(), key=lambda kv: kv[1])]
    if rejected:
        lines += ["", f"## {tr('stats.rejected')}", ""] + [f"- {r}" for r in rejected]
    if grader_notes:
        lines += ["", f"## {tr('stats.notes')}", ""] + [f"- {n}" for n in grader_notes]
    return "\n".join(lines) + "\n"


def write_reports(out: Path, table: dict, topics: list[str], rejected: list[str], grader_notes: list[str]) -> dict:
    document, titles = grades_document(table), translated_titles(table)
    atomic_write(out / "grades.json", json.dumps(document, indent=2, ensure_ascii=False))
    atomic_write(out / "grades.csv", grades_csv(document, topics))
    for student, entry in document["students"].items():
        atomic_write(out / "feedback" / f"{student}.md", feedback_markdown(student, entry, titles))
    stats = class_statistics(document, topics)
    atomic_write(out / "class_statistics.json", json.dumps(stats, indent=2, ensure_ascii=False))
    atomic_write(out / "class_statistics.md", statistics_markdown(stats, rejected, grader_notes, titles))
    return document
