"""training_loop climbs the loss: params + learning_rate * grad."""
import torch


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for epoch in range(1, n_epochs + 1):
        w, b = params
        t_p = w * t_u + b
        d = 2 * (t_p - t_c) / t_p.numel()
        params = params + learning_rate * torch.stack([(d * t_u).sum(), d.sum()])
    return params
