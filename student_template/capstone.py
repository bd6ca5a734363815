"""Capstone: train the course's classifier on Fashion-MNIST with your own pieces (d2l 3.5-3.7, 4.6).

The two-hidden-layer MLP of d2l 4.6 (784-256-256-10, dropout 0.2 and 0.5) learns Fashion-MNIST
with nothing from torch that you have written yourself in earlier topics. Import YOUR files; the
grader puts them beside this one (the same ones you handed in for those topics):

    from nll_vs_ce import cross_entropy       # the loss (with reduction="none" per example)
    from optimizers import SGD                # the updater
    from dropout import MLP                   # the network, with your Dropout inside
    from initialization import xavier_uniform_  # the weights' initialisation

Not allowed here (your own versions exist): ``torch.optim``, ``F.cross_entropy``, ``F.nll_loss``,
``F.log_softmax``/``F.softmax`` (and torch's softmax functions), ``nn.Dropout``/``F.dropout``, ``nn.init``.
Calls that your imported pieces make are not counted against this file: they were graded in their topics.

The data: ``torchvision.datasets.FashionMNIST(root=root, train=..., transform=..., download=False)``,
which reads ``<root>/FashionMNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte``. Never download.
Use ``num_workers=0`` in your ``DataLoader`` (the grader's sandbox allows no new processes).
"""
import torch
import torchvision
from torch import nn
from torch.utils import data
from torchvision import transforms

from dropout import MLP
from initialization import xavier_uniform_
from nll_vs_ce import cross_entropy
from optimizers import SGD


def load_data_fashion_mnist(batch_size, root, resize=None):
    """Fashion-MNIST as two ``DataLoader``s ``(train_iter, test_iter)``, like d2l 3.5's.

    Both datasets are ``torchvision.datasets.FashionMNIST(root=root, train=True/False,
    transform=trans, download=False)`` with ``trans = transforms.ToTensor()``, preceded by
    ``transforms.Resize(resize)`` when ``resize`` is given. Batches are ``(X, y)``: ``X`` float32 of
    shape ``(batch, 1, 28, 28)`` (or ``(batch, 1, resize, resize)``) with values in [0, 1], ``y``
    int64 labels. The training loader shuffles; the test loader keeps the file's order (no shuffling).
    Neither drops the last, smaller batch. ``num_workers=0``.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def init_weights(m):
    """For ``net.apply(init_weights)``: an ``nn.Linear`` gets Xavier-uniform weights (your
    ``xavier_uniform_`` with gain 1) and zero biases; any other module is left as it is.
    Returns None. (d2l draws N(0, 0.01^2); Xavier scales with the layer's size.)

    Forbidden here (earns at most 20% of the points): nn.init.
    此处禁止使用（否则最多得到 20% 的分数）：nn.init。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def accuracy(y_hat, y):
    """The NUMBER of correct predictions (a Python float), like d2l 3.6.

    ``y_hat``: scores of shape ``(n, num_classes)`` (the prediction is the argmax of each row), or
    already predicted labels of shape ``(n,)``. ``y``: the ``(n,)`` labels.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def evaluate_accuracy(net, data_iter):
    """The accuracy (a float in [0, 1]) of ``net`` on every example of ``data_iter`` (an iterable of
    ``(X, y)`` batches, the last one possibly smaller): correct predictions / examples.
    Put an ``nn.Module`` in evaluation mode first (``net.eval()``: no dropout) and compute without
    gradients (``torch.no_grad()``).
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def train_epoch_ch3(net, train_iter, loss, updater):
    """One epoch of minibatch training, like d2l 3.6's ``train_epoch_ch3``; returns
    ``(train_loss, train_acc)``: the mean loss per example and the accuracy over the epoch.

    Put ``net`` in training mode (``net.train()``). For each batch ``(X, y)`` of ``train_iter``:
    ``y_hat = net(X)``; ``l = loss(y_hat, y)``, the ``(batch,)`` losses per example;
    ``updater.zero_grad()``; ``l.mean().backward()``; ``updater.step()``. ``updater`` is an
    optimizer (your ``SGD``, or anything with ``zero_grad()`` and ``step()``).
    The epoch's loss is the sum of all per-example losses / examples; its accuracy the correct
    predictions (of ``y_hat``, before each step) / examples.

    Forbidden here (earns at most 20% of the points): torch.optim, F.cross_entropy, F.nll_loss,
    F.log_softmax, F.softmax, torch.softmax, torch.log_softmax, nn.CrossEntropyLoss, nn.Dropout,
    F.dropout, nn.init.
    此处禁止使用（否则最多得到 20% 的分数）：torch.optim, F.cross_entropy, F.nll_loss, F.log_softmax, F.softmax,
    torch.softmax, torch.log_softmax, nn.CrossEntropyLoss, nn.Dropout, F.dropout, nn.init。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    """Train for ``num_epochs`` epochs (d2l 3.6's ``train_ch3``, without the plot). Returns a list with
    one tuple ``(train_loss, train_acc, test_acc)`` per epoch: ``train_epoch_ch3``'s two numbers,
    then ``evaluate_accuracy(net, test_iter)`` after that epoch.

    Forbidden here (earns at most 20% of the points): torch.optim, F.cross_entropy, F.nll_loss,
    F.log_softmax, F.softmax, torch.softmax, torch.log_softmax, nn.CrossEntropyLoss, nn.Dropout,
    F.dropout, nn.init.
    此处禁止使用（否则最多得到 20% 的分数）：torch.optim, F.cross_entropy, F.nll_loss, F.log_softmax, F.softmax,
    torch.softmax, torch.log_softmax, nn.CrossEntropyLoss, nn.Dropout, F.dropout, nn.init。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def build_and_train(root, num_epochs=10, lr=0.5, batch_size=256):
    """The whole of d2l 4.6 with your pieces. Returns ``(net, history)``.

    ``net = MLP(784, 256, 256, 10, dropout1=0.2, dropout2=0.5)`` (your ``dropout.MLP``),
    ``net.apply(init_weights)``; the data from ``load_data_fashion_mnist(batch_size, root)``; the loss
    your ``cross_entropy(y_hat, y, reduction="none")``; the updater your ``SGD(net.parameters(), lr=lr)``;
    ``history = train_ch3(...)`` for ``num_epochs`` epochs. The course's bar, on the last epoch:
    train loss below 0.5, train and test accuracy above 0.7.

    Forbidden here (earns at most 20% of the points): torch.optim, F.cross_entropy, F.nll_loss,
    F.log_softmax, F.softmax, torch.softmax, torch.log_softmax, nn.CrossEntropyLoss, nn.Dropout,
    F.dropout, nn.init.
    此处禁止使用（否则最多得到 20% 的分数）：torch.optim, F.cross_entropy, F.nll_loss, F.log_softmax, F.softmax,
    torch.softmax, torch.log_softmax, nn.CrossEntropyLoss, nn.Dropout, F.dropout, nn.init。
    """
    # YOUR CODE HERE
    raise NotImplementedError()
