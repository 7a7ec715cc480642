"""The one error type readers raise, so the batch can record it and go on."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: names the input and says why, in one line."""

    def __init__(self, input: str, reason: str) -> None:
        super().__init__(f"{input}: {reason}")
        self.input = input
        self.reason = reason
