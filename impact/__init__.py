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
from .lazy import keep_over_submodules, lazy_getattr

__version__ = "0.1.0"

# Imported on first use (PEP 562), so that `import impact` (and the command line, and a
# report's own process, which leaves the numerics to its kernel) costs no pandas.
_LAZY = {"estimate": "estimate", "Project": "project", "load_project": "project",
         "project_from_frame": "project", "project_to_frame": "project_out",
         "project_to_yaml": "project_out", "ImpactResult": "result", "Tables": "tables",
         "load_tables": "tables", "check_project": "check", "compare_regions": "scenarios",
         "compare_scenarios": "scenarios", "fit_employment_trend": "jobs_trend",
         "reporting_year_effects": "jobs_trend", "simulate": "uncertainty"}

__all__ = ["BudgetError", "ImpactError", "ImpactResult", "Project", "TableError", "Tables",
           "check_project", "compare_regions", "compare_scenarios", "estimate",
           "fit_employment_trend", "load_project", "load_tables", "project_from_frame",
           "project_to_frame", "project_to_yaml",
           "reporting_year_effects", "simulate", "__version__"]


__getattr__ = lazy_getattr(__name__, _LAZY)
keep_over_submodules(__name__, ["estimate"])  # the function, not the module impact.estimate


def __dir__():
    return sorted(set(globals()) | set(__all__))
