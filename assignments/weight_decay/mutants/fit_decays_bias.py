"""fit_linear_regression decays the bias too."""


def fit_linear_regression(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size):
    w, b = w0.clone(), b0.clone()
    for _ in range(num_epochs):
        for start in range(0, X.shape[0], batch_size):
            Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
            r = Xb @ w + b - yb
            w = w - lr * (Xb.T @ r / r.numel() + weight_decay * w)
            b = b - lr * (r.mean().reshape(b.shape) + weight_decay * b)
    return w, b
