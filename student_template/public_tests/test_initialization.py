"""Public tests for initialization: run them with `autograder check initialization`.

The hidden tests check much more (conv layouts of every dimension, every nonlinearity and the
errors, the distributions' shape with Kolmogorov-Smirnov tests, mode='fan_out', nn.Parameters,
a 50-layer network, speed, CUDA); passing these is a start, not a guarantee.
"""
import math

import torch
from scipy import stats

from autograder.spec import Mismatch, graded


@graded(2, "calculate_fan_in_and_fan_out", "fans of a Linear weight (3, 5) and a conv2d weight (8, 4, 3, 3)")
def test_fans_small(student, credit):
    for shape, want in (((3, 5), (5, 3)), ((8, 4, 3, 3), (36, 72))):
        with credit.case(f"shape {shape}"):
            got = student.calculate_fan_in_and_fan_out(torch.empty(shape))
            if tuple(got) != want:
                raise Mismatch(f"calculate_fan_in_and_fan_out(w) for w of shape {shape} should be (fan_in, fan_out) = {want}; "
                               f"yours returned {tuple(got)}")


@graded(2, "calculate_gain", "gains of relu, tanh and leaky_relu with slope 0.2")
def test_gain_small(student, credit):
    for args, want in ((("relu",), math.sqrt(2)), (("tanh",), 5 / 3), (("leaky_relu", 0.2), math.sqrt(2 / 1.04))):
        with credit.case(f"calculate_gain{args!r}"):
            got = student.calculate_gain(*args)
            if not isinstance(got, (int, float)) or not math.isclose(got, want, rel_tol=1e-6):
                raise Mismatch(f"calculate_gain{args!r} should be {want:.6g}; yours returned {got!r:.40}")


SHAPE = (256, 128)  # fan_in = 128, fan_out = 256
STD = {
    "xavier_uniform_": math.sqrt(2 / (128 + 256)),
    "xavier_normal_": math.sqrt(2 / (128 + 256)),
    "kaiming_uniform_": math.sqrt(2) / math.sqrt(128),
    "kaiming_normal_": math.sqrt(2) / math.sqrt(128),
}


def _fill(name):
    def check(student):
        """Fills a fresh (256, 128) tensor; false-failure rate <= 1e-7 (two checks at 5e-8 each)."""
        report = student.scenario("fill", name, SHAPE)
        what = f"{name}(w) for w a float32 tensor of shape {SHAPE}"
        if not report["same_object"]:
            raise Mismatch(f"{what} should fill w in place and return w itself")
        x = report["values"].double().flatten()
        if not torch.isfinite(x).all():
            raise Mismatch(f"{what} left some entries of w unfilled (still NaN)")
        n, std = x.numel(), STD[name]
        if name.endswith("uniform_"):
            bound = math.sqrt(3) * std
            peak = float(x.abs().max())
            if peak > bound * (1 + 1e-6):
                raise Mismatch(f"{what}: values reach {peak:.4g}, beyond the bound {bound:.4g}")
            if peak < bound * (1 - (1 - 5e-8 ** (1 / n))):
                raise Mismatch(f"{what}: values only reach {peak:.4g}; they should fill [-{bound:.4g}, {bound:.4g}]")
        else:
            chi2 = float(x.pow(2).sum()) / std ** 2
            if not stats.chi2.ppf(2.5e-8, n) <= chi2 <= stats.chi2.isf(2.5e-8, n):
                raise Mismatch(f"{what}: the sample std is {math.sqrt(float(x.pow(2).mean())):.4g}; it should be close to {std:.4g}")
    return check


for _name in STD:
    globals()[f"test_{_name}fills_linear_weight"] = graded(
        1, _name, f"{_name} fills a (256, 128) Linear weight in place with the right scale")(_fill(_name))
