// task: a task's label, text, document and source file. Parameter: $task (node id).
MATCH (t:Task {id: $task})-[:PART_OF]->(d:Document)
RETURN t.label AS label, t.text AS text, d.id AS doc, t.source AS file
LIMIT 1
