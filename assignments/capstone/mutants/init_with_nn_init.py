"""init_weights calls torch's nn.init instead of the student's own initialization."""


def init_weights(m):
    if type(m) is nn.Linear:
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)


_build_and_train = build_and_train


def build_and_train(root, num_epochs=10, lr=0.5, batch_size=256):
    """Unchanged, but it initialises with the init_weights above (nn.init inside it)."""
    return _build_and_train(root, num_epochs, lr, batch_size)
