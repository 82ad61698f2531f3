// links: every link of one node, out and in, with its role and quotation, for `kg show`.
// Parameter: $node (node id). Rows: direction, type, other, role, quote, file, start, end.
MATCH (n {id: $node})-[r]->(m)
RETURN 'out' AS direction, toLower(type(r)) AS type, m.id AS other, r.role AS role, r.quote AS quote,
       r.file AS file, r.start AS start, r.end AS end
UNION ALL
MATCH (n {id: $node})<-[r]-(m)
RETURN 'in' AS direction, toLower(type(r)) AS type, m.id AS other, r.role AS role, r.quote AS quote,
       r.file AS file, r.start AS start, r.end AS end
