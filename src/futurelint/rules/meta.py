"""What is known about a rule without importing it: its metadata record and the kinds of fix.

Both `rules/base.py` (the rule classes) and the generated `rules/catalog.py` import from here, so
neither imports the other at module level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional

from futurelint.topics import Topic, topic_of

# Whether a finding of the rule comes with a fix: for none of them, for some, for every one.
FixAvailability = Literal["never", "sometimes", "always"]
# How far its fixes can be trusted: every one is safe, every one is unsafe, or it depends on the finding.
FixApplicability = Literal["safe", "unsafe", "safe or unsafe"]
FIX_AVAILABILITIES = ("never", "sometimes", "always")
FIX_APPLICABILITIES = ("safe", "unsafe", "safe or unsafe")


def fix_label(availability: str, applicability: Optional[str]) -> str:
    """How docs and `futurelint rules` show the fix: "none", "safe", "unsafe, sometimes"..."""
    if availability == "never" or applicability is None:
        return "none"
    return applicability if availability == "always" else f"{applicability}, sometimes"


@dataclass(frozen=True)
class RuleMeta:
    """What selection, configuration and `futurelint rules` need to know about a rule, without
    importing it. `rules/catalog.py` holds one per rule, generated from the classes."""

    code: str
    name: str
    default: bool
    fix_availability: FixAvailability = "never"
    fix_applicability: Optional[FixApplicability] = None

    @classmethod
    def of(cls, rule) -> "RuleMeta":
        return cls(rule.code, rule.name, rule.default, rule.fix_availability, rule.fix_applicability)

    def topic(self) -> Topic:
        return topic_of(self.code)

    def fix_label(self) -> str:
        return fix_label(self.fix_availability, self.fix_applicability)
