"""Every rule module, one per topic; importing this package registers all rules."""

from futurelint.rules import (  # noqa: F401
    as_completed,
    callbacks,
    cancelling,
    future_object,
    lifecycle,
    map,
    max_workers,
    submit,
    swallowed_exceptions,
    wait,
)
from futurelint.rules.base import Report, Rule, registry

__all__ = ["Report", "Rule", "registry"]
