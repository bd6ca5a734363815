"""Exporting topics to other graders: nbgrader source notebooks, Gradescope autograder zips.

``kernel`` runs our tests inside the Jupyter kernel that nbgrader grades a notebook in.
"""
