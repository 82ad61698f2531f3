"""A plan whose number is left blank ("Số: /KH-SKHCN") is described by the symbol without its number,
a year and no pkg:number; the shapes accept it, and still refuse two symbols on one node."""

from __future__ import annotations

from ontology import ID, PKG
from ontology.validate import validate
from tests.ontology.test_ontology import mutated

DRAFT = """
id:doc-file-draft a pkg:Plan ;
    pkg:key "doc/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209" ;
    pkg:docType "KH" ; pkg:symbol "KH-SKHCN" ; pkg:year "2022"^^xsd:gYear ;
    pkg:title "Thực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh" ;
    pkg:province "Phú Yên" ; pkg:sourceFile "data/documents/phu-yen_2022_kh-skhcn_thuc-hien-kh-209.txt" .
"""


def test_a_blank_numbered_plan_conforms():
    graph = mutated(add=DRAFT)
    assert not list(graph.objects(ID["doc-file-draft"], PKG.number))
    report = validate(graph)
    assert report.conforms, report.text


def test_a_blank_numbered_plan_with_two_symbols_does_not():
    report = validate(mutated(add=DRAFT + 'id:doc-file-draft pkg:symbol "/KH-SKHCN" .\n'))
    assert not report.conforms
