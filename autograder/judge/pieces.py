"""A topic's pieces: the same student's files of the topics it ``uses`` (manifest key), copied beside it.

A capstone imports the student's own earlier work (``from dropout import MLP``). The judge copies
that student's files for the used topics, and only those, into the sandbox's scratch folder, where
``import`` finds them; a notebook piece becomes a ``.py`` of its code cells (magics dropped). A piece
that is missing or unreadable is named in a message, and the import fails inside the student's code
with Python's own error.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from autograder.course import Topic
from autograder.i18n import tr
from autograder.judge.submission import SubmissionError, find_submission, read_submission


def copy_pieces(topic: Topic, folder: Path, scratch: Path) -> tuple[list[str], list[str]]:
    """Copy the student's used-topic files from ``folder`` into ``scratch``.

    Returns the copied files' paths in scratch (what the sandbox's trace exempts: they were judged
    in their own topics) and messages for the student about the pieces that could not be used.
    """
    copied, problems = [], []
    for used in topic.uses:
        source = find_submission(folder, used)
        if source is None or source.is_symlink():
            problems.append(tr("pieces.missing", file=used))
            continue
        target = scratch / f"{used}.py"
        try:
            if source.suffix == ".py":
                read_submission(source, used)  # refuse what the sandbox could not load anyway, with the reason
                shutil.copyfile(source, target)
            else:
                cells = read_submission(source, used).cells
                target.write_text("\n\n".join(cell["source"] for cell in cells), encoding="utf-8")
        except (SubmissionError, OSError) as exc:
            problems.append(tr("pieces.unusable", file=source.name, reason=exc))
            continue
        copied.append(str(target))
    messages = []
    if problems:
        messages.append(tr("pieces.built_from", topic=topic.name, uses=", ".join(topic.uses), problems="; ".join(problems)))
    return copied, messages


def pieces_digest(topic: Topic, folder: Path) -> str:
    """Changes whenever one of the student's used-topic files changes (for reusing stored results)."""
    digest = hashlib.sha256()
    for used in topic.uses:
        source = find_submission(folder, used)
        digest.update(f"{used}:".encode() + (source.read_bytes() if source is not None and not source.is_symlink() else b"-"))
    return digest.hexdigest()[:16]
