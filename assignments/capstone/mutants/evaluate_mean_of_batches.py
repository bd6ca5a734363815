"""evaluate_accuracy averages the batches' accuracies: wrong when the last batch is smaller."""


def evaluate_accuracy(net, data_iter):
    if isinstance(net, nn.Module):
        net.eval()
    accs = []
    with torch.no_grad():
        for X, y in data_iter:
            accs.append(accuracy(net(X), y) / y.numel())
    return sum(accs) / len(accs)


_train_ch3, _build_and_train = train_ch3, build_and_train


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    """Unchanged, but it evaluates with the evaluate_accuracy above."""
    return _train_ch3(net, train_iter, test_iter, loss, num_epochs, updater)


def build_and_train(root, num_epochs=10, lr=0.5, batch_size=256):
    """Unchanged, but it evaluates with the evaluate_accuracy above."""
    return _build_and_train(root, num_epochs, lr, batch_size)
