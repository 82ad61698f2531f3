// trace: the implements links above a task, with the sentence that states each one.
// Parameter: $task (node id). Rows: doc, from, to, quote.
MATCH (t:Task {id: $task})-[:PART_OF]->(d:Document)
OPTIONAL MATCH (d)-[:IMPLEMENTS*0..12]->(a:Document)-[r:IMPLEMENTS]->(b:Document)
RETURN DISTINCT d.id AS doc, a.id AS from, b.id AS to, r.quote AS quote, r.file AS file, r.start AS start
ORDER BY from, to
