"""Public tests for initialization: run them with `autograder check initialization`.

The hidden tests check much more (conv layouts of every dimension, every nonlinearity and the
errors, the distributions' shape with Kolmogorov-Smirnov tests, mode='fan_out', nn.Parameters,
a 50-layer network, speed, CUDA); passing these is a start, not a guarantee.
"""
import math

import torch
from scipy import stats

from autograder.spec import Mismatch, Text, graded


@graded(2, "calculate_fan_in_and_fan_out", Text("fans of a Linear weight (3, 5) and a conv2d weight (8, 4, 3, 3)", "Linear 权重 (3, 5) 和 conv2d 权重 (8, 4, 3, 3) 的 fan_in/fan_out"))
def test_fans_small(student, credit):
    for shape, want in (((3, 5), (5, 3)), ((8, 4, 3, 3), (36, 72))):
        with credit.case(Text(f"shape {shape}", f"形状 {shape}")):
            got = student.calculate_fan_in_and_fan_out(torch.empty(shape))
            if tuple(got) != want:
                raise Mismatch(Text(f"calculate_fan_in_and_fan_out(w) for w of shape {shape} should be (fan_in, fan_out) = {want}; "
                               f"yours returned {tuple(got)}", f"w 的形状为 {shape} 时，calculate_fan_in_and_fan_out(w) 应为 (fan_in, fan_out) = {want}；"
                               f"你的返回了 {tuple(got)}"))


@graded(2, "calculate_gain", Text("gains of relu, tanh and leaky_relu with slope 0.2", "relu、tanh 和斜率为 0.2 的 leaky_relu 的增益"))
def test_gain_small(student, credit):
    for args, want in ((("relu",), math.sqrt(2)), (("tanh",), 5 / 3), (("leaky_relu", 0.2), math.sqrt(2 / 1.04))):
        with credit.case(Text(f"calculate_gain{args!r}", f"calculate_gain{args!r}")):
            got = student.calculate_gain(*args)
            if not isinstance(got, (int, float)) or not math.isclose(got, want, rel_tol=1e-6):
                raise Mismatch(Text(f"calculate_gain{args!r} should be {want:.6g}; yours returned {got!r:.40}", f"calculate_gain{args!r} 应为 {want:.6g}；你的返回了 {got!r:.40}"))


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
            raise Mismatch(Text(f"{what} should fill w in place and return w itself", f"{what} 应原地填充 w 并返回 w 本身"))
        x = report["values"].double().flatten()
        if not torch.isfinite(x).all():
            raise Mismatch(Text(f"{what} left some entries of w unfilled (still NaN)", f"{what} 没有填充 w 的某些元素（仍为 NaN）"))
        n, std = x.numel(), STD[name]
        if name.endswith("uniform_"):
            bound = math.sqrt(3) * std
            peak = float(x.abs().max())
            if peak > bound * (1 + 1e-6):
                raise Mismatch(Text(f"{what}: values reach {peak:.4g}, beyond the bound {bound:.4g}", f"{what}：数值达到 {peak:.4g}，超出了边界 {bound:.4g}"))
            if peak < bound * (1 - (1 - 5e-8 ** (1 / n))):
                raise Mismatch(Text(f"{what}: values only reach {peak:.4g}; they should fill [-{bound:.4g}, {bound:.4g}]", f"{what}：数值最大只到 {peak:.4g}；它们应填满 [-{bound:.4g}, {bound:.4g}]"))
        else:
            chi2 = float(x.pow(2).sum()) / std ** 2
            if not stats.chi2.ppf(2.5e-8, n) <= chi2 <= stats.chi2.isf(2.5e-8, n):
                raise Mismatch(Text(f"{what}: the sample std is {math.sqrt(float(x.pow(2).mean())):.4g}; it should be close to {std:.4g}", f"{what}：样本标准差为 {math.sqrt(float(x.pow(2).mean())):.4g}；应接近 {std:.4g}"))
    return check


for _name in STD:
    globals()[f"test_{_name}fills_linear_weight"] = graded(
        1, _name, Text(f"{_name} fills a (256, 128) Linear weight in place with the right scale", f"{_name} 以正确的尺度原地填充 (256, 128) 的 Linear 权重"))(_fill(_name))
