"""Citations and relations: tables of corpus sentences (verbatim) -> expected references, the five
documents read whole, negatives, and properties (never raises, stays linear) on arbitrary text."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.citations import (
    PATTERNS,
    CitationContext,
    find_citations,
    find_relations,
    parse_symbol,
    resolve_issuer,
)
from loaders.models import Citation

DOCUMENTS = Path(__file__).resolve().parents[2] / "data" / "documents"

# The citing documents' context, as the header stage gives it.
CONTEXT = {
    "phu-yen": CitationContext("Phú Yên", 2022, "/KH-SKHCN", "KH"),
    "tay-ninh": CitationContext("Tây Ninh", 2022, "/KH-KHCN", "KH"),
    "hung-yen": CitationContext("Hưng Yên", 2023, "/KH-UBND", "KH"),
    "quang-tri": CitationContext("Quảng Trị", 2023, "43/KH-SKHCN", "KH"),
    "ninh-thuan": CitationContext("Ninh Thuận", None, None, "KH"),
}
UBND = "Ủy ban nhân dân tỉnh {}"


def raw(prefix: str) -> str:
    (path,) = DOCUMENTS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Ref:
    """What one citation should normalise to (factory for the tables)."""

    symbol: str | None
    number: str | None
    doc_type: str | None
    date: dt.date | None
    issuer: str | None
    province: str | None
    year: int | None = None  # defaults to the date's year

    def check(self, c: Citation) -> None:
        r = c.ref
        got = (r.symbol, r.number, r.doc_type, r.date, r.issuer, r.province, r.year)
        year = self.year if self.year is not None else (self.date.year if self.date else None)
        want = (self.symbol, self.number, self.doc_type, self.date, self.issuer, self.province, year)
        assert got == want, f"{c.text!r}: got {got}, want {want}"


def d(day: int, month: int, year: int) -> dt.date:
    return dt.date(year, month, day)


def refs(ctx: str, text: str) -> list[Citation]:
    citations, _ = find_citations(text, CONTEXT[ctx])
    return citations


# --------------------------------------------------------------------------------------------------
# Sentences of the corpus, verbatim -> every citation in them, in order.

R209 = Ref("209/KH-UBND", "209", "KH", d(6, 12, 2021), UBND.format("Phú Yên"), "Phú Yên")
R11 = Ref("11-NQ/TU", "11", "NQ", d(18, 8, 2021), "Ban Thường vụ Tỉnh ủy Phú Yên", "Phú Yên")
R59 = Ref("59-CTr/TU", "59", "CTr", None, "Tỉnh ủy Quảng Trị", "Quảng Trị")
R29 = Ref("29-NQ/TW", "29", "NQ", d(17, 11, 2022), "Ban Chấp hành Trung ương Đảng", None)

SENTENCES: list[tuple[str, str, list[Ref]]] = [
    (  # Phú Yên, title: a chain, and "11 -NQ/TU" with a space before the hyphen
        "phu-yen",
        "Thực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh thực hiện Nghị quyết số 11 -NQ/TU ngày "
        "18/8/2021 của Ban Thường vụ Tỉnh ủy về phát triển, ứng dụng khoa học, công nghệ và đổi mới sáng tạo phục "
        "vụ phát triển kinh tế-xã hội tỉnh",
        [R209, R11],
    ),
    (  # Phú Yên, appendix: a stray "tỉnh" after the symbol, a date in words
        "phu-yen",
        "Phân công triển khai thực hiện các nhiệm vụ Kế hoạch số 209/KH-UBND tỉnh ngày 06/12/2021 của UBND tỉnh về "
        "thực hiện Nghị quyết số 11-NQ/TU ngày 18 tháng 8 năm 2021 của Ban Thường vụ Tỉnh ủy về phát triển",
        [R209, R11],
    ),
    (  # Quảng Trị: an official letter, a programme with no date, a Party symbol whose issuer is central
        "quang-tri",
        "Thực hiện Văn bản số 1392/UBND-KT ngày 03/4/2023 của UBND tỉnh về việc xây dựng thực hiện Chương trình "
        "hành động số 59-CTr/TU của BCH Đảng bộ khóa XVII thực hiện Nghị quyết số 29-NQ/TU ngày 17/11/2022 của BCH "
        "TW Đảng khóa XIII, Sở Khoa học và Công nghệ xây dựng Kế hoạch",
        [Ref("1392/UBND-KT", "1392", "CV", d(3, 4, 2023), UBND.format("Quảng Trị"), "Quảng Trị"), R59, R29],
    ),
    (
        "quang-tri",
        "1. Tổ chức tuyên truyền, quán triệt đến toàn thể công chức, viên chức, người lao động trong cơ quan, đơn vị "
        "trực thuộc tổ chức thực hiện nghiêm túc chương trình hành động thực hiện Nghị quyết số 29-NQ/TW ngày "
        "17/11/2022 của Ban Chấp hành Trung ương về việc tiếp tục đẩy mạnh công nghiệp hoá",
        [R29],
    ),
    (
        "quang-tri",
        "+ Chương trình \"Hồ trợ doanh nghiệp nâng cao năng suất và chất lượng sản phẩm, hàng hóa dựa trên nền tảng "
        "khoa học, công nghệ và đổi mới sáng tạo giai đoạn 2021-2030\" theo Kế hoạch số 88/KH-UBND ngày 10/5/2022.",
        [Ref("88/KH-UBND", "88", "KH", d(10, 5, 2022), UBND.format("Quảng Trị"), "Quảng Trị")],
    ),
    (  # an OCR slip: "KI" is no type code; the text calls it a Kết luận
        "quang-tri",
        "d) Tiếp tục triển khai Kế hoạch thực hiện Kết luận số 52-KI/TW ngày 30/05/2019 của Ban Bí thư về tiếp tục "
        "thực hiện Nghị quyết Trung ương 7 khóa X về \"Xây dựng đội ngũ tri thức\"",
        [
            Ref("52-KL/TW", "52", "KL", d(30, 5, 2019), "Ban Bí thư", None),
            Ref(None, None, "NQ", None, "Ban Chấp hành Trung ương Đảng", None),
        ],
    ),
    (  # Hưng Yên: a ministry's decision signed by its minister
        "hung-yen",
        "Thực hiện Quyết định số 2667/QĐ-BKHCN ngày 28/12/2022 của Bộ trưởng Bộ Khoa học và Công nghệ về việc phê "
        "duyệt phương hướng, mục tiêu, nhiệm vụ khoa học, công nghệ và đổi mới sáng tạo đến năm 2025",
        [Ref("2667/QĐ-BKHCN", "2667", "QĐ", d(28, 12, 2022), "Bộ Khoa học và Công nghệ", None)],
    ),
    (  # the Prime Minister, a year in the symbol, the province's People's Council, "theo", "Kế hoạch số"
        "hung-yen",
        "Triển khai có hiệu quả Đề án “Hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo quốc gia đến năm 2025” "
        "theo Quyết định số 844/QĐ-TTg ngày 18/5/2016 của Thủ tướng Chính phủ và Đề án hỗ trợ hệ sinh thái khởi "
        "nghiệp đổi mới sáng tạo quốc gia đến năm 2025 trên địa bàn tỉnh Hưng Yên (Nghị quyết số "
        "295/2020/NQ-HĐND ngày 10/7/2020 của HĐND tỉnh; Kế hoạch số 142/KH-UBND ngày 16/9/2021 của UBND tỉnh hỗ "
        "trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo tỉnh Hưng Yên giai đoạn 2021-2025); cụ thể:",
        [
            Ref("844/QĐ-TTg", "844", "QĐ", d(18, 5, 2016), "Thủ tướng Chính phủ", None),
            Ref("295/2020/NQ-HĐND", "295", "NQ", d(10, 7, 2020), "Hội đồng nhân dân tỉnh Hưng Yên", "Hưng Yên"),
            Ref("142/KH-UBND", "142", "KH", d(16, 9, 2021), UBND.format("Hưng Yên"), "Hưng Yên"),
        ],
    ),
    (
        "hung-yen",
        "- Chỉ đạo triển khai thực hiện có hiệu quả các nội dung trong Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ "
        "Chính trị về một số chủ trương, chính sách chủ động tham gia cuộc cách mạng công nghiệp lần thứ tư.",
        [Ref("52-NQ/TW", "52", "NQ", d(27, 9, 2019), "Bộ Chính trị", None)],
    ),
    (  # no issuer phrase: the symbol's issuer code, in this province
        "hung-yen",
        "(5) Phát triển thị trường KH&CN tỉnh Hưng Yên theo Quyết định số 2209/QĐ-UBND ngày 22/9/2021.",
        [Ref("2209/QĐ-UBND", "2209", "QĐ", d(22, 9, 2021), UBND.format("Hưng Yên"), "Hưng Yên")],
    ),
    (  # two documents kept as written, though they look alike
        "hung-yen",
        "c) Phấn đấu thực hiện đạt mục tiêu phát triển tài sản trí tuệ tỉnh Hưng Yên theo Quyết định số "
        "1221/QĐ-UBND ngày 26/5/2021 của Ủy ban nhân dân tỉnh; (2) Phát triển tài sản trí tuệ tỉnh Hưng Yên theo "
        "Quyết định số 1121/QĐ-UBND ngày 26/5/2022 của UBND tỉnh;",
        [
            Ref("1221/QĐ-UBND", "1221", "QĐ", d(26, 5, 2021), UBND.format("Hưng Yên"), "Hưng Yên"),
            Ref("1121/QĐ-UBND", "1121", "QĐ", d(26, 5, 2022), UBND.format("Hưng Yên"), "Hưng Yên"),
        ],
    ),
    (  # a decree of the Government
        "ninh-thuan",
        "Thu hút đầu tư về khoa học và công nghệ theo phương thức đối tác công tư trong các lĩnh vực quy định tại "
        "Nghị định số 35/2021/NĐ-CP ngày 29/3/2021 của Chính phủ quy định chi tiết và hướng dẫn thi hành Luật Đầu "
        "tư theo phương thức đối tác công tư.",
        [Ref("35/2021/NĐ-CP", "35", "NĐ", d(29, 3, 2021), "Chính phủ", None)],
    ),
    (  # a short repeat in brackets takes the identity (and date) of the full mention
        "tay-ninh",
        "Căn cứ Quyết định số 1956/QĐ-UBND ngày 23/9/2022 của UBND tỉnh ban hành Chương trình hành động của UBND "
        "tỉnh thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI, giai đoạn 2021-2025 (Quyết định số "
        "1956/QĐ-UBND).",
        [
            Ref("1956/QĐ-UBND", "1956", "QĐ", d(23, 9, 2022), UBND.format("Tây Ninh"), "Tây Ninh"),
            Ref(None, None, "NQ", None, "Đại hội đại biểu Đảng bộ tỉnh Tây Ninh", "Tây Ninh"),
            Ref("1956/QĐ-UBND", "1956", "QĐ", d(23, 9, 2022), UBND.format("Tây Ninh"), "Tây Ninh"),
        ],
    ),
    (
        "tay-ninh",
        "Kế hoạch triển khai thực hiện Quyết định số 996/QĐ-TTg ngày 10/8/2018 của Thủ tướng Chính phủ về phê duyệt "
        "Đề án “Tăng cường, đổi mới hoạt động đo lường hỗ trợ doanh nghiệp Việt Nam”",
        [Ref("996/QĐ-TTg", "996", "QĐ", d(10, 8, 2018), "Thủ tướng Chính phủ", None)],
    ),
    (  # a bare symbol, without the type word
        "hung-yen",
        "phát triển doanh nghiệp KH&CN theo 1130/QĐ-UBND",
        [Ref("1130/QĐ-UBND", "1130", "QĐ", None, UBND.format("Hưng Yên"), "Hưng Yên")],
    ),
    (  # blank dates keep their year
        "quang-tri",
        "theo Kế hoạch số 12/KH-UBND ngày   tháng 5 năm 2022 và Quyết định số 7/QĐ-UBND ngày .../.../2023",
        [
            Ref("12/KH-UBND", "12", "KH", None, UBND.format("Quảng Trị"), "Quảng Trị", 2022),
            Ref("07/QĐ-UBND", "07", "QĐ", None, UBND.format("Quảng Trị"), "Quảng Trị", 2023),
        ],
    ),
]


@pytest.mark.parametrize("ctx,sentence,expected", SENTENCES, ids=[s[1][:40] for s in SENTENCES])
def test_sentence_citations(ctx: str, sentence: str, expected: list[Ref]) -> None:
    citations = refs(ctx, sentence)
    assert len(citations) == len(expected), [c.text for c in citations]
    for citation, want in zip(citations, expected):
        want.check(citation)
        assert sentence[citation.span.start:citation.span.end] == citation.text


def test_text_is_kept_as_written() -> None:
    (c,) = refs("quang-tri", "Nghị quyết số 29-NQ/TU ngày 17/11/2022 của BCH TW Đảng khóa XIII trong lĩnh vực")
    assert c.text == "Nghị quyết số 29-NQ/TU ngày 17/11/2022 của BCH TW Đảng khóa XIII"
    assert c.ref.symbol == "29-NQ/TW"
    assert c.corrections and "29-NQ/TU" in c.corrections[0] and "29-NQ/TW" in c.corrections[0]
    assert "BCH TW Đảng" in c.corrections[0]


def test_ocr_slip_is_recorded() -> None:
    (c, _resolution) = refs("quang-tri", "Kết luận số 52-KI/TW ngày 30/05/2019 của Ban Bí thư về tiếp tục thực hiện "
                                         "Nghị quyết Trung ương 7 khóa X")
    assert c.text.startswith("Kết luận số 52-KI/TW") and c.ref.symbol == "52-KL/TW"
    assert c.corrections == ["read 52-KI/TW as 52-KL/TW: “KI” is no type code, an OCR slip"]


def test_correction_carries_to_mentions_without_issuer() -> None:
    text = ("Thực hiện Nghị quyết số 29-NQ/TU ngày 17/11/2022 của BCH TW Đảng khóa XIII.\n"
            "Chương trình hành động số 59-CTr/TU thực hiện Nghị quyết số 29-NQ/TU ngày 17/11/2022.")
    citations = refs("quang-tri", text)
    assert [c.ref.symbol for c in citations] == ["29-NQ/TW", "59-CTr/TU", "29-NQ/TW"]
    assert citations[2].ref.issuer == "Ban Chấp hành Trung ương Đảng" and citations[2].corrections


def test_provincial_party_symbol_with_provincial_issuer_is_kept() -> None:
    (c,) = refs("phu-yen", "Nghị quyết số 11-NQ/TU ngày 18/8/2021 của Ban Thường vụ Tỉnh ủy")
    assert c.ref.symbol == "11-NQ/TU" and not c.corrections


@pytest.mark.parametrize("sentence,symbol", [
    ("Chỉ thị số 7-CT/TU ngày 3/5/2021 của BTV Tỉnh uỷ", "07-CT/TU"),  # one form per number; old tone style
    ("Quyết định số 12/QD-UBND ngày 2/3/2021", "12/QĐ-UBND"),  # Đ written D
    ("Thông tư số 03/2015/TTLT-BKHCN-BNV", "03/2015/TTLT-BKHCN-BNV"),  # a joint circular
    ("Luật Khoa học và Công nghệ số 29/2013/QH13 ngày 18/6/2013", "29/2013/QH13"),
    ("Công văn số 321/SKHCN-QLKH", "321/SKHCN-QLKH"),
])
def test_symbol_forms(sentence: str, symbol: str) -> None:
    (c,) = refs("phu-yen", sentence)
    assert c.ref.symbol == symbol


def test_diacritic_correction_is_recorded() -> None:
    (c,) = refs("phu-yen", "Quyết định số 12/QD-UBND")
    assert c.corrections == ["read 12/QD-UBND as 12/QĐ-UBND: its Đ was written D"]


def test_law_named_before_its_number() -> None:
    (c,) = refs("phu-yen", "Căn cứ Luật Khoa học và Công nghệ số 29/2013/QH13 ngày 18/6/2013;")
    assert (c.ref.doc_type, c.ref.title, c.ref.issuer, c.ref.year) == ("L", "Luật Khoa học và Công nghệ", "Quốc hội", 2013)


def test_district_issuer_is_not_the_province() -> None:
    (c,) = refs("phu-yen", "Quyết định số 12/QĐ-UBND ngày 2/3/2021 của UBND huyện Tuy An")
    assert c.ref.issuer == "Ủy ban nhân dân huyện Tuy An" and c.ref.province == "Phú Yên"


def test_unknown_province_leaves_provincial_issuer_unknown() -> None:
    citations, _ = find_citations("Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh", CitationContext(None))
    assert citations[0].ref.symbol == "209/KH-UBND"
    assert (citations[0].ref.issuer, citations[0].ref.province) == (None, None)


@pytest.mark.parametrize("sentence", [
    "Kế hoạch số 142/KH-UBND ngày 16/9/2021",
    "Kế hoạch số\n\n142/KH-UBND ngày 16/9/2021",  # raw: a page break inside the mention
    "Kế hoạch số 142/KH-UBND tỉnh ngày 16/9/2021 của UBND tỉnh",
])
def test_raw_and_clean_forms_agree(sentence: str) -> None:
    (c,) = refs("hung-yen", sentence)
    Ref("142/KH-UBND", "142", "KH", d(16, 9, 2021), UBND.format("Hưng Yên"), "Hưng Yên").check(c)


# --------------------------------------------------------------------------------------------------
# Blanks and the document itself.

def test_blank_number_is_a_warning_not_a_citation() -> None:
    sentence = ("+ Chương trình phát triển khoa học và công nghệ, doanh nghiệp khoa học và công nghệ tỉnh Quảng Trị "
                "đến năm 2030 theo Quyết định số/QĐ-UBND ngày .../.../2023.")
    citations, problems = find_citations(sentence, CONTEXT["quang-tri"])
    assert citations == []
    (p,) = problems
    assert (p.severity, p.code) == ("warning", "blank-number")
    assert "Quyết định số/QĐ-UBND ngày .../.../2023" in p.message and "blank" in p.message
    assert sentence[p.span.start:p.span.end] == "Quyết định số/QĐ-UBND ngày .../.../2023"


@pytest.mark.parametrize("ctx,text", [
    ("phu-yen", "Số: /KH-SKHCN"),
    ("quang-tri", "Số: **43**/KH-SKHCN"),  # raw, with Markdown
    ("quang-tri", "Số: 43/KH-SKHCN"),
    ("phu-yen", "(Ban hành kèm theo Kế hoạch số /KH-SKHCN ngày tháng năm 2022 của Sở Khoa học và Công nghệ Phú Yên)"),
    ("quang-tri", "(Kèm theo Kế hoạch số 43/KH-SKHCN ngày 11 tháng 4 năm 2023\ncủa Sở Khoa học và Công nghệ tỉnh Quảng Trị)"),
    ("ninh-thuan", "(Kèm theo Kế hoạch số /KH-UBND ngày tháng năm 2022)"),
])
def test_the_document_itself_is_no_citation(ctx: str, text: str) -> None:
    assert find_citations(text, CONTEXT[ctx]) == ([], [])


# --------------------------------------------------------------------------------------------------
# Negatives: nothing to cite.

@pytest.mark.parametrize("text", [
    "Quyết định của UBND",
    "Nghị quyết của HĐND tỉnh",
    "Kế hoạch của UBND tỉnh",
    "Quyết định của Chủ tịch UBND",
    "ISO 9001",
    "áp dụng các hệ thống quản lý chất lượng tiên tiến ISO 9001, ISO 14000, 6 Sigma, Kaizen... các công cụ cải tiến "
    "năng suất, chất lượng, hệ thống HACCP, GMP-WHO, Global GAP, VietGAP...",
    "CMCN 4.0",
    "2021-2025",
    "đầu tư cho KH&CN đạt 1,2%-1,5% GRDP, trong đó đóng góp của xã hội chiếm 60%-65%",
    "Quý II/2022-2023",
    "Xây dựng Đề án/ Kế hoạch phát triển thị trường KH&CN",
    "- Lưu: VT, P. KH-TC.",
    "đạt 05-07 người/một vạn dân",
    "- UBND tỉnh(b/c);",
    "Định kỳ 2 năm/lần",
    "2/2022\t6/2022",
    "Trình Tỉnh uỷ ban hành Nghị quyết phát triển khoa học, công nghệ và đổi mới sáng tạo",
    "(gọi tắt là Nghị quyết)",
    "Nghị quyết Đại hội XIII",  # whose congress is not said
    "theo quy định Luật Ngân sách nhà nước và các quy định pháp luật liên quan.",  # a law with no date
])
def test_no_citation(text: str) -> None:
    citations, problems = find_citations(text, CONTEXT["phu-yen"])
    assert citations == [] and problems == [], [c.text for c in citations]


# --------------------------------------------------------------------------------------------------
# parse_symbol and resolve_issuer.

@pytest.mark.parametrize("text,doc_type,number,year,issuer_code,symbol", [
    ("Số: 43/KH-SKHCN", "KH", "43", None, "SKHCN", "43/KH-SKHCN"),
    ("/KH-SKHCN", "KH", None, None, "SKHCN", "/KH-SKHCN"),
    ("11 -NQ/TU", "NQ", "11", None, "TU", "11-NQ/TU"),
    ("295/2020/NQ-HĐND", "NQ", "295", 2020, "HĐND", "295/2020/NQ-HĐND"),
    ("1392/UBND-KT", "CV", "1392", None, "UBND", "1392/UBND-KT"),
    ("52-KI/TW", "KL", "52", None, "TW", "52-KL/TW"),
    ("Số: **43**/KH-SKHCN", "KH", "43", None, "SKHCN", "43/KH-SKHCN"),
    ("59-CTr/TU", "CTr", "59", None, "TU", "59-CTr/TU"),
    ("35/2021/NĐ-CP", "NĐ", "35", 2021, "CP", "35/2021/NĐ-CP"),
    ("Số 183-KH/TU", "KH", "183", None, "TU", "183-KH/TU"),
    ("844/QĐ-TTG", "QĐ", "844", None, "TTg", "844/QĐ-TTg"),
])
def test_parse_symbol(text, doc_type, number, year, issuer_code, symbol) -> None:
    ref = parse_symbol(text)
    assert ref is not None
    assert (ref.doc_type, ref.number, ref.year, ref.issuer_code, ref.symbol) == (doc_type, number, year, issuer_code, symbol)


def test_parse_symbol_names_national_issuers_only() -> None:
    assert parse_symbol("844/QĐ-TTg").issuer == "Thủ tướng Chính phủ"
    assert parse_symbol("209/KH-UBND").issuer is None  # whose UBND needs the context


@pytest.mark.parametrize("text", ["", "abc", "2021-2025", "ngày 06/12/2021", "CMCN 4.0", "V/v"])
def test_parse_symbol_none(text: str) -> None:
    assert parse_symbol(text) is None


@pytest.mark.parametrize("phrase,name,province", [
    ("UBND tỉnh", "Ủy ban nhân dân tỉnh Phú Yên", "Phú Yên"),
    ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Phú Yên", "Phú Yên"),
    ("của UBND tỉnh", "Ủy ban nhân dân tỉnh Phú Yên", "Phú Yên"),
    ("Chủ tịch UBND tỉnh", "Ủy ban nhân dân tỉnh Phú Yên", "Phú Yên"),
    ("Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Tỉnh ủy Phú Yên", "Phú Yên"),
    ("Tỉnh uỷ", "Tỉnh ủy Phú Yên", "Phú Yên"),
    ("BCH Đảng bộ khóa XVII", "Tỉnh ủy Phú Yên", "Phú Yên"),
    ("BCH TW Đảng", "Ban Chấp hành Trung ương Đảng", None),
    ("BCH TW Đảng khóa XIII", "Ban Chấp hành Trung ương Đảng", None),
    ("Ban Chấp hành Trung ương", "Ban Chấp hành Trung ương Đảng", None),
    ("Bộ Chính trị", "Bộ Chính trị", None),
    ("Ban Bí thư", "Ban Bí thư", None),
    ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ", None),
    ("Chính phủ", "Chính phủ", None),
    ("Bộ trưởng Bộ Khoa học và Công nghệ", "Bộ Khoa học và Công nghệ", None),
    ("HĐND tỉnh", "Hội đồng nhân dân tỉnh Phú Yên", "Phú Yên"),
    ("Sở Khoa học và Công nghệ Phú Yên", "Sở Khoa học và Công nghệ tỉnh Phú Yên", "Phú Yên"),
    ("Sở KH&CN", "Sở Khoa học và Công nghệ tỉnh Phú Yên", "Phú Yên"),
    ("UBND tỉnh Quảng Nam", "Ủy ban nhân dân tỉnh Quảng Nam", "Quảng Nam"),
    ("Ủy ban nhân dân thành phố Hà Nội", "Ủy ban nhân dân thành phố Hà Nội", "Hà Nội"),
    ("UBND huyện Tuy An", "Ủy ban nhân dân huyện Tuy An", "Phú Yên"),
    ("một cơ quan", None, None),
])
def test_resolve_issuer(phrase: str, name: str | None, province: str | None) -> None:
    assert resolve_issuer(phrase, CONTEXT["phu-yen"]) == (name, province)


# --------------------------------------------------------------------------------------------------
# Relations.

def rel_view(text: str, ctx: str) -> set[tuple]:
    """Relations as (type, subject symbol or 'DOC', object symbol or title)."""
    citations, _ = find_citations(text, CONTEXT[ctx])
    name = lambda k: "DOC" if k is None else (citations[k].ref.symbol or citations[k].ref.title)  # noqa: E731
    return {(r.type, name(r.subject), name(r.object)) for r in find_relations(text, citations)}


def test_phu_yen_plan_implements_209_which_implements_11() -> None:
    text = raw("phu-yen")
    citations, problems = find_citations(text, CONTEXT["phu-yen"])
    relations = find_relations(text, citations)
    assert problems == []
    assert {c.ref.symbol for c in citations} == {"209/KH-UBND", "11-NQ/TU"}
    assert len(citations) == 10  # one citation per mention
    assert rel_view(text, "phu-yen") == {
        ("implements", "DOC", "209/KH-UBND"),
        ("implements", "209/KH-UBND", "11-NQ/TU"),
        ("cites", "DOC", "11-NQ/TU"),
    }
    implements = next(r for r in relations if r.type == "implements" and r.subject is None)
    assert implements.quote.startswith("Thực hiện Kế hoạch số 209/KH-UBND") and implements.quote.endswith("kinh tế-xã hội tỉnh")
    assert text[implements.span.start:implements.span.end] == implements.quote
    chain = next(r for r in relations if r.subject is not None)
    assert citations[chain.subject].ref.symbol == "209/KH-UBND" and citations[chain.object].ref.symbol == "11-NQ/TU"


def test_quang_tri() -> None:
    text = raw("quang-tri")
    citations, problems = find_citations(text, CONTEXT["quang-tri"])
    assert [p.code for p in problems] == ["blank-number"]
    symbols = [c.ref.symbol for c in citations]
    assert "29-NQ/TU" not in symbols and symbols.count("29-NQ/TW") == 6
    assert {"1392/UBND-KT", "59-CTr/TU", "52-KL/TW", "3690/KH-UBND", "5883/KH-UBND", "1928/QĐ-UBND",
            "88/KH-UBND", "155/KH-UBND"} <= set(symbols)
    assert "43/KH-SKHCN" not in symbols  # the document itself, in its appendix
    relations = rel_view(text, "quang-tri")
    assert {
        ("implements", "DOC", "59-CTr/TU"),
        ("implements", "59-CTr/TU", "29-NQ/TW"),
        ("implements", "DOC", "1392/UBND-KT"),
        ("cites", "DOC", "29-NQ/TW"),
        ("cites", "DOC", "52-KL/TW"),
        ("implements", "52-KL/TW", "Nghị quyết Hội nghị Trung ương 7 khóa X"),
    } <= relations
    assert not any(r[1] == "1392/UBND-KT" for r in relations)  # the letter asks for a plan; it implements nothing
    assert ("cites", "DOC", "59-CTr/TU") not in relations  # implemented, so not cited again


def test_hung_yen() -> None:
    text = raw("hung-yen")
    citations, problems = find_citations(text, CONTEXT["hung-yen"])
    assert problems == [] and len(citations) == 18
    by_symbol = {c.ref.symbol: c.ref for c in citations}
    assert by_symbol["1221/QĐ-UBND"].date == d(26, 5, 2021)
    assert by_symbol["1121/QĐ-UBND"].date == d(26, 5, 2022)
    assert [c.ref.symbol for c in citations].count("142/KH-UBND") == 3
    relations = rel_view(text, "hung-yen")
    assert ("implements", "DOC", "2667/QĐ-BKHCN") in relations
    assert [r for r in relations if r[0] != "cites"] == [("implements", "DOC", "2667/QĐ-BKHCN")]
    assert ("cites", "DOC", "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Hưng Yên lần thứ XIX") in relations
    # one cites relation per distinct document
    assert len([r for r in relations if r[0] == "cites"]) == len({c.ref.symbol or c.ref.title for c in citations}) - 1


def test_tay_ninh_programme_is_identified_by_the_decision_that_issued_it() -> None:
    text = raw("tay-ninh")
    citations, problems = find_citations(text, CONTEXT["tay-ninh"])
    assert problems == [] and len(citations) == 7
    assert all(c.ref.symbol or c.ref.title.startswith("Nghị quyết Đại hội") for c in citations)
    congress = "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Tây Ninh lần thứ XI"
    assert rel_view(text, "tay-ninh") == {
        ("based_on", "DOC", "1956/QĐ-UBND"),
        ("implements", "DOC", "1956/QĐ-UBND"),
        ("implements", "1956/QĐ-UBND", congress),
        ("cites", "DOC", congress),
        ("cites", "DOC", "996/QĐ-TTg"),  # another plan implements 996, not this one
    }


def test_ninh_thuan_implements_472() -> None:
    text = raw("ninh-thuan")
    citations, problems = find_citations(text, CONTEXT["ninh-thuan"])
    assert problems == [] and len(citations) == 7
    assert [c.ref.symbol for c in citations].count("472/QĐ-UBND") == 6
    assert rel_view(text, "ninh-thuan") == {("implements", "DOC", "472/QĐ-UBND"), ("cites", "DOC", "35/2021/NĐ-CP")}
    relations = find_relations(text, citations)
    title = next(r for r in relations if r.type == "implements")
    assert title.quote.startswith("Triển khai “Chương trình ứng dụng")


def test_relations_reference_valid_indices_and_quotes() -> None:
    for prefix, ctx in CONTEXT.items():
        text = raw(prefix)
        citations, _ = find_citations(text, ctx)
        for r in find_relations(text, citations):
            assert 0 <= r.object < len(citations) and (r.subject is None or 0 <= r.subject < len(citations))
            assert text[r.span.start:r.span.end] == r.quote and r.quote


def test_purpose_paragraph_states_what_the_document_implements() -> None:
    text = ("KẾ HOẠCH\nPhát triển khoa học và công nghệ\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n"
            "- Tổ chức triển khai nhiệm vụ của Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh.\n\n"
            "2. Yêu cầu\n\n- Thực hiện Kế hoạch số 12/KH-UBND.\n")
    assert rel_view(text, "phu-yen") == {("implements", "DOC", "209/KH-UBND"), ("cites", "DOC", "12/KH-UBND")}


def test_title_programme_without_issuing_decision_is_a_titled_citation() -> None:
    text = ("KẾ HOẠCH\nTriển khai “Chương trình phát triển tài sản trí tuệ tỉnh Phú Yên đến năm 2030”\n\n"
            "I. MỤC ĐÍCH\n")
    citations, _ = find_citations(text, CONTEXT["phu-yen"])
    (c,) = citations
    assert (c.ref.doc_type, c.ref.symbol, c.ref.province) == ("CTr", None, "Phú Yên")
    assert c.ref.title == "Chương trình phát triển tài sản trí tuệ tỉnh Phú Yên đến năm 2030"
    assert rel_view(text, "phu-yen") == {("implements", "DOC", c.ref.title)}


@pytest.mark.parametrize("title", ["Thực hiện Nghị quyết của HĐND tỉnh", "Triển khai Quyết định của UBND"])
def test_title_naming_no_document_makes_nothing(title: str) -> None:
    assert find_citations(f"KẾ HOẠCH\n{title}\n\nI. MỤC ĐÍCH\n", CONTEXT["phu-yen"]) == ([], [])


def test_report_title_reviews_rather_than_implements() -> None:
    text = "BÁO CÁO\nSơ kết 5 năm thực hiện Nghị quyết số 11-NQ/TU ngày 18/8/2021\n\nI. KẾT QUẢ\n"
    assert rel_view(text, "phu-yen") == {("cites", "DOC", "11-NQ/TU")}


def test_decision_preamble() -> None:
    text = ("QUYẾT ĐỊNH\nBan hành Kế hoạch thực hiện Nghị quyết số 05-NQ/TU ngày 12/3/2022 của Ban Chấp hành Đảng bộ "
            "tỉnh\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\n"
            "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa "
            "phương ngày 22 tháng 11 năm 2019;\n\n"
            "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 45/TTr-SKHCN ngày 20/5/2023.\n\n"
            "QUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Nghị quyết số 05-NQ/TU.\n")
    assert rel_view(text, "phu-yen") == {
        ("implements", "DOC", "05-NQ/TU"),
        ("based_on", "DOC", "Luật Tổ chức chính quyền địa phương"),
        ("based_on", "DOC", "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính "
                            "quyền địa phương"),
        ("cites", "DOC", "45/TTr-SKHCN"),
    }


def test_no_chain_through_about() -> None:
    """"1392 … về việc xây dựng thực hiện 59": the letter asks for a plan, it does not implement 59."""
    text = ("Văn bản số 1392/UBND-KT ngày 03/4/2023 của UBND tỉnh về việc xây dựng thực hiện Chương trình hành động "
            "số 59-CTr/TU của BCH Đảng bộ khóa XVII")
    assert not any(r[0] == "implements" and r[1] != "DOC" for r in rel_view("I. NỘI DUNG\n" + text, "quang-tri"))


# --------------------------------------------------------------------------------------------------
# Patterns: every one matches its example.

@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_matches_its_example(name: str) -> None:
    pattern = PATTERNS[name]
    assert pattern.finds(pattern.example), f"{name} does not match {pattern.example!r}"


# --------------------------------------------------------------------------------------------------
# Properties: never raise, spans are faithful, stays linear.

FRAGMENTS = [
    "Kế hoạch", "Quyết định", "Nghị quyết", "Văn bản", "Kết luận", "Chương trình hành động", "Luật ", " số ", "số",
    "/", "-", " -", "KH", "QĐ", "QD", "NQ", "KI", "CTr", "UBND", "HĐND", "TU", "TW", "TTg", "KT", "12", "209", "2021",
    "/2020/", "ngày ", "tháng ", "năm ", "...", "…", " của ", "do ", "UBND tỉnh", "BCH TW Đảng", "Ban Bí thư",
    "Tỉnh uỷ", "khóa XIII", "thực hiện ", "triển khai ", "về việc ", "Căn cứ ", "ban hành ", "\n", "\n\n",
    "KẾ HOẠCH\n", "1. Mục đích\n", "I. ", "“", "”", "\"", "Đại hội đại biểu Đảng bộ tỉnh lần thứ XI", "Trung ương 7 ",
    "kèm theo ", "Số: ", "tỉnh ", "huyện A", "(", ")", ".", ";", ",", " ", "Phú Yên", "hoá", "\u0301", "Ð",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=60).map("".join)
contexts = st.builds(
    CitationContext,
    province=st.sampled_from([None, "Phú Yên", "Hà Nội", "Thành phố Hồ Chí Minh"]),
    year=st.sampled_from([None, 2022]),
    own_symbol=st.sampled_from([None, "/KH-SKHCN", "43/KH-SKHCN", "11 -NQ/TU", "", "abc"]),
    own_doc_type=st.sampled_from([None, "KH", "QĐ"]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, contexts)
def test_never_raises_and_spans_are_faithful(text: str, context: CitationContext) -> None:
    citations, problems = find_citations(text, context)
    for c in citations:
        assert text[c.span.start:c.span.end] == c.text
        assert c.ref.symbol or c.ref.title
    for p in problems:
        assert p.span is None or 0 <= p.span.start <= p.span.end <= len(text)
    for r in find_relations(text, citations):
        assert 0 <= r.object < len(citations)
        assert r.subject is None or (0 <= r.subject < len(citations) and r.subject != r.object)
        assert text[r.span.start:r.span.end] == r.quote


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text(text: str) -> None:
    parse_symbol(text)
    resolve_issuer(text, CitationContext("Phú Yên"))
    citations, _ = find_citations(text, CitationContext(None))
    find_relations(text, citations)


def _time(text: str) -> float:
    start = time.perf_counter()
    citations, _ = find_citations(text, CONTEXT["phu-yen"])
    find_relations(text, citations)
    return time.perf_counter() - start


@pytest.mark.parametrize("unit", [
    "11 -NQ/TU ", "12/KH-UBND ", "-A/B ", "số ", "Luật Abc ", "Luật A, ", "ngày .../", "1. Mục đích\n",
    "Kế hoạch số 1/KH-UBND ngày 1/1/2020 của UBND tỉnh thực hiện ", "Quyết định số 1/QĐ-UBND ban hành Chương trình a ",
    "Nghị quyết Đại hội ", "Nghị quyết số 29-NQ/TU ngày 17/11/2022 của BCH TW Đảng ", "thực hiện “", "\n",
])
def test_linear_on_repetitive_text(unit: str) -> None:
    """A guard against catastrophic backtracking (a denial of service), not a speed measurement:
    one pattern repeated over 200 000 characters takes about a second; quadratic matching would take
    minutes. Throughput is measured by bench/parse_throughput.py."""
    text = (unit * (200_000 // len(unit) + 1))[:200_000]
    assert _time(text) < 10.0

