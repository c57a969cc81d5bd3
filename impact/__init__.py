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
from .lazy import lazy_getattr
from .project import Project, load_project, project_from_frame
from .project_out import project_to_frame, project_to_yaml
from .result import ImpactResult
from .tables import Tables, load_tables

__version__ = "0.1.0"

# Imported on first use (PEP 562): `impact estimate` needs none of them.
_LAZY = {"check_project": "check", "compare_regions": "scenarios",
         "compare_scenarios": "scenarios", "fit_employment_trend": "jobs_trend",
         "reporting_year_effects": "jobs_trend", "simulate": "uncertainty"}

__all__ = ["BudgetError", "ImpactError", "ImpactResult", "Project", "TableError", "Tables",
           "check_project", "compare_regions", "compare_scenarios", "estimate",
           "fit_employment_trend", "load_project", "load_tables", "project_from_frame",
           "project_to_frame", "project_to_yaml",
           "reporting_year_effects", "simulate", "__version__"]


__getattr__ = lazy_getattr(__name__, _LAZY)


def __dir__():
    return sorted(set(globals()) | set(__all__))
