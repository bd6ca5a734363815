"""The course: where topics live and what each topic's manifest says.

A topic is one folder, ``assignments/<topic>/``::

    <topic>.py          instructor's source, solutions between ### BEGIN/END SOLUTION markers
    manifest.toml       points, counterparts, forbidden calls and timing budgets per function
    test_public.py      tests students see (``autograder check``)
    test_hidden.py      tests only the instructor runs (``autograder grade``)
    scenarios.py        optional: public helpers that run *inside* the sandbox (stateful exercises)
    mutants/*.py        known-buggy variants: each file redefines one or more functions
"""
from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

COURSE_ENV = "AUTOGRADER_COURSE"
# Caps every topic's per-call deadline (seconds): lets a test suite or a hurried instructor bound hangs.
CALL_TIMEOUT_CAP_ENV = "AUTOGRADER_CALL_TIMEOUT"


class CourseError(Exception):
    """The course itself is malformed (a manifest is missing or wrong)."""


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    points: float
    counterpart: str
    # Human-readable names shown to students in the stub (``torch.softmax``, ``F.softmax`` ...).
    forbidden_calls: tuple[str, ...] = ()
    # What the sandbox trace matches: aten op packet names (TorchDispatchMode) ...
    forbidden_aten: tuple[str, ...] = ()
    # ... and Python functions by file under torch/ (``torch/nn/init.py`` or ``torch/nn/functional.py:dropout``).
    forbidden_python: tuple[str, ...] = ()
    timing_budget: float | None = None  # student time / torch time must stay below this


@dataclass
class Topic:
    name: str
    folder: Path
    title: str
    functions: dict[str, FunctionSpec]
    call_timeout: float = 10.0
    load_timeout: float = 10.0
    # Other topics whose files (the same student's) the sandbox gets beside this topic's file, so that
    # it can ``import`` them: a capstone built from the student's own earlier pieces.
    uses: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()  # Python packages the topic needs (optional extras); without one it is skipped
    install_hint: str = ""  # how to get them, shown with the skip reason

    def missing_requirements(self) -> list[str]:
        import importlib.util

        return [name for name in self.requires if importlib.util.find_spec(name) is None]

    @property
    def source(self) -> Path:
        return self.folder / f"{self.name}.py"

    @property
    def public_tests(self) -> Path:
        return self.folder / "test_public.py"

    @property
    def hidden_tests(self) -> Path:
        return self.folder / "test_hidden.py"

    @property
    def scenarios(self) -> Path | None:
        path = self.folder / "scenarios.py"
        return path if path.exists() else None

    @property
    def mutants(self) -> list[Path]:
        return sorted((self.folder / "mutants").glob("*.py"))

    @property
    def max_points(self) -> float:
        return sum(f.points for f in self.functions.values())

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever anything that decides this topic's grades changes."""
        digest = hashlib.sha256()
        for path in sorted(self.folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(self.folder).as_posix().encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()[:16]


def find_course_root(start: Path | None = None) -> Path:
    """The folder holding ``assignments/``: $AUTOGRADER_COURSE, else the cwd or a parent, else this checkout."""
    if os.environ.get(COURSE_ENV):
        return Path(os.environ[COURSE_ENV]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "assignments").is_dir() and (folder / "autograder").is_dir():
            return folder
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "assignments").is_dir():
        return checkout
    raise CourseError("cannot find the course (a folder with assignments/); set AUTOGRADER_COURSE")


def load_topic(folder: Path) -> Topic:
    manifest_path = folder / "manifest.toml"
    try:
        manifest = tomllib.loads(manifest_path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CourseError(f"{manifest_path}: {exc}") from exc
    functions = {}
    for name, spec in manifest.get("functions", {}).items():
        functions[name] = FunctionSpec(
            name=name,
            points=float(spec["points"]),
            counterpart=spec.get("counterpart", ""),
            forbidden_calls=tuple(spec.get("forbidden_calls", ())),
            forbidden_aten=tuple(spec.get("forbidden_aten", ())),
            forbidden_python=tuple(spec.get("forbidden_python", ())),
            timing_budget=spec.get("timing_budget"),
        )
    if not functions:
        raise CourseError(f"{manifest_path}: no [functions.*] tables")
    topic = Topic(
        name=folder.name,
        folder=folder,
        title=manifest.get("title", folder.name),
        functions=functions,
        call_timeout=min(float(manifest.get("call_timeout", 10.0)), float(os.environ.get(CALL_TIMEOUT_CAP_ENV, "inf"))),
        load_timeout=float(manifest.get("load_timeout", 10.0)),
        uses=tuple(manifest.get("uses", ())),
        requires=tuple(manifest.get("requires", ())),
        install_hint=manifest.get("install_hint", ""),
    )
    for required in (topic.source, topic.public_tests, topic.hidden_tests):
        if not required.exists():
            raise CourseError(f"topic {topic.name}: missing {required.name}")
    return topic


def topic_names(root: Path | None = None) -> list[str]:
    """The topics of the course, without loading them."""
    root = root or find_course_root()
    return sorted(p.name for p in (root / "assignments").iterdir() if (p / "manifest.toml").exists())


def load_topics(root: Path | None = None, names: list[str] | None = None) -> dict[str, Topic]:
    """Load the named topics (default: all). Unknown names are a CourseError."""
    root = root or find_course_root()
    available = topic_names(root)
    unknown = [name for name in names or () if name not in available]
    if unknown:
        raise CourseError(f"unknown topic(s): {', '.join(unknown)}; topics: {', '.join(available)}")
    topics = {name: load_topic(root / "assignments" / name) for name in (names or available)}
    for topic in topics.values():
        if set(topic.uses) - set(available):
            raise CourseError(f"topic {topic.name} uses unknown topic(s): {', '.join(sorted(set(topic.uses) - set(available)))}")
    return topics
