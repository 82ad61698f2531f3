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
    DocType("TTLT", "Thông tư liên tịch", "joint circular"),  # 03/2015/TTLT-BKHCN-BNV
    DocType("QĐi", "Quy định", "regulation"),  # Party regulations: 08-QĐi/TW
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
    IssuerCode("QH", "Quốc hội", "national"),  # also "QH15": the legislature's number follows
    IssuerCode("UBTVQH", "Ủy ban Thường vụ Quốc hội", "national"),
    IssuerCode("VPCP", "Văn phòng Chính phủ", "national"),
    # Ministries (Bộ), as their symbols write them.
    IssuerCode("BKHĐT", "Bộ Kế hoạch và Đầu tư", "national"),
    IssuerCode("BTC", "Bộ Tài chính", "national"),
    IssuerCode("BNV", "Bộ Nội vụ", "national"),
    IssuerCode("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn", "national"),
    IssuerCode("BNNMT", "Bộ Nông nghiệp và Môi trường", "national"),
    IssuerCode("BTTTT", "Bộ Thông tin và Truyền thông", "national"),
    IssuerCode("BGDĐT", "Bộ Giáo dục và Đào tạo", "national"),
    IssuerCode("BCT", "Bộ Công Thương", "national"),
    IssuerCode("BYT", "Bộ Y tế", "national"),
    IssuerCode("BTNMT", "Bộ Tài nguyên và Môi trường", "national"),
    IssuerCode("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", "national"),
    IssuerCode("BXD", "Bộ Xây dựng", "national"),
    IssuerCode("BGTVT", "Bộ Giao thông vận tải", "national"),
    IssuerCode("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội", "national"),
    IssuerCode("BTP", "Bộ Tư pháp", "national"),
    # Provincial departments (Sở) other than science and technology.
    IssuerCode("SKHĐT", "Sở Kế hoạch và Đầu tư tỉnh {province}", "provincial"),
    IssuerCode("STC", "Sở Tài chính tỉnh {province}", "provincial"),
    IssuerCode("SNV", "Sở Nội vụ tỉnh {province}", "provincial"),
    IssuerCode("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn tỉnh {province}", "provincial"),
    IssuerCode("STTTT", "Sở Thông tin và Truyền thông tỉnh {province}", "provincial"),
    IssuerCode("SGDĐT", "Sở Giáo dục và Đào tạo tỉnh {province}", "provincial"),
    IssuerCode("SCT", "Sở Công Thương tỉnh {province}", "provincial"),
    IssuerCode("SYT", "Sở Y tế tỉnh {province}", "provincial"),
    IssuerCode("STNMT", "Sở Tài nguyên và Môi trường tỉnh {province}", "provincial"),
    IssuerCode("VPUBND", "Văn phòng Ủy ban nhân dân tỉnh {province}", "provincial"),
)


@dataclass(frozen=True)
class IssuerAlias:
    phrase: str  # as an issuer is named after "của"/"do": "UBND tỉnh", "BCH TW Đảng"
    code: str  # the issuer code its documents carry: "UBND", "TW"
    name: str | None = None  # canonical name when it is a body of its own ("Bộ Chính trị"), else the code's


# Other names of issuers than the canonical ones above. Several bodies share one code: Bộ Chính trị
# and Ban Bí thư sign "…/TW" like the Central Committee, Ban Thường vụ Tỉnh ủy signs "…/TU".
ISSUER_ALIASES: tuple[IssuerAlias, ...] = (
    IssuerAlias("UBND", "UBND"),
    IssuerAlias("HĐND", "HĐND"),
    IssuerAlias("Ban Thường vụ Tỉnh ủy", "TU", "Ban Thường vụ Tỉnh ủy {province}"),
    IssuerAlias("BTV Tỉnh ủy", "TU", "Ban Thường vụ Tỉnh ủy {province}"),
    IssuerAlias("Thường trực Tỉnh ủy", "TU", "Thường trực Tỉnh ủy {province}"),
    IssuerAlias("Ban Thường vụ Thành ủy", "TU", "Ban Thường vụ Tỉnh ủy {province}"),
    IssuerAlias("Thành ủy", "TU"),
    IssuerAlias("Ban Chấp hành Đảng bộ", "TU"),  # "BCH Đảng bộ (tỉnh) khóa XVII" is the Tỉnh ủy
    IssuerAlias("BCH Đảng bộ", "TU"),
    IssuerAlias("Ban Chấp hành Trung ương", "TW"),
    IssuerAlias("BCH Trung ương Đảng", "TW"),
    IssuerAlias("BCH Trung ương", "TW"),
    IssuerAlias("BCH TW Đảng", "TW"),
    IssuerAlias("BCH TW", "TW"),
    IssuerAlias("BCHTW", "TW"),
    IssuerAlias("Trung ương Đảng", "TW"),
    IssuerAlias("Bộ Chính trị", "TW", "Bộ Chính trị"),
    IssuerAlias("Ban Bí thư", "TW", "Ban Bí thư"),
    IssuerAlias("Thủ tướng", "TTg"),
    IssuerAlias("Sở KH&CN", "SKHCN"),
    IssuerAlias("Sở KHCN", "SKHCN"),
    IssuerAlias("Sở KH-CN", "SKHCN"),
    IssuerAlias("Sở Khoa học - Công nghệ", "SKHCN"),
    IssuerAlias("Bộ KH&CN", "BKHCN"),
    IssuerAlias("Bộ KHCN", "BKHCN"),
    IssuerAlias("Sở KH&ĐT", "SKHĐT"),
    IssuerAlias("Bộ KH&ĐT", "BKHĐT"),
    IssuerAlias("Sở NN&PTNT", "SNNPTNT"),
    IssuerAlias("Sở NN và PTNT", "SNNPTNT"),
    IssuerAlias("Bộ NN&PTNT", "BNNPTNT"),
    IssuerAlias("Sở TT&TT", "STTTT"),
    IssuerAlias("Sở TT và TT", "STTTT"),
    IssuerAlias("Bộ TT&TT", "BTTTT"),
    IssuerAlias("Sở GD&ĐT", "SGDĐT"),
    IssuerAlias("Bộ GD&ĐT", "BGDĐT"),
    IssuerAlias("Sở TN&MT", "STNMT"),
    IssuerAlias("Bộ TN&MT", "BTNMT"),
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

# Centrally-run cities: their bodies are "Ủy ban nhân dân thành phố …", "Thành ủy …", not "tỉnh".
CENTRAL_CITIES: tuple[str, ...] = ("Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Thành phố Hồ Chí Minh", "Huế")

# Other ways documents write a province's name -> the name in PROVINCES.
PROVINCE_ALIASES: dict[str, str] = {
    "TP. Hồ Chí Minh": "Thành phố Hồ Chí Minh",
    "TP Hồ Chí Minh": "Thành phố Hồ Chí Minh",
    "TP.HCM": "Thành phố Hồ Chí Minh",
    "Hồ Chí Minh": "Thành phố Hồ Chí Minh",
    "Thừa Thiên - Huế": "Thừa Thiên Huế",
    "Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu",
}


# Titles of the persons a decision charges with its execution ("Chánh Văn phòng UBND tỉnh, Giám đốc
# các Sở …, Chủ tịch UBND các huyện … chịu trách nhiệm thi hành Quyết định này"): the person stands for
# the body. Title as written -> what stays of it in the body's name ("Chánh Văn phòng UBND tỉnh" is
# the office, "Văn phòng UBND tỉnh"; "Giám đốc Sở Tài chính" the department). Longest first when matched.
PERSON_TITLES: dict[str, str] = {
    "Chánh Văn phòng": "Văn phòng",
    "Chánh Thanh tra": "Thanh tra",
    "Chỉ huy trưởng": "",  # Bộ Chỉ huy Quân sự tỉnh
    "Tổng Giám đốc": "",
    "Giám đốc": "",
    "Thủ trưởng": "",
    "Chủ tịch": "",
    "Trưởng ban": "",
    "Trưởng": "",
    "Cục trưởng": "",
    "Chi cục trưởng": "",
    "Bộ trưởng": "",
    "Viện trưởng": "",
    "Hiệu trưởng": "",
    "Người đứng đầu": "",
    "Lãnh đạo": "",
    "Bí thư": "",
}

# Organs of a People's Council that resolutions charge with supervision: "Thường trực HĐND tỉnh".
COUNCIL_HEADS: tuple[str, ...] = ("Thường trực",)
