"""A per-user cache of checked tables, so that each process does not parse and check
the same CSVs again (a report's kernel, every ``impact estimate``).

An entry is keyed by everything the loaded tables depend on: the tables' folder, each
manifest's bytes and each CSV's sha256 (verified against its manifest before the cache is
looked at), and the bytes of the code that reads them.  A changed table or a changed
reader is therefore a different key; nothing is ever served for files that differ from
those it was built from.  An unreadable entry is ignored and rebuilt; a cache that
cannot be written is skipped.

The folder is ``$IMPACT_CACHE_DIR``, else ``$XDG_CACHE_HOME/impact``, else
``~/.cache/impact``; ``IMPACT_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from .atomic import atomic_write_bytes

# the modules whose code shapes what is cached
_READERS = ("tables.py", "national.py", "bok_workbook.py", "units.py", "table_cache.py")


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get("IMPACT_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "impact"


def cache_key(directory: Path, manifests: dict[str, bytes], sha256s: dict[str, str]) -> str:
    """Key of the tables in ``directory`` with these manifests and CSV checksums:
    ``<folder hash>-<content hash>`` (an entry replaces the folder's older ones)."""
    import numpy
    import pandas
    folder = hashlib.sha256(str(directory).encode("utf-8")).hexdigest()[:16]
    digest = hashlib.sha256(f"{pandas.__version__} {numpy.__version__}".encode("ascii"))
    for name in sorted(manifests):
        digest.update(name.encode("utf-8") + b"\0" + manifests[name] + b"\0"
                      + sha256s[name].encode("ascii"))
    here = Path(__file__).resolve().parent
    for module in _READERS:
        digest.update((here / module).read_bytes())
    return f"{folder}-{digest.hexdigest()[:32]}"


def read(key: str):
    """The object cached under ``key``, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return pickle.loads((folder / f"tables-{key}.pickle").read_bytes())
    except Exception:  # missing, truncated or from other library versions: rebuild
        return None


def write(key: str, value) -> None:
    """Cache ``value`` under ``key`` (atomically; silently skipped if impossible)."""
    folder = cache_dir()
    if folder is None:
        return
    path = folder / f"tables-{key}.pickle"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        for older in folder.glob(f"tables-{key.split('-')[0]}-*.pickle"):
            if older != path:
                older.unlink(missing_ok=True)
    except Exception:  # a cache that cannot be written must never fail the run
        pass
