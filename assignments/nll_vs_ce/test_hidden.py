"""Hidden tests for nll_loss and cross_entropy (NLLLoss vs. CrossEntropyLoss)."""
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from autograder.spec import (
    Text,
    Hint,
    describe,
    expect_close,
    expect_cuda_matches,
    expect_fast,
    expect_gradients,
    expect_raises,
    expect_unchanged,
    graded,
    requires_cuda,
)

REDUCTIONS = ("none", "mean", "sum")
ERRORS = (RuntimeError, ValueError, TypeError, IndexError)  # the contract's exception families
INF = float("inf")


def gen(seed):
    return torch.Generator().manual_seed(seed)


def logits_of(seed, n, c, dtype=torch.float32, scale=3.0):
    return (torch.randn(n, c, generator=gen(seed), dtype=torch.float64) * scale).to(dtype)


def classes_of(seed, n, c, ignored=()):
    target = torch.randint(0, c, (n,), generator=gen(seed + 1))
    for i in ignored:
        target[i] = -100
    return target


def soft_of(seed, n, c, dtype=torch.float32):
    """Random soft labels: each row a probability vector (like mixup or distillation targets)."""
    return torch.softmax(torch.randn(n, c, generator=gen(seed + 2), dtype=torch.float64) * 2, dim=1).to(dtype)


def weights_of(seed, c, dtype=torch.float32):
    return (torch.rand(c, generator=gen(seed + 3), dtype=torch.float64) * 2 + 0.1).to(dtype)


def target_text(target):
    if target.is_floating_point():
        return Text("probabilities {t}", "概率{t}").format(t=describe(target))
    ignored = int((target == -100).sum())
    return Text(f"class indices of shape ({target.shape[0]},)" + (f", {ignored} of them -100" if ignored else ""),
                f"形状为 ({target.shape[0]},) 的类别索引" + (f"，其中 {ignored} 个为 -100" if ignored else ""))


# The cases' labels as the student reads them (a missing entry is a grader error, caught by validate).
LABELS_ZH = {
    "two targets equal to the default ignore_index -100": "两个目标等于默认的 ignore_index -100",
    "the same with class weights": "同上，带类别权重",
    "ignore_index=2, a real class, with class weights": "ignore_index=2（一个真实类别），带类别权重",
    "a one-hot float target of shape (N, C)": "形状为 (N, C) 的独热浮点目标",
    "a one-hot integer target of shape (N, C)": "形状为 (N, C) 的独热整数目标",
    "soft labels (probabilities) of shape (N, C)": "形状为 (N, C) 的软标签（概率）",
    "class indices stored as floats": "以浮点数存储的类别索引",
    "a target with N - 1 entries": "只有 N - 1 项的目标",
    "a class index equal to C": "等于 C 的类别索引",
    "a negative class index that is not ignore_index": "不等于 ignore_index 的负类别索引",
    "one-hot float32 target, float32 logits": "独热 float32 目标，float32 logits",
    "one-hot float64 target, float64 logits": "独热 float64 目标，float64 logits",
    "one-hot float64 target, float32 logits": "独热 float64 目标，float32 logits",
    "soft labels float32, float32 logits": "float32 软标签，float32 logits",
    "soft labels float64 with some exact zeros, float64 logits": "含若干精确 0 的 float64 软标签，float64 logits",
    "logits at +-1000, class indices": "logits 为 ±1000，类别索引",
    "logits at +-1000, class indices, label_smoothing=0.1": "logits 为 ±1000，类别索引，label_smoothing=0.1",
    "logits at +-1000, one-hot targets": "logits 为 ±1000，独热目标",
    "logits at +-1000, soft labels": "logits 为 ±1000，软标签",
    "a masked class (logit -inf), class indices": "一个被掩码的类别（logit 为 -inf），类别索引",
    "a one-hot target stored as integers (N, C) (convert it to float)": "以整数存储的 (N, C) 独热目标（请转换为浮点数）",
    "probabilities of shape (N, C + 1)": "形状为 (N, C + 1) 的概率",
    "class indices, mean": "类别索引，mean",
    "class indices, weights, reduction='sum'": "类别索引，带权重，reduction='sum'",
    "class indices, weights, label_smoothing=0.2": "类别索引，带权重，label_smoothing=0.2",
    "class indices, logits at +-1000": "类别索引，logits 为 ±1000",
    "soft labels (gradient w.r.t. logits and target)": "软标签（关于 logits 和目标的梯度）",
    "soft labels, weights, label_smoothing=0.2, reduction='none'": "软标签，带权重，label_smoothing=0.2，reduction='none'",
    "class indices, weights, ignore_index, label_smoothing=0.1": "类别索引，带权重，ignore_index，label_smoothing=0.1",
    "class indices, reduction='none'": "类别索引，reduction='none'",
    "soft labels, weights": "软标签，带权重",
    "one-hot": "独热",
    "class indices": "类别索引",
    "soft labels": "软标签",
    "label_smoothing=1.5": "label_smoothing=1.5",
    "reduction='avg'": "reduction='avg'",
}


def both(label: str) -> Text:
    return Text(label, LABELS_ZH[label])


def call_text(name, x, target, weight=None, **kwargs):
    first = "log_probs" if name == "nll_loss" else "logits"
    args = ", ".join([first, "target"] + (["weight=w"] if weight is not None else [])
                     + [f"{k}={v!r}" for k, v in kwargs.items()])
    return Text("{call} for {first} {x} and {target}", "{first} 为{x}、目标为{target}时的 {call}").format(
        call=f"{name}({args})", first=first, x=describe(x), target=target_text(target))


# ============================================================================ nll_loss


def nll_hints(log_probs, target, weight=None, ignore_index=-100, reduction="mean"):
    """Known mistakes of nll_loss, as candidates for the student's answer."""
    def ref(**kw):
        args = dict(weight=weight, ignore_index=ignore_index, reduction=reduction)
        args.update(kw)
        return F.nll_loss(log_probs, target, **args)
    hints = [Hint(Text("the loss is the NEGATIVE log-likelihood: you forgot the minus sign", "损失是负对数似然：你忘了负号"), lambda: -ref())]
    if reduction == "mean":
        n = target.shape[0]
        if weight is not None:
            hints += [
                Hint(Text("with class weights, the mean divides by the sum of the targets' weights, not by N", "带类别权重时，平均除以目标权重之和，而不是 N"),
                     lambda: ref(reduction="sum") / n),
                Hint(Text("the mean's denominator is the sum of the targets' weights, leaving out ignored targets", "平均的分母是目标权重之和，不包括被忽略的目标"),
                     lambda: ref(reduction="sum") / weight[target.clamp(0, weight.shape[0] - 1)].sum()),
            ]
        else:
            hints.append(Hint(Text("ignored targets do not count in the mean's denominator (divide by the number of "
                              "targets that are not ignored, not by N)", "被忽略的目标不计入平均的分母（除以未被忽略的目标个数，而不是 N）"), lambda: ref(reduction="sum") / n))
        hints.append(Hint(Text("reduction='mean' averages the per-sample losses; you summed them", "reduction='mean' 对每个样本的损失取平均；你求和了"), lambda: ref(reduction="sum")))
    if reduction == "sum":
        hints.append(Hint(Text("reduction='sum' adds the per-sample losses; you averaged them", "reduction='sum' 对每个样本的损失求和；你取了平均"), lambda: ref(reduction="mean")))
    return hints


@st.composite
def nll_cases(draw):
    n, c = draw(st.integers(1, 8)), draw(st.integers(1, 6))
    dtype = draw(st.sampled_from([torch.float32, torch.float64]))
    reduction = draw(st.sampled_from(REDUCTIONS))
    normalised = draw(st.booleans())
    seed = draw(st.integers(0, 2**31 - 1))
    x = logits_of(seed, n, c, dtype)
    return (F.log_softmax(x, dim=1) if normalised else x), classes_of(seed, n, c), reduction


@graded(2, "nll_loss", Text("nll_loss matches F.nll_loss on random inputs, all three reductions, inputs untouched", "nll_loss 在随机输入和全部三种 reduction 上与 F.nll_loss 一致，且不修改输入"))
@given(case=nll_cases())
def test_nll_loss_values(student, case):
    log_probs, target, reduction = case
    what = call_text("nll_loss", log_probs, target, reduction=reduction)
    run = student.run("nll_loss", log_probs.clone(), target.clone(), reduction=reduction, keep_args=True)
    expect_close(run.value, F.nll_loss(log_probs, target, reduction=reduction), what=what, inputs=[log_probs],
                 hints=nll_hints(log_probs, target, reduction=reduction))
    expect_unchanged([log_probs, target], run.args_after, what=what)


@graded(1, "nll_loss", Text("nll_loss with class weights: the weighted mean divides by the sum of the targets' weights", "带类别权重的 nll_loss：加权平均除以目标权重之和"))
def test_nll_loss_weights(student, credit):
    for dtype in (torch.float32, torch.float64):
        log_probs = F.log_softmax(logits_of(10, 8, 5, dtype), dim=1)
        target, weight = classes_of(10, 8, 5), weights_of(10, 5, dtype)
        for reduction in REDUCTIONS:
            with credit.case(Text(f"{dtype}, reduction={reduction!r}", f"{dtype}，reduction={reduction!r}")):
                expect_close(student.nll_loss(log_probs, target, weight, reduction=reduction),
                             F.nll_loss(log_probs, target, weight, reduction=reduction),
                             what=call_text("nll_loss", log_probs, target, weight, reduction=reduction), inputs=[log_probs],
                             hints=nll_hints(log_probs, target, weight, reduction=reduction))


IGNORE_CASES = {
    # label: (target, ignore_index, with weights)
    "two targets equal to the default ignore_index -100": (torch.tensor([0, -100, 2, 4, -100, 1, 3]), -100, False),
    "the same with class weights": (torch.tensor([0, -100, 2, 4, -100, 1, 3]), -100, True),
    "ignore_index=2, a real class, with class weights": (torch.tensor([2, 0, 2, 4, 1, 2, 3]), 2, True),
}


def _ignore_check(name, reference, inputs_of):
    def check(student, credit):
        for label, (target, ignore_index, weighted) in IGNORE_CASES.items():
            x, weight = inputs_of(), (weights_of(20, 5) if weighted else None)
            for reduction in REDUCTIONS:
                with credit.case(Text(f"{label}, reduction={reduction!r}", f"{LABELS_ZH[label]}，reduction={reduction!r}")):
                    expect_close(getattr(student, name)(x, target, weight, ignore_index=ignore_index, reduction=reduction),
                                 reference(x, target, weight, ignore_index=ignore_index, reduction=reduction),
                                 what=call_text(name, x, target, weight, ignore_index=ignore_index, reduction=reduction),
                                 inputs=[x], hints=nll_hints(F.log_softmax(x, 1) if name == "cross_entropy" else x, target,
                                                             weight, ignore_index, reduction))
        x, everything = inputs_of(), torch.full((7,), -100)
        for reduction in ("mean", "sum"):
            with credit.case(Text(f"every target ignored, reduction={reduction!r} (torch: {'0/0 = nan' if reduction == 'mean' else '0'})", f"所有目标都被忽略，reduction={reduction!r}（torch：{'0/0 = nan' if reduction == 'mean' else '0'}）")):
                expect_close(getattr(student, name)(x, everything, reduction=reduction), reference(x, everything, reduction=reduction),
                             what=call_text(name, x, everything, reduction=reduction), inputs=[x])
    return check


test_nll_loss_ignore_index = graded(1, "nll_loss", Text("nll_loss skips ignore_index: zero loss, left out of the mean's denominator", "nll_loss 跳过 ignore_index：损失为 0，且不计入平均的分母"))(
    _ignore_check("nll_loss", F.nll_loss, lambda: F.log_softmax(logits_of(20, 7, 5), dim=1)))


NLL_ERRORS = {
    "a one-hot float target of shape (N, C)": lambda t: F.one_hot(t, 5).float(),
    "a one-hot integer target of shape (N, C)": lambda t: F.one_hot(t, 5),
    "soft labels (probabilities) of shape (N, C)": lambda t: soft_of(30, t.shape[0], 5),
    "class indices stored as floats": lambda t: t.float(),
    "a target with N - 1 entries": lambda t: t[:-1],
    "a class index equal to C": lambda t: torch.where(torch.arange(t.shape[0]) == 2, 5, t),
    "a negative class index that is not ignore_index": lambda t: torch.where(torch.arange(t.shape[0]) == 2, -1, t),
}


@graded(1, "nll_loss", Text("nll_loss raises where F.nll_loss raises (one-hot or soft targets, float indices, bad sizes, bad reduction)", "nll_loss 在 F.nll_loss 抛出错误的地方抛出错误（独热或软目标、浮点索引、大小不符、无效的 reduction）"))
def test_nll_loss_errors(student, credit):
    log_probs = F.log_softmax(logits_of(30, 6, 5), dim=1)
    target = classes_of(30, 6, 5)
    for label, make in NLL_ERRORS.items():
        with credit.case(both(label)):
            bad = make(target)
            expect_raises(student, "nll_loss", log_probs, bad, like=F.nll_loss, accept=ERRORS,
                          what=Text(f"nll_loss(log_probs, target) for log_probs {describe(log_probs)} and {label} ({describe(bad)})", f"log_probs 为{describe(log_probs)}、目标为{LABELS_ZH[label]}（{describe(bad)}）时的 nll_loss(log_probs, target)"))
    with credit.case(Text("reduction='avg'", "reduction='avg'")):
        expect_raises(student, "nll_loss", log_probs, target, reduction="avg", like=F.nll_loss, accept=ERRORS,
                      what=Text("nll_loss(log_probs, target, reduction='avg') (only 'none', 'mean' and 'sum' are valid)", "nll_loss(log_probs, target, reduction='avg')（只有 'none'、'mean' 和 'sum' 有效）"))


@graded(1, "nll_loss", Text("gradients through nll_loss equal torch's (float64; weights, ignore_index, all reductions)", "nll_loss 的梯度与 torch 的一致（float64；权重、ignore_index、所有 reduction）"))
def test_nll_loss_gradients(student, credit):
    log_probs = F.log_softmax(logits_of(40, 7, 5, torch.float64), dim=1)
    target, weight = torch.tensor([0, -100, 2, 4, 4, 1, 3]), weights_of(40, 5, torch.float64)
    for w in (None, weight):
        for reduction in REDUCTIONS:
            with credit.case(Text(f"{'with' if w is not None else 'without'} weights, reduction={reduction!r}", f"{'带' if w is not None else '不带'}权重，reduction={reduction!r}")):
                expect_gradients(student, "nll_loss", log_probs, target, w, reduction=reduction, reference=F.nll_loss,
                                 what=call_text("nll_loss", log_probs, target, w, reduction=reduction))


@graded(1, "nll_loss", Text("nll_loss is vectorised (within its time budget of torch)", "nll_loss 已矢量化（在相对 torch 的时间上限内）"))
def test_nll_loss_speed(student):
    log_probs = F.log_softmax(logits_of(50, 8192, 10), dim=1)
    target = classes_of(50, 8192, 10)
    expect_fast(student, "nll_loss", log_probs, target, reference=F.nll_loss,
                what=call_text("nll_loss", log_probs, target))


@graded(1, "nll_loss", Text("nll_loss on CUDA: equals torch, stays on the GPU, no host sync", "CUDA 上的 nll_loss：与 torch 一致，留在 GPU 上，不与主机同步"))
@requires_cuda
def test_nll_loss_gpu(student, credit):
    for dtype in (torch.float32, torch.float64):
        log_probs = F.log_softmax(logits_of(60, 256, 10, dtype), dim=1)
        target = classes_of(60, 256, 10, ignored=(3, 17, 100))
        weight = weights_of(60, 10, dtype)
        for reduction in REDUCTIONS:
            with credit.case(Text(f"{dtype}, reduction={reduction!r}", f"{dtype}，reduction={reduction!r}")):
                # weight is positional (expect_cuda_matches moves positional tensors to the GPU); the rest must be
                # keywords, since torch's own positional order has the legacy size_average/reduce in between
                expect_cuda_matches(student, "nll_loss", log_probs, target, weight, reduction=reduction, reference=F.nll_loss,
                                    what=call_text("nll_loss", log_probs, target, weight, reduction=reduction))


# ======================================================================= cross_entropy


def ce_hints(logits, target, weight=None, reduction="mean", label_smoothing=0.0):
    """Known mistakes of cross_entropy, as candidates for the student's answer."""
    n, c = logits.shape

    def ref(x=logits, t=target, **kw):
        args = dict(weight=weight, reduction=reduction, label_smoothing=label_smoothing)
        args.update(kw)
        return F.cross_entropy(x, t, **args)
    def no_log_softmax():
        if not target.is_floating_point():
            return F.nll_loss(logits, target, weight, reduction=reduction)
        losses = -(logits * target * (1 if weight is None else weight)).sum(1)
        return {"none": losses, "sum": losses.sum(), "mean": losses.sum() / n}[reduction]
    hints = [Hint(Text("cross_entropy takes raw logits: apply a (stable) log-softmax before the negative log-likelihood", "cross_entropy 的输入是原始 logits：在负对数似然之前先做（数值稳定的）log-softmax"),
                  no_log_softmax),
             Hint(Text("log(softmax(x) + a small epsilon) caps the loss near -log(epsilon) for very unlikely classes; compute "
                  "log-softmax as x - logsumexp(x) instead", "log(softmax(x) + 一个小的 epsilon) 会把极不可能类别的损失限制在 -log(epsilon) 附近；"
                  "请改用 x - logsumexp(x) 计算 log-softmax"), lambda: ref(x=(logits.softmax(1) + 1e-15).log()))]
    if target.is_floating_point():
        hints.append(Hint(Text("probability targets are not class indices: use every entry of the target, not its argmax", "概率目标不是类别索引：要使用目标的每一项，而不是它的 argmax"),
                          lambda: ref(t=target.argmax(dim=1))))
        if reduction == "mean":
            hints.append(Hint(Text("with probability targets the mean divides by N, not by N * C", "概率目标时平均除以 N，而不是 N * C"),
                              lambda: ref(reduction="sum") / (n * c)))
            if weight is not None:
                hints.append(Hint(Text("with probability targets the mean divides by N, not by a sum of weights", "概率目标时平均除以 N，而不是权重之和"),
                                  lambda: ref(reduction="sum") / (target * weight).sum()))
    elif reduction == "mean":
        hints.append(Hint(Text("with class weights, the mean divides by the sum of the targets' weights, not by N", "带类别权重时，平均除以目标权重之和，而不是 N"),
                          lambda: ref(reduction="sum") / n))
    if label_smoothing > 0 and not target.is_floating_point() and c > 1:
        eps, log_probs = label_smoothing, F.log_softmax(logits, dim=1)
        w = torch.ones(c, dtype=logits.dtype) if weight is None else weight
        keep = target != -100
        picked = log_probs.gather(1, target.clamp(min=0)[:, None])[:, 0]
        rest = (log_probs * w).sum(1) - w[target.clamp(min=0)] * picked
        other = torch.where(keep, -(1 - eps) * w[target.clamp(min=0)] * picked - eps / (c - 1) * rest, 0)
        unweighted = torch.where(keep, -(1 - eps) * w[target.clamp(min=0)] * picked - eps / c * log_probs.sum(1), 0)
        denominator = torch.where(keep, w[target.clamp(min=0)], 0).sum()
        reduce = {"none": lambda v: v, "sum": lambda v: v.sum(), "mean": lambda v: v.sum() / denominator}[reduction]
        unmasked = torch.where(keep, -(1 - eps) * w[target.clamp(min=0)] * picked, 0) - eps / c * (log_probs * w).sum(1)
        hints += [Hint(Text("torch's label smoothing spreads eps / C over ALL C classes (the target class too) and keeps "
                       "1 - eps on the target; not eps / (C - 1) over the other classes", "torch 的标签平滑把 eps / C 分给全部 C 个类别（包括目标类别），目标上保留 1 - eps；"
                       "而不是把 eps / (C - 1) 分给其他类别"), lambda: reduce(other)),
                  Hint(Text("an ignored target contributes nothing at all: mask the smoothing term too", "被忽略的目标完全没有贡献：平滑项也要掩码"), lambda: reduce(unmasked))]
        if weight is not None:
            hints.append(Hint(Text("with class weights, the smoothing term is weighted too: -sum_c w_c * log_softmax[i, c]", "带类别权重时，平滑项也要加权：-sum_c w_c * log_softmax[i, c]"),
                              lambda: reduce(unweighted)))
    return hints


@st.composite
def ce_cases(draw):
    n, c = draw(st.integers(1, 8)), draw(st.integers(1, 7))
    dtype = draw(st.sampled_from([torch.float32, torch.float64]))
    scale = draw(st.sampled_from([0.1, 1.0, 5.0, 30.0]))
    reduction = draw(st.sampled_from(REDUCTIONS))
    seed = draw(st.integers(0, 2**31 - 1))
    return logits_of(seed, n, c, dtype, scale), classes_of(seed, n, c), reduction


@graded(2, "cross_entropy", Text("cross_entropy with class indices matches F.cross_entropy on random inputs, all reductions, inputs untouched", "类别索引目标的 cross_entropy 在随机输入和所有 reduction 上与 F.cross_entropy 一致，且不修改输入"))
@given(case=ce_cases())
def test_cross_entropy_class_indices(student, case):
    logits, target, reduction = case
    what = call_text("cross_entropy", logits, target, reduction=reduction)
    run = student.run("cross_entropy", logits.clone(), target.clone(), reduction=reduction, keep_args=True)
    expect_close(run.value, F.cross_entropy(logits, target, reduction=reduction), what=what, inputs=[logits],
                 hints=ce_hints(logits, target, reduction=reduction))
    expect_unchanged([logits, target], run.args_after, what=what)


PROBABILITY_TARGETS = {  # label: (target, dtype of the logits)
    "one-hot float32 target, float32 logits": (lambda seed, n, c: F.one_hot(classes_of(seed, n, c), c).float(), torch.float32),
    "one-hot float64 target, float64 logits": (lambda seed, n, c: F.one_hot(classes_of(seed, n, c), c).double(), torch.float64),
    "one-hot float64 target, float32 logits": (lambda seed, n, c: F.one_hot(classes_of(seed, n, c), c).double(), torch.float32),
    "soft labels float32, float32 logits": (lambda seed, n, c: soft_of(seed, n, c), torch.float32),
    "soft labels float64 with some exact zeros, float64 logits": (
        lambda seed, n, c: torch.where(soft_of(seed, n, c) < 0.1, 0.0, soft_of(seed, n, c)).double(), torch.float64),
}


@graded(2, "cross_entropy", Text("cross_entropy with one-hot or soft probability targets of shape (N, C), all reductions", "形状为 (N, C) 的独热或软概率目标的 cross_entropy，所有 reduction"))
def test_cross_entropy_probabilities(student, credit):
    for label, (make, dtype) in PROBABILITY_TARGETS.items():
        logits, target = logits_of(70, 6, 4, dtype), make(70, 6, 4)
        for reduction in REDUCTIONS:
            with credit.case(Text(f"{label}, reduction={reduction!r}", f"{LABELS_ZH[label]}，reduction={reduction!r}")):
                expect_close(student.cross_entropy(logits, target, reduction=reduction),
                             F.cross_entropy(logits, target, reduction=reduction),
                             what=call_text("cross_entropy", logits, target, reduction=reduction), inputs=[logits],
                             hints=ce_hints(logits, target, reduction=reduction))


@graded(1, "cross_entropy", Text("cross_entropy with class weights: indices (mean over the targets' weights) and probabilities (mean over N)", "带类别权重的 cross_entropy：类别索引（按目标权重之和平均）和概率（按 N 平均）"))
def test_cross_entropy_weights(student, credit):
    logits, weight = logits_of(80, 8, 5), weights_of(80, 5)
    for kind, target in (("class indices", classes_of(80, 8, 5)), ("soft labels", soft_of(80, 8, 5))):
        for reduction in REDUCTIONS:
            with credit.case(Text(f"{kind}, reduction={reduction!r}", f"{LABELS_ZH[kind]}，reduction={reduction!r}")):
                expect_close(student.cross_entropy(logits, target, weight, reduction=reduction),
                             F.cross_entropy(logits, target, weight, reduction=reduction),
                             what=call_text("cross_entropy", logits, target, weight, reduction=reduction), inputs=[logits],
                             hints=ce_hints(logits, target, weight, reduction=reduction))


test_cross_entropy_ignore_index = graded(1, "cross_entropy", Text("cross_entropy skips ignore_index: zero loss, left out of the mean's denominator", "cross_entropy 跳过 ignore_index：损失为 0，且不计入平均的分母"))(
    _ignore_check("cross_entropy", F.cross_entropy, lambda: logits_of(90, 7, 5)))


@graded(1, "cross_entropy", Text("label smoothing with class indices: torch's formula, with weights and ignore_index", "类别索引的标签平滑：torch 的公式，带权重和 ignore_index"))
def test_cross_entropy_label_smoothing_indices(student, credit):
    logits = logits_of(100, 7, 5)
    target = torch.tensor([0, -100, 2, 4, 4, 1, 3])
    for eps in (0.15, 1.0):
        for weight in (None, weights_of(100, 5)):
            for reduction in REDUCTIONS:
                with credit.case(Text(f"label_smoothing={eps}, {'with' if weight is not None else 'no'} weights, reduction={reduction!r}", f"label_smoothing={eps}，{'带' if weight is not None else '不带'}权重，reduction={reduction!r}")):
                    expect_close(student.cross_entropy(logits, target, weight, reduction=reduction, label_smoothing=eps),
                                 F.cross_entropy(logits, target, weight, reduction=reduction, label_smoothing=eps),
                                 what=call_text("cross_entropy", logits, target, weight, reduction=reduction, label_smoothing=eps),
                                 inputs=[logits], hints=ce_hints(logits, target, weight, reduction, eps))


@graded(1, "cross_entropy", Text("label smoothing with probability targets: (1 - eps) * p + eps / C, with and without weights", "概率目标的标签平滑：(1 - eps) * p + eps / C，带或不带权重"))
def test_cross_entropy_label_smoothing_probabilities(student, credit):
    logits = logits_of(110, 6, 4)
    for kind, target in (("one-hot", F.one_hot(classes_of(110, 6, 4), 4).float()), ("soft labels", soft_of(110, 6, 4))):
        for eps, reduction in ((0.2, "mean"), (1.0, "none")):
            for weight in (None, weights_of(110, 4)):
                label = Text(f"{kind}, label_smoothing={eps}, {'with' if weight is not None else 'no'} weights, reduction={reduction!r}",
                             f"{LABELS_ZH[kind]}，label_smoothing={eps}，{'带' if weight is not None else '不带'}权重，reduction={reduction!r}")
                with credit.case(label):
                    expect_close(student.cross_entropy(logits, target, weight, reduction=reduction, label_smoothing=eps),
                                 F.cross_entropy(logits, target, weight, reduction=reduction, label_smoothing=eps),
                                 what=call_text("cross_entropy", logits, target, weight, reduction=reduction, label_smoothing=eps),
                                 inputs=[logits], hints=ce_hints(logits, target, weight, reduction, eps))


HUGE = torch.tensor([[1000.0, -1000.0, 0.0, 999.0], [-1000.0, 1000.0, 1000.0, 0.0], [-1000.0, -1000.0, -1000.0, -1000.0],
                     [0.0, 1000.0, -1000.0, 500.0]])
STABILITY_CASES = {
    "logits at +-1000, class indices": (HUGE, torch.tensor([1, 0, 2, 2]), {}),
    "logits at +-1000, class indices, label_smoothing=0.1": (HUGE, torch.tensor([1, 0, 2, 2]), {"label_smoothing": 0.1}),
    "logits at +-1000, one-hot targets": (HUGE, F.one_hot(torch.tensor([1, 0, 2, 2]), 4).float(), {}),
    "logits at +-1000, soft labels": (HUGE, soft_of(120, 4, 4), {}),
    "a masked class (logit -inf), class indices": (torch.tensor([[2.0, -INF, 0.5], [-INF, 1.0, 3.0]]), torch.tensor([0, 2]), {}),
}


@graded(1, "cross_entropy", Text("cross_entropy is stable: logits at +-1000 (indices, one-hot, soft, smoothing), -inf masks", "cross_entropy 数值稳定：logits 为 ±1000（索引、独热、软标签、平滑）、-inf 掩码"))
def test_cross_entropy_stability(student, credit):
    for label, (logits, target, extra) in STABILITY_CASES.items():
        for dtype in (torch.float32, torch.float64):
            x = logits.to(dtype)
            t = target.to(dtype) if target.is_floating_point() else target
            with credit.case(Text(f"{label}, {dtype}", f"{LABELS_ZH[label]}，{dtype}")):
                expect_close(student.cross_entropy(x, t, reduction="none", **extra),
                             F.cross_entropy(x, t, reduction="none", **extra),
                             what=call_text("cross_entropy", x, t, reduction="none", **extra) + Text(f" ({label})", f"（{LABELS_ZH[label]}）"), inputs=[x],
                             hints=[Hint(Text("log(softmax(x) + a small epsilon) caps the loss near -log(epsilon); compute "
                                         "log-softmax as x - logsumexp(x) instead", "log(softmax(x) + 一个小的 epsilon) 会把损失限制在 -log(epsilon) 附近；"
                                         "请改用 x - logsumexp(x) 计算 log-softmax"),
                                         lambda: F.cross_entropy((x.softmax(1) + 1e-15).log(), t, reduction="none", **extra))])


@graded(1.5, "cross_entropy", Text("gradients through cross_entropy equal torch's (float64; logits, and soft targets too)", "cross_entropy 的梯度与 torch 的一致（float64；logits，也包括软目标）"))
def test_cross_entropy_gradients(student, credit):
    logits = logits_of(130, 7, 5, torch.float64)
    target = torch.tensor([0, -100, 2, 4, 4, 1, 3])
    weight = weights_of(130, 5, torch.float64)
    soft = soft_of(130, 7, 5, torch.float64)
    cases = {
        "class indices, mean": ((logits, target), {}, [0]),
        "class indices, weights, reduction='sum'": ((logits, target, weight), {"reduction": "sum"}, [0]),
        "class indices, weights, label_smoothing=0.2": ((logits, target, weight), {"label_smoothing": 0.2}, [0]),
        "class indices, logits at +-1000": ((HUGE.double(), torch.tensor([1, 0, 2, 2])), {"reduction": "none"}, [0]),
        "soft labels (gradient w.r.t. logits and target)": ((logits, soft), {}, [0, 1]),
        "soft labels, weights, label_smoothing=0.2, reduction='none'": ((logits, soft, weight), {"reduction": "none", "label_smoothing": 0.2}, [0, 1]),
    }
    for label, (args, kwargs, wrt) in cases.items():
        with credit.case(both(label)):
            expect_gradients(student, "cross_entropy", *args, reference=F.cross_entropy, wrt=wrt,
                             what=call_text("cross_entropy", args[0], args[1], *args[2:], **kwargs), **kwargs)


CE_ERRORS = {
    "a one-hot target stored as integers (N, C) (convert it to float)": lambda t: F.one_hot(t, 5),
    "probabilities of shape (N, C + 1)": lambda t: soft_of(140, t.shape[0], 6),
    "a target with N - 1 entries": lambda t: t[:-1],
    "a class index equal to C": lambda t: torch.where(torch.arange(t.shape[0]) == 2, 5, t),
}


@graded(0.5, "cross_entropy", Text("cross_entropy raises where F.cross_entropy raises (integer one-hot, bad sizes, bad arguments)", "cross_entropy 在 F.cross_entropy 抛出错误的地方抛出错误（整数独热、大小不符、无效参数）"))
def test_cross_entropy_errors(student, credit):
    logits, target = logits_of(140, 6, 5), classes_of(140, 6, 5)
    for label, make in CE_ERRORS.items():
        with credit.case(both(label)):
            bad = make(target)
            expect_raises(student, "cross_entropy", logits, bad, like=F.cross_entropy, accept=ERRORS,
                          what=Text(f"cross_entropy(logits, target) for logits {describe(logits)} and {label}", f"logits 为{describe(logits)}、目标为{LABELS_ZH[label]}时的 cross_entropy(logits, target)"))
    for label, kwargs in (("label_smoothing=1.5", {"label_smoothing": 1.5}), ("reduction='avg'", {"reduction": "avg"})):
        with credit.case(both(label)):
            expect_raises(student, "cross_entropy", logits, target, like=F.cross_entropy, accept=ERRORS,
                          what=Text(f"cross_entropy(logits, target, {label})", f"cross_entropy(logits, target, {label})"), **kwargs)


@graded(1, "cross_entropy", Text("cross_entropy is vectorised (within its time budget of torch)", "cross_entropy 已矢量化（在相对 torch 的时间上限内）"))
def test_cross_entropy_speed(student):
    logits, target = logits_of(150, 2048, 64), classes_of(150, 2048, 64)
    expect_fast(student, "cross_entropy", logits, target, reference=F.cross_entropy,
                what=call_text("cross_entropy", logits, target))


@graded(1, "cross_entropy", Text("cross_entropy on CUDA: equals torch, stays on the GPU, no host sync", "CUDA 上的 cross_entropy：与 torch 一致，留在 GPU 上，不与主机同步"))
@requires_cuda
def test_cross_entropy_gpu(student, credit):
    for dtype in (torch.float32, torch.float64):
        logits = logits_of(160, 256, 10, dtype)
        logits[0, :5] = 1000.0
        logits[1, :5] = -1000.0
        target = classes_of(160, 256, 10, ignored=(3, 17, 100))
        weight = weights_of(160, 10, dtype)
        soft = soft_of(160, 256, 10, dtype)
        # tensors positional (expect_cuda_matches moves positional tensors to the GPU), the rest as keywords
        cases = {
            "class indices, weights, ignore_index, label_smoothing=0.1": ((logits, target, weight), {"label_smoothing": 0.1}),
            "class indices, reduction='none'": ((logits, target), {"reduction": "none"}),
            "soft labels, weights": ((logits, soft, weight), {}),
        }
        for label, (args, kwargs) in cases.items():
            with credit.case(Text(f"{label}, {dtype}", f"{LABELS_ZH[label]}，{dtype}")):
                expect_cuda_matches(student, "cross_entropy", *args, reference=F.cross_entropy,
                                    what=call_text("cross_entropy", *args, **kwargs), **kwargs)
