"""fit_linear_regression differentiates weight_decay * (w ** 2).sum() / 2 as 2 * weight_decay * w."""


def fit_linear_regression(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size):
    w, b = w0.clone(), b0.clone()
    for _ in range(num_epochs):
        for start in range(0, X.shape[0], batch_size):
            Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
            r = Xb @ w + b - yb
            w = w - lr * (Xb.T @ r / r.numel() + 2 * weight_decay * w)
            b = b - lr * r.mean().reshape(b.shape)
    return w, b
