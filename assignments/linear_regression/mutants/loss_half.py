"""loss_fn uses d2l's squared_loss convention with a factor 1/2."""


def loss_fn(t_p, t_c):
    return ((t_p - t_c) ** 2).mean() / 2
