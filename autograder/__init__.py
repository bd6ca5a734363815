"""Auto-grader for deep-learning fundamentals in PyTorch.

The package is split along its one trust boundary:

* ``autograder.sandbox`` runs untrusted student code (a warm zygote forks one sandbox per test);
* ``autograder.judge`` runs the hidden tests, computes torch references and decides scores;
* ``autograder.course`` and ``autograder.release`` describe and publish the topics;
* ``autograder.classroom`` and ``autograder.gradebook`` grade a class and write its records.
"""

__version__ = "0.1.0"


def check(topic: str, path: str | None = None, lang: str | None = None):
    """Run TOPIC's public tests from a notebook cell or a script and return the report (``lang``: "en" or "zh")."""
    from autograder.student_check import check as _check

    return _check(topic, path, lang)
