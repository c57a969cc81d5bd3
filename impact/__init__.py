"""impact: economic-impact estimates for Korean regional projects.

Bank of Korea 2020 regional input-output multipliers (17 시도 x 83 sectors) applied to a
project's budget: output (생산유발), value added (부가가치유발) and jobs (취업유발),
in-region and in other regions, in 2020 prices.

>>> import impact
>>> project = impact.load_project("projects/chungbuk-ai-simulation-center.yaml")
>>> result = impact.estimate(project)
>>> print(result.summary())  # doctest: +SKIP
"""

from .errors import BudgetError, ImpactError, TableError
from .estimate import estimate
from .project import Project, load_project, project_from_frame
from .result import ImpactResult
from .tables import Tables, load_tables

__version__ = "0.1.0"

__all__ = ["BudgetError", "ImpactError", "ImpactResult", "Project", "TableError", "Tables",
           "estimate", "load_project", "load_tables", "project_from_frame", "__version__"]
