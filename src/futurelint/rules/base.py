"""The rule framework: one class per rule, carrying its metadata, docs and examples.

Importing this module is cheap (no libcst, no rule module): start-up code that needs only the
rules' metadata reads `catalog()`, generated from the classes; `registry()` imports the classes.
"""

from __future__ import annotations

import importlib
import inspect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Iterable, Optional, Union

from futurelint.rules.meta import FixApplicability, FixAvailability, RuleMeta, fix_label
from futurelint.settings import Settings
from futurelint.topics import Topic, topic_of

if TYPE_CHECKING:  # the annotations below are strings: libcst is imported only by code that parses
    import libcst as cst

    from futurelint.semantic import Model


@dataclass(frozen=True)
class Replace:
    """A fix edit expressed on the tree: put `new` (a node or source text) where `old` stands."""

    old: cst.CSTNode
    new: Union[cst.CSTNode, str]


@dataclass(frozen=True)
class InsertBefore:
    """A fix edit that inserts text right before `node`."""

    node: cst.CSTNode
    text: str


@dataclass(frozen=True)
class TreeFix:
    applicability: str  # "safe" or "unsafe"
    message: str
    edits: tuple[Union[Replace, InsertBefore], ...]


@dataclass(frozen=True)
class Report:
    """What a rule says: the node to point at, an optional message override, an optional fix."""

    node: cst.CSTNode
    message: Optional[str] = None
    fix: Optional[TreeFix] = None
    # Extra nodes whose span the finding covers (rarely needed).
    end_node: Optional[cst.CSTNode] = field(default=None)


_REGISTRY: dict[str, type["Rule"]] = {}
_CODE = re.compile(r"^FUT\d{3}$")


class Rule:
    """Base class. Subclasses set the class attributes and implement `check`.

    The class docstring is the rule's documentation, in ruff's page shape:
    "## What it does", "## Why is this bad?", "## Example", "## Use instead", and optionally
    "## References". The topic section is added when docs are rendered.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    # The plain summary (no placeholders): SARIF's short description, and the message of findings
    # that bring none of their own.
    message: ClassVar[str]
    # A finding's message with `{placeholders}`, filled in by `describe()`; None when `message` serves.
    template: ClassVar[Optional[str]] = None
    default: ClassVar[bool] = True
    fix_availability: ClassVar[FixAvailability] = "never"
    fix_applicability: ClassVar[Optional[FixApplicability]] = None  # None when never
    valid: ClassVar[tuple[str, ...]] = ()
    invalid: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if not _CODE.match(getattr(cls, "code", "")):
            raise TypeError(f"{cls.__name__} needs a code like FUT123")
        if cls.code in _REGISTRY:
            raise TypeError(f"duplicate rule code {cls.code}")
        _REGISTRY[cls.code] = cls

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @classmethod
    def topic(cls) -> Topic:
        return topic_of(cls.code)

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def fix_label(cls) -> str:
        return fix_label(cls.fix_availability, cls.fix_applicability)

    def describe(self, **values: object) -> str:
        """A finding's message: the template filled with `values` (the summary without a template)."""
        return (self.template or self.message).format(**values)

    def applies(self) -> bool:
        """Whether the rule has anything to say under these settings (e.g. target version)."""
        return True

    def check(self, model: "Model") -> Iterable[Report]:
        raise NotImplementedError


def registry() -> dict[str, type[Rule]]:
    """Every rule class, by code, in code order (imports every rule module, and libcst)."""
    from futurelint.rules import RULE_MODULES

    for module in RULE_MODULES:
        importlib.import_module(f"futurelint.rules.{module}")  # defining a class registers it
    return dict(sorted(_REGISTRY.items()))


def rules_by_name() -> dict[str, type[Rule]]:
    return {rule.name: rule for rule in registry().values()}


def catalog() -> dict[str, RuleMeta]:
    """Every rule's metadata, by code, in code order, read from the generated catalog (cheap)."""
    from futurelint.rules.catalog import CATALOG

    return {meta.code: meta for meta in CATALOG}


def catalog_by_name() -> dict[str, RuleMeta]:
    return {meta.name: meta for meta in catalog().values()}
