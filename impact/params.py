"""Named parameters and the small arithmetic language budget lines use to refer to them.

A budget value written as ``"=fund_size * disbursed_share * 0.4"`` is evaluated against
the project's parameters.  Only numbers, parameter names, ``+ - * /``, unary minus and
parentheses are allowed: nothing is imported, called or looked up.  Values may be
floats or numpy arrays (one value per Monte Carlo draw); the arithmetic is the same.
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from .errors import BudgetError

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}
MAX_EXPRESSION_LENGTH = 500


@dataclass(frozen=True)
class Parameter:
    """A named assumption: its value, why it was chosen, and an optional plausible range."""

    name: str
    value: float
    note: str = ""
    low: float | None = None
    high: float | None = None
    unit: str = ""


def is_expression(value: Any) -> bool:
    return isinstance(value, str) and value.strip().startswith("=")


def parameter_names(expression: str) -> set[str]:
    """The parameter names an expression refers to (the expression must parse)."""
    tree = ast.parse(expression.strip()[1:].strip(), mode="eval")
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def evaluate(expression: str, values: Mapping[str, Any]):
    """Evaluate ``"=..."`` against ``values`` (name -> float or array).

    Raises :class:`BudgetError` (without file or line: the caller adds them) on a
    syntax error, an unknown name, a disallowed construct or a division by zero.
    """
    text = expression.strip()[1:].strip()
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise BudgetError("expression too long", value=expression)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise BudgetError("not a valid expression", value=expression) from None

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
                and not isinstance(node.value, bool):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in values:
                known = ", ".join(sorted(values)) or "none defined"
                raise BudgetError(f"unknown parameter {node.id!r} (parameters: {known})",
                                  value=expression)
            return values[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Div) and np.any(np.asarray(right) == 0):
                raise BudgetError("division by zero", value=expression)
            return _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](walk(node.operand))
        raise BudgetError("only numbers, parameter names, + - * / and parentheses are allowed",
                          value=expression)

    return walk(tree)
