"""build_and_train uses lr=0.01: ten epochs are not enough to reach the bar."""
_build_and_train = build_and_train


def build_and_train(root, num_epochs=10, lr=0.01, batch_size=256):
    return _build_and_train(root, num_epochs, lr, batch_size)
