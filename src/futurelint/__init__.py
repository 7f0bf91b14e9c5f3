"""futurelint: find misuse of concurrent.futures before it reaches production."""

__version__ = "0.1.0"
