"""Hidden tests for nll_loss and cross_entropy (NLLLoss vs. CrossEntropyLoss)."""
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from autograder.spec import (
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
        return f"probabilities {describe(target)}"
    ignored = int((target == -100).sum())
    extra = f", {ignored} of them -100" if ignored else ""
    return f"class indices of shape ({target.shape[0]},){extra}"


def call_text(name, x, target, weight=None, **kwargs):
    first = "log_probs" if name == "nll_loss" else "logits"
    args = ", ".join([first, "target"] + (["weight=w"] if weight is not None else [])
                     + [f"{k}={v!r}" for k, v in kwargs.items()])
    return f"{name}({args}) for {first} {describe(x)} and {target_text(target)}"


# ============================================================================ nll_loss


def nll_hints(log_probs, target, weight=None, ignore_index=-100, reduction="mean"):
    """Known mistakes of nll_loss, as candidates for the student's answer."""
    def ref(**kw):
        args = dict(weight=weight, ignore_index=ignore_index, reduction=reduction)
        args.update(kw)
        return F.nll_loss(log_probs, target, **args)
    hints = [Hint("the loss is the NEGATIVE log-likelihood: you forgot the minus sign", lambda: -ref())]
    if reduction == "mean":
        n = target.shape[0]
        if weight is not None:
            hints += [
                Hint("with class weights, the mean divides by the sum of the targets' weights, not by N",
                     lambda: ref(reduction="sum") / n),
                Hint("the mean's denominator is the sum of the targets' weights, leaving out ignored targets",
                     lambda: ref(reduction="sum") / weight[target.clamp(0, weight.shape[0] - 1)].sum()),
            ]
        else:
            hints.append(Hint("ignored targets do not count in the mean's denominator (divide by the number of "
                              "targets that are not ignored, not by N)", lambda: ref(reduction="sum") / n))
        hints.append(Hint("reduction='mean' averages the per-sample losses; you summed them", lambda: ref(reduction="sum")))
    if reduction == "sum":
        hints.append(Hint("reduction='sum' adds the per-sample losses; you averaged them", lambda: ref(reduction="mean")))
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


@graded(2, "nll_loss", "nll_loss matches F.nll_loss on random inputs, all three reductions, inputs untouched")
@given(case=nll_cases())
def test_nll_loss_values(student, case):
    log_probs, target, reduction = case
    what = call_text("nll_loss", log_probs, target, reduction=reduction)
    run = student.run("nll_loss", log_probs.clone(), target.clone(), reduction=reduction, keep_args=True)
    expect_close(run.value, F.nll_loss(log_probs, target, reduction=reduction), what=what, inputs=[log_probs],
                 hints=nll_hints(log_probs, target, reduction=reduction))
    expect_unchanged([log_probs, target], run.args_after, what=what)


@graded(1, "nll_loss", "nll_loss with class weights: the weighted mean divides by the sum of the targets' weights")
def test_nll_loss_weights(student, credit):
    for dtype in (torch.float32, torch.float64):
        log_probs = F.log_softmax(logits_of(10, 8, 5, dtype), dim=1)
        target, weight = classes_of(10, 8, 5), weights_of(10, 5, dtype)
        for reduction in REDUCTIONS:
            with credit.case(f"{dtype}, reduction={reduction!r}"):
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
                with credit.case(f"{label}, reduction={reduction!r}"):
                    expect_close(getattr(student, name)(x, target, weight, ignore_index=ignore_index, reduction=reduction),
                                 reference(x, target, weight, ignore_index=ignore_index, reduction=reduction),
                                 what=call_text(name, x, target, weight, ignore_index=ignore_index, reduction=reduction),
                                 inputs=[x], hints=nll_hints(F.log_softmax(x, 1) if name == "cross_entropy" else x, target,
                                                             weight, ignore_index, reduction))
        x, everything = inputs_of(), torch.full((7,), -100)
        for reduction in ("mean", "sum"):
            with credit.case(f"every target ignored, reduction={reduction!r} (torch: {'0/0 = nan' if reduction == 'mean' else '0'})"):
                expect_close(getattr(student, name)(x, everything, reduction=reduction), reference(x, everything, reduction=reduction),
                             what=call_text(name, x, everything, reduction=reduction), inputs=[x])
    return check


test_nll_loss_ignore_index = graded(1, "nll_loss", "nll_loss skips ignore_index: zero loss, left out of the mean's denominator")(
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


@graded(1, "nll_loss", "nll_loss raises where F.nll_loss raises (one-hot or soft targets, float indices, bad sizes, bad reduction)")
def test_nll_loss_errors(student, credit):
    log_probs = F.log_softmax(logits_of(30, 6, 5), dim=1)
    target = classes_of(30, 6, 5)
    for label, make in NLL_ERRORS.items():
        with credit.case(label):
            bad = make(target)
            expect_raises(student, "nll_loss", log_probs, bad, like=F.nll_loss, accept=ERRORS,
                          what=f"nll_loss(log_probs, target) for log_probs {describe(log_probs)} and {label} ({describe(bad)})")
    with credit.case("reduction='avg'"):
        expect_raises(student, "nll_loss", log_probs, target, reduction="avg", like=F.nll_loss, accept=ERRORS,
                      what="nll_loss(log_probs, target, reduction='avg') (only 'none', 'mean' and 'sum' are valid)")


@graded(1, "nll_loss", "gradients through nll_loss equal torch's (float64; weights, ignore_index, all reductions)")
def test_nll_loss_gradients(student, credit):
    log_probs = F.log_softmax(logits_of(40, 7, 5, torch.float64), dim=1)
    target, weight = torch.tensor([0, -100, 2, 4, 4, 1, 3]), weights_of(40, 5, torch.float64)
    for w in (None, weight):
        for reduction in REDUCTIONS:
            with credit.case(f"{'with' if w is not None else 'without'} weights, reduction={reduction!r}"):
                expect_gradients(student, "nll_loss", log_probs, target, w, reduction=reduction, reference=F.nll_loss,
                                 what=call_text("nll_loss", log_probs, target, w, reduction=reduction))


@graded(1, "nll_loss", "nll_loss is vectorised (within its time budget of torch)")
def test_nll_loss_speed(student):
    log_probs = F.log_softmax(logits_of(50, 8192, 10), dim=1)
    target = classes_of(50, 8192, 10)
    expect_fast(student, "nll_loss", log_probs, target, reference=F.nll_loss,
                what=call_text("nll_loss", log_probs, target))


@graded(1, "nll_loss", "nll_loss on CUDA: equals torch, stays on the GPU, no host sync")
@requires_cuda
def test_nll_loss_gpu(student, credit):
    for dtype in (torch.float32, torch.float64):
        log_probs = F.log_softmax(logits_of(60, 256, 10, dtype), dim=1)
        target = classes_of(60, 256, 10, ignored=(3, 17, 100))
        weight = weights_of(60, 10, dtype)
        for reduction in REDUCTIONS:
            with credit.case(f"{dtype}, reduction={reduction!r}"):
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
    hints = [Hint("cross_entropy takes raw logits: apply a (stable) log-softmax before the negative log-likelihood",
                  no_log_softmax),
             Hint("log(softmax(x) + a small epsilon) caps the loss near -log(epsilon) for very unlikely classes; compute "
                  "log-softmax as x - logsumexp(x) instead", lambda: ref(x=(logits.softmax(1) + 1e-15).log()))]
    if target.is_floating_point():
        hints.append(Hint("probability targets are not class indices: use every entry of the target, not its argmax",
                          lambda: ref(t=target.argmax(dim=1))))
        if reduction == "mean":
            hints.append(Hint("with probability targets the mean divides by N, not by N * C",
                              lambda: ref(reduction="sum") / (n * c)))
            if weight is not None:
                hints.append(Hint("with probability targets the mean divides by N, not by a sum of weights",
                                  lambda: ref(reduction="sum") / (target * weight).sum()))
    elif reduction == "mean":
        hints.append(Hint("with class weights, the mean divides by the sum of the targets' weights, not by N",
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
        hints += [Hint("torch's label smoothing spreads eps / C over ALL C classes (the target class too) and keeps "
                       "1 - eps on the target; not eps / (C - 1) over the other classes", lambda: reduce(other)),
                  Hint("an ignored target contributes nothing at all: mask the smoothing term too", lambda: reduce(unmasked))]
        if weight is not None:
            hints.append(Hint("with class weights, the smoothing term is weighted too: -sum_c w_c * log_softmax[i, c]",
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


@graded(2, "cross_entropy", "cross_entropy with class indices matches F.cross_entropy on random inputs, all reductions, inputs untouched")
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


@graded(2, "cross_entropy", "cross_entropy with one-hot or soft probability targets of shape (N, C), all reductions")
def test_cross_entropy_probabilities(student, credit):
    for label, (make, dtype) in PROBABILITY_TARGETS.items():
        logits, target = logits_of(70, 6, 4, dtype), make(70, 6, 4)
        for reduction in REDUCTIONS:
            with credit.case(f"{label}, reduction={reduction!r}"):
                expect_close(student.cross_entropy(logits, target, reduction=reduction),
                             F.cross_entropy(logits, target, reduction=reduction),
                             what=call_text("cross_entropy", logits, target, reduction=reduction), inputs=[logits],
                             hints=ce_hints(logits, target, reduction=reduction))


@graded(1, "cross_entropy", "cross_entropy with class weights: indices (mean over the targets' weights) and probabilities (mean over N)")
def test_cross_entropy_weights(student, credit):
    logits, weight = logits_of(80, 8, 5), weights_of(80, 5)
    for kind, target in (("class indices", classes_of(80, 8, 5)), ("soft labels", soft_of(80, 8, 5))):
        for reduction in REDUCTIONS:
            with credit.case(f"{kind}, reduction={reduction!r}"):
                expect_close(student.cross_entropy(logits, target, weight, reduction=reduction),
                             F.cross_entropy(logits, target, weight, reduction=reduction),
                             what=call_text("cross_entropy", logits, target, weight, reduction=reduction), inputs=[logits],
                             hints=ce_hints(logits, target, weight, reduction=reduction))


test_cross_entropy_ignore_index = graded(1, "cross_entropy", "cross_entropy skips ignore_index: zero loss, left out of the mean's denominator")(
    _ignore_check("cross_entropy", F.cross_entropy, lambda: logits_of(90, 7, 5)))


@graded(1, "cross_entropy", "label smoothing with class indices: torch's formula, with weights and ignore_index")
def test_cross_entropy_label_smoothing_indices(student, credit):
    logits = logits_of(100, 7, 5)
    target = torch.tensor([0, -100, 2, 4, 4, 1, 3])
    for eps in (0.15, 1.0):
        for weight in (None, weights_of(100, 5)):
            for reduction in REDUCTIONS:
                with credit.case(f"label_smoothing={eps}, {'with' if weight is not None else 'no'} weights, reduction={reduction!r}"):
                    expect_close(student.cross_entropy(logits, target, weight, reduction=reduction, label_smoothing=eps),
                                 F.cross_entropy(logits, target, weight, reduction=reduction, label_smoothing=eps),
                                 what=call_text("cross_entropy", logits, target, weight, reduction=reduction, label_smoothing=eps),
                                 inputs=[logits], hints=ce_hints(logits, target, weight, reduction, eps))


@graded(1, "cross_entropy", "label smoothing with probability targets: (1 - eps) * p + eps / C, with and without weights")
def test_cross_entropy_label_smoothing_probabilities(student, credit):
    logits = logits_of(110, 6, 4)
    for kind, target in (("one-hot", F.one_hot(classes_of(110, 6, 4), 4).float()), ("soft labels", soft_of(110, 6, 4))):
        for eps, reduction in ((0.2, "mean"), (1.0, "none")):
            for weight in (None, weights_of(110, 4)):
                label = f"{kind}, label_smoothing={eps}, {'with' if weight is not None else 'no'} weights, reduction={reduction!r}"
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


@graded(1, "cross_entropy", "cross_entropy is stable: logits at +-1000 (indices, one-hot, soft, smoothing), -inf masks")
def test_cross_entropy_stability(student, credit):
    for label, (logits, target, extra) in STABILITY_CASES.items():
        for dtype in (torch.float32, torch.float64):
            x = logits.to(dtype)
            t = target.to(dtype) if target.is_floating_point() else target
            with credit.case(f"{label}, {dtype}"):
                expect_close(student.cross_entropy(x, t, reduction="none", **extra),
                             F.cross_entropy(x, t, reduction="none", **extra),
                             what=call_text("cross_entropy", x, t, reduction="none", **extra) + f" ({label})", inputs=[x],
                             hints=[Hint("log(softmax(x) + a small epsilon) caps the loss near -log(epsilon); compute "
                                         "log-softmax as x - logsumexp(x) instead",
                                         lambda: F.cross_entropy((x.softmax(1) + 1e-15).log(), t, reduction="none", **extra))])


@graded(1.5, "cross_entropy", "gradients through cross_entropy equal torch's (float64; logits, and soft targets too)")
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
        with credit.case(label):
            expect_gradients(student, "cross_entropy", *args, reference=F.cross_entropy, wrt=wrt,
                             what=call_text("cross_entropy", args[0], args[1], *args[2:], **kwargs), **kwargs)


CE_ERRORS = {
    "a one-hot target stored as integers (N, C) (convert it to float)": lambda t: F.one_hot(t, 5),
    "probabilities of shape (N, C + 1)": lambda t: soft_of(140, t.shape[0], 6),
    "a target with N - 1 entries": lambda t: t[:-1],
    "a class index equal to C": lambda t: torch.where(torch.arange(t.shape[0]) == 2, 5, t),
}


@graded(0.5, "cross_entropy", "cross_entropy raises where F.cross_entropy raises (integer one-hot, bad sizes, bad arguments)")
def test_cross_entropy_errors(student, credit):
    logits, target = logits_of(140, 6, 5), classes_of(140, 6, 5)
    for label, make in CE_ERRORS.items():
        with credit.case(label):
            bad = make(target)
            expect_raises(student, "cross_entropy", logits, bad, like=F.cross_entropy, accept=ERRORS,
                          what=f"cross_entropy(logits, target) for logits {describe(logits)} and {label}")
    for label, kwargs in (("label_smoothing=1.5", {"label_smoothing": 1.5}), ("reduction='avg'", {"reduction": "avg"})):
        with credit.case(label):
            expect_raises(student, "cross_entropy", logits, target, like=F.cross_entropy, accept=ERRORS,
                          what=f"cross_entropy(logits, target, {label})", **kwargs)


@graded(1, "cross_entropy", "cross_entropy is vectorised (within its time budget of torch)")
def test_cross_entropy_speed(student):
    logits, target = logits_of(150, 2048, 64), classes_of(150, 2048, 64)
    expect_fast(student, "cross_entropy", logits, target, reference=F.cross_entropy,
                what=call_text("cross_entropy", logits, target))


@graded(1, "cross_entropy", "cross_entropy on CUDA: equals torch, stays on the GPU, no host sync")
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
            with credit.case(f"{label}, {dtype}"):
                expect_cuda_matches(student, "cross_entropy", *args, reference=F.cross_entropy,
                                    what=call_text("cross_entropy", *args, **kwargs), **kwargs)
