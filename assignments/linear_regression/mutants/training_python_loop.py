"""training_loop is right but accumulates each epoch's gradient point by point in Python."""
import torch


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    n = t_u.numel()
    for epoch in range(1, n_epochs + 1):
        w, b = params
        dw = torch.zeros((), dtype=params.dtype)
        db = torch.zeros((), dtype=params.dtype)
        for u, c in zip(t_u.reshape(-1), t_c.reshape(-1)):
            d = 2 * (w * u + b - c) / n
            dw = dw + d * u
            db = db + d
        params = params - learning_rate * torch.stack([dw, db])
    return params.clone()
