"""`import impact` is light, and what it offers is what it offered when it was eager."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def _run(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    return out.split()


def test_estimate_stays_the_function_after_its_module_is_imported():
    """Importing the module impact.estimate (as the reporting modules do) binds it on the
    package; `impact.estimate(project)` must still be the function, before and after."""
    out = _run("import sys, impact\n"
               "print('pandas' in sys.modules)\n"
               "import impact.estimate\n"
               "from impact.reporting import data\n"
               "from impact.estimate import estimate\n"
               "print(impact.estimate is estimate, type(sys.modules['impact.estimate']).__name__)\n"
               "p = impact.load_project('projects/chungbuk-ai-simulation-center.yaml')\n"
               "print(repr(float(impact.estimate(p).totals().loc['output', 'total'])))\n")
    assert out[:3] == ["False", "True", "module"]
    assert float(out[3]) == _golden_output()  # tests/golden: nationwide output, 백만원


def _golden_output() -> float:
    import json
    golden = json.loads((ROOT / "tests" / "golden" / "chungbuk-ai-simulation-center.json")
                        .read_text(encoding="utf-8"))
    return golden["figures"]["totals"]["output"]["total"]


def test_every_name_the_package_lists_is_there():
    """Each name in `impact.__all__` resolves (imported on first use), as `dir` lists it."""
    import impact
    for name in impact.__all__:
        assert getattr(impact, name) is not None, name
    assert set(impact.__all__) <= set(dir(impact))
