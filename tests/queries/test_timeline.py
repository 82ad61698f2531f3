"""Agency load by quarter: placing deadline windows in quarters, and the text and PNG heatmaps."""

from __future__ import annotations

from datetime import date

import pytest

from queries.timeline import SHADES, TaskWindow, quarter_load, quarters_between, render_png, render_text, row_labels

PHONG = "Phòng Quản lý Khoa học và Công nghệ"
SO = "Sở Tài nguyên và Môi trường"


def lead(start, end, agency=PHONG, recurrence=None):
    return TaskWindow(agency, 1.0, start, end, recurrence)


def test_quarters_between_covers_the_inclusive_interval():
    assert quarters_between(date(2022, 2, 1), date(2022, 6, 30)) == ["2022-Q1", "2022-Q2"]
    assert quarters_between(date(2022, 12, 31), date(2023, 1, 1)) == ["2022-Q4", "2023-Q1"]
    assert quarters_between(date(2023, 5, 5), date(2023, 5, 6)) == ["2023-Q2"]


def test_a_lead_task_within_one_quarter_counts_once_there():
    load = quarter_load([lead(date(2023, 1, 1), date(2023, 3, 31))], first="2022-Q4", last="2023-Q2")
    assert load == {PHONG: {"2022-Q4": 0.0, "2023-Q1": 1.0, "2023-Q2": 0.0}}


def test_a_coordinate_task_counts_its_weight_in_every_quarter_it_spans():
    load = quarter_load([TaskWindow(SO, 0.5, date(2022, 1, 1), date(2023, 12, 31), None)])
    assert list(load[SO]) == quarters_between(date(2022, 1, 1), date(2023, 12, 31))
    assert list(load[SO].values()) == [0.5] * 8


def test_loads_add_up_per_agency_and_quarter():
    load = quarter_load([lead(date(2022, 1, 1), date(2022, 6, 30)),
                         TaskWindow(PHONG, 0.5, date(2022, 4, 1), date(2022, 4, 2), None),
                         lead(date(2022, 1, 1), date(2022, 3, 31), agency=SO)])
    assert load == {PHONG: {"2022-Q1": 1.0, "2022-Q2": 1.5}, SO: {"2022-Q1": 1.0, "2022-Q2": 0.0}}


def test_a_recurring_task_counts_in_every_shown_quarter():
    tasks = [lead(None, None, agency=SO, recurrence="P1Y"), lead(date(2022, 1, 1), date(2022, 12, 31))]
    assert quarter_load(tasks)[SO] == {f"2022-Q{q}": 1.0 for q in range(1, 5)}
    assert list(quarter_load(tasks, first="2021-Q3", last="2023-Q2")[SO].values()) == [1.0] * 8


def test_open_ends_run_to_the_edge_of_the_quarters_shown():
    load = quarter_load([lead(None, date(2022, 5, 1)), lead(date(2022, 8, 1), None, agency=SO)],
                        first="2021-Q4", last="2022-Q4")
    assert load[PHONG] == {"2021-Q4": 1.0, "2022-Q1": 1.0, "2022-Q2": 1.0, "2022-Q3": 0.0, "2022-Q4": 0.0}
    assert load[SO] == {"2021-Q4": 0.0, "2022-Q1": 0.0, "2022-Q2": 0.0, "2022-Q3": 1.0, "2022-Q4": 1.0}


def test_an_undated_non_recurring_task_is_not_placed():
    tasks = [lead(date(2022, 1, 1), date(2022, 3, 31)), lead(None, None, agency=SO)]
    assert list(quarter_load(tasks)) == [PHONG]
    assert quarter_load([lead(None, None)]) == {}


def test_first_and_last_clip_tasks_and_drop_those_outside():
    tasks = [lead(date(2020, 1, 1), date(2024, 12, 31)), lead(date(2019, 1, 1), date(2019, 3, 1), agency=SO)]
    load = quarter_load(tasks, first="2022-Q2", last="2022-Q3")
    assert load == {PHONG: {"2022-Q2": 1.0, "2022-Q3": 1.0}}
    with pytest.raises(ValueError):
        quarter_load(tasks, first="2023-Q1", last="2022-Q1")
    with pytest.raises(ValueError):
        quarter_load(tasks, first="2023Q1")


def _load():
    return {PHONG: {"2022-Q1": 1.0, "2022-Q2": 3.0, "2022-Q3": 0.0},
            SO: {"2022-Q1": 0.5, "2022-Q2": 0.5, "2022-Q3": 0.5},
            "Sở Tư pháp": {"2022-Q1": 0.0, "2022-Q2": 0.0, "2022-Q3": 0.25}}


def test_render_text_has_headers_one_row_per_agency_and_a_legend():
    text = render_text(_load())
    lines = text.splitlines()
    assert len(lines) == 2 + 3 + 1                       # years + quarters, agencies, legend
    assert "2022" in lines[0] and "1 2 3" in lines[1]
    rows = lines[2:5]
    assert rows[0].startswith(PHONG[:20])                # busiest agency first
    assert lines[-1].startswith("scale") and "3" in lines[-1]
    assert text == render_text(_load())


def test_render_text_shows_the_busiest_cell_darkest_and_idle_cells_blank():
    rows = render_text(_load()).splitlines()[2:5]
    phong = next(r for r in rows if r.startswith("Phòng"))
    assert SHADES[-1] in phong and sum(r.count(SHADES[-1]) for r in rows) == 2   # one cell, two chars wide
    tu_phap = next(r for r in rows if r.startswith("Sở Tư pháp"))
    assert SHADES[1] in tu_phap                           # a small load is still visible
    assert all(c not in tu_phap for c in SHADES[2:])


def test_render_text_cuts_long_names_to_width():
    rows = render_text(_load(), width=12).splitlines()[2:5]
    assert any(r.startswith("Phòng Quản…") for r in rows)
    assert render_text({}) and render_text({}).count("\n") == 0


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_render_png_writes_a_readable_png_growing_with_the_grid(tmp_path):
    import matplotlib.image

    small = render_png(_load(), tmp_path / "small.png", title="Phú Yên")
    wide = {a: {f"{y}-Q{q}": 1.0 for y in range(2020, 2026) for q in range(1, 5)} for a in _load()}
    tall = {f"{PHONG} {i}": {"2022-Q1": i, "2022-Q2": 1.0, "2022-Q3": 0.0} for i in range(12)}
    paths = small, render_png(wide, tmp_path / "wide.png"), render_png(tall, tmp_path / "tall.png")
    shapes = []
    for path in paths:
        assert path.read_bytes()[:8] == PNG_SIGNATURE
        shapes.append(matplotlib.image.imread(path).shape)
    (h, w, _), (wh, ww, _), (th, tw, _) = shapes
    assert 300 < w < 1500 and 150 < h < 600
    assert ww > w + 21 * 30 and wh == h                   # 21 more columns, same rows
    assert th > h + 9 * 30 and abs(tw - w) < 60           # 9 more rows, same columns


def test_render_png_of_nothing_still_writes_an_image(tmp_path):
    assert render_png({}, tmp_path / "empty.png").read_bytes()[:8] == PNG_SIGNATURE


def test_a_single_bound_beyond_the_data_shows_just_that_quarter():
    tasks = [lead(date(2022, 1, 1), None), lead(None, None, agency=SO, recurrence="P1Y")]
    assert quarter_load(tasks, first="2024-Q1") == {PHONG: {"2024-Q1": 1.0}, SO: {"2024-Q1": 1.0}}
    assert quarter_load([lead(None, None, recurrence="P1Y")], last="2021-Q1") == {PHONG: {"2021-Q1": 1.0}}


NT = "agency/ninh-thuan/so-khoa-hoc-cong-nghe"
HY = "agency/hung-yen/so-khoa-hoc-cong-nghe"


def test_rows_are_keyed_by_agency_id_so_namesakes_stay_apart():
    tasks = [TaskWindow(NT, 1.0, date(2023, 1, 1), date(2023, 3, 31)),
             TaskWindow(HY, 1.0, date(2023, 1, 1), date(2023, 6, 30))]
    assert quarter_load(tasks) == {HY: {"2023-Q1": 1.0, "2023-Q2": 1.0}, NT: {"2023-Q1": 1.0, "2023-Q2": 0.0}}


def test_rows_come_in_the_order_given_and_carry_their_labels():
    load = {NT: {"2023-Q1": 1.0, "2023-Q2": 0.0}, HY: {"2023-Q1": 1.0, "2023-Q2": 1.0}}
    labels = {NT: "Sở Khoa học và Công nghệ (Ninh Thuận)", HY: "Sở Khoa học và Công nghệ (Hưng Yên)"}
    rows = render_text(load, labels=labels, order=[NT, HY]).splitlines()[2:-1]
    assert rows[0].startswith("Sở Khoa học và Công nghệ (Ninh Thuận)") and rows[0].endswith(" 1")
    assert rows[1].startswith("Sở Khoa học và Công nghệ (Hưng Yên)") and rows[1].endswith(" 2")
    # cut short, a row keeps its province
    short = render_text(load, labels=labels, order=[NT, HY], width=30).splitlines()[2:-1]
    assert short[0].startswith("Sở Khoa học và C… (Ninh Thuận) ")
    assert short[1].startswith("Sở Khoa học và Côn… (Hưng Yên) ")


def test_two_rows_with_one_label_are_told_apart_by_their_ids():
    ids = ["agency/x/so-y-te", "agency/y/so-y-te", "agency/x/phong"]
    names = row_labels(ids, {ids[0]: "Sở Y tế (Phú Yên)", ids[1]: "Sở Y tế (Phú Yên)", ids[2]: "Phòng (Phú Yên)"})
    assert names[2] == "Phòng (Phú Yên)"
    assert names[0] != names[1] and names[0].startswith("Sở Y tế (Phú Yên) [") and "x" in names[0]
    load = {i: {"2023-Q1": 1.0} for i in ids}
    text = render_text(load, labels=dict(zip(ids, ["Sở Y tế (Phú Yên)"] * 3)))
    assert len(text.splitlines()) == 2 + 3 + 1 and len({r.split("  ")[0] for r in text.splitlines()[2:5]}) == 3


def test_render_png_takes_labels_and_order(tmp_path):
    load = {NT: {"2023-Q1": 1.0}, HY: {"2023-Q1": 2.0}}
    path = render_png(load, tmp_path / "l.png", labels={NT: "Sở KH&CN (Ninh Thuận)", HY: "Sở KH&CN (Hưng Yên)"},
                      order=[NT, HY])
    assert path.read_bytes()[:8] == PNG_SIGNATURE
