"""training_loop uses torch.optim.SGD: right values, capped at 20%."""
import torch


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    params = params.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([params], lr=learning_rate)
    for epoch in range(1, n_epochs + 1):
        loss = ((params[0] * t_u + params[1] - t_c) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return params.detach()
