// task_documents: the document each task is part of. Rows: task, doc.
MATCH (t:Task)-[:PART_OF]->(d:Document) RETURN t.id AS task, d.id AS doc
