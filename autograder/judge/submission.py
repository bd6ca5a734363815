"""Turning a student's file into code cells the sandbox can run, without running anything here.

A ``.py`` file is one cell. A notebook is its code cells (read with nbformat); IPython magics and
shell escapes are dropped, never executed. Bytes that are not UTF-8 and syntax errors are found
here, so the student gets a precise message and no sandbox is spent on them.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path


from autograder.i18n import tr

MAX_SOURCE_BYTES = 2 * 1024 * 1024
_MAGIC = re.compile(r"^\s*(%|!)")


class SubmissionError(Exception):
    """The file cannot be graded at all; the message is for the student."""


@dataclass
class Submission:
    topic: str
    path: Path
    cells: list[dict]
    notes: list[str] = field(default_factory=list)  # e.g. "cell 3: shell escape skipped"
    sha256: str = ""


def find_submission(folder: Path, topic: str) -> Path | None:
    for suffix in (".py", ".ipynb"):
        candidate = folder / f"{topic}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def read_submission(path: Path, topic: str) -> Submission:
    raw = path.read_bytes()
    if len(raw) > MAX_SOURCE_BYTES:
        raise SubmissionError(tr("submission.too_large", file=path.name, size=f"{len(raw) / 1e6:.1f}", limit=f"{MAX_SOURCE_BYTES / 1e6:.0f}"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError(
            tr("submission.not_utf8", file=path.name, byte=f"0x{raw[exc.start]:02x}", position=exc.start)
        ) from None
    digest = hashlib.sha256(raw).hexdigest()
    if path.suffix == ".ipynb":
        return _notebook(path, topic, text, digest)
    _syntax_check(text, path.name)
    cell = {"label": path.name, "source": text, "filename": path.name}
    return Submission(topic, path, [cell], sha256=digest)


def _syntax_check(source: str, filename: str, label: str | None = None) -> None:
    try:
        compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as exc:
        where = label or filename
        raise SubmissionError(tr("submission.syntax", where=where, line=exc.lineno, message=exc.msg)) from None
    except ValueError as exc:  # e.g. null bytes
        raise SubmissionError(tr("submission.cannot_compile", where=label or filename, error=exc)) from None


def _notebook(path: Path, topic: str, text: str, digest: str) -> Submission:
    import nbformat  # here, not at the top: with its validator's dependencies it costs seconds to import

    try:
        notebook = nbformat.reads(text, as_version=4)
    except Exception as exc:
        raise SubmissionError(tr("submission.bad_notebook", file=path.name, error=exc)) from None
    cells, notes = [], []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        kept = []
        for line in cell.source.splitlines():
            if _MAGIC.match(line):
                notes.append(tr("submission.magic_skipped", number=number, line=line.strip()[:60]))
                kept.append("")  # keep line numbers
            else:
                kept.append(line)
        source = "\n".join(kept)
        label = f"cell {number}"
        try:
            _syntax_check(source, f"<cell {number}>", label)
        except SubmissionError as exc:
            notes.append(tr("submission.cell_skipped", error=exc))
            continue
        cells.append({"label": label, "source": source, "filename": f"<cell {number}>"})
    if not cells:
        raise SubmissionError(tr("submission.no_cells", file=path.name))
    return Submission(topic, path, cells, notes=notes, sha256=digest)
