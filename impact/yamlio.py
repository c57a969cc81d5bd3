"""Safe YAML reading that remembers the source line of every mapping."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import yaml

from .errors import BudgetError

MAX_FILE_BYTES = 20 * 1024 * 1024


EXCEL_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx workbook is a zip archive


class LineDict(dict):
    """A dict that knows the 1-based line of the YAML mapping it came from, and the
    line of each of its keys (``key_lines``)."""

    yaml_line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        """The line where ``key`` is written (the mapping's own line if it is not there)."""
        return getattr(self, "key_lines", {}).get(key, self.yaml_line)


# libyaml's parser when PyYAML was built with it (about 10x faster); same safe constructor
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SAFE_LOADER):
    """SafeLoader (no object construction) whose mappings are :class:`LineDict`."""

    def construct_object(self, node, deep=False):
        # a scalar its tag cannot hold (2025-13-45, !!int 1x) raises ValueError and the
        # like inside PyYAML; report it as a YAML error at the scalar's line
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {node.value!r} as {node.tag.rsplit(':', 1)[-1]} "
                f"({exc})" if isinstance(node, yaml.ScalarNode) else f"cannot read value ({exc})",
                node.start_mark) from None


def _breaks_a_line(text: str) -> bool:
    """Control characters and line or paragraph separators (a NBSP is fine)."""
    return any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.yaml_line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None \
                or (isinstance(key, str) and _breaks_a_line(key)):  # errors stay one line
            raise BudgetError("mapping keys must be plain text", line=key_node.start_mark.line + 1,
                              value=key)
        if key in mapping:
            raise BudgetError("duplicate key", line=key_node.start_mark.line + 1, field=str(key),
                              value=key)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _expanded_size(data, limit: int) -> int:
    """How many values ``data`` holds with every alias expanded, stopping past ``limit``.

    Aliases let a few hundred bytes of YAML describe billions of values ("billion
    laughs"); anything that walks or prints them (validation, error messages) would hang.
    """
    memo: dict[int, int] = {}

    def size(obj) -> int:
        if not isinstance(obj, (dict, list, tuple, set)):
            return 1
        key = id(obj)
        if key not in memo:
            children = obj.values() if isinstance(obj, dict) else obj
            total = 1
            for child in children:
                total += size(child)
                if total > limit:
                    break
            memo[key] = total
        return memo[key]

    return size(data)


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
    if path.suffix.lower() in EXCEL_SUFFIXES:
        raise BudgetError("an Excel workbook, not YAML: read it with impact.load_project(path) "
                          "or `impact estimate FILE.xlsx` (see `impact template`)", file=path)
    raw = path.read_bytes()
    if raw.startswith(ZIP_MAGIC):
        raise BudgetError("this file is a zip archive (an Excel workbook?), not YAML text: "
                          "if it is a workbook, name it .xlsx and run `impact estimate "
                          "FILE.xlsx`; otherwise save the budget as YAML text", file=path)
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
    # an alias-free document holds fewer values than it has bytes
    limit = 10 * len(raw) + 100_000
    try:
        expanded = _expanded_size(data, limit)
    except RecursionError:
        raise BudgetError("YAML nested too deeply", file=path) from None
    if expanded > limit:
        raise BudgetError(f"YAML aliases expand to more than {limit} values", file=path) from None
    if not isinstance(data, dict):
        raise BudgetError("a budget file must be a YAML mapping (id, name, region, lines, ...)",
                          file=path, line=1, value=type(data).__name__)
    return data
