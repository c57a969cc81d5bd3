"""impact: economic-impact estimates for Korean regional projects.

Bank of Korea 2020 regional input-output multipliers (17 시도 x 83 sectors) applied to a
project's budget: output (생산유발), value added (부가가치유발) and jobs (취업유발),
in-region and in other regions, in 2020 prices.

>>> import impact
>>> project = impact.load_project("projects/chungbuk-ai-simulation-center.yaml")
>>> result = impact.estimate(project)
>>> print(result.summary())  # doctest: +SKIP
"""

from .check import check_project
from .errors import BudgetError, ImpactError, TableError
from .estimate import estimate
from .jobs_trend import fit_employment_trend, reporting_year_effects
from .project import Project, load_project, project_from_frame
from .result import ImpactResult
from .scenarios import compare_regions, compare_scenarios
from .tables import Tables, load_tables
from .uncertainty import simulate

__version__ = "0.1.0"

__all__ = ["BudgetError", "ImpactError", "ImpactResult", "Project", "TableError", "Tables",
           "check_project", "compare_regions", "compare_scenarios", "estimate",
           "fit_employment_trend", "load_project", "load_tables", "project_from_frame",
           "reporting_year_effects", "simulate", "__version__"]
