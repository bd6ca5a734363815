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

from autograder.spec import Mismatch, Text, describe, expect_close, expect_equal, graded

_spec = importlib.util.spec_from_file_location("capstone_fashion_data", Path(__file__).with_name("fashion_data.py"))
fashion_data = importlib.util.module_from_spec(_spec)  # the data helpers (judge side)
_spec.loader.exec_module(fashion_data)


def _gen(seed):
    return torch.Generator().manual_seed(seed)


# ------------------------------------------------------------------------------ accuracy

@graded(1, "accuracy", Text("accuracy on random scores and on already predicted labels", "随机分数和已预测标签上的 accuracy"))
def test_accuracy_random(student, credit):
    for seed, n, c in ((0, 50, 10), (1, 7, 3), (2, 1, 10)):
        g = _gen(seed)
        y_hat, y = torch.randn(n, c, generator=g), torch.randint(0, c, (n,), generator=g)
        with credit.case(Text(f"scores {describe(y_hat)}", f"分数 {describe(y_hat)}")):
            expect_equal(student.accuracy(y_hat, y), float((y_hat.argmax(1) == y).sum()),
                         what=Text(f"accuracy(y_hat, y) for y_hat {describe(y_hat)} (the number of correct argmaxes)", f"y_hat 为 {describe(y_hat)} 时的 accuracy(y_hat, y)（argmax 正确的个数）"))
    labels, y = torch.tensor([1, 0, 2, 2, 1]), torch.tensor([1, 1, 2, 0, 1])
    with credit.case(Text("predicted labels of shape (n,)", "形状为 (n,) 的预测标签")):
        expect_equal(student.accuracy(labels, y), 3.0, what=Text("accuracy(predicted labels (5,), labels (5,))", "accuracy(预测标签 (5,), 标签 (5,))"))


# ------------------------------------------------------------------------------ evaluate_accuracy

@graded(3, "evaluate_accuracy", Text("evaluate_accuracy: eval mode, no gradients, every example counted once", "evaluate_accuracy：评估模式、不计算梯度、每个样本只计一次"))
def test_evaluate_accuracy(student, credit):
    g = _gen(3)
    weight = torch.randn(4, 6, generator=g)
    X = torch.randn(70, 6, generator=g)
    y = torch.where(torch.rand(70, generator=g) < 0.6, (X @ weight.T).argmax(1), torch.randint(0, 4, (70,), generator=g))
    expected = float(((X @ weight.T).argmax(1) == y).float().mean())
    for batch_size in (16, 70, 32):  # 70 = 4 * 16 + 6: the last batch is smaller
        result = student.scenario("evaluate", weight, X, y, batch_size, function="evaluate_accuracy")
        with credit.case(Text(f"batches of {batch_size} (the last one smaller)", f"批量大小 {batch_size}（最后一个较小）")
                         if 70 % batch_size else Text("one batch", "一个批量")):
            acc = result["accuracy"]
            if not isinstance(acc, (float, int)) and not (isinstance(acc, torch.Tensor) and acc.numel() == 1):
                raise Mismatch(Text(f"evaluate_accuracy should return a number; got {describe(acc)}",
                            f"evaluate_accuracy 应返回一个数；得到的是 {describe(acc)}"))
            if abs(float(acc) - (1 - expected)) < 1e-6 and abs(expected - 0.5) > 0.05:
                raise Mismatch(Text("the accuracy is what the net scores in training mode: call net.eval() first",
                            "这个精度是网络在训练模式下的结果：请先调用 net.eval()"))
            expect_close(torch.tensor(float(acc), dtype=torch.float64), torch.tensor(expected, dtype=torch.float64), what=Text(f"evaluate_accuracy over 70 examples in batches of {batch_size}", f"在 70 个样本上、批量大小为 {batch_size} 时的 evaluate_accuracy"))
        with credit.case(Text(f"batches of {batch_size}: no gradients", f"批量大小 {batch_size}：不计算梯度")):
            if result["grad_enabled"]:
                raise Mismatch(Text("the net ran with autograd on: evaluate under torch.no_grad()",
                            "网络在开启自动微分的情况下运行：请在 torch.no_grad() 下评估"))


# ------------------------------------------------------------------------------ load_data_fashion_mnist

@graded(2, "load_data_fashion_mnist", Text("loaders: every example once, test in file order, training reshuffled, resize", "数据迭代器：每个样本一次，测试集按文件顺序，训练集重新打乱，resize"))
def test_loaders(student, credit):
    root, synthetic = fashion_data.grading_root(student)
    _, train_labels = fashion_data.truth(root, synthetic, train=True)
    _, test_labels = fashion_data.truth(root, synthetic, train=False)
    batch = 128
    summary = student.scenario("loader_summary", str(root), batch, function="load_data_fashion_mnist")
    for name, labels in (("train", train_labels), ("test", test_labels)):
        run = summary[name][0]
        full, rest = divmod(len(labels), batch)
        with credit.case(Text(f"{name} batch sizes", f"{name} 的批量大小")):
            expect_equal(run["sizes"], [batch] * full + ([rest] if rest else []),
                         what=Text(f"the sizes of the {name} loader's batches (batch_size {batch}, last batch kept)", f"{name} 数据迭代器各批量的大小（batch_size {batch}，保留最后一个批量）"))
        with credit.case(Text(f"{name} labels", f"{name} 的标签")):
            expect_equal(torch.bincount(run["labels"], minlength=10).tolist(), torch.bincount(labels, minlength=10).tolist(),
                         what=Text(f"how often each label appears in one pass over the {name} loader", f"遍历一次 {name} 数据迭代器时每个标签出现的次数"))
    with credit.case(Text("test order", "测试集顺序")):
        if not torch.equal(summary["test"][0]["labels"], test_labels):
            raise Mismatch(Text("the test loader does not serve the test set in the file's order: do not shuffle it",
                            "测试数据迭代器没有按文件顺序提供测试集：不要打乱它"))
    with credit.case(Text("training reshuffled", "训练集重新打乱")):
        first, second = summary["train"][0]["labels"], summary["train"][1]["labels"]
        if torch.equal(first, second) or torch.equal(first, train_labels):
            raise Mismatch(Text("the training loader serves the examples in the same order every epoch: shuffle=True",
                            "训练数据迭代器每个迭代周期都按相同的顺序提供样本：请设 shuffle=True"))
    resized = student.scenario("loader_summary", str(root), 32, 14, function="load_data_fashion_mnist")
    with credit.case(Text("resize=14", "resize=14")):
        expect_equal(resized["test"][0]["shapes"], [(1, 14, 14)], what=Text("one image's shape with resize=14", "resize=14 时一张图像的形状"))


# ------------------------------------------------------------------------------ init_weights

@graded(2, "init_weights", Text("init_weights: Xavier-uniform Linear weights, zero biases, other layers untouched", "init_weights：Linear 权重为 Xavier 均匀初始化，偏置为零，其他层不变"))
def test_init_weights(student, credit):
    """Per layer the weights must lie in [-a, a], a = sqrt(6 / (fan_in + fan_out)), with the variance
    a^2 / 3 of the uniform law: the sample variance of n >= 2560 independent draws is within
    6 standard errors (false failure below 1e-8 per layer by the normal bound on the variance)."""
    result = student.scenario("init", 0, function="init_weights")
    weights = result["weights"]
    for index, (fan_out, fan_in) in enumerate(((256, 784), (10, 256))):
        w, b = weights[2 * index], weights[2 * index + 1]
        bound = math.sqrt(6 / (fan_in + fan_out))
        with credit.case(Text(f"Linear({fan_in}, {fan_out}) weight", f"Linear({fan_in}, {fan_out}) 的权重")):
            if w.abs().max() > bound * (1 + 1e-6):
                raise Mismatch(Text(f"weights reach {w.abs().max():.4f}, beyond Xavier's bound {bound:.4f}",
                            f"权重达到 {w.abs().max():.4f}，超出了 Xavier 的边界 {bound:.4f}"))
            n, var = w.numel(), bound ** 2 / 3
            # Var of the sample variance of a uniform: (mu4 - var^2) / n with mu4 = a^4 / 5
            se = math.sqrt((bound ** 4 / 5 - var ** 2) / n)
            z = (w.var().item() - var) / se
            if abs(z) > 6:
                raise Mismatch(Text(f"the weights' variance is {w.var().item():.3g}; Xavier uniform gives {var:.3g}",
                            f"权重的方差为 {w.var().item():.3g}；Xavier 均匀初始化给出 {var:.3g}"))
            if abs(w.mean().item()) > 6 * math.sqrt(var / n):
                raise Mismatch(Text(f"the weights' mean is {w.mean().item():.3g}, not about 0",
                            f"权重的均值为 {w.mean().item():.3g}，而不是约为 0"))
        with credit.case(Text(f"Linear({fan_in}, {fan_out}) bias", f"Linear({fan_in}, {fan_out}) 的偏置")):
            if b.shape != (fan_out,) or bool(b.abs().max() != 0):
                raise Mismatch(Text(f"the bias of Linear({fan_in}, {fan_out}) should be all zeros after init_weights",
                            f"init_weights 之后 Linear({fan_in}, {fan_out}) 的偏置应全为零"))
    with credit.case(Text("LayerNorm untouched", "LayerNorm 不变")):
        if not (torch.all(result["norm"][0] == 3.0) and torch.all(result["norm"][1] == -1.0)):
            raise Mismatch(Text("init_weights changed a LayerNorm: only nn.Linear layers are initialised",
                            "init_weights 修改了 LayerNorm：只初始化 nn.Linear 层"))
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


@graded(4, "train_epoch_ch3", Text("train_epoch_ch3 matches an epoch of torch.optim.SGD + F.cross_entropy", "train_epoch_ch3 与 torch.optim.SGD + F.cross_entropy 的一个迭代周期一致"))
def test_train_epoch(student, credit):
    for seed, batch_size, lr in ((4, 16, 0.5), (5, 90, 0.1), (6, 32, 1.0)):
        X, y, state = _problem(seed)
        result = student.scenario("epoch", state, X, y, batch_size, lr, function="train_epoch_ch3")
        net = _reference_net(state)
        loss, acc = _reference_epoch(net, X, y, batch_size, torch.optim.SGD(net.parameters(), lr=lr))
        label = Text(f"90 examples, batches of {batch_size}, lr {lr}", f"90 个样本，批量大小 {batch_size}，lr {lr}")
        with credit.case(Text(f"{label}: (train_loss, train_acc)", f"{label}：(train_loss, train_acc)")):
            metrics = result["metrics"]
            if not isinstance(metrics, (tuple, list)) or len(metrics) != 2:
                raise Mismatch(Text(f"train_epoch_ch3 should return (train_loss, train_acc); got {describe(metrics)}",
                            f"train_epoch_ch3 应返回 (train_loss, train_acc)；得到的是 {describe(metrics)}"))
            expect_close(torch.tensor([float(v) for v in metrics]), torch.tensor([loss, acc]),
                         what=Text(f"(mean loss per example, accuracy) of one epoch, {label}", f"一个迭代周期的（每个样本的平均损失，精度），{label}"), rtol=1e-4, atol=1e-5)
        with credit.case(Text(f"{label}: weights after the epoch", f"{label}：该迭代周期之后的权重")):
            for index, (got, want) in enumerate(zip(result["weights"], _weights(net))):
                expect_close(got, want, what=Text(f"parameter {index} after one epoch, {label}", f"一个迭代周期之后的参数 {index}，{label}"), rtol=1e-4, atol=1e-5)
        with credit.case(Text(f"{label}: training mode", f"{label}：训练模式")):
            if not result["training"]:
                raise Mismatch(Text("train_epoch_ch3 must put the net in training mode (net.train())",
                            "train_epoch_ch3 必须把网络置于训练模式（net.train()）"))


@graded(2, "train_ch3", Text("train_ch3: per-epoch (train_loss, train_acc, test_acc) as torch's loop gives", "train_ch3：每个迭代周期的 (train_loss, train_acc, test_acc) 与 torch 的循环一致"))
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
    with credit.case(Text("one entry per epoch", "每个迭代周期一项")):
        if not isinstance(history, (list, tuple)) or len(history) != 3:
            raise Mismatch(Text(f"train_ch3(..., num_epochs=3) should return 3 tuples; got {describe(history)}",
                            f"train_ch3(..., num_epochs=3) 应返回 3 个元组；得到的是 {describe(history)}"))
    for epoch, want in enumerate(expected):
        with credit.case(Text(f"epoch {epoch + 1}", f"第 {epoch + 1} 个迭代周期")):
            got = history[epoch]
            if len(got) != 3:
                raise Mismatch(Text(f"epoch {epoch + 1}: expected (train_loss, train_acc, test_acc), got {describe(got)}",
                            f"第 {epoch + 1} 个迭代周期：应为 (train_loss, train_acc, test_acc)，得到的是 {describe(got)}"))
            expect_close(torch.tensor([float(v) for v in got]), torch.tensor(want),
                         what=Text(f"(train_loss, train_acc, test_acc) after epoch {epoch + 1}", f"第 {epoch + 1} 个迭代周期之后的 (train_loss, train_acc, test_acc)"), rtol=1e-4, atol=1e-5)
