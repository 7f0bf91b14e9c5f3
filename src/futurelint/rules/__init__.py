"""The rules, one module per topic. Importing this package imports none of them: `registry()`
imports every module in `RULE_MODULES` (defining a `Rule` subclass registers it), and start-up code
reads the rules' metadata from the generated `catalog` module instead."""

from futurelint.rules.base import Report, Rule, registry

RULE_MODULES = (
    "as_completed",
    "callbacks",
    "cancelling",
    "future_object",
    "future_waiting",
    "lifecycle",
    "map",
    "max_workers",
    "noqa_directives",
    "submit",
    "submit_tasks",
    "swallowed_exceptions",
    "wait",
)

__all__ = ["RULE_MODULES", "Report", "Rule", "registry"]
