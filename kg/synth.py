"""A synthetic corpus in the documents' own text format, with the facts a reader must find in it.

`generate(docs, seed)` yields `SynthDocument`s (a file name, its text, and `DocumentFacts`: what the
loaders must read from it); `write_corpus(out, docs, seed)` streams them to `out/documents/<province>/`
and the facts to `out/expected.json`, and returns a `CorpusSummary`. The same seed gives the same
bytes; memory stays bounded by one family of documents and a few small pools, whatever `docs` is.

What the corpus holds, following the national conventions (DOMAIN.md), never one file:

- **Families** of documents that implement one another up to a resolution: a Party resolution of the
  Central Committee or the Politburo (a fixed pool of real national documents), a provincial Party
  resolution or action programme (`11-NQ/TU`, `59-CTr/TU`), a People's Council resolution
  (`45/NQ-HĐND`, `295/2020/NQ-HĐND`), a People's Committee decision that issues a programme
  (`1956/QĐ-UBND … ban hành Chương trình …`), the committee's plan (`209/KH-UBND`) and the plans of
  its departments (`/KH-SKHCN`, `12/KH-STC`). Each plan says what it implements in its title, its
  opening ("Thực hiện …", "Căn cứ …", "… xây dựng Kế hoạch thực hiện …") and its Mục đích, often in
  one breath ("Kế hoạch số 209 … thực hiện Nghị quyết số 11 …"), sometimes through an official letter
  (`Văn bản số 1392/UBND-KT … về việc xây dựng kế hoạch thực hiện …`) or a quoted programme
  (`Triển khai “Chương trình …”`).
- **Citations** in every spelling the loaders read: `11-NQ/TU` and `11 -NQ/TU`, `05` and `5`,
  `ngày 18/8/2021`, `ngày 06/12/2021`, `ngày 18 tháng 8 năm 2021`, a stray "tỉnh"
  (`209/KH-UBND tỉnh ngày …`), issuers written in full or short (`UBND tỉnh`, `Ủy ban nhân dân tỉnh
  Phú Yên`, `BTV Tỉnh ủy`, `BCH TW Đảng khóa XIII`, `Bộ trưởng Bộ Khoa học và Công nghệ`), repeats
  without date or issuer, dated laws by name, congress resolutions, blank numbers in drafts.
- **Tasks** in appendix tables (four header layouts, heading rows, Roman-numbered groups, unnumbered
  rows under merged cells, bullet sub-rows, two agencies run together in one cell) with the artefacts
  of PDF extraction (page breaks that repeat the header, rows cut by a page break whose text, product
  or co-ordinator cell goes on after it, text of a heading in the number column), and in prose duty
  lists ("a) Sở Tài chính: …", "Sở Nội vụ chủ trì, phối hợp với …", "Giao …; phối hợp …", a heading
  agency with bullet duties, collective groups). Deadlines in every form of DOMAIN.md.
- **Agencies** across the 34 provinces (as written in `loaders.vocab.PROVINCES`), with a skewed load:
  in each province a few departments lead most tasks (weights 1/rank^1.15, the ranking drawn per
  province), and a department's own plan gives most of its tasks to a few of its units.
- **Text** as extracted: Markdown residue, the old tone placement ("hoá"), NFD, lines broken by PDF
  extraction, drafts with blank numbers and dates, copies without a header.

The facts are what the conventions say the text means: a citation's issuer is the body its issuer
phrase names (else the one its symbol's code names, in the document's province), "UBND tỉnh" is the
committee of the document's own province, a row's blank cells under merged cells carry the row above,
"trước ngày 30/10/2023" ends on the 29th, and so on. `read_back(record)` puts what the loaders read
in the same shape, so a test can compare the two.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import random
import re
import time
import unicodedata
import zlib
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from loaders.agencies import fullness
from loaders.agency_names import HEAD_WORDS, KNOWN_BODIES
from loaders.textutil import UPPER, fold, slug
from loaders.vocab import CENTRAL_CITIES, PROVINCES

__all__ = [
    "PROVINCES_34",
    "AgencyFact",
    "CorpusSummary",
    "DeadlineFact",
    "DocFact",
    "DocumentFacts",
    "RelationFact",
    "SynthDocument",
    "TaskFact",
    "compare",
    "doc_key",
    "generate",
    "read_back",
    "write_corpus",
]

FORMAT_VERSION = 1

# The 34 provinces and centrally-run cities after the 2025 merger, spelled as in loaders.vocab.
PROVINCES_34: tuple[str, ...] = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh",
    "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa",
    "Lâm Đồng", "Đắk Lắk", "Thành phố Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long",
    "Đồng Tháp", "Cà Mau", "An Giang",
)
assert len(PROVINCES_34) == 34 and set(PROVINCES_34) <= set(PROVINCES)


# ==================================================================================================
# The facts: what a reader must find in each document (the shape of loaders/models.py).

class Fact(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocFact(Fact):
    """A document as one mention (or its own header) identifies it."""

    doc_type: str | None = None
    number: str | None = None  # normalised: "05", "209"; None when blank
    symbol: str | None = None  # normalised: "11-NQ/TU", "295/2020/NQ-HĐND", "/KH-SKHCN" for a draft
    title: str | None = None  # the document's own title; for a cited document only when it has no number
    date: dt.date | None = None
    year: int | None = None
    province: str | None = None  # None for national bodies
    issuer: str | None = None  # "Ủy ban nhân dân tỉnh Phú Yên", "Bộ Chính trị"


class RelationFact(Fact):
    """`subject` (None: the document itself; else a `doc_key`) relates to `object` (a `doc_key`)."""

    type: Literal["implements", "based_on", "cites"]
    subject: str | None
    object: str


class AgencyFact(Fact):
    name: str  # canonical: abbreviations expanded, no province ("Sở Khoa học và Công nghệ")
    province: str | None
    parent: str | None = None  # name of the Sở a unit belongs to
    group: bool = False  # a collective mention ("Các sở, ban, ngành liên quan")


class DeadlineFact(Fact):
    start: dt.date | None = None
    end: dt.date | None = None
    recurrence: str | None = None
    anchor: str | None = None
    relative: bool = False


class TaskFact(Fact):
    label: str
    origin: Literal["table", "prose", "list"]
    text: str
    product: str | None = None
    leads: list[AgencyFact] = Field(default_factory=list)
    coordinators: list[AgencyFact] = Field(default_factory=list)
    deadline: DeadlineFact | None = None


class DocumentFacts(Fact):
    """Everything a reader must find in one generated file."""

    file: str  # path relative to the corpus folder
    document: DocFact
    citations: list[DocFact] = Field(default_factory=list)  # one per distinct document, first mention first
    relations: list[RelationFact] = Field(default_factory=list)
    tasks: list[TaskFact] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)  # codes of the loaders' problems, sorted
    chain: list[str] = Field(default_factory=list)  # doc_keys this document implements, up to the top


class SynthDocument(NamedTuple):
    """One generated file: `path, text, facts = doc`."""

    path: str  # relative to the corpus folder: "documents/phu-yen/phu-yen_2021_209-kh-ubnd_000012.txt"
    text: str
    facts: DocumentFacts


class CorpusSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    out: str
    seed: int
    documents: int
    bytes: int
    tasks: int
    citations: int
    relations: dict[str, int]
    by_type: dict[str, int]
    provinces: int
    expected: str
    seconds: float
    format: str = "txt"


def doc_key(fact: DocFact) -> str:
    """One key per document: symbol (or title when it has none), province, year."""
    return f"{fact.symbol or fact.title}|{fact.province or ''}|{fact.year or ''}"


# ==================================================================================================
# Vocabulary.

@dataclass(frozen=True)
class _Unit:
    name: str  # canonical
    spellings: tuple[str, ...]  # as written
    prose_ok: bool = True  # False: never in prose (a name no reader can delimit there)


@dataclass(frozen=True)
class _Dept:
    name: str
    code: str | None  # issuer code of its documents' symbols; None: it issues none in this corpus
    spellings: tuple[str, ...]
    units: tuple[_Unit, ...] = ()


def _units(*items: tuple) -> tuple[_Unit, ...]:
    return tuple(_Unit(i[0], i[1], i[2] if len(i) > 2 else True) for i in items)


_OFFICE = ("Văn phòng Sở", ("Văn phòng Sở",))
_INSPECTION = ("Thanh tra Sở", ("Thanh tra Sở",), False)

DEPARTMENTS: tuple[_Dept, ...] = (
    _Dept("Sở Khoa học và Công nghệ", "SKHCN", ("Sở Khoa học và Công nghệ", "Sở KH&CN", "Sở KHCN"), _units(
        _OFFICE, _INSPECTION,
        ("Phòng Kế hoạch - Tài chính", ("Phòng Kế hoạch - Tài chính", "Phòng KH-TC", "Phòng Kế hoạch – Tài chính")),
        ("Phòng Quản lý Khoa học", ("Phòng Quản lý Khoa học", "Phòng QLKH")),
        ("Phòng Quản lý Công nghệ và Đổi mới sáng tạo", ("Phòng QLCN&ĐMST", "Phòng Quản lý Công nghệ và Đổi mới sáng tạo")),
        ("Chi cục Tiêu chuẩn Đo lường Chất lượng", ("Chi cục TCĐLCL", "Chi cục Tiêu chuẩn Đo lường Chất lượng")),
        ("Trung tâm Khoa học và Công nghệ", ("Trung tâm KH&CN", "Trung tâm KH và CN", "Trung tâm Khoa học và Công nghệ")),
    )),
    _Dept("Sở Kế hoạch và Đầu tư", "SKHĐT", ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"), _units(
        _OFFICE, _INSPECTION, ("Phòng Đăng ký kinh doanh", ("Phòng Đăng ký kinh doanh",)),
        ("Phòng Kinh tế ngành", ("Phòng Kinh tế ngành",)), ("Phòng Tổng hợp", ("Phòng Tổng hợp",)),
        ("Phòng Kinh tế đối ngoại", ("Phòng Kinh tế đối ngoại",)),
    )),
    _Dept("Sở Tài chính", "STC", ("Sở Tài chính",), _units(
        _OFFICE, _INSPECTION, ("Phòng Quản lý ngân sách", ("Phòng Quản lý ngân sách",)),
        ("Phòng Tài chính hành chính sự nghiệp", ("Phòng Tài chính hành chính sự nghiệp",)),
        ("Phòng Tài chính đầu tư", ("Phòng Tài chính đầu tư",)),
        ("Phòng Quản lý giá và công sản", ("Phòng Quản lý giá và công sản",)),
    )),
    _Dept("Sở Nội vụ", "SNV", ("Sở Nội vụ",), _units(
        _OFFICE, _INSPECTION, ("Phòng Cải cách hành chính", ("Phòng Cải cách hành chính",)),
        ("Phòng Xây dựng chính quyền và công tác thanh niên", ("Phòng Xây dựng chính quyền và công tác thanh niên",)),
        ("Chi cục Văn thư - Lưu trữ", ("Chi cục Văn thư - Lưu trữ", "Chi cục Văn thư – Lưu trữ")),
        ("Phòng Tổ chức biên chế", ("Phòng Tổ chức biên chế",)),
    )),
    _Dept("Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT",
          ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", "Sở NN và PTNT"), _units(
        _OFFICE, _INSPECTION, ("Phòng Kế hoạch - Tài chính", ("Phòng Kế hoạch - Tài chính", "Phòng KH-TC")),
        ("Chi cục Trồng trọt và Bảo vệ thực vật", ("Chi cục Trồng trọt và Bảo vệ thực vật",)),
        ("Chi cục Chăn nuôi và Thú y", ("Chi cục Chăn nuôi và Thú y",)),
        ("Chi cục Phát triển nông thôn", ("Chi cục Phát triển nông thôn",)),
        ("Trung tâm Khuyến nông", ("Trung tâm Khuyến nông",)),
    )),
    _Dept("Sở Thông tin và Truyền thông", "STTTT", ("Sở Thông tin và Truyền thông", "Sở TT&TT", "Sở TT và TT"), _units(
        _OFFICE, _INSPECTION, ("Phòng Công nghệ thông tin", ("Phòng Công nghệ thông tin",)),
        ("Phòng Thông tin - Báo chí - Xuất bản", ("Phòng Thông tin - Báo chí - Xuất bản",)),
        ("Trung tâm Công nghệ thông tin và Truyền thông", ("Trung tâm Công nghệ thông tin và Truyền thông",)),
    )),
    _Dept("Sở Tài nguyên và Môi trường", "STNMT", ("Sở Tài nguyên và Môi trường", "Sở TN&MT"), _units(
        _OFFICE, _INSPECTION, ("Phòng Quản lý đất đai", ("Phòng Quản lý đất đai",)),
        ("Chi cục Bảo vệ môi trường", ("Chi cục Bảo vệ môi trường",)),
        ("Phòng Tài nguyên nước", ("Phòng Tài nguyên nước",)),
    )),
    _Dept("Sở Giáo dục và Đào tạo", "SGDĐT", ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT"), _units(
        _OFFICE, _INSPECTION, ("Phòng Giáo dục Trung học", ("Phòng Giáo dục Trung học",)),
        ("Phòng Giáo dục Mầm non", ("Phòng Giáo dục Mầm non",)),
        ("Phòng Giáo dục Tiểu học", ("Phòng Giáo dục Tiểu học",)),
    )),
    _Dept("Sở Y tế", "SYT", ("Sở Y tế",), _units(
        _OFFICE, _INSPECTION, ("Phòng Nghiệp vụ Y", ("Phòng Nghiệp vụ Y",)),
        ("Phòng Nghiệp vụ Dược", ("Phòng Nghiệp vụ Dược",)),
        ("Phòng Kế hoạch - Tài chính", ("Phòng Kế hoạch - Tài chính", "Phòng KH-TC")),
    )),
    _Dept("Sở Công Thương", "SCT", ("Sở Công Thương",), _units(
        _OFFICE, _INSPECTION, ("Phòng Quản lý Công nghiệp", ("Phòng Quản lý Công nghiệp",)),
        ("Phòng Quản lý Thương mại", ("Phòng Quản lý Thương mại",)),
        ("Trung tâm Khuyến công và Xúc tiến thương mại", ("Trung tâm Khuyến công và Xúc tiến thương mại",)),
    )),
    _Dept("Sở Văn hóa, Thể thao và Du lịch", None, ("Sở Văn hóa, Thể thao và Du lịch",)),
    _Dept("Sở Xây dựng", None, ("Sở Xây dựng",)),
    _Dept("Sở Giao thông vận tải", None, ("Sở Giao thông vận tải", "Sở GTVT")),
    _Dept("Sở Tư pháp", None, ("Sở Tư pháp",)),
    _Dept("Sở Lao động - Thương binh và Xã hội", None, ("Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH")),
)
_ISSUING_DEPTS = tuple(d for d in DEPARTMENTS if d.code)
# Names the loaders split in two wherever they are written: a head word ("Báo") inside the name.
_MISREAD_EVERYWHERE = frozenset({"Phòng Thông tin - Báo chí - Xuất bản"})
_DEPT_NAMES = tuple(d.name for d in DEPARTMENTS)
_HEADS = sorted(HEAD_WORDS, key=len, reverse=True)

# Other provincial bodies: canonical name (no "tỉnh"), spellings. "{party}" is Tỉnh ủy or Thành ủy.
_BODIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Cục Thuế", ("Cục Thuế tỉnh",)),
    ("Cục Thống kê", ("Cục Thống kê tỉnh",)),
    ("Đài Phát thanh và Truyền hình", ("Đài Phát thanh và Truyền hình tỉnh",)),
    ("Liên hiệp các Hội khoa học và kỹ thuật", ("Liên hiệp các Hội khoa học và kỹ thuật tỉnh", "Liên hiệp các Hội KH&KT tỉnh")),
    ("Liên đoàn Lao động", ("Liên đoàn Lao động tỉnh",)),
    ("Ban Tuyên giáo {party}", ("Ban Tuyên giáo {party}",)),
    ("Tỉnh đoàn", ("Tỉnh đoàn",)),
    ("Văn phòng Ủy ban nhân dân tỉnh", ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh")),
)
# Collective mentions: as written -> never one agency.
_GROUPS_PROVINCE = (
    "các sở, ban, ngành liên quan", "các cơ quan, đơn vị liên quan", "UBND các huyện, thị xã, thành phố",
    "các sở, ngành liên quan", "các địa phương",
)
_GROUPS_UNITS = ("các phòng và đơn vị thuộc Sở", "các phòng và đơn vị", "các phòng, đơn vị thuộc Sở")

_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
             "Dương", "Lý", "Đào", "Đinh", "Lâm", "Mai", "Trương", "Hà", "Tạ", "Cao")
_MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Quang", "Thanh", "Xuân", "Đình", "Công", "Thành", "Anh",
           "Hồng", "Kim", "Tuấn", "Duy", "Trọng", "Bá", "Tự")
_GIVEN = ("Hùng", "Dũng", "Hoàng", "Lan", "Hương", "Tuấn", "Nam", "Phong", "Sơn", "Hải", "Long", "Bình", "Trung",
          "Hòa", "Thắng", "Khoa", "Vinh", "Hiếu", "Thảo", "Huyền", "Quân", "Cường", "Tâm", "Việt", "Tùng")

# Fields a plan is about: (heading of the whole field, words after "phát triển", short topic).
_FIELDS: tuple[tuple[str, str], ...] = (
    ("khoa học, công nghệ và đổi mới sáng tạo", "phát triển khoa học, công nghệ và đổi mới sáng tạo"),
    ("chuyển đổi số", "đẩy mạnh chuyển đổi số, phát triển chính quyền số, kinh tế số và xã hội số"),
    ("hệ sinh thái khởi nghiệp đổi mới sáng tạo", "hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo"),
    ("tài sản trí tuệ", "phát triển tài sản trí tuệ"),
    ("nông nghiệp công nghệ cao", "phát triển nông nghiệp ứng dụng công nghệ cao"),
    ("du lịch", "phát triển du lịch trở thành ngành kinh tế mũi nhọn"),
    ("nguồn nhân lực chất lượng cao", "phát triển nguồn nhân lực chất lượng cao"),
    ("công nghiệp hóa, hiện đại hóa", "đẩy mạnh công nghiệp hóa, hiện đại hóa"),
    ("năng suất và chất lượng sản phẩm, hàng hóa", "nâng cao năng suất và chất lượng sản phẩm, hàng hóa"),
    ("truy xuất nguồn gốc", "triển khai, áp dụng và quản lý hệ thống truy xuất nguồn gốc"),
    ("bảo vệ môi trường", "bảo vệ môi trường và ứng phó với biến đổi khí hậu"),
    ("chăm sóc sức khỏe nhân dân", "bảo vệ, chăm sóc và nâng cao sức khỏe nhân dân"),
    ("cải cách hành chính", "đẩy mạnh cải cách hành chính, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh"),
    ("kinh tế tập thể", "đổi mới, phát triển và nâng cao hiệu quả kinh tế tập thể"),
    ("đội ngũ trí thức", "xây dựng và phát huy vai trò của đội ngũ trí thức"),
)

# Duties: verb phrases and objects, combined; no digits, no time words, no agency names, no colons.
_VERBS = (
    "Đẩy mạnh", "Tăng cường", "Tiếp tục", "Tập trung", "Nghiên cứu, đề xuất", "Rà soát, hoàn thiện",
    "Xây dựng và tổ chức", "Hướng dẫn, hỗ trợ", "Nâng cao hiệu quả", "Khuyến khích, hỗ trợ", "Tham mưu",
    "Đổi mới", "Phát huy", "Củng cố, kiện toàn", "Thúc đẩy", "Đa dạng hóa", "Lồng ghép", "Ưu tiên bố trí",
    "Nghiên cứu, ứng dụng", "Kiểm tra, giám sát", "Tuyên truyền, phổ biến", "Huy động", "Cụ thể hóa",
)
# Verbs after which the loaders know a subject has ended ("Giao Sở Tài chính bố trí …"); after "Giao X"
# any other verb ("Giao Sở Tài chính đẩy mạnh …") is read into the name unless `misreads=True` shows it.
_SUBJECT_VERBS = (
    "Tham mưu", "Tiếp tục", "Nghiên cứu, đề xuất", "Rà soát, hoàn thiện", "Xây dựng và tổ chức", "Hướng dẫn, hỗ trợ",
    "Chủ động", "Theo dõi, đôn đốc", "Triển khai", "Tổ chức", "Bố trí",
)
_OBJECTS = (
    "công tác tuyên truyền, nâng cao nhận thức về vai trò của {f}",
    "cơ chế, chính sách hỗ trợ doanh nghiệp đổi mới công nghệ",
    "hoạt động nghiên cứu, ứng dụng và chuyển giao tiến bộ kỹ thuật vào sản xuất",
    "các chương trình, đề tài, dự án về {f}",
    "liên kết giữa nhà nước, nhà khoa học, doanh nghiệp và nhà nông",
    "hạ tầng thông tin và cơ sở dữ liệu chuyên ngành",
    "nguồn lực xã hội đầu tư cho {f}",
    "hợp tác với các viện nghiên cứu, trường đại học trong và ngoài nước",
    "năng lực quản lý nhà nước về {f}",
    "các mô hình điểm, điển hình tiên tiến về {f}",
    "việc đăng ký bảo hộ quyền sở hữu trí tuệ cho sản phẩm chủ lực của địa phương",
    "hệ thống quản lý chất lượng tiên tiến trong cơ quan, doanh nghiệp",
    "các giải pháp cải thiện chỉ số đổi mới sáng tạo cấp địa phương",
    "sàn giao dịch công nghệ và kết nối cung - cầu công nghệ",
    "đội ngũ cán bộ làm công tác quản lý {f}",
    "thủ tục hành chính theo hướng công khai, minh bạch, đơn giản",
    "cơ sở vật chất, trang thiết bị phục vụ nghiên cứu và thử nghiệm",
    "hoạt động thông tin, thống kê về {f}",
    "việc thương mại hóa các kết quả nghiên cứu có sử dụng ngân sách nhà nước",
    "phong trào thi đua lao động sáng tạo, sáng kiến cải tiến kỹ thuật",
)
_PURPOSES = (
    "nhằm nâng cao năng suất, chất lượng và sức cạnh tranh của sản phẩm, hàng hóa",
    "góp phần phát triển kinh tế - xã hội của địa phương",
    "phục vụ thiết thực yêu cầu phát triển của ngành và địa phương",
    "bảo đảm đúng quy định, thiết thực và hiệu quả",
    "tạo động lực cho tăng trưởng nhanh và bền vững",
    "đáp ứng yêu cầu đổi mới và hội nhập quốc tế",
    "phù hợp với điều kiện thực tế của địa phương",
    "tạo chuyển biến rõ nét trong nhận thức và hành động",
)
_PRODUCTS = (
    "Quyết định của UBND tỉnh", "Kế hoạch", "Báo cáo", "Nghị quyết của HĐND tỉnh", "Đề án", "Hệ thống thông tin",
    "Quyết định của Chủ tịch UBND tỉnh", "Chương trình/ Kế hoạch", "Báo cáo đánh giá", "Cơ sở dữ liệu",
    "Mô hình", "Dự án đầu tư", "Hội nghị, hội thảo", "Tài liệu tuyên truyền", "Văn bản hướng dẫn",
)
_GOALS = (
    "Đến năm {y}, có ít nhất {n} doanh nghiệp khoa học và công nghệ được chứng nhận.",
    "Phấn đấu {p}% thủ tục hành chính được cung cấp dịch vụ công trực tuyến toàn trình.",
    "Hỗ trợ {n} dự án khởi nghiệp đổi mới sáng tạo, {n2} doanh nghiệp khởi nghiệp đổi mới sáng tạo.",
    "Tỷ lệ đóng góp của năng suất các nhân tố tổng hợp (TFP) vào tăng trưởng đạt trên {p}%.",
    "Hỗ trợ phát triển tài sản trí tuệ cho ít nhất {n} sản phẩm hàng hóa chủ lực của tỉnh.",
    "Đầu tư cho khoa học và công nghệ đạt {p2}% GRDP vào năm {y}.",
    "Nhân lực nghiên cứu khoa học và phát triển công nghệ đạt {n2} người/một vạn dân.",
    "Trên {p}% nhiệm vụ khoa học và công nghệ được ứng dụng vào thực tiễn sản xuất và đời sống.",
)
_FILLER = (
    "Các nhiệm vụ, giải pháp phải được triển khai đồng bộ, có trọng tâm, trọng điểm, phù hợp với điều kiện "
    "thực tế của địa phương.",
    "Việc triển khai phải gắn với trách nhiệm của người đứng đầu cơ quan, đơn vị, bảo đảm tiến độ và chất "
    "lượng.",
    "Kịp thời phát hiện, nhân rộng các mô hình hay, cách làm hiệu quả; tháo gỡ khó khăn, vướng mắc phát sinh "
    "trong quá trình tổ chức thực hiện.",
    "Tăng cường sự phối hợp giữa các cấp, các ngành trong tổ chức thực hiện các nhiệm vụ được giao.",
    "Huy động sự tham gia của cộng đồng doanh nghiệp, các tổ chức khoa học và công nghệ và người dân.",
    "Quán triệt sâu sắc các quan điểm, mục tiêu, nhiệm vụ và giải pháp đến toàn thể cán bộ, công chức, "
    "viên chức và người lao động.",
    "Bảo đảm sự lãnh đạo, chỉ đạo thống nhất, sát sao của cấp ủy, chính quyền các cấp.",
    "Phát huy vai trò của doanh nghiệp là trung tâm của hệ thống đổi mới sáng tạo.",
)
_TABLE_HEADINGS = (
    "Tuyên truyền, nâng cao nhận thức", "Hoàn thiện cơ chế, chính sách", "Phát triển tiềm lực",
    "Nâng cao năng lực quản lý nhà nước", "Ứng dụng và chuyển giao công nghệ", "Phát triển thị trường",
    "Hợp tác trong nước và quốc tế", "Hỗ trợ doanh nghiệp", "Đào tạo, bồi dưỡng nguồn nhân lực",
    "Kiểm tra, giám sát và đánh giá",
)

# National documents every province cites: (type, number, symbol year, issuer code, date, issuer body,
# phrases naming that body, what it is about). Real documents, as their symbols and dates are known.
_NATIONAL: tuple[tuple, ...] = (
    ("NQ", 29, None, "TW", dt.date(2022, 11, 17), "Ban Chấp hành Trung ương Đảng",
     ("Ban Chấp hành Trung ương Đảng khóa XIII", "BCH TW Đảng khóa XIII", "Ban Chấp hành Trung ương"),
     "về tiếp tục đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước đến năm 2030, tầm nhìn đến năm 2045"),
    ("NQ", 52, None, "TW", dt.date(2019, 9, 27), "Bộ Chính trị", ("Bộ Chính trị",),
     "về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư"),
    ("NQ", 57, None, "TW", dt.date(2024, 12, 22), "Bộ Chính trị", ("Bộ Chính trị",),
     "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"),
    ("NQ", 20, None, "TW", dt.date(2012, 11, 1), "Ban Chấp hành Trung ương Đảng",
     ("Ban Chấp hành Trung ương Đảng khóa XI", "BCH TW Đảng khóa XI"),
     "về phát triển khoa học và công nghệ phục vụ sự nghiệp công nghiệp hóa, hiện đại hóa trong điều kiện "
     "kinh tế thị trường định hướng xã hội chủ nghĩa và hội nhập quốc tế"),
    ("NQ", 36, None, "TW", dt.date(2014, 7, 1), "Bộ Chính trị", ("Bộ Chính trị",),
     "về đẩy mạnh ứng dụng, phát triển công nghệ thông tin đáp ứng yêu cầu phát triển bền vững và hội nhập "
     "quốc tế"),
    ("NQ", 45, None, "TW", dt.date(2023, 11, 24), "Ban Chấp hành Trung ương Đảng",
     ("Ban Chấp hành Trung ương Đảng khóa XIII", "BCH TW Đảng khóa XIII"),
     "về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển đất nước "
     "nhanh và bền vững trong giai đoạn mới"),
    ("KL", 52, None, "TW", dt.date(2019, 5, 30), "Ban Bí thư", ("Ban Bí thư",),
     "về xây dựng đội ngũ trí thức trong thời kỳ đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước"),
    ("QĐ", 569, None, "TTg", dt.date(2022, 5, 11), "Thủ tướng Chính phủ", ("Thủ tướng Chính phủ",),
     "về Chiến lược phát triển khoa học, công nghệ và đổi mới sáng tạo đến năm 2030"),
    ("QĐ", 844, None, "TTg", dt.date(2016, 5, 18), "Thủ tướng Chính phủ", ("Thủ tướng Chính phủ",),
     "về hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo quốc gia đến năm 2025"),
    ("QĐ", 1068, None, "TTg", dt.date(2019, 8, 22), "Thủ tướng Chính phủ", ("Thủ tướng Chính phủ",),
     "về Chiến lược sở hữu trí tuệ đến năm 2030"),
    ("QĐ", 749, None, "TTg", dt.date(2020, 6, 3), "Thủ tướng Chính phủ", ("Thủ tướng Chính phủ",),
     "về chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030"),
    ("QĐ", 100, None, "TTg", dt.date(2019, 1, 19), "Thủ tướng Chính phủ", ("Thủ tướng Chính phủ",),
     "về triển khai, áp dụng và quản lý hệ thống truy xuất nguồn gốc"),
    ("QĐ", 2667, None, "BKHCN", dt.date(2022, 12, 28), "Bộ Khoa học và Công nghệ",
     ("Bộ trưởng Bộ Khoa học và Công nghệ", "Bộ Khoa học và Công nghệ", "Bộ KH&CN"),
     "về phương hướng, mục tiêu, nhiệm vụ khoa học, công nghệ và đổi mới sáng tạo đến năm 2025"),
    ("NĐ", 8, 2014, "CP", dt.date(2014, 1, 27), "Chính phủ", ("Chính phủ",),
     "quy định chi tiết và hướng dẫn thi hành một số điều của Luật Khoa học và Công nghệ"),
    ("NĐ", 70, 2018, "CP", dt.date(2018, 5, 15), "Chính phủ", ("Chính phủ",),
     "quy định việc quản lý, sử dụng tài sản được hình thành thông qua việc triển khai thực hiện nhiệm vụ "
     "khoa học và công nghệ sử dụng vốn nhà nước"),
    ("NĐ", 35, 2021, "CP", dt.date(2021, 3, 29), "Chính phủ", ("Chính phủ",),
     "quy định chi tiết và hướng dẫn thi hành Luật Đầu tư theo phương thức đối tác công tư"),
    ("L", 29, 2013, "QH13", dt.date(2013, 6, 18), "Quốc hội", (), "Luật Khoa học và Công nghệ"),
)
# Laws named with their date rather than a number (a citation by convention).
_NAMED_LAWS = (
    ("Luật Tổ chức chính quyền địa phương", dt.date(2015, 6, 19)),
    ("Luật Ngân sách nhà nước", dt.date(2015, 6, 25)),
)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_TERMS = ("XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI")
_LETTER_UNITS = ("KT", "KGVX", "TH", "NC", "VX", "KTN")
_OPEN_WORDS = frozenset(
    "số theo của và với các cho tại về để trong từ đến là được những hoặc nhằm như bằng bởi mà nhưng giữa "
    "thuộc vào tới gồm".split()
)


def _central(province: str) -> bool:
    return province in CENTRAL_CITIES


def _level(province: str) -> str:
    """'tỉnh' or 'thành phố' as in a body's name ("Ủy ban nhân dân thành phố Hà Nội")."""
    return "thành phố" if _central(province) else "tỉnh"


def _of(province: str) -> str:
    """'tỉnh Phú Yên', 'thành phố Hà Nội', 'Thành phố Hồ Chí Minh'."""
    if province.startswith("Thành phố"):
        return province
    return f"{_level(province)} {province}"


def _party(province: str) -> str:
    return "Thành ủy" if _central(province) else "Tỉnh ủy"


# ==================================================================================================
# Dates and deadlines.

def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _q_roman(q: int) -> str:
    return _ROMAN[q - 1]


@dataclass(frozen=True)
class _Due:
    """A deadline: how it is written and what it means (DeadlineFact)."""

    text: str
    fact: DeadlineFact


def _due_cell(rng: random.Random, year: int, column: str) -> _Due:
    """A time cell: `column` 'deadline' (Thời gian thực hiện) or 'end' (Thời gian hoàn thành)."""
    kind = rng.choices(
        ("quarter", "year", "range", "phase", "month", "before_month", "before_date", "by_month", "yearly",
         "yearly_month", "every_2y", "quarter_range", "half"),
        (14, 8, 10, 5, 6, 3, 3, 3, 5, 3, 2, 2, 2),
    )[0]
    y = year + rng.choice((0, 0, 1, 1, 2))
    if kind == "quarter":
        q = rng.randint(1, 4)
        text = rng.choice((f"Quý {_q_roman(q)}/{y}", f"Quý {_q_roman(q)} năm {y}"))
        start, end = dt.date(y, 3 * q - 2, 1), _last_day(y, 3 * q)
    elif kind == "quarter_range":
        q = rng.randint(1, 4)
        text = f"Quý {_q_roman(q)}/{y}-{y + 1}"
        start, end = dt.date(y, 3 * q - 2, 1), _last_day(y + 1, 3 * q)
    elif kind == "half":
        part = rng.choice(("đầu", "cuối"))
        text = f"6 tháng {part} năm {y}"
        start, end = (dt.date(y, 1, 1), dt.date(y, 6, 30)) if part == "đầu" else (dt.date(y, 7, 1), dt.date(y, 12, 31))
    elif kind == "year":
        text = rng.choice((f"Năm {y}", f"{y}"))
        start, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
    elif kind in ("range", "phase"):
        y2 = y + rng.randint(1, 5)
        sep = rng.choice(("-", " - ", "-"))
        text = f"{y}{sep}{y2}" if kind == "range" else f"Giai đoạn {y}{sep}{y2}"
        start, end = dt.date(y, 1, 1), dt.date(y2, 12, 31)
    elif kind == "month":
        m = rng.randint(1, 12)
        text = rng.choice((f"Tháng {m}/{y}", f"Trong tháng {m}/{y}"))
        start, end = dt.date(y, m, 1), _last_day(y, m)
    elif kind == "before_month":
        m = rng.randint(2, 12)
        text = f"Trước tháng {m}/{y}"
        start, end = None, _last_day(y, m - 1)
    elif kind == "before_date":
        m = rng.randint(1, 12)
        d = rng.randint(2, 28)
        text = f"Trước ngày {d}/{m}/{y}"
        start, end = None, dt.date(y, m, d) - dt.timedelta(days=1)
    elif kind == "by_month":
        m = rng.randint(1, 12)
        text = f"Chậm nhất là tháng {m}/{y}"
        start, end = None, _last_day(y, m)
    elif kind == "yearly":
        return _Due(rng.choice(("Hàng năm", "Hằng năm", "Thường xuyên hàng năm")), DeadlineFact(recurrence="P1Y"))
    elif kind == "yearly_month":
        m = rng.randint(1, 12)
        return _Due(f"Cuối tháng {m} hàng năm", DeadlineFact(recurrence="P1Y", anchor=f"--{m:02d}"))
    else:
        return _Due("Định kỳ 2 năm/lần", DeadlineFact(recurrence="P2Y"))
    if column == "end":
        start = None
    return _Due(text, DeadlineFact(start=start, end=end))


def _due_columns(rng: random.Random, year: int) -> tuple[str, str, DeadlineFact]:
    """The 'Bắt đầu' / 'Hoàn thành' columns: month/year each, one interval."""
    y1 = year + rng.choice((0, 0, 1))
    m1 = rng.randint(1, 12)
    y2 = y1 + rng.randint(0, 3)
    m2 = rng.randint(m1 if y2 == y1 else 1, 12)
    pad = rng.random() < 0.5
    a = f"{m1:02d}/{y1}" if pad else f"{m1}/{y1}"
    b = f"{m2:02d}/{y2}" if pad else f"{m2}/{y2}"
    return a, b, DeadlineFact(start=dt.date(y1, m1, 1), end=_last_day(y2, m2))


def _due_prose(rng: random.Random, year: int) -> tuple[str, DeadlineFact | None]:
    """A deadline phrase closing a prose duty (before its full stop), or none."""
    kind = rng.choices(("none", "quarter", "before_date", "month", "yearly_date", "by_month", "year", "six_months"),
                       (30, 12, 10, 8, 8, 6, 6, 4))[0]
    y = year + rng.choice((0, 0, 1))
    if kind == "none":
        return "", None
    if kind == "quarter":
        q = rng.randint(1, 4)
        return f"; hoàn thành trong quý {_q_roman(q)}/{y}", DeadlineFact(start=dt.date(y, 3 * q - 2, 1), end=_last_day(y, 3 * q))
    if kind == "before_date":
        m, d = rng.randint(1, 12), rng.randint(2, 28)
        return f", hoàn thành trước ngày {d}/{m}/{y}", DeadlineFact(end=dt.date(y, m, d) - dt.timedelta(days=1))
    if kind == "month":
        m = rng.randint(1, 12)
        return f"; hoàn thành trong tháng {m}/{y}", DeadlineFact(start=dt.date(y, m, 1), end=_last_day(y, m))
    if kind == "yearly_date":
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        return (f"; định kỳ trước ngày {d:02d}/{m:02d} hằng năm tổng hợp, báo cáo kết quả thực hiện",
                DeadlineFact(recurrence="P1Y", anchor=f"--{m:02d}-{d:02d}"))
    if kind == "by_month":
        m = rng.randint(1, 12)
        return f". Nội dung này hoàn thành chậm nhất là tháng {m}/{y}", DeadlineFact(end=_last_day(y, m))
    if kind == "year":
        return f"; hoàn thành trong năm {y}", DeadlineFact(start=dt.date(y, 1, 1), end=dt.date(y, 12, 31))
    return ", định kỳ 6 tháng báo cáo kết quả", DeadlineFact(recurrence="P6M")


# ==================================================================================================
# Documents as they are cited.

@dataclass(eq=False)
class _Target:
    """A document that can be cited: its identity, issuer and how texts name it."""

    doc_type: str  # NQ, KH, QĐ, CTr, CV, NĐ, L, KL
    number: int | None
    code: str  # issuer code in the symbol: UBND, TU, HĐND, TW, TTg, SKHCN, CP, BKHCN, QH13
    date: dt.date | None
    province: str | None  # None: national
    body: str  # the issuer its phrases name
    code_name: str  # the issuer its symbol names alone
    phrases: tuple[str, ...]  # issuer phrases ("UBND tỉnh"); () when none is written
    about: str  # "về …", the words after the mention
    symbol_year: int | None = None  # 295/2020/NQ-HĐND
    unit: str | None = None  # official letters: 1392/UBND-KT
    title: str | None = None  # documents named, not numbered (laws, congress resolutions)
    parent: _Target | None = None  # what it implements
    issues: str | None = None  # the programme a decision issues ("Chương trình hành động thực hiện …")
    quoted: bool = False  # the programme is named in quotes ("“Chương trình …”")
    level: int = 0  # 0 national/top … deeper below

    @property
    def party(self) -> bool:
        return self.code in ("TU", "TW")

    @property
    def symbol(self) -> str | None:
        if self.number is None:
            return None
        n = f"{self.number:02d}"
        if self.party:
            return f"{n}-{self.doc_type}/{self.code}"
        if self.doc_type == "CV":
            return f"{n}/{self.code}-{self.unit}"
        if self.doc_type == "L":
            return f"{n}/{self.symbol_year}/{self.code}"
        middle = f"{self.symbol_year}/" if self.symbol_year else ""
        return f"{n}/{middle}{self.doc_type}-{self.code}"

    def fact(self, issuer: str) -> DocFact:
        year = self.symbol_year or (self.date.year if self.date else None)
        if self.doc_type == "L" and self.number is not None:
            return DocFact(doc_type="L", number=f"{self.number:02d}", symbol=self.symbol, title=self.title,
                           date=self.date, year=year, province=None, issuer=issuer)
        return DocFact(
            doc_type=self.doc_type, number=None if self.number is None else f"{self.number:02d}", symbol=self.symbol,
            title=self.title if self.number is None else None, date=self.date, year=year,
            province=self.province, issuer=issuer,
        )


_TYPE_WORDS = {
    "NQ": "Nghị quyết", "KH": "Kế hoạch", "QĐ": "Quyết định", "CTr": "Chương trình", "CV": "Văn bản",
    "NĐ": "Nghị định", "KL": "Kết luận", "L": "Luật", "TTr": "Tờ trình",
}


def _national_targets() -> list[_Target]:
    out = []
    for doc_type, number, year, code, date, body, phrases, about in _NATIONAL:
        if doc_type == "L":
            out.append(_Target("L", number, code, date, None, body, body, (), "", symbol_year=year, title=about))
        else:
            out.append(_Target(doc_type, number, code, date, None, body,
                               "Ban Chấp hành Trung ương Đảng" if code == "TW" else body, phrases, about,
                               symbol_year=year))
    for name, date in _NAMED_LAWS:
        out.append(_Target("L", None, "QH", date, None, "Quốc hội", "Quốc hội", (), "", title=name))
    return out


def _provincial_names(province: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Issuer code -> (body's canonical name, phrases that name it) in one province."""
    lvl = _level(province)
    of = _of(province)
    party = _party(province)
    ubnd = (f"Ủy ban nhân dân {of}", (f"UBND {lvl}", f"Ủy ban nhân dân {lvl}", f"UBND {of}", f"Ủy ban nhân dân {of}"))
    if province.startswith("Thành phố"):
        ubnd = (f"Ủy ban nhân dân {of}", ("UBND Thành phố", "Ủy ban nhân dân Thành phố", f"Ủy ban nhân dân {of}"))
    return {
        "UBND": ubnd,
        "HĐND": (f"Hội đồng nhân dân {of}", (f"HĐND {lvl}", f"Hội đồng nhân dân {lvl}")),
        "TU": (f"{party} {province}", (party, f"Ban Chấp hành Đảng bộ {lvl}", f"BCH Đảng bộ {lvl}")),
        "BTV": (f"Ban Thường vụ {party} {province}", (f"Ban Thường vụ {party}",)
                + ((f"BTV {party}",) if party == "Tỉnh ủy" else ())),
    }


def _dept_issuer(dept: _Dept, province: str) -> str:
    return f"{dept.name} {_of(province)}"


# ==================================================================================================
# The world: state shared by families, bounded whatever the number of documents.

class _World:
    def __init__(self, seed: int, misreads: bool = False):
        self.seed = seed
        self.misreads = misreads
        rng = random.Random(f"policy-kg/synth/{seed}/world")
        self.national = _national_targets()
        # provinces: a skewed share of the families (some provinces issue more)
        weights = [1.0 / (i + 1) ** 0.6 for i in range(len(PROVINCES_34))]
        order = list(PROVINCES_34)
        rng.shuffle(order)
        self.provinces = order
        self.province_weights = weights
        # per province: departments ranked (a few lead most tasks), and the term of its Party congress
        self.dept_rank: dict[str, list[_Dept]] = {}
        self.body_rank: dict[str, list] = {}
        self.congress: dict[str, str] = {}
        for p in PROVINCES_34:
            prng = random.Random(f"policy-kg/synth/{seed}/{p}")
            depts = list(DEPARTMENTS)
            prng.shuffle(depts)
            self.dept_rank[p] = depts
            self.congress[p] = _TERMS[zlib.crc32(p.encode()) % len(_TERMS)]
        self.counters: dict[tuple, int] = {}
        self.background: dict[str, deque[_Target]] = {p: deque(maxlen=10) for p in PROVINCES_34}
        self.written: dict[str, deque[_Target]] = {p: deque(maxlen=16) for p in PROVINCES_34}
        self.congresses: dict[str, _Target] = {}

    def congress_resolution(self, province: str) -> _Target:
        """The resolution of the province's Party congress: named by convention, not numbered."""
        if province not in self.congresses:
            body = f"Đại hội đại biểu Đảng bộ {_of(province)}"
            self.congresses[province] = _Target(
                "NQ", None, "", None, province, body, body, (), "",
                title=f"Nghị quyết {body} lần thứ {self.congress[province]}",
            )
        return self.congresses[province]

    def number(self, rng: random.Random, province: str | None, code: str, doc_type: str, year: int) -> int:
        key = (province, code, doc_type, year)
        if key not in self.counters:
            start = {"TU": 1, "HĐND": 1}.get(code, rng.randint(1, 40))
            self.counters[key] = start
            return start
        step = {"TU": 1, "HĐND": rng.randint(1, 3)}.get(code, rng.randint(1, 6))
        self.counters[key] += step
        return self.counters[key]


# ==================================================================================================
# One document being written: its text, the mentions in it, its tasks.

@dataclass
class _Style:
    """How one document is spelled."""

    markdown: bool = False
    old_tones: bool = False
    nfd: bool = False
    broken_lines: bool = False


class _Writer:
    def __init__(self, world: _World, rng: random.Random, province: str, own: _Target | None, year: int):
        self.world = world
        self.rng = rng
        self.province = province
        self.own = own
        self.year = year
        self.lines: list[str] = []
        self.first: dict[int, _Target] = {}  # id(target) -> target, in first-mention order
        self.named: dict[int, bool] = {}  # id(target) -> some mention names its issuer
        self.phrase: dict[int, str | None] = {}
        self.implements: list[_Target] = []
        self.based_on: list[_Target] = []
        self.links: list[tuple[_Target, _Target]] = []  # (a, b): a implements b, stated here
        self.tasks: list[TaskFact] = []
        self.warnings: list[str] = []
        self.style = _Style()

    # -- text ------------------------------------------------------------------------------------

    def para(self, text: str) -> None:
        self.lines.append(text)
        self.lines.append("")

    def line(self, text: str) -> None:
        self.lines.append(text)

    def blank(self) -> None:
        self.lines.append("")

    def closing(self, text: str) -> str:
        """A heading or title that does not end on a word the cleaner takes for an unfinished line.

        "… kinh tế số và xã hội số" followed by a paragraph is glued to it when read: the cleaner joins
        a line ending in "số" (as in "Kế hoạch số\n\n142/KH-UBND") to the next. Written as is only with
        `misreads=True`."""
        if self.world.misreads or text.rsplit(" ", 1)[-1] not in _OPEN_WORDS:
            return text
        return text + " của địa phương"

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"

    # -- citations -------------------------------------------------------------------------------

    def cite(self, t: _Target, *, full: bool = True, issuer: bool | None = None, kind: str = "cites") -> str:
        """A mention of `t`. `kind` is what the place it is written in makes of it: 'implements' (title,
        opening, Mục đích), 'based_on' (Căn cứ) or 'cites'."""
        rng = self.rng
        key = id(t)
        first = key not in self.first
        if first:
            self.first[key] = t
            self.named[key] = False
            self.phrase[key] = rng.choice(t.phrases) if t.phrases else None
        if kind == "implements" and t not in self.implements:
            self.implements.append(t)
        elif kind == "based_on" and t not in self.based_on:
            self.based_on.append(t)
        if t.number is None:  # a law named with its date
            return f"{t.title} ngày {t.date.day} tháng {t.date.month} năm {t.date.year}"
        full = full or first
        word = _TYPE_WORDS[t.doc_type]
        if t.doc_type == "CTr" and t.party:
            word = "Chương trình hành động"
        elif t.doc_type == "CV" and rng.random() < 0.3:
            word = "Công văn"
        elif t.doc_type == "L":
            word = t.title
        so = " số " if (rng.random() < 0.93 or not full or t.doc_type == "L") else " "
        symbol = self._written_symbol(t)
        out = f"{word}{so}{symbol}"
        if not full:
            return out
        if t.province and t.code == "UBND" and t.doc_type in ("KH", "QĐ") and rng.random() < 0.08:
            out += " tỉnh" if not _central(t.province) else ""
        out += " ngày " + self._written_date(t.date)
        phrase = self.phrase[key]
        if phrase and (issuer if issuer is not None else (rng.random() < 0.9 or t.body != t.code_name)):
            self.named[key] = True
            out += f" của {phrase}"
            if t.code in ("TU",) and "Đảng bộ" in phrase:
                out += f" khóa {self.world.congress[self.province]}"
        return out

    def _written_symbol(self, t: _Target) -> str:
        rng = self.rng
        n = t.number
        num = f"{n:02d}" if (n < 10 and rng.random() < 0.7) else str(n)
        if t.party:
            sep = rng.choices(("-", " -", "- "), (85, 12, 3))[0]
            return f"{num}{sep}{t.doc_type}/{t.code}"
        if t.doc_type == "CV":
            return f"{num}/{t.code}-{t.unit}"
        if t.doc_type == "L":
            return f"{num}/{t.symbol_year}/{t.code}"
        middle = f"{t.symbol_year}/" if t.symbol_year else ""
        code = t.code
        if code == "HĐND" and rng.random() < 0.05:
            code = "HDND"
        return f"{num}/{middle}{t.doc_type}-{code}"

    def _written_date(self, d: dt.date) -> str:
        r = self.rng.random()
        if r < 0.55:
            return f"{d.day:02d}/{d.month:02d}/{d.year}" if self.rng.random() < 0.4 else f"{d.day}/{d.month}/{d.year}"
        if r < 0.8:
            return f"{d.day:02d}/{d.month}/{d.year}"
        return f"{d.day} tháng {d.month} năm {d.year}"

    def congress(self) -> str:
        """'Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII': cited, by its name."""
        t = self.world.congress_resolution(self.province)
        if id(t) not in self.first:
            self.first[id(t)] = t
            self.named[id(t)] = True
            self.phrase[id(t)] = None
        lvl = "Thành phố" if self.province.startswith("Thành phố") else _level(self.province)
        term = self.world.congress[self.province]
        return f"Nghị quyết Đại hội đại biểu Đảng bộ {lvl} lần thứ {term}" + (
            ", nhiệm kỳ 2020 - 2025" if self.rng.random() < 0.4 else "")

    def issued(self, q: _Target) -> str:
        """What a decision issues: a quoted programme, or an action programme implementing its parent."""
        if q.quoted:
            return f"“{q.issues}”"
        self.links.append((q, q.parent))
        return f"Chương trình hành động thực hiện {self.cite(q.parent, kind='cites')}"

    def chain(self, t: _Target, depth: int, kind: str) -> str:
        """`t` and, in one breath, what it implements ("Kế hoạch 209 … thực hiện Nghị quyết 11 …")."""
        out = self.cite(t, kind=kind)
        parent = t.parent
        while depth > 0 and parent is not None and parent.number is not None:
            verb = self.rng.choice((" thực hiện ", " thực hiện ", " về thực hiện ", " về việc triển khai thực hiện ",
                                    " triển khai "))
            out += verb + self.cite(parent, kind="cites")
            self.links.append((t, parent))
            t, parent = parent, parent.parent
            depth -= 1
        return out + " " + t.about if t.about else out

    # -- facts -----------------------------------------------------------------------------------

    def facts(self, path: str, document: DocFact) -> DocumentFacts:
        _canon_groups(self.tasks)
        citations = []
        keys = {}
        for key, t in self.first.items():
            fact = t.fact(t.body if self.named[key] else t.code_name)
            citations.append(fact)
            keys[key] = doc_key(fact)
        relations = []
        for t in self.implements:
            relations.append(RelationFact(type="implements", subject=None, object=keys[id(t)]))
        for t in self.based_on:
            relations.append(RelationFact(type="based_on", subject=None, object=keys[id(t)]))
        seen = set()
        for a, b in self.links:
            if (id(a), id(b)) not in seen:
                seen.add((id(a), id(b)))
                relations.append(RelationFact(type="implements", subject=keys[id(a)], object=keys[id(b)]))
        for key, t in self.first.items():
            if t not in self.implements and t not in self.based_on:
                relations.append(RelationFact(type="cites", subject=None, object=keys[key]))
        return DocumentFacts(
            file=path, document=document, citations=citations, relations=relations, tasks=self.tasks,
            warnings=sorted(self.warnings),
        )


def _agency_identity(name: str, province: str | None, parent: str | None, group: bool) -> tuple:
    """What makes two mentions one agency: the folded name without "và" (and without "thuộc Sở" for a
    department's own units, which belong to it anyway), the province, the parent."""
    k = fold(name).replace(" va ", " ")
    if group and parent is not None and k.endswith(" thuoc so"):
        k = k[: -len(" thuoc so")]
    return (k, province, fold(parent).replace(" va ", " ") if parent else None)


def _canon_groups(tasks: list[TaskFact]) -> None:
    """One name per collective group of a document: its fullest spelling (as the loaders name agencies)."""
    def key(a: AgencyFact) -> tuple:
        return _agency_identity(a.name, a.province, a.parent, True)

    best: dict[tuple, str] = {}
    for t in tasks:
        for a in (*t.leads, *t.coordinators):
            if a.group:
                k = key(a)
                if k not in best or fullness(a.name) > fullness(best[k]):
                    best[k] = a.name
    if not best:
        return
    for t in tasks:
        for people in (t.leads, t.coordinators):
            for i, a in enumerate(people):
                if a.group and best[key(a)] != a.name:
                    people[i] = a.model_copy(update={"name": best[key(a)]})
        # two spellings of one group are one agency: it is named once
        for people in (t.leads, t.coordinators):
            seen = []
            for a in people:
                if a not in seen:
                    seen.append(a)
            people[:] = seen
        t.coordinators[:] = [a for a in t.coordinators if a not in t.leads]


# ==================================================================================================
# Agencies as written in one document.

@dataclass(frozen=True)
class _Mention:
    written: str
    fact: AgencyFact


_UPPER_INITIAL = re.compile(f"[{UPPER}]")


@lru_cache(maxsize=None)
def _reads_in_prose(spelling: str) -> bool:
    """Whether running prose can show where this name ends without a list of names.

    The loaders know the departments' and a few bodies' names; any other name in a sentence
    ("phối hợp với Phòng Quản lý Khoa học tổ chức …") is read by its shape: a head word, then words
    that each open with a capital and carry at most one more syllable, joined by "và" or a dash,
    abbreviations whole. A name with two small syllables in a row ("Phòng Tài nguyên nước"), one
    that ends on a capital word ("Phòng Nghiệp vụ Dược"), or that holds another head word ("Phòng
    Thông tin - Báo chí - Xuất bản") is cut short or runs into the next word: the corpus writes
    those in prose only with `misreads=True` (tables, which have cell borders, always carry them).
    """
    if any(spelling == k or spelling.startswith(k + " ") for k in (*KNOWN_BODIES, *_DEPT_NAMES)):
        return True
    words = spelling.replace("–", "-").split()
    head = next((h for h in _HEADS if spelling.startswith(h + " ")), None)
    if head is None:
        return False
    words = words[len(head.split()):]
    i = 0
    last_lower = False
    while i < len(words):
        w = words[i]
        if w in ("-", "và"):
            if i + 1 >= len(words) or not _UPPER_INITIAL.match(words[i + 1]):
                return False
            i += 1
            continue
        rest = " ".join(words[i:])
        if any(rest == h or rest.startswith(h + " ") for h in _HEADS):
            return False  # another head word opens a new name there
        if len(w) > 1 and (w.replace("-", "").replace("&", "").isupper()):
            last_lower = True  # an abbreviation: whole
            i += 1
            continue
        if not _UPPER_INITIAL.match(w):
            return False
        if i + 1 < len(words) and words[i + 1] not in ("-", "và") and not _UPPER_INITIAL.match(words[i + 1]):
            i += 2  # a capital word and one small syllable
            last_lower = True
            continue
        last_lower = False
        i += 1
    return last_lower


def _zipf_pick(rng: random.Random, items: list, s: float = 1.15, exclude=()):
    pool = [x for x in items if x not in exclude]
    if not pool:
        return None
    weights = [1.0 / (i + 1) ** s for i in range(len(pool))]
    return rng.choices(pool, weights)[0]


class _Agencies:
    """Who a document can give tasks to, and how it spells them."""

    def __init__(self, world: _World, rng: random.Random, province: str, issuer_dept: _Dept | None):
        self.rng = rng
        self.province = province
        self.issuer_dept = issuer_dept
        self.depts = world.dept_rank[province]
        party = _party(province)
        self.bodies = [(n.format(party=party), tuple(s.format(party=party) for s in sp)) for n, sp in _BODIES]
        if not _central(province):
            self.bodies.append((f"Báo {province}", (f"Báo {province}",)))
        self.misreads = world.misreads
        if issuer_dept is not None and issuer_dept.units:
            units = [u for u in issuer_dept.units if world.misreads or u.name not in _MISREAD_EVERYWHERE]
            rng.shuffle(units)
            self.units = units
        else:
            self.units = []

    def dept(self, d: _Dept) -> _Mention:
        spelling = self.rng.choice(d.spellings)
        return _Mention(spelling, AgencyFact(name=d.name, province=self.province))

    def lead_dept(self, exclude=()) -> _Dept:
        return _zipf_pick(self.rng, self.depts, 1.15, exclude)

    def some_dept(self, exclude=()) -> _Dept:
        return _zipf_pick(self.rng, self.depts, 0.5, exclude)

    def body(self) -> _Mention:
        name, spellings = self.rng.choice(self.bodies)
        return _Mention(self.rng.choice(spellings), AgencyFact(name=name, province=self.province))

    def unit(self, u: _Unit, *, prose: bool = False) -> _Mention:
        spellings = u.spellings
        if prose and not self.misreads:
            spellings = tuple(x for x in spellings if _reads_in_prose(x))
        spelling = self.rng.choice(spellings)
        return _Mention(spelling, AgencyFact(name=u.name, province=self.province, parent=self.issuer_dept.name))

    def lead_unit(self, exclude=(), *, prose: bool = False) -> _Unit:
        units = self.units
        if prose:
            units = [u for u in units if u.prose_ok and (self.misreads or any(map(_reads_in_prose, u.spellings)))]
        return _zipf_pick(self.rng, units, 1.2, exclude)

    def group(self, written: str) -> _Mention:
        name = written[0].upper() + written[1:]
        parent = None
        if self.issuer_dept is not None and ("phòng" in written.lower() or "thuộc Sở" in written):
            parent = self.issuer_dept.name
        return _Mention(written, AgencyFact(name=name, province=self.province, parent=parent, group=True))


def _join(mentions: list[str], rng: random.Random, *, table: bool) -> str:
    if len(mentions) == 1:
        return mentions[0]
    if table:
        sep = rng.choice((", ", "; ", ", "))
        return sep.join(mentions)
    return ", ".join(mentions[:-1]) + rng.choice((", ", " và ")) + mentions[-1]


# ==================================================================================================
# Words.

def _person(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def _duty(rng: random.Random, field: str, verbs: tuple[str, ...] | None = None) -> str:
    """A duty, lowercase first word, no full stop: 'đẩy mạnh … nhằm …'."""
    verb = rng.choice(verbs or _VERBS)
    obj = rng.choice(_OBJECTS).format(f=field)
    text = f"{_lower_first(verb)} {obj}"
    if rng.random() < 0.6:
        text += " " + rng.choice(_PURPOSES)
    return text


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def _goal(rng: random.Random, year: int) -> str:
    return rng.choice(_GOALS).format(y=year + rng.randint(2, 6), n=rng.randint(3, 60), n2=rng.randint(2, 15),
                                     p=rng.randint(30, 95), p2=rng.choice(("1,2", "1,5", "2", "0,8")))


def _break_line(rng: random.Random, text: str) -> str:
    """A paragraph cut in two by PDF extraction: a blank line before a word that goes on in lower case."""
    words = text.split(" ")
    spots = [i for i in range(3, len(words) - 2) if words[i][:1].islower() and words[i - 1][-1:] not in ".;:!?…"
             and not (len(words[i]) <= 2 and words[i].endswith(")"))]
    if not spots:
        return text
    i = rng.choice(spots)
    return " ".join(words[:i]) + "\n\n" + " ".join(words[i:])


def _old_tone_pairs() -> dict[str, str]:
    pairs = {}
    for firsts, seconds in (("oO", "aAeE"), ("uU", "yY")):
        for f in firsts:
            for second in seconds:
                for tone in "\u0300\u0301\u0309\u0303\u0323":
                    new = unicodedata.normalize("NFC", f + tone) + second
                    old = f + unicodedata.normalize("NFC", second + tone)
                    pairs[new] = old
    return pairs


_OLD_TONE_PAIRS = _old_tone_pairs()
# an open syllable ("hóa", "Ủy"), not the u of "qu" ("quý")
_NEW_TONES = re.compile("(?<![qQ])(?:" + "|".join(map(re.escape, _OLD_TONE_PAIRS)) + r")(?![^\W\d_])")


def _old_tones(text: str) -> str:
    """The other placement of tones in open oa/oe/uy syllables: 'hóa' -> 'hoá', 'Ủy' -> 'Uỷ'."""
    return _NEW_TONES.sub(lambda m: _OLD_TONE_PAIRS[m.group(0)], text)


# ==================================================================================================
# Tables.

_LAYOUTS = {
    # roles in column order, header cells
    "full": (("code", "content", "lead", "coord", "product", "deadline"),
             ("TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian thực hiện")),
    "full_end": (("code", "content", "lead", "coord", "product", "end"),
                 ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian hoàn thành")),
    "leads": (("code", "content", "lead", "deadline"),
              ("Stt", "Nội dung thực hiện", "Đơn vị thực hiện", "Thời gian thực hiện")),
    "columns": (("code", "content", "product", "lead", "coord", "start", "end", "note"),
                ("TT", "Mục tiêu", "Kết quả/ sản phẩm", "Phòng/ Đơn vị thực hiện", "", "Thời gian thực hiện", "",
                 "Ghi chú")),
}
_SUBHEADER = "\t\t\tChủ trì\tPhối hợp\tBắt đầu\tHoàn thành\t"


@dataclass
class _Row:
    code: str  # as written ("1.1", "2.", "I", "")
    content: str
    lead: list[_Mention] = field(default_factory=list)
    coord: list[_Mention] = field(default_factory=list)
    product: str = ""
    due: _Due | None = None
    start_end: tuple[str, str] | None = None
    heading: bool = False
    lead_cell: str | None = None  # as written, when not the plain join
    coord_cell: str | None = None


class _TableWriter:
    """One appendix table: rows with page breaks and rows cut by them, and the tasks they hold."""

    def __init__(self, w: _Writer, ag: _Agencies, layout: str, prefix: str, field_: str, unit_plan: bool):
        self.w, self.ag, self.rng = w, ag, w.rng
        self.roles, self.header = _LAYOUTS[layout]
        self.layout = layout
        self.prefix = prefix
        self.field = field_
        self.unit_plan = unit_plan

    def _lead_mentions(self) -> list[_Mention]:
        rng, ag = self.rng, self.ag
        if self.unit_plan:
            n = rng.choices((1, 2, 3), (75, 18, 7))[0]
            units = []
            for _ in range(n):
                u = ag.lead_unit(exclude=units)
                units.append(u)
            return [ag.unit(u) for u in units]
        n = rng.choices((1, 2), (88, 12))[0]
        depts = []
        for _ in range(n):
            depts.append(ag.lead_dept(exclude=depts))
        return [ag.dept(d) for d in depts]

    def _coord_mentions(self, leads: list[_Mention]) -> list[_Mention]:
        rng, ag = self.rng, self.ag
        taken = {m.fact.name for m in leads}
        out: list[_Mention] = []
        if self.unit_plan:
            if rng.random() < 0.55:
                return [ag.group(rng.choice(_GROUPS_UNITS))]
            for _ in range(rng.choices((0, 1, 2), (20, 55, 25))[0]):
                u = ag.lead_unit(exclude=[x for x in ag.units if x.name in taken])
                if u is not None and u.name not in taken:
                    taken.add(u.name)
                    out.append(ag.unit(u))
            return out
        for _ in range(rng.choices((0, 1, 2, 3), (15, 35, 35, 15))[0]):
            if rng.random() < 0.2:
                m = ag.body()
            else:
                m = ag.dept(ag.some_dept(exclude=[d for d in ag.depts if d.name in taken]))
            if m.fact.name not in taken:
                taken.add(m.fact.name)
                out.append(m)
        if rng.random() < 0.3:
            out.append(ag.group(rng.choice(_GROUPS_PROVINCE)))
        return out

    def _due(self) -> tuple[_Due | None, tuple[str, str] | None, DeadlineFact | None]:
        if self.layout == "columns":
            a, b, fact = _due_columns(self.rng, self.w.year)
            return None, (a, b), fact
        column = "end" if "end" in self.roles else "deadline"
        due = _due_cell(self.rng, self.w.year, column)
        return due, None, due.fact

    def rows(self) -> list[_Row]:
        """The rows, and the tasks they hold appended to the writer.

        A row without a number whose lead, co-ordinator or time cell is blank sits under merged cells:
        it carries the row above (its task has the lead, co-ordinators and deadline of that row)."""
        rng = self.rng
        out: list[_Row] = []
        style = rng.choices(("flat", "headed", "roman"), (35, 45, 20))[0]
        if self.layout == "columns":
            style = "programmes"
        number = 0
        dot = self.layout == "leads" and rng.random() < 0.6  # "1." in a Stt column
        for g in range(1, rng.randint(2, 7) + 1):
            heading_text = rng.choice(_TABLE_HEADINGS) if style != "programmes" else (
                f"Chương trình {g}: {_sentence(_duty(rng, self.field))}")
            if style in ("headed", "programmes"):
                out.append(_Row(str(g), heading_text, heading=True))
            elif style == "roman":
                out.append(_Row(_ROMAN[g - 1], heading_text, heading=True))
            anchor = ""
            unnumbered = sub = 0
            above: tuple | None = None  # (leads, coordinators, deadline) the row above carries down
            for _ in range(rng.randint(1, 6)):
                merged = above is not None and style != "programmes" and rng.random() < 0.12
                if merged or style == "programmes":
                    code = ""
                elif style == "headed":
                    sub += 1
                    code = f"{g}.{sub}"
                else:
                    number += 1
                    code = f"{number}." if dot else str(number)
                if code:
                    anchor, unnumbered = code.rstrip("."), 0
                    label = self.prefix + anchor
                else:
                    unnumbered += 1
                    base = anchor or (str(g) if style in ("headed", "programmes") else "0")
                    label = f"{self.prefix}{base}+{unnumbered}"
                content = _sentence(_duty(rng, self.field))
                row = _Row(code, "- " + content if merged and rng.random() < 0.4 else content)
                leads = self._lead_mentions()
                coords = self._coord_mentions(leads) if "coord" in self.roles else []
                due, start_end, fact = self._due()
                if merged:
                    # the lead is its own or the one above; co-ordinators and time are the ones above
                    if rng.random() < 0.5:
                        leads = []
                    coords, due, start_end, fact = [], None, None, None
                elif code and rng.random() < 0.03:
                    leads, coords = [], []  # a numbered row that names no agency
                row.lead, row.coord, row.due, row.start_end = leads, coords, due, start_end
                if "product" in self.roles and not merged and rng.random() < 0.85:
                    row.product = rng.choice(_PRODUCTS)
                if self.unit_plan and len(leads) == 2 and rng.random() < 0.3 and all(
                    m.written.split()[0] in ("Trung", "Phòng", "Chi") for m in leads
                ):
                    row.lead_cell = " ".join(m.written for m in leads)  # two agencies run together
                carried = not code and above is not None
                eff_leads = leads or (above[0] if carried else [])
                eff_coords = coords or (above[1] if carried else [])
                eff_fact = fact if (due is not None or start_end is not None) else (above[2] if carried else None)
                lead_facts = _unique([m.fact for m in eff_leads])
                if not lead_facts:
                    self.w.warnings.append("no-lead-agency")
                out.append(row)
                self.w.tasks.append(TaskFact(
                    label=label, origin="table", text=content, product=row.product or None, leads=lead_facts,
                    coordinators=[f for f in _unique([m.fact for m in eff_coords]) if f not in lead_facts],
                    deadline=eff_fact,
                ))
                above = (eff_leads, eff_coords, eff_fact)
        return out

    def write(self) -> None:
        rng, w = self.rng, self.w
        header = "\t".join(self.header)
        rows = self.rows()
        w.line(header)
        if self.layout == "columns":
            w.line(_SUBHEADER)
        since_break = 0
        page = rng.randint(4, 9)
        for i, row in enumerate(rows):
            cells = self._cells(row)
            since_break += 1
            last = i == len(rows) - 1
            if since_break >= page and not last:
                cut = self._cut(row, cells)
                w.line("\t".join(cells))
                w.blank()
                if rng.random() < 0.8:
                    w.line(header)
                if cut is not None:
                    w.line("\t".join(cut))
                since_break = 0
                page = rng.randint(4, 9)
            else:
                w.line("\t".join(cells))
        w.blank()

    def _cells(self, row: _Row) -> list[str]:
        rng = self.rng
        values = {"code": row.code, "content": row.content}
        if not row.heading:
            lead = row.lead_cell or _join([m.written for m in row.lead], rng, table=True)
            if lead and rng.random() < 0.05:
                lead += ";"  # a stray separator left at the end of a cell
            values["lead"] = lead
            coord = row.coord_cell or _join([m.written for m in row.coord], rng, table=True)
            values["coord"] = _sentence(coord) if coord else ""
            values["product"] = row.product
            if row.due is not None:
                values["deadline"] = values["end"] = row.due.text
            if row.start_end is not None:
                values["start"], values["end"] = row.start_end
        return [values.get(r, "") for r in self.roles]

    def _cut(self, row: _Row, cells: list[str]) -> list[str] | None:
        """Cut `row` at the page break: returns the line that goes on after it, and shortens `cells`."""
        rng = self.rng
        roles = self.roles
        kind = rng.random()
        if row.heading:
            if kind < 0.5:
                first, rest = _split_lower(rng, row.content)
                if rest:
                    cells[roles.index("content")] = first
                    cut = [""] * len(roles)
                    cut[0] = rest  # the rest of a heading in the number column
                    return cut
            return None
        if kind < 0.5:
            first, rest = _split_lower(rng, row.content)
            if rest:
                cells[roles.index("content")] = first
                cut = [""] * len(roles)
                cut[roles.index("content")] = rest
                if "product" in roles and row.product and rng.random() < 0.3:
                    p1, p2 = _split_lower(rng, row.product)
                    if p2:
                        cells[roles.index("product")] = p1
                        cut[roles.index("product")] = p2
                return cut
        elif kind < 0.75 and "coord" in roles and row.coord:
            last = row.coord[-1].written
            if " - " in last or " – " in last:
                head, _, tail = last.replace(" – ", " - ").partition(" - ")
                cell = cells[roles.index("coord")]
                cells[roles.index("coord")] = cell[: len(cell) - len(last)] + head
                cut = [""] * len(roles)
                cut[roles.index("coord")] = "– " + tail
                if ("product" in roles and roles.index("product") > roles.index("coord") and row.product
                        and len(row.product.split()) >= 2 and rng.random() < 0.6):
                    # (after the co-ordinator cell only: the row's first cell after the break says it goes on)
                    words = row.product.split()
                    k = rng.randint(1, len(words) - 1)
                    cells[roles.index("product")] = " ".join(words[:k])
                    cut[roles.index("product")] = " ".join(words[k:])
                return cut
        elif "product" in roles and row.product:
            p1, p2 = _split_lower(rng, row.product)
            if p2:
                cells[roles.index("product")] = p1
                cut = [""] * len(roles)
                cut[roles.index("product")] = p2
                return cut
        return None


def _unique(items: list) -> list:
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _split_lower(rng: random.Random, text: str) -> tuple[str, str]:
    """Split before a word in lower case (the rest of a cell cut by a page break), or (text, '')."""
    words = text.split(" ")
    spots = [i for i in range(1, len(words)) if words[i][:1].islower()]
    if not spots:
        return text, ""
    i = rng.choice(spots)
    return " ".join(words[:i]), " ".join(words[i:])


# ==================================================================================================
# Prose duties.

class _ProseWriter:
    """Duty lists in prose, and the tasks they hold."""

    def __init__(self, w: _Writer, ag: _Agencies, field_: str):
        self.w, self.ag, self.rng = w, ag, w.rng
        self.field = field_

    def _duty_with_due(self) -> tuple[str, DeadlineFact | None]:
        duty = _duty(self.rng, self.field)
        due, fact = _due_prose(self.rng, self.w.year)
        return duty + due, fact

    def _task(self, label: str, origin: str, text: str, leads: list[_Mention], coords: list[_Mention],
              deadline: DeadlineFact | None) -> None:
        lead_facts = []
        for m in leads:
            if m.fact not in lead_facts:
                lead_facts.append(m.fact)
        coord_facts = []
        for m in coords:
            if m.fact not in lead_facts and m.fact not in coord_facts:
                coord_facts.append(m.fact)
        self.w.tasks.append(TaskFact(label=label, origin=origin, text=text, leads=lead_facts,
                                     coordinators=coord_facts, deadline=deadline))

    def _coordinators(self, exclude: list[str]) -> list[_Mention]:
        rng, ag = self.rng, self.ag
        out = []
        if ag.units:
            if rng.random() < 0.5:
                return [ag.group(rng.choice(_GROUPS_UNITS[1:]))]
            for _ in range(rng.randint(1, 2)):
                u = ag.lead_unit(exclude=[x for x in ag.units if x.name in exclude], prose=True)
                if u is not None and u.name not in exclude:
                    exclude = exclude + [u.name]
                    out.append(ag.unit(u, prose=True))
            return out or [ag.group(rng.choice(_GROUPS_UNITS[1:]))]
        for _ in range(rng.randint(1, 3)):
            d = ag.some_dept(exclude=[x for x in ag.depts if x.name in exclude])
            if d.name not in exclude:
                exclude = exclude + [d.name]
                out.append(ag.dept(d))
        if rng.random() < 0.35:
            out.append(ag.group(rng.choice(_GROUPS_PROVINCE)))
        return out

    def _bullets(self, lead: _Mention, label: str, count: int, *, coordinated: float) -> None:
        """`count` bullet duties under an agency named just above, some with co-ordinators."""
        rng, w = self.rng, self.w
        for k in range(1, count + 1):
            if rng.random() < coordinated:
                coords = self._coordinators([lead.fact.name])
                duty, fact = self._duty_with_due()
                text = f"Chủ trì, phối hợp với {_join([c.written for c in coords], rng, table=False)} {duty}."
            else:
                coords = []
                duty, fact = self._duty_with_due()
                text = f"{_sentence(duty)}."
            w.para(f"- {text}")
            self._task(f"{label}-{k}", "list", text, [lead], coords, fact)

    def _subject(self) -> _Mention:
        ag = self.ag
        if ag.units:
            return ag.unit(ag.lead_unit(prose=True), prose=True)
        return ag.dept(ag.lead_dept())

    def organisation(self, section: str) -> None:
        """'… TỔ CHỨC THỰC HIỆN': numbered duties of every shape."""
        rng, w = self.rng, self.w
        n = rng.randint(2, 6)
        for i in range(1, n + 1):
            shape = rng.choices(("lead_coord", "colon", "give", "heading", "group", "coord_only"),
                                (30, 20, 12, 16, 12, 10))[0]
            label = f"{section}.{i}"
            if shape == "lead_coord":
                lead = self._subject()
                coords = self._coordinators([lead.fact.name])
                duty, fact = self._duty_with_due()
                text = (f"{lead.written} chủ trì, phối hợp với {_join([c.written for c in coords], rng, table=False)} "
                        f"{duty}.")
                w.para(f"{i}. {text}")
                self._task(label, "list", text, [lead], coords, fact)
            elif shape == "colon":
                leads = [self._subject()]
                if rng.random() < 0.5:
                    other = self._subject()
                    if other.fact != leads[0].fact:
                        leads.append(other)
                duty, fact = self._duty_with_due()
                text = f"{_sentence(_join([m.written for m in leads], rng, table=False))}: {_sentence(duty)}."
                w.para(f"{i}. {text}")
                self._task(label, "list", text, leads, [], fact)
            elif shape == "give":
                lead = self._subject()
                coords = self._coordinators([lead.fact.name])
                coords = [c for c in coords if not c.fact.group][:1] or coords[:1]
                duty = _duty(rng, self.field, verbs=None if self.ag.misreads else _SUBJECT_VERBS)
                due, fact = _due_prose(rng, w.year)
                text = f"Giao {lead.written} {_lower_first(duty)}; phối hợp {coords[0].written} trong việc {_lower_first(_duty(rng, self.field))}{due}."
                w.para(f"{i}. {text}")
                self._task(label, "list", text, [lead], coords, fact)
            elif shape == "heading":
                lead = self._subject()
                w.para(f"{i}. {lead.written} có trách nhiệm:")
                self._bullets(lead, label, rng.randint(2, 4), coordinated=0.4)
            elif shape == "group":
                groups = [self.ag.group(rng.choice(_GROUPS_UNITS))] if self.ag.units else [
                    self.ag.group(g) for g in rng.sample(("các sở, ban, ngành", "UBND các huyện, thị xã, thành phố",
                                                          "các cơ quan, đơn vị liên quan"), rng.randint(1, 2))]
                duty, fact = self._duty_with_due()
                text = f"{_sentence(_join([g.written for g in groups], rng, table=False))}: {_sentence(duty)}."
                w.para(f"{i}. {text}")
                self._task(label, "list", text, groups, [], fact)
            else:
                lead = self._subject()
                coords = self._coordinators([lead.fact.name])
                duty, fact = self._duty_with_due()
                text = (f"{lead.written} phối hợp với {_join([c.written for c in coords], rng, table=False)} "
                        f"{duty}.")
                w.para(f"{i}. {text}")
                self._task(label, "list", text, [lead], coords, fact)
        if rng.random() < 0.7:
            w.para(rng.choice((
                "Trong quá trình triển khai thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời "
                "phản ánh để tổng hợp, báo cáo xem xét, chỉ đạo./.",
                "Trên đây là Kế hoạch triển khai thực hiện; đề nghị các cơ quan, đơn vị nghiêm túc thực hiện./.",
            )))

    def duties(self, section: str) -> None:
        """'… NHIỆM VỤ …' in a document without a table: topics with lettered duties or bullets."""
        rng, w = self.rng, self.w
        for i in range(1, rng.randint(2, 5) + 1):
            topic = w.closing(_sentence(_duty(rng, self.field)))
            w.para(f"{i}. {topic}")
            form = rng.choices(("letters", "bullets", "plain"), (45, 40, 15))[0]
            if form == "plain":
                body = _sentence(_duty(rng, self.field)) + "."
                w.para(body)
                self._task(f"{section}.{i}", "list", f"{topic} {body}", [], [], None)
            elif form == "bullets":
                for j in range(1, rng.randint(2, 4) + 1):
                    text = _sentence(_duty(rng, self.field)) + "."
                    w.para(f"- {text}")
                    self._task(f"{section}.{i}-{j}", "list", text, [], [], None)
            else:
                letters = "abcdđeg"
                for j in range(rng.randint(1, 4)):
                    letter = letters[j]
                    if rng.random() < 0.5:
                        leads = [self._subject()]
                        if rng.random() < 0.4:
                            other = self._subject()
                            if other.fact != leads[0].fact:
                                leads.append(other)
                        duty, fact = self._duty_with_due()
                        text = f"{_sentence(_join([m.written for m in leads], rng, table=False))}: {_sentence(duty)}."
                        w.para(f"{letter}) {text}")
                        self._task(f"{section}.{i}.{letter}", "list", text, leads, [], fact)
                    else:
                        lead = self._subject()
                        w.para(f"{letter}) {lead.written}")
                        self._bullets(lead, f"{section}.{i}.{letter}", rng.randint(1, 3), coordinated=0.5)


# ==================================================================================================
# Documents.

@dataclass
class _Spec:
    """One document to write."""

    index: int
    target: _Target  # its own identity (number None: a draft)
    province: str
    kind: str  # "party_resolution", "party_programme", "council_resolution", "decision", "plan"
    field: str
    topic: str
    dept: _Dept | None = None  # a department's plan
    draft: bool = False
    headless: bool = False
    via: str = "title"  # how a plan names what it implements


def _filename(spec: _Spec) -> str:
    t = spec.target
    p = slug(spec.province)
    year = t.date.year if t.date else spec.target.symbol_year or 0
    number = str(t.number) if t.number is not None and not spec.draft else "so"
    kind = f"{slug(t.doc_type)}-{slug(t.code)}"
    return f"documents/{p}/{p}_{year}_{number}-{kind}_{spec.index:06d}.txt"


def _place_date(province: str, d: dt.date, draft: bool, rng: random.Random) -> str:
    if draft:
        return rng.choice((f"{province}, ngày tháng năm {d.year}", f"{province}, ngày    tháng {d.month} năm {d.year}",
                           f"{province}, ngày ... tháng ... năm {d.year}"))
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{province}, ngày {d.day:02d} tháng {month} năm {d.year}"


def _own_fact(spec: _Spec, issuer: str, title: str | None) -> DocFact:
    t = spec.target
    if spec.headless:
        return DocFact(doc_type=t.doc_type, province=spec.province, issuer=issuer, title=title)
    symbol = t.symbol
    if spec.draft:
        symbol = "/" + symbol.split("/", 1)[1]
    return DocFact(
        doc_type=t.doc_type, number=None if spec.draft else f"{t.number:02d}", symbol=symbol, title=title,
        date=None if spec.draft else t.date, year=t.symbol_year or t.date.year, province=spec.province, issuer=issuer,
    )


def _symbol_line(spec: _Spec, w: _Writer) -> str:
    t = spec.target
    written = w._written_symbol(t)
    if spec.draft:
        written = "/" + written.split("/", 1)[1]
        w.warnings.append("blank-own-number")
    elif w.style.markdown and w.rng.random() < 0.5:
        num, _, rest = written.partition("/") if not t.party else written.partition("-")
        written = f"**{num}**{'/' if not t.party else '-'}{rest}"
    return ("Số " if t.party else "Số: ") + written


def _md(w: _Writer, text: str, level: str = "**") -> str:
    if not w.style.markdown:
        return text
    return f"{level} **{text}**" if level.startswith("#") else f"**{text}**"


def _header(spec: _Spec, w: _Writer, type_line: str, title: str, top: tuple[str, ...]) -> None:
    rng = w.rng
    t = spec.target
    if spec.headless:
        w.warnings.extend(["no-symbol", "no-date"])
        w.blank()
        w.para(_md(w, type_line))
        w.para(title)
        return
    for line in top:
        w.line(line)
    w.blank()
    w.para(_symbol_line(spec, w))
    if t.party:
        w.para("ĐẢNG CỘNG SẢN VIỆT NAM")
    elif rng.random() < 0.6:
        w.line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        w.para("Độc lập - Tự do - Hạnh phúc")
    w.para(_place_date(spec.province, t.date, spec.draft, rng))
    w.line(_md(w, type_line, "##") if w.style.markdown and rng.random() < 0.5 else _md(w, type_line))
    w.para(title)


def _state_top(spec: _Spec) -> tuple[str, ...]:
    p = spec.province
    if spec.dept is not None:
        return (f"UBND {_of(p).upper()}", spec.dept.name.upper())
    return ("ỦY BAN NHÂN DÂN", _of(p).upper())


def _heading(w: _Writer, numeral: str, text: str) -> None:
    line = f"{numeral}. {text}"
    w.para(_md(w, line, "##") if w.style.markdown else line)


def _signature(w: _Writer, spec: _Spec, recipients: list[str]) -> None:
    rng = w.rng
    w.line("Nơi nhận:")
    for r in recipients:
        w.line(f"- {r};")
    w.line(f"- Lưu: VT, {rng.choice(('KGVX', 'TH', 'KT', 'VP', 'QLKH', 'KHTC'))}.")
    w.blank()
    if spec.kind in ("party_resolution", "party_programme"):
        w.line("T/M BAN THƯỜNG VỤ")
        w.line(rng.choice(("BÍ THƯ", "PHÓ BÍ THƯ THƯỜNG TRỰC")))
    elif spec.kind == "council_resolution":
        w.line("CHỦ TỊCH")
    elif spec.dept is not None:
        w.line(rng.choice(("GIÁM ĐỐC", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")))
    else:
        w.line("TM. ỦY BAN NHÂN DÂN")
        w.line(rng.choice(("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "CHỦ TỊCH")))
    w.blank()
    w.para(_person(rng))


def _filler(w: _Writer, field_: str, n: int, *, bullets: bool = False) -> None:
    """Paragraphs of one to three sentences that state nothing a reader must find."""
    rng = w.rng
    for _ in range(n):
        sentences = []
        for _ in range(rng.choices((1, 2, 3), (40, 40, 20))[0]):
            sentences.append(rng.choice(_FILLER) if rng.random() < 0.45 else _sentence(_duty(rng, field_)) + ".")
        text = " ".join(sentences)
        if w.style.broken_lines and rng.random() < 0.15:
            text = _break_line(rng, text)
        w.para(("- " if bullets else "") + text)


def _background(world: _World, rng: random.Random, province: str, before: dt.date) -> _Target:
    """A provincial decision or plan earlier than `before` that this document cites."""
    pool = [t for t in world.background[province] if t.date < before]
    if pool and rng.random() < 0.7:
        return rng.choice(pool)
    d = before - dt.timedelta(days=rng.randint(60, 1500))
    doc_type = rng.choice(("QĐ", "KH", "KH"))
    names = _provincial_names(province)
    body, phrases = names["UBND"]
    field_ = rng.choice(_FIELDS)
    t = _Target(doc_type, world.number(rng, province, "UBND", doc_type, d.year), "UBND", d, province, body, body,
                phrases, f"về {field_[1]}", level=9)
    world.background[province].append(t)
    return t


def _recent_file(world: _World, rng: random.Random, province: str, before: dt.date, exclude) -> _Target | None:
    pool = [t for t in world.written[province] if t.date is not None and t.date < before and t not in exclude]
    return rng.choice(pool) if pool else None


def _national(world: _World, rng: random.Random, before: dt.date, codes=None, types=None) -> _Target | None:
    pool = [t for t in world.national if t.date < before and t.number is not None
            and (codes is None or t.code in codes) and (types is None or t.doc_type in types)]
    return rng.choice(pool) if pool else None


def _based_on_lines(w: _Writer, world: _World, rng: random.Random, before: dt.date, n: int,
                    exclude: _Target | None = None) -> None:
    """'Căn cứ …;' lines of an opening: laws by name and national documents (not `exclude`, which the
    document implements: a text may say both, but rarely does)."""
    used = {id(exclude)}
    for _ in range(n):
        if rng.random() < 0.3:
            name = rng.choice(_NAMED_LAWS)[0]
            t = next(x for x in world.national if x.number is None and x.title == name)
        else:
            t = _national(world, rng, before, codes=("TTg", "CP", "BKHCN", "QH13"))
        if t is None or id(t) in used:
            continue
        used.add(id(t))
        about = f" {t.about}" if t.about and t.doc_type != "L" else ""
        w.line(f"Căn cứ {w.cite(t, kind='based_on')}{about};")


def _cross_cites(w: _Writer, world: _World, rng: random.Random, spec: _Spec, n: int) -> None:
    """Bullets that cite other documents: 'theo Kế hoạch số 88/KH-UBND ngày 10/5/2022.'"""
    for _ in range(n):
        r = rng.random()
        if r < 0.45:
            t = _background(world, rng, spec.province, spec.target.date or dt.date(w.year, 1, 1))
        elif r < 0.75:
            t = _recent_file(world, rng, spec.province, spec.target.date or dt.date(w.year, 1, 1),
                             exclude=(spec.target,))
            if t is None:
                continue
        else:
            t = _national(world, rng, spec.target.date or dt.date(w.year, 1, 1))
            if t is None or t.doc_type == "L":
                continue
        field_ = rng.choice(_FIELDS)
        w.para(f"+ {_sentence(field_[1])} theo {w.cite(t, kind='cites')}.")


def _purpose(w: _Writer, spec: _Spec, parent: _Target | None, quoted: bool) -> None:
    rng = w.rng
    _heading(w, "I", rng.choice(("MỤC ĐÍCH, YÊU CẦU", "MỤC ĐÍCH - YÊU CẦU")))
    w.para("1. Mục đích")
    if quoted:
        w.para(f"- Triển khai đồng bộ, hiệu quả {w.cite(parent, kind='implements')} ban hành {w.issued(parent)}.")
    elif parent is not None and rng.random() < 0.6:
        if True:
            verb = rng.choice(("Tổ chức triển khai thực hiện có hiệu quả", "Triển khai thực hiện nghiêm túc",
                               "Cụ thể hóa các nhiệm vụ tại"))
            w.para(f"- {verb} {w.cite(parent, full=rng.random() < 0.5, kind='implements')}.")
    _filler(w, spec.field, rng.randint(1, 3), bullets=True)
    w.para("2. Yêu cầu")
    _filler(w, spec.field, rng.randint(1, 3), bullets=True)


def _goals(w: _Writer, spec: _Spec, numeral: str) -> None:
    rng = w.rng
    _heading(w, numeral, "MỤC TIÊU")
    w.para("1. Mục tiêu chung")
    _filler(w, spec.field, rng.randint(1, 2))
    if rng.random() < 0.4:
        w.para(f"{_sentence(_duty(rng, spec.field))}, góp phần thực hiện thắng lợi {w.congress()}.")
    w.para("2. Mục tiêu cụ thể")
    for _ in range(rng.randint(2, 6)):
        w.para("- " + _goal(rng, w.year))


def _write_plan(world: _World, spec: _Spec, parent: _Target | None, rng: random.Random) -> tuple[str, DocumentFacts, set]:
    """A plan (Kế hoạch) of the People's Committee or of a department."""
    t = spec.target
    year = t.date.year
    w = _Writer(world, rng, spec.province, t, year)
    _style(w, rng)
    names = _provincial_names(spec.province)
    issuer_name = _dept_issuer(spec.dept, spec.province) if spec.dept else names["UBND"][0]
    self_name = spec.dept.name if spec.dept else rng.choice(("Ủy ban nhân dân tỉnh", "UBND tỉnh")) if not _central(
        spec.province) else "Ủy ban nhân dân thành phố"
    ag = _Agencies(world, rng, spec.province, spec.dept)
    # title: what the plan implements, in one breath with what that implements
    via = spec.via if parent is not None else "none"
    depth = rng.choices((0, 1, 2), (30, 55, 15))[0]
    if via == "quoted":
        title = f"Triển khai “{parent.issues}”"
        quoted = True
    elif via == "title":
        verb = rng.choice(("Thực hiện", "Triển khai thực hiện", "Triển khai"))
        if parent.issues and not parent.quoted:
            title = f"{verb} {w.cite(parent, kind='implements')} ban hành {w.issued(parent)}"
        else:
            title = f"{verb} {w.chain(parent, depth, 'implements')}"
        quoted = False
    else:
        title = _sentence(spec.topic) + (f" giai đoạn {year}-{year + rng.randint(2, 5)}" if rng.random() < 0.6 else "")
        quoted = False
    if spec.headless:
        title += f" trên địa bàn {_of(spec.province)}"
    title = w.closing(title)
    top = _state_top(spec)
    _header(spec, w, "KẾ HOẠCH", title, top)
    # the opening
    if spec.dept is None and rng.random() < 0.5:
        _based_on_lines(w, world, rng, t.date, rng.randint(1, 3), exclude=parent)
    if via == "letter":
        # the committee's letter asking for plans: after what it asks to implement, before this plan
        gap = max(0, (t.date - parent.date).days)
        sent = parent.date + dt.timedelta(days=rng.randint(min(1, gap), gap))
        letter = _Target("CV", world.number(rng, spec.province, "UBND", "CV", sent.year), "UBND", sent, spec.province,
                         names["UBND"][0], names["UBND"][0], names["UBND"][1], "", unit=rng.choice(_LETTER_UNITS))
        w.para(f"Thực hiện {w.cite(letter, kind='implements', issuer=True)} về việc xây dựng kế hoạch thực hiện "
               f"{w.chain(parent, depth, 'implements')}, {self_name} xây dựng Kế hoạch thực hiện như sau:")
    elif via in ("title", "preamble") and parent is not None:
        if via == "preamble" or rng.random() < 0.6:
            if parent.issues and not parent.quoted:
                opening = f"{w.cite(parent, kind='implements')} ban hành {w.issued(parent)}"
            else:
                opening = w.chain(parent, depth if via == "preamble" else rng.choice((0, depth)), "implements")
            ending = rng.choice((f"{self_name} xây dựng Kế hoạch thực hiện như sau:",
                                 f"{self_name} ban hành Kế hoạch triển khai thực hiện như sau:",
                                 f"{self_name} xây dựng Kế hoạch với các nội dung như sau:"))
            w.para(f"Thực hiện {opening}, {ending}")
        else:
            w.para(f"{self_name} xây dựng Kế hoạch với các nội dung như sau:")
    elif via == "quoted":
        w.para(f"Nhằm cụ thể hóa các nhiệm vụ, giải pháp, {self_name} xây dựng Kế hoạch với các nội dung như sau:")
    else:
        w.para(f"{self_name} ban hành Kế hoạch với những nội dung chủ yếu như sau:")
    # I. purpose
    _purpose(w, spec, parent if via != "none" else None, quoted)
    numeral = 1
    if rng.random() < 0.5:
        numeral += 1
        _heading(w, _ROMAN[numeral - 1], rng.choice(("ĐÁNH GIÁ KẾT QUẢ GIAI ĐOẠN TRƯỚC", "THỰC TRẠNG VÀ ĐÁNH GIÁ CHUNG")))
        w.para("1. Kết quả đạt được")
        _filler(w, spec.field, rng.randint(2, 9))
        w.para("2. Hạn chế, nguyên nhân")
        _filler(w, spec.field, rng.randint(1, 5))
    if rng.random() < 0.6:
        numeral += 1
        _goals(w, spec, _ROMAN[numeral - 1])
        if rng.random() < 0.5:
            _cross_cites(w, world, rng, spec, rng.randint(1, 3))
    # tables or duty lists
    has_table = rng.random() < 0.7
    numeral += 1
    duty_section = _ROMAN[numeral - 1]
    _heading(w, duty_section, rng.choice(("NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU", "CÁC NHIỆM VỤ CHỦ YẾU",
                                          "MỘT SỐ NHIỆM VỤ TRỌNG TÂM", "NHIỆM VỤ VÀ GIẢI PHÁP")))
    prose = _ProseWriter(w, ag, spec.field)
    if has_table:
        w.para("(Chi tiết tại Phụ lục kèm theo)")
        _filler(w, spec.field, rng.randint(2, 8))
        if rng.random() < 0.5:
            _cross_cites(w, world, rng, spec, rng.randint(1, 3))
    else:
        prose.duties(duty_section)
    if rng.random() < 0.4:
        numeral += 1
        _heading(w, _ROMAN[numeral - 1], "KINH PHÍ THỰC HIỆN")
        _filler(w, spec.field, rng.randint(1, 2))
    numeral += 1
    org = _ROMAN[numeral - 1]
    _heading(w, org, rng.choice(("TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện")))
    prose.organisation(org)
    prose_tasks = list(w.tasks)
    recipients = [rng.choice((f"Thường trực {_party(spec.province)}", "UBND tỉnh (b/c)", "Bộ Khoa học và Công nghệ")),
                  "Các sở, ban, ngành", "Như mục " + org]
    _signature(w, spec, recipients)
    # the appendix
    if has_table:
        layouts = ["full", "full", "full_end", "leads"] if spec.dept is None else ["full", "leads", "full", "columns"]
        n_tables = 2 if rng.random() < 0.15 else 1
        for k in range(1, n_tables + 1):
            layout = rng.choice(layouts)
            appendix = f"PHỤ LỤC {_ROMAN[k - 1]}" if n_tables > 1 else "PHỤ LỤC"
            w.line(appendix)
            w.line(rng.choice(("PHÂN CÔNG THỰC HIỆN CÁC NHIỆM VỤ, GIẢI PHÁP", "DANH MỤC NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH",
                               "Phân công triển khai thực hiện các nhiệm vụ")))
            own = "Kế hoạch số " + (("/" + t.symbol.split("/", 1)[1]) if spec.draft else t.symbol)
            when = (f"ngày tháng năm {year}" if spec.draft else f"ngày {t.date.day:02d}/{t.date.month:02d}/{t.date.year}")
            lead_in = rng.choice(("(Kèm theo", "(Ban hành kèm theo"))
            w.para(f"{lead_in} {own} {when} của {spec.dept.name if spec.dept else self_name})" if not spec.headless
                   else f"{lead_in} Kế hoạch này)")
            prefix = f"PL{_ROMAN[k - 1]}:" if n_tables > 1 else ""
            _TableWriter(w, ag, layout, prefix, spec.field, unit_plan=spec.dept is not None).write()
    w.tasks[:] = w.tasks[len(prose_tasks):] + prose_tasks  # the loaders give table tasks first
    text = w.text()
    own_fact = _own_fact(spec, issuer_name, _clean_title(title))
    return _finish(w, spec, text, own_fact)


def _clean_title(title: str) -> str:
    return " ".join(title.split())


def _style(w: _Writer, rng: random.Random) -> None:
    w.style = _Style(markdown=rng.random() < 0.12, old_tones=rng.random() < 0.15, nfd=rng.random() < 0.05,
                     broken_lines=rng.random() < 0.3)


def _finish(w: _Writer, spec: _Spec, text: str, own: DocFact) -> tuple[str, DocumentFacts, set]:
    """The text as extracted (old tones, NFD), its facts, and the links it states (child id, parent id)."""
    if w.style.old_tones:
        text = _old_tones(text)
    if w.style.nfd:
        text = unicodedata.normalize("NFD", text)
    facts = w.facts(_filename(spec), own)
    links = {(_self_id(spec), id(t)) for t in w.implements} | {(id(a), id(b)) for a, b in w.links}
    return text, facts, links


def _self_id(spec: _Spec):
    """Who a document's own statements link: its number's node, or (a draft, a copy without header)
    its file's."""
    return ("file", spec.index) if (spec.draft or spec.headless) else id(spec.target)


def _write_party(world: _World, spec: _Spec, parent: _Target | None, rng: random.Random) -> tuple[str, DocumentFacts, set]:
    """A provincial Party resolution (NQ/TU) or action programme (CTr/TU)."""
    t = spec.target
    w = _Writer(world, rng, spec.province, t, t.date.year)
    _style(w, rng)
    names = _provincial_names(spec.province)
    party = _party(spec.province)
    programme = spec.kind == "party_programme"
    if programme:
        type_line = "CHƯƠNG TRÌNH HÀNH ĐỘNG"
        title = f"thực hiện {w.chain(parent, 0, 'implements')}"
    else:
        type_line = "NGHỊ QUYẾT"
        title = _sentence(t.about)
    title = w.closing(title)
    _header(spec, w, type_line, title, (f"{party.upper()} {spec.province.upper()}", "*"))
    if parent is not None and not programme:
        w.para(f"Thực hiện {w.chain(parent, 0, 'implements')}, Ban Thường vụ {party} ban hành Nghị quyết như sau:")
    elif parent is not None:
        w.para(f"Thực hiện {w.cite(parent, full=False, kind='implements')}, Ban Thường vụ {party} xây dựng "
               "Chương trình hành động như sau:")
    _heading(w, "I", "TÌNH HÌNH VÀ NGUYÊN NHÂN")
    _filler(w, spec.field, rng.randint(2, 5))
    _heading(w, "II", "QUAN ĐIỂM, MỤC TIÊU")
    _filler(w, spec.field, rng.randint(1, 3))
    for _ in range(rng.randint(2, 4)):
        w.para("- " + _goal(rng, w.year))
    ag = _Agencies(world, rng, spec.province, None)
    prose = _ProseWriter(w, ag, spec.field)
    _heading(w, "III", "NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU")
    prose.duties("III")
    _heading(w, "IV", "TỔ CHỨC THỰC HIỆN")
    prose.organisation("IV")
    _signature(w, spec, ["Ban Bí thư Trung ương Đảng (b/c)", "Các đảng bộ trực thuộc", f"Các đồng chí {party} viên"])
    issuer = names["TU"][0]
    return _finish(w, spec, w.text(), _own_fact(spec, issuer, _clean_title(title)))


def _write_council(world: _World, spec: _Spec, parent: _Target | None, rng: random.Random) -> tuple[str, DocumentFacts, set]:
    """A People's Council resolution: no tasks of its own, articles instead."""
    t = spec.target
    w = _Writer(world, rng, spec.province, t, t.date.year)
    _style(w, rng)
    names = _provincial_names(spec.province)
    title = w.closing(_sentence(t.about))
    lvl = _level(spec.province)
    _header(spec, w, "NGHỊ QUYẾT", title, ("HỘI ĐỒNG NHÂN DÂN", _of(spec.province).upper()))
    w.line(f"HỘI ĐỒNG NHÂN DÂN {_of(spec.province).upper()}")
    w.para(f"KHÓA {world.congress[spec.province]}, KỲ HỌP THỨ {rng.randint(3, 20)}")
    law = next(x for x in world.national if x.title == "Luật Tổ chức chính quyền địa phương")
    w.line(f"Căn cứ {w.cite(law, kind='based_on')};")
    if parent is not None:
        w.line(f"Căn cứ {w.cite(parent, kind='based_on')} {parent.about};")
    d = t.date - dt.timedelta(days=rng.randint(3, 20))
    ubnd, ubnd_phrases = names["UBND"]
    sub = _Target("TTr", world.number(rng, spec.province, "UBND", "TTr", d.year), "UBND", d, spec.province, ubnd,
                  ubnd, ubnd_phrases, "")
    w.para(f"Xét {w.cite(sub, kind='cites')}; Báo cáo thẩm tra của Ban Kinh tế - Ngân sách Hội đồng nhân dân {lvl}; "
           f"ý kiến thảo luận của đại biểu Hội đồng nhân dân {lvl} tại kỳ họp.")
    w.para("QUYẾT NGHỊ:")
    w.para(f"Điều 1. Thông qua các nội dung {t.about}.")
    _filler(w, spec.field, rng.randint(2, 6))
    w.para(f"Điều 2. Giao Ủy ban nhân dân {lvl} tổ chức thực hiện Nghị quyết này.")
    w.tasks.append(TaskFact(label="Điều 2", origin="prose",
                            text=f"Giao Ủy ban nhân dân {lvl} tổ chức thực hiện Nghị quyết này.",
                            leads=[AgencyFact(name=f"Ủy ban nhân dân {lvl}", province=spec.province)]))
    w.para(f"Điều 3. Nghị quyết này đã được Hội đồng nhân dân {_of(spec.province)} khóa "
           f"{world.congress[spec.province]} thông qua và có hiệu lực kể từ ngày thông qua./.")
    _signature(w, spec, ["Ủy ban Thường vụ Quốc hội", "Chính phủ", f"Thường trực {_party(spec.province)}"])
    issuer = names["HĐND"][0]
    return _finish(w, spec, w.text(), _own_fact(spec, issuer, title))


def _write_decision(world: _World, spec: _Spec, parent: _Target | None, rng: random.Random) -> tuple[str, DocumentFacts, set]:
    """A People's Committee decision that issues a programme (ban hành Chương trình …)."""
    t = spec.target
    w = _Writer(world, rng, spec.province, t, t.date.year)
    _style(w, rng)
    names = _provincial_names(spec.province)
    lvl = _level(spec.province)
    if t.quoted:
        title = f"Ban hành “{t.issues}”"
    else:
        title = f"Ban hành Chương trình hành động thực hiện {w.chain(parent, 0, 'implements')}"
    title = w.closing(title)
    _header(spec, w, "QUYẾT ĐỊNH", title, ("ỦY BAN NHÂN DÂN", _of(spec.province).upper()))
    w.para(f"ỦY BAN NHÂN DÂN {_of(spec.province).upper()}")
    law = next(x for x in world.national if x.title == "Luật Tổ chức chính quyền địa phương")
    w.para(f"Căn cứ {w.cite(law, kind='based_on')};")
    if parent is not None:
        w.para(f"Thực hiện {w.cite(parent, full=False, kind='implements')};")
    owner = rng.choice(_ISSUING_DEPTS)
    sub = _Target("TTr", world.number(rng, spec.province, owner.code, "TTr", t.date.year), owner.code,
                  t.date - dt.timedelta(days=rng.randint(5, 30)), spec.province,
                  _dept_issuer(owner, spec.province), _dept_issuer(owner, spec.province), (), "")
    w.para(f"Theo đề nghị của Giám đốc {owner.name} tại {w.cite(sub, kind='cites')}.")
    w.para("QUYẾT ĐỊNH:")
    what = f"“{t.issues}”" if t.quoted else "Chương trình hành động"
    w.para(f"Điều 1. Ban hành kèm theo Quyết định này {what}.")
    w.para("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    execution = (f"Chánh Văn phòng Ủy ban nhân dân {lvl}, Giám đốc các sở, ban, ngành và các cơ quan, đơn vị liên "
                 "quan chịu trách nhiệm thi hành Quyết định này./.")
    w.para(f"Điều 3. {execution}")
    # the execution clause is a task of the decision: each body it names carries it
    w.tasks.append(TaskFact(label="Điều 3", origin="prose", text=execution, leads=[
        AgencyFact(name=f"Văn phòng Ủy ban nhân dân {lvl}", province=spec.province),
        AgencyFact(name="Các sở, ban, ngành", province=spec.province, group=True),
        AgencyFact(name="Các cơ quan, đơn vị liên quan", province=spec.province, group=True),
    ]))
    _signature(w, spec, ["Như Điều 3", f"Thường trực {_party(spec.province)}", f"Thường trực HĐND {lvl}"])
    # the programme it issues
    if t.quoted:
        w.line("CHƯƠNG TRÌNH")
        w.para(_sentence(t.issues.removeprefix("Chương trình ")))
    else:
        w.line("CHƯƠNG TRÌNH HÀNH ĐỘNG")
        w.para(f"Thực hiện {w.cite(parent, full=False, kind='implements')}")
    w.para(f"(Ban hành kèm theo Quyết định số {t.symbol} ngày {t.date.day:02d}/{t.date.month:02d}/{t.date.year} của "
           f"Ủy ban nhân dân {lvl})")
    ag = _Agencies(world, rng, spec.province, None)
    prose = _ProseWriter(w, ag, spec.field)
    _heading(w, "I", "MỤC TIÊU")
    _filler(w, spec.field, rng.randint(1, 3))
    _heading(w, "II", "NHIỆM VỤ, GIẢI PHÁP")
    prose.duties("II")
    _heading(w, "III", "TỔ CHỨC THỰC HIỆN")
    prose.organisation("III")
    issuer = names["UBND"][0]
    return _finish(w, spec, w.text(), _own_fact(spec, issuer, _clean_title(title)))


_WRITERS = {
    "plan": _write_plan, "party_resolution": _write_party, "party_programme": _write_party,
    "council_resolution": _write_council, "decision": _write_decision,
}


# ==================================================================================================
# Families: one chain of documents implementing each other up to a resolution.

def _date_after(rng: random.Random, d: dt.date, lo: int, hi: int) -> dt.date:
    out = d + dt.timedelta(days=rng.randint(lo, hi))
    return min(out, dt.date(2025, 12, 31))


def _family(world: _World, family: int) -> Iterator[_Spec]:
    """The documents of one family, top first: (spec, what it implements)."""
    seed = world.seed
    rng = random.Random(f"policy-kg/synth/{seed}/family/{family}")
    province = rng.choices(world.provinces, world.province_weights)[0]
    field_name, topic = rng.choice(_FIELDS)
    year = 2025 if province == "Huế" else rng.choices((2020, 2021, 2022, 2023, 2024, 2025), (8, 14, 16, 16, 14, 8))[0]
    names = _provincial_names(province)
    shape = rng.choices(("party", "central", "council", "decision", "quoted", "national"), (26, 18, 14, 14, 12, 16))[0]
    about = f"về {topic}"

    def spec(target: _Target, kind: str, **kw) -> _Spec:
        return _Spec(0, target, province, kind, field_name, topic, **kw)

    start = dt.date(year, rng.randint(1, 9), rng.randint(1, 28))
    top: _Target | None = None
    chain: list[tuple[_Spec | None, _Target]] = []  # documents of the family (spec None: only cited)
    if shape in ("party", "central"):
        central = None
        if shape == "central":
            central = _national(world, rng, start, codes=("TW",))
        body, phrases = names["BTV"] if rng.random() < 0.6 else names["TU"]
        kind = "party_programme" if central is not None and rng.random() < 0.6 else "party_resolution"
        doc_type = "CTr" if kind == "party_programme" else "NQ"
        t = _Target(doc_type, world.number(rng, province, "TU", doc_type, start.year), "TU", start, province,
                    body if doc_type == "NQ" else names["TU"][0], names["TU"][0],
                    phrases if doc_type == "NQ" else names["TU"][1], about, parent=central, level=1)
        chain.append((spec(t, kind) if rng.random() < 0.55 else None, t))
        top = t
    elif shape == "council":
        body, phrases = names["HĐND"]
        normative = rng.random() < 0.35
        t = _Target("NQ", world.number(rng, province, "HĐND", "NQ", start.year), "HĐND", start, province, body, body,
                    phrases, about, symbol_year=start.year if normative else None, level=1)
        chain.append((spec(t, "council_resolution") if rng.random() < 0.5 else None, t))
        top = t
    elif shape == "decision":
        # a party resolution, then the committee's decision that issues its action programme
        body, phrases = names["BTV"]
        r = _Target("NQ", world.number(rng, province, "TU", "NQ", start.year), "TU", start, province, body,
                    names["TU"][0], phrases, about, level=1)
        chain.append((spec(r, "party_resolution") if rng.random() < 0.4 else None, r))
        d = _date_after(rng, start, 20, 120)
        ubnd, ubnd_phrases = names["UBND"]
        q = _Target("QĐ", world.number(rng, province, "UBND", "QĐ", d.year), "UBND", d, province, ubnd, ubnd,
                    ubnd_phrases, "", parent=r, level=2)
        q.issues = "action"
        chain.append((spec(q, "decision"), q))
        top = q
    elif shape == "quoted":
        ubnd, ubnd_phrases = names["UBND"]
        q = _Target("QĐ", world.number(rng, province, "UBND", "QĐ", start.year), "UBND", start, province, ubnd, ubnd,
                    ubnd_phrases, "", level=1, quoted=True)
        until = start.year + rng.randint(3, 8)
        q.issues = (f"Chương trình {topic} của {_of(province)} đến năm {until}, định hướng đến năm {until + 5}")
        chain.append((spec(q, "decision"), q))
        top = q
    else:
        top = _national(world, rng, start, codes=("TTg", "BKHCN"))
    # the committee's plan
    if shape in ("quoted",):
        ubnd_plan = None
        parent = top
    else:
        d = _date_after(rng, top.date if top is not None and top.date and top.date > start else start, 15, 150)
        if shape == "decision":
            d = _date_after(rng, chain[-1][1].date, 10, 90)
        ubnd, ubnd_phrases = names["UBND"]
        ubnd_plan = _Target("KH", world.number(rng, province, "UBND", "KH", d.year), "UBND", d, province, ubnd, ubnd,
                            ubnd_phrases, f"về {topic}" if rng.random() < 0.5 else "", parent=top, level=2)
        via = "quoted" if False else rng.choices(("title", "preamble"), (65, 35))[0]
        headless = rng.random() < 0.02 and not _central(province)
        chain.append((spec(ubnd_plan, "plan", via=via, headless=headless) if rng.random() < 0.9 else None, ubnd_plan))
        parent = ubnd_plan
    # the departments' plans
    n_depts = rng.choices((0, 1, 2, 3, 4, 6), (8, 30, 25, 17, 12, 8))[0]
    depts: list[_Dept] = []
    for _ in range(n_depts):
        dept = _zipf_pick(rng, [d for d in world.dept_rank[province] if d.code], 1.0, depts)
        depts.append(dept)
    for dept in depts:
        d = _date_after(rng, parent.date, 7, 120)
        code = dept.code if not (dept.code == "SKHCN" and rng.random() < 0.2) else "KHCN"
        body = _dept_issuer(dept, province)
        t = _Target("KH", world.number(rng, province, code, "KH", d.year), code, d, province, body, body,
                    (dept.name,), "", parent=parent, level=3)
        draft = rng.random() < 0.06
        via = "quoted" if shape == "quoted" else rng.choices(("title", "preamble", "letter"), (55, 30, 15))[0]
        chain.append((spec(t, "plan", dept=dept, draft=draft, via=via), t))
    for s, _t in chain:
        if s is not None:
            yield s


# ==================================================================================================
# The public surface.

def generate(docs: int, seed: int, *, misreads: bool = False) -> Iterator[SynthDocument]:
    """`docs` documents, the same for the same seed: families of documents implementing each other.

    `misreads=True` also writes the realistic spellings the loaders are known to misread (see
    `_reads_in_prose`, `_SUBJECT_VERBS`, `_MISREAD_EVERYWHERE`); their facts say what the text means,
    so reading such a corpus back shows each misread as a difference.

    A family is written whole before it is yielded (a later plan may state how an earlier document
    links up, "Kế hoạch 209 … thực hiện Nghị quyết 11"), so memory holds one family at most."""
    world = _World(seed, misreads)
    produced = 0
    family = 0
    while produced < docs:
        batch: list[tuple[_Spec, str, DocumentFacts]] = []
        stated: set[tuple] = set()
        for spec in _family(world, family):
            if produced >= docs:
                break
            spec.index = produced
            rng = random.Random(f"policy-kg/synth/{seed}/doc/{produced}")
            parent = None if (spec.kind == "decision" and spec.target.quoted) else spec.target.parent
            text, facts, links = _WRITERS[spec.kind](world, spec, parent, rng)
            stated |= links
            if spec.target.number is not None and not spec.draft and not spec.headless:
                world.written[spec.province].append(spec.target)
            produced += 1
            batch.append((spec, text, facts))
        for spec, text, facts in batch:
            facts.chain = _chain(spec, stated)
            yield SynthDocument(path=facts.file, text=text, facts=facts)
        family += 1


def _chain(spec: _Spec, stated: set) -> list[str]:
    """What a document implements, up to the top, as far as the family's texts state each link."""
    out = []
    t, at = spec.target, _self_id(spec)
    while t.parent is not None and t.parent.number is not None and (at, id(t.parent)) in stated:
        out.append(doc_key(t.parent.fact(t.parent.body)))
        t = t.parent
        at = id(t)
    return out


def write_corpus(out: Path, docs: int, seed: int, *, misreads: bool = False, doc_format: str = "txt",
                 merge: bool = False, progress=None) -> CorpusSummary:
    """Write `docs` documents under out/documents/ and their facts to out/expected.json (streamed).

    `doc_format` ("txt", "md", "docx", "html", "pdf") writes each document in that format through
    `kg.render` (PDF through LibreOffice, in batches); the facts are the same, only the file names
    change. `merge` writes Word files (and the PDFs made from them) with merged cells: a lead or
    deadline repeated down rows as one cell, a group row's title spanning the row, a two-row
    heading's cells merged. `progress(n)` is called after each document."""
    from .render import FORMATS, docx_to_pdf, render

    if doc_format not in FORMATS:
        raise ValueError(f"unknown document format {doc_format!r}: choose one of {', '.join(FORMATS)}")
    started = time.perf_counter()
    out = Path(out)
    (out / "documents").mkdir(parents=True, exist_ok=True)
    total_bytes = 0
    tasks = citations = 0
    relations: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    provinces: set[str] = set()
    made: set[Path] = set()
    pending_pdf: list[tuple[Path, Path]] = []  # (docx written, pdf wanted)
    expected = out / "expected.json"

    def flush_pdf() -> int:
        written = 0
        by_folder: dict[Path, list[Path]] = {}
        for source, target in pending_pdf:
            by_folder.setdefault(target.parent, []).append(source)
        for folder, sources in by_folder.items():
            for made_pdf in docx_to_pdf(sources, folder):
                written += made_pdf.stat().st_size
        for source, _ in pending_pdf:
            source.unlink()
        pending_pdf.clear()
        return written

    with expected.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write('{"format": %d, "generator": "kg.synth", "seed": %d, "documents": [\n' % (FORMAT_VERSION, seed))
        first = True
        for count, doc in enumerate(generate(docs, seed, misreads=misreads), start=1):
            path = out / doc.path
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            facts = doc.facts
            if doc_format == "txt":
                data = doc.text.encode("utf-8")
                path.write_bytes(data)
                total_bytes += len(data)
            elif doc_format == "pdf":
                source = render(doc.text, "docx", path.with_name(path.stem + ".pdf-source"), merge=merge)
                pending_pdf.append((source, path.with_suffix(".pdf")))
                facts = facts.model_copy(update={"file": Path(doc.path).with_suffix(".pdf").as_posix()})
                if len(pending_pdf) >= 100:
                    total_bytes += flush_pdf()
            else:
                written = render(doc.text, doc_format, path, merge=merge)
                total_bytes += written.stat().st_size
                facts = facts.model_copy(update={"file": Path(doc.path).with_suffix(f".{doc_format}").as_posix()})
            tasks += len(facts.tasks)
            citations += len(facts.citations)
            relations.update(r.type for r in facts.relations)
            by_type[facts.document.doc_type or "?"] += 1
            provinces.add(facts.document.province or "")
            fh.write(("" if first else ",\n") + facts.model_dump_json(exclude_defaults=True))
            first = False
            if progress is not None:
                progress(count)
        if pending_pdf:
            total_bytes += flush_pdf()
        fh.write("\n]}\n")
    return CorpusSummary(
        out=str(out), seed=seed, documents=docs, bytes=total_bytes, tasks=tasks, citations=citations,
        relations=dict(sorted(relations.items())), by_type=dict(sorted(by_type.items())), provinces=len(provinces),
        expected=str(expected), seconds=round(time.perf_counter() - started, 3), format=doc_format,
    )


def load_expected(path: Path) -> list[DocumentFacts]:
    """The facts written by `write_corpus`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [DocumentFacts.model_validate(d) for d in data["documents"]]


# ==================================================================================================
# Reading back: what the loaders found, in the shape of the facts.

def read_back(record, file: str) -> DocumentFacts:
    """A loaded `DocumentRecord` as `DocumentFacts` (chain left empty: it is a property of the graph)."""
    ref = record.header.ref
    document = DocFact(doc_type=ref.doc_type, number=ref.number, symbol=ref.symbol, title=ref.title,
                       date=ref.date, year=ref.year, province=ref.province, issuer=ref.issuer)
    citations: list[DocFact] = []
    keys: list[str] = []
    for c in record.citations:
        r = c.ref
        fact = DocFact(doc_type=r.doc_type, number=r.number, symbol=r.symbol,
                       title=r.title if (r.symbol is None or r.doc_type == "L") else None, date=r.date, year=r.year,
                       province=r.province, issuer=r.issuer)
        keys.append(doc_key(fact))
        if fact not in citations:
            citations.append(fact)
    relations = []
    for rel in record.relations:
        fact = RelationFact(type=rel.type, subject=None if rel.subject is None else keys[rel.subject],
                            object=keys[rel.object])
        if fact not in relations:
            relations.append(fact)
    agencies = {a.key: a for a in record.agencies}

    def agency(key: str) -> AgencyFact:
        a = agencies[key]
        parent = agencies[a.parent].name if a.parent and a.parent in agencies else None
        return AgencyFact(name=a.name, province=a.province, parent=parent, group=a.kind == "group")

    tasks = []
    for t in record.tasks:
        d = t.deadline
        tasks.append(TaskFact(
            label=t.label, origin=t.origin, text=t.text, product=t.product,
            leads=[agency(a.agency) for a in t.assignments if a.role == "lead"],
            coordinators=[agency(a.agency) for a in t.assignments if a.role == "coordinate"],
            deadline=None if d is None else DeadlineFact(start=d.start, end=d.end, recurrence=d.recurrence,
                                                         anchor=d.anchor, relative=d.relative),
        ))
    return DocumentFacts(file=file, document=document, citations=citations, relations=relations, tasks=tasks,
                         warnings=sorted(p.code for p in record.problems))


def compare(expected: DocumentFacts, found: DocumentFacts) -> list[str]:
    """Every difference between what a file says and what was read from it, one line each."""
    out: list[str] = []
    f = expected.file
    if expected.document != found.document:
        out.append(f"{f}: document {_delta(expected.document, found.document)}")
    exp_c = {doc_key(c): c for c in expected.citations}
    got_c: dict[str, list[DocFact]] = {}
    for c in found.citations:
        got_c.setdefault(doc_key(c), []).append(c)
    for k in exp_c.keys() - got_c.keys():
        out.append(f"{f}: citation of {k} not read")
    for k in got_c.keys() - exp_c.keys():
        out.append(f"{f}: citation {k} read but not written: {got_c[k][0].model_dump(exclude_none=True)}")
    for k in exp_c.keys() & got_c.keys():
        for c in got_c[k]:
            if c != exp_c[k]:
                out.append(f"{f}: citation {k} {_delta(exp_c[k], c)}")
    exp_r = {(r.type, r.subject, r.object) for r in expected.relations}
    got_r = {(r.type, r.subject, r.object) for r in found.relations}
    for r in sorted(exp_r - got_r, key=str):
        out.append(f"{f}: relation {r} not read")
    for r in sorted(got_r - exp_r, key=str):
        out.append(f"{f}: relation {r} read but not written")
    exp_t = {t.label: t for t in expected.tasks}
    got_t = {t.label: t for t in found.tasks}
    if [t.label for t in expected.tasks] != [t.label for t in found.tasks]:
        out.append(f"{f}: task labels {[t.label for t in expected.tasks]} read as {[t.label for t in found.tasks]}")
    for label in exp_t.keys() & got_t.keys():
        if exp_t[label] != got_t[label]:
            out.append(f"{f}: task {label} {_delta(exp_t[label], got_t[label])}")
    if expected.warnings != found.warnings:
        out.append(f"{f}: warnings {expected.warnings} read as {found.warnings}")
    return out


def _delta(a: BaseModel, b: BaseModel) -> str:
    da, db = a.model_dump(), b.model_dump()
    parts = [f"{k}: {da[k]!r} read as {db[k]!r}" for k in da if da[k] != db.get(k)]
    return "; ".join(parts)


def compare_graph(graph, expected: list[DocumentFacts], root: Path) -> list[str]:
    """Every difference between the facts of a corpus (written under `root`) and the graph built from
    it (`kg.build.build(...).graph`): its documents, every implements / based_on / cites edge between
    documents (no more, no fewer), each document's chain of implements edges up to the top, and each
    task with its text, product, deadline, lead and co-ordinating agencies."""
    out: list[str] = []
    docs = {n: d for n, d in graph.nodes(data=True) if d.get("kind") == "Document"}
    by_key: dict[str, list[str]] = {}
    by_file: dict[Path, str] = {}
    for n, d in docs.items():
        by_key.setdefault(f"{d.get('symbol') or d.get('title')}|{d.get('province') or ''}|{d.get('year') or ''}",
                          []).append(n)
        if d.get("source"):
            by_file[Path(d["source"]).resolve()] = n

    def node_of(key: str, where: str) -> str | None:
        nodes = by_key.get(key, [])
        if len(nodes) != 1:
            out.append(f"{where}: {key} is {len(nodes)} nodes in the graph: {nodes}")
            return None
        return nodes[0]

    def agency(node: str) -> tuple:
        a = graph.nodes[node]
        parents = [v for _, v, k in graph.out_edges(node, keys=True) if k == "sub_organization_of"]
        parent = graph.nodes[parents[0]]["name"] if parents else None
        return _agency_identity(a["name"], a.get("province"), parent, bool(a.get("collective")))

    def fact_agency(a: AgencyFact) -> tuple:
        return _agency_identity(a.name, a.province, a.parent, a.group)

    wanted: set[tuple[str, str, str]] = set()
    for facts in expected:
        node = by_file.get((Path(root) / facts.file).resolve())
        if node is None:
            out.append(f"{facts.file}: no document node was read from it")
            continue
        d, e = docs[node], facts.document
        got = (d.get("doc_type"), d.get("number"), d.get("symbol"), d.get("date"), d.get("year"), d.get("province"),
               d.get("title"))
        # a draft keeps its symbol without the number ("/KH-SKHCN" is shown as "KH-SKHCN")
        symbol = e.symbol if e.number or not e.symbol else (e.symbol.strip(" /") or None)
        exp = (e.doc_type, e.number, symbol, e.date.isoformat() if e.date else None, e.year,
               e.province, e.title)
        if got != exp:
            out.append(f"{facts.file}: document node {node} is {got}, written {exp}")
        for r in facts.relations:
            subject = node if r.subject is None else node_of(r.subject, facts.file)
            target = node_of(r.object, facts.file)
            if subject is not None and target is not None:
                wanted.add((subject, target, r.type))
        # the chain of implements edges up to the top
        at = node
        for key in facts.chain:
            nxt = node_of(key, facts.file)
            if nxt is None:
                break
            if not graph.has_edge(at, nxt, "implements"):
                out.append(f"{facts.file}: chain broken: no implements edge {at} -> {nxt}")
            at = nxt
        if facts.chain and any(k == "implements" for _, _, k in graph.out_edges(at, keys=True)):
            out.append(f"{facts.file}: the chain ends at {at}, which implements more")
        # tasks
        tasks = {graph.nodes[u]["label"]: u for u, _, k in graph.in_edges(node, keys=True) if k == "part_of"}
        if sorted(tasks) != sorted(t.label for t in facts.tasks):
            out.append(f"{facts.file}: tasks {sorted(tasks)} in the graph, written {sorted(t.label for t in facts.tasks)}")
        for t in facts.tasks:
            u = tasks.get(t.label)
            if u is None:
                continue
            a = graph.nodes[u]
            dl = t.deadline
            exp_deadline = None if dl is None else {
                "start": dl.start.isoformat() if dl.start else None, "end": dl.end.isoformat() if dl.end else None,
                "recurrence": dl.recurrence, "anchor": dl.anchor, "relative": dl.relative,
            }
            got_deadline = None if a.get("deadline") is None else {
                k: a["deadline"][k] for k in ("start", "end", "recurrence", "anchor", "relative")}
            if (a.get("text"), a.get("product"), got_deadline) != (t.text, t.product, exp_deadline):
                out.append(f"{facts.file}: task {t.label} node {(a.get('text'), a.get('product'), got_deadline)}, "
                           f"written {(t.text, t.product, exp_deadline)}")
            roles = {"lead": set(), "coordinate": set()}
            for _, v, k in graph.out_edges(u, keys=True):
                if k.startswith("assigned_to:"):
                    roles[k.split(":", 1)[1]].add(agency(v))
            if roles["lead"] != {fact_agency(x) for x in t.leads} or roles["coordinate"] != {
                    fact_agency(x) for x in t.coordinators}:
                out.append(f"{facts.file}: task {t.label} assigned to {roles} in the graph, written "
                           f"{[fact_agency(x) for x in t.leads]} / {[fact_agency(x) for x in t.coordinators]}")
    found = {(u, v, k) for u, v, k in graph.edges(keys=True)
             if k in ("implements", "based_on", "cites") and u in docs and v in docs}
    for u, v, k in sorted(wanted - found):
        out.append(f"graph: no {k} edge {u} -> {v}")
    for u, v, k in sorted(found - wanted):
        out.append(f"graph: {k} edge {u} -> {v} that no document states")
    return out
