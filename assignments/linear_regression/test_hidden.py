"""Hidden tests for linear_regression: model, loss_fn, grad_fn, training_loop (the thermometer of chapter 5)."""
import torch
from hypothesis import given
from hypothesis import strategies as st

from autograder.spec import (
    Hint,
    Mismatch,
    Text,
    describe,
    expect_close,
    expect_cuda_matches,
    expect_fast,
    expect_gradients,
    expect_tensor_like,
    graded,
    requires_cuda,
    to_cuda,
)

T_C = torch.tensor([0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0])
T_U = torch.tensor([35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4])
DTYPES = (torch.float32, torch.float64)


def generator(seed):
    return torch.Generator().manual_seed(seed)


def thermometer_data(shape, seed, dtype=torch.float64, scale=None, device="cpu"):
    """Readings t_u around a random offset and scale, targets t_c = a * t_u + c plus noise."""
    g = generator(seed)
    scale = scale if scale is not None else float(torch.empty(()).uniform_(0.1, 30.0, generator=g))
    offset = float(torch.empty(()).uniform_(-2.0, 2.0, generator=g)) * scale
    t_u = offset + scale * torch.randn(shape, generator=g, dtype=torch.float64)
    a, c = torch.randn(2, generator=g, dtype=torch.float64).tolist()
    t_c = a * t_u + 5 * c + torch.randn(shape, generator=g, dtype=torch.float64)
    return t_u.to(dtype=dtype, device=device), t_c.to(dtype=dtype, device=device)


def expect_untouched(names, before, after, what):
    """The student's function must not modify the caller's tensors in place (named in the student's terms)."""
    for name, old, new in zip(names, before, after):
        if isinstance(old, torch.Tensor) and not (isinstance(new, torch.Tensor) and new.shape == old.shape
                                                  and torch.equal(new.isnan(), old.isnan())
                                                  and torch.equal(new.nan_to_num(), old.nan_to_num())):
            raise Mismatch(Text(f"{what} changed the caller's {name} in place; compute into a new tensor instead "
                                "(x = x - ..., not x -= ... or x.sub_(...))",
                                f"{what} 原地修改了调用者的 {name}；请把结果算进一个新张量"
                                "（x = x - ...，而不是 x -= ... 或 x.sub_(...)）"))


def expect_on_cuda(student, name, *args, expected, what, rtol=None, scale=None):
    """On CUDA: the student's result equals ``expected`` (computed on the GPU too), stays there, no host sync."""
    cuda_args = [to_cuda(a) for a in args]
    run = student.run(name, *cuda_args, sync_debug=True)
    expect_close(run.value, expected(*cuda_args), what=Text(f"{what} on CUDA", f"CUDA 上的 {what}"), inputs=cuda_args, rtol=rtol, scale=scale)
    if run.host_syncs:
        raise Mismatch(Text(f"{what} on CUDA waited for the GPU ({run.host_syncs[0]}). Avoid .item(), .cpu(), .tolist(), "
                            "float(...), printing tensors, or Python `if` on tensor values inside the function.",
                            f"CUDA 上的 {what} 等待了 GPU（{run.host_syncs[0]}）。在函数中避免 .item()、.cpu()、.tolist()、"
                            "float(...)、打印张量以及对张量值的 Python `if`。"))


# ==================================================================================== model


def reference_model(t_u, w, b):
    return w * t_u + b


def model_text(t_u, w, b):
    return Text("model(t_u, w, b) for t_u {t_u}, w {w}, b {b}", "t_u 为 {t_u}、w 为 {w}、b 为 {b} 时的 model(t_u, w, b)").format(
        t_u=describe(t_u), w=describe(w), b=describe(b))


def model_hints(t_u, w, b):
    return [Hint(Text("the model is w * t_u + b (you swapped w and b?)", "模型是 w * t_u + b（你把 w 和 b 弄反了？）"), lambda: b * t_u + w),
            Hint(Text("add b: the model is w * t_u + b", "加上 b：模型是 w * t_u + b"), lambda: w * t_u)]


@st.composite
def model_cases(draw):
    """t_u of 0-3 dims (sizes 1-6), float32/float64; w and b each a Python float, a 0-dim or a 1-element tensor."""
    shape = draw(st.lists(st.integers(1, 6), min_size=0, max_size=3))
    dtype = draw(st.sampled_from(DTYPES))
    seed = draw(st.integers(0, 2**31 - 1))
    g = generator(seed)
    t_u = (torch.randn(shape, generator=g, dtype=torch.float64) * 50).to(dtype)
    scalars = []
    for kind in (draw(st.sampled_from(["float", "0-dim", "(1,)"])), draw(st.sampled_from(["float", "0-dim", "(1,)"]))):
        value = float(torch.randn((), generator=g, dtype=torch.float64)) * 5
        scalars.append(value if kind == "float" else torch.tensor(value, dtype=dtype).reshape(() if kind == "0-dim" else (1,)))
    return t_u, scalars[0], scalars[1]


@graded(3, "model", Text("model matches w * t_u + b on random shapes, with w and b floats, 0-dim or 1-element tensors", "随机形状下 model 与 w * t_u + b 一致，w 和 b 可为浮点数、0 维或单元素张量"))
@given(case=model_cases())
def test_model_values(student, case):
    t_u, w, b = case
    expect_close(student.model(t_u, w, b), reference_model(t_u, w, b), what=model_text(t_u, w, b), inputs=[t_u, w, b],
                 hints=model_hints(t_u, w, b))


@graded(1, "model", Text("model broadcasts w and b like w * t_u + b (a weight per column, a bias per row)", "model 像 w * t_u + b 一样广播 w 和 b（每列一个权重，每行一个偏置）"))
def test_model_broadcasting(student, credit):
    g = generator(10)
    t_u = torch.randn(4, 3, generator=g) * 20
    cases = {
        Text("w of shape (3,), b a 0-dim tensor", "w 形状为 (3,)，b 为 0 维张量"): (torch.randn(3, generator=g), torch.tensor(0.5)),
        Text("w a 0-dim tensor, b of shape (4, 1)", "w 为 0 维张量，b 形状为 (4, 1)"): (torch.tensor(2.0), torch.randn(4, 1, generator=g)),
        Text("w of shape (4, 1), b of shape (3,)", "w 形状为 (4, 1)，b 形状为 (3,)"): (torch.randn(4, 1, generator=g), torch.randn(3, generator=g)),
    }
    for label, (w, b) in cases.items():
        with credit.case(label):
            expect_close(student.model(t_u, w, b), reference_model(t_u, w, b), what=model_text(t_u, w, b), inputs=[t_u, w, b],
                         hints=model_hints(t_u, w, b))


@graded(2, "model", Text("gradients through model with respect to t_u, w and b equal autograd's of w * t_u + b", "model 关于 t_u、w 和 b 的梯度与 w * t_u + b 的自动微分一致"))
def test_model_gradients(student, credit):
    g = generator(11)
    for shape in ((11,), (3, 4)):
        t_u = torch.randn(shape, generator=g, dtype=torch.float64) * 30
        w, b = torch.randn((), generator=g, dtype=torch.float64), torch.randn((), generator=g, dtype=torch.float64)
        with credit.case(Text(f"t_u of shape {shape}", f"形状为 {shape} 的 t_u")):
            expect_gradients(student, "model", t_u, w, b, reference=reference_model, wrt=[0, 1, 2], what=model_text(t_u, w, b))


@graded(1, "model", Text("model keeps the dtype (float32/float64) and leaves t_u, w and b untouched", "model 保持 dtype（float32/float64），且不修改 t_u、w 和 b"))
def test_model_dtype_untouched(student, credit):
    for dtype in DTYPES:
        t_u = T_U.to(dtype)
        w, b = torch.tensor(0.5, dtype=dtype), torch.tensor(-17.0, dtype=dtype)
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            run = student.run("model", t_u.clone(), w.clone(), b.clone(), keep_args=True)
            expect_close(run.value, reference_model(t_u, w, b), what=model_text(t_u, w, b), inputs=[t_u])
            expect_untouched(["t_u", "w", "b"], [t_u, w, b], run.args_after, what=model_text(t_u, w, b))


@graded(1, "model", Text("model is vectorised (within its time budget of w * t_u + b)", "model 已向量化（在相对 w * t_u + b 的时间预算内）"))
def test_model_speed(student):
    t_u, _ = thermometer_data((100_000,), 12, dtype=torch.float32, scale=20.0)
    w, b = torch.tensor(0.5), torch.tensor(-17.0)
    expect_fast(student, "model", t_u, w, b, reference=reference_model, what=model_text(t_u, w, b))


@graded(1, "model", Text("model on CUDA: equals w * t_u + b, stays on the GPU, no host sync", "CUDA 上的 model：与 w * t_u + b 一致，留在 GPU 上，无主机同步"))
@requires_cuda
def test_model_gpu(student, credit):
    for dtype in DTYPES:
        t_u, _ = thermometer_data((1000,), 13, dtype=dtype, scale=20.0)
        w, b = torch.tensor(0.5, dtype=dtype), torch.tensor(-17.0, dtype=dtype)
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            expect_cuda_matches(student, "model", t_u, w, b, reference=reference_model, what=model_text(t_u, w, b))


# ================================================================================== loss_fn


def reference_loss(t_p, t_c):
    return ((t_p - t_c) ** 2).mean()


def loss_text(t_p, t_c):
    return Text("loss_fn(t_p, t_c) for t_p and t_c {t}", "t_p 和 t_c 为 {t} 时的 loss_fn(t_p, t_c)").format(t=describe(t_p))


def loss_hints(t_p, t_c):
    d = t_p - t_c
    return [Hint(Text("take the mean over all elements, not the sum", "对所有元素取平均，而不是求和"), lambda: (d ** 2).sum()),
            Hint(Text("this book's loss has no factor 1/2 (that is d2l's squared_loss)", "本书的损失没有 1/2 因子（那是 d2l 的 squared_loss）"), lambda: (d ** 2).mean() / 2),
            Hint(Text("square the differences before averaging them", "先对差求平方再求平均"), lambda: d.mean() ** 2),
            Hint(Text("the loss is the mean of the SQUARED differences, not of their absolute values", "损失是差的平方的平均值，而不是差的绝对值的平均值"), lambda: d.abs().mean()),
            Hint(Text("no square root: the mean squared error, not its root", "不要开平方根：是均方误差，而不是它的平方根"), lambda: (d ** 2).mean().sqrt()),
            Hint(Text("divide by the number of elements (numel), not by the size of the first dimension", "除以元素个数（numel），而不是第一维的大小"),
                 lambda: (d ** 2).sum() / (d.shape[0] if d.dim() else 1))]


@st.composite
def loss_cases(draw):
    """t_p and t_c of one shape (0-4 dims, sizes 1-6), float32/float64, magnitudes 0.01-100."""
    shape = draw(st.lists(st.integers(1, 6), min_size=0, max_size=4))
    dtype = draw(st.sampled_from(DTYPES))
    scale = draw(st.sampled_from([0.01, 1.0, 20.0, 100.0]))
    seed = draw(st.integers(0, 2**31 - 1))
    g = generator(seed)
    t_c = torch.randn(shape, generator=g, dtype=torch.float64) * scale
    t_p = t_c + torch.randn(shape, generator=g, dtype=torch.float64) * scale * draw(st.sampled_from([0.1, 1.0, 3.0]))
    return t_p.to(dtype), t_c.to(dtype)


def check_loss(student, t_p, t_c):
    rtol = 1e-5 if t_p.dtype == torch.float32 else None  # summation order may differ: a few ulps per level
    expect_close(student.loss_fn(t_p, t_c), reference_loss(t_p, t_c), what=loss_text(t_p, t_c), inputs=[t_p, t_c],
                 rtol=rtol, hints=loss_hints(t_p, t_c))


@graded(3, "loss_fn", Text("loss_fn matches ((t_p - t_c) ** 2).mean() on random shapes, float32 and float64", "随机形状下 loss_fn 与 ((t_p - t_c) ** 2).mean() 一致，float32 和 float64"))
@given(case=loss_cases())
def test_loss_values(student, case):
    check_loss(student, *case)


@graded(1, "loss_fn", Text("loss_fn edge cases: one element, 0-dim inputs, a perfect fit (loss 0), large errors", "loss_fn 的边界情况：单个元素、0 维输入、完美拟合（损失为 0）、很大的误差"))
def test_loss_edge_cases(student, credit):
    cases = {
        Text("a single element", "单个元素"): (torch.tensor([3.0]), torch.tensor([1.0])),
        Text("0-dim tensors", "0 维张量"): (torch.tensor(2.5), torch.tensor(-1.0)),
        Text("a perfect fit", "完美拟合"): (T_C.clone(), T_C.clone()),
        Text("errors of 1e5 (float64)", "1e5 量级的误差（float64）"): (T_U.double() * 1e4, T_C.double()),
    }
    for label, (t_p, t_c) in cases.items():
        with credit.case(label):
            check_loss(student, t_p, t_c)


@graded(2, "loss_fn", Text("gradients through loss_fn with respect to t_p and t_c equal autograd's (float64)", "loss_fn 关于 t_p 和 t_c 的梯度与自动微分一致（float64）"))
def test_loss_gradients(student, credit):
    g = generator(20)
    for shape in ((11,), (4, 5), (2, 3, 2)):
        t_c = torch.randn(shape, generator=g, dtype=torch.float64) * 10
        t_p = t_c + torch.randn(shape, generator=g, dtype=torch.float64) * 3
        with credit.case(Text(f"shape {shape}", f"形状 {shape}")):
            expect_gradients(student, "loss_fn", t_p, t_c, reference=reference_loss, wrt=[0, 1], what=loss_text(t_p, t_c))


@graded(1, "loss_fn", Text("loss_fn returns a 0-dim tensor of the inputs' dtype and leaves them untouched", "loss_fn 返回输入 dtype 的 0 维张量，且不修改输入"))
def test_loss_dtype_untouched(student, credit):
    for dtype in DTYPES:
        t_p, t_c = (0.5 * T_U - 17).to(dtype), T_C.to(dtype)
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            run = student.run("loss_fn", t_p.clone(), t_c.clone(), keep_args=True)
            expect_close(run.value, reference_loss(t_p, t_c), what=loss_text(t_p, t_c), inputs=[t_p, t_c], rtol=1e-5)
            expect_untouched(["t_p", "t_c"], [t_p, t_c], run.args_after, what=loss_text(t_p, t_c))


@graded(1, "loss_fn", Text("loss_fn is vectorised (within its time budget of ((t_p - t_c) ** 2).mean())", "loss_fn 已向量化（在相对 ((t_p - t_c) ** 2).mean() 的时间预算内）"))
def test_loss_speed(student):
    t_p, t_c = thermometer_data((100_000,), 21, dtype=torch.float64, scale=20.0)
    expect_fast(student, "loss_fn", t_p, t_c, reference=reference_loss, what=loss_text(t_p, t_c))


@graded(1, "loss_fn", Text("loss_fn on CUDA: equals ((t_p - t_c) ** 2).mean(), stays on the GPU, no host sync", "CUDA 上的 loss_fn：与 ((t_p - t_c) ** 2).mean() 一致，留在 GPU 上，无主机同步"))
@requires_cuda
def test_loss_gpu(student, credit):
    for dtype in DTYPES:
        t_p, t_c = thermometer_data((1000,), 22, dtype=dtype, scale=1.0)
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            expect_on_cuda(student, "loss_fn", t_p, t_c, expected=reference_loss, what=loss_text(t_p, t_c),
                           rtol=1e-5 if dtype == torch.float32 else None)


# ================================================================================== grad_fn


def autograd_grad(t_u, t_c, t_p, w, b):
    """The counterpart: autograd of loss_fn(model(t_u, w, b), t_c) with respect to w and b, in float64."""
    w64 = w.detach().double().clone().requires_grad_(True)
    b64 = b.detach().double().clone().requires_grad_(True)
    loss = ((w64 * t_u.double() + b64 - t_c.double()) ** 2).mean()
    return torch.stack(torch.autograd.grad(loss, [w64, b64])).to(t_p.dtype)


def grad_scale(t_u, t_c, t_p):
    """Rounding errors of a correct float computation scale with the mean magnitude of its terms."""
    size = 2 * (t_p.double().abs() + t_c.double().abs())
    return float(torch.maximum((size * t_u.double().abs()).mean(), size.mean()))


def grad_text(t_u):
    return Text("grad_fn(t_u, t_c, t_p, w, b) for t_u, t_c, t_p {t} and 0-dim w, b",
                "t_u、t_c、t_p 为 {t}、w 和 b 为 0 维时的 grad_fn(t_u, t_c, t_p, w, b)").format(t=describe(t_u))


def grad_hints(t_u, t_c, t_p):
    d = (t_p - t_c).double()
    tu = t_u.double()
    n = d.numel()
    right = torch.stack([(2 * d * tu).mean(), (2 * d).mean()])
    return [Hint(Text("dL/dt_p = 2 * (t_p - t_c) / N: the factor 2 comes from the square", "dL/dt_p = 2 * (t_p - t_c) / N：因子 2 来自平方"), lambda: right / 2),
            Hint(Text("L is a MEAN: divide by the number of points N", "L 是平均值：要除以点数 N"), lambda: right * n),
            Hint(Text("dL/db = sum(dL/dt_p), since dt_p/db = 1 (not t_u)", "dL/db = sum(dL/dt_p)，因为 dt_p/db = 1（而不是 t_u）"), lambda: torch.stack([right[0], right[0]])),
            Hint(Text("the sign: dL/dt_p = 2 * (t_p - t_c) / N, predictions minus targets", "符号：dL/dt_p = 2 * (t_p - t_c) / N，是预测减目标"), lambda: -right),
            Hint(Text("divide by the number of ELEMENTS t_p.numel(), not by t_p.size(0): the mean is over all of them", "除以元素个数 t_p.numel()，而不是 t_p.size(0)：平均是对所有元素的"),
                 lambda: right * n / (d.shape[0] if d.dim() else 1)),
            Hint(Text("the order is torch.stack([dL/dw, dL/db])", "顺序是 torch.stack([dL/dw, dL/db])"), lambda: right.flip(0))]


def check_grad(student, t_u, t_c, w, b):
    t_p = w * t_u + b
    expected = autograd_grad(t_u, t_c, t_p, w, b)
    expect_close(student.grad_fn(t_u, t_c, t_p, w, b), expected, what=grad_text(t_u),
                 scale=4 * grad_scale(t_u, t_c, t_p), hints=grad_hints(t_u, t_c, t_p))


@st.composite
def grad_cases(draw):
    """1-D thermometer-like data of 1-40 points at scales 0.1-30, float32/float64, random 0-dim w and b."""
    n = draw(st.integers(1, 40))
    dtype = draw(st.sampled_from(DTYPES))
    seed = draw(st.integers(0, 2**31 - 1))
    t_u, t_c = thermometer_data((n,), seed, dtype=dtype)
    g = generator(seed + 1)
    w = (torch.randn((), generator=g, dtype=torch.float64) * 3).to(dtype)
    b = (torch.randn((), generator=g, dtype=torch.float64) * 10).to(dtype)
    return t_u, t_c, w, b


@graded(3, "grad_fn", Text("grad_fn equals autograd's gradient of the loss on random 1-D data and parameters (float32/float64)", "随机一维数据和参数下 grad_fn 与损失的自动微分梯度一致（float32/float64）"))
@given(case=grad_cases())
def test_grad_values(student, case):
    check_grad(student, *case)


@graded(1, "grad_fn", Text("grad_fn on 2-D and 3-D data: the mean is over all elements (N = t_p.numel())", "二维和三维数据上的 grad_fn：平均是对所有元素的（N = t_p.numel()）"))
def test_grad_multidim(student, credit):
    for index, shape in enumerate(((4, 3), (2, 3, 5))):
        t_u, t_c = thermometer_data(shape, 30 + index, dtype=torch.float64, scale=10.0)
        with credit.case(Text(f"data of shape {shape}", f"形状为 {shape} 的数据")):
            check_grad(student, t_u, t_c, torch.tensor(0.7, dtype=torch.float64), torch.tensor(-3.0, dtype=torch.float64))


@graded(1, "grad_fn", Text("grad_fn on the book's data along the training run, raw and normalised readings, float32 and float64", "沿训练过程在书中数据上的 grad_fn，原始和归一化的读数，float32 和 float64"))
def test_grad_book(student, credit):
    for dtype in DTYPES:
        for label, t_u, (w, b) in ((Text("raw t_u, w=1, b=0", "原始 t_u，w=1，b=0"), T_U, (1.0, 0.0)),
                                   (Text("raw t_u, w=0.2327, b=-0.0438", "原始 t_u，w=0.2327，b=-0.0438"), T_U, (0.2327, -0.0438)),
                                   (Text("0.1 * t_u, w=2.9, b=-2.0", "0.1 * t_u，w=2.9，b=-2.0"), 0.1 * T_U, (2.9, -2.0)),
                                   (Text("0.1 * t_u at the optimum w=5.3671, b=-17.3012", "0.1 * t_u，在最优点 w=5.3671，b=-17.3012"),
                                    0.1 * T_U, (5.3671, -17.3012))):
            with credit.case(Text(f"{label}, {dtype}", f"{label}，{dtype}")):
                check_grad(student, t_u.to(dtype), T_C.to(dtype), torch.tensor(w, dtype=dtype), torch.tensor(b, dtype=dtype))


@graded(1, "grad_fn", Text("grad_fn returns a tensor of shape (2,) in t_p's dtype and leaves its inputs untouched", "grad_fn 返回形状为 (2,)、dtype 与 t_p 相同的张量，且不修改输入"))
def test_grad_outputs(student, credit):
    for dtype in DTYPES:
        t_u, t_c = T_U.to(dtype), T_C.to(dtype)
        w, b = torch.tensor(0.5, dtype=dtype), torch.tensor(-3.0, dtype=dtype)
        t_p = w * t_u + b
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            args = [t_u, t_c, t_p, w, b]
            run = student.run("grad_fn", *[a.clone() for a in args], keep_args=True)
            expected = autograd_grad(*args)
            expect_tensor_like(run.value, expected, what=grad_text(t_u))
            expect_close(run.value, expected, what=grad_text(t_u), scale=4 * grad_scale(t_u, t_c, t_p))
            expect_untouched(["t_u", "t_c", "t_p", "w", "b"], args, run.args_after, what=grad_text(t_u))


@graded(1, "grad_fn", Text("grad_fn is vectorised (within its time budget of autograd, on 10000 points)", "grad_fn 已向量化（在 10000 个点上，在相对自动微分的时间预算内）"))
def test_grad_speed(student):
    t_u, t_c = thermometer_data((10_000,), 31, dtype=torch.float64, scale=20.0)
    w, b = torch.tensor(0.5, dtype=torch.float64), torch.tensor(-3.0, dtype=torch.float64)
    t_p = w * t_u + b

    def autograd_reference(t_u, t_c, t_p, w, b):  # what the student's hand derivation replaces
        w, b = w.detach().requires_grad_(True), b.detach().requires_grad_(True)
        return torch.stack(torch.autograd.grad(((w * t_u + b - t_c) ** 2).mean(), [w, b]))

    expect_fast(student, "grad_fn", t_u, t_c, t_p, w, b, reference=autograd_reference, what=grad_text(t_u))


@graded(1, "grad_fn", Text("grad_fn on CUDA: equals autograd, stays on the GPU, no host sync", "CUDA 上的 grad_fn：与自动微分一致，留在 GPU 上，无主机同步"))
@requires_cuda
def test_grad_gpu(student, credit):
    for dtype in DTYPES:
        t_u, t_c = thermometer_data((1000,), 32, dtype=dtype, scale=1.0)
        w, b = torch.tensor(0.5, dtype=dtype), torch.tensor(-0.3, dtype=dtype)
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            t_p = w * t_u + b
            expect_on_cuda(student, "grad_fn", t_u, t_c, t_p, w, b, expected=autograd_grad, what=grad_text(t_u),
                           scale=4 * grad_scale(t_u, t_c, t_p))


# ============================================================================ training_loop


def reference_training(n_epochs, learning_rate, params, t_u, t_c):
    """The counterpart: torch.optim.SGD on autograd's gradients of the mean squared error, full batch."""
    params = params.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([params], lr=learning_rate)
    for _ in range(n_epochs):
        loss = ((params[0] * t_u + params[1] - t_c) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return params.detach()


def mistaken_training(n_epochs, learning_rate, params, t_u, t_c, *, sign=1.0, epochs_offset=0, stale=False, factor=1.0):
    """training_loop with a known mistake (by hand, judge side), to recognise it."""
    t_p0 = params[0] * t_u + params[1]
    for _ in range(max(0, n_epochs + epochs_offset)):
        t_p = t_p0 if stale else params[0] * t_u + params[1]
        d = factor * 2 * (t_p - t_c) / t_p.numel()
        params = params - sign * learning_rate * torch.stack([(d * t_u).sum(), d.sum()])
    return params


def training_text(n_epochs, learning_rate, t_u):
    return Text("{call} with t_u {t_u}", "t_u 为 {t_u} 时的 {call}").format(
        call=f"training_loop(n_epochs={n_epochs}, learning_rate={learning_rate:g}, params, t_u, t_c)", t_u=describe(t_u))


def training_hints(n_epochs, learning_rate, params, t_u, t_c):
    args = (n_epochs, learning_rate, params, t_u, t_c)
    return [Hint(Text("move AGAINST the gradient: params = params - learning_rate * grad", "沿梯度的反方向移动：params = params - learning_rate * grad"),
                 lambda: mistaken_training(*args, sign=-1.0)),
            Hint(Text(f"run exactly n_epochs={n_epochs} updates (you ran one fewer)", f"恰好执行 n_epochs={n_epochs} 次更新（你少了一次）"), lambda: mistaken_training(*args, epochs_offset=-1)),
            Hint(Text(f"run exactly n_epochs={n_epochs} updates (you ran one more)", f"恰好执行 n_epochs={n_epochs} 次更新（你多了一次）"), lambda: mistaken_training(*args, epochs_offset=1)),
            Hint(Text("recompute the prediction t_p = model(t_u, w, b) with the current params in every epoch", "每个迭代周期都要用当前的 params 重新计算预测 t_p = model(t_u, w, b)"),
                 lambda: mistaken_training(*args, stale=True)),
            Hint(Text("your gradient misses the factor 2 of dL/dt_p = 2 * (t_p - t_c) / N (check grad_fn)", "你的梯度漏了 dL/dt_p = 2 * (t_p - t_c) / N 中的因子 2（检查 grad_fn）"),
                 lambda: mistaken_training(*args, factor=0.5))]


def check_training(student, n_epochs, learning_rate, params, t_u, t_c, rtol=None, atol=None):
    expected = reference_training(n_epochs, learning_rate, params, t_u, t_c)
    actual = student.training_loop(n_epochs, learning_rate, params, t_u, t_c)
    expect_close(actual, expected, what=training_text(n_epochs, learning_rate, t_u), inputs=[params, t_c], rtol=rtol,
                 atol=atol, hints=training_hints(n_epochs, learning_rate, params, t_u, t_c))


@st.composite
def training_cases(draw):
    """1-30 points at scales 0.1-30, 0-40 epochs, a stable learning rate (a fraction of 2 / the loss's curvature), float64."""
    n = draw(st.integers(1, 30))
    seed = draw(st.integers(0, 2**31 - 1))
    t_u, t_c = thermometer_data((n,), seed)
    g = generator(seed + 1)
    params = torch.randn(2, generator=g, dtype=torch.float64) * torch.tensor([1.0, 5.0], dtype=torch.float64)
    curvature = 2 * (float((t_u ** 2).mean()) + 1.0)  # >= the largest eigenvalue of the loss's Hessian
    learning_rate = draw(st.sampled_from([0.05, 0.3, 0.9])) / curvature
    n_epochs = draw(st.integers(0, 40))
    return n_epochs, learning_rate, params, t_u, t_c


@graded(3, "training_loop", Text("training_loop matches gradient descent by torch.optim.SGD on random data (float64)", "随机数据上 training_loop 与 torch.optim.SGD 的梯度下降一致（float64）"))
@given(case=training_cases())
def test_training_random(student, case):
    check_training(student, *case)


@graded(1, "training_loop", Text("the book's other runs: 100 epochs at lr 1e-4 on raw t_u (w 0.2327, b -0.0438), "
                                 "100 epochs at lr 1e-2 on 0.1 * t_u (w 2.7553, b -2.5162), in float32 and float64",
                                 "书中的其他运行：原始 t_u 上 lr 1e-4 训练 100 个迭代周期（w 0.2327，b -0.0438），"
                                 "0.1 * t_u 上 lr 1e-2 训练 100 个迭代周期（w 2.7553，b -2.5162），float32 和 float64"))
def test_training_book(student, credit):
    for dtype in DTYPES:
        for n_epochs, learning_rate, t_u in ((100, 1e-4, T_U), (100, 1e-2, 0.1 * T_U)):
            params = torch.tensor([1.0, 0.0], dtype=dtype)
            with credit.case(Text(f"{n_epochs} epochs, lr {learning_rate:g}, {dtype}", f"{n_epochs} 个迭代周期，lr {learning_rate:g}，{dtype}")):
                check_training(student, n_epochs, learning_rate, params, t_u.to(dtype), T_C.to(dtype),
                               rtol=1e-5 if dtype == torch.float32 else None, atol=1e-4 if dtype == torch.float32 else None)


@graded(1, "training_loop", Text("training_loop with n_epochs = 0 (the starting params), 1 and 2 (one and two steps)", "n_epochs = 0（初始 params）、1 和 2（一步和两步）时的 training_loop"))
def test_training_few_epochs(student, credit):
    t_u, t_c = thermometer_data((11,), 40, scale=5.0)
    params = torch.tensor([0.3, -1.5], dtype=torch.float64)
    for n_epochs in (0, 1, 2):
        with credit.case(Text(f"n_epochs={n_epochs}", f"n_epochs={n_epochs}")):
            check_training(student, n_epochs, 0.01, params, t_u, t_c)


@graded(1, "training_loop", Text("training_loop returns a new tensor of shape (2,) in params' dtype; params, t_u, t_c untouched", "training_loop 返回形状为 (2,)、dtype 与 params 相同的新张量；不修改 params、t_u、t_c"))
def test_training_outputs(student, credit):
    for dtype in DTYPES:
        params, t_u, t_c = torch.tensor([1.0, 0.0], dtype=dtype), (0.1 * T_U).to(dtype), T_C.to(dtype)
        what = training_text(50, 1e-2, t_u)
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            run = student.run("training_loop", 50, 1e-2, params.clone(), t_u.clone(), t_c.clone(), keep_args=True)
            expected = reference_training(50, 1e-2, params, t_u, t_c)
            expect_close(run.value, expected, what=what, inputs=[t_u, t_c], rtol=1e-5 if dtype == torch.float32 else None)
            expect_untouched(["params", "t_u", "t_c"], [params, t_u, t_c], run.args_after[2:], what=what)


@graded(1, "training_loop", Text("training_loop is vectorised over the data points (within its time budget of torch.optim.SGD)", "training_loop 对数据点做了向量化（在相对 torch.optim.SGD 的时间预算内）"))
def test_training_speed(student):
    t_u, t_c = thermometer_data((1000,), 41, scale=2.0)
    params = torch.tensor([1.0, 0.0], dtype=torch.float64)
    expect_fast(student, "training_loop", 20, 0.02, params, t_u, t_c, reference=reference_training,
                what=training_text(20, 0.02, t_u))


@graded(1, "training_loop", Text("training_loop on CUDA: equals torch.optim.SGD, params stay on the GPU", "CUDA 上的 training_loop：与 torch.optim.SGD 一致，params 留在 GPU 上"))
@requires_cuda
def test_training_gpu(student, credit):
    for dtype in DTYPES:
        t_u, t_c = thermometer_data((1000,), 42, dtype=dtype, scale=2.0, device="cuda")
        params = torch.tensor([1.0, 0.0], dtype=dtype, device="cuda")
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            check_training(student, 30, 0.02, params, t_u, t_c, rtol=1e-5 if dtype == torch.float32 else None,
                           atol=1e-5 if dtype == torch.float32 else None)
