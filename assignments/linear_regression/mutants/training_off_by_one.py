"""training_loop runs range(1, n_epochs): one update fewer than asked."""
import torch


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for epoch in range(1, n_epochs):
        w, b = params
        t_p = w * t_u + b
        d = 2 * (t_p - t_c) / t_p.numel()
        params = params - learning_rate * torch.stack([(d * t_u).sum(), d.sum()])
    return params
