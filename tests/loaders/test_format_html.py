"""Web pages saved from legal portals and from Word: only the document is read.

Every page below is written the way the sites and Word write them (site navigation, breadcrumbs, a
sidebar of other documents, a footer, scripts; Word's MsoNormal paragraphs, conditional comments
and Windows-1258 bytes). What is asserted is what a person reading the page in a browser sees as the
document, from `loaders.read_document` on a file.
"""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
from pathlib import Path

import pytest

from loaders import UnreadableFile, read_document, read_documents
from loaders.models import DocumentRecord

DOCUMENTS = Path(__file__).resolve().parents[2] / "data" / "documents"


def names(record: DocumentRecord, code: str, role: str) -> list[str]:
    task = next(t for t in record.tasks if t.code == code)
    return [record.agency(a.agency).name for a in task.assignments if a.role == role]


def cited(record: DocumentRecord) -> set[str]:
    return {c.ref.symbol for c in record.citations if c.ref.symbol}


# --------------------------------------------------------------------------------------------------
# a provincial portal's page of a plan
# --------------------------------------------------------------------------------------------------

SITE_HEADER = """
<div id="ctl00_Header1_pnlTop" class="top-bar">
  <div class="logo"><a href="/"><img src="logo.png" alt="Cổng thông tin điện tử tỉnh Bắc Ninh"></a></div>
  <div class="site-name">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH BẮC NINH</div>
  <div class="today">Thứ Hai, ngày 12 tháng 6 năm 2023</div>
  <div class="login-box"><a href="/dang-nhap">Đăng nhập</a> | <a href="/dang-ky">Đăng ký</a></div>
</div>
<nav class="main-nav"><ul>
  <li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
  <li><a href="/van-ban">Văn bản chỉ đạo điều hành</a></li><li><a href="/quyet-dinh">Quyết định</a></li>
  <li><a href="/ke-hoach">Kế hoạch</a></li><li><a href="/lien-he">Liên hệ</a></li>
</ul></nav>
"""

SIDEBAR = """
<div class="col-md-3 right-col">
  <div class="box"><h3>Văn bản liên quan</h3>
    <ul>
      <li><a href="/vb/1">Quyết định số 1555/QĐ-UBND ngày 02/11/2021 của UBND tỉnh về Đề án chuyển đổi số</a>
          <span>Ngày ban hành: 02/11/2021</span></li>
      <li><a href="/vb/2">Kế hoạch số 321/KH-UBND ngày 15/8/2022 về phát triển doanh nghiệp</a>
          <span>Ngày ban hành: 15/08/2022</span></li>
      <li><a href="/vb/3">Chỉ thị số 08/CT-UBND ngày 01/3/2023 về cải cách hành chính</a></li>
    </ul>
  </div>
  <div class="box"><h3>Văn bản mới</h3>
    <p>Nghị quyết số 77/NQ-HĐND ngày 10/7/2023 của Hội đồng nhân dân tỉnh về giá dịch vụ y tế</p>
    <p>Thông báo số 412/TB-VP ngày 11/7/2023 kết luận của Chủ tịch Ủy ban nhân dân tỉnh</p>
  </div>
</div>
"""

SITE_FOOTER = """
<div id="footer" class="footer">
  <p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Bắc Ninh. Địa chỉ: Số 10 Phù Đổng Thiên Vương, thành phố Bắc Ninh.</p>
  <p>Điện thoại: 0222.3822.399 – Email: congthongtin@bacninh.gov.vn. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>
</div>
<div class="cookie-notice">Trang web sử dụng cookie để nâng cao trải nghiệm. <a href="#">Đồng ý</a></div>
<script>var related = "Quyết định số 999/QĐ-TTg ngày 01/01/2023"; gtag('config', 'UA-1');</script>
"""

HEADER_TABLE = """
<table border="0" cellspacing="0" cellpadding="0" width="100%">
  <tr><td width="40%" align="center"><b>ỦY BAN NHÂN DÂN<br>TỈNH BẮC NINH</b><br>-------</td>
      <td width="60%" align="center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b>
      <br>---------------</td></tr>
  <tr><td align="center">Số: 152/KH-UBND</td>
      <td align="right"><i>Bắc Ninh, ngày 20 tháng 6 năm 2023</i></td></tr>
</table>
"""

SIGNATURE_TABLE = """
<table border="0" cellspacing="0" cellpadding="0" width="100%">
  <tr><td valign="top" width="50%"><b><i>Nơi nhận:</i></b><br>- Bộ Khoa học và Công nghệ;<br>
      - TT Tỉnh ủy, TT HĐND tỉnh;<br>- Chủ tịch, các PCT UBND tỉnh;<br>- Lưu: VT, KGVX.</td>
      <td valign="top" align="center"><b>TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH<br><br><br><br>
      Đào Quang Khải</b></td></tr>
</table>
"""

TASK_HEADER = ("<tr><th>TT</th><th>Nội dung nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Cơ quan phối hợp</th>"
               "<th>Thời gian hoàn thành</th></tr>")

# Two groups, four tasks. Task 1 and 2 share their lead (rowspan), tasks 3 and 4 their deadline
# (rowspan); the header row is repeated where the printed page broke, as PDF-to-HTML copies have it.
TASK_TABLE = f"""
<table border="1" cellspacing="0" cellpadding="4" class="MsoTableGrid">
  <thead>{TASK_HEADER}</thead>
  <tbody>
  <tr><td><b>I</b></td><td colspan="4"><b>Nhiệm vụ chung</b></td></tr>
  <tr><td>1</td><td><p>Xây dựng cơ sở dữ liệu về khoa học&nbsp;và công nghệ của tỉnh</p></td>
      <td rowspan="2">Sở Khoa học và Công nghệ</td>
      <td>Sở Tài chính; Sở Kế hoạch và Đầu tư</td><td>Quý III/2023</td></tr>
  <tr><td>2</td><td>Tổ chức <span style="font-weight:bold">Ngày hội</span> khởi nghiệp đổi mới sáng tạo</td>
      <td>Sở Thông tin và Truyền thông</td><td>Năm 2024</td></tr>
  {TASK_HEADER}
  <tr><th>II</th><th colspan="4" style="text-align:left">Nhiệm vụ của các ngành</th></tr>
  <tr><td>3</td><td>Hỗ trợ doanh nghiệp đổi mới công nghệ<br>và thiết bị sản xuất</td>
      <td>Sở Công Thương</td><td>Ủy ban nhân dân các huyện, thị xã, thành phố</td>
      <td rowspan="2">2023 - 2025</td></tr>
  <tr><td>4</td><td>Ứng dụng công nghệ cao trong sản xuất nông nghiệp</td>
      <td>Sở Nông nghiệp và Phát triển nông thôn</td><td>Sở Khoa học và Công nghệ</td></tr>
  </tbody>
</table>
"""

DOCUMENT = f"""
{HEADER_TABLE}
<p align="center"><b>KẾ HOẠCH<br>Phát triển khoa học, công nghệ và đổi mới sáng tạo tỉnh Bắc Ninh năm 2023</b></p>
<p>Căn cứ Luật Khoa học và Công nghệ ngày 18 tháng 6 năm 2013;</p>
<p>Thực hiện Quyết định số 569/QĐ-TTg ngày 11/5/2022 của Thủ tướng Chính phủ ban hành Chiến lược
   phát triển khoa học, công nghệ và đổi mới sáng tạo đến năm 2030; <a href="/vb/nq-52">Nghị quyết số
   52-NQ/TW ngày 27/9/2019</a> của Bộ Chính trị, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:</p>
<p><b>I. MỤC TIÊU</b></p>
<p>Nâng cao năng lực khoa học, công nghệ và đổi mới sáng tạo của tỉnh, đóng góp vào tăng trưởng kinh tế.</p>
<p><b>II. NHIỆM VỤ</b></p>
<p>Các nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.</p>
<p><b>III. TỔ CHỨC THỰC HIỆN</b></p>
<p>Các sở, ban, ngành căn cứ nhiệm vụ được giao tổ chức thực hiện, báo cáo kết quả trước ngày 15/12 hằng năm.</p>
{SIGNATURE_TABLE}
<p align="center"><b>PHỤ LỤC</b></p>
<p align="center"><b>NHIỆM VỤ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ VÀ ĐỔI MỚI SÁNG TẠO NĂM 2023</b><br>
   <i>(Kèm theo Kế hoạch số 152/KH-UBND ngày 20/6/2023 của UBND tỉnh Bắc Ninh)</i></p>
{TASK_TABLE}
"""

PORTAL_PAGE = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Kế hoạch 152/KH-UBND phát triển khoa học, công nghệ năm 2023 - Cổng thông tin điện tử tỉnh Bắc Ninh</title>
<style>.fck_detail p {{ margin: 0 }} body {{ font-family: Arial }}</style>
<script src="/js/jquery.js"></script>
</head>
<body><form method="post" action="./chi-tiet.aspx?id=152" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4NzM2NDI3ODs7Pg==">
{SITE_HEADER}
<div class="container"><div class="row">
  <div class="col-md-9" id="ctl00_ContentPlaceHolder1_pnlDetail">
    <div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/van-ban">Văn bản</a> &gt; Kế hoạch</div>
    <h1 class="title">Kế hoạch 152/KH-UBND phát triển khoa học, công nghệ năm 2023</h1>
    <div class="meta">Lượt xem: 1.234</div>
    <div class="fck_detail">{DOCUMENT}</div>
    <div class="attach"><a href="/files/152.pdf">Tải về</a> <a href="/files/152.docx">Tải bản Word</a></div>
    <div class="social-share"><a href="https://facebook.com/share">Chia sẻ Facebook</a> <a href="#">Zalo</a></div>
    <div id="comments"><h3>Ý kiến bạn đọc</h3>
      <p>Đề nghị tỉnh thực hiện như Quyết định số 4321/QĐ-UBND ngày 05/5/2020 đã làm.</p></div>
  </div>
  {SIDEBAR}
</div></div>
{SITE_FOOTER}
</form></body></html>
"""


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture
def portal_plan(tmp_path) -> DocumentRecord:
    return read_document(write(tmp_path, "ke-hoach-152.html", PORTAL_PAGE))


def test_portal_plan_header(portal_plan):
    record = portal_plan
    ref = record.header.ref
    assert record.format == "html"
    assert (ref.doc_type, ref.number, ref.symbol, ref.date) == ("KH", "152", "152/KH-UBND", dt.date(2023, 6, 20))
    assert ref.issuer == "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert ref.title == "Phát triển khoa học, công nghệ và đổi mới sáng tạo tỉnh Bắc Ninh năm 2023"
    assert record.header.place == "Bắc Ninh"
    assert record.header.signer == "Đào Quang Khải"
    assert record.header.signer_title == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    # the document opens with its issuer: the site's title, breadcrumb and view counter are not read
    assert record.text.startswith("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH")


def test_portal_plan_tasks_from_the_appendix_table(portal_plan):
    record = portal_plan
    table = [t for t in record.tasks if t.origin == "table"]
    assert [t.code for t in table] == ["1", "2", "3", "4"]
    assert [t.heading for t in table] == ["Nhiệm vụ chung"] * 2 + ["Nhiệm vụ của các ngành"] * 2
    assert table[0].text == "Xây dựng cơ sở dữ liệu về khoa học và công nghệ của tỉnh"
    assert table[2].text == "Hỗ trợ doanh nghiệp đổi mới công nghệ và thiết bị sản xuất"
    assert names(record, "1", "lead") == ["Sở Khoa học và Công nghệ"]
    assert names(record, "1", "coordinate") == ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]
    # row 2's lead cell is the one above, merged over two rows
    assert names(record, "2", "lead") == ["Sở Khoa học và Công nghệ"]
    assert [a.inherited for a in table[1].assignments if a.role == "lead"] == [True]
    assert [a.inherited for a in table[0].assignments if a.role == "lead"] == [False]
    assert names(record, "2", "coordinate") == ["Sở Thông tin và Truyền thông"]
    assert names(record, "3", "lead") == ["Sở Công Thương"]
    assert names(record, "4", "lead") == ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert names(record, "4", "coordinate") == ["Sở Khoa học và Công nghệ"]
    deadlines = {t.code: (t.deadline.text if t.deadline else None) for t in table}
    assert deadlines == {"1": "Quý III/2023", "2": "Năm 2024", "3": "2023 - 2025", "4": "2023 - 2025"}
    assert (deadlines and table[0].deadline.end) == dt.date(2023, 9, 30)


def test_portal_plan_rows_are_located_in_the_table(portal_plan):
    by_code = {t.code: t for t in portal_plan.tasks if t.origin == "table"}
    # row 1 is the header, row 2 the first group; the repeated header is row 5
    assert [by_code[c].location for c in "1234"] == [
        "table 1, row 3", "table 1, row 4", "table 1, row 7", "table 1, row 8"]


def test_portal_plan_cites_what_the_document_cites_and_nothing_from_the_site(portal_plan):
    record = portal_plan
    assert {"569/QĐ-TTg", "52-NQ/TW"} <= cited(record)
    # the sidebar, the comments and the scripts name other documents: none of them is cited
    for other in ("1555/QĐ-UBND", "321/KH-UBND", "08/CT-UBND", "77/NQ-HĐND", "412/TB-VP", "4321/QĐ-UBND",
                  "999/QĐ-TTg"):
        assert other not in cited(record)
        assert other.split("/")[0] + "/" not in record.text
    for site_text in ("Trang chủ", "Đăng nhập", "CỔNG THÔNG TIN", "Thứ Hai", "Lượt xem", "Tải về", "Chia sẻ",
                      "Ý kiến bạn đọc", "Văn bản liên quan", "Cơ quan chủ quản", "cookie", "gtag", "VIEWSTATE",
                      "Cổng thông tin điện tử"):
        assert site_text not in record.text, site_text


def test_portal_page_layout_tables_read_as_lines(portal_plan):
    text = portal_plan.text
    # issuer, number, then motto and place-date: column by column, each cell a block of lines
    assert "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n\nSố: 152/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Nơi nhận:\n- Bộ Khoa học và Công nghệ;" in text
    assert "\t" not in text.split("PHỤ LỤC")[0]  # no layout table came out as a table row
    assert "-------" not in text


def test_page_in_a_layout_table_with_menus_in_cells(tmp_path):
    """Older portals lay the page out in a table: menu cell, content cell, sidebar cell."""
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
    <table width="980" border="0"><tr><td colspan="3"><img src="banner.jpg"></td></tr>
    <tr><td width="180" valign="top"><a href="/a">Giới thiệu</a><br><a href="/b">Tin tức</a><br>
        <a href="/c">Văn bản</a><br><a href="/d">Hỏi đáp</a></td>
        <td valign="top">{DOCUMENT}</td>
        <td width="180" valign="top">{SIDEBAR}</td></tr>
    <tr><td colspan="3">{SITE_FOOTER}</td></tr></table></body></html>"""
    record = read_document(write(tmp_path, "vb.htm", page))
    assert record.header.ref.symbol == "152/KH-UBND"
    assert [t.code for t in record.tasks if t.origin == "table"] == ["1", "2", "3", "4"]
    assert names(record, "2", "lead") == ["Sở Khoa học và Công nghệ"]
    assert "77/NQ-HĐND" not in cited(record) and "Hỏi đáp" not in record.text
    assert "Cơ quan chủ quản" not in record.text


# --------------------------------------------------------------------------------------------------
# Word's "Save as Web Page", Windows-1258
# --------------------------------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Text as Word writes it in Windows-1258: tone marks as combining characters after the letter."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


WORD_DECISION = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=windows-1258">
<meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">
<title>QUYẾT ĐỊNH</title>
<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>Văn thư</o:Author></o:DocumentProperties></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0in; font-size:14.0pt;} --></style>
</head>
<body lang=EN-US style='tab-interval:.5in'>
<div class=WordSection1>
<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>
 <tr style='mso-yfti-irow:0'>
  <td width=234 valign=top style='width:175.5pt;padding:0in 5.4pt 0in 5.4pt'>
  <p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>ỦY BAN NHÂN DÂN<o:p></o:p></span></b></p>
  <p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>TỈNH QUẢNG NAM<o:p></o:p></span></b></p>
  <p class=MsoNormal align=center style='text-align:center'><span lang=VI>--------<o:p></o:p></span></p>
  </td>
  <td width=390 valign=top style='width:292.5pt;padding:0in 5.4pt 0in 5.4pt'>
  <p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>
  Độc lập - Tự do - Hạnh phúc<o:p></o:p></span></b></p>
  </td>
 </tr>
 <tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
  <td width=234 valign=top><p class=MsoNormal align=center style='text-align:center'><span lang=VI>Số:
  2345/QĐ-UBND<o:p></o:p></span></p></td>
  <td width=390 valign=top><p class=MsoNormal align=right style='text-align:right'><i><span lang=VI>Quảng
  Nam, ngày 14 tháng 9 năm 2023<o:p></o:p></span></i></p></td>
 </tr>
</table>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>QUYẾT ĐỊNH<o:p></o:p></span></b></p>
<p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>Ban hành Kế hoạch hỗ trợ hệ sinh thái
khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam năm 2024<o:p></o:p></span></b></p>
<p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM<o:p></o:p></span></b></p>
<p class=MsoNormal style='text-align:justify;text-indent:.5in'><i><span lang=VI>Căn cứ Luật Tổ chức chính quyền địa
phương ngày 19 tháng 6 năm 2015;<o:p></o:p></span></i></p>
<p class=MsoNormal style='text-align:justify;text-indent:.5in'><i><span lang=VI>Căn cứ Quyết định số 844/QĐ-TTg
ngày 18/5/2016 của Thủ tướng Chính phủ phê duyệt Đề án “Hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo quốc gia
đến năm 2025”;<o:p></o:p></span></i></p>
<p class=MsoNormal style='text-align:justify;text-indent:.5in'><i><span lang=VI>Theo đề nghị của Giám đốc Sở Khoa học
và Công nghệ tại Tờ trình số 98/TTr-SKHCN ngày 05/9/2023.<o:p></o:p></span></i></p>
<p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>QUYẾT ĐỊNH:<o:p></o:p></span></b></p>
<p class=MsoNormal style='text-align:justify;text-indent:.5in'><b><span lang=VI>Điều 1.</span></b><span lang=VI>
Ban hành kèm theo Quyết định này Kế hoạch hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam năm 2024.
<o:p></o:p></span></p>
<p class=MsoNormal style='text-align:justify;text-indent:.5in'><b><span lang=VI>Điều 2.</span></b><span lang=VI>
Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ngành liên quan tổ chức triển khai Kế hoạch.
<o:p></o:p></span></p>
<p class=MsoNormal style='text-align:justify;text-indent:.5in'><b><span lang=VI>Điều 3.</span></b><span lang=VI>
Quyết định này có hiệu lực kể từ ngày ký.<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0>
 <tr><td width=300 valign=top><p class=MsoNormal><b><i><span lang=VI>Nơi nhận:</span></i></b><span lang=VI><br>
  - Như Điều 3;<br>- Bộ Khoa học và Công nghệ;<br>- Lưu: VT, KGVX.<o:p></o:p></span></p></td>
  <td width=320 valign=top><p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>TM. ỦY BAN NHÂN
  DÂN<br>CHỦ TỊCH<br><br><br><br>Lê Trí Thanh<o:p></o:p></span></b></p></td></tr>
</table>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
</div>
<span style='font-size:14.0pt;mso-fareast-font-family:"Times New Roman"'><br clear=all
style='page-break-before:always;mso-break-type:section-break'></span>
<div class=WordSection2>
<p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>KẾ HOẠCH<o:p></o:p></span></b></p>
<p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>Hỗ trợ hệ sinh thái khởi nghiệp đổi mới
sáng tạo tỉnh Quảng Nam năm 2024<o:p></o:p></span></b></p>
<p class=MsoNormal align=center style='text-align:center'><i><span lang=VI>(Ban hành kèm theo Quyết định số
2345/QĐ-UBND ngày 14/9/2023 của UBND tỉnh Quảng Nam)<o:p></o:p></span></i></p>
<p class=MsoNormal><b><span lang=VI>I. MỤC TIÊU<o:p></o:p></span></b></p>
<p class=MsoNormal style='text-align:justify;text-indent:.5in'><span lang=VI>Hình thành 10 doanh nghiệp khởi nghiệp
đổi mới sáng tạo trong năm 2024.<o:p></o:p></span></p>
<p class=MsoNormal><b><span lang=VI>II. TỔ CHỨC THỰC HIỆN<o:p></o:p></span></b></p>
<p class=MsoListParagraph style='margin-left:.5in;text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span
lang=VI><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span lang=VI>Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính tổ chức
triển khai Kế hoạch, hoàn thành trong năm 2024.<o:p></o:p></span></p>
<p class=MsoListParagraph style='margin-left:.5in;text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span
lang=VI><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span lang=VI>Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Khoa học và Công nghệ
bố trí vốn thực hiện các dự án, hoàn thành trước ngày 30/6/2024.<o:p></o:p></span></p>
</div>
</body>
</html>
"""


@pytest.fixture
def word_decision(tmp_path) -> DocumentRecord:
    # Word saves "Web Page" files under any name; portals serve them as .doc
    return read_document(write(tmp_path, "qd-2345.doc", cp1258(WORD_DECISION)))


def test_word_html_in_windows_1258_is_decoded(word_decision):
    record = word_decision
    assert record.format == "html" and record.encoding == "cp1258"
    assert "Hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo quốc gia" in record.text
    assert any("is a web page" in p.message for p in record.problems)  # named .doc: said, and read


def test_word_html_decision_header_and_citations(word_decision):
    record = word_decision
    ref = record.header.ref
    assert (ref.doc_type, ref.number, ref.symbol, ref.date) == ("QĐ", "2345", "2345/QĐ-UBND", dt.date(2023, 9, 14))
    assert ref.issuer == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert ref.title.startswith("Ban hành Kế hoạch hỗ trợ hệ sinh thái khởi nghiệp")
    assert (record.header.signer, record.header.signer_title) == ("Lê Trí Thanh", "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH")
    assert {"844/QĐ-TTg", "98/TTr-SKHCN"} <= cited(record)
    # Word's document properties (author) and styles are not text
    assert "Văn thư" not in record.text and "mso-" not in record.text


def test_word_html_reads_both_sections_and_its_list_numbers(word_decision):
    """The plan the decision issues follows in Word's second section; its numbered duties are Word
    list paragraphs, whose numbers Word writes as text (in conditional comments)."""
    record = word_decision
    assert "\n1. Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính" in record.text
    assert "\n2. Sở Kế hoạch và Đầu tư chủ trì" in record.text
    tasks = [t for t in record.tasks if t.label.startswith("II.")]
    assert [t.code for t in tasks] == ["1", "2"]
    assert names(record, "1", "lead") == ["Sở Khoa học và Công nghệ"]
    assert names(record, "1", "coordinate") == ["Sở Tài chính"]
    assert names(record, "2", "lead") == ["Sở Kế hoạch và Đầu tư"]
    assert names(record, "2", "coordinate") == ["Sở Khoa học và Công nghệ"]
    assert [t.deadline.text for t in tasks] == ["hoàn thành trong năm 2024", "hoàn thành trước ngày 30/6/2024"]


def test_western_page_with_character_references_keeps_its_letters(tmp_path):
    """A page declared Windows-1252 writes õ, ý, à as bytes and the other letters as references."""
    body = ("<p>Số: 15/KH-UBND</p><p>Quảng Ngãi, ngày 3 tháng 2 năm 2023</p><p>KẾ HOẠCH</p>"
            "<p>Thực hiện Quyết định số 12/QĐ-UBND ngày 02/01/2023, Ủy ban nhân dân tỉnh ban hành Kế hoạch "
            "với mục tiêu rõ ràng, bảo đảm chất lượng từng quý.</p>")
    raw = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'></head><body>"
           + body.encode("cp1252", errors="xmlcharrefreplace").decode("cp1252") + "</body></html>").encode("cp1252")
    assert b"r\xf5 r\xe0ng" in raw and b"&#7843;" in raw  # a real mix of bytes and references
    record = read_document(write(tmp_path, "kh.html", raw))
    assert record.encoding == "cp1252"
    assert "mục tiêu rõ ràng, bảo đảm chất lượng từng quý" in record.text
    assert record.header.ref.symbol == "15/KH-UBND" and "12/QĐ-UBND" in cited(record)


def test_page_without_charset_in_windows_1258_is_recognised(tmp_path):
    page = "<html><body>" + DOCUMENT + "</body></html>"
    record = read_document(write(tmp_path, "plan.htm", cp1258(page)))
    assert record.encoding == "cp1258"
    assert record.header.ref.symbol == "152/KH-UBND"
    assert names(record, "4", "lead") == ["Sở Nông nghiệp và Phát triển nông thôn"]


# --------------------------------------------------------------------------------------------------
# the corpus plans as web pages: the same tasks as their text
# --------------------------------------------------------------------------------------------------

def text_to_html(text: str) -> str:
    """The loaders' text layout as a plain web page: paragraphs → <p>, TAB rows → <tr><td>, a blank
    line (a page break) between rows → a new <table>, as PDF-to-HTML converters write them."""
    parts: list[str] = []
    rows: list[list[str]] = []

    def close_table() -> None:
        if rows:
            body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
            parts.append(f"<table border='1'>{body}</table>")
            rows.clear()

    for paragraph in text.split("\n\n"):
        lines = [ln for ln in paragraph.split("\n") if ln.strip()]
        if lines and all("\t" in ln for ln in lines):
            rows.extend(ln.split("\t") for ln in lines)
            close_table()
        elif lines:
            close_table()
            parts.append("<p>" + "<br>\n".join(html.escape(ln) for ln in lines) + "</p>")
    close_table()
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Văn bản</title></head><body>"
            "<div class='menu'><a href='/'>Trang chủ</a> <a href='/vb'>Văn bản</a></div>"
            f"<div class='noidung'>{''.join(parts)}</div></body></html>")


def task_facts(record: DocumentRecord) -> list[tuple]:
    return [(t.label, sorted(record.agency(a).name for a in t.leads),
             sorted(record.agency(a).name for a in t.coordinators), t.deadline.text if t.deadline else None)
            for t in record.tasks]


@pytest.mark.parametrize("prefix", ["hung-yen", "phu-yen", "quang-tri"])
def test_corpus_plan_as_a_web_page_gives_the_same_tasks(tmp_path, prefix):
    (source,) = DOCUMENTS.glob(f"{prefix}_*.txt")
    from_text = read_document(source)
    page = write(tmp_path, source.stem + ".html", text_to_html(source.read_text(encoding="utf-8")))
    from_html = read_document(page)
    assert len(from_text.tasks) > 5
    assert task_facts(from_html) == task_facts(from_text)
    assert from_html.header.ref == from_text.header.ref
    assert sorted(c.text for c in from_html.citations) == sorted(c.text for c in from_text.citations)
    if prefix == "phu-yen":  # its appendix is tables: every table task says where it is
        assert all(t.location and t.location.startswith("table ") for t in from_html.tasks if t.origin == "table")


# --------------------------------------------------------------------------------------------------
# pages that are not documents
# --------------------------------------------------------------------------------------------------

NOT_FOUND = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 - Không tìm thấy trang</title></head>
<body>{SITE_HEADER}<div class="container"><h1>Lỗi 404</h1><p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa.</p>
<p><a href="/">Về trang chủ</a></p></div>{SIDEBAR}{SITE_FOOTER}</body></html>"""

LOGIN = f"""<html><head><meta charset="utf-8"><title>Đăng nhập hệ thống</title></head><body>{SITE_HEADER}
<form method="post" action="/login"><div class="form-group"><label>Tên đăng nhập</label><input name="u"></div>
<div class="form-group"><label>Mật khẩu</label><input type="password" name="p"></div>
<p>Vui lòng đăng nhập để xem toàn văn văn bản.</p><button>Đăng nhập</button></form>{SITE_FOOTER}</body></html>"""

SCRIPT_SHELL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Chi tiết văn bản</title>
<script src="/static/js/chunk-vendors.js"></script><script src="/static/js/app.js"></script>
<script>window.__INITIAL_STATE__ = {"id": 152};</script></head><body><div id="app"></div></body></html>"""


@pytest.mark.parametrize("page, reason", [
    (NOT_FOUND, "error page"),
    (LOGIN, "login page"),
    (SCRIPT_SHELL, "filled in by scripts"),
])
def test_pages_without_a_document_are_refused_with_the_reason(tmp_path, page, reason):
    path = write(tmp_path, "van-ban.html", page)
    with pytest.raises(UnreadableFile) as caught:
        read_document(path)
    assert reason in str(caught.value)


def test_files_that_are_not_web_pages_are_refused(tmp_path):
    text = write(tmp_path, "notes.html", "Ghi chú cuộc họp: chưa có văn bản nào được ban hành trong tuần này.\n")
    binary = write(tmp_path, "blob.htm", bytes(range(256)) * 8)
    records, failures = read_documents([text, binary, write(tmp_path, "ok.html", PORTAL_PAGE)])
    assert [Path(r.path).name for r in records] == ["ok.html"]
    reasons = {Path(f.path).name: f.reason for f in failures}
    assert "holds no HTML" in reasons["notes.html"]
    assert "binary" in reasons["blob.htm"] or "not" in reasons["blob.htm"]


# --------------------------------------------------------------------------------------------------
# a legal library's page: the document's blocks sit among the site's in one content block
# --------------------------------------------------------------------------------------------------

LIBRARY_PAGE = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Kế hoạch 152/KH-UBND 2023</title></head>
<body>
<header><div class="brand">THƯ VIỆN VĂN BẢN</div><a href="/login">Đăng nhập</a></header>
<div class="wrap">
 <aside class="col-left"><h3>Văn bản mới ban hành</h3>
  <p>Căn cứ Nghị định số 55/2021/NĐ-CP, Ủy ban nhân dân tỉnh ban hành quy định về quản lý nhiệm vụ khoa học
     và công nghệ. Số: 88/QĐ-UBND, ban hành ngày 01/7/2023, hiệu lực từ ngày ký. Văn bản gồm 5 chương 30 điều,
     quy định trình tự xác định, tuyển chọn, giao trực tiếp, đánh giá, nghiệm thu nhiệm vụ cấp tỉnh.
     Điều 1. Ban hành kèm theo Quyết định này Quy định quản lý nhiệm vụ khoa học và công nghệ.</p>
  <p>Thực hiện Chỉ thị số 11/CT-TTg, Sở Nội vụ hướng dẫn việc đánh giá cán bộ, công chức năm 2023 và
     chấm điểm cải cách hành chính các sở, ngành, địa phương theo bộ chỉ số mới.</p>
 </aside>
 <div class="content1">
  <h1>Kế hoạch 152/KH-UBND năm 2023 phát triển khoa học Bắc Ninh</h1>
  <div>Lượt xem: 2.048</div>
  {HEADER_TABLE}
  <p align="center"><b>KẾ HOẠCH</b></p>
  <p align="center"><b>Phát triển khoa học, công nghệ và đổi mới sáng tạo tỉnh Bắc Ninh năm 2023</b></p>
  <table width="100%" border="0"><tr><td>
   <p>Thực hiện Quyết định số 569/QĐ-TTg ngày 11/5/2022 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban
      hành Kế hoạch như sau:</p>
   <p><b>I. MỤC TIÊU</b></p>
   <p>Nâng cao năng lực khoa học, công nghệ và đổi mới sáng tạo của tỉnh.</p>
   <p><b>II. TỔ CHỨC THỰC HIỆN</b></p>
   <p>1. Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính xây dựng cơ sở dữ liệu khoa học
      và công nghệ, hoàn thành trong Quý IV/2023.</p>
   <p>2. Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Nội vụ tổ chức Ngày hội khởi nghiệp,
      hoàn thành trong năm 2024.</p>
  </td></tr></table>
  {SIGNATURE_TABLE}
  <h3>Văn bản liên quan</h3>
  <ul class="list">
   <li><a href="/vb/9">Quyết định 1555/QĐ-UBND năm 2021 Đề án chuyển đổi số</a></li>
   <li><a href="/vb/8">Kế hoạch 321/KH-UBND năm 2022 phát triển doanh nghiệp</a></li>
   <li><a href="/vb/7">Chỉ thị 08/CT-UBND năm 2023 cải cách hành chính</a></li>
  </ul>
 </div>
</div>
<div class="bottom"><p>Bản quyền thuộc Thư viện văn bản. Giấy phép số 27/GP-TTĐT do Sở Thông tin và Truyền thông cấp.</p></div>
</body></html>"""


def test_library_page_reads_only_the_document_among_the_sites_blocks(tmp_path):
    record = read_document(write(tmp_path, "kh152.html", LIBRARY_PAGE))
    # the page title and view counter above the header table are the site's
    assert record.text.startswith("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH")
    assert record.header.ref.symbol == "152/KH-UBND" and record.header.signer == "Đào Quang Khải"
    # the body, set in a one-cell table, reads as paragraphs and gives its two duties
    tasks = [t for t in record.tasks if t.label.startswith("II.")]
    assert [t.code for t in tasks] == ["1", "2"]
    assert names(record, "1", "lead") == ["Sở Khoa học và Công nghệ"]
    assert names(record, "1", "coordinate") == ["Sở Tài chính"]
    assert names(record, "2", "lead") == ["Sở Thông tin và Truyền thông"]
    assert names(record, "2", "coordinate") == ["Sở Nội vụ"]
    assert [t.deadline.text for t in tasks] == ["hoàn thành trong Quý IV/2023", "hoàn thành trong năm 2024"]
    assert cited(record) >= {"569/QĐ-TTg"}
    # the sidebar's summaries, the list of related documents and the licence line are not the document
    for other in ("55/2021/NĐ-CP", "88/QĐ-UBND", "11/CT-TTg", "1555/QĐ-UBND", "321/KH-UBND", "08/CT-UBND",
                  "27/GP-TTĐT"):
        assert other not in cited(record), other
    for site_text in ("Lượt xem", "Văn bản liên quan", "THƯ VIỆN", "Đăng nhập", "Bản quyền", "Kế hoạch 152/KH-UBND năm"):
        assert site_text not in record.text, site_text
