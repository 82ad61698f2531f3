"""Whose document it is: a resolution's own header names its issuer; a plan citing it may name another
body ("Nghị quyết số 01-NQ/TU ngày 13/7/2021 của BTV Tỉnh ủy" for a resolution whose header reads
"TỈNH ỦY LÀO CAI"). Both links are kept (issued_by, each with its sentence), and the issuer a trace or
`kg show` prints is the one the document itself names, on every backend and whichever file is read first."""

from __future__ import annotations

import pytest

from queries import BACKENDS, open_backend, trace
from queries.find import resolve_document, show

RESOLUTION = """TỈNH ỦY LÀO CAI
*

Số 01-NQ/TU

ĐẢNG CỘNG SẢN VIỆT NAM

Lào Cai, ngày 13 tháng 7 năm 2021

NGHỊ QUYẾT
Về phát triển nguồn nhân lực chất lượng cao

Ban Thường vụ Tỉnh ủy ban hành Nghị quyết như sau:

I. MỤC TIÊU

Phát triển nguồn nhân lực chất lượng cao.
"""

PLAN = """UBND TỈNH LÀO CAI
SỞ KẾ HOẠCH VÀ ĐẦU TƯ

Số: 12/KH-SKHĐT

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Lào Cai, ngày 23 tháng 12 năm 2021

KẾ HOẠCH
Triển khai thực hiện Nghị quyết số 01-NQ/TU ngày 13/7/2021 của BTV Tỉnh ủy về phát triển nguồn nhân lực chất lượng cao

I. NHIỆM VỤ

1. Sở Kế hoạch và Đầu tư chủ trì tham mưu đào tạo nguồn nhân lực chất lượng cao, hoàn thành trong năm 2022.
"""


@pytest.fixture(scope="module", params=["plan read first", "resolution read first"])
def graph(request, tmp_path_factory):
    from kg.cli import main

    folder = tmp_path_factory.mktemp("issuer")
    plan, resolution = ("a-ke-hoach.txt", "b-nghi-quyet.txt") if request.param == "plan read first" \
        else ("b-ke-hoach.txt", "a-nghi-quyet.txt")
    (folder / plan).write_text(PLAN, encoding="utf-8")
    (folder / resolution).write_text(RESOLUTION, encoding="utf-8")
    out = folder / "kg-out"
    assert main(["build", str(folder / plan), str(folder / resolution), "--out", str(out), "-q", "--no-view"]) == 0
    return out


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_issuer_is_the_one_the_document_itself_names(graph, backend):
    source = open_backend(graph, backend)
    resolution = resolve_document(source, "01-NQ/TU")
    view = show(source, resolution)
    assert view.attributes["issuer"] == "Tỉnh ủy Lào Cai"
    issuers = {link.other for link in view.links if link.type == "issued_by"}
    assert issuers == {"agency/lao-cai/tinh-uy-lao-cai", "agency/lao-cai/ban-thuong-vu-tinh-uy"}  # both kept
    tasks = [t for t, _, _ in source.tasks()]
    assert len(tasks) == 1
    top = trace(source, tasks[0]).paths[0].chain[-1]
    assert top.symbol == "01-NQ/TU" and top.issuer == "Tỉnh ủy Lào Cai"
