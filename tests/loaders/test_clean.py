"""Tests of loaders.clean: decoding bytes and cleaning text, with examples from the corpus."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.clean import CleanText, UnreadableFile, clean, decode

DOCUMENTS = Path(__file__).resolve().parents[2] / "data" / "documents"
ENCODINGS = {"utf-8", "utf-8-sig", "utf-16", "cp1258", "tcvn3", "vni"}


def cleaned(text: str) -> str:
    return clean(text).text


def corpus_text(prefix: str) -> str:
    (path,) = DOCUMENTS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# Sentences of the corpus (Phú Yên, Hưng Yên) used to check each encoding.
PHU_YEN_SENTENCE = (
    "Thực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh thực hiện Nghị quyết số 11-NQ/TU "
    "ngày 18/8/2021 của Ban Thường vụ Tỉnh ủy về phát triển, ứng dụng khoa học, công nghệ và đổi mới "
    "sáng tạo phục vụ phát triển kinh tế - xã hội, Sở Khoa học và Công nghệ xây dựng Kế hoạch thực hiện như sau:"
)
PHU_YEN_PROPAGANDA = "Đẩy mạnh đưa thông tin, tuyên truyền các chủ trương, chính sách phát triển KHCN và ĐMST"
HUNG_YEN_PARAGRAPH = (
    "- Nghiên cứu, ứng dụng KH&CN, công nghệ sinh học trong phát triển sản xuất, chế biến các loại cây "
    "dược liệu và các sản phẩm dược liệu trên địa bàn tỉnh. Đổi mới và nâng cao chất lượng hoạt động "
    "thông tin KH&CN; đào tạo, bồi dưỡng, thu hút, phát triển đội ngũ cán bộ khoa học và công nghệ; "
    "hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo, Đảng bộ tỉnh, hướng dẫn xử lý những vướng mắc."
)


# --------------------------------------------------------------------------------------------------
# decode: encodings
# --------------------------------------------------------------------------------------------------

# Bytes produced by glibc iconv (TCVN5712-1, CP1258) for corpus text: an oracle independent of the
# tables in loaders.clean.
ICONV_TCVN3 = (
    b"Th\xf9c hi\xd6n K\xd5 ho\xb9ch s\xe8 209/KH-UBND ng\xb5y 06/12/2021 c\xf1a UBND t\xd8nh th\xf9c "
    b"hi\xd6n Ngh\xde quy\xd5t s\xe8 11-NQ/TU ng\xb5y 18/8/2021 c\xf1a Ban Th\xad\xeang v\xf4 T\xd8nh \xf1y"
)
ICONV_TCVN3_PROPAGANDA = (
    b"\xa7\xc8y m\xb9nh \xae\xada th\xabng tin, tuy\xaan truy\xd2n c\xb8c ch\xf1 tr\xad\xacng, ch\xddnh "
    b"s\xb8ch ph\xb8t tri\xd3n KHCN v\xb5 \xa7MST"
)
ICONV_CP1258 = (
    b"Th\xfd\xf2c hi\xea\xf2n K\xea\xec hoa\xf2ch s\xf4\xec 209/KH-UBND ng\xe0y 06/12/2021 cu\xd2a UBND "
    b"ti\xd2nh th\xfd\xf2c hi\xea\xf2n Nghi\xf2 quy\xea\xect s\xf4\xec 11-NQ/TU ng\xe0y 18/8/2021 cu\xd2a "
    b"Ban Th\xfd\xf5\xccng vu\xf2 Ti\xd2nh u\xd2y"
)
ICONV_SENTENCE = PHU_YEN_SENTENCE.split(" về phát triển")[0]

# TCVN3 bytes of the letters below, also from glibc iconv (VN3 has no upper-case toned letters).
TCVN3_LETTERS = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđĂÂÊÔƠƯĐ"
TCVN3_BYTES = bytes.fromhex(
    "b5b8b6b7b9a8bbbebcbdc6a9c7cac8c9cbccd0cecfd1aad2d5d3d4d6d7ddd8dcdedfe3e1e2e4abe5e8e6e7e9aceaedebec"
    "eeeff3f1f2f4adf5f8f6f7f9fafdfbfcfeaea1a2a3a4a5a6a7"
)


def encode_tcvn3(text: str) -> bytes:
    table = dict(zip(TCVN3_LETTERS, TCVN3_BYTES))
    return b"".join(bytes([table[c]]) if c in table else c.encode("ascii") for c in text)


# VNI-Windows, written as Windows-1252 text: a base letter and one mark (vietnamese-conversion's
# table: "Xin chào các bạn" is "Xin chaøo caùc baïn").
VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
VNI_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def encode_vni(text: str) -> bytes:
    out = []
    for char in text:
        if char in "đĐ":
            out.append("ñ" if char == "đ" else "Ñ")
            continue
        parts = unicodedata.normalize("NFD", char)
        base, marks = parts[0], parts[1:]
        tone = next((m for m in marks if m in VNI_TONE), "")
        upper = base.isupper()
        if "\u031b" in marks:  # horn: ơ, ư have bytes of their own
            letter = {"o": "ô", "u": "ö"}[base.lower()]
            vni = letter + VNI_TONE.get(tone, "")
        elif "\u0302" in marks:
            vni = base.lower() + VNI_CIRCUMFLEX[tone]
        elif "\u0306" in marks:
            vni = base.lower() + VNI_BREVE[tone]
        elif base.lower() == "i" and tone:
            vni = VNI_I[tone]
        elif base.lower() == "y" and tone == "\u0323":
            vni = "î"
        else:
            vni = base.lower() + (VNI_TONE[tone] if tone else "")
        out.append(vni.upper() if upper else vni)
    return "".join(out).encode("cp1252")


def read_as_western(raw: bytes) -> str:
    """What a Windows-1252 reader makes of bytes (unassigned bytes pass through, as Windows does)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)


def encode_cp1258(text: str) -> bytes:
    # Windows-1258 has ă â ê ô ơ ư đ but writes the tones as combining marks.
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(m for m in parts[1:] if m in VNI_TONE)
        rest = unicodedata.normalize("NFC", "".join(m for m in parts if m not in VNI_TONE))
        out.append(rest + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("raw", "encoding", "expected"),
    [
        (PHU_YEN_SENTENCE.encode("utf-8"), "utf-8", PHU_YEN_SENTENCE),
        (b"\xef\xbb\xbf" + PHU_YEN_SENTENCE.encode("utf-8"), "utf-8-sig", PHU_YEN_SENTENCE),
        (PHU_YEN_SENTENCE.encode("utf-16"), "utf-16", PHU_YEN_SENTENCE),
        (b"\xfe\xff" + PHU_YEN_SENTENCE.encode("utf-16-be"), "utf-16", PHU_YEN_SENTENCE),
        (ICONV_CP1258, "cp1258", ICONV_SENTENCE),
        (ICONV_TCVN3, "tcvn3", ICONV_SENTENCE),
        (ICONV_TCVN3_PROPAGANDA, "tcvn3", PHU_YEN_PROPAGANDA),
        ("Xin chaøo caùc baïn".encode("cp1252"), "vni", "Xin chào các bạn"),
        ("Nghò quyeát soá 11-NQ/TU cuûa Ban Thöôøng vuï Tænh uûy".encode("cp1252"), "vni",
         "Nghị quyết số 11-NQ/TU của Ban Thường vụ Tỉnh ủy"),
        ("ÑEÀ AÙN ñoåi môùi kyõ thuaät".encode("cp1252"), "vni", "ĐỀ ÁN đổi mới kỹ thuật"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1258-iconv", "tcvn3-iconv", "tcvn3-capitals",
         "vni-readme", "vni-resolution", "vni-upper"],
)
def test_decode_known_bytes(raw, encoding, expected):
    assert decode(raw) == (expected, encoding)


@pytest.mark.parametrize("sentence", [PHU_YEN_SENTENCE, PHU_YEN_PROPAGANDA, HUNG_YEN_PARAGRAPH])
@pytest.mark.parametrize(
    ("encode", "encoding"),
    [(encode_cp1258, "cp1258"), (encode_vni, "vni"), (lambda s: s.encode("utf-8"), "utf-8")],
)
def test_decode_round_trip(sentence, encode, encoding):
    assert decode(encode(sentence)) == (sentence, encoding)


@pytest.mark.parametrize("sentence", [PHU_YEN_PROPAGANDA, HUNG_YEN_PARAGRAPH])
def test_decode_round_trip_tcvn3(sentence):
    # Sentences without upper-case toned letters, which TCVN3 (ABC) cannot write.
    assert decode(encode_tcvn3(sentence)) == (sentence, "tcvn3")


def test_decode_cp1258_is_nfc():
    text, encoding = decode(encode_cp1258(PHU_YEN_SENTENCE))
    assert encoding == "cp1258" and unicodedata.is_normalized("NFC", text)


def test_decode_tcvn3_heading_in_capital_font():
    # .VnTimeH headings keep lower-case toned bytes: "KÕ HO¹CH" is "KẾ HOẠCH".
    assert decode(b"K\xd5 HO\xb9CH\r\nTh\xf9c hi\xd6n") == ("KẾ HOẠCH\r\nThực hiện", "tcvn3")


def test_decode_whole_corpus_file_in_legacy_encodings():
    text = corpus_text("ninh-thuan")
    assert decode(encode_cp1258(text)) == (text, "cp1258")
    assert decode(encode_vni(text)) == (text, "vni")


# --------------------------------------------------------------------------------------------------
# decode: files it refuses
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "the file is empty (0 bytes)"),
        (b" \r\n\t\n", "the file holds only blanks, tabs or line breaks (5 bytes), no text"),
        (b"\t\t\t\n\t\t\n", "the file holds only blanks, tabs or line breaks (7 bytes), no text"),
        (b"\xef\xbb\xbf\n", "the file holds only blanks, tabs or line breaks"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "it is a PDF file, not text: extract its text first"),
        (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml word/document.xml", "it is a Word .docx file"),
        (b"PK\x03\x04\x14\x00 xl/workbook.xml", "it is an Excel .xlsx file"),
        (b"PK\x03\x04\x14\x00 notes.txt", "it is a ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "it is an old Microsoft Office file"),
        (b"{\\rtf1\\ansi K\\'ea ho\\'e1ch}", "it is an RTF file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it is a PNG image"),
        ("Kế hoạch".encode("utf-16-le"), "it contains NUL bytes"),
        (bytes(range(1, 32)) * 4, "it is mostly control characters"),
        (b"\xff\xfe\x00\xd8", "not valid UTF-16"),
        ("Le café est très bon, même à Paris où l'été".encode("latin-1"), "does not read as Vietnamese"),
        (PHU_YEN_SENTENCE.encode("utf-8")[:-3] + b"\xe1\xbb", "it is UTF-8 with 1 invalid byte sequence(s), the first"),
        ("Ďakujem, že ste prišli včas".encode("cp1250"), "does not read as Vietnamese"),
        # TCVN3 text converted to UTF-8 as if it were Windows-1252: refused, not returned as mojibake.
        (read_as_western(ICONV_TCVN3).encode("utf-8"), "TCVN3 Vietnamese that was converted to UTF-8"),
        (read_as_western(encode_vni(PHU_YEN_SENTENCE)).encode("utf-8"), "VNI Vietnamese that was converted"),
        (read_as_western(PHU_YEN_SENTENCE.encode("utf-8")).encode("utf-8"), "encoded to UTF-8 twice"),
    ],
    ids=["empty", "whitespace", "tabs-only", "bom-only", "pdf", "docx", "xlsx", "zip", "doc", "rtf", "png", "utf-16-no-bom",
         "controls", "bad-utf-16", "french-latin1", "utf-8-cut", "slovak-cp1250", "tcvn3-mojibake", "vni-mojibake",
         "double-utf-8"],
)
def test_decode_refuses(raw, reason):
    with pytest.raises(UnreadableFile) as error:
        decode(raw)
    message = str(error.value)
    assert reason in message
    assert "\n" not in message and len(message.split(": ")) <= 2  # one sentence, no path


def test_decode_message_for_unknown_encoding_says_what_to_do():
    with pytest.raises(UnreadableFile, match="save it as UTF-8 and load it again"):
        decode("Le café est très bon".encode("latin-1"))


@settings(max_examples=300)
@given(
    st.one_of(
        st.binary(),
        st.binary().map(lambda b: b"\xff\xfe" + b),
        st.binary().map(lambda b: b"\xef\xbb\xbf" + b),
        st.text().map(lambda s: s.encode("utf-8")),
        st.text().map(lambda s: s.encode("cp1258", errors="ignore")),
        st.text().map(lambda s: s.encode("cp1252", errors="ignore")),
    )
)
def test_decode_raises_nothing_but_unreadable_file(raw):
    try:
        text, encoding = decode(raw)
    except UnreadableFile as error:
        assert str(error)
    else:
        assert isinstance(text, str) and text.strip()
        assert encoding in ENCODINGS


# --------------------------------------------------------------------------------------------------
# clean: one rule at a time
# --------------------------------------------------------------------------------------------------

NFD_TITLE = unicodedata.normalize("NFD", "Thực hiện Kế hoạch số 209/KH-UBND của Ủy ban nhân dân tỉnh")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (NFD_TITLE, "Thực hiện Kế hoạch số 209/KH-UBND của Ủy ban nhân dân tỉnh"),
        ("Nghi\u0323 quyê\u0301t", "Nghị quyết"),
        ("Sở Khoa học", "Sở Khoa học"),
    ],
)
def test_clean_composes_unicode(text, expected):
    assert cleaned(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The documents mix both placements; the tone goes on the first vowel of an open oa/oe/uy.
        ("công nghiệp hoá, hiện đại hoá", "công nghiệp hóa, hiện đại hóa"),  # Quảng Trị
        ("đa dạng hoá sản phẩm", "đa dạng hóa sản phẩm"),  # Tây Ninh
        ("Trình Tỉnh uỷ ban hành", "Trình Tỉnh ủy ban hành"),  # Tây Ninh
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("UỶ BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
        ("HOÁ", "HÓA"),
        ("Hoá", "Hóa"),
        ("thuỷ sản", "thủy sản"),
        ("sức khoẻ", "sức khỏe"),
        ("hoà bình", "hòa bình"),
        ("toạ đàm", "tọa đàm"),
        ("tuỳ theo", "tùy theo"),
        ("luỹ kế", "lũy kế"),
        ("nhuỵ", "nhụy"),
        ("hoá-học", "hóa-học"),
        # Already in that placement, or fixed by a final consonant, "qu", or a third vowel.
        ("hóa thủy khỏe Ủy", "hóa thủy khỏe Ủy"),
        ("hoàn thiện", "hoàn thiện"),
        ("quý báo cáo", "quý báo cáo"),
        ("lý thuyết", "lý thuyết"),
        ("khuyến khích", "khuyến khích"),
        ("tuyển dụng", "tuyển dụng"),
        ("kế hoạch", "kế hoạch"),
        ("quả quyết quỹ", "quả quyết quỹ"),
        ("khuỷu tay", "khuỷu tay"),
        ("Huỳnh", "Huỳnh"),
        ("khoái ngoẻo", "khoái ngoẻo"),
        ("toàn thể", "toàn thể"),
    ],
)
def test_clean_places_tone_marks(text, expected):
    assert cleaned(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## **KẾ HOẠCH**", "KẾ HOẠCH"),  # Tây Ninh
        ("#### **I. MỤC ĐÍCH, YÊU CẦU**", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("###### Mục tiêu", "Mục tiêu"),
        ("Số: **43**/KH-SKHCN", "Số: 43/KH-SKHCN"),  # Quảng Trị
        ("**TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH**", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"),
        ("- Lưu: VT, KGVX^{Ph}.", "- Lưu: VT, KGVXPh."),  # Hưng Yên
        ("theo *Phụ lục* đính kèm .", "theo Phụ lục đính kèm ."),  # Phú Yên
        ("quy định (*theo phụ lục phân công thực hiện*).", "quy định (theo phụ lục phân công thực hiện)."),
        ("nhiệm vụ KH&CN (<i>Quy định về thực hiện giao quyền sở hữu</i>)",
         "nhiệm vụ KH&CN (Quy định về thực hiện giao quyền sở hữu)"),  # Phú Yên table
        ("<b>Điều 1.</b> Ban hành", "Điều 1. Ban hành"),
        ("x<sup>2</sup>", "x2"),
        ('<span style="color:red">Sở</span>', "Sở"),
        ("dòng một<br>dòng hai<br/>ba", "dòng một dòng hai ba"),
        ("__Nơi nhận__", "Nơi nhận"),
        ("Sở KH&amp;CN, Sở KH&amp;ĐT", "Sở KH&CN, Sở KH&ĐT"),
        ("&ldquo;Chương trình&rdquo; &#272;&#x1ec1; án", "“Chương trình” Đề án"),
        ("a&nbsp;b", "a b"),
        # Left alone: not residue.
        ("Trung tâm KH&CN; Phòng Kế hoạch", "Trung tâm KH&CN; Phòng Kế hoạch"),
        ("- + Đẩy mạnh cải cách hành chính;", "- + Đẩy mạnh cải cách hành chính;"),  # Hưng Yên bullets
        ("+ Trình HĐND tỉnh ban hành", "+ Trình HĐND tỉnh ban hành"),
        ("- Tổ chức quán triệt", "- Tổ chức quán triệt"),
        ("Ghi chú (*) và (**)", "Ghi chú (*) và ()"),
        ("2 * 3 < 7 > 5", "2 * 3 < 7 > 5"),
        ("<Quy định>", "<Quy định>"),
        ("#hashtag", "#hashtag"),
        ("Giai đoạn 2021 – 2025 — định hướng", "Giai đoạn 2021 – 2025 — định hướng"),
    ],
)
def test_clean_removes_markup_residue(text, expected):
    assert cleaned(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KẾ HOẠCH\u00a0thực\u00a0hiện", "KẾ HOẠCH thực hiện"),
        ("Sở  Khoa   học", "Sở Khoa học"),
        ("   Thụt lề   \nDòng sau  ", "Thụt lề\nDòng sau"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("trang một.\fTrang hai", "trang một.\n\nTrang hai"),  # pdftotext page breaks
        ("trang một.\n\fTrang hai", "trang một.\n\nTrang hai"),
        ("ký\u00adtự\u200b", "kýtự"),
        ("1\tTuyên truyền, nâng cao nhận thức\t\t\t\t", "1\tTuyên truyền, nâng cao nhận thức\t\t\t\t"),
        ("2.1\tRà soát  \t Phòng Quản lý", "2.1\tRà soát\tPhòng Quản lý"),
        ("\t\t\t– Tài chính\tUBND\t", "\t\t\t– Tài chính\tUBND\t"),
        ("- Lưu: VT, QL.CN&ĐMST.\n\n\n\nĐào Ngọc Hoàng", "- Lưu: VT, QL.CN&ĐMST.\n\nĐào Ngọc Hoàng"),
        ("\n\nSố: /KH-UBND\n\n\n", "Số: /KH-UBND"),
        ("   \n\n  \n", ""),
        ("", ""),
    ],
)
def test_clean_normalises_whitespace(text, expected):
    assert cleaned(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Phú Yên: the second half starts with a lower-case letter.
        ("- Đẩy mạnh thực hiện giao quyền sở hữu, quyền sử dụng và thương mại\n\nhóa các kết quả nghiên cứu;",
         "- Đẩy mạnh thực hiện giao quyền sở hữu, quyền sử dụng và thương mại hóa các kết quả nghiên cứu;"),
        # Quảng Trị: the first half ends with a comma.
        ("chủ động nghiên cứu và ứng dụng công nghệ cao, công nghệ sạch,\n\ncông nghệ số, công nghệ sinh học",
         "chủ động nghiên cứu và ứng dụng công nghệ cao, công nghệ sạch, công nghệ số, công nghệ sinh học"),
        # Hưng Yên: the first half ends with a word no sentence ends with.
        ("nâng cao năng suất và chất lượng sản phẩm, hàng hóa theo\n\nKế hoạch số 101/KH-UBND ngày 30/6/2021;",
         "nâng cao năng suất và chất lượng sản phẩm, hàng hóa theo Kế hoạch số 101/KH-UBND ngày 30/6/2021;"),
        ("(Nghị quyết số 295/2020/NQ-HĐND ngày 10/7/2020 của HĐND tỉnh; Kế hoạch số\n\n142/KH-UBND ngày 16/9/2021)",
         "(Nghị quyết số 295/2020/NQ-HĐND ngày 10/7/2020 của HĐND tỉnh; Kế hoạch số 142/KH-UBND ngày 16/9/2021)"),
        ("cơ chế chính sách và\n\nkịp thời đề xuất các biện pháp",
         "cơ chế chính sách và kịp thời đề xuất các biện pháp"),
        # Tây Ninh: a heading cut in two, and a sentence.
        ("## **4. Chủ động tham mưu xây dựng cơ chế, chính sách đầu tư cho khoa**\n\n"
         "## **học công nghệ và đổi mới sáng tạo.**",
         "4. Chủ động tham mưu xây dựng cơ chế, chính sách đầu tư cho khoa học công nghệ và đổi mới sáng tạo."),
        ("tăng cường sự phối hợp với\n\ncác cơ quan, đơn vị liên quan",
         "tăng cường sự phối hợp với các cơ quan, đơn vị liên quan"),
        ("hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các cơ quan, tổ chức "
         "thuộc hệ\n\nthống hành chính nhà nước",
         "hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các cơ quan, tổ chức "
         "thuộc hệ thống hành chính nhà nước"),
        ("quyền sử dụng và thương mại\n\n\n\nhóa các kết quả", "quyền sử dụng và thương mại hóa các kết quả"),
    ],
)
def test_clean_joins_lines_broken_by_extraction(text, expected):
    assert cleaned(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Hưng Yên title block: single line breaks are kept.
        "KẾ HOẠCH\nPhát triển khoa học, công nghệ và đổi mới sáng tạo\ntỉnh Hưng Yên giai đoạn 2023 - 2025",
        "KẾ HOẠCH\n\nThực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021",  # title line (Phú Yên)
        "KẾ HOẠCH\n\ntriển khai chương trình",
        "tỉnh Hưng Yên giai đoạn 2023 - 2025\n\nThực hiện Quyết định số 2667/QĐ-BKHCN",
        "phấn đấu đạt mức 2%,\n\n- Lồng ghép nguồn vốn từ ngân sách",  # list items (Phú Yên)
        "cơ chế chính sách và\n\n+ Đẩy mạnh cải cách hành chính;",
        "các chủ trương, quy hoạch, kế hoạch và\n\n- + Xây dựng, phát triển nguồn nhân lực",
        "nhiệm vụ được giao theo kế hoạch này\n\n3. Trong quá trình triển khai thực hiện,",  # Ninh Thuận
        "trên địa bàn tỉnh, trong đó ưu tiên cho các nội dung theo\n\na) Sở Tài chính: bố trí kinh phí",
        "Trên cơ sở các nhiệm vụ của\n\nII. MỘT SỐ NHIỆM VỤ TRỌNG TÂM",
        "Kế hoạch số\n\n1.1 Tuyên truyền",
        "Phân công thực hiện các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này)\n\nChịu trách nhiệm chỉ đạo",
        "thúc đẩy hệ sinh thái khởi nghiệp đổi mới sáng tạo\n\nTriển khai có hiệu quả Đề án",  # heading
        "3. Tầm nhìn đến năm 2045\n\nTỉ lệ đóng góp của khoa học",
        "a) Sở Khoa học và Công nghệ\n\n- Chủ trì, phối hợp với các cơ quan",
        "Nơi nhận:\n\n- UBND tỉnh;",
        "bảo đảm hiệu quả, đúng quy định.\n\nhết",
        "GIÁM ĐỐC\n\nPHỤ LỤC I",
        # Table rows (Phú Yên): never joined, the blank line is a page break.
        "2\tChương trình 2: Ứng dụng KH&CN phục vụ phát triển nông nghiệp CNC, thông minh và xây dựng nông"
        "\t\t\t\t\t\t\n\nthôn mới\t\t\t\t\t\t\t",
        "4.2\tĐề án kết nối cung - cầu công nghệ\tPhòng Quản lý Khoa học và Công nghệ\tTrung tâm KH&CN; Phòng Kế hoạch"
        "\n\nTT\tNội dung nhiệm vụ\tĐơn vị chủ trì",
    ],
)
def test_clean_keeps_lines_that_do_not_continue(text):
    assert cleaned(text) == text


# --------------------------------------------------------------------------------------------------
# clean: offsets
# --------------------------------------------------------------------------------------------------


def source_of(result: CleanText, source: str, phrase: str) -> str:
    start = result.text.index(phrase)
    return source[result.offsets[start] : result.offsets[start + len(phrase)]]


def test_offsets_shape():
    source = "## **KẾ HOẠCH**\r\n\r\n\r\nThực hiện"
    result = clean(source)
    assert result.text == "KẾ HOẠCH\n\nThực hiện"
    assert len(result.offsets) == len(result.text) + 1
    assert result.offsets[0] == source.index("K")
    assert result.offsets[-1] == len(source)
    assert source[result.offsets[result.text.index("Thực")]] == "T"


@pytest.mark.parametrize(
    ("source", "phrase", "expected_source"),
    [
        ("Sở  Khoa học", "Khoa học", "Khoa học"),
        ("Số: **43**/KH-SKHCN", "43/KH-SKHCN", "43**/KH-SKHCN"),
        ("thương mại\n\nhóa các kết quả", "thương mại hóa các kết quả", "thương mại\n\nhóa các kết quả"),
        ("đa dạng hoá sản phẩm", "hóa sản", "hoá sản"),
        (NFD_TITLE, "Kế hoạch", unicodedata.normalize("NFD", "Kế hoạch")),
        ("a\r\nb Ủy ban", "Ủy ban", "Ủy ban"),
    ],
)
def test_offsets_map_a_phrase_back(source, phrase, expected_source):
    assert source_of(clean(source), source, phrase) == expected_source


# --------------------------------------------------------------------------------------------------
# clean: the corpus
# --------------------------------------------------------------------------------------------------

CORPUS = ("phu-yen", "tay-ninh", "hung-yen", "quang-tri", "ninh-thuan")


def tab_lines(text: str) -> int:
    return sum("\t" in line for line in text.split("\n"))


@pytest.mark.parametrize("prefix", CORPUS)
def test_clean_corpus_document(prefix):
    source = corpus_text(prefix)
    result = clean(source)
    text = result.text
    for residue in ("**", "<i>", "</i>", "^{", "##", "\u00a0", "  ", "\n\n\n", "\r"):
        assert residue not in text
    assert tab_lines(text) == tab_lines(source)
    assert len(result.offsets) == len(text) + 1 and result.offsets[-1] == len(source)
    assert all(a <= b for a, b in zip(result.offsets, result.offsets[1:]))
    assert unicodedata.is_normalized("NFC", text)
    assert not {"hoá", "uỷ", "Uỷ", "thuỷ", "khoẻ"} & set(re.findall(r"\w+", text))
    # Every line of the source that had no markup is still there, unchanged or joined.
    for line in source.split("\n"):
        if line and line == line.strip() and not any(c in line for c in "*#<^&") and "hoá" not in line \
                and "uỷ" not in line:
            assert line in text


@pytest.mark.parametrize(
    ("prefix", "phrase", "expected_source"),
    [
        ("phu-yen", "thương mại hóa các kết quả", "thương mại\n\nhóa các kết quả"),
        ("phu-yen", "(Quy định về thực hiện", "(<i>Quy định về thực hiện"),
        ("quang-tri", "công nghệ sạch, công nghệ số", "công nghệ sạch,\n\ncông nghệ số"),
        ("quang-tri", "Số: 43/KH-SKHCN", "Số: **43**/KH-SKHCN"),
        ("quang-tri", "công nghiệp hóa, hiện đại hóa đất nước", "công nghiệp hoá, hiện đại hoá đất nước"),
        ("hung-yen", "hàng hóa theo Kế hoạch số 101/KH-UBND", "hàng hóa theo\n\nKế hoạch số 101/KH-UBND"),
        ("hung-yen", "Kế hoạch số 142/KH-UBND ngày 16/9/2021 của UBND tỉnh hỗ trợ",
         "Kế hoạch số\n\n142/KH-UBND ngày 16/9/2021 của UBND tỉnh hỗ trợ"),
        ("hung-yen", "KẾ HOẠCH\nPhát triển khoa học", "KẾ HOẠCH\nPhát triển khoa học"),
        ("tay-ninh", "đầu tư cho khoa học công nghệ", "đầu tư cho khoa**\n\n## **học công nghệ"),
        ("tay-ninh", "phối hợp với các cơ quan", "phối hợp với\n\ncác cơ quan"),
        ("ninh-thuan", "Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
    ],
)
def test_clean_corpus_phrase_maps_back(prefix, phrase, expected_source):
    source = corpus_text(prefix)
    result = clean(source)
    assert phrase in result.text
    assert source_of(result, source, phrase) == expected_source


# --------------------------------------------------------------------------------------------------
# clean: properties
# --------------------------------------------------------------------------------------------------


def check_offsets(source: str, result: CleanText) -> None:
    offsets = result.offsets
    assert len(offsets) == len(result.text) + 1
    assert offsets[-1] == len(source)
    assert all(0 <= a <= b <= len(source) for a, b in zip(offsets, offsets[1:]))


@settings(max_examples=400)
@given(st.text(alphabet=st.characters(exclude_categories=())))
def test_clean_never_raises_and_offsets_are_monotonic(source):
    check_offsets(source, clean(source))


# Text made of what the documents are made of, markup residue included (no "&": an entity maps a
# letter back to its "&").
DOCUMENT_ALPHABET = st.sampled_from(
    list("aăâbcdđeêghikoôơuưyAĐHKOUYáàảãạóòỏõọúùủũụýỳỷỹỵéèẻẽẹếềểễệíìỉĩị019")
    + [" ", "  ", "\n", "\n\n", "\n\n\n", "\t", "\r\n", "\u00a0", "**", "*", "__", "## ", "<i>", "</i>",
       "<br>", "^{", "}", "- ", "+ ", ".", ",", "\u0301", "\u0300", "\u0323", "\u0302", "\f", "\u200b"]
)


@settings(max_examples=400)
@given(st.lists(DOCUMENT_ALPHABET, max_size=60).map("".join))
def test_clean_maps_each_ascii_letter_to_its_source(source):
    result = clean(source)
    check_offsets(source, result)
    for i, char in enumerate(result.text):
        if char.isascii() and char.isalnum():
            mapped = source[result.offsets[i]]
            assert unicodedata.normalize("NFD", mapped)[0] == char


# Markup split over two lines ("^{" … "}") can be completed by joining them: whole marks only here.
WHOLE_MARKS_ALPHABET = st.sampled_from(
    list("aăâbcdđeêghikoôơuưyAĐHKOUYáàảãạóòỏõọúùủũụýỳỷỹỵéèẻẽẹếềểễệíìỉĩị019")
    + [" ", "  ", "\n", "\n\n", "\n\n\n", "\t", "\r\n", "\u00a0", "**", "*", "__", "## ", "<i>", "</i>",
       "<br>", "^{Ph}", "- ", "+ ", ".", ",", "\u0301", "\u0300", "\u0323", "\u0302", "\f", "\u200b"]
)


@settings(max_examples=200)
@given(st.lists(WHOLE_MARKS_ALPHABET, max_size=60).map("".join))
def test_clean_is_idempotent(source):
    once = cleaned(source)
    assert cleaned(once) == once
