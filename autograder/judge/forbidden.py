"""Forbidden calls: the sandbox trace is the evidence; an AST scan of the source finds the lines to
show the student. Policy: a function that reaches the counterpart it re-implements earns at most
``FORBIDDEN_CAP`` of its points."""
from __future__ import annotations

import ast

from autograder.course import FunctionSpec

FORBIDDEN_CAP = 0.2


def offending_lines(cells: list[dict], spec: FunctionSpec, limit: int = 3) -> list[str]:
    """Source lines that mention a forbidden name (attribute access, import, or a string for getattr)."""
    names = {call.split(".")[-1] for call in spec.forbidden_calls}
    found = []
    for cell in cells:
        try:
            tree = ast.parse(cell["source"])
        except SyntaxError:
            continue
        lines = cell["source"].splitlines()
        # Look inside the function's own definition when there is one; else at the whole cell.
        scope = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == spec.name] or [tree]
        for node in (inner for root in scope for inner in ast.walk(root)):
            hit = (
                isinstance(node, ast.Attribute) and node.attr in names
                or isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names
                or isinstance(node, ast.ImportFrom) and any(alias.name in names for alias in node.names)
            )
            if hit and 0 < node.lineno <= len(lines):
                place = f"line {node.lineno}" if cell["label"].endswith(".py") else f"{cell['label']}, line {node.lineno}"
                found.append(f"{place}: {lines[node.lineno - 1].strip()[:100]}")
    return sorted(set(found))[:limit]
