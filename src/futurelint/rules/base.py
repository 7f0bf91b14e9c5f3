"""The rule framework: one class per rule, carrying its metadata, docs and examples."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Iterable, Iterator, Optional, Union

import libcst as cst

from futurelint.settings import Settings
from futurelint.topics import TOPICS_BY_DIGIT, Topic

if TYPE_CHECKING:
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
    message: ClassVar[str]
    default: ClassVar[bool] = True
    fix: ClassVar[Optional[str]] = None  # None, "safe", "unsafe" or "sometimes"
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
        return TOPICS_BY_DIGIT[int(cls.code[3])]

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    def applies(self) -> bool:
        """Whether the rule has anything to say under these settings (e.g. target version)."""
        return True

    def check(self, model: "Model") -> Iterable[Report]:
        raise NotImplementedError


def registry() -> dict[str, type[Rule]]:
    """Every rule, by code, in code order."""
    import futurelint.rules  # noqa: F401  (registers the rule modules)

    return dict(sorted(_REGISTRY.items()))


def rules_by_name() -> dict[str, type[Rule]]:
    return {rule.name: rule for rule in registry().values()}


def iter_rules() -> Iterator[type[Rule]]:
    return iter(registry().values())
