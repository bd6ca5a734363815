"""The student's report (autograder check / autograder.check in a notebook): what to try next."""
from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console

from autograder.i18n import set_language, tr
from autograder.student_check import Report, what_to_try

CJK = re.compile(r"[\u4e00-\u9fff]")


def entry(outcome, feedback="", function="softmax", name="softmax matches torch.softmax", score=0.0):
    return {"name": name, "function": function, "score": score, "max_score": 1.0, "outcome": outcome, "feedback": feedback}


def test_what_to_try_follows_the_kind_of_failure():
    assert what_to_try(entry("passed", score=1.0)) == ""
    assert what_to_try(entry("skipped", "no CUDA")) == ""
    assert "NotImplementedError" in what_to_try(entry("error", "softmax is not implemented yet (it raises NotImplementedError)"))
    assert what_to_try(entry("failed", "dim=0: got 1, expected 2. Hint: subtract the max before exp\nmore")) == "subtract the max before exp"
    assert "Python loops" in what_to_try(entry("failed", "your softmax took 40x as long as torch's on (100, 100)"))
    assert "Python loops" in what_to_try(entry("timeout", "did not finish within 10 s"))
    assert "ordinary tensor operations" in what_to_try(entry("failed", "softmax reaches torch.softmax, which it may not use"))
    assert "name and signature" in what_to_try(entry("error", "softmax is not defined in your file"))
    assert "keepdim" in what_to_try(entry("failed", "logsumexp(x, dim=1) should have shape (2,); yours has shape (2, 1)"))
    assert "overflow" in what_to_try(entry("failed", tr("compare.nonfinite", count='x')))
    assert "traceback" in what_to_try(entry("error", "ValueError: boom"))
    assert "torch's" in what_to_try(entry("failed", "x: values differ"))


def test_what_to_try_reads_chinese_feedback_and_answers_in_the_runs_language():
    set_language("zh")
    try:
        advice = what_to_try(entry("error", tr("plugin.not_implemented", name="softmax")))
        assert "NotImplementedError" in advice and CJK.search(advice)
        assert what_to_try(entry("failed", "x" + tr("compare.hint", message="先减去最大值"))) == "先减去最大值"
        assert CJK.search(what_to_try(entry("failed", tr("compare.nonfinite", count='x'))))
    finally:
        set_language("en")


def report(tests):
    counted = [t for t in tests if t["outcome"] != "skipped"]
    result = {"status": "graded", "score": sum(t["score"] for t in counted), "max_score": float(len(counted)), "tests": tests}
    return Report("softmax", Path("softmax.py"), result)


def test_the_terminal_report_ends_with_what_to_try():
    console = Console(record=True, width=200)
    console.print(report([entry("passed", score=1.0, name="small example"),
                          entry("failed", "got 1. Hint: subtract the max before exp", name="stability")]))
    text = console.export_text()
    assert "1 / 2 on the public tests" in text
    assert "What to try:" in text and "stability: subtract the max before exp" in text

    console = Console(record=True, width=200)
    console.print(report([entry("passed", score=1.0)]))
    assert "All public tests pass" in console.export_text() and "What to try" not in console.export_text()


def test_the_notebook_report_is_escaped_html_with_the_same_advice():
    page = report([entry("failed", "<b>x</b>. Hint: use <torch.exp>", name="<img src=x>")])._repr_html_()
    assert "<img src=x>" not in page and "&lt;img src=x&gt;" in page
    assert "What to try:" in page and "use &lt;torch.exp&gt;" in page
