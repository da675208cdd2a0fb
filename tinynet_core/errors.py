"""The one base class for bad input from outside; torch-free, so the CLI can catch it before torch loads."""


class InputError(ValueError):
    """Bad input (an argument, a file, a value in a file): one line for the user, exit status 2."""
