"""The one exception the ingest layer raises for bad input."""

from __future__ import annotations

from numcheck.model import Problem


class InputError(Exception):
    """A file (or stdin) that cannot be read as a document.

    ``problem`` says where and why, ready for ``Problem.format()``; the exception's string is that
    formatted line, so a caller that only prints it still gives the user a useful message.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem

    def __reduce__(self):
        # exceptions pickle through their args; ours is the Problem, not the message
        return (InputError, (self.problem,))


def input_error(path: str, message: str, line: int = 0, column: int = 0, text: str = "") -> InputError:
    """Shorthand for an :class:`InputError` of kind "input"."""
    return InputError(Problem(path=path, message=message, line=line, column=column, kind="input", text=text))
