"""evaluate_accuracy never calls net.eval(): a dropout net is evaluated with dropout on."""


def evaluate_accuracy(net, data_iter):
    correct, total = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            correct += accuracy(net(X), y)
            total += y.numel()
    return correct / total


_build_and_train = build_and_train


def build_and_train(root, num_epochs=10, lr=0.5, batch_size=256):
    """Unchanged, but it evaluates with the evaluate_accuracy above."""
    return _build_and_train(root, num_epochs, lr, batch_size)
