// tasks: every task with its label and text, for finding one by words.
MATCH (t:Task) RETURN t.id AS task, t.label AS label, t.text AS text ORDER BY task
