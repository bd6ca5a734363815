"""init_weights draws the weights from N(0, 1): far too large for Xavier's scale."""


def init_weights(m):
    if type(m) is nn.Linear:
        with torch.no_grad():
            m.weight.normal_()
            m.bias.zero_()


_build_and_train = build_and_train


def build_and_train(root, num_epochs=10, lr=0.5, batch_size=256):
    """Unchanged, but it initialises with the init_weights above."""
    return _build_and_train(root, num_epochs, lr, batch_size)
