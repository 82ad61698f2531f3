// documents_all: every document with what a person finds it by (symbol, number, type, year, title) and
// what `kg show` prints of it; the issuer is the agency whose id the document's `issuer` holds.
MATCH (d:Document)
OPTIONAL MATCH (i:Agency {id: d.issuer})
RETURN d.id AS id, d.doc_type AS doc_type, d.number AS number, d.symbol AS symbol, d.year AS year, d.date AS date,
       d.title AS title, d.province AS province, d.source AS source, d.issuer AS issuer, i.name AS issuer_name
ORDER BY id
