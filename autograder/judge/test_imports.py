"""Test files are imported afresh for every grading, but compiled once per judge process.

Every topic names its files test_public/test_hidden, so each grading imports them anew (runner.py
forgets them after a run). Compiling them again each time cost 25 ms a grading where no bytecode
cache is written (PYTHONDONTWRITEBYTECODE, common in containers). pytest's importlib mode asks
``sys.meta_path`` for a spec before building its own: this finder answers for files in the course
folder only, with a loader that keeps each file's code object (keyed by path, mtime and size, so an
edited test file is compiled again). The module is still executed afresh: no state is shared.
"""
from __future__ import annotations

import contextlib
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path


class _CompiledOnceLoader(importlib.machinery.SourceFileLoader):
    codes: dict[tuple[str, int, int], object] = {}

    def get_code(self, fullname):
        stat = os.stat(self.path)
        key = (self.path, stat.st_mtime_ns, stat.st_size)
        code = self.codes.get(key)
        if code is None:
            code = self.codes[key] = super().get_code(fullname)
        return code


class _CourseTestFinder:
    def __init__(self, course: Path):
        self.course = str(course) + os.sep

    def find_spec(self, fullname, path=None, target=None):
        if not path or len(path) != 1 or not str(path[0]).startswith(self.course):
            return None  # every import that is not of a course file: the usual finders answer
        file = os.path.join(path[0], fullname.rpartition(".")[2] + ".py")
        if not os.path.isfile(file):
            return None
        return importlib.util.spec_from_file_location(fullname, file, loader=_CompiledOnceLoader(fullname, file))


@contextlib.contextmanager
def compiled_once(course: Path):
    """While the block runs, test files under ``course`` are compiled at most once per process."""
    finder = _CourseTestFinder(course)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
