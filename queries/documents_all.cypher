// documents_all: every document with what a person finds it by (symbol, number, type, year, title).
MATCH (d:Document)
OPTIONAL MATCH (i:Agency {id: d.issuer})
RETURN d.id AS id, d.doc_type AS doc_type, d.number AS number, d.symbol AS symbol, d.year AS year, d.date AS date,
       d.title AS title, d.province AS province, i.name AS issuer, d.source AS file
ORDER BY id
