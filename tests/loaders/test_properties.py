"""Property-based: the loaders never raise on arbitrary text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import parse_text
from loaders.clean import clean

# Fragments of real documents, so generated text reaches the parsers' interesting paths.
FRAGMENTS = [
    "KẾ HOẠCH", "Số: 43/KH-SKHCN", "Phú Yên, ngày tháng năm 2022", "I. MỤC ĐÍCH", "II. NHIỆM VỤ",
    "III. TỔ CHỨC THỰC HIỆN", "1. ", "a) ", "- ", "+ ", "Sở Khoa học và Công nghệ", "chủ trì, phối hợp với ",
    "Các phòng và đơn vị thuộc Sở", ": ", "\t", "\n", "\n\n", "TT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tCơ quan phối hợp\tSản phẩm\tThời gian thực hiện",
    "2.1", "Quý I/2023", "01/2022", "Kế hoạch số 209/KH-UBND ngày 06/12/2021", "Nghị quyết số 11 -NQ/TU",
    "Thực hiện ", "Căn cứ ", "PHỤ LỤC II", "Nơi nhận:", "GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN", "Văn phòng",
    "Trung tâm KH và CN", "Phòng QLKH, ", "UBND các huyện, thành phố", "Quyết định số/QĐ-UBND ngày .../.../2023",
]

documents = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_parse_text_never_raises(text):
    record = parse_text(clean(text).text)
    labels = [t.label for t in record.tasks]
    assert len(labels) == len(set(labels))
    for task in record.tasks:
        assert 0 <= task.span.start <= task.span.end <= len(record.text)
        assert {a.agency for a in task.assignments} <= {a.key for a in record.agencies}


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_text_never_raises_on_any_text(text):
    parse_text(text)
