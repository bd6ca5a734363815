"""The HTML report (autograder/report/): built from a hand-made result store, and end to end from a
graded class with the data the hidden tests record for its plots."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import escape, unescape

import pytest
import torch

from autograder.gradebook import write_reports
from autograder.report import write_site
from autograder.report.analysis import common_mistakes, failed_tests, grader_failures, mistake_summary, pass_rates
from autograder.report.browser import dump_dom, find_chromium, screenshot
from autograder.report.plots import histogram_counts
from autograder.spec import ARTIFACT_LIMIT, Credit

EVIL = "<script>alert('x')</script> & \"quotes\""


def test_entry(name, outcome, score, max_score=1.0, function="f", feedback="", artifacts=None):
    entry = {"name": name, "function": function, "score": score, "max_score": max_score, "outcome": outcome, "feedback": feedback}
    if artifacts:
        entry["artifacts"] = artifacts
    return entry


test_entry.__test__ = False  # a helper, not a test


def result(tests, status="graded", message=None):
    counted = [t for t in tests if t["outcome"] != "skipped"]
    out = {"status": status, "score": sum(t["score"] for t in counted) if status == "graded" else 0.0,
           "max_score": sum(t["max_score"] for t in counted), "tests": tests}
    if message:
        out["message"] = message
    return out


PATH = {"function": "0.1*x1**2 + 2*x2**2", "optimizer": "SGD([x], lr=0.1).step(closure)",
        "torch": [[-5.0, -2.0], [-4.9, -1.2], [-4.8, -0.7]], "student": [[-5.0, -2.0], [-4.0, 1.0], [None, None]]}
RATE = {"n": 10000, "alpha": 2.5e-7, "cases": [{"p": 0.1, "band": [0.0849, 0.1158], "observed": 0.9},
                                               {"p": 0.6, "band": [0.5747, 0.6252], "observed": None}]}
HINT = "Hint: p is the probability of dropping (zeroing) an element, not of keeping it."


@pytest.fixture
def table():
    """Four students, two topics: full marks, one mistake shared by two students, a missing file."""
    return {
        "ann": {
            "softmax": result([test_entry("values", "passed", 2, 2, "softmax"), test_entry("grad", "passed", 1, 1, "softmax"),
                               test_entry("gpu", "skipped", 0, 1, "softmax", "no CUDA")]),
            "optimizers": result([test_entry("closure", "passed", 1, 1, "SGD", artifacts={"optimizer_path": PATH})]),
        },
        "ben+2@x": {
            "softmax": result([test_entry("values", "failed", 0, 2, "softmax",
                                          f"1 of 3 cases failed:\n- dim=0: got 0.25, expected 0.5. {HINT}"),
                               test_entry("grad", "error", 0, 1, "softmax", EVIL)]),
            "optimizers": result([test_entry("closure", "failed", 0.5, 1, "SGD", "x after step 2 differs by 1.5e-3",
                                             artifacts={"optimizer_path": PATH, "ignored": 1}),
                                  test_entry("rate", "failed", 0, 1, "dropout", HINT, artifacts={"dropout_rate": RATE})]),
        },
        "cy": {
            "softmax": result([test_entry("values", "failed", 0, 2, "softmax", f"dim=1: got 7, expected 9. {HINT}"),
                               test_entry("grad", "passed", 1, 1, "softmax")]),
        },
        "dee": {
            "softmax": result([test_entry("values", "error", 0, 2, "softmax", "no softmax.py was submitted")], status="missing"),
        },
    }


@pytest.fixture
def site(tmp_path, table):
    index = write_site(tmp_path / "html", table, ["softmax", "optimizers"], rejected=["<bad>: not a valid id"],
                       notes=["ann/softmax: sandbox seccomp unavailable"])
    return tmp_path / "html", index.read_text()


def test_every_student_has_a_page_linked_from_the_class_page(site, table):
    folder, index = site
    for student in table:
        assert (folder / "students" / f"{student}.html").exists()
    assert "href='students/ben%2B2%40x.html'" in index  # ids are URL-quoted in links...
    assert ">ben+2@x</a>" in index  # ...and shown as they are


def test_student_supplied_text_is_escaped_everywhere(site):
    folder, index = site
    pages = [index] + [p.read_text() for p in (folder / "students").glob("*.html")]
    assert not any("<script>" in page for page in pages)
    assert escape(EVIL) in (folder / "students" / "ben+2@x.html").read_text()
    assert "&lt;bad&gt;: not a valid id" in index


def test_pass_rates_count_graded_files_only_and_skip_skipped_tests(table):
    from autograder.gradebook import grades_document

    rates = {r.test: (r.passed, r.attempted) for r in pass_rates(grades_document(table), "softmax")}
    assert rates == {"values": (1, 3), "grad": (2, 3), "gpu": (0, 0)}  # dee's missing file does not count


def test_the_class_page_shows_pass_rates_histograms_and_notes(site):
    folder, index = site
    assert "<td>values</td><td>softmax</td><td class='num'>1 / 3</td>" in index
    assert "width:33%" in index and "width:67%" in index
    histograms = re.findall(r"<img src='(plots/histogram-[0-9a-f]+\.svg)' alt='score histogram for (\w+)'>", index)
    assert [topic for _, topic in histograms] == ["softmax", "optimizers"]
    for src, _ in histograms:
        ET.parse(folder / src)  # well-formed SVG
    assert "sandbox seccomp unavailable" in index


def test_histogram_counts_put_each_score_in_its_band():
    edges, counts = histogram_counts([0, 0.5, 3, 3, 10, 12], max_score=10)
    assert list(edges) == [float(v) for v in range(11)]
    assert list(counts) == [2, 0, 0, 2, 0, 0, 0, 0, 0, 2]  # 10 is in the last band; 12 is clipped to it


def test_common_mistakes_group_the_same_hint_and_name_who_made_it(table):
    from autograder.gradebook import grades_document

    document = grades_document(table)
    mistakes = common_mistakes(document)
    top = mistakes[0]
    assert (top.topic, top.tests, sorted(top.students)) == ("softmax", ["values"], ["ben+2@x", "cy"])
    assert top.summary == HINT.removeprefix("Hint: ")
    assert all("dee" not in m.students for m in mistakes)  # a missing file is not a mistake in a test
    assert [(m.topic, m.tests, m.students) for m in mistakes if m.summary == top.summary and m.topic == "optimizers"] == [
        ("optimizers", ["rate"], ["ben+2@x"])]  # same hint, other topic: another mistake
    assert mistake_summary("2 of 5 cases failed:\n- p=0.3: you zeroed 10 of 400 elements (float64)") == \
        "p=#: you zeroed # of # elements (float64)"
    failed = {(f.topic, f.test): f.students for f in failed_tests(document)}
    assert failed == {("softmax", "values"): ["ben+2@x", "cy"], ("softmax", "grad"): ["ben+2@x"],
                      ("optimizers", "closure"): ["ben+2@x"], ("optimizers", "rate"): ["ben+2@x"]}


def test_grader_failures_are_found_in_topics_and_tests():
    from autograder.classroom import grader_failure
    from autograder.i18n import tr

    GRADER_FAILED_FEEDBACK = tr("plugin.grader_failed")

    document = {"students": {"a": {"topics": {"t": grader_failure()}},
                             "b": {"topics": {"t": result([test_entry("x", "error", 0, 1, "f", GRADER_FAILED_FEEDBACK)])}}}}
    assert grader_failures(document) == [("a", "t", "the whole topic"), ("b", "t", "x")]


def test_student_pages_plot_the_recorded_paths_and_mask_rates(site):
    folder, _ = site
    ben = (folder / "students" / "ben+2@x.html").read_text()
    images = re.findall(r"<img src='\.\./(plots/[a-z]+-[0-9a-f]+\.svg)' alt='([^']+)'>", ben)
    assert [unescape(alt).split(": ")[1] for _, alt in images] == ["your optimizers' paths beside torch's on the contour plot",
                                                         "your dropout's zeroed fraction against the expected band"]
    paths, rate = (ET.parse(folder / src).getroot() for src, _ in images)
    texts = lambda root: " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))  # noqa: E731
    assert "yours" in texts(paths) and "torch.optim" in texts(paths) and "SGD" in texts(paths)
    assert "p = 0.1" in texts(rate) and "no result" in texts(rate)
    cy = (folder / "students" / "cy.html").read_text()
    assert "plots/paths-" not in cy  # nothing recorded, nothing drawn
    assert "<tr><td>softmax</td><td class='num'>1 / 3</td></tr>" in cy  # score per function


def test_a_rebuild_reuses_plots_and_drops_what_is_gone(tmp_path, table):
    folder = tmp_path / "html"
    write_site(folder, table, ["softmax", "optimizers"])
    plots = {p.name: p.stat().st_mtime_ns for p in (folder / "plots").glob("*.svg")}
    del table["ben+2@x"]
    write_site(folder, table, ["softmax", "optimizers"])
    assert not (folder / "students" / "ben+2@x.html").exists()
    left = {p.name: p.stat().st_mtime_ns for p in (folder / "plots").glob("*.svg")}
    assert not any(name.startswith("dropout-") for name in left)  # ben's mask-rate plot is gone with him
    assert sum(name.startswith("dropout-") for name in plots) == 1
    assert sum(name.startswith("histogram-") for name in left) == 2  # redrawn for the new scores, old ones removed
    assert all(left[name] == plots[name] for name in left if name.startswith("paths-"))  # ann's path: not redrawn


def test_grades_json_leaves_artifacts_in_the_result_store(tmp_path, table):
    write_reports(tmp_path, table, ["softmax", "optimizers"], [], [])
    text = (tmp_path / "grades.json").read_text()
    assert "artifacts" not in text and "optimizer_path" not in text
    assert table["ann"]["optimizers"]["tests"][0]["artifacts"]["optimizer_path"] == PATH  # the store's copy is untouched


def test_credit_record_keeps_plain_data_only():
    credit = Credit()
    credit.record("path", {"points": [torch.tensor([1.0, float("nan")])], "n": 3})
    assert credit.artifacts == {"path": {"points": [[1.0, None]], "n": 3}}
    with pytest.raises(TypeError):
        credit.record("bad", object())
    with pytest.raises(ValueError):
        credit.record("big", list(range(ARTIFACT_LIMIT)))


# ------------------------------------------------------------------------------ in Chromium

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed (Debian: apt-get install chromium)")


@needs_chromium
def test_chromium_renders_the_class_page_with_its_pictures(site, tmp_path, table):
    folder, _ = site
    dom = dump_dom(folder / "index.html")
    assert dom.count("alt=\"score histogram for") == 2
    for student in table:
        assert f">{escape(student)}</a>" in dom
    import matplotlib.image

    png = screenshot(folder / "index.html", tmp_path / "class.png", width=1000, height=2400)
    pixels = matplotlib.image.imread(png)[..., :3]
    assert pixels.shape[:2] == (2400, 1000)
    histogram_blue = ((abs(pixels[..., 0] - 0x1F / 255) < 0.02) & (abs(pixels[..., 1] - 0x77 / 255) < 0.02)
                      & (abs(pixels[..., 2] - 0xB4 / 255) < 0.02))
    assert (pixels < 0.5).any(axis=-1).mean() > 0.01  # text on the page: not blank
    assert histogram_blue.sum() > 500  # the histogram images were loaded and drawn


# ------------------------------------------------------------------------------ end to end


def test_grade_html_end_to_end_records_and_plots_dropout_rates(tmp_path, course_root):
    """Two students graded on dropout: the reference solution and a mutant that keeps with probability p."""
    submissions = tmp_path / "class"
    (submissions / "good").mkdir(parents=True)
    (submissions / "flipped").mkdir()
    (submissions / "good" / "dropout.py").write_text((course_root / "solutions" / "dropout.py").read_text())
    mutant = course_root / "assignments" / "dropout" / "mutants" / "keeps_with_probability_p.py"
    (submissions / "flipped" / "dropout.py").write_text(  # a mutant overrides names of the solution, as in validate
        (course_root / "solutions" / "dropout.py").read_text() + "\n\n" + mutant.read_text())
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(submissions), "--out", str(out),
                          "--topics", "dropout", "--jobs", "2", "--html", "--json"], capture_output=True, text=True,
                         timeout=900, env={**os.environ, "COLUMNS": "200"})
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)  # stdout is the JSON line only
    assert summary["html"] == str(out / "html" / "index.html") and summary["grader_failures"] == 0
    stored = json.loads((out / "results" / "flipped" / "dropout.json").read_text())["result"]
    rate = next(t["artifacts"]["dropout_rate"] for t in stored["tests"] if "dropout_rate" in t.get("artifacts", {}))
    assert all(not (lo <= case["observed"] <= hi) for case in rate["cases"] for lo, hi in [case["band"]])
    good = json.loads((out / "results" / "good" / "dropout.json").read_text())["result"]
    rate = next(t["artifacts"]["dropout_rate"] for t in good["tests"] if "dropout_rate" in t.get("artifacts", {}))
    assert all(lo <= case["observed"] <= hi for case in rate["cases"] for lo, hi in [case["band"]])
    assert "artifacts" not in (out / "grades.json").read_text()
    page = (out / "html" / "students" / "flipped.html").read_text()
    assert re.search(r"<img src='\.\./plots/dropout-[0-9a-f]+\.svg'", page)
    assert "dropout" in (out / "html" / "index.html").read_text()

    # The terminal summary of a rerun (results reused): a mean row, and a failure of the grader itself
    # (planted in the store with its fingerprint intact) is reported by student and topic.
    from autograder.classroom import grader_failure

    record_path = out / "results" / "flipped" / "dropout.json"
    record = json.loads(record_path.read_text())
    record_path.write_text(json.dumps({**record, "result": grader_failure()}))
    rerun = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(submissions), "--out", str(out),
                            "--topics", "dropout", "--html"], capture_output=True, text=True, timeout=900,
                           env={**os.environ, "COLUMNS": "200"})
    assert rerun.returncode == 0, rerun.stderr
    assert re.search(r"│ mean\s+│\s+[\d.]+ │", rerun.stdout), rerun.stdout
    assert "the grader itself failed 1 time(s)" in rerun.stdout and "flipped / dropout: the whole topic" in rerun.stdout
    assert "flipped / dropout: the whole topic" in (out / "html" / "index.html").read_text()


@pytest.mark.parametrize(("lang", "expected", "absent"), [
    ("zh", ["<html lang='zh'>", "班级报告", "最常见的错误", "学生", "等高线图"], ["Class report", "Most common mistakes"]),
    ("en", ["<html lang='en'>", "Class report", "Most common mistakes", "contour plot"], ["班级报告", "最常见的错误"]),
])
def test_the_report_is_written_in_the_run_language(tmp_path, table, monkeypatch, lang, expected, absent):
    monkeypatch.setenv("AUTOGRADER_LANG", lang)
    index = write_site(tmp_path / "html", table, ["softmax", "optimizers"])
    pages = index.read_text(encoding="utf-8") + "".join(
        page.read_text(encoding="utf-8") for page in (index.parent / "students").glob("*.html"))
    assert all(text in pages for text in expected), [text for text in expected if text not in pages]
    assert not any(text in pages for text in absent)
    plots = "".join(svg.read_text(encoding="utf-8") for svg in (index.parent / "plots").glob("*.svg"))
    assert ("学生" if lang == "zh" else "students") in plots  # the histograms' axis labels
