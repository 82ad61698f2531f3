// documents: what a trace shows of each document. Parameter: $doc (node id).
MATCH (d:Document {id: $doc})
OPTIONAL MATCH (i:Agency {id: d.issuer})
RETURN d.doc_type AS doc_type, d.number AS number, d.symbol AS symbol, d.date AS date, d.year AS year, d.title AS title,
       i.name AS issuer
LIMIT 1
