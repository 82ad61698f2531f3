// The static view: the whole graph (or its overview) placed in Python, drawn with physics off.
"use strict";

(function () {
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(data.edges.map((e) => [e.id, e]));
  const nodes = new vis.DataSet(data.nodes.map(kg.visNode));
  const edges = new vis.DataSet(data.edges.map(kg.visEdge));
  const network = new vis.Network(document.getElementById("graph"), { nodes, edges }, kg.options);
  const panel = document.getElementById("details");
  const status = document.getElementById("status");
  const label = (id) => (byId.get(id) || { label: id }).label;
  const opened = new Set();
  window.kgView = { network, nodes, edges, data };  // for tests and the curious

  status.textContent = data.overview
    ? `Overview: ${data.nodes.length} documents and agencies; tasks folded into their documents`
    : `${data.nodes.length} nodes, ${data.edges.length} links`;

  function openTasks(docId) {
    // Overview: put a document's folded tasks (and their links) around it.
    const folded = data.folded[docId];
    if (!folded || opened.has(docId)) return;
    opened.add(docId);
    const centre = network.getPositions([docId])[docId];
    const radius = 60 + 6 * folded.nodes.length;
    folded.nodes.forEach((t, i) => {
      const angle = (2 * Math.PI * i) / folded.nodes.length;
      t.x = centre.x + radius * Math.cos(angle);
      t.y = centre.y + radius * Math.sin(angle);
      byId.set(t.id, t);
    });
    nodes.add(folded.nodes.map(kg.visNode));
    folded.edges.forEach((e) => edgeById.set(e.id, e));
    edges.add(folded.edges.filter((e) => byId.has(e.from) && byId.has(e.to)).map(kg.visEdge));
    applyFilters();
  }

  function showNode(id) {
    const n = byId.get(id);
    if (!n) return;
    let extra = null;
    if (data.overview && data.folded[id] && !opened.has(id)) {
      const count = data.folded[id].nodes.length;
      extra = kg.el("button", { class: "action", id: "open-tasks", onclick: () => { openTasks(id); showNode(id); } },
        `Show its ${count} task${count === 1 ? "" : "s"}`);
    } else if (data.overview && !data.folded[id] && (n.details || []).some(([field]) => field === "Tasks")) {
      extra = kg.el("p", { class: "note" }, "Its tasks are not in this page (too many for one file): "
        + "`kg serve` opens them.");
    }
    kg.showNode(panel, n, extra);
  }

  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) kg.showEdge(panel, edgeById.get(params.edges[0]), label);
  });

  // Search: every word of the query, accents optional, in the node's label, name, title or text.
  const search = document.getElementById("search");
  const results = document.getElementById("search-results");
  search.addEventListener("input", () => {
    const words = kg.fold(search.value).split(" ").filter(Boolean);
    results.replaceChildren();
    if (!words.length) return;
    const wanted = words.join(" ");
    const pool = [...byId.values()].filter((n) => words.every((w) => n.search.includes(w)))
      .map((n) => [kg.rank(n, wanted), n]).sort((a, b) => a[0][0] - b[0][0] || a[0][1] - b[0][1])
      .map(([, n]) => n);
    for (const n of pool.slice(0, 30)) {
      results.append(kg.el("li", {}, kg.el("button", { class: "hit", onclick: () => focus(n.id) }, n.label,
        kg.el("span", { class: "kind" }, n.kind))));
    }
    if (pool.length > 30) results.append(kg.el("li", { class: "note" }, `… and ${pool.length - 30} more`));
    if (!pool.length) results.append(kg.el("li", { class: "note" }, "Nothing matches."));
  });
  search.addEventListener("keydown", (event) => {
    const first = results.querySelector("button");
    if (event.key === "Enter" && first) first.click();
  });

  function focus(id) {
    const n = byId.get(id);
    if (!nodes.get(id)) {  // a folded task: open its document first
      const doc = Object.keys(data.folded || {}).find((d) => data.folded[d].nodes.some((t) => t.id === id));
      if (doc) openTasks(doc);
    }
    if (nodes.get(id) && nodes.get(id).hidden) resetFilters();
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: false });
    showNode(n.id);
  }

  // Filters: a province keeps its own nodes and the national documents they link to; a document type
  // keeps documents of that type and their tasks.
  const provinceSelect = document.getElementById("province");
  const typeSelect = document.getElementById("doctype");
  function resetFilters() { provinceSelect.value = ""; typeSelect.value = ""; applyFilters(); }
  function visible(n) {
    const province = provinceSelect.value, type = typeSelect.value;
    const doc = n.kind === "Task" ? byId.get(n.document) || n : n;
    if (type && n.kind !== "Agency" && n.kind !== "Group" && doc.doc_type !== type) return false;
    if (!province || n.province === province) return true;
    if (n.province) return false;
    return network.getConnectedNodes(n.id).some((m) => (byId.get(m) || {}).province === province);
  }
  function applyFilters() {
    const updates = [];
    nodes.forEach((v) => {
      const hidden = !visible(byId.get(v.id));
      if (Boolean(v.hidden) !== hidden) updates.push({ id: v.id, hidden });
    });
    nodes.update(updates);
    const shown = nodes.get({ filter: (v) => !v.hidden }).length;
    status.textContent = `${shown} of ${nodes.length} nodes shown`;
  }
  provinceSelect.addEventListener("change", applyFilters);
  typeSelect.addEventListener("change", applyFilters);
  window.kgView.ready = true;
})();
