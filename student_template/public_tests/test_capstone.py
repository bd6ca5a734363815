"""Public tests for the capstone: `autograder check capstone` runs these on your capstone.py, with
your own softmax.py, nll_vs_ce.py, optimizers.py, dropout.py and initialization.py beside it.

Without --data-root the data is a small synthetic set in Fashion-MNIST's format (10 classes, 28x28
grey images, 2000 for training, 500 for testing), read through torchvision's real FashionMNIST loader.
"""
import importlib.util
from pathlib import Path

import torch
from torch import nn

from autograder.spec import Mismatch, Text, expect_close, expect_equal, graded

_spec = importlib.util.spec_from_file_location("capstone_fashion_data", Path(__file__).with_name("fashion_data.py"))
fashion_data = importlib.util.module_from_spec(_spec)  # the data helpers (judge side)
_spec.loader.exec_module(fashion_data)

NUM_EPOCHS = 10
BAR = {Text("train loss below", "训练损失低于"): 0.5, Text("train accuracy above", "训练精度高于"): 0.7,
       Text("test accuracy above", "测试精度高于"): 0.7}


@graded(1, "accuracy", Text("accuracy counts the correct predictions of a small example", "accuracy 对小例子正确计数预测"))
def test_accuracy_example(student):
    y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5], [0.9, 0.05, 0.05], [0.2, 0.7, 0.1]])
    y = torch.tensor([2, 0, 0, 1])
    # row-wise argmax is 2, 2, 0, 1: three of the four are right
    expect_equal(student.accuracy(y_hat, y), 3.0, what=Text("accuracy(y_hat, y) for argmaxes [2, 2, 0, 1] and labels [2, 0, 0, 1]", "argmax 为 [2, 2, 0, 1]、标签为 [2, 0, 0, 1] 时的 accuracy(y_hat, y)"))


@graded(1, "load_data_fashion_mnist", Text("the test loader's first batch: shape, dtype and pixel values", "测试数据迭代器的第一个批量：形状、dtype 和像素值"))
def test_loader_first_batch(student):
    root, synthetic = fashion_data.grading_root(student)
    images, labels = fashion_data.truth(root, synthetic, train=False)
    summary = student.scenario("loader_summary", str(root), 64, function="load_data_fashion_mnist")
    run = summary["test"][0]
    if run["dtypes"] != [("torch.float32", "torch.int64")]:
        raise Mismatch(Text(f"batches should be (float32 images, int64 labels); got {run['dtypes']}",
                            f"批量应为（float32 图像，int64 标签）；得到的是 {run['dtypes']}"))
    expect_equal(run["shapes"], [(1, 28, 28)], what=Text("the shape of one image in a batch (X.shape[1:])", "批量中一张图像的形状（X.shape[1:]）"))
    expect_close(run["first"], images[:64], what=Text("the first test batch's images (ToTensor: pixel / 255)", "第一个测试批量的图像（ToTensor：像素 / 255）"))


@graded(4, "build_and_train", Text(f"d2l 4.6 with your pieces reaches the course's bar in {NUM_EPOCHS} epochs",
                                  f"用你自己的组件实现的 d2l 4.6 在 {NUM_EPOCHS} 个迭代周期内达到课程的标准"))
def test_reaches_the_bar(student):
    """Trains once (seed 0) and checks the last epoch against the bar. The judge also evaluates the
    returned network's weights itself on the test set: its accuracy must match the one reported."""
    root, synthetic = fashion_data.grading_root(student)
    result = student.scenario("build", str(root), 0, function="build_and_train")
    history = result["history"]
    if not result["is_module"]:
        raise Mismatch(Text("build_and_train should return (net, history) with net an nn.Module",
                            "build_and_train 应返回 (net, history)，其中 net 是 nn.Module"))
    if not isinstance(history, (list, tuple)) or len(history) != NUM_EPOCHS:
        length = len(history) if hasattr(history, '__len__') else '?'
        raise Mismatch(Text(f"history should hold one (train_loss, train_acc, test_acc) per epoch, {NUM_EPOCHS} in all; "
                            f"got {type(history).__name__} of length {length}",
                            f"history 应为每个迭代周期保存一个 (train_loss, train_acc, test_acc)，共 {NUM_EPOCHS} 个；"
                            f"得到的是长度为 {length} 的 {type(history).__name__}"))
    train_loss, train_acc, test_acc = (float(v) for v in history[-1])
    misses = [str(Text(f"{what} {bar} (got {value:.3f})", f"{what} {bar}（实际为 {value:.3f}）")) for (what, bar), value, above in
              zip(BAR.items(), (train_loss, train_acc, test_acc), (False, True, True))
              if (value <= bar if above else not value < bar)]
    if misses:
        raise Mismatch(Text("after the last epoch: {misses}", "最后一个迭代周期之后：{misses}").format(misses="; ".join(misses)))
    weights = result["weights"]
    if len(weights) != 6:
        raise Mismatch(Text(f"the network should have three nn.Linear layers; found {len(weights) // 2}",
                            f"网络应有三个 nn.Linear 层；找到了 {len(weights) // 2} 个"))
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    linears = [m for m in net if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for index, layer in enumerate(linears):
            if layer.weight.shape != weights[2 * index].shape:
                raise Mismatch(Text(f"Linear layer {index + 1} has weight shape {tuple(weights[2 * index].shape)}, "
                                    f"expected {tuple(layer.weight.shape)} (784-256-256-10)",
                                    f"第 {index + 1} 个 Linear 层的权重形状为 {tuple(weights[2 * index].shape)}，"
                                    f"应为 {tuple(layer.weight.shape)}（784-256-256-10）"))
            layer.weight.copy_(weights[2 * index])
            layer.bias.copy_(weights[2 * index + 1])
        images, labels = fashion_data.truth(root, synthetic, train=False)
        judged = (net(images).argmax(dim=1) == labels).float().mean().item()
    if abs(judged - test_acc) > 0.01:
        raise Mismatch(Text(f"your history reports test accuracy {test_acc:.3f}, but the returned network scores "
                            f"{judged:.3f} on the test set in eval mode",
                            f"你的 history 报告的测试精度为 {test_acc:.3f}，但返回的网络在评估模式下在测试集上的精度为 {judged:.3f}"))
