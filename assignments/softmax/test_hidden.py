"""Hidden tests for softmax, log_softmax and logsumexp (softmax、log_softmax 和 logsumexp 的隐藏测试)."""
import torch
from hypothesis import given
from hypothesis import strategies as st

from autograder.spec import (
    Hint,
    Text,
    describe,
    expect_close,
    expect_cuda_matches,
    expect_fast,
    expect_gradients,
    expect_unchanged,
    graded,
    requires_cuda,
)

REFERENCE = {"softmax": torch.softmax, "log_softmax": torch.log_softmax, "logsumexp": torch.logsumexp}
INF = float("inf")


@st.composite
def tensors_and_dims(draw, dtypes=(torch.float32, torch.float64)):
    """A random tensor of 1-4 dims (sizes 1-6), a valid dim (negative ones too) and a magnitude up to 30."""
    shape = draw(st.lists(st.integers(1, 6), min_size=1, max_size=4))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    dtype = draw(st.sampled_from(dtypes))
    scale = draw(st.sampled_from([0.1, 1.0, 5.0, 30.0]))
    seed = draw(st.integers(0, 2**31 - 1))
    x = torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64) * scale
    return x.to(dtype), dim


def call_text(name, x, dim, **extra):
    args = ", ".join([f"dim={dim}"] + [f"{k}={v}" for k, v in extra.items()])
    return Text("{call} for x {x}", "x 为{x}时的 {call}").format(call=f"{name}(x, {args})", x=describe(x))


def common_mistakes(name, x, dim):
    wrong_dim = (dim + 1) % x.dim()
    hints = [Hint(Text(f"you reduced over dim {wrong_dim}, not dim={dim}", f"你沿 dim {wrong_dim} 做了归约，而不是 dim={dim}"),
                  lambda: REFERENCE[name](x, wrong_dim))] if x.dim() > 1 else []
    if name == "softmax":
        hints.append(Hint(Text("divide by the sum along dim only, not over the whole tensor", "只除以沿 dim 的和，而不是整个张量的和"),
                          lambda: x.exp() / x.exp().sum()))
    if name == "log_softmax":
        hints.append(Hint(Text("log_softmax is x minus logsumexp along dim (you returned softmax?)",
                               "log_softmax 等于 x 减去沿 dim 的 logsumexp（你返回的是 softmax？）"), lambda: torch.softmax(x, dim)))
    return hints


# ---------------------------------------------------------------------------------- values


def _values(name):
    @given(case=tensors_and_dims())
    def check(student, case):
        x, dim = case
        expect_close(getattr(student, name)(x, dim=dim), REFERENCE[name](x, dim=dim), what=call_text(name, x, dim),
                     inputs=[x], hints=common_mistakes(name, x, dim))
    return check


test_softmax_values = graded(2, "softmax", Text("softmax matches torch.softmax on random shapes and dims", "随机形状和维度上 softmax 与 torch.softmax 一致"))(_values("softmax"))
test_log_softmax_values = graded(2, "log_softmax", Text("log_softmax matches torch.log_softmax on random shapes and dims",
                                                                "随机形状和维度上 log_softmax 与 torch.log_softmax 一致"))(_values("log_softmax"))
test_logsumexp_values = graded(1, "logsumexp", Text("logsumexp matches torch.logsumexp on random shapes and dims",
                                                            "随机形状和维度上 logsumexp 与 torch.logsumexp 一致"))(_values("logsumexp"))


@graded(1, "logsumexp", Text("logsumexp honours keepdim and a tuple of dims", "logsumexp 支持 keepdim 和维度元组"))
def test_logsumexp_keepdim_and_tuple(student, credit):
    x = torch.randn(3, 4, 5, generator=torch.Generator().manual_seed(0))
    for dim in (0, -1, (0, 2), (1, -1)):
        for keepdim in (False, True):
            with credit.case(Text(f"dim={dim}, keepdim={keepdim}", f"dim={dim}，keepdim={keepdim}")):
                expect_close(student.logsumexp(x, dim=dim, keepdim=keepdim), torch.logsumexp(x, dim=dim, keepdim=keepdim),
                             what=call_text("logsumexp", x, dim, keepdim=keepdim), inputs=[x])


# ------------------------------------------------------------------------------- gradients


def _gradients(name):
    def check(student, credit):
        generator = torch.Generator().manual_seed(1)
        for shape, dim in (((5,), 0), ((4, 6), 1), ((4, 6), 0), ((2, 3, 4), -1)):
            x = torch.randn(shape, generator=generator, dtype=torch.float64) * 3
            with credit.case(Text(f"shape {shape}, dim={dim}", f"形状 {shape}，dim={dim}")):
                expect_gradients(student, name, x, dim=dim, reference=REFERENCE[name], what=call_text(name, x, dim))
    return check


test_softmax_gradients = graded(2, "softmax", Text("gradients through softmax equal torch's (float64)", "softmax 的梯度与 torch 的一致（float64）"))(_gradients("softmax"))
test_log_softmax_gradients = graded(2, "log_softmax", Text("gradients through log_softmax equal torch's (float64)",
                                                                    "log_softmax 的梯度与 torch 的一致（float64）"))(_gradients("log_softmax"))
test_logsumexp_gradients = graded(2, "logsumexp", Text("gradients through logsumexp equal torch's (float64)", "logsumexp 的梯度与 torch 的一致（float64）"))(_gradients("logsumexp"))


# ------------------------------------------------------------------------------- stability

CASE_NAMES = {  # the cases as the student reads them
    "logits at +-1000": Text("logits at +-1000", "logits 为 ±1000"),
    "a row of all -1000": Text("a row of all -1000", "一行全为 -1000"),
    "-inf masks": Text("-inf masks", "-inf 掩码"),
    "a fully masked row (all -inf)": Text("a fully masked row (all -inf)", "整行被掩码（全为 -inf）"),
    "rows at very different scales": Text("rows at very different scales", "各行尺度相差很大"),
}
STABILITY_CASES = {
    "logits at +-1000": torch.tensor([[1000.0, -1000.0, 0.0, 999.0], [-1000.0, 1000.0, 1000.0, 0.0]]),
    "a row of all -1000": torch.tensor([[-1000.0, -1000.0, -1000.0], [1.0, 2.0, 3.0]]),
    "-inf masks": torch.tensor([[0.5, -INF, 2.0, -INF], [-INF, -INF, -INF, 0.0]]),
    "a fully masked row (all -inf)": torch.tensor([[-INF, -INF, -INF], [0.0, 1.0, 2.0]]),
    "rows at very different scales": torch.tensor([[1e-4, 2e-4, 3e-4], [1e4, 2e4, 3e4], [-50.0, 0.0, 50.0]]),
}


def _stability(name, cases):
    def check(student, credit):
        for label in cases:
            x = STABILITY_CASES[label]
            for dtype in (torch.float32, torch.float64):
                xd = x.to(dtype)
                with credit.case(CASE_NAMES[label] + f", {dtype}"):
                    expect_close(getattr(student, name)(xd, dim=-1), REFERENCE[name](xd, dim=-1),
                                 what=Text("{name}(x, dim=-1) on {label} ({x})", "{label}时的 {name}(x, dim=-1)（{x}）").format(
                                     name=name, label=CASE_NAMES[label], x=describe(xd)), inputs=[xd])
    return check


test_softmax_stability = graded(1, "softmax", Text("softmax is stable: +-1000, all -1000, -inf masks, mixed scales",
                                                            "softmax 数值稳定：±1000、全为 -1000、-inf 掩码、不同尺度"))(
    _stability("softmax", ["logits at +-1000", "a row of all -1000", "-inf masks", "rows at very different scales"]))
test_log_softmax_stability = graded(2, "log_softmax", Text("log_softmax is stable: +-1000, all -1000, -inf masks, mixed scales",
                                                                    "log_softmax 数值稳定：±1000、全为 -1000、-inf 掩码、不同尺度"))(
    _stability("log_softmax", ["logits at +-1000", "a row of all -1000", "-inf masks", "rows at very different scales"]))
test_logsumexp_stability = graded(2, "logsumexp", Text("logsumexp is stable: +-1000, all -1000, -inf masks, all -inf, mixed scales",
                                                                "logsumexp 数值稳定：±1000、全为 -1000、-inf 掩码、全为 -inf、不同尺度"))(
    _stability("logsumexp", list(STABILITY_CASES)))


# ---------------------------------------------------------------- dtype, shape, inputs untouched


def _keeps_dtype_and_input(name):
    def check(student, credit):
        for dtype in (torch.float32, torch.float64, torch.float16):
            x = torch.randn(3, 5, generator=torch.Generator().manual_seed(2)).to(dtype)
            with credit.case(Text(f"{dtype}", f"数据类型 {dtype}")):
                run = student.run(name, x.clone(), dim=1, keep_args=True)
                expected = REFERENCE[name](x, dim=1)
                expect_close(run.value, expected, what=call_text(name, x, 1), inputs=[x])
                expect_unchanged([x], run.args_after, what=call_text(name, x, 1))
    return check


test_softmax_dtype = graded(1, "softmax", Text("softmax keeps dtype (float16/32/64) and leaves its input untouched",
                                                          "softmax 保持数据类型（float16/32/64）且不修改输入"))(_keeps_dtype_and_input("softmax"))
test_log_softmax_dtype = graded(1, "log_softmax", Text("log_softmax keeps dtype (float16/32/64) and leaves its input untouched",
                                                                  "log_softmax 保持数据类型（float16/32/64）且不修改输入"))(_keeps_dtype_and_input("log_softmax"))
test_logsumexp_dtype = graded(1, "logsumexp", Text("logsumexp keeps dtype (float16/32/64) and leaves its input untouched",
                                                              "logsumexp 保持数据类型（float16/32/64）且不修改输入"))(_keeps_dtype_and_input("logsumexp"))


# ------------------------------------------------------------------------------------ speed


def _speed(name):
    def check(student):
        x = torch.randn(512, 256, generator=torch.Generator().manual_seed(3))
        expect_fast(student, name, x, dim=-1, reference=REFERENCE[name], what=call_text(name, x, -1))
    return check


test_softmax_speed = graded(1, "softmax", Text("softmax is vectorised (within its time budget of torch)", "softmax 已矢量化（在相对 torch 的时间上限内）"))(_speed("softmax"))
test_log_softmax_speed = graded(1, "log_softmax", Text("log_softmax is vectorised (within its time budget of torch)",
                                                                 "log_softmax 已矢量化（在相对 torch 的时间上限内）"))(_speed("log_softmax"))
test_logsumexp_speed = graded(1, "logsumexp", Text("logsumexp is vectorised (within its time budget of torch)",
                                                             "logsumexp 已矢量化（在相对 torch 的时间上限内）"))(_speed("logsumexp"))


# -------------------------------------------------------------------------------------- GPU


def _gpu(name):
    @requires_cuda
    def check(student, credit):
        for dtype in (torch.float32, torch.float64):
            x = torch.randn(256, 100, generator=torch.Generator().manual_seed(4)).to(dtype)
            x[0] = -INF
            x[1, :50] = 1000.0
            with credit.case(Text(f"{dtype}", f"数据类型 {dtype}")):
                expect_cuda_matches(student, name, x, dim=-1, reference=REFERENCE[name], what=call_text(name, x, -1))
    return check


test_softmax_gpu = graded(1, "softmax", Text("softmax on CUDA: equals torch, stays on the GPU, no host sync",
                                                        "CUDA 上的 softmax：与 torch 一致，留在 GPU 上，不与主机同步"))(_gpu("softmax"))
test_log_softmax_gpu = graded(1, "log_softmax", Text("log_softmax on CUDA: equals torch, stays on the GPU, no host sync",
                                                                "CUDA 上的 log_softmax：与 torch 一致，留在 GPU 上，不与主机同步"))(_gpu("log_softmax"))
test_logsumexp_gpu = graded(1, "logsumexp", Text("logsumexp on CUDA: equals torch, stays on the GPU, no host sync",
                                                            "CUDA 上的 logsumexp：与 torch 一致，留在 GPU 上，不与主机同步"))(_gpu("logsumexp"))
