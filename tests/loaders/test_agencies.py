"""Agencies: splitting cells into names, canonical names, keys per province, parents, groups."""

from __future__ import annotations

import pytest

from loaders.agencies import AgencyResolver, expand_abbreviations, is_group, split_mentions, take_agency_list
from loaders.models import Agency

SPLITS = [
    # two agencies run together in one cell (Phú Yên 3.2, Quảng Trị 1)
    ("Trung tâm KH và CN Phòng Thanh tra Hành chính Tổng hợp",
     ["Trung tâm KH và CN", "Phòng Thanh tra Hành chính Tổng hợp"]),
    ("Văn phòng Trung tâm Nghiên cứu, CGCN&ĐMST", ["Văn phòng", "Trung tâm Nghiên cứu, CGCN&ĐMST"]),
    # an agency and a group run together (Phú Yên 3.4)
    ("Phòng Thanh tra – Hành chính tổng hợp các phòng và đơn vị thuộc Sở",
     ["Phòng Thanh tra – Hành chính tổng hợp", "các phòng và đơn vị thuộc Sở"]),
    ("Phòng KH-TC và các phòng thuộc Sở", ["Phòng KH-TC", "các phòng thuộc Sở"]),
    ("Các phòng và đơn vị thuộc Sở phối hợp với các đơn vị của Sở TT và TT",
     ["Các phòng và đơn vị thuộc Sở", "các đơn vị của Sở TT và TT"]),
    ("Phòng QLCN&ĐMST, Phòng QLKH, Phòng QLTD", ["Phòng QLCN&ĐMST", "Phòng QLKH", "Phòng QLTD"]),
    ("Phòng Kế hoạch – Tài chính ;", ["Phòng Kế hoạch – Tài chính"]),
    ("Phòng Thanh tra Hành chính tổng hợp,", ["Phòng Thanh tra Hành chính tổng hợp"]),
    # commas and "và" inside one name do not split it
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("Văn phòng UBND tỉnh", ["Văn phòng UBND tỉnh"]),
    ("Liên hiệp các Hội khoa học kỹ thuật tỉnh", ["Liên hiệp các Hội khoa học kỹ thuật tỉnh"]),
    ("Các Sở, ban, ngành cấp tỉnh, Ủy ban nhân dân các huyện, thành phố, Liên hiệp các Hội khoa học kỹ thuật tỉnh",
     ["Các Sở, ban, ngành cấp tỉnh", "Ủy ban nhân dân các huyện, thành phố",
      "Liên hiệp các Hội khoa học kỹ thuật tỉnh"]),
    # "Sở NN và PTNT, TNMT": the second field is a department too
    ("Sở NN và PTNT, TNMT và các cơ quan khác", ["Sở NN và PTNT", "Sở TNMT", "các cơ quan khác"]),
    ("", []),
]


@pytest.mark.parametrize(("cell", "expected"), SPLITS)
def test_split_mentions(cell, expected):
    assert split_mentions(cell) == expected


@pytest.mark.parametrize(("text", "names", "rest"), [
    ("Sở Kế hoạch và Đầu tư, Cục Thuế tỉnh khuyến khích, hỗ trợ",
     ["Sở Kế hoạch và Đầu tư", "Cục Thuế tỉnh"], " khuyến khích, hỗ trợ"),
    ("Sở Nội vụ, Sở Tài chính, Sở Khoa học và Công nghệ và các Sở, ngành liên quan tham mưu",
     ["Sở Nội vụ", "Sở Tài chính", "Sở Khoa học và Công nghệ", "các Sở, ngành liên quan"], " tham mưu"),
    ("các cơ quan, đơn vị liên quan tổ chức làm việc", ["các cơ quan, đơn vị liên quan"], " tổ chức làm việc"),
    ("Sở Y tế Sở Văn hóa Thể thao và Du lịch và các cơ quan liên quan",
     ["Sở Y tế", "Sở Văn hóa Thể thao và Du lịch", "các cơ quan liên quan"], ""),
    ("Sở Nội vụ đề xuất, tham mưu", ["Sở Nội vụ"], " đề xuất, tham mưu"),
    ("Văn phòng Sở theo dõi, đôn đốc", ["Văn phòng Sở"], " theo dõi, đôn đốc"),
    ("khuyến khích doanh nghiệp", [], "khuyến khích doanh nghiệp"),
])
def test_take_agency_list_stops_at_the_duty(text, names, rest):
    found, end = take_agency_list(text)
    assert found == names
    assert text[end:] == rest


@pytest.mark.parametrize(("name", "expanded"), [
    ("Phòng QLCN&ĐMST", "Phòng Quản lý Công nghệ và Đổi mới sáng tạo"),
    ("Chi cục TCĐLCL", "Chi cục Tiêu chuẩn Đo lường Chất lượng"),
    ("Phòng KH-TC", "Phòng Kế hoạch - Tài chính"),
    ("Sở NN và PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Trung tâm KH và CN", "Trung tâm Khoa học và Công nghệ"),
    ("Phòng Kế hoạch – Tài chính", "Phòng Kế hoạch - Tài chính"),
])
def test_expand_abbreviations(name, expanded):
    assert expand_abbreviations(name) == expanded


@pytest.mark.parametrize(("mention", "group"), [
    ("Các phòng và đơn vị thuộc Sở", True),
    ("Các Sở, ban, ngành", True),
    ("UBND các huyện, thành phố", True),
    ("Ủy ban nhân dân huyện, thị xã, thành phố", True),
    ("Trưởng các phòng và đơn vị", True),
    ("Liên hiệp các Hội khoa học kỹ thuật tỉnh", False),
    ("Sở Khoa học và Công nghệ", False),
    ("Ủy ban nhân dân tỉnh", False),
])
def test_collective_mentions_are_groups(mention, group):
    assert is_group(mention) is group


def _department_resolver(province: str) -> AgencyResolver:
    resolver = AgencyResolver(province=province)
    resolver.issuer = resolver.resolve(f"Sở Khoa học và Công nghệ tỉnh {province}")
    return resolver


def test_one_department_per_province():
    keys = {_department_resolver(p).issuer.key for p in ("Phú Yên", "Tây Ninh", "Hưng Yên")}
    assert keys == {"phu-yen/so-khoa-hoc-cong-nghe", "tay-ninh/so-khoa-hoc-cong-nghe",
                    "hung-yen/so-khoa-hoc-cong-nghe"}


def test_spellings_of_one_agency_are_one_key():
    resolver = _department_resolver("Phú Yên")
    spellings = ["Phòng Kế hoạch – Tài chính", "Phòng KH-TC", "Phòng Kế hoạch – tài chính;",
                 "Phòng Kế hoạch - Tài chính"]
    assert len({resolver.resolve(s).key for s in spellings}) == 1
    same = ["Sở KH&CN", "Sở Khoa học - Công nghệ", "Sở Khoa học và Công nghệ", "Sở KHCN"]
    assert {resolver.resolve(s).key for s in same} == {"phu-yen/so-khoa-hoc-cong-nghe"}


def test_units_belong_to_their_department():
    resolver = _department_resolver("Quảng Trị")
    for mention in ("Phòng QLKH", "Trung tâm Kỹ thuật TĐC", "Văn phòng", "Chi cục TCĐLCL"):
        agency = resolver.resolve(mention)
        assert agency.parent == "quang-tri/so-khoa-hoc-cong-nghe", mention
        assert agency.province == "Quảng Trị"
    assert resolver.resolve("Văn phòng").name == "Văn phòng Sở"


def test_unit_named_with_its_parent():
    resolver = AgencyResolver(province="Phú Yên")
    agency = resolver.resolve("Trung tâm Khoa học và Công nghệ thuộc Sở Khoa học - Công nghệ")
    assert agency.name == "Trung tâm Khoa học và Công nghệ"
    assert agency.parent == "phu-yen/so-khoa-hoc-cong-nghe"


def test_chi_cuc_tcdlcl_belongs_to_the_department_even_in_a_committee_plan():
    resolver = AgencyResolver(province="Ninh Thuận")
    resolver.issuer = resolver.resolve("Ủy ban nhân dân tỉnh Ninh Thuận")
    assert resolver.resolve("Chi cục TCĐLCL").parent == "ninh-thuan/so-khoa-hoc-cong-nghe"


def test_national_bodies_have_no_province():
    resolver = AgencyResolver(province="Hưng Yên")
    ministry = resolver.resolve("Bộ Khoa học và Công nghệ")
    assert ministry.province is None and ministry.level == "national"
    assert ministry.key == "vn/bo-khoa-hoc-cong-nghe"


def test_committee_spellings_and_province_suffix():
    resolver = AgencyResolver(province="Phú Yên")
    keys = {resolver.resolve(s).key for s in ("UBND tỉnh", "Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Phú Yên")}
    assert keys == {"phu-yen/uy-ban-nhan-dan-tinh"}
    assert resolver.resolve("Báo Ninh Thuận").name == "Báo Ninh Thuận"


def test_groups_are_kept_apart_with_their_own_key():
    resolver = _department_resolver("Phú Yên")
    units = resolver.resolve("Các phòng và đơn vị thuộc Sở")
    assert units.kind == "group"
    assert units.key == resolver.resolve("Trưởng các phòng và đơn vị").key == resolver.resolve("Các phòng và đơn vị").key
    assert units.parent == "phu-yen/so-khoa-hoc-cong-nghe"
    assert resolver.resolve("Các Sở, ban, ngành").kind == "group"


def test_aliases_are_collected():
    resolver = _department_resolver("Quảng Trị")
    resolver.resolve("Phòng QLKH")
    agency = resolver.resolve("Phòng Quản lý Khoa học")
    assert agency.name == "Phòng Quản lý Khoa học"
    assert "Phòng QLKH" in agency.aliases


def test_words_that_are_no_agency_resolve_to_nothing():
    resolver = AgencyResolver(province="Phú Yên")
    assert resolver.resolve("") is None
    assert resolver.resolve("2021-2025") is None
    assert resolver.resolve("Quyết định của UBND tỉnh") is None
    assert isinstance(resolver.resolve("Sở Y tế"), Agency)
