// implementations: what implements a document, directly or down a chain, and the tasks of those documents.
// Parameter: $doc (node id).
MATCH (target:Document {id: $doc})
CALL {
  WITH target
  MATCH (impl:Document)-[:IMPLEMENTS]->(via:Document)-[:IMPLEMENTS*0..12]->(target)
  RETURN impl.id AS impl, via.id AS via, 'Document' AS kind
  UNION
  WITH target
  MATCH (impl:Task)-[:PART_OF]->(via:Document)-[:IMPLEMENTS*0..12]->(target)
  RETURN impl.id AS impl, via.id AS via, 'Task' AS kind
}
RETURN DISTINCT impl, via, kind ORDER BY kind, impl, via
