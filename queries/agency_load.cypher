// agency_load: every assignment of a task to an agency or group, with the task's deadline and the
// agency the assignee is a unit of (SUB_ORGANIZATION_OF: a Phòng, Chi cục, Trung tâm under its Sở) and
// the agency at the top of that chain (for a unit of a unit, the Sở).
// Deadlines are stored flat on Task nodes (deadline_start, deadline_end, deadline_recurrence: ISO strings).
MATCH (t:Task)-[r:ASSIGNED_TO]->(a:Agency)
OPTIONAL MATCH (a)-[:SUB_ORGANIZATION_OF]->(p:Agency)
OPTIONAL MATCH (a)-[:SUB_ORGANIZATION_OF*1..]->(top:Agency) WHERE NOT (top)-[:SUB_ORGANIZATION_OF]->()
RETURN a.id AS agency, a.name AS name, a.province AS province, coalesce(a.collective, false) AS group,
       t.id AS task, r.role AS role, t.deadline_start AS start, t.deadline_end AS end,
       t.deadline_recurrence AS recurrence, p.id AS parent, p.name AS parent_name,
       top.id AS top, top.name AS top_name
ORDER BY agency, task, role
