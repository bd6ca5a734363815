"""training_loop takes its gradients from autograd (and prints like the book): right values, capped at 20%."""
import torch


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    params = params.detach().clone().requires_grad_(True)
    for epoch in range(1, n_epochs + 1):
        if params.grad is not None:
            params.grad.zero_()
        loss = ((params[0] * t_u + params[1] - t_c) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            params -= learning_rate * params.grad
        if epoch % 500 == 0:
            print('Epoch %d, Loss %f' % (epoch, float(loss)))
    return params.detach()
