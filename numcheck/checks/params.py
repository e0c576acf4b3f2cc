"""The base of every kind's params model (pydantic: unknown keys are errors, values frozen)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Params(BaseModel):
    """Base for every kind's params: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)
