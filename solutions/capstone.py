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

综合练习：用你自己在前面各主题中写的组件，在 Fashion-MNIST 上训练课程中的分类器（d2l 3.5-3.7、4.6）。
模型是 d2l 4.6 中含两个隐藏层的多层感知机（784-256-256-10，暂退概率 0.2 和 0.5）。请导入你自己的文件
（评分器会把你在那些主题中提交的文件放在本文件旁边）：交叉熵损失 ``cross_entropy``、随机梯度下降 ``SGD``、
带暂退法的 ``MLP``、参数初始化 ``xavier_uniform_``。本文件中不允许使用 ``torch.optim``、``F.cross_entropy``、
``F.nll_loss``、``F.log_softmax``/``F.softmax``、``nn.Dropout``/``F.dropout``、``nn.init``；你导入的组件内部的调用
不算在本文件头上（它们已在各自的主题中评分）。数据用
``torchvision.datasets.FashionMNIST(root=root, train=..., transform=..., download=False)`` 读取，绝不下载；
``DataLoader`` 请用 ``num_workers=0``（沙箱不允许创建新进程）。
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

    以两个 ``DataLoader`` ``(train_iter, test_iter)`` 的形式返回 Fashion-MNIST 数据集（同 d2l 3.5）。
    两者都是 ``FashionMNIST(root=root, train=True/False, transform=trans, download=False)``，
    ``trans = transforms.ToTensor()``，给出 ``resize`` 时在前面加 ``transforms.Resize(resize)``。
    小批量 ``X`` 为取值在 [0, 1] 的 float32 图像，``y`` 为 int64 标签。训练集打乱，测试集保持文件顺序；
    都不丢弃最后一个较小的小批量。
    """
    trans = [transforms.ToTensor()]
    if resize:
        trans.insert(0, transforms.Resize(resize))
    trans = transforms.Compose(trans)
    mnist_train = torchvision.datasets.FashionMNIST(root=root, train=True, transform=trans, download=False)
    mnist_test = torchvision.datasets.FashionMNIST(root=root, train=False, transform=trans, download=False)
    return (data.DataLoader(mnist_train, batch_size, shuffle=True, num_workers=0),
            data.DataLoader(mnist_test, batch_size, shuffle=False, num_workers=0))


def init_weights(m):
    """For ``net.apply(init_weights)``: an ``nn.Linear`` gets Xavier-uniform weights (your
    ``xavier_uniform_`` with gain 1) and zero biases; any other module is left as it is.
    Returns None. (d2l draws N(0, 0.01^2); Xavier scales with the layer's size.)

    用于 ``net.apply(init_weights)``：``nn.Linear`` 的权重用你的 ``xavier_uniform_``（gain 为 1）做 Xavier
    均匀初始化，偏置置零；其他模块保持不变。返回 None。
    """
    if type(m) is nn.Linear:
        xavier_uniform_(m.weight)
        with torch.no_grad():
            m.bias.zero_()


def accuracy(y_hat, y):
    """The NUMBER of correct predictions (a Python float), like d2l 3.6.

    ``y_hat``: scores of shape ``(n, num_classes)`` (the prediction is the argmax of each row), or
    already predicted labels of shape ``(n,)``. ``y``: the ``(n,)`` labels.

    预测正确的个数（一个 Python 浮点数，同 d2l 3.6）。``y_hat`` 是形状为 ``(n, 类别数)`` 的分数
    （每行的 argmax 为预测），或已预测好的形状为 ``(n,)`` 的标签；``y`` 是 ``(n,)`` 的标签。
    """
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def evaluate_accuracy(net, data_iter):
    """The accuracy (a float in [0, 1]) of ``net`` on every example of ``data_iter`` (an iterable of
    ``(X, y)`` batches, the last one possibly smaller): correct predictions / examples.
    Put an ``nn.Module`` in evaluation mode first (``net.eval()``: no dropout) and compute without
    gradients (``torch.no_grad()``).

    ``net`` 在 ``data_iter`` 的全部样本上的精度（[0, 1] 中的浮点数）：预测正确数 / 样本数。
    先把 ``nn.Module`` 置于评估模式（``net.eval()``：不做暂退），并在 ``torch.no_grad()`` 下计算。
    """
    if isinstance(net, nn.Module):
        net.eval()
    correct, total = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            correct += accuracy(net(X), y)
            total += y.numel()
    return correct / total


def train_epoch_ch3(net, train_iter, loss, updater):
    """One epoch of minibatch training, like d2l 3.6's ``train_epoch_ch3``; returns
    ``(train_loss, train_acc)``: the mean loss per example and the accuracy over the epoch.

    Put ``net`` in training mode (``net.train()``). For each batch ``(X, y)`` of ``train_iter``:
    ``y_hat = net(X)``; ``l = loss(y_hat, y)``, the ``(batch,)`` losses per example;
    ``updater.zero_grad()``; ``l.mean().backward()``; ``updater.step()``. ``updater`` is an
    optimizer (your ``SGD``, or anything with ``zero_grad()`` and ``step()``).
    The epoch's loss is the sum of all per-example losses / examples; its accuracy the correct
    predictions (of ``y_hat``, before each step) / examples.

    训练一个迭代周期（同 d2l 3.6 的 ``train_epoch_ch3``），返回 ``(train_loss, train_acc)``：
    每个样本的平均损失和该迭代周期的精度。先 ``net.train()``；对每个小批量：``y_hat = net(X)``，
    ``l = loss(y_hat, y)``（每个样本的损失），``updater.zero_grad()``，``l.mean().backward()``，``updater.step()``。
    """
    net.train()
    loss_sum, correct, total = 0.0, 0.0, 0
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        updater.zero_grad()
        l.mean().backward()
        updater.step()
        loss_sum += float(l.detach().sum())
        correct += accuracy(y_hat, y)
        total += y.numel()
    return loss_sum / total, correct / total


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    """Train for ``num_epochs`` epochs (d2l 3.6's ``train_ch3``, without the plot). Returns a list with
    one tuple ``(train_loss, train_acc, test_acc)`` per epoch: ``train_epoch_ch3``'s two numbers,
    then ``evaluate_accuracy(net, test_iter)`` after that epoch.

    训练 ``num_epochs`` 个迭代周期（d2l 3.6 的 ``train_ch3``，不画图）。返回一个列表，每个迭代周期一个元组
    ``(train_loss, train_acc, test_acc)``：``train_epoch_ch3`` 的两个数，以及该迭代周期之后的
    ``evaluate_accuracy(net, test_iter)``。
    """
    history = []
    for _ in range(num_epochs):
        train_loss, train_acc = train_epoch_ch3(net, train_iter, loss, updater)
        history.append((train_loss, train_acc, evaluate_accuracy(net, test_iter)))
    return history


def build_and_train(root, num_epochs=10, lr=0.5, batch_size=256):
    """The whole of d2l 4.6 with your pieces. Returns ``(net, history)``.

    ``net = MLP(784, 256, 256, 10, dropout1=0.2, dropout2=0.5)`` (your ``dropout.MLP``),
    ``net.apply(init_weights)``; the data from ``load_data_fashion_mnist(batch_size, root)``; the loss
    your ``cross_entropy(y_hat, y, reduction="none")``; the updater your ``SGD(net.parameters(), lr=lr)``;
    ``history = train_ch3(...)`` for ``num_epochs`` epochs. The course's bar, on the last epoch:
    train loss below 0.5, train and test accuracy above 0.7.

    用你自己的组件完成整个 d2l 4.6，返回 ``(net, history)``：``net = MLP(784, 256, 256, 10, dropout1=0.2,
    dropout2=0.5)``，``net.apply(init_weights)``，数据来自 ``load_data_fashion_mnist(batch_size, root)``，
    损失用你的 ``cross_entropy``（逐样本），优化器用你的 ``SGD``，训练 ``num_epochs`` 个迭代周期。
    课程的标准（最后一个迭代周期）：训练损失低于 0.5，训练精度和测试精度都高于 0.7。
    """
    net = MLP(784, 256, 256, 10, dropout1=0.2, dropout2=0.5)
    net.apply(init_weights)
    train_iter, test_iter = load_data_fashion_mnist(batch_size, root)

    def loss(y_hat, y):
        return cross_entropy(y_hat, y, reduction="none")

    updater = SGD(net.parameters(), lr=lr)
    return net, train_ch3(net, train_iter, test_iter, loss, num_epochs, updater)
