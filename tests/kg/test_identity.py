"""Document identities: issuer, type, number and year; a yearless mention joins the one known year."""

from __future__ import annotations

import datetime as dt

from kg.identity import DocumentKeys, task_key
from loaders.models import DocumentRef


def ref(number, year=None, *, province="Phú Yên", doc_type="KH", issuer="UBND", date=None):
    return DocumentRef(number=number, year=year, province=province, doc_type=doc_type, issuer_code=issuer, date=date)


def test_number_is_unique_only_within_issuer_type_and_year():
    keys = DocumentKeys()
    assert keys.key(ref("209", 2021)) == "doc/phu-yen/kh-ubnd/209/2021"
    assert keys.key(ref("209", 2021, province="Tây Ninh")) == "doc/tay-ninh/kh-ubnd/209/2021"
    assert keys.key(ref("209", 2022)) != keys.key(ref("209", 2021))
    assert keys.key(ref("209", 2021, doc_type="QĐ")) == "doc/phu-yen/qd-ubnd/209/2021"
    assert keys.key(ref("209", 2021, issuer="TU")) != keys.key(ref("209", 2021))
    assert keys.key(ref("29", 2022, province=None, doc_type="NQ", issuer="TW")) == "doc/vn/nq-tw/29/2022"


def test_a_mention_without_year_joins_the_one_known_year():
    keys = DocumentKeys()
    keys.learn(ref("59", date=dt.date(2022, 3, 1), doc_type="CTr", issuer="TU"))
    assert keys.key(ref("59", doc_type="CTr", issuer="TU")) == "doc/phu-yen/ctr-tu/59/2022"


def test_a_mention_without_year_stays_apart_when_years_disagree():
    keys = DocumentKeys()
    keys.learn(ref("12", 2020))
    keys.learn(ref("12", 2021))
    assert keys.key(ref("12")) == "doc/phu-yen/kh-ubnd/12"
    assert keys.ambiguous == {"phu-yen/kh-ubnd/12"}


def test_documents_without_number():
    keys = DocumentKeys()
    assert keys.key(ref(None), source="data/documents/phu-yen_2022_kh.txt") == "doc/file/phu-yen-2022-kh"
    titled = DocumentRef(doc_type="NQ", title="Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI", province="Tây Ninh")
    assert keys.key(titled) == "doc/tay-ninh/nq/nghi-quyet-dai-hoi-dai-bieu-dang-bo-tinh-lan-thu-xi"
    assert keys.key(DocumentRef(doc_type="QĐ")) is None


def test_task_keys_keep_labels_apart():
    assert task_key("doc/x/kh-ubnd/1/2020", "II.2.đ") != task_key("doc/x/kh-ubnd/1/2020", "II.2.d")
    assert task_key("doc/x/kh-ubnd/1/2020", "PLI:2.1") == "task/x/kh-ubnd/1/2020/PLI%3A2.1"
