// node: one node's properties, for `kg show`. Parameter: $node (node id). Absent properties are null.
MATCH (n {id: $node})
OPTIONAL MATCH (n)-[:PART_OF]->(d:Document)
OPTIONAL MATCH (n)-[:SUB_ORGANIZATION_OF]->(p:Agency)
RETURN labels(n) AS labels, n.doc_type AS doc_type, n.number AS number, n.symbol AS symbol, n.date AS date,
       n.year AS year, n.title AS title, n.province AS province, n.issuer AS issuer, n.source AS source,
       n.label AS label, n.code AS code, n.text AS text, n.product AS product, n.deadline_text AS deadline,
       d.id AS document, n.name AS name, n.aliases AS aliases, n.collective AS collective, p.id AS parent
ORDER BY parent
