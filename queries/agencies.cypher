// agencies: every agency and collective group with its names, province and the agency it is a unit of,
// for finding one by words. One row per parent (the backend keeps the first by id).
MATCH (a:Agency)
OPTIONAL MATCH (a)-[:SUB_ORGANIZATION_OF]->(p:Agency)
RETURN a.id AS id, a.name AS name, a.province AS province, coalesce(a.collective, false) AS group,
       coalesce(a.aliases, []) AS aliases, p.id AS parent
ORDER BY id
