"""Grading many (student, topic) pairs in parallel judge processes.

Each worker is a long-lived judge process with its own warm zygote; tasks are small (one student,
one topic). A failure of the grader on one task is reported for that task and the rest go on.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import re
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from autograder.i18n import tr
from autograder.course import find_course_root, load_topic
from autograder.judge.submission import find_submission

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$")


@dataclass(frozen=True)
class Task:
    student: str
    topic: str
    path: str | None  # None: the student submitted no file for this topic
    visibility: str = "hidden"
    count_skipped: bool = False  # count skipped tests (e.g. GPU checks without CUDA) in max_score
    data_root: str | None = None  # the instructor's data folder (--data-root), readable in the sandbox


@dataclass
class Roster:
    students: dict[str, Path]
    rejected: list[str]  # folder names that are not valid student ids, with the reason


def read_roster(submissions: Path) -> Roster:
    """One folder per student; the folder's name is the id. Anything else is reported, not graded."""
    students, rejected, seen = {}, [], {}
    for entry in sorted(submissions.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_symlink() or not entry.is_dir():
            rejected.append(f"{entry.name}: not a plain folder (symlinks and files are ignored)")
            continue
        if not STUDENT_ID.match(entry.name):
            rejected.append(f"{entry.name!r}: not a valid student id (letters, digits and . _ @ + - only)")
            continue
        if entry.name.lower() in seen:
            rejected.append(f"{entry.name}: same id as {seen[entry.name.lower()]} apart from case")
            continue
        seen[entry.name.lower()] = entry.name
        students[entry.name] = entry
    return Roster(students, rejected)


def class_tasks(roster: Roster, topics: Iterable[str], count_skipped: bool = False, data_root: str | None = None) -> list[Task]:
    tasks = []
    for student, folder in roster.students.items():
        for topic in topics:
            path = find_submission(folder, topic)
            if path is not None and path.is_symlink():
                path = None  # never follow a student's symlink out of their folder
            tasks.append(Task(student, topic, str(path) if path else None, count_skipped=count_skipped, data_root=data_root))
    return tasks


# ------------------------------------------------------------------------------ in the worker

_TOPICS: dict = {}  # loaded once per worker process


def grade_task(task: Task, course_root: str) -> tuple[Task, dict, list[str], float]:
    """Runs in a judge worker: grade one task, never raise. Also returns the seconds it took."""
    started = time.perf_counter()
    task_, result, notes = _grade_task(task, course_root)
    return task_, result, notes, time.perf_counter() - started


def _grade_task(task: Task, course_root: str) -> tuple[Task, dict, list[str]]:
    from autograder.judge.runner import grade_topic

    first_of_topic = task.topic not in _TOPICS
    try:
        if first_of_topic:
            _TOPICS[task.topic] = load_topic(Path(course_root) / "assignments" / task.topic)
        grade = grade_topic(_TOPICS[task.topic], Path(task.path) if task.path else None, task.visibility, task.count_skipped,
                            data_root=Path(task.data_root) if task.data_root else None)
        return task, grade.result, [f"{task.student}/{task.topic}: {note}" for note in grade.instructor_notes]
    except Exception as exc:  # the grader failed, not the student: say so, keep going
        return task, grader_failure(), [f"{task.student}/{task.topic}: grader failure: {type(exc).__name__}: {exc}"]
    finally:
        if first_of_topic:
            _freeze_heap()


def _freeze_heap() -> None:
    """Once a topic has been graded, what it imports lazily (pytest, hypothesis, scipy, parts of torch) is
    loaded for good: hide it from the garbage collector. A full collection walked those 360,000 objects,
    0.5 s every few gradings; after the first freeze, each collection here sees only what came since."""
    gc.collect()
    gc.freeze()


def _worker_started() -> None:
    """A judge worker ends with the process that started it, even if that one is killed with -9."""
    from autograder.judge.sandbox_client import zygote

    zygote().start()  # first: its torch import overlaps this worker's own imports before the first task
    from autograder.sandbox.child import die_with_parent

    die_with_parent()


def grader_failure() -> dict:
    return {"status": "error", "score": 0.0, "max_score": 0.0, "tests": [],
            "message": tr("classroom.grader_failure")}


# ------------------------------------------------------------------------------ in the parent


def run_tasks(tasks: list[Task], jobs: int, on_result: Callable[[Task, dict, list[str], float], None],
              on_start: Callable[[Task], None] | None = None) -> None:
    """Grade ``tasks`` in ``jobs`` worker processes, calling ``on_result(task, result, notes, seconds)``
    as each finishes (``seconds``: the worker's time on that task)."""
    course_root = str(find_course_root())
    pending = list(tasks)
    for attempt in range(2):  # a worker that dies takes its pool down: rebuild once, then give up
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context, initializer=_worker_started) as pool:
            futures = {}
            queue = list(pending)
            try:
                while queue or futures:
                    while queue and len(futures) < 2 * max(1, jobs):
                        task = queue.pop(0)
                        if on_start:
                            on_start(task)
                        futures[pool.submit(grade_task, task, course_root)] = task
                    done, _ = wait(futures, return_when=FIRST_COMPLETED)
                    for future in done:
                        task = futures.pop(future)
                        on_result(*future.result())
                        pending.remove(task)
                return
            except BrokenProcessPool:
                if attempt == 1:
                    for task in pending:
                        on_result(task, grader_failure(), [f"{task.student}/{task.topic}: judge worker died"], 0.0)
                    return


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
