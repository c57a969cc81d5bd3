"""A project's ``id`` names its report folder, index row and results: one id, one budget file.

:func:`refuse_colliding_ids` is what ``impact report``, ``impact estimate`` and
``impact check`` call before doing anything, so two files that share an id (a copy
edited into a variant) are refused with both names instead of one silently
replacing the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .errors import BudgetError, ImpactError

YAML_SUFFIXES = (".yaml", ".yml")
# a project id: lowercase letters, digits, - and _; it names folders, so nothing else
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def read_id(path: str | Path) -> str | None:
    """The ``id`` of a YAML budget file without validating the rest; None if unreadable.

    A file that cannot be read is not refused here: it fails on its own, with its own
    error, when it is loaded.
    """
    from .yamlio import read_yaml_mapping
    try:
        if Path(path).suffix.lower() in YAML_SUFFIXES:
            pid = read_yaml_mapping(path).get("id")
        else:  # a workbook: its id is read with the rest
            from .project import load_project
            pid = load_project(path).id
    except (ImpactError, OSError, ValueError, AttributeError):
        return None
    return pid if isinstance(pid, str) else None


def same_file(a: str | Path | None, b: str | Path | None) -> bool:
    """Whether two paths name the same file (after resolving links and ``..``)."""
    return a is not None and b is not None and Path(a).resolve() == Path(b).resolve()


def refuse_colliding_ids(pairs: Iterable[tuple[str | None, str | Path]]) -> dict[str, Path]:
    """``{id: file}`` for ``(id, file)`` pairs; BudgetError when two files share an id.

    The same file given twice is not a collision; pairs with no id are skipped.
    """
    seen: dict[str, Path] = {}
    for pid, file in pairs:
        if pid is None:
            continue
        if pid in seen and not same_file(seen[pid], file):
            raise BudgetError(f"id {pid!r} is also the id of {seen[pid]}: each project needs "
                              "its own id (it names the report folder and index row); give "
                              "one of the two files another id", file=file, field="id",
                              value=pid)
        seen.setdefault(pid, Path(file))
    return seen
