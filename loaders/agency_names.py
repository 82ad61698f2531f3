"""Agency vocabulary: canonical names, abbreviations, and the words that open an agency's name.

Data only, read by `loaders.agencies`. Abbreviations follow the conventions of provincial
administrations (DOMAIN.md "Tasks and assignments"); each entry is written as it appears in
documents, with the expansion a reader would give.
"""

from __future__ import annotations

# Abbreviations inside agency names -> full words. Longest first when applied; matched as whole
# tokens (case-sensitive: "KH" is an abbreviation, "Kh" is not). Example in the comment.
ABBREVIATIONS: dict[str, str] = {
    "KH&CN": "Khoa học và Công nghệ",  # Sở KH&CN
    "KH và CN": "Khoa học và Công nghệ",  # Trung tâm KH và CN
    "KH-CN": "Khoa học và Công nghệ",
    "KHCN": "Khoa học và Công nghệ",
    "KH&ĐT": "Kế hoạch và Đầu tư",  # Sở KH&ĐT
    "KH và ĐT": "Kế hoạch và Đầu tư",
    "KHĐT": "Kế hoạch và Đầu tư",
    "KH-TC": "Kế hoạch - Tài chính",  # Phòng KH-TC
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "NN và PTNT": "Nông nghiệp và Phát triển nông thôn",  # Sở NN và PTNT
    "NNPTNT": "Nông nghiệp và Phát triển nông thôn",
    "NN-PTNT": "Nông nghiệp và Phát triển nông thôn",
    "TT&TT": "Thông tin và Truyền thông",
    "TT và TT": "Thông tin và Truyền thông",  # Sở TT và TT
    "TTTT": "Thông tin và Truyền thông",
    "TN&MT": "Tài nguyên và Môi trường",
    "TN và MT": "Tài nguyên và Môi trường",
    "TNMT": "Tài nguyên và Môi trường",
    "VH,TT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "VH-TT-DL": "Văn hóa, Thể thao và Du lịch",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "GTVT": "Giao thông vận tải",
    "QLCN&ĐMST": "Quản lý Công nghệ và Đổi mới sáng tạo",  # Phòng QLCN&ĐMST
    "CGCN&ĐMST": "Chuyển giao công nghệ và Đổi mới sáng tạo",  # Trung tâm Nghiên cứu, CGCN&ĐMST
    "QLKH": "Quản lý Khoa học",  # Phòng QLKH
    "QLCN": "Quản lý Công nghệ",
    "CGCN": "Chuyển giao công nghệ",
    "ĐMST": "Đổi mới sáng tạo",
    "TCĐLCL": "Tiêu chuẩn Đo lường Chất lượng",  # Chi cục TCĐLCL
    "TĐC": "Tiêu chuẩn Đo lường Chất lượng",  # Trung tâm Kỹ thuật TĐC
    "HCTH": "Hành chính tổng hợp",  # Phòng Thanh tra HCTH
    "KH&KT": "khoa học và kỹ thuật",  # Liên hiệp các Hội KH&KT tỉnh
    "KHKT": "khoa học kỹ thuật",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "VP": "Văn phòng",
    "P.": "Phòng",  # P. KH-TC
}

# Words that open an agency's name (cơ quan, đơn vị). A new agency starts at one of these when two
# are run together in one table cell ("Trung tâm KH và CN Phòng Thanh tra Hành chính Tổng hợp").
HEAD_WORDS: tuple[str, ...] = (
    "Văn phòng", "Sở", "Phòng", "Trung tâm", "Chi cục", "Cục", "Ban", "Đài", "Báo", "Ủy ban nhân dân",
    "UBND", "Hội đồng nhân dân", "HĐND", "Liên hiệp", "Liên đoàn", "Bộ", "Công an", "Bộ Chỉ huy",
    "Viện", "Trường", "Tỉnh ủy", "Thành ủy", "Tỉnh đoàn", "Đoàn", "Quỹ", "Thanh tra", "Kho bạc", "Ngân hàng",
    "Hội", "Thủ tướng", "Chính phủ", "Mặt trận",
)

# After these words a head word continues the same name instead of starting a new one:
# "Trung tâm … thuộc Sở …", "Văn phòng Sở", "Văn phòng UBND tỉnh", "Giám đốc Sở".
NAME_CONTINUERS: tuple[str, ...] = ("thuộc", "trực thuộc", "của", "Văn phòng", "Giám đốc", "Lãnh đạo")

# Units (Phòng, Chi cục, Trung tâm, Văn phòng, Thanh tra) belong to a Sở.
UNIT_HEADS: tuple[str, ...] = ("Phòng", "Chi cục", "Trung tâm", "Văn phòng", "Thanh tra")

# Plural nouns that make "các X" a collective group, never one agency
# ("Các phòng và đơn vị thuộc Sở", "Các Sở, ban, ngành", "UBND các huyện, thành phố").
GROUP_NOUNS: tuple[str, ...] = (
    "phòng", "đơn vị", "sở", "ban", "ngành", "cơ quan", "huyện", "tổ chức", "địa phương", "hội",
    "trường", "viện", "bộ", "doanh nghiệp", "thành viên", "xã", "thị xã", "thành phố",
)

# Canonical names of provincial departments (Sở) by their field, as the field is written after
# "Sở" in full or abbreviated; folded (no diacritics, lowercase, no "và"/punctuation) for matching.
DEPARTMENTS: tuple[str, ...] = (
    "Sở Khoa học và Công nghệ",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Thông tin và Truyền thông",
    "Sở Tài nguyên và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Tư pháp",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Ngoại vụ",
    "Sở Du lịch",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học, Công nghệ và Đổi mới sáng tạo",
)

# Units whose parent is fixed by law whatever document names them (Chi cục TCĐLCL belongs to the
# Sở Khoa học và Công nghệ in every province). Folded-name prefix -> parent department.
UNIT_PARENTS: dict[str, str] = {
    "chi cuc tieu chuan do luong chat luong": "Sở Khoa học và Công nghệ",
    "trung tam ky thuat tieu chuan do luong chat luong": "Sở Khoa học và Công nghệ",
}

# Bodies above the province: never given a province.
NATIONAL_BODIES: tuple[str, ...] = (
    "Bộ", "Thủ tướng", "Chính phủ", "Quốc hội", "Ban Chấp hành Trung ương", "Bộ Chính trị",
    "Ban Bí thư",
)

# Names that stand for the province's own bodies when written with "tỉnh" ("Cục Thuế tỉnh").
PROVINCIAL_SUFFIX = "tỉnh"

# Bodies whose names hold lowercase words a name-shape rule would cut short; matched whole in prose
# ("phối hợp với Sở Kế hoạch và Đầu tư, Cục Thuế tỉnh khuyến khích …").
KNOWN_BODIES: tuple[str, ...] = (
    "Ủy ban nhân dân tỉnh", "UBND tỉnh", "Văn phòng Sở", "Hội đồng nhân dân tỉnh", "HĐND tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh", "Ban Thường vụ Tỉnh ủy",
    "Cục Thuế tỉnh", "Cục Thống kê tỉnh", "Đài Phát thanh và Truyền hình tỉnh", "Công an tỉnh",
    "Liên hiệp các Hội khoa học và kỹ thuật tỉnh", "Liên hiệp các Hội khoa học kỹ thuật tỉnh",
    "Liên hiệp các Hội KH&KT tỉnh", "Liên hiệp các Hội KHKT tỉnh", "Liên đoàn Lao động tỉnh",
    "Ban Tuyên giáo Tỉnh ủy", "Tỉnh đoàn", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Bộ Khoa học và Công nghệ", "Bộ Nội vụ", "Bộ Tài chính", "Bộ Kế hoạch và Đầu tư",
    "Thủ tướng Chính phủ", "Chính phủ",
)
