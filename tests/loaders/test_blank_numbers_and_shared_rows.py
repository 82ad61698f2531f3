"""Plans whose number is left blank ("Số: /KH-SKHCN") keep the rest of their symbol, their year and
their title; rows that share one objective lead with their own product; warnings point at the words
they are about. Figures read from data/documents."""

from __future__ import annotations

import pytest

from loaders import parse_text
from loaders.tables import DITTO
from tests.conftest import DOCUMENTS

# (province slug, symbol without the blank, the "Số:" line, year of "ngày tháng năm …", title's start)
BLANK_NUMBERED = [
    ("phu-yen", "KH-SKHCN", "Số: /KH-SKHCN", 2022,
     "Thực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh thực hiện Nghị quyết số 11 -NQ/TU"),
    ("tay-ninh", "KH-KHCN", "Số: /KH-KHCN", 2022,
     "Thực hiện Chương trình hành động của UBND tỉnh thực hiện Nghị quyết Đại hội đại biểu"),
    ("hung-yen", "KH-UBND", "Số: /KH-UBND", 2023,
     "Phát triển khoa học, công nghệ và đổi mới sáng tạo tỉnh Hưng Yên giai đoạn 2023"),
]


@pytest.mark.parametrize(("province", "symbol", "so_line", "year", "title"), BLANK_NUMBERED)
def test_a_blank_number_keeps_the_rest_of_the_symbol(corpus, province, symbol, so_line, year, title):
    record = corpus[province]
    ref = record.header.ref
    assert (ref.doc_type, ref.number, ref.symbol_without_number, ref.year, ref.date) == ("KH", None, symbol, year, None)
    assert ref.symbol == "/" + symbol  # as written, the blank kept (the synthetic corpus reads it so)
    assert ref.title.startswith(title)
    assert so_line in record.text
    (blank,) = [p for p in record.problems if p.code == "blank-own-number"]
    assert record.text[blank.span.start:blank.span.end] == so_line


def test_a_numbered_plan_keeps_its_symbol(corpus):
    ref = corpus["quang-tri"].header.ref
    assert (ref.number, ref.symbol, ref.date.isoformat()) == ("43", "43/KH-SKHCN", "2023-04-11")
    assert ref.symbol_without_number is None


def test_the_plan_is_still_known_in_its_own_appendix(corpus):
    """"(Ban hành kèm theo Kế hoạch số /KH-SKHCN ngày tháng năm 2022 …)" names the plan itself: no
    citation of it, the only KH-SKHCN symbol around being the plan's own."""
    record = corpus["phu-yen"]
    assert "Kế hoạch số /KH-SKHCN ngày tháng năm 2022" in record.text
    assert not [c for c in record.citations if c.ref.issuer_code == "SKHCN"]
    assert not [p for p in record.problems if p.code == "blank-number"]


@pytest.mark.parametrize(("written", "kept"), [
    ("/KH-SKHCN", "KH-SKHCN"), ("-NQ/TU", "NQ/TU"), ("/2020/NQ-HĐND", "/2020/NQ-HĐND"), ("/", None), (None, None),
])
def test_blank_numbered_symbol(written, kept):
    from loaders.citations import blank_numbered_symbol

    assert blank_numbered_symbol(written) == kept


def test_a_party_document_with_a_blank_number():
    record = parse_text("TỈNH ỦY PHÚ YÊN\nSố -NQ/TU\nPhú Yên, ngày tháng 3 năm 2024\n\nNGHỊ QUYẾT\n"
                        "Về phát triển khoa học\n\nBan hành kèm theo Nghị quyết số -NQ/TU của Tỉnh ủy.\n")
    ref = record.header.ref
    assert (ref.doc_type, ref.number, ref.symbol_without_number, ref.year) == ("NQ", None, "NQ/TU", 2024)
    assert not record.citations  # its own symbol, blank: not a document it cites


# --- Phụ lục II of the Phú Yên plan: one objective ("Mục tiêu") over several rows -------------------

def test_rows_sharing_an_objective_are_told_apart_by_their_product(corpus):
    appendix = [t for t in corpus["phu-yen"].tasks if t.label.startswith("PLII:")]
    # six programmes: 4 + 3 + 4 + 4 + 3 + 4 result rows
    assert len(appendix) == 22
    texts = [t.text for t in appendix]
    assert len(set(texts)) == len(texts)
    by_label = {t.label: t for t in appendix}
    objective = "Đầu tư phát triển tiềm lực KH&CN và ĐMST nâng cao năng lực phát triển"
    founding = by_label["PLII:1+2"]
    assert founding.text.startswith("Hỗ trợ thành lập 05 doanh nghiệp KH&CN, 05 doanh nghiệp khởi nghiệp ĐMST, "
                                    "trong đó 01 doanh nghiệp công nghệ thông tin ứng dụng trí tuệ nhân tạo — ")
    assert objective in founding.text
    assert founding.product.startswith("Hỗ trợ thành lập 05 doanh nghiệp KH&CN")  # the product cell itself
    assert by_label["PLII:1+1"].text.startswith("01 mạng lưới tổ chức KH&CN — " + objective)
    assert by_label["PLII:6+4"].text.startswith("02 mô hình dự báo thiên tai — Giải pháp chủ động thích ứng")
    # an ellipsis of the product is the product's own: kept
    assert by_label["PLII:3+1"].text.startswith("Có 01 sản phẩm phần mềm ứng dụng trí tuệ nhân tạo trong an toàn "
                                                "giao thông, an ninh mạng... — Thúc đẩy chuyển đổi cơ cấu sản xuất")
    assert all(" — " in t for t in texts)


def test_rows_with_their_own_objective_read_as_written(corpus):
    """Phụ lục I of Phú Yên and the other plans: each row has its own task, which leads alone."""
    phu_yen = corpus["phu-yen"]
    assert not [t.label for t in phu_yen.tasks if not t.label.startswith("PLII:") and " — " in t.text]
    for province in ("tay-ninh", "hung-yen", "quang-tri", "ninh-thuan"):
        tasks = corpus[province].tasks
        assert not [t.label for t in tasks if t.product and t.text.startswith(t.product.rstrip(". ") + " — ")], province


_HEAD = ("Số: 12/KH-SKHCN\nPhú Yên, ngày 10 tháng 3 năm 2023\n\nKẾ HOẠCH\nThử nghiệm\n\nPHỤ LỤC\n\n"
         "TT\tMục tiêu\tKết quả/ sản phẩm\tĐơn vị chủ trì\tThời gian thực hiện\n")


def _table(rows: list[str]) -> dict[str, str]:
    record = parse_text(_HEAD + "\n".join(rows) + "\n")
    return {t.label: t.text for t in record.tasks}


def test_a_merged_objective_lets_each_own_product_lead():
    texts = _table([
        "1\tNâng cao năng lực nghiên cứu.\t01 phòng thí nghiệm.\tPhòng Quản lý KH&CN\t2023",
        f"\t{DITTO}\t02 đề tài.\tPhòng Quản lý KH&CN\t2024",
        "\t\t03 bài báo.\tPhòng Quản lý KH&CN\t2025",
    ])
    assert texts == {
        "1": "01 phòng thí nghiệm — Nâng cao năng lực nghiên cứu.",
        "1+1": "02 đề tài — Nâng cao năng lực nghiên cứu.",
        "1+2": "03 bài báo — Nâng cao năng lực nghiên cứu.",
    }


def test_a_repeated_objective_lets_each_own_product_lead():
    texts = _table([
        "1\tNâng cao năng lực nghiên cứu.\t01 phòng thí nghiệm.\tPhòng Quản lý KH&CN\t2023",
        "2\tNâng cao năng lực nghiên cứu.\t02 đề tài.\tPhòng Quản lý KH&CN\t2024",
        "3\tPhát triển thị trường công nghệ.\t01 sàn giao dịch.\tPhòng Quản lý KH&CN\t2024",
    ])
    assert texts == {
        "1": "01 phòng thí nghiệm — Nâng cao năng lực nghiên cứu.",
        "2": "02 đề tài — Nâng cao năng lực nghiên cứu.",
        "3": "Phát triển thị trường công nghệ.",  # its own objective: as written
    }


def test_a_row_without_its_own_product_keeps_the_objective():
    """A merged product cell is not the row's own; a blank one names nothing: the objective alone.
    The others of the group still lead with theirs."""
    texts = _table([
        "1\tNâng cao năng lực nghiên cứu.\t01 phòng thí nghiệm.\tPhòng Quản lý KH&CN\t2023",
        f"\t{DITTO}\t{DITTO}\tPhòng Kế hoạch – Tài chính\t2024",
        f"\t{DITTO}\t\tPhòng Thanh tra\t2025",
        f"\t{DITTO}\t02 đề tài.\tPhòng Quản lý KH&CN\t2025",
    ])
    assert texts == {
        "1": "01 phòng thí nghiệm — Nâng cao năng lực nghiên cứu.",
        "1+1": "Nâng cao năng lực nghiên cứu.",
        "1+2": "Nâng cao năng lực nghiên cứu.",
        "1+3": "02 đề tài — Nâng cao năng lực nghiên cứu.",
    }


def test_the_blank_cited_number_points_at_the_citation(corpus):
    record = corpus["quang-tri"]
    (blank,) = [p for p in record.problems if p.code == "blank-number"]
    assert record.text[blank.span.start:blank.span.end] == "Quyết định số/QĐ-UBND ngày .../.../2023"


def test_warnings_about_no_words_have_no_span(corpus):
    problems = {p.code: p for p in corpus["ninh-thuan"].problems}
    assert problems["no-symbol"].span is None and problems["no-date"].span is None
    assert (DOCUMENTS / "ninh-thuan_2022_kh-ubnd_trien-khai-qd-472.txt").is_file()


def test_the_no_lead_warning_points_at_its_row(corpus):
    record = corpus["phu-yen"]
    (no_lead,) = [p for p in record.problems if p.code == "no-lead-agency"]
    task = record.task("PLI:1.1")
    assert (no_lead.span.start, no_lead.span.end) == (task.span.start, task.span.end)
    assert record.text[no_lead.span.start:no_lead.span.end].startswith("1.1\t-Tô chức quán triệt Nghị quyết")
