"""Hidden tests for the capstone. Each function is tested on its own with the course's nets, loss
(plain per-example cross-entropy) and updater (plain SGD), against torch.optim.SGD and
F.cross_entropy run here in the judge; build_and_train's end-to-end bar is in the public tests."""
import importlib.util
import math
from pathlib import Path

import torch
import torch.nn.functional as F
from scipy import stats
from torch import nn

from autograder.spec import Mismatch, describe, expect_close, expect_equal, graded

_spec = importlib.util.spec_from_file_location("capstone_fashion_data", Path(__file__).with_name("fashion_data.py"))
fashion_data = importlib.util.module_from_spec(_spec)  # the data helpers (judge side)
_spec.loader.exec_module(fashion_data)


def _gen(seed):
    return torch.Generator().manual_seed(seed)


# ------------------------------------------------------------------------------ accuracy

@graded(1, "accuracy", "accuracy on random scores and on already predicted labels")
def test_accuracy_random(student, credit):
    for seed, n, c in ((0, 50, 10), (1, 7, 3), (2, 1, 10)):
        g = _gen(seed)
        y_hat, y = torch.randn(n, c, generator=g), torch.randint(0, c, (n,), generator=g)
        with credit.case(f"scores {describe(y_hat)}"):
            expect_equal(student.accuracy(y_hat, y), float((y_hat.argmax(1) == y).sum()),
                         what=f"accuracy(y_hat, y) for y_hat {describe(y_hat)} (the number of correct argmaxes)")
    labels, y = torch.tensor([1, 0, 2, 2, 1]), torch.tensor([1, 1, 2, 0, 1])
    with credit.case("predicted labels of shape (n,)"):
        expect_equal(student.accuracy(labels, y), 3.0, what="accuracy(predicted labels (5,), labels (5,))")


# ------------------------------------------------------------------------------ evaluate_accuracy

@graded(3, "evaluate_accuracy", "evaluate_accuracy: eval mode, no gradients, every example counted once")
def test_evaluate_accuracy(student, credit):
    g = _gen(3)
    weight = torch.randn(4, 6, generator=g)
    X = torch.randn(70, 6, generator=g)
    y = torch.where(torch.rand(70, generator=g) < 0.6, (X @ weight.T).argmax(1), torch.randint(0, 4, (70,), generator=g))
    expected = float(((X @ weight.T).argmax(1) == y).float().mean())
    for batch_size in (16, 70, 32):  # 70 = 4 * 16 + 6: the last batch is smaller
        result = student.scenario("evaluate", weight, X, y, batch_size, function="evaluate_accuracy")
        with credit.case(f"batches of {batch_size} (the last one smaller)" if 70 % batch_size else "one batch"):
            acc = result["accuracy"]
            if not isinstance(acc, (float, int)) and not (isinstance(acc, torch.Tensor) and acc.numel() == 1):
                raise Mismatch(f"evaluate_accuracy should return a number; got {describe(acc)}")
            if abs(float(acc) - (1 - expected)) < 1e-6 and abs(expected - 0.5) > 0.05:
                raise Mismatch("the accuracy is what the net scores in training mode: call net.eval() first")
            expect_close(torch.tensor(float(acc), dtype=torch.float64), torch.tensor(expected, dtype=torch.float64), what=f"evaluate_accuracy over 70 examples in batches of {batch_size}")
        with credit.case(f"batches of {batch_size}: no gradients"):
            if result["grad_enabled"]:
                raise Mismatch("the net ran with autograd on: evaluate under torch.no_grad()")


# ------------------------------------------------------------------------------ load_data_fashion_mnist

@graded(2, "load_data_fashion_mnist", "loaders: every example once, test in file order, training reshuffled, resize")
def test_loaders(student, credit):
    root, synthetic = fashion_data.grading_root(student)
    _, train_labels = fashion_data.truth(root, synthetic, train=True)
    _, test_labels = fashion_data.truth(root, synthetic, train=False)
    batch = 128
    summary = student.scenario("loader_summary", str(root), batch, function="load_data_fashion_mnist")
    for name, labels in (("train", train_labels), ("test", test_labels)):
        run = summary[name][0]
        full, rest = divmod(len(labels), batch)
        with credit.case(f"{name} batch sizes"):
            expect_equal(run["sizes"], [batch] * full + ([rest] if rest else []),
                         what=f"the sizes of the {name} loader's batches (batch_size {batch}, last batch kept)")
        with credit.case(f"{name} labels"):
            expect_equal(torch.bincount(run["labels"], minlength=10).tolist(), torch.bincount(labels, minlength=10).tolist(),
                         what=f"how often each label appears in one pass over the {name} loader")
    with credit.case("test order"):
        if not torch.equal(summary["test"][0]["labels"], test_labels):
            raise Mismatch("the test loader does not serve the test set in the file's order: do not shuffle it")
    with credit.case("training reshuffled"):
        first, second = summary["train"][0]["labels"], summary["train"][1]["labels"]
        if torch.equal(first, second) or torch.equal(first, train_labels):
            raise Mismatch("the training loader serves the examples in the same order every epoch: shuffle=True")
    resized = student.scenario("loader_summary", str(root), 32, 14, function="load_data_fashion_mnist")
    with credit.case("resize=14"):
        expect_equal(resized["test"][0]["shapes"], [(1, 14, 14)], what="one image's shape with resize=14")


# ------------------------------------------------------------------------------ init_weights

@graded(2, "init_weights", "init_weights: Xavier-uniform Linear weights, zero biases, other layers untouched")
def test_init_weights(student, credit):
    """Per layer the weights must lie in [-a, a], a = sqrt(6 / (fan_in + fan_out)), with the variance
    a^2 / 3 of the uniform law: the sample variance of n >= 2560 independent draws is within
    6 standard errors (false failure below 1e-8 per layer by the normal bound on the variance)."""
    result = student.scenario("init", 0, function="init_weights")
    weights = result["weights"]
    for index, (fan_out, fan_in) in enumerate(((256, 784), (10, 256))):
        w, b = weights[2 * index], weights[2 * index + 1]
        bound = math.sqrt(6 / (fan_in + fan_out))
        with credit.case(f"Linear({fan_in}, {fan_out}) weight"):
            if w.abs().max() > bound * (1 + 1e-6):
                raise Mismatch(f"weights reach {w.abs().max():.4f}, beyond Xavier's bound {bound:.4f}")
            n, var = w.numel(), bound ** 2 / 3
            # Var of the sample variance of a uniform: (mu4 - var^2) / n with mu4 = a^4 / 5
            se = math.sqrt((bound ** 4 / 5 - var ** 2) / n)
            z = (w.var().item() - var) / se
            if abs(z) > 6:
                raise Mismatch(f"the weights' variance is {w.var().item():.3g}; Xavier uniform gives {var:.3g}")
            if abs(w.mean().item()) > 6 * math.sqrt(var / n):
                raise Mismatch(f"the weights' mean is {w.mean().item():.3g}, not about 0")
        with credit.case(f"Linear({fan_in}, {fan_out}) bias"):
            if b.shape != (fan_out,) or bool(b.abs().max() != 0):
                raise Mismatch(f"the bias of Linear({fan_in}, {fan_out}) should be all zeros after init_weights")
    with credit.case("LayerNorm untouched"):
        if not (torch.all(result["norm"][0] == 3.0) and torch.all(result["norm"][1] == -1.0)):
            raise Mismatch("init_weights changed a LayerNorm: only nn.Linear layers are initialised")
    assert stats.norm.sf(6) < 1e-8  # the bound the docstring states


# ------------------------------------------------------------------------------ training

def _problem(seed, n=90, d=12, hidden=8, classes=3):
    g = _gen(seed)
    X, y = torch.randn(n, d, generator=g), torch.randint(0, classes, (n,), generator=g)
    state = [torch.randn(hidden, d, generator=g) * 0.3, torch.randn(hidden, generator=g) * 0.1,
             torch.randn(classes, hidden, generator=g) * 0.3, torch.randn(classes, generator=g) * 0.1]
    return X, y, state


def _reference_net(state):
    net = nn.Sequential(nn.Flatten(), nn.Linear(state[0].shape[1], state[0].shape[0]), nn.ReLU(),
                        nn.Linear(state[2].shape[1], state[2].shape[0]))
    with torch.no_grad():
        for p, value in zip(net.parameters(), state):
            p.copy_(value)
    return net


def _reference_epoch(net, X, y, batch_size, optimizer):
    """d2l's train_epoch_ch3 with torch.optim.SGD and F.cross_entropy(reduction='none')."""
    net.train()
    loss_sum, correct = 0.0, 0.0
    for i in range(0, len(y), batch_size):
        Xb, yb = X[i:i + batch_size], y[i:i + batch_size]
        y_hat = net(Xb)
        l = F.cross_entropy(y_hat, yb, reduction="none")
        optimizer.zero_grad()
        l.mean().backward()
        optimizer.step()
        loss_sum += float(l.detach().sum())
        correct += float((y_hat.argmax(1) == yb).sum())
    return loss_sum / len(y), correct / len(y)


def _weights(net):
    return [p.detach() for p in net.parameters()]


@graded(4, "train_epoch_ch3", "train_epoch_ch3 matches an epoch of torch.optim.SGD + F.cross_entropy")
def test_train_epoch(student, credit):
    for seed, batch_size, lr in ((4, 16, 0.5), (5, 90, 0.1), (6, 32, 1.0)):
        X, y, state = _problem(seed)
        result = student.scenario("epoch", state, X, y, batch_size, lr, function="train_epoch_ch3")
        net = _reference_net(state)
        loss, acc = _reference_epoch(net, X, y, batch_size, torch.optim.SGD(net.parameters(), lr=lr))
        label = f"90 examples, batches of {batch_size}, lr {lr}"
        with credit.case(f"{label}: (train_loss, train_acc)"):
            metrics = result["metrics"]
            if not isinstance(metrics, (tuple, list)) or len(metrics) != 2:
                raise Mismatch(f"train_epoch_ch3 should return (train_loss, train_acc); got {describe(metrics)}")
            expect_close(torch.tensor([float(v) for v in metrics]), torch.tensor([loss, acc]),
                         what=f"(mean loss per example, accuracy) of one epoch, {label}", rtol=1e-4, atol=1e-5)
        with credit.case(f"{label}: weights after the epoch"):
            for index, (got, want) in enumerate(zip(result["weights"], _weights(net))):
                expect_close(got, want, what=f"parameter {index} after one epoch, {label}", rtol=1e-4, atol=1e-5)
        with credit.case(f"{label}: training mode"):
            if not result["training"]:
                raise Mismatch("train_epoch_ch3 must put the net in training mode (net.train())")


@graded(2, "train_ch3", "train_ch3: per-epoch (train_loss, train_acc, test_acc) as torch's loop gives")
def test_train_ch3(student, credit):
    X, y, state = _problem(7, n=120)
    X_test, y_test, _ = _problem(8, n=50)
    result = student.scenario("train", state, X, y, X_test, y_test, 32, 0.3, 3, function="train_ch3")
    net = _reference_net(state)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.3)
    expected = []
    for _ in range(3):
        loss, acc = _reference_epoch(net, X, y, 32, optimizer)
        net.eval()
        with torch.no_grad():
            expected.append((loss, acc, float((net(X_test).argmax(1) == y_test).float().mean())))
    history = result["history"]
    with credit.case("one entry per epoch"):
        if not isinstance(history, (list, tuple)) or len(history) != 3:
            raise Mismatch(f"train_ch3(..., num_epochs=3) should return 3 tuples; got {describe(history)}")
    for epoch, want in enumerate(expected):
        with credit.case(f"epoch {epoch + 1}"):
            got = history[epoch]
            if len(got) != 3:
                raise Mismatch(f"epoch {epoch + 1}: expected (train_loss, train_acc, test_acc), got {describe(got)}")
            expect_close(torch.tensor([float(v) for v in got]), torch.tensor(want),
                         what=f"(train_loss, train_acc, test_acc) after epoch {epoch + 1}", rtol=1e-4, atol=1e-5)
