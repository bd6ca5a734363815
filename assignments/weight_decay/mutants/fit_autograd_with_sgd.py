"""fit_linear_regression lets torch.optim.SGD do the update: capped at 20%."""
import torch


def fit_linear_regression(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size):
    w = w0.detach().clone().requires_grad_(True)
    b = b0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([{"params": [w], "weight_decay": weight_decay}, {"params": [b], "weight_decay": 0.0}], lr=lr)
    for _ in range(num_epochs):
        for start in range(0, X.shape[0], batch_size):
            loss = ((X[start:start + batch_size] @ w + b - y[start:start + batch_size]) ** 2).mean() / 2
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return w.detach(), b.detach()
