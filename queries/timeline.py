"""Agency load over time: tasks placed in calendar quarters, drawn as a heatmap.

This module owns the quarter arithmetic ('2023-Q1' labels), the placing of task deadline
windows into quarters (`quarter_load`) and the two views of the result: a text heatmap for
the terminal (`render_text`) and a PNG (`render_png`). It does not read the graph: callers
turn tasks and their assignments into `TaskWindow`s (weight 1.0 for the lead, the
co-ordination weight for a co-ordinating agency).

    load = quarter_load(windows, first="2022-Q1", last="2025-Q4")      # agency id -> quarter -> load
    print(render_text(load, labels={id: "Sở Y tế (Phú Yên)", …}, order=[ids as the table ranks them]))
    render_png(load, Path("load.png"), title="Phú Yên", labels=…, order=…)

Rows are keyed by agency id, never by name: two agencies of one name (the Sở Khoa học và Công nghệ
of two provinces) are two rows. `labels` names them; two rows given the same label are told apart
by the end of their ids.
"""

from __future__ import annotations

import datetime
import pathlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["TaskWindow", "quarters_between", "quarter_load", "render_text", "render_png", "row_labels"]

SHADES = " ░▒▓█"          # zero, then four equal steps up to the busiest cell
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")


@dataclass(frozen=True)
class TaskWindow:
    """One agency's share of one task, with the task's deadline window."""

    agency: str                       # the agency's key: its node id (rows are labelled when drawn)
    weight: float                     # 1.0 for lead, the co-ordination weight for coordinate
    start: datetime.date | None
    end: datetime.date | None
    recurrence: str | None = None     # ISO 8601 duration like "P1Y" or None
    task: str | None = None           # the task's node id, for listing what fills a quarter
    role: str | None = None           # lead or coordinate, as listed (the weight may be the same for both)


# --- quarters are handled as integers: year * 4 + (quarter - 1) ---------------------------

def _index(day: datetime.date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def _parse(label: str) -> int:
    match = _QUARTER.fullmatch(label)
    if not match:
        raise ValueError(f"not a quarter like '2023-Q1': {label!r}")
    return int(match[1]) * 4 + int(match[2]) - 1


def _label(index: int) -> str:
    return f"{index // 4}-Q{index % 4 + 1}"


def quarters_between(start: datetime.date, end: datetime.date) -> list[str]:
    """['2022-Q1', '2022-Q2', …] covering the inclusive interval (empty if start > end)."""
    return [_label(i) for i in range(_index(start), _index(end) + 1)]


def quarter_load(tasks: list[TaskWindow], *, first: str | None = None,
                 last: str | None = None) -> dict[str, dict[str, float]]:
    """Load per agency per quarter: agency key (node id) -> {quarter -> load}.

    A task counts its weight in every quarter its deadline interval overlaps (start None = open
    since the first quarter shown; end None = open to the last; a recurring deadline with no
    interval counts in every quarter shown). Tasks with no dates and no recurrence are not
    placed. `first`/`last` ('2023-Q1') bound the quarters shown; by default they span all dated
    tasks. Every agency with a placed task gets every shown quarter (0.0 where idle), quarters
    in time order; agencies come busiest first, ties by name.
    """
    lo, hi, spans = _spans(tasks, first, last)
    if lo is None:
        return {}
    grid: dict[str, list[float]] = defaultdict(lambda: [0.0] * (hi - lo + 1))
    for task, begin, finish in spans:
        row = grid[unicodedata.normalize("NFC", task.agency)]
        for i in range(begin, finish + 1):
            row[i - lo] += task.weight
    order = sorted(grid, key=lambda name: (-sum(grid[name]), name))
    return {name: {_label(lo + i): v for i, v in enumerate(grid[name])} for name in order}


def quarter_members(tasks: list[TaskWindow], *, first: str | None = None,
                    last: str | None = None) -> dict[str, dict[str, list[TaskWindow]]]:
    """What fills each cell of `quarter_load`: agency key -> {quarter -> its task windows}, placed by the
    same rule (only quarters holding a task are listed)."""
    lo, _, spans = _spans(tasks, first, last)
    cells: dict[str, dict[str, list[TaskWindow]]] = defaultdict(lambda: defaultdict(list))
    for task, begin, finish in spans:
        for i in range(begin, finish + 1):
            cells[unicodedata.normalize("NFC", task.agency)][_label(i)].append(task)
    return {agency: dict(row) for agency, row in cells.items()}


def _spans(tasks: list[TaskWindow], first: str | None, last: str | None):
    """(lo, hi, [(task, first quarter, last quarter)]): the quarters shown and where each task falls."""
    dates = [d for t in tasks for d in (t.start, t.end) if d is not None]
    lo = _parse(first) if first else (_index(min(dates)) if dates else None)
    hi = _parse(last) if last else (_index(max(dates)) if dates else lo)
    lo = hi if lo is None else lo
    if lo is None or hi is None:
        return None, None, []
    if not last:
        hi = max(hi, lo)                               # a lone bound past the data shows one quarter
    if not first:
        lo = min(lo, hi)
    if lo > hi:
        raise ValueError(f"first quarter {_label(lo)} is after last quarter {_label(hi)}")
    spans = []
    for task in tasks:
        if task.start is None and task.end is None and not task.recurrence:
            continue                                   # undated: nowhere to put it
        begin = lo if task.start is None else _index(task.start)
        finish = hi if task.end is None else _index(task.end)
        begin, finish = min(begin, finish), max(begin, finish)
        begin, finish = max(begin, lo), min(finish, hi)
        if begin > finish:
            continue                                   # entirely outside the quarters shown
        spans.append((task, begin, finish))
    return lo, hi, spans


def _grid(load: dict[str, dict[str, float]], order: list[str] | None = None
          ) -> tuple[list[str], list[str], list[list[float]]]:
    """Agencies (in `order`, then the others busiest first), the continuous run of quarters, and the
    values (0.0 if missing). Ids in `order` with no row are skipped."""
    indices = [_parse(q) for row in load.values() for q in row]
    given = [a for a in dict.fromkeys(order or []) if a in load]
    rest = sorted((a for a in load if a not in set(given)), key=lambda a: (-sum(load[a].values()), a))
    agencies = given + rest
    if not indices:
        return agencies, [], [[] for _ in agencies]
    quarters = [_label(i) for i in range(min(indices), max(indices) + 1)]
    return agencies, quarters, [[load[a].get(q, 0.0) for q in quarters] for a in agencies]


_TRAILING = re.compile(r"(?:\s*[(\[][^()\[\]]*[)\]])+$")  # "(Ninh Thuận)", "[…/so-khoa-hoc]"


def row_labels(ids: list[str], labels: dict[str, str] | None = None) -> list[str]:
    """The label of each row (its id when `labels` has none), unique: rows that would share a label
    get the shortest end of their ids that tells them apart, as in "Sở Y tế (Phú Yên) [so-y-te-2]"."""
    names = [unicodedata.normalize("NFC", (labels or {}).get(a) or a) for a in ids]
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(names):
        by_name[name].append(i)
    for name, rows in by_name.items():
        if len(rows) < 2:
            continue
        parts = [ids[i].split("/") for i in rows]
        for k in range(1, max(len(p) for p in parts) + 1):
            tails = ["/".join(p[-k:]) for p in parts]
            if len(set(tails)) == len(tails):
                break
        for i, tail in zip(rows, tails):
            names[i] = f"{name} [{tail if tail == ids[i] else '…/' + tail}]"
    return names

def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _shade(value: float, peak: float) -> str:
    if value <= 0 or peak <= 0:
        return SHADES[0]
    step = -(-4 * value // peak)                       # ceil: any load at all is visible
    return SHADES[int(min(max(step, 1), 4))]


def _cut(name: str, width: int) -> str:
    """`name` in at most `width` characters; a trailing "(province)" or "[id]" is kept whole when it fits."""
    name = unicodedata.normalize("NFC", name)          # one character per letter with diacritics
    if len(name) <= width:
        return name
    tail = _TRAILING.search(name)
    if tail and len(tail[0]) <= width - 6:
        head = name[: tail.start()]
        return head[: width - len(tail[0]) - 1].rstrip() + "…" + tail[0]
    return name[: width - 1].rstrip() + "…"


def render_text(load: dict[str, dict[str, float]], *, width: int = 40, labels: dict[str, str] | None = None,
                order: list[str] | None = None) -> str:
    """A text heatmap, one row per agency, two characters per quarter.

    Rows come in `order` (the table's ranking, ids) when given, then any others busiest first;
    each is named by `labels[id]` (its id without one), made unique (see `row_labels`). Two header
    lines (the year over its first quarter, then quarter digits 1–4), one row per agency ending in
    its total, and a legend giving the load each shade stands for. Names are cut to `width`
    characters with '…', keeping a trailing "(province)" whole.
    """
    agencies, quarters, values = _grid(load, order)
    if not agencies or not quarters:
        return "(no tasks placed in any quarter)"
    peak = max(max(row) for row in values)
    full = row_labels(agencies, labels)
    names = [_cut(n, width) for n in full]
    if len(set(names)) < len(names):                   # cut alike: those rows keep their whole labels
        seen = defaultdict(int)
        for n in names:
            seen[n] += 1
        names = [f if seen[n] > 1 else n for n, f in zip(names, full)]
    pad = max(len("Agency"), *(len(n) for n in names)) + 1

    years = ""
    for year in sorted({q[:4] for q in quarters}):
        at = next(i for i, q in enumerate(quarters) if q.startswith(year))
        span = 2 * sum(q.startswith(year) for q in quarters)
        last = year == quarters[-1][:4]
        label = year if span > 4 or last else f"'{year[2:]}" if span == 4 else ""
        years = years.ljust(2 * at) + label
    lines = [" " * pad + years,
             "Agency".ljust(pad) + "".join(q[-1] + " " for q in quarters) + " total"]
    for name, row in zip(names, values):
        cells = "".join(_shade(v, peak) * 2 for v in row)
        lines.append(name.ljust(pad) + cells + " " + _num(sum(row)).rjust(5))
    steps = "  ".join(f"{SHADES[k]}≤{_num(peak * k / 4)}" for k in range(1, 5))
    lines.append(f"scale: '{SHADES[0]}' 0  {steps}  (load per quarter; lead 1, co-ordinating agency its weight)")
    return "\n".join(lines)


def render_png(load: dict[str, dict[str, float]], path: pathlib.Path | BinaryIO, *, title: str = "",
               labels: dict[str, str] | None = None, order: list[str] | None = None) -> pathlib.Path | BinaryIO:
    """The same heatmap as a PNG: agencies as rows (in `order`, else busiest on top, named by
    `labels` as `render_text` names them), quarters as columns.

    Drawn with matplotlib's Agg canvas (pyplot's global state is not touched) in DejaVu Sans,
    which has the Vietnamese diacritics. The image grows with the grid; loads are written in
    the non-zero cells when the grid has fewer than 400 cells. `path` may be a binary file (the web
    app sends the bytes). Returns `path`.
    """
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if isinstance(path, (str, pathlib.PurePath)):
        path = pathlib.Path(path)
    agencies, quarters, values = _grid(load, order)
    names = row_labels(agencies, labels)
    rows, cols = len(agencies), len(quarters)
    longest = max((len(a) for a in names), default=10)
    cell = 0.45                                        # inches per row / column
    size = (1.0 + 0.075 * longest + cell * max(cols, 2) + 1.2, 2.0 + cell * max(rows, 1))

    with rc_context({"font.family": "DejaVu Sans", "font.size": 9}):
        fig = Figure(figsize=size, dpi=100, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        if rows and cols:
            peak = max(max(row) for row in values) or 1.0
            image = ax.imshow(values, cmap="YlOrRd", vmin=0, vmax=peak, aspect="auto",
                              interpolation="nearest")
            ax.set_xticks(range(cols), quarters, rotation=90 if cols > 8 else 0)
            ax.set_yticks(range(rows), names)
            fig.colorbar(image, ax=ax, label="load per quarter")
            if rows * cols < 400:
                for r, row in enumerate(values):
                    for c, v in enumerate(row):
                        if v > 0:
                            ax.text(c, r, _num(v), ha="center", va="center", fontsize=8,
                                    color="white" if v > 0.6 * peak else "black")
        else:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "No tasks placed in any quarter", ha="center", va="center")
        if title:
            ax.set_title(title)
        fig.savefig(path, format="png")
    return path
