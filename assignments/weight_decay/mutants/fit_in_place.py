"""fit_linear_regression updates w0 and b0 in place and returns them: the caller's tensors change."""
import torch


def fit_linear_regression(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size):
    w, b = w0, b0
    with torch.no_grad():
        for _ in range(num_epochs):
            for start in range(0, X.shape[0], batch_size):
                Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
                r = Xb @ w + b - yb
                grad_w = Xb.T @ r / r.numel() + weight_decay * w
                grad_b = r.mean().reshape(b.shape)
                w.sub_(lr * grad_w)
                b.sub_(lr * grad_b)
    return w, b
