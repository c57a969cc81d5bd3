"""Import costs kept off the path: package attributes imported on first use (PEP 562), so
that importing a package does not import its heavy modules before they are needed, and
an optional import of jsonschema's that no caller here needs."""

from __future__ import annotations

import importlib
import sys
import types


def skip_slow_optional_imports() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax`` in this process.

    jsonschema (imported by altair, nbformat and papermill) imports that optional
    package when it is installed (jupyterlab pulls it in); its import builds about 40
    lark parsers and takes 1.5-2.5 s, up to 8 s under load, per process.  It only
    serves IRI format checks, which neither altair nor nbformat use.  Does nothing if
    it is already imported.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


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


def keep_over_submodules(package: str, names) -> None:
    """Keep ``package``'s attributes ``names`` from being replaced by its submodules of
    the same name.

    Importing a submodule binds it on its package: once anything imports the module
    ``impact.estimate``, the attribute ``impact.estimate`` would be that module instead
    of the function, unless the function was bound after it (as an eager import in the
    package does).  With the function imported on first use, this keeps it the function;
    the module stays in ``sys.modules``, where ``from impact.estimate import ...`` finds it.
    """
    kept = frozenset(names)

    class _Package(types.ModuleType):
        def __setattr__(self, name, value):
            if name in kept and isinstance(value, types.ModuleType) \
                    and value.__name__ == f"{package}.{name}":
                return
            super().__setattr__(name, value)

    sys.modules[package].__class__ = _Package
