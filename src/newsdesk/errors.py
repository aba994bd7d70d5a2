"""Exceptions raised by the library. The CLI turns them into messages and exit codes."""

from __future__ import annotations

__all__ = [
    "NewsdeskError",
    "InputError",
    "NoArticlesError",
    "DataMissingError",
]


class NewsdeskError(Exception):
    """Base class of every error newsdesk raises on purpose."""


class InputError(NewsdeskError):
    """One input could not be used; ``input`` names it, ``reason`` says why."""

    def __init__(self, input: str, reason: str) -> None:
        super().__init__(f"{input}: {reason}")
        self.input = input
        self.reason = reason


class NoArticlesError(NewsdeskError):
    """Nothing usable remained after reading every input."""


class DataMissingError(NewsdeskError):
    """A data file or model file that a command needs is absent; the message says what to run."""
