"""The README's two commands are exactly what CI runs."""

from __future__ import annotations

import re

from .conftest import ROOT


def test_ci_runs_the_readme_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.+?)\n```", section, flags=re.S)
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in commands:
        assert command.strip() in [line.strip() for line in ci], command
    assert "impact report --all" in commands[0] and "pytest" in commands[1]
