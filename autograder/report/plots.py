"""The report's pictures, drawn with matplotlib's non-interactive Agg backend and saved as SVG text.

Each function takes plain data (from the result store) and returns the SVG document as a string;
``site.py`` decides where it goes. Text stays text in the SVG (small files, searchable pages) and the
output is deterministic (no date, fixed ids), so an unchanged picture is byte-for-byte the same file.
"""
from __future__ import annotations

import io
import math
import warnings

import matplotlib

matplotlib.use("Agg")  # no display, no GUI toolkit: this runs on servers and in CI
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from autograder.i18n import tr  # noqa: E402

plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "autograder", "font.size": 9})

STUDENT, TORCH, BAND = "#d62728", "#1f77b4", "#2ca02c"


def _svg(figure) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # Chinese labels stay text in the SVG (svg.fonttype none) for the browser's fonts to draw;
        # matplotlib only measures them with its own font, which has no CJK glyphs: not worth a warning.
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def histogram_counts(scores: list[float], max_score: float, bands: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """(band edges, students per band): equal bands from 0 to max_score, the last one closed."""
    top = max_score if max_score > 0 else max(scores, default=1.0) or 1.0
    counts, edges = np.histogram(np.clip(scores, 0, top), bins=np.linspace(0, top, bands + 1))
    return edges, counts


def score_histogram(scores: list[float], max_score: float, topic: str) -> str:
    """How many students got each score band of a topic."""
    figure, axes = plt.subplots(figsize=(4.2, 2.4))
    edges, counts = histogram_counts(scores, max_score)
    axes.bar(edges[:-1], counts, width=np.diff(edges), align="edge", color=TORCH, edgecolor="white")
    axes.set_xlim(edges[0], edges[-1])
    axes.set_xlabel(tr("report.plot.score", max_score=f"{max_score:g}"))
    axes.set_ylabel(tr("report.plot.students"))
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title(tr("report.plot.histogram_title", topic=topic, count=len(scores)))
    return _svg(figure)


def _contour(axes, function: str) -> None:
    """The course's quadratic f(x1, x2) = 0.1*x1**2 + 2*x2**2 (d2l's optimizer chapters)."""
    if function != "0.1*x1**2 + 2*x2**2":
        raise ValueError(f"no contour for {function!r}")
    x1, x2 = np.meshgrid(np.linspace(-5.5, 1.5, 120), np.linspace(-3.0, 3.0, 120))
    axes.contour(x1, x2, 0.1 * x1 ** 2 + 2 * x2 ** 2, levels=12, colors="#bbbbbb", linewidths=0.7)


def _finite_points(points) -> np.ndarray:
    """[[x1, x2], ...] up to the first point that is missing or not finite (a diverging run)."""
    kept = []
    for point in points or []:
        if not (isinstance(point, list) and len(point) == 2 and all(isinstance(v, (int, float)) and math.isfinite(v) for v in point)):
            break
        kept.append(point)
    return np.array(kept, dtype=float).reshape(-1, 2)


def optimizer_paths(paths: dict[str, dict]) -> str:
    """One panel per optimizer: the student's path beside torch's on the contour plot of the loss."""
    names = list(paths)
    figure, panels = plt.subplots(1, len(names), figsize=(3.2 * len(names), 3.0), squeeze=False, layout="constrained")
    for axes, name in zip(panels[0], names):
        path = paths[name]
        _contour(axes, path["function"])
        want = _finite_points(path["torch"])
        got = _finite_points(path.get("student"))
        axes.plot(want[:, 0], want[:, 1], "-o", color=TORCH, markersize=4, label="torch.optim")
        if len(got):
            axes.plot(got[:, 0], got[:, 1], "--x", color=STUDENT, markersize=6, label=tr("report.plot.yours"))
        else:
            axes.text(0.5, 0.08, "no path from your code", transform=axes.transAxes, ha="center", color=STUDENT)
        axes.set_xlim(-5.5, 1.5)
        axes.set_ylim(-3.0, 3.0)
        axes.set_xlabel("x1")
        axes.set_ylabel("x2")
        axes.set_title(name)
    figure.legend(*panels[0][0].get_legend_handles_labels(), loc="outside lower center", ncol=2)
    figure.suptitle(f"f(x) = {paths[names[0]]['function']}: {len(_finite_points(paths[names[0]]['torch'])) - 1} steps from (-5, -2)")
    return _svg(figure)


def dropout_rates(record: dict) -> str:
    """For each p: the distribution of the zeroed fraction a correct dropout gives (binomial), the band
    the test accepts, and the student's observed fraction."""
    from scipy import stats

    n, cases = int(record["n"]), record["cases"]
    figure, panels = plt.subplots(1, len(cases), figsize=(2.6 * len(cases), 2.6), squeeze=False, layout="constrained")
    for axes, case in zip(panels[0], cases):
        p, (lo, hi), observed = case["p"], case["band"], case.get("observed")
        spread = max(8 * math.sqrt(p * (1 - p) / n), 2 / n)
        left, right = p - spread, p + spread
        if observed is not None:
            margin = 0.1 * max(abs(observed - p), spread)
            left, right = min(left, observed - margin), max(right, observed + margin)
        counts = np.arange(max(0, math.floor(left * n)), min(n, math.ceil(right * n)) + 1)
        axes.plot(counts / n, stats.binom.pmf(counts, n, p), color=TORCH, linewidth=1, label=tr("report.plot.correct_dropout"))
        axes.axvspan(lo, hi, color=BAND, alpha=0.2, label=tr("report.plot.band"))
        if observed is not None:
            inside = lo <= observed <= hi
            axes.axvline(observed, color=BAND if inside else STUDENT, linewidth=2, label=tr("report.plot.yours"))
        else:
            axes.text(0.5, 0.5, "no result", transform=axes.transAxes, ha="center", color=STUDENT)
        axes.set_xlim(left, right)
        axes.set_yticks([])
        axes.set_xlabel(tr("report.plot.fraction_zeroed"))
        axes.set_title(f"p = {p:g}")
    handles = {label: handle for axes in panels[0] for handle, label in zip(*axes.get_legend_handles_labels())}
    figure.legend(handles.values(), handles.keys(), loc="outside lower center", ncol=3)
    figure.suptitle(f"dropout(x, p) on {n:,} elements: zeroed fraction against the accepted band")
    return _svg(figure)
