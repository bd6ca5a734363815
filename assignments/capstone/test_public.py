"""Public tests for the capstone: `autograder check capstone` runs these on your capstone.py, with
your own softmax.py, nll_vs_ce.py, optimizers.py, dropout.py and initialization.py beside it.

Without --data-root the data is a small synthetic set in Fashion-MNIST's format (10 classes, 28x28
grey images, 2000 for training, 500 for testing), read through torchvision's real FashionMNIST loader.
"""
import importlib.util
from pathlib import Path

import torch
from torch import nn

from autograder.spec import Mismatch, expect_close, expect_equal, graded

_spec = importlib.util.spec_from_file_location("capstone_fashion_data", Path(__file__).with_name("fashion_data.py"))
fashion_data = importlib.util.module_from_spec(_spec)  # the data helpers (judge side)
_spec.loader.exec_module(fashion_data)

NUM_EPOCHS = 10
BAR = {"train loss below": 0.5, "train accuracy above": 0.7, "test accuracy above": 0.7}


@graded(1, "accuracy", "accuracy counts the correct predictions of a small example")
def test_accuracy_example(student):
    y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5], [0.9, 0.05, 0.05], [0.2, 0.7, 0.1]])
    y = torch.tensor([2, 0, 0, 1])
    # row-wise argmax is 2, 2, 0, 1: three of the four are right
    expect_equal(student.accuracy(y_hat, y), 3.0, what="accuracy(y_hat, y) for argmaxes [2, 2, 0, 1] and labels [2, 0, 0, 1]")


@graded(1, "load_data_fashion_mnist", "the test loader's first batch: shape, dtype and pixel values")
def test_loader_first_batch(student):
    root, synthetic = fashion_data.grading_root(student)
    images, labels = fashion_data.truth(root, synthetic, train=False)
    summary = student.scenario("loader_summary", str(root), 64, function="load_data_fashion_mnist")
    run = summary["test"][0]
    if run["dtypes"] != [("torch.float32", "torch.int64")]:
        raise Mismatch(f"batches should be (float32 images, int64 labels); got {run['dtypes']}")
    expect_equal(run["shapes"], [(1, 28, 28)], what="the shape of one image in a batch (X.shape[1:])")
    expect_close(run["first"], images[:64], what="the first test batch's images (ToTensor: pixel / 255)")


@graded(4, "build_and_train", f"d2l 4.6 with your pieces reaches the course's bar in {NUM_EPOCHS} epochs")
def test_reaches_the_bar(student):
    """Trains once (seed 0) and checks the last epoch against the bar. The judge also evaluates the
    returned network's weights itself on the test set: its accuracy must match the one reported."""
    root, synthetic = fashion_data.grading_root(student)
    result = student.scenario("build", str(root), 0, function="build_and_train")
    history = result["history"]
    if not result["is_module"]:
        raise Mismatch("build_and_train should return (net, history) with net an nn.Module")
    if not isinstance(history, (list, tuple)) or len(history) != NUM_EPOCHS:
        raise Mismatch(f"history should hold one (train_loss, train_acc, test_acc) per epoch, {NUM_EPOCHS} in all; "
                       f"got {type(history).__name__} of length {len(history) if hasattr(history, '__len__') else '?'}")
    train_loss, train_acc, test_acc = (float(v) for v in history[-1])
    misses = [f"{what} {bar} (got {value:.3f})" for (what, bar), value, above in
              zip(BAR.items(), (train_loss, train_acc, test_acc), (False, True, True))
              if (value <= bar if above else not value < bar)]
    if misses:
        raise Mismatch("after the last epoch: " + "; ".join(misses))
    weights = result["weights"]
    if len(weights) != 6:
        raise Mismatch(f"the network should have three nn.Linear layers; found {len(weights) // 2}")
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    linears = [m for m in net if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for index, layer in enumerate(linears):
            if layer.weight.shape != weights[2 * index].shape:
                raise Mismatch(f"Linear layer {index + 1} has weight shape {tuple(weights[2 * index].shape)}, "
                               f"expected {tuple(layer.weight.shape)} (784-256-256-10)")
            layer.weight.copy_(weights[2 * index])
            layer.bias.copy_(weights[2 * index + 1])
        images, labels = fashion_data.truth(root, synthetic, train=False)
        judged = (net(images).argmax(dim=1) == labels).float().mean().item()
    if abs(judged - test_acc) > 0.01:
        raise Mismatch(f"your history reports test accuracy {test_acc:.3f}, but the returned network scores "
                       f"{judged:.3f} on the test set in eval mode")
