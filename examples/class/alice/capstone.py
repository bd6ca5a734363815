"""Alice's capstone: d2l 4.6 with her own cross_entropy, SGD, MLP (with her Dropout) and Xavier init."""
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
    steps = ([transforms.Resize(resize)] if resize else []) + [transforms.ToTensor()]
    trans = transforms.Compose(steps)
    train = torchvision.datasets.FashionMNIST(root=root, train=True, transform=trans, download=False)
    test = torchvision.datasets.FashionMNIST(root=root, train=False, transform=trans, download=False)
    return data.DataLoader(train, batch_size, shuffle=True), data.DataLoader(test, batch_size, shuffle=False)


def init_weights(m):
    if isinstance(m, nn.Linear):
        xavier_uniform_(m.weight)
        with torch.no_grad():
            m.bias.fill_(0.0)


def accuracy(y_hat, y):
    predicted = y_hat.argmax(dim=1) if y_hat.dim() > 1 and y_hat.shape[1] > 1 else y_hat
    return float((predicted.to(y.dtype) == y).sum().item())


def evaluate_accuracy(net, data_iter):
    net.eval()
    right = seen = 0
    with torch.no_grad():
        for X, y in data_iter:
            right += accuracy(net(X), y)
            seen += len(y)
    return right / seen


def train_epoch_ch3(net, train_iter, loss, updater):
    net.train()
    total_loss = right = seen = 0.0
    for X, y in train_iter:
        y_hat = net(X)
        losses = loss(y_hat, y)
        updater.zero_grad()
        losses.mean().backward()
        updater.step()
        total_loss += losses.detach().sum().item()
        right += accuracy(y_hat.detach(), y)
        seen += len(y)
    return total_loss / seen, right / seen


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    return [train_epoch_ch3(net, train_iter, loss, updater) + (evaluate_accuracy(net, test_iter),)
            for _ in range(num_epochs)]


def build_and_train(root, num_epochs=10, lr=0.5, batch_size=256):
    net = MLP(784, 256, 256, 10, dropout1=0.2, dropout2=0.5)
    net.apply(init_weights)
    train_iter, test_iter = load_data_fashion_mnist(batch_size, root)
    history = train_ch3(net, train_iter, test_iter, lambda y_hat, y: cross_entropy(y_hat, y, reduction="none"),
                        num_epochs, SGD(net.parameters(), lr=lr))
    return net, history
