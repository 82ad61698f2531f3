// agencies: every agency and collective group with its names and province, for finding one by words.
MATCH (a:Agency)
RETURN a.id AS id, a.name AS name, a.province AS province, coalesce(a.collective, false) AS group,
       coalesce(a.aliases, []) AS aliases
ORDER BY id
