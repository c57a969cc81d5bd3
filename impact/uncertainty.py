"""Uncertainty bands: seeded Latin-hypercube (or Monte Carlo) draws over a project's inputs.

The uncertain inputs, each one column of uniform draws ``u`` in (0, 1):

- a **parameter** with ``low``/``high``: triangular(low, value, high), so the value
  written in the budget is the most likely one; lines using it in ``=expressions``
  move together;
- a line's **in-region share** with ``in_region_share_range: [low, high]``:
  triangular(low, share, high);
- a line's **sector mapping** with ``alt_sectors: {code: weight}``: the line is
  mapped to ``code`` with probability ``weight``, to its own sector otherwise;
- a **price index** with status ``estimated`` (about ±1.5%, read as a 90% interval)
  or ``projected`` (the 90% interval of :func:`impact.prices.project_index`):
  log-normal around the value used, one draw per series and year;
- the **employment trend** (:mod:`impact.jobs_trend`) to the reporting year, which
  moves only ``jobs_adjusted``: the 2020-coefficient jobs × trend(Y)/trend(2020),
  an adjustment shown next to ``jobs``, never instead of it.

Inputs are drawn independently.  Everything after the draws is array arithmetic: a
(flows × draws) final-demand matrix multiplied by the region's multipliers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import BudgetError
from .flows import Flows, project_flows
from .jobs_trend import EmploymentTrend, fit_employment_trend
from .params import evaluate, is_expression
from .project import Project
from .quantiles import normal_quantile
from .tables import MEASURES, SCOPES, Tables, load_tables

SIM_MEASURES = (*MEASURES, "jobs_adjusted")
SIM_SCOPES = (*SCOPES, "total")
QUANTILES = (10, 50, 90)
TORNADO_QUANTILES = (0.10, 0.90)
ESTIMATED_INDEX_HALF_WIDTH = 0.015  # "about ±1.5%" for status estimated, read as 90%
Z90 = float(normal_quantile(0.95))
UNITS = {"output": "백만원 (2020 prices)", "value_added": "백만원 (2020 prices)",
         "jobs": "persons (2020 coefficients)",
         "jobs_adjusted": "persons (reporting-year coefficients, ADJUSTMENT)"}


def triangular_ppf(u, low, mode, high):
    """Inverse CDF of triangular(low, mode, high) at ``u``; NaN in ``u`` gives ``mode``."""
    u, low, mode, high = np.broadcast_arrays(*(np.asarray(a, float) for a in
                                              (u, low, mode, high)))
    width = high - low
    with np.errstate(invalid="ignore", divide="ignore"):
        cut = np.where(width > 0, (mode - low) / width, 0.5)
        left = low + np.sqrt(u * width * (mode - low))
        right = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(np.isnan(u), mode, np.where(u < cut, left, right))


@dataclass(frozen=True, eq=False)
class _Model:
    """A project's flows and uncertain inputs, ready to evaluate for any matrix of ``u``."""

    project: Project
    inputs: pd.DataFrame        # one row per uncertain input
    flows: Flows                # line x year x candidate sector (impact.flows)
    line_amount: list           # (rows, expression) of amounts written as =expressions
    line_share: list            # (rows, expression) of in-region shares as =expressions
    line_import: list           # (rows, expression) of import shares as =expressions
    amount: np.ndarray
    share: np.ndarray
    import_share: np.ndarray
    n_pairs: int
    trend: EmploymentTrend | None
    reporting_year: int

    def evaluate(self, u: np.ndarray) -> tuple[np.ndarray, dict]:
        """Effects (draws × measure × scope) for ``u`` (inputs × draws; NaN = point value)."""
        n = u.shape[1]
        inp = self.inputs
        values = {}
        tri = inp["distribution"].eq("triangular").to_numpy()
        tri_vals = triangular_ppf(u[tri], inp.loc[tri, "low"].to_numpy()[:, None],
                                  inp.loc[tri, "mode"].to_numpy()[:, None],
                                  inp.loc[tri, "high"].to_numpy()[:, None])
        values.update(zip(inp.index[tri], tri_vals))
        kind = inp.loc[tri, "kind"].to_numpy()
        params = {n_: p.value for n_, p in self.project.parameters.items()}
        params.update(zip(inp.loc[tri, "name"][kind == "parameter"], tri_vals[kind == "parameter"]))
        amount = self._resolved(self.amount, self.line_amount, params, n)
        share = self._resolved(self.share, self.line_share, params, n)
        imports = self._resolved(self.import_share, self.line_import, params, n)
        line_of = inp.loc[tri, "line"].to_numpy()
        for kind_name, target in (("in_region_share", share), ("import_share", imports)):
            ranged = kind == kind_name
            target[line_of[ranged]] = tri_vals[ranged]
        self._check(amount < 0, "amount", "is negative for parameter values in their ranges")
        self._check((share < 0) | (share > 1), "in_region_share",
                    "leaves 0-1 for parameter values in their ranges")
        # a default import share is capped at 1 - in-region share, in every draw as at the
        # point value; a share the line gives itself must fit on its own
        defaulted = (self.project.lines["import_share_basis"] != "line").to_numpy()
        imports[defaulted] = np.minimum(imports[defaulted], 1.0 - share[defaulted])
        self._check((imports < 0) | (share + imports > 1 + 1e-12), "import_share",
                    "in_region_share + import_share leave 0-1 for values in their ranges")

        f = self.flows
        index_mult = np.ones((self.n_pairs, n))
        price = inp.index[inp["kind"].eq("price_index")]
        if len(price):
            z = normal_quantile(np.where(np.isnan(u[price]), 0.5, u[price]))
            pairs = inp.loc[price, "pair"].to_numpy(int)
            index_mult[pairs] = np.exp(inp.loc[price, "sigma"].to_numpy(float)[:, None] * z)
            drawn = index_mult[pairs] * inp.loc[price, "mode"].to_numpy(float)[:, None]
            values.update(zip(price, drawn))  # the index value drawn (2020 = 100)

        line = f.line
        spend = (amount / index_mult[f.prices.pair])[line] * f.spend_per_amount_2020[:, None]
        sector_rows = inp.index[inp["kind"].eq("sector_mapping")]
        if len(sector_rows):
            u_line = np.full((len(self.amount), n), 1.0)
            pick = u[sector_rows]
            u_line[inp.loc[sector_rows, "line"].to_numpy()] = np.where(np.isnan(pick), 1.0, pick)
            u_flow = u_line[line]
            spend *= (u_flow >= f.lo[:, None]) & (u_flow < f.hi[:, None])
            codes = _chosen_codes(f, u_line)
            values.update(zip(sector_rows, codes[inp.loc[sector_rows, "line"].to_numpy()]))
        else:
            spend *= (f.alt == "")[:, None]
        in_region, other_regions, _ = f.purchases(spend, share[line], imports[line])
        by_source = f.effects(in_region, other_regions)  # (draws, measures, 3)
        effects = np.stack([by_source[:, :, 0], by_source[:, :, 1] + by_source[:, :, 2]],
                           axis=2)
        ratio = np.ones(n)
        trend_rows = inp.index[inp["kind"].eq("employment_trend")]
        if self.trend is not None:
            ratio = self.trend.ratio_quantile(
                self.reporting_year, u[trend_rows[0]] if len(trend_rows) else np.full(n, np.nan))
            values.update({r: ratio for r in trend_rows})
        jobs_adj = effects[:, MEASURES.index("jobs"), :] * ratio[:, None]
        effects = np.concatenate([effects, jobs_adj[:, None, :]], axis=1)
        total = effects.sum(axis=2, keepdims=True)
        return np.concatenate([effects, total], axis=2), values

    def _resolved(self, point, exprs, params, n):
        """Per-line values (lines × draws): the point value, or the expression on the draws."""
        out = np.repeat(point[:, None], n, axis=1)
        for rows, expr in exprs:  # one evaluation per distinct expression, on arrays of draws
            out[rows] = np.broadcast_to(evaluate(expr, params), (n,))
        return out

    def _check(self, bad: np.ndarray, field_name: str, message: str) -> None:
        active = (self.project.lines["exclude"] == "").to_numpy()
        bad = bad.any(axis=1) & active
        if bad.any():
            row = int(np.argmax(bad))
            lines = self.project.lines
            raise BudgetError(message, file=self.project.source_file,
                              line=int(lines["source_line"].iat[row]),
                              field=f"lines[{row + 1}].{field_name}",
                              value=lines["line_id"].iat[row])


def _chosen_codes(flows: Flows, u_line: np.ndarray) -> np.ndarray:
    """(lines × draws) sector code each line is mapped to; ``'own'`` for its own mapping."""
    cand = pd.DataFrame({"line": flows.line, "alt": flows.alt, "lo": flows.lo, "hi": flows.hi})
    cand = cand[cand["alt"] != ""].drop_duplicates(["line", "alt"])
    c_line, c_alt = cand["line"].to_numpy(), cand["alt"].to_numpy()
    u = u_line[c_line]
    hit_row, hit_draw = np.nonzero((u >= cand["lo"].to_numpy()[:, None])
                                   & (u < cand["hi"].to_numpy()[:, None]))
    codes = np.full(u_line.shape, "own", dtype=object)
    codes[c_line[hit_row], hit_draw] = c_alt[hit_row]
    return codes


def _expressions(specs: pd.DataFrame, field_name: str) -> list:
    """(row indices, expression) for each distinct ``=expression`` in a line field."""
    if field_name not in specs:
        return []
    column = specs[field_name].reset_index(drop=True)
    exprs = column[column.map(is_expression)]
    return [(g.index.to_numpy(), expr) for expr, g in exprs.groupby(exprs)]


def _price_inputs(used: pd.DataFrame, pair: np.ndarray, active: np.ndarray) -> pd.DataFrame:
    """The uncertain price pairs (series, year) of final-demand lines, with their log-sd."""
    half = np.where(used["status"].eq("estimated"), np.log1p(ESTIMATED_INDEX_HALF_WIDTH),
                    np.where(used["status"].eq("projected"),
                             np.log(used["upper"].astype(float) / used["lower"].astype(float)) / 2,
                             0.0))
    uncertain = (half > 0) & np.isin(np.arange(len(used)), pair[active])
    rows = pd.DataFrame({
        "kind": "price_index", "name": used["series"] + " " + used["year"].astype(str),
        "pair": np.arange(len(used)), "sigma": half / Z90, "distribution": "lognormal",
        "status": used["status"], "mode": used["index_2020_100"].astype(float)})[uncertain]
    rows["low"] = rows["mode"] * np.exp(-rows["sigma"] * Z90)
    rows["high"] = rows["mode"] * np.exp(rows["sigma"] * Z90)
    rows["label_en"] = "price index " + rows["name"] + " (" + rows["status"] + ")"
    rows["label_ko"] = "물가지수 " + rows["name"] + " (" + rows["status"] + ")"
    return rows


def _inputs(project: Project, tables: Tables, active: np.ndarray, price_rows: pd.DataFrame,
            reporting_year: int | None) -> pd.DataFrame:
    """The table of uncertain inputs: kind, name, line, distribution, low/mode/high, labels."""
    lines, specs = project.lines, project.line_specs.reset_index(drop=True)
    rows = []
    for p in project.parameters.values():
        if p.low is None or p.high <= p.low:
            continue
        if not p.low <= p.value <= p.high:
            raise BudgetError("value is outside its low-high range (check the scenario)",
                              file=project.source_file, field=f"parameters.{p.name}",
                              value=[p.low, p.value, p.high])
        rows.append({"kind": "parameter", "name": p.name, "line": -1,
                     "distribution": "triangular", "low": p.low, "mode": p.value,
                     "high": p.high, "label_en": f"parameter {p.name}",
                     "label_ko": f"매개변수 {p.name}"})
    for field_name, label_en, label_ko in (("in_region_share", "in-region share", "지역내 구매비율"),
                                           ("import_share", "import share", "수입 비율")):
        expr = specs[field_name].map(is_expression).to_numpy() \
            if field_name in specs else np.zeros(len(lines), bool)
        ranged = active & ~expr & (lines[f"{field_name}_high"]
                                   > lines[f"{field_name}_low"]).to_numpy()
        for i in np.flatnonzero(ranged):
            lid = lines["line_id"].iat[i]
            rows.append({"kind": field_name, "name": lid, "line": i,
                         "distribution": "triangular", "low": lines[f"{field_name}_low"].iat[i],
                         "mode": lines[field_name].iat[i],
                         "high": lines[f"{field_name}_high"].iat[i],
                         "label_en": f"{label_en}, {lid}", "label_ko": f"{label_ko} {lid}"})
    for i in np.flatnonzero(active & lines["alt_sectors"].map(bool).to_numpy()):
        lid, alts = lines["line_id"].iat[i], lines["alt_sectors"].iat[i]
        text = ", ".join(f"{c} {w:.0%}" for c, w in alts.items())
        rows.append({"kind": "sector_mapping", "name": lid, "line": i,
                     "distribution": "categorical", "low": np.nan, "mode": np.nan,
                     "high": np.nan, "label_en": f"sector mapping, {lid} (or {text})",
                     "label_ko": f"부문 분류 {lid} (또는 {text})"})
    frame = pd.concat([pd.DataFrame(rows), price_rows], ignore_index=True)
    if reporting_year is not None:
        frame = pd.concat([frame, pd.DataFrame([{
            "kind": "employment_trend", "name": f"trend {reporting_year}", "line": -1,
            "distribution": "t (OLS prediction)",
            "label_en": f"employment trend to {reporting_year} (jobs_adjusted only)",
            "label_ko": f"취업계수 추세 {reporting_year}년 (조정 일자리만)"}])],
            ignore_index=True)
    frame["line"] = frame["line"].fillna(-1).astype(int)
    frame["line_id"] = np.where(frame["line"] >= 0,
                                lines["line_id"].to_numpy()[frame["line"].clip(lower=0)], "")
    return frame


def build_model(project: Project, tables: Tables | None = None,
                reporting_year: int | None = None,
                trend: EmploymentTrend | None = None) -> _Model:
    """Prepare the flows and uncertain inputs of ``project`` (no draws yet)."""
    tables = tables or load_tables()
    lines = project.lines
    active = (lines["exclude"] == "").to_numpy()
    if reporting_year is None:
        reporting_year = int(project.price_year or lines["price_year"].max())
    trend = trend or fit_employment_trend(tables)
    flows = project_flows(project, tables, alternatives=True)
    price_rows = _price_inputs(flows.prices.used, flows.prices.pair, active)
    inputs = _inputs(project, tables, active, price_rows, reporting_year)
    specs = project.line_specs.reset_index(drop=True)
    return _Model(project=project, inputs=inputs, flows=flows,
                  line_amount=_expressions(specs, "amount"),
                  line_share=_expressions(specs, "in_region_share"),
                  line_import=_expressions(specs, "import_share"),
                  amount=lines["amount"].to_numpy(float),
                  share=lines["in_region_share"].to_numpy(float),
                  import_share=lines["import_share"].to_numpy(float),
                  n_pairs=len(flows.prices.used), trend=trend, reporting_year=reporting_year)


def _uniforms(rng: np.random.Generator, dims: int, draws: int, method: str) -> np.ndarray:
    """(dims × draws) uniforms: Latin hypercube (one draw per stratum) or plain Monte Carlo."""
    if method == "mc":
        return rng.random((dims, draws))
    if method != "lhs":
        raise ValueError("method must be 'lhs' (Latin hypercube) or 'mc' (Monte Carlo)")
    strata = rng.permuted(np.tile(np.arange(draws), (dims, 1)), axis=1)
    return (strata + rng.random((dims, draws))) / draws


def _rank_corr(u: np.ndarray, effects: np.ndarray) -> np.ndarray:
    """Spearman correlation of each input's draws with each effect column (inputs × cols)."""
    def ranks(a, axis):
        r = np.argsort(np.argsort(a, axis=axis), axis=axis).astype(float)
        return (r - r.mean(axis=axis, keepdims=True))
    ru, re_ = ranks(u, 1), ranks(effects, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (ru @ re_) / np.sqrt((ru ** 2).sum(1)[:, None] * (re_ ** 2).sum(0)[None, :])


@dataclass(frozen=True, eq=False)
class Simulation:
    """Draws of a project's effects and what drives them.

    ``draws``: one row per draw, columns ``{measure}_{scope}`` (measures ``output``,
    ``value_added`` in 백만원 at 2020 prices, ``jobs`` with 2020 coefficients and
    ``jobs_adjusted`` to ``reporting_year``; scopes ``in_region``, ``other_regions``,
    ``total``).  ``inputs``: the value each uncertain input took in each draw.
    ``assumptions``: one row per uncertain input with its distribution.
    """

    project: Project = field(repr=False)
    seed: int
    method: str
    n_draws: int
    reporting_year: int
    draws: pd.DataFrame = field(repr=False)
    inputs: pd.DataFrame = field(repr=False)
    assumptions: pd.DataFrame = field(repr=False)
    point: pd.DataFrame = field(repr=False)
    tornado: pd.DataFrame = field(repr=False)
    trend: dict = field(repr=False, default_factory=dict)

    def bands(self) -> pd.DataFrame:
        """Tidy: measure × scope with ``point``, ``p10``, ``p50``, ``p90``, ``mean``, ``unit``."""
        values = self.draws.to_numpy()
        q = np.percentile(values, QUANTILES, axis=0)
        keys = [c.split("|") for c in self.draws.columns]
        frame = pd.DataFrame({"measure": [k[0] for k in keys], "scope": [k[1] for k in keys],
                              "point": self.point.to_numpy().ravel(),
                              "p10": q[0], "p50": q[1], "p90": q[2],
                              "mean": values.mean(axis=0)})
        frame["unit"] = frame["measure"].map(UNITS)
        return frame

    def provenance(self) -> dict:
        """Seed, method, draws, reporting year and the employment-trend model, for reports."""
        return {"seed": self.seed, "method": self.method, "draws": self.n_draws,
                "reporting_year": self.reporting_year,
                "inputs": self.assumptions["label_en"].tolist(), "employment_trend": self.trend}

    def __repr__(self) -> str:
        b = self.bands().set_index(["measure", "scope"])
        o = b.loc[("output", "total")]
        return (f"<Simulation {self.project.id}: {self.n_draws} draws ({self.method}, seed "
                f"{self.seed}), output total P10 {o.p10:,.0f} / P50 {o.p50:,.0f} / "
                f"P90 {o.p90:,.0f} 백만원>")


def _columns() -> list[str]:
    return [f"{m}|{s}" for m in SIM_MEASURES for s in SIM_SCOPES]


def tornado_frame(model: _Model, u: np.ndarray, effects: np.ndarray,
                  base: np.ndarray) -> pd.DataFrame:
    """One-at-a-time swings and rank correlations of every input, for every measure × scope.

    Each input is set to its 10th and then its 90th percentile with every other input
    at its point value (``at_low``, ``at_high``; ``swing = |at_high - at_low|``).
    ``rank_corr`` is the Spearman correlation of the input's draws with the measure.
    """
    dims = len(model.inputs)
    cols = _columns()
    base = base.ravel()
    oat = np.full((dims, 2 * dims), np.nan)
    oat[np.arange(dims), 2 * np.arange(dims)] = TORNADO_QUANTILES[0]
    oat[np.arange(dims), 2 * np.arange(dims) + 1] = TORNADO_QUANTILES[1]
    swings = model.evaluate(oat)[0].reshape(2 * dims, -1) if dims else np.empty((0, len(cols)))
    corr = _rank_corr(u, effects.reshape(effects.shape[0], -1)) if dims else swings
    low, high = swings[0::2], swings[1::2]
    measure, scope = zip(*(c.split("|") for c in cols))
    frame = pd.DataFrame({
        "measure": np.tile(measure, dims), "scope": np.tile(scope, dims),
        "input": np.repeat(model.inputs["name"].to_numpy(), len(cols)),
        "kind": np.repeat(model.inputs["kind"].to_numpy(), len(cols)),
        "line_id": np.repeat(model.inputs["line_id"].to_numpy(), len(cols)),
        "label_en": np.repeat(model.inputs["label_en"].to_numpy(), len(cols)),
        "label_ko": np.repeat(model.inputs["label_ko"].to_numpy(), len(cols)),
        "base": np.tile(base, dims), "at_low": low.ravel(), "at_high": high.ravel(),
        "rank_corr": corr.ravel()})
    frame["swing"] = (frame["at_high"] - frame["at_low"]).abs()
    frame = frame.sort_values(["measure", "scope", "swing"], ascending=[True, True, False],
                              kind="stable", ignore_index=True)
    frame["rank"] = frame.groupby(["measure", "scope"]).cumcount() + 1
    return frame


def simulate(project: Project, draws: int = 10_000, seed: int | None = None,
             tables: Tables | None = None, *, method: str = "lhs",
             reporting_year: int | None = None, scenario: str | None = None,
             trend: EmploymentTrend | None = None) -> Simulation:
    """Draw the project's uncertain inputs and compute the effects of every draw.

    ``seed`` makes the draws reproducible (a fresh one is chosen, and recorded, when
    None).  ``method`` is ``"lhs"`` (Latin hypercube, default) or ``"mc"``.
    ``reporting_year`` (default: the budget's price year) is the year ``jobs_adjusted``
    is adjusted to.  ``scenario`` applies one of the project's scenarios first.
    Returns a :class:`Simulation` with bands, draws, inputs, the seed and a tornado frame.
    """
    tables = tables or load_tables()
    if scenario is not None:
        project = project.with_scenario(scenario, tables=tables)
    if int(draws) < 2:
        raise ValueError("draws must be at least 2")
    draws = int(draws)
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0])
    model = build_model(project, tables, reporting_year, trend)
    u = _uniforms(np.random.default_rng(seed), len(model.inputs), draws, method)
    effects, values = model.evaluate(u)
    point = model.evaluate(np.full((len(model.inputs), 1), np.nan))[0][0]
    cols = _columns()
    inputs = pd.DataFrame({model.inputs.at[r, "label_en"]: values[r]
                           for r in model.inputs.index if r in values})
    return Simulation(project=project, seed=seed, method=method, n_draws=draws,
                      reporting_year=model.reporting_year,
                      draws=pd.DataFrame(effects.reshape(draws, -1), columns=cols),
                      inputs=inputs, assumptions=model.inputs.drop(columns=["pair"],
                                                                   errors="ignore"),
                      point=pd.DataFrame(point, index=list(SIM_MEASURES),
                                         columns=list(SIM_SCOPES)),
                      tornado=tornado_frame(model, u, effects, point),
                      trend=model.trend.describe())
