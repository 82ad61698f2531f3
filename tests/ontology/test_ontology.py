"""The ontology (policy-kg.ttl) and its shapes (shapes.ttl): declarations, labels, alignment to ELI,
ORG, Dublin Core and PROV-O, and SHACL validation of small hand-written graphs, valid and not.

Expected validation results are RDF too (focus node, path, constraint component) and are compared
structurally with the report, as pySHACL's own golden tests do.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import SH

import ontology
from ontology import (
    DCTERMS, DOCUMENT_CLASSES, EDGE_PROPERTIES, ELI, ID, ONTOLOGY_FILE, ORG, OWL, PKG, PROV, RDF, RDFS,
    SHAPES_FILE, SKOS,
)
from ontology.validate import ontology_graph, shapes_graph, validate

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

PREFIXES = """
@prefix pkg: <https://w3id.org/policy-kg/ontology#> .
@prefix id:  <https://w3id.org/policy-kg/id/> .
@prefix sh:  <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# A plan of the Phú Yên department implementing a provincial Party resolution, one task of it led
# by a group, with a deadline, and the sentence the assignment was read from.
VALID = PREFIXES + """
id:doc-kh a pkg:Plan ;
    pkg:key "doc/phu-yen/kh-skhcn/43/2022" ;
    pkg:docType "KH" ; pkg:number "43" ; pkg:symbol "43/KH-SKHCN" ;
    pkg:year "2022"^^xsd:gYear ; pkg:date "2022-03-15"^^xsd:date ;
    pkg:title "Kế hoạch thực hiện Nghị quyết số 11-NQ/TU" ;
    pkg:province "Phú Yên" ; pkg:sourceFile "data/documents/phu-yen_2022_kh-skhcn.txt" ;
    pkg:issuedBy id:skhcn ;
    pkg:implements id:doc-nq ;
    pkg:cites id:doc-nq ;
    pkg:quotation id:q1 .

id:doc-nq a pkg:Resolution ; pkg:docType "NQ" ; pkg:symbol "11-NQ/TU" .

id:skhcn a pkg:Agency ;
    pkg:name "Sở Khoa học và Công nghệ" ; pkg:alias "Sở KH&CN" , "SKHCN" ; pkg:province "Phú Yên" .

id:phong a pkg:Agency ;
    pkg:name "Phòng Quản lý khoa học" ; pkg:subOrganizationOf id:skhcn .

id:group a pkg:CollectiveGroup ;
    pkg:name "Các phòng và đơn vị thuộc Sở" ; pkg:subOrganizationOf id:skhcn .

id:task a pkg:Task ;
    pkg:partOf id:doc-kh ;
    pkg:label "2.1" ; pkg:code "2.1" ;
    pkg:text "Tổ chức tuyên truyền về khoa học, công nghệ và đổi mới sáng tạo" ;
    pkg:product "Báo cáo kết quả" ;
    pkg:deadline id:deadline ;
    pkg:assignedTo id:group , id:phong ;
    pkg:assignment id:assign-lead , id:assign-coord .

id:deadline a pkg:Deadline ;
    pkg:deadlineText "Quý I/2023" ;
    pkg:start "2023-01-01"^^xsd:date ; pkg:end "2023-03-31"^^xsd:date .

id:task2 a pkg:Task ;
    pkg:partOf id:doc-kh ; pkg:label "2.2" ; pkg:text "Báo cáo định kỳ" ;
    pkg:deadline id:deadline2 .

id:deadline2 a pkg:Deadline ;
    pkg:deadlineText "Trước ngày 05/11 hằng năm" ; pkg:recurrence "P1Y" ; pkg:anchor "--11-05" .

id:assign-lead a pkg:Assignment ;
    pkg:task id:task ; pkg:agency id:group ; pkg:role pkg:Lead ;
    pkg:quotation id:q1 .

id:assign-coord a pkg:Assignment ;
    pkg:task id:task ; pkg:agency id:phong ; pkg:role pkg:Coordinate .

id:q1 a pkg:Quotation ;
    pkg:sourceFile "data/documents/phu-yen_2022_kh-skhcn.txt" ;
    pkg:startOffset 1200 ; pkg:endOffset 1290 ;
    pkg:quote "Các phòng và đơn vị thuộc Sở chủ trì, phối hợp với Phòng Quản lý khoa học" .
"""


def valid_graph() -> Graph:
    return Graph().parse(data=VALID, format="turtle")


def mutated(*, remove: list[tuple] = (), add: str = "") -> Graph:
    """The valid graph with some triples removed and some (Turtle, same prefixes) added."""
    g = valid_graph()
    for s, p, o in remove:
        g.remove((s, p, o))
    if add:
        g.parse(data=PREFIXES + add, format="turtle")
    return g


def results(report) -> Graph:
    """The report reduced to what a test expects: focus node, path and constraint component."""
    out = Graph()
    for r in report.graph.subjects(RDF.type, SH.ValidationResult):
        node = BNode()
        out.add((node, SH.focusNode, report.graph.value(r, SH.focusNode)))
        path = report.graph.value(r, SH.resultPath)
        if path is not None:
            out.add((node, SH.resultPath, path))
        out.add((node, SH.sourceConstraintComponent, report.graph.value(r, SH.sourceConstraintComponent)))
    return out


def expected(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


def _diff(got: Graph, want: Graph) -> str:
    got_iso, want_iso = to_isomorphic(got), to_isomorphic(want)
    return (
        "\nunexpected:\n" + (got_iso - want_iso).serialize(format="turtle")
        + "\nmissing:\n" + (want_iso - got_iso).serialize(format="turtle")
    )


# -- the files ----------------------------------------------------------------------------------


def test_both_files_parse():
    assert len(Graph().parse(ONTOLOGY_FILE, format="turtle")) > 300
    assert len(Graph().parse(SHAPES_FILE, format="turtle")) > 100


def test_ontology_header_without_imports():
    g = ontology_graph()
    (onto,) = g.subjects(RDF.type, OWL.Ontology)
    assert onto == URIRef("https://w3id.org/policy-kg/ontology")
    assert g.value(onto, OWL.versionInfo) is not None
    assert {t.language for t in g.objects(onto, DCTERMS.title)} == {"en", "vi"}
    assert not list(g.objects(None, OWL.imports)), "the tests and the builder run offline"


# -- declarations and labels --------------------------------------------------------------------

CLASSES = ["Document", "Agency", "CollectiveGroup", "Task", "Assignment", "Role", "Deadline", "Quotation",
           *DOCUMENT_CLASSES.values()]
OBJECT_PROPERTIES = ["implements", "basedOn", "cites", "partOf", "assignedTo", "issuedBy", "subOrganizationOf",
                     "assignment", "agency", "role", "task", "deadline", "quotation"]
DATATYPE_PROPERTIES = ["docType", "number", "symbol", "year", "date", "title", "code", "label", "text",
                       "product", "deadlineText", "start", "end", "recurrence", "anchor", "relative",
                       "sourceFile", "startOffset", "endOffset", "quote", "key", "province"]
# annotation properties because their SKOS / Dublin Core parents are (OWL 2 DL keeps kinds apart)
LITERAL_PROPERTIES = ["name", "alias"]


@pytest.mark.parametrize("name", CLASSES)
def test_class_declared(name):
    assert (PKG[name], RDF.type, OWL.Class) in ontology_graph()


@pytest.mark.parametrize("name", sorted(set(EDGE_PROPERTIES.values())))
def test_edge_property_declared_as_object_property(name):
    assert (PKG[name], RDF.type, OWL.ObjectProperty) in ontology_graph()


def test_every_property_declared_with_its_kind():
    g = ontology_graph()
    for name in OBJECT_PROPERTIES:
        assert (PKG[name], RDF.type, OWL.ObjectProperty) in g, name
    for name in DATATYPE_PROPERTIES:
        kinds = set(g.objects(PKG[name], RDF.type))
        assert kinds & {OWL.DatatypeProperty, OWL.AnnotationProperty}, name
    for name in LITERAL_PROPERTIES:
        assert (PKG[name], RDF.type, OWL.AnnotationProperty) in g, name


def _pkg_terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(str(PKG))}


def test_every_term_labelled_in_vietnamese_and_english():
    g = ontology_graph()
    terms = _pkg_terms(g)
    assert {PKG[n] for n in CLASSES + OBJECT_PROPERTIES + DATATYPE_PROPERTIES + LITERAL_PROPERTIES} <= terms
    for term in sorted(terms):
        languages = [label.language for label in g.objects(term, RDFS.label)]
        assert sorted(languages) == ["en", "vi"], f"{term}: one @vi and one @en label, got {languages}"


@pytest.mark.parametrize(("code", "name", "vi"), [
    ("KH", "Plan", "Kế hoạch"), ("NQ", "Resolution", "Nghị quyết"), ("QĐ", "Decision", "Quyết định"),
    ("CTr", "Programme", "Chương trình"), ("ĐA", "Scheme", "Đề án"), ("CV", "OfficialLetter", "Công văn"),
    ("TTr", "Submission", "Tờ trình"), ("L", "Law", "Luật"),
])
def test_document_class_named_as_in_documents(code, name, vi):
    assert DOCUMENT_CLASSES[code] == name
    assert Literal(vi, lang="vi") in set(ontology_graph().objects(PKG[name], RDFS.label))


def test_document_classes_are_disjoint_documents():
    g = ontology_graph()
    for name in DOCUMENT_CLASSES.values():
        assert (PKG[name], RDFS.subClassOf, PKG.Document) in g
    (members,) = [
        set(g.items(g.value(node, OWL.members))) for node in g.subjects(RDF.type, OWL.AllDisjointClasses)
        if PKG.Plan in set(g.items(g.value(node, OWL.members)))
    ]
    assert members == {PKG[n] for n in DOCUMENT_CLASSES.values()}


def test_roles_are_lead_and_coordinate():
    g = ontology_graph()
    assert set(g.subjects(RDF.type, PKG.Role)) == {PKG.Lead, PKG.Coordinate}
    assert Literal("Chủ trì", lang="vi") in set(g.objects(PKG.Lead, RDFS.label))
    assert Literal("Phối hợp", lang="vi") in set(g.objects(PKG.Coordinate, RDFS.label))


def test_agency_and_collective_group_are_disjoint():
    assert (PKG.CollectiveGroup, OWL.disjointWith, PKG.Agency) in ontology_graph()


def test_external_terms_declared_so_the_file_stands_alone():
    g = ontology_graph()
    used = set(g.objects(None, RDFS.subClassOf)) | set(g.objects(None, RDFS.subPropertyOf))
    external = {t for t in used if isinstance(t, URIRef) and not t.startswith(str(PKG))}
    assert external
    for term in external:
        assert set(g.objects(term, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                                                 OWL.AnnotationProperty}, term


# -- alignment ----------------------------------------------------------------------------------

ALIGNMENT = [
    (PKG.Document, RDFS.subClassOf, ELI.LegalResource),
    (PKG.Agency, RDFS.subClassOf, ORG.Organization),
    (PKG.CollectiveGroup, RDFS.subClassOf, ORG.Organization),
    (PKG.Assignment, RDFS.subClassOf, PROV.Entity),
    (PKG.Quotation, RDFS.subClassOf, PROV.Entity),
    (PKG.implements, RDFS.subPropertyOf, ELI.ensures_implementation_of),
    (PKG.basedOn, RDFS.subPropertyOf, ELI.based_on),
    (PKG.cites, RDFS.subPropertyOf, ELI.cites),
    (PKG.partOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
    (PKG.issuedBy, RDFS.subPropertyOf, ELI.passed_by),
    (PKG.issuedBy, RDFS.subPropertyOf, DCTERMS.creator),
    (PKG.subOrganizationOf, RDFS.subPropertyOf, ORG.subOrganizationOf),
    (PKG.quotation, RDFS.subPropertyOf, PROV.wasDerivedFrom),
    (PKG.quote, RDFS.subPropertyOf, PROV.value),
    (PKG.date, RDFS.subPropertyOf, ELI.date_document),
    (PKG.number, RDFS.subPropertyOf, ELI.number),
    (PKG.title, RDFS.subPropertyOf, DCTERMS.title),
    (PKG.symbol, RDFS.subPropertyOf, DCTERMS.identifier),
    (PKG.name, RDFS.subPropertyOf, SKOS.prefLabel),
    (PKG.alias, RDFS.subPropertyOf, SKOS.altLabel),
]


@pytest.mark.parametrize("triple", ALIGNMENT, ids=lambda t: f"{t[0].fragment}-{t[2].n3()}")
def test_alignment_axiom(triple):
    assert triple in ontology_graph()


def test_alignment_never_uses_deprecated_eli_implements():
    # ELI deprecates eli:implements ("use applies instead")
    g = ontology_graph()
    assert not list(g.triples((None, None, ELI.implements)))


def test_assigned_to_is_the_shortcut_of_an_assignment():
    g = ontology_graph()
    chain = g.value(PKG.assignedTo, OWL.propertyChainAxiom)
    assert list(g.items(chain)) == [PKG.assignment, PKG.agency]
    assert (PKG.task, OWL.inverseOf, PKG.assignment) in g


# ontology.XSD, not XSD imported by name: pytest's collection probes module attributes, and rdflib's
# XSD namespace warns on every name it does not define
@pytest.mark.parametrize(("prop", "domain", "range_"), [
    (PKG.implements, PKG.Document, PKG.Document),
    (PKG.basedOn, PKG.Document, PKG.Document),
    (PKG.cites, PKG.Document, PKG.Document),
    (PKG.partOf, PKG.Task, PKG.Document),
    (PKG.issuedBy, PKG.Document, PKG.Agency),
    (PKG.assignment, PKG.Task, PKG.Assignment),
    (PKG.role, PKG.Assignment, PKG.Role),
    (PKG.task, PKG.Assignment, PKG.Task),
    (PKG.deadline, PKG.Task, PKG.Deadline),
    (PKG.date, PKG.Document, ontology.XSD.date),
    (PKG.year, PKG.Document, ontology.XSD.gYear),
    (PKG.start, PKG.Deadline, ontology.XSD.date),
    (PKG.end, PKG.Deadline, ontology.XSD.date),
    (PKG.startOffset, PKG.Quotation, ontology.XSD.integer),
    (PKG.relative, PKG.Deadline, ontology.XSD.boolean),
])
def test_domain_and_range(prop, domain, range_):
    g = ontology_graph()
    assert g.value(prop, RDFS.domain) == domain
    assert g.value(prop, RDFS.range) == range_


@pytest.mark.parametrize("prop", [PKG.assignedTo, PKG.agency])
def test_assignee_is_an_agency_or_a_group(prop):
    g = ontology_graph()
    union = g.value(g.value(prop, RDFS.range), OWL.unionOf)
    assert set(g.items(union)) == {PKG.Agency, PKG.CollectiveGroup}


# -- the shapes themselves ------------------------------------------------------------------------


def test_document_shape_targets_every_document_class():
    # so that validating without the ontology cannot silently skip plans and resolutions
    targets = set(shapes_graph().objects(URIRef("https://w3id.org/policy-kg/shapes#DocumentShape"), SH.targetClass))
    assert targets == {PKG.Document} | {PKG[n] for n in DOCUMENT_CLASSES.values()}


def test_shapes_only_use_declared_terms():
    declared = _pkg_terms(ontology_graph())
    used = {t for t in shapes_graph().all_nodes() if isinstance(t, URIRef) and t.startswith(str(PKG))}
    assert used - declared == set()


def test_every_shape_constraint_has_an_english_message():
    g = shapes_graph()
    for prop_shape in g.objects(None, SH.property):
        messages = list(g.objects(prop_shape, SH.message))
        assert [m.language for m in messages] == ["en"], g.value(prop_shape, SH.path)


# -- validation -----------------------------------------------------------------------------------


def test_valid_graph_conforms():
    report = validate(valid_graph())
    assert report.conforms, report.text


def test_validation_leaves_the_data_graph_unchanged():
    data = valid_graph()
    validate(data)
    assert isomorphic(data, valid_graph())


def test_plan_not_known_as_document_without_the_ontology():
    # why validate() mixes the ontology in: the builder types a plan pkg:Plan only
    from pyshacl import validate as shacl_validate

    conforms, graph, _ = shacl_validate(valid_graph(), shacl_graph=shapes_graph(), inference="none")
    assert not conforms
    assert (None, SH.resultPath, PKG.implements) in graph


CASES = {
    "task_without_part_of": (
        dict(remove=[(ID.task, PKG.partOf, ID["doc-kh"])]),
        "[] sh:focusNode id:task ; sh:resultPath pkg:partOf ; "
        "   sh:sourceConstraintComponent sh:MinCountConstraintComponent .",
    ),
    "role_neither_lead_nor_coordinate": (
        dict(remove=[(ID["assign-lead"], PKG.role, PKG.Lead)], add="id:assign-lead pkg:role pkg:Supervise ."),
        "[] sh:focusNode id:assign-lead ; sh:resultPath pkg:role ; "
        "   sh:sourceConstraintComponent sh:InConstraintComponent .",
    ),
    "document_with_two_symbols": (
        dict(add='id:doc-kh pkg:symbol "43/KH-UBND" .'),
        "[] sh:focusNode id:doc-kh ; sh:resultPath pkg:symbol ; "
        "   sh:sourceConstraintComponent sh:MaxCountConstraintComponent .",
    ),
    "issued_by_a_task": (
        dict(remove=[(ID["doc-kh"], PKG.issuedBy, ID.skhcn)], add="id:doc-kh pkg:issuedBy id:task ."),
        "[] sh:focusNode id:doc-kh ; sh:resultPath pkg:issuedBy ; "
        "   sh:sourceConstraintComponent sh:ClassConstraintComponent .",
    ),
    "issued_by_a_collective_group": (
        dict(remove=[(ID["doc-kh"], PKG.issuedBy, ID.skhcn)], add="id:doc-kh pkg:issuedBy id:group ."),
        "[] sh:focusNode id:doc-kh ; sh:resultPath pkg:issuedBy ; "
        "   sh:sourceConstraintComponent sh:ClassConstraintComponent .",
    ),
    "assigned_to_a_document": (
        dict(add="id:task pkg:assignedTo id:doc-nq . "
                 "id:assign-x a pkg:Assignment ; pkg:task id:task ; pkg:agency id:doc-nq ; pkg:role pkg:Lead . "
                 "id:task pkg:assignment id:assign-x ."),
        "[] sh:focusNode id:task ; sh:resultPath pkg:assignedTo ; "
        "   sh:sourceConstraintComponent sh:OrConstraintComponent . "
        "[] sh:focusNode id:assign-x ; sh:resultPath pkg:agency ; "
        "   sh:sourceConstraintComponent sh:OrConstraintComponent .",
    ),
    "implements_an_agency": (
        dict(add="id:doc-kh pkg:implements id:skhcn ."),
        "[] sh:focusNode id:doc-kh ; sh:resultPath pkg:implements ; "
        "   sh:sourceConstraintComponent sh:ClassConstraintComponent .",
    ),
    "agency_that_is_also_a_group": (
        dict(add="id:skhcn a pkg:CollectiveGroup ."),
        "[] sh:focusNode id:skhcn ; sh:sourceConstraintComponent sh:NotConstraintComponent .",
    ),
    "agency_with_two_names": (
        dict(add='id:skhcn pkg:name "Sở KH&CN tỉnh Phú Yên" .'),
        "[] sh:focusNode id:skhcn ; sh:resultPath pkg:name ; "
        "   sh:sourceConstraintComponent sh:MaxCountConstraintComponent .",
    ),
    "unit_under_a_group": (
        dict(remove=[(ID.phong, PKG.subOrganizationOf, ID.skhcn)], add="id:phong pkg:subOrganizationOf id:group ."),
        "[] sh:focusNode id:phong ; sh:resultPath pkg:subOrganizationOf ; "
        "   sh:sourceConstraintComponent sh:ClassConstraintComponent .",
    ),
    "date_that_is_no_date": (
        dict(remove=[(ID["doc-kh"], PKG.date, None)], add='id:doc-kh pkg:date "2022-02-30"^^xsd:date .'),
        "[] sh:focusNode id:doc-kh ; sh:resultPath pkg:date ; "
        "   sh:sourceConstraintComponent sh:DatatypeConstraintComponent .",
    ),
    "date_as_a_string": (
        dict(remove=[(ID["doc-kh"], PKG.date, None)], add='id:doc-kh pkg:date "15/03/2022" .'),
        "[] sh:focusNode id:doc-kh ; sh:resultPath pkg:date ; "
        "   sh:sourceConstraintComponent sh:DatatypeConstraintComponent .",
    ),
    "deadline_ending_before_it_starts": (
        dict(remove=[(ID.deadline, PKG.end, None)], add='id:deadline pkg:end "2022-12-31"^^xsd:date .'),
        "[] sh:focusNode id:deadline ; sh:resultPath pkg:start ; "
        "   sh:sourceConstraintComponent sh:LessThanOrEqualsConstraintComponent .",
    ),
    "recurrence_in_words": (
        dict(remove=[(ID.deadline2, PKG.recurrence, None)], add='id:deadline2 pkg:recurrence "hằng năm" .'),
        "[] sh:focusNode id:deadline2 ; sh:resultPath pkg:recurrence ; "
        "   sh:sourceConstraintComponent sh:PatternConstraintComponent .",
    ),
    "quotation_without_offsets": (
        dict(remove=[(ID.q1, PKG.startOffset, None), (ID.q1, PKG.endOffset, None)]),
        "[] sh:focusNode id:q1 ; sh:resultPath pkg:startOffset ; "
        "   sh:sourceConstraintComponent sh:MinCountConstraintComponent . "
        "[] sh:focusNode id:q1 ; sh:resultPath pkg:endOffset ; "
        "   sh:sourceConstraintComponent sh:MinCountConstraintComponent .",
    ),
    "quotation_ending_before_it_starts": (
        dict(remove=[(ID.q1, PKG.endOffset, None)], add="id:q1 pkg:endOffset 100 ."),
        "[] sh:focusNode id:q1 ; sh:resultPath pkg:startOffset ; "
        "   sh:sourceConstraintComponent sh:LessThanOrEqualsConstraintComponent .",
    ),
    "two_tasks_with_one_label": (
        dict(remove=[(ID.task2, PKG.label, None)], add='id:task2 pkg:label "2.1" .'),
        "[] sh:focusNode id:task ; sh:resultPath pkg:label ; "
        "   sh:sourceConstraintComponent sh:SPARQLConstraintComponent . "
        "[] sh:focusNode id:task2 ; sh:resultPath pkg:label ; "
        "   sh:sourceConstraintComponent sh:SPARQLConstraintComponent .",
    ),
    "assigned_to_without_an_assignment": (
        dict(add="id:task2 pkg:assignedTo id:skhcn ."),
        "[] sh:focusNode id:task2 ; sh:resultPath pkg:assignedTo ; "
        "   sh:sourceConstraintComponent sh:SPARQLConstraintComponent .",
    ),
    "assignment_without_its_shortcut": (
        dict(remove=[(ID.task, PKG.assignedTo, ID.phong)]),
        "[] sh:focusNode id:assign-coord ; sh:resultPath pkg:agency ; "
        "   sh:sourceConstraintComponent sh:SPARQLConstraintComponent .",
    ),
    "task_without_text": (
        dict(remove=[(ID.task2, PKG.text, None)]),
        "[] sh:focusNode id:task2 ; sh:resultPath pkg:text ; "
        "   sh:sourceConstraintComponent sh:MinCountConstraintComponent .",
    ),
    "document_without_type_code": (
        dict(remove=[(ID["doc-nq"], PKG.docType, None)]),
        "[] sh:focusNode id:doc-nq ; sh:resultPath pkg:docType ; "
        "   sh:sourceConstraintComponent sh:MinCountConstraintComponent .",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_invalid_graph_reports_what_is_wrong(case):
    change, want = CASES[case]
    report = validate(mutated(**change))
    assert not report.conforms
    got = results(report)
    assert isomorphic(got, expected(want)), _diff(got, expected(want))
    assert all(v.message for v in report.violations())


def test_violation_messages_say_what_is_wrong():
    report = validate(mutated(add='id:doc-kh pkg:symbol "43/KH-UBND" .'))
    (violation,) = report.violations()
    assert violation.focus == ID["doc-kh"]
    assert violation.path == PKG.symbol
    assert "at most one pkg:symbol" in violation.message


# -- packaging ------------------------------------------------------------------------------------


def test_pyshacl_is_a_runtime_dependency():
    """The graph stage validates with it, so a plain install (and so the tests) has it."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert any(r.split(">")[0].split("=")[0].strip() == "pyshacl" for r in project["dependencies"])
