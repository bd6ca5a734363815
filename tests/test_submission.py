"""Bad files get a message a student understands, before any sandbox is spent on them."""
from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.judge.submission import MAX_SOURCE_BYTES, SubmissionError, read_submission


def test_non_utf8_bytes(tmp_path):
    path = tmp_path / "softmax.py"
    path.write_bytes(b"# caf\xe9\nimport torch\n")
    with pytest.raises(SubmissionError, match="not UTF-8 text .byte 0xe9 at position 5"):
        read_submission(path, "softmax")


def test_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "softmax.py"
    path.write_text("import torch\n\ndef softmax(x:\n    pass\n")
    with pytest.raises(SubmissionError, match="syntax error on line 3"):
        read_submission(path, "softmax")


def test_huge_file(tmp_path):
    path = tmp_path / "softmax.py"
    path.write_text("#" * (MAX_SOURCE_BYTES + 1))
    with pytest.raises(SubmissionError, match="MB"):
        read_submission(path, "softmax")


def test_notebook_magics_and_shell_escapes_are_dropped_not_run(tmp_path):
    notebook = new_notebook(cells=[
        new_markdown_cell("# hi"),
        new_code_cell("!rm -rf /\n%pip install x\nimport torch"),
        new_code_cell("def softmax(x, dim=-1):\n    return x"),
        new_code_cell("def broken(:\n    pass"),
    ])
    path = tmp_path / "softmax.ipynb"
    nbformat.write(notebook, path)
    submission = read_submission(path, "softmax")
    sources = "\n".join(cell["source"] for cell in submission.cells)
    assert "rm -rf" not in sources and "%pip" not in sources and "import torch" in sources
    assert [cell["label"] for cell in submission.cells] == ["cell 2", "cell 3"]
    notes = "\n".join(submission.notes)
    assert "skipped `!rm -rf /`" in notes and "cell 4 has a syntax error" in notes


def test_unreadable_notebook(tmp_path):
    path = tmp_path / "softmax.ipynb"
    path.write_text("{not json")
    with pytest.raises(SubmissionError, match="not a readable Jupyter notebook"):
        read_submission(path, "softmax")
