// successions: every SUCCEEDED_BY link (kg.succession): old and new (node ids), date (ISO), change,
// basis (the legal basis), note, unit_known (false: only the new body is known).
MATCH (o)-[s:SUCCEEDED_BY]->(n)
RETURN o.id AS old, n.id AS new, s.date AS date, s.change AS change, s.basis AS basis, s.note AS note,
       s.unit_known AS unit_known
