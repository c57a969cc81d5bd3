"""Package attributes imported on first use (PEP 562), so that importing a package does
not import its heavy modules before they are needed."""

from __future__ import annotations

import importlib
import sys


def lazy_getattr(package: str, modules: dict[str, str]):
    """A module ``__getattr__`` for ``package``: attribute ``name`` is imported from its
    submodule ``modules[name]`` the first time it is read, then kept in the package."""

    def __getattr__(name: str):
        if name not in modules:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{modules[name]}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
