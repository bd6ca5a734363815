"""loss_fn squares the mean difference instead of averaging the squared differences."""


def loss_fn(t_p, t_c):
    return (t_p - t_c).mean() ** 2
