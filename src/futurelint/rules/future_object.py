"""Rules of the future_object topic."""

from __future__ import annotations

import libcst as cst

from futurelint.rules.base import Report, Rule
from futurelint.semantic import Model
