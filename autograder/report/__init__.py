"""The HTML report of a graded class (``autograder grade ... --html``): see ``site.py``."""
from autograder.report.site import write_site

__all__ = ["write_site"]
