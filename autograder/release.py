"""``autograder release``: derive what students and CI see from each topic's one source.

* ``student_template/<topic>.py``: solution blocks replaced by nbgrader's stub
  (``# YOUR CODE HERE`` / ``raise NotImplementedError()``), each function's docstring extended with
  the calls it may not use, read from the manifest;
* ``student_template/public_tests/test_<topic>.py``: the public tests, as shipped;
* ``solutions/<topic>.py``: the reference, markers removed.

``--check`` regenerates in memory and fails when a committed copy differs.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from autograder.course import CourseError, Topic
from autograder.i18n import LANGUAGES
from autograder.i18n.catalog import MESSAGES
from autograder.judge.forbidden import FORBIDDEN_CAP

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
_MARKER = re.compile(r"^(\s*)### (BEGIN|END) SOLUTION\s*$")


def _solution_blocks(lines: list[str], origin: str):
    """Yield (begin_index, end_index, indent) for each marked block."""
    begin = None
    for index, line in enumerate(lines):
        match = _MARKER.match(line)
        if not match:
            continue
        if match.group(2) == "BEGIN":
            if begin is not None:
                raise CourseError(f"{origin}:{index + 1}: nested {BEGIN}")
            begin, indent = index, match.group(1)
        else:
            if begin is None:
                raise CourseError(f"{origin}:{index + 1}: {END} without {BEGIN}")
            yield begin, index, indent
            begin = None
    if begin is not None:
        raise CourseError(f"{origin}:{begin + 1}: {BEGIN} is never closed")


def solution_text(source: str, origin: str = "source") -> str:
    lines = source.splitlines()
    marked = {i for b, e, _ in _solution_blocks(lines, origin) for i in (b, e)}
    return "\n".join(line for i, line in enumerate(lines) if i not in marked) + "\n"


def stub_text(source: str, topic: Topic) -> str:
    lines = source.splitlines()
    blocks = list(_solution_blocks(lines, str(topic.source)))
    if not blocks:
        raise CourseError(f"{topic.source}: no {BEGIN} blocks")
    out, cursor = [], 0
    for begin, end, indent in blocks:
        out.extend(lines[cursor:begin])
        out.extend([f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError()"])
        cursor = end + 1
    out.extend(lines[cursor:])
    return _with_forbidden_calls("\n".join(out) + "\n", topic)


def _with_forbidden_calls(source: str, topic: Topic) -> str:
    """Append "Forbidden here: ..." to the docstring of each graded function or class."""
    lines = source.splitlines()
    tree = ast.parse(source)
    edits = []
    for node in tree.body:
        spec = topic.functions.get(getattr(node, "name", None))
        if spec is None or not spec.forbidden_calls or not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            continue
        doc = node.body[0] if node.body else None
        if not (isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant) and isinstance(doc.value.value, str)):
            raise CourseError(f"{topic.source}: {spec.name} needs a docstring")
        indent = " " * doc.col_offset
        calls = ", ".join(spec.forbidden_calls)
        notes = [f"{indent}{MESSAGES['release.forbidden'][lang].format(cap=f'{FORBIDDEN_CAP:.0%}', calls=calls)}"
                 for lang in LANGUAGES]  # stubs carry both languages, whatever the run's language
        edits.append((doc.end_lineno - 1, indent, notes))
    for line_index, indent, notes in sorted(edits, reverse=True):
        line = lines[line_index]
        closing = line.rfind('"""')
        head = line[:closing].rstrip()
        wrapped = [row for note in notes for row in _wrap(note, indent)]
        replacement = ([head] if head.strip() else []) + ["", *wrapped, f'{indent}"""']
        lines[line_index:line_index + 1] = replacement
    return "\n".join(lines) + "\n"


def _wrap(text: str, indent: str, width: int = 100) -> list[str]:
    words, lines, current = text.split(), [], indent
    for word in words:
        if len(current) + len(word) + 1 > width and current.strip():
            lines.append(current.rstrip())
            current = indent
        current += word + " "
    lines.append(current.rstrip())
    return lines


def release_files(root: Path, topics: dict[str, Topic]) -> dict[Path, str]:
    """Every generated file and its content."""
    files = {}
    for topic in topics.values():
        source = topic.source.read_text(encoding="utf-8")
        files[root / "solutions" / f"{topic.name}.py"] = solution_text(source, str(topic.source))
        files[root / "student_template" / f"{topic.name}.py"] = stub_text(source, topic)
        files[root / "student_template" / "public_tests" / f"test_{topic.name}.py"] = topic.public_tests.read_text(encoding="utf-8")
    return files


def stale_files(root: Path, topics: dict[str, Topic]) -> list[Path]:
    return [path for path, content in release_files(root, topics).items()
            if not path.exists() or path.read_text(encoding="utf-8") != content]


def write_release(root: Path, topics: dict[str, Topic]) -> list[Path]:
    written = []
    for path, content in release_files(root, topics).items():
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            written.append(path)
    return written
