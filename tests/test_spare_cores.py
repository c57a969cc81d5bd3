"""Which reports of a batch may use a second core: where the workers leave one idle."""

from __future__ import annotations

import pytest

from impact.reporting.batch import spare_cores

F, T = False, True


@pytest.mark.parametrize("files, jobs, cores, expected", [
    (1, 1, 2, [T]),                   # a report alone on two cores
    (1, 1, 1, [F]),                   # no second core
    (2, 2, 2, [F, F]),                # both start at once and fill the two cores
    (2, 2, 4, [T, T]),                # two cores each
    (3, 3, 4, [F, F, F]),             # 3 reports on 4 cores: not two each
    (5, 1, 2, [F] * 5),               # --jobs 1 keeps to one core
    (12, 2, 2, [F] * 12),             # the last round fills both cores too
    (3, 2, 2, [F, F, T]),             # the third starts as the other worker runs out
    (13, 2, 2, [F] * 12 + [T]),       # the same at the end of a longer batch
    (12, 2, 4, [F] * 10 + [T, T]),    # the last round leaves two cores idle
    (6, 3, 4, [F] * 6),               # 3 in the last round, one idle core: not two each
    (7, 3, 4, [F] * 6 + [T]),         # 1 in the last round, three cores idle
    (8, 3, 4, [F] * 6 + [T, T]),      # 2 in the last round, two cores idle
    (8, 3, 3, [F] * 8),               # 2 in the last round, one idle core
    (6, 3, 1, [F] * 6),
])
def test_spare_cores(files, jobs, cores, expected):
    assert spare_cores(files, jobs, cores) == expected
