"""``impact report`` with its kernel replayed from a good run: for faults that strike after
the kernel (the HTML export, the move into place), where the kernel is only their cost.

``python -m tests.replay_kernel GOOD_DIR report ARGS...`` runs the command line as a user
does, except that the notebook run writes into the build folder what the kernel wrote for
that project in ``GOOD_DIR`` (notebook, charts, brief, headline), with this run's time as
its ``made_at`` and this run's folder in its parameters, as a fresh kernel would.  Everything after the kernel is the real code:
the HTML export, the atomic writes and moves, the index and the folder lock.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import time
from pathlib import Path

from impact import cli
from impact.reporting import render


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def replayer(good: Path):
    def replayed_kernel(notebook, executed, parameters, **options):
        source = good / Path(parameters["project_file"]).stem  # the seed files' stem is the id
        made_at = json.loads((source / "headline.json").read_text("utf-8"))["made_at"]
        while (now := _now()) == made_at:  # a new report, never the one it replaces
            time.sleep(0.1)
        shutil.copytree(source, parameters["out_dir"], dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(render.REPORT_HTML))
        build = Path(parameters["out_dir"])
        for name in ("headline.json", render.REPORT_NOTEBOOK):  # this run's time and folder
            path = build / name
            text = path.read_text("utf-8").replace(made_at, now)
            path.write_text(text.replace(str(good.resolve()), str(build.parent)), "utf-8")
        assert Path(executed).is_file()
    return replayed_kernel


if __name__ == "__main__":
    render._execute = replayer(Path(sys.argv[1]))
    sys.exit(cli.main(sys.argv[2:]))
