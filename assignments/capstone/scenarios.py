"""Scenarios for the capstone: they run INSIDE the sandbox on the student's module (``module``) and
return plain data. Data loaders and networks cannot leave the sandbox, so each scenario builds what
the student's function needs, calls it, and returns numbers and tensors for the judge to check.

The networks, losses and updaters built here are the course's own, written with plain tensor
operations (no torch.optim, no F.cross_entropy), so the student's functions can be tested one at a
time, independently of their pieces.
"""
import torch
from torch import nn


class PlainSGD:
    """The updater the epoch scenarios hand to the student: p -= lr * p.grad (``zero_grad`` sets None)."""

    def __init__(self, params, lr):
        self.params, self.lr = list(params), lr

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self):
        for p in self.params:
            if p.grad is not None:
                p.sub_(self.lr * p.grad)


def cross_entropy_none(logits, y):
    """Per-example cross-entropy, ``(batch,)``: logsumexp minus the target's logit."""
    return logits.logsumexp(dim=1) - logits.gather(1, y.unsqueeze(1)).squeeze(1)


def small_net(state):
    """Flatten -> Linear -> ReLU -> Linear, loaded from ``state`` (a list [w1, b1, w2, b2])."""
    net = nn.Sequential(nn.Flatten(), nn.Linear(state[0].shape[1], state[0].shape[0]), nn.ReLU(),
                        nn.Linear(state[2].shape[1], state[2].shape[0]))
    with torch.no_grad():
        for p, value in zip(net.parameters(), state):
            p.copy_(value)
    return net


def linear_weights(net):
    """Every nn.Linear's weight and bias, in module order."""
    return [t.detach().clone() for m in net.modules() if isinstance(m, nn.Linear) for t in (m.weight, m.bias)]


def _batches(X, y, batch_size):
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(y), batch_size)]


def loader_summary(module, root, batch_size, resize=None):
    """What ``load_data_fashion_mnist`` gives: per loader the batch sizes, shapes, dtypes, all labels in
    the order served, and the first batch's images; the training loader is read twice (reshuffled)."""
    train_iter, test_iter = module.load_data_fashion_mnist(batch_size, root, resize=resize)
    summary = {}
    for name, loader, passes in (("train", train_iter, 2), ("test", test_iter, 2)):
        runs = []
        for _ in range(passes):
            sizes, shapes, dtypes, labels, first = [], set(), set(), [], None
            for X, y in loader:
                sizes.append(int(y.shape[0]))
                shapes.add(tuple(X.shape[1:]))
                dtypes.add((str(X.dtype), str(y.dtype)))
                labels.append(y.clone())
                if first is None:
                    first = X.clone()
            runs.append({"sizes": sizes, "shapes": sorted(shapes), "dtypes": sorted(dtypes),
                         "labels": torch.cat(labels) if labels else torch.zeros(0, dtype=torch.int64), "first": first})
        summary[name] = runs
    return summary


class ModeProbe(nn.Module):
    """A linear classifier that is only right in eval mode (in training mode its scores are negated,
    as a dropout net's would be perturbed) and records whether autograd was on in each forward."""

    def __init__(self, weight):
        super().__init__()
        self.linear = nn.Linear(weight.shape[1], weight.shape[0], bias=False)
        with torch.no_grad():
            self.linear.weight.copy_(weight)
        self.grad_enabled = []

    def forward(self, X):
        self.grad_enabled.append(torch.is_grad_enabled())
        scores = self.linear(X)
        return scores if not self.training else -scores


def evaluate(module, weight, X, y, batch_size):
    """``evaluate_accuracy`` of a ModeProbe (left in training mode) over the batches of (X, y)."""
    net = ModeProbe(weight)
    net.train()
    acc = module.evaluate_accuracy(net, _batches(X, y, batch_size))
    return {"accuracy": acc, "grad_enabled": any(net.grad_enabled), "calls": len(net.grad_enabled)}


def init(module, seed):
    """``net.apply(init_weights)`` on a net with two Linear layers and a LayerNorm (not a Linear)."""
    torch.manual_seed(seed)
    net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.LayerNorm(256), nn.Linear(256, 10))
    with torch.no_grad():
        net[2].weight.fill_(3.0)
        net[2].bias.fill_(-1.0)
    net.apply(module.init_weights)
    return {"weights": linear_weights(net), "norm": [net[2].weight.detach().clone(), net[2].bias.detach().clone()]}


def epoch(module, state, X, y, batch_size, lr):
    """One ``train_epoch_ch3`` of small_net(state) with PlainSGD and cross_entropy_none."""
    net = small_net(state)
    net.eval()  # the student's function must switch it to training mode itself
    metrics = module.train_epoch_ch3(net, _batches(X, y, batch_size), cross_entropy_none, PlainSGD(net.parameters(), lr))
    return {"metrics": metrics, "weights": linear_weights(net), "training": net.training}


def train(module, state, X, y, X_test, y_test, batch_size, lr, num_epochs):
    """``train_ch3`` of small_net(state) with PlainSGD and cross_entropy_none."""
    net = small_net(state)
    history = module.train_ch3(net, _batches(X, y, batch_size), _batches(X_test, y_test, batch_size),
                               cross_entropy_none, num_epochs, PlainSGD(net.parameters(), lr))
    return {"history": history, "weights": linear_weights(net)}


def build(module, root, seed):
    """``build_and_train(root)`` with its defaults; returns the history and the trained Linear layers."""
    torch.manual_seed(seed)
    net, history = module.build_and_train(root)
    return {"history": history, "weights": linear_weights(net), "is_module": isinstance(net, nn.Module)}
