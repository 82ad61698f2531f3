// implementations: what implements a document, directly or down a chain, and the tasks of those
// documents. Parameter: $doc (node id). Rows: impl, via, kind ("Document" or "Task").
MATCH (impl:Document)-[:IMPLEMENTS]->(via:Document)-[:IMPLEMENTS*0..12]->(target:Document {id: $doc})
RETURN DISTINCT impl.id AS impl, via.id AS via, 'Document' AS kind
UNION
MATCH (impl:Task)-[:PART_OF]->(via:Document)-[:IMPLEMENTS*0..12]->(target:Document {id: $doc})
RETURN DISTINCT impl.id AS impl, via.id AS via, 'Task' AS kind
