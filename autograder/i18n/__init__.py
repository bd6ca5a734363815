"""Chinese and English: the run's language, the framework's message catalog and bilingual literals.

* ``language()`` -- ``en`` or ``zh``: ``AUTOGRADER_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``,
  ``LANG`` starting with ``zh``), else ``en``. ``set_language`` (the CLI's ``--lang``) writes
  ``AUTOGRADER_LANG`` so judge workers (spawned processes) and sandboxes inherit it.
* ``tr(key, **values)`` -- a framework message from ``catalog.MESSAGES`` in the run's language.
* ``Text(en=..., zh=...)`` -- a message written in a topic's test file; it becomes a string in the
  run's language only when feedback is made (``str()``, f-strings, ``%s``).

Terms follow the Chinese edition of d2l (《动手学深度学习》): see docs/AUTHORING.md.
"""
from __future__ import annotations

import os

from autograder.i18n.catalog import MESSAGES

LANGUAGES = ("en", "zh")
ENV_VAR = "AUTOGRADER_LANG"


def _normalise(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    if value.startswith("zh"):
        return "zh"
    if value.startswith("en") or value in ("c", "posix"):
        return "en"
    return None


def language() -> str:
    """The language of this run (read each time, so a change of ``AUTOGRADER_LANG`` takes effect)."""
    chosen = _normalise(os.environ.get(ENV_VAR))
    if chosen:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:  # the first one set decides, as in POSIX locale lookup
            return _normalise(value) or "en"
    return "en"


def set_language(lang: str | None) -> str:
    """Fix the run's language (None: keep the default); returns it. Child processes inherit it."""
    if lang is not None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
        os.environ[ENV_VAR] = lang
    return language()


def tr(key: str, **values) -> str:
    """The catalog message ``key`` in the run's language, with ``{name}`` placeholders filled in."""
    forms = MESSAGES[key]
    return forms[language()].format(**{k: render(v) for k, v in values.items()})


class Text:
    """A message in both languages; ``str()`` gives the run's language at the moment it is called."""

    __slots__ = ("en", "zh")

    def __init__(self, en: str, zh: str):
        if not (isinstance(en, str) and isinstance(zh, str) and en.strip() and zh.strip()):
            raise ValueError("Text needs a non-empty English and Chinese form")
        self.en, self.zh = en, zh

    def __str__(self) -> str:
        return self.zh if language() == "zh" else self.en

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Text(en={self.en!r}, zh={self.zh!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Text) and (self.en, self.zh) == (other.en, other.zh)

    def __hash__(self) -> int:
        return hash((self.en, self.zh))

    def __add__(self, other) -> "Text":
        """``Text + Text`` or ``Text + str`` stays bilingual."""
        if isinstance(other, Text):
            return Text(self.en + other.en, self.zh + other.zh)
        return Text(self.en + str(other), self.zh + str(other))

    def __radd__(self, other) -> "Text":
        return Text(str(other) + self.en, str(other) + self.zh)

    def replace(self, old: str, new: str) -> "Text":
        """``str.replace`` in both forms (for code inside a message, which both forms share)."""
        return Text(self.en.replace(old, new), self.zh.replace(old, new))

    def format(self, **values) -> "Text":
        """Fill ``{name}`` placeholders in both forms (values that are Text are filled per language)."""
        return Text(self.en.format(**{k: _form(v, "en") for k, v in values.items()}),
                    self.zh.format(**{k: _form(v, "zh") for k, v in values.items()}))


def _form(value, lang: str):
    return getattr(value, lang) if isinstance(value, Text) else value


def render(value) -> str:
    """A message (str, Text or anything else) as a string in the run's language."""
    return str(value)


def english(value) -> str:
    """The English form (stable names for scripts, e.g. test names in grades.json)."""
    return value.en if isinstance(value, Text) else str(value)


__all__ = ["LANGUAGES", "ENV_VAR", "Text", "english", "language", "render", "set_language", "tr"]
