"""The schema of a rule (pydantic models), loaded only when a pack is validated.

:mod:`numcheck.engine.pack` reads YAML and reports every problem at its place; these models say
what a rule may hold. They live apart so that a run whose validated pack comes from the cache
(:mod:`numcheck.engine.packcache`) never imports pydantic.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from numcheck.engine.pack import CODE_PATTERN, NAME_PATTERN
from numcheck.model import SEVERITIES

_STRICT = ConfigDict(extra="forbid", strict=True)
_Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]


class _DocumentModel(BaseModel):
    model_config = _STRICT
    text: _Text
    # Lax on purpose: YAML gives a date for 2025-05-23 and a str for "2025-05-23"; both mean it.
    date: _dt.date | None = Field(None, strict=False)


class _ExampleModel(BaseModel):
    model_config = _STRICT
    text: _Text | None = None
    date: _dt.date | None = Field(None, strict=False)
    documents: list[_DocumentModel] | None = Field(None, min_length=1)
    count: int = Field(1, ge=1)
    boundary: Annotated[str, StringConstraints(pattern=r"^[a-z_]+ (inside|outside)$")] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> "_ExampleModel":
        if (self.text is None) == (self.documents is None):
            raise ValueError("an example needs exactly one of 'text' and 'documents'")
        if self.documents is not None and self.date is not None:
            raise ValueError("with 'documents', give each document its own 'date'")
        return self


class ExamplesModel(BaseModel):
    model_config = _STRICT
    flag: list[_ExampleModel] = Field(min_length=1)
    pass_: list[_ExampleModel] = Field(alias="pass", min_length=1)


class RuleModel(BaseModel):
    model_config = _STRICT
    code: Annotated[str, StringConstraints(pattern=CODE_PATTERN)]
    name: Annotated[str, StringConstraints(pattern=NAME_PATTERN)]
    kind: _Text
    severity: Literal[SEVERITIES]  # type: ignore[valid-type]
    message: _Text
    suggest: _Text | None = None
    description: _Text
    params: dict[str, Any] = Field(default_factory=dict)
    when: _Text | None = None
    help: _Text | None = None
    examples: ExamplesModel


#: The keys a rule may have, for "unknown key" messages.
RULE_KEYS = tuple(RuleModel.model_fields)


