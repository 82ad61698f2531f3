"""Vocabulary of Vietnamese administrative documents, as data (Nghị định 30/2020/NĐ-CP; Party rules).

One place for the codes every stage reads: document-type codes and their names, issuer codes of
document symbols, and the provinces. Each entry carries the way it is written, so the patterns
built from it can be tested against examples.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocType:
    code: str  # as in the symbol: "KH", "QĐ", "CTr"
    name: str  # Vietnamese name as it opens a citation: "Kế hoạch"
    english: str
    names: tuple[str, ...] = ()  # other ways of writing the name


# Type codes (DOMAIN.md "Common type codes"); `names` lists longer spellings seen in citations.
DOC_TYPES: tuple[DocType, ...] = (
    DocType("NQ", "Nghị quyết", "resolution"),
    DocType("QĐ", "Quyết định", "decision"),
    DocType("CT", "Chỉ thị", "directive"),
    DocType("KH", "Kế hoạch", "plan"),
    DocType("CTr", "Chương trình", "programme", ("Chương trình hành động",)),
    DocType("ĐA", "Đề án", "scheme"),
    DocType("KL", "Kết luận", "conclusion"),
    DocType("NĐ", "Nghị định", "decree"),
    DocType("TT", "Thông tư", "circular"),
    DocType("TB", "Thông báo", "notice"),
    DocType("HD", "Hướng dẫn", "guidance"),
    DocType("BC", "Báo cáo", "report"),
    DocType("TTr", "Tờ trình", "submission"),
    DocType("L", "Luật", "law"),
    DocType("CV", "Văn bản", "official letter", ("Công văn",)),  # no type part in the symbol
)

DOC_TYPE_BY_CODE = {t.code: t for t in DOC_TYPES}


@dataclass(frozen=True)
class IssuerCode:
    code: str  # as in the symbol: "UBND", "TW"
    name: str  # canonical name; "{province}" is filled with the document's province
    level: str  # "national" or "provincial"


# Issuer codes of symbols (DOMAIN.md "Typical issuer codes").
ISSUER_CODES: tuple[IssuerCode, ...] = (
    IssuerCode("UBND", "Ủy ban nhân dân tỉnh {province}", "provincial"),
    IssuerCode("HĐND", "Hội đồng nhân dân tỉnh {province}", "provincial"),
    IssuerCode("TU", "Tỉnh ủy {province}", "provincial"),
    IssuerCode("SKHCN", "Sở Khoa học và Công nghệ tỉnh {province}", "provincial"),
    IssuerCode("KHCN", "Sở Khoa học và Công nghệ tỉnh {province}", "provincial"),
    IssuerCode("TW", "Ban Chấp hành Trung ương Đảng", "national"),
    IssuerCode("TTg", "Thủ tướng Chính phủ", "national"),
    IssuerCode("CP", "Chính phủ", "national"),
    IssuerCode("BKHCN", "Bộ Khoa học và Công nghệ", "national"),
    IssuerCode("QH", "Quốc hội", "national"),
)

ISSUER_BY_CODE = {i.code: i for i in ISSUER_CODES}

# The 63 provinces and centrally-run cities before the 2025 merger; a document belongs to the one it
# was issued in. Written as in place-and-date lines.
PROVINCES: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế", "Tiền Giang",
    "Thành phố Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
