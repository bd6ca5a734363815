"""A synthetic class for benchmarks: N students, each topic's file drawn from a realistic mix.

    python benchmarks/synthetic_class.py DEST [--students 100] [--topics T1,T2] [--seed 0]

Per student and topic (seeded, so every run builds the same class):
  45% correct      the reference solution
  30% buggy        the solution with one of the topic's known mutants appended (assignments/<t>/mutants/)
  10% stub         the untouched student template
  10% crashing     a syntax error, an import of a missing package, os._exit at import, or a function
                   that kills its own process when called
   5% missing      no file

Every file gets a line naming its student, so no two files are identical: a grader that cached results
by file content would gain nothing here.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MISSION_TOPICS = ["softmax", "nll_vs_ce", "bce", "optimizers", "weight_decay", "dropout", "initialization"]

CRASHES = {
    "syntax error": "def broken(:\n    pass\n",
    "missing package": "import tensorflow as tf  # not installed\n",
    "os._exit at import": "import os\nos._exit(3)\n",
}


def _crashing(solution: str, rng: random.Random, functions: list[str]) -> tuple[str, str]:
    kind = rng.choice([*CRASHES, "kills itself when called"])
    if kind == "kills itself when called":
        victim = rng.choice(functions)
        return kind, solution + f"\n\n_{victim} = {victim}\n\ndef {victim}(*args, **kwargs):\n    import os\n    os._exit(1)\n"
    return kind, solution + "\n" + CRASHES[kind]


def make_class(dest: Path, students: int, topics: list[str], seed: int = 0) -> Counter:
    """Write ``dest/<student>/<topic>.py``; returns how many files of each kind were written."""
    sys.path.insert(0, str(ROOT))
    from autograder.course import load_topics

    loaded = load_topics(ROOT, topics)
    rng = random.Random(seed)
    kinds: Counter = Counter()
    if dest.exists():
        shutil.rmtree(dest)
    for number in range(students):
        student = f"student{number:03d}"
        folder = dest / student
        folder.mkdir(parents=True)
        for name, topic in loaded.items():
            solution = (ROOT / "solutions" / f"{name}.py").read_text()
            draw = rng.random()
            if draw < 0.45:
                kind, text = "correct", solution
            elif draw < 0.75:
                mutant = rng.choice(sorted(topic.mutants))
                kind, text = "buggy", f"{solution}\n\n# ---- {mutant.stem}\n{mutant.read_text()}"
            elif draw < 0.85:
                kind, text = "stub", (ROOT / "student_template" / f"{name}.py").read_text()
            elif draw < 0.95:
                crash, text = _crashing(solution, rng, sorted(topic.functions))
                kind = f"crashing ({crash})"
            else:
                kinds["missing"] += 1
                continue
            kinds[kind.split(" (")[0]] += 1
            (folder / f"{name}.py").write_text(f"# {student}\n{text}")
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--topics", default=",".join(MISSION_TOPICS))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    kinds = make_class(args.dest, args.students, args.topics.split(","), args.seed)
    print(f"{args.students} students in {args.dest}: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))


if __name__ == "__main__":
    main()
