"""evaluate_accuracy runs the net with autograd on (no torch.no_grad())."""


def evaluate_accuracy(net, data_iter):
    if isinstance(net, nn.Module):
        net.eval()
    correct, total = 0.0, 0
    for X, y in data_iter:
        correct += accuracy(net(X), y)
        total += y.numel()
    return correct / total
