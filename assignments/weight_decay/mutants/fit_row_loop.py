"""fit_linear_regression is right but accumulates each minibatch's gradient example by example."""
import torch


def fit_linear_regression(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size):
    w, b = w0.clone(), b0.clone()
    for _ in range(num_epochs):
        for start in range(0, X.shape[0], batch_size):
            Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
            grad_w, grad_b = torch.zeros_like(w), torch.zeros_like(b)
            for x_i, y_i in zip(Xb, yb):
                r = x_i @ w + b - y_i
                grad_w = grad_w + x_i[:, None] * r
                grad_b = grad_b + r
            m = Xb.shape[0]
            w = w - lr * (grad_w / m + weight_decay * w)
            b = b - lr * grad_b / m
    return w, b
