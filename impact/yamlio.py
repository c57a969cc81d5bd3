"""Safe YAML reading that remembers the source line of every mapping."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import BudgetError

MAX_FILE_BYTES = 20 * 1024 * 1024


class LineDict(dict):
    """A dict that knows the 1-based line of the YAML mapping it came from."""

    yaml_line: int = 0


class _LineLoader(yaml.SafeLoader):
    """SafeLoader (no object construction) whose mappings are :class:`LineDict`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.yaml_line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise BudgetError("mapping keys must be plain text", line=key_node.start_mark.line + 1,
                              value=key)
        if key in mapping:
            raise BudgetError("duplicate key", line=key_node.start_mark.line + 1, field=str(key),
                              value=key)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml_mapping(path: str | Path) -> LineDict:
    """Read a YAML file that must hold one mapping; errors name the file and line."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BudgetError(f"cannot read file ({exc.strerror})", file=path) from None
    if not path.is_file():
        raise BudgetError("not a file", file=path)
    if size > MAX_FILE_BYTES:
        raise BudgetError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB",
                          file=path, value=size)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise BudgetError("file is not UTF-8 text", file=path, line=line,
                          value=raw[exc.start:exc.start + 4]) from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except BudgetError as exc:
        exc.file = str(path)
        raise BudgetError(exc.message, file=path, line=exc.line, field=exc.field,
                          value=exc.value) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BudgetError(f"not valid YAML: {problem}", file=path,
                          line=mark.line + 1 if mark else None) from None
    except RecursionError:
        raise BudgetError("YAML nested too deeply", file=path) from None
    if not isinstance(data, dict):
        raise BudgetError("a budget file must be a YAML mapping (id, name, region, lines, ...)",
                          file=path, line=1, value=type(data).__name__)
    return data
