"""fit_linear_regression shuffles the examples every epoch (d2l's data_iter does; the contract does not)."""
import torch


def fit_linear_regression(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size):
    w, b = w0.clone(), b0.clone()
    n = X.shape[0]
    for _ in range(num_epochs):
        order = torch.randperm(n, device=X.device)
        for start in range(0, n, batch_size):
            index = order[start:start + batch_size]
            Xb, yb = X[index], y[index]
            r = Xb @ w + b - yb
            w = w - lr * (Xb.T @ r / r.numel() + weight_decay * w)
            b = b - lr * r.mean().reshape(b.shape)
    return w, b
