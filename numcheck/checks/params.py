"""The base of every kind's params: declared like a dataclass, validated by pydantic on load.

A kind declares its params as annotated class attributes with defaults::

    class AgreementParams(Params):
        min_value: float = 10

Declaring one costs nothing at import: the pydantic model that validates a rule's ``params``
(unknown keys are errors, types checked as pydantic checks them) is made from the declarations
the first time a pack is validated (:meth:`Params.schema_model`). A one-article check whose rule
pack comes from the cache (:mod:`numcheck.engine.packcache`) never imports pydantic at all.
Instances are frozen values: compared, hashed and pickled by their fields.
"""

from __future__ import annotations

import typing
from typing import Any

__all__ = ["Params"]

_MISSING = object()


class _ParamsType(type):
    @property
    def model_fields(cls):
        """The fields of :meth:`Params.schema_model` (pydantic ``FieldInfo`` by name)."""
        return cls.schema_model().model_fields


class Params(metaclass=_ParamsType):
    """Base for every kind's params: unknown keys are errors, values are frozen."""

    def __init__(self, **values: Any) -> None:
        checked = type(self).schema_model()(**values)  # raises pydantic's ValidationError
        self._fill(checked)

    @classmethod
    def model_validate(cls, raw: Any) -> "Params":
        """``raw`` (a mapping) validated by :meth:`schema_model`; raises ValidationError."""
        obj = cls.__new__(cls)
        obj._fill(cls.schema_model().model_validate(raw))
        return obj

    def _fill(self, checked) -> None:
        for name in type(self).field_names():
            object.__setattr__(self, name, getattr(checked, name))

    @classmethod
    def fields(cls) -> dict[str, tuple[Any, Any]]:
        """Field name → (type, default; a private marker when required), bases first."""
        got = cls.__dict__.get("_fields_cache")
        if got is None:
            hints = typing.get_type_hints(cls)
            got = {}
            for name, tp in hints.items():
                if name.startswith("_"):
                    continue
                default = _MISSING
                for klass in cls.__mro__:
                    if name in klass.__dict__:
                        default = klass.__dict__[name]
                        break
                got[name] = (tp, default)
            type.__setattr__(cls, "_fields_cache", got)
        return got

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The names of the fields, in declaration order."""
        return tuple(cls.fields())

    @classmethod
    def schema_model(cls):
        """The pydantic model that validates these params (made once per class)."""
        got = cls.__dict__.get("_schema_cache")
        if got is None:
            from pydantic import ConfigDict, create_model

            spec = {name: (tp, ... if default is _MISSING else default)
                    for name, (tp, default) in cls.fields().items()}
            got = create_model(cls.__name__, __config__=ConfigDict(extra="forbid", frozen=True),
                               __doc__=cls.__doc__, __module__=cls.__module__, **spec)
            type.__setattr__(cls, "_schema_cache", got)
        return got

    def model_dump(self) -> dict[str, Any]:
        """The field values, by name."""
        return {name: getattr(self, name) for name in type(self).field_names()}

    def model_copy(self, update: dict[str, Any] | None = None) -> "Params":
        """A copy with the fields in ``update`` changed, validated like a pack's params."""
        values = self.model_dump()
        values.update(update or {})
        return type(self)(**values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash((type(self).__name__, repr(sorted(self.model_dump().items()))))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.model_dump().items())
        return f"{type(self).__name__}({inner})"

    def __reduce__(self):
        return (_rebuild, (type(self), self.model_dump()))


def _rebuild(cls: type, values: dict) -> Params:
    """An unpickled Params: the values were validated when it was made."""
    obj = cls.__new__(cls)
    for name, value in values.items():
        object.__setattr__(obj, name, value)
    return obj
