"""Reading the demo data files (`donnees_demo/*.yaml` next to each demo module) into the
dataclasses that the generation uses.

The texts of the demo live in YAML so that they can be read and edited as texts. The reading is
strict because YAML forgives too much: a misspelt key (`tittres:`) or a line indented one step
too far would otherwise give an empty field without any error, and the demo would only look
wrong. Here an unknown or missing key, a value of the wrong type or an unknown code stops
`load_demo` with the file and the entry at fault.
"""

import dataclasses
import types
import typing
from enum import Enum
from pathlib import Path

import yaml

# The benchmark's generated rows (banc/) are marked so that nobody mistakes them for real ones,
# and the demo leaves them alone: slugs start with `bench-`, titles and names with
# « [Banc d'essai] », and `is_demo` is true.
SLUG_PREFIX = "bench-"
ORGANISATION_SLUG_PREFIX = "bench-o-"
TITLE_PREFIX = "[Banc d'essai] "


class DonneesDemoError(ValueError):
    """A demo data file that does not say what its loader expects."""


def read_yaml(path: Path):
    """What the file says, as YAML reads it (mappings, lists, texts, numbers)."""
    with path.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def load(cls, path: Path):
    """The whole file as an instance of the dataclass `cls` (see `build`)."""
    return build(cls, read_yaml(path), path.name)


def check_keys(mapping, where: str, required, optional=()) -> dict:
    """The mapping itself, once it has every required key and none but the optional others."""
    check_mapping(mapping, where)
    allowed = [*required, *optional]
    if unknown := [key for key in mapping if key not in allowed]:
        raise DonneesDemoError(
            f"{where} : clé inconnue {', '.join(map(str, unknown))} "
            f"(clés possibles : {', '.join(allowed)})."
        )
    if missing := [key for key in required if key not in mapping]:
        raise DonneesDemoError(f"{where} : il manque {', '.join(missing)}.")
    return mapping


def build(cls, mapping, where: str, **fixed):
    """An instance of the dataclass `cls` from a mapping of the file: its keys are the fields
    (optional when the field has a default; those in `fixed` are set by the loader, not the
    file), each value must have the field's type, lists become tuples and mappings typed with
    a dataclass are built in turn."""
    fields = [field for field in dataclasses.fields(cls) if field.name not in fixed]
    optional = [
        field.name
        for field in fields
        if field.default is not dataclasses.MISSING
        or field.default_factory is not dataclasses.MISSING
    ]
    required = [field.name for field in fields if field.name not in optional]
    check_keys(mapping, where, required, optional)
    values = {
        field.name: conform(mapping[field.name], field.type, f"{where}, {field.name}")
        for field in fields
        if field.name in mapping
    }
    return cls(**values, **fixed)


def choice(enum: type[Enum], value, where: str):
    """The member of a Django choices class that this code names, or an error listing them."""
    try:
        return enum(value)
    except ValueError:
        codes = ", ".join(str(member.value) for member in enum)
        raise DonneesDemoError(
            f"{where} : code inconnu {value!r} (codes possibles : {codes})."
        ) from None


def check_mapping(value, where: str) -> dict:
    """The mapping itself, whatever its keys, or an error saying where one was expected."""
    if not isinstance(value, dict):
        raise DonneesDemoError(f"{where} : une table (clé: valeur) est attendue, pas {value!r}.")
    return value


def check_list(value, where: str) -> list:
    """The list of entries itself, or an error saying where a list was expected."""
    if not isinstance(value, list):
        raise DonneesDemoError(f"{where} : une liste est attendue, pas {value!r}.")
    return value


def conform(value, annotation, where: str):
    """`value` as the type annotation says (lists become tuples), or an error saying where."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if dataclasses.is_dataclass(annotation):
        return build(annotation, value, where)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            try:
                return conform(value, arg, where)
            except DonneesDemoError:
                pass
    elif origin is tuple and isinstance(value, list):
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(conform(item, args[0], f"{where}[{i}]") for i, item in enumerate(value))
        if len(value) == len(args):
            return tuple(
                conform(item, arg, f"{where}[{i}]")
                for i, (item, arg) in enumerate(zip(value, args, strict=True))
            )
    elif origin is dict and isinstance(value, dict):
        key_type, value_type = args
        return {
            conform(key, key_type, where): conform(item, value_type, f"{where}.{key}")
            for key, item in value.items()
        }
    elif annotation is type(None):
        if value is None:
            return None
    elif annotation is float and type(value) in (int, float):
        return float(value)
    elif origin is None and type(value) is annotation:
        return value
    raise DonneesDemoError(f"{where} : {value!r} n'est pas {_type_name(annotation)}.")


def _type_name(annotation) -> str:
    """The expected type, as a data file says it."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return " ou ".join(_type_name(arg) for arg in args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return f"une liste ({_type_name(args[0])})"
        return f"une liste de {len(args)} éléments"
    if origin is dict:
        return "une table"
    names = {
        str: "un texte",
        int: "un entier",
        float: "un nombre",
        bool: "true ou false",
        type(None): "vide",
    }
    return names.get(annotation, str(annotation))
