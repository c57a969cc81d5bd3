"""Errors that name where the problem is: file, line, field and value."""

from __future__ import annotations

from typing import Any

_MISSING = object()


class ImpactError(Exception):
    """Base class for every error the library raises on bad input or data.

    ``str(error)`` is one line, ``file:line: field: message (got value)``, with the
    parts that are known; the parts are also kept as attributes.  An error in a
    workbook names the sheet and cell instead of the line:
    ``file:sheet!cell: field: message (got value)``.
    """

    def __init__(self, message: str, *, file: Any = None, line: int | None = None,
                 field: str | None = None, value: Any = _MISSING, sheet: str | None = None,
                 cell: str | None = None):
        self.message = message
        self.file = None if file is None else str(file)
        self.line = line
        self.field = field
        self.value = value
        self.sheet = sheet
        self.cell = cell
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.sheet is not None:
            where += f":{self.sheet}" + (f"!{self.cell}" if self.cell else "")
        elif self.line is not None:
            where += f":{self.line}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.value is not _MISSING:
            shown = repr(self.value)
            if len(shown) > 80:
                shown = shown[:77] + "..."
            text += f" (got {shown})"
        return text


class BudgetError(ImpactError):
    """A budget file or frame that cannot be read or does not validate."""


class TableError(ImpactError):
    """A shipped table that is missing, incomplete or fails its checksum."""


class BusyError(ImpactError):
    """An output folder that another run is writing into (see impact.reporting.lock)."""


def fail_first_row(frame, mask, field: str, message, file=None, values=None) -> None:
    """Raise :class:`BudgetError` for the first budget line where ``mask`` is true.

    The error names the file, the line's source line (column ``source_line``, else its
    row number), ``lines[i].field`` and the value (from ``values``, else ``frame[field]``).
    ``message`` is text, or a function of the bad value that says how to fix it.
    """
    import numpy as np
    import pandas as pd

    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return
    row = int(np.argmax(mask))
    source = frame["source_line"].iloc[row] if "source_line" in frame else row + 1
    if values is not None:
        shown = values.iloc[row]
    else:
        shown = frame[field].iloc[row] if field in frame else None
    if isinstance(shown, np.generic):
        shown = shown.item()
    raise BudgetError(message(shown) if callable(message) else message, file=file,
                      line=int(source) if pd.notna(source) else None,
                      field=f"lines[{row + 1}].{field}", value=shown)
