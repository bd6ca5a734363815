"""training_loop computes the prediction t_p once, before the loop, and never updates it."""
import torch


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    w, b = params
    t_p = w * t_u + b
    for epoch in range(1, n_epochs + 1):
        d = 2 * (t_p - t_c) / t_p.numel()
        params = params - learning_rate * torch.stack([(d * t_u).sum(), d.sum()])
    return params
