// The web app: the page holds only what the user opened; the server sends one neighbourhood at a time.
"use strict";

(function () {
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const network = new vis.Network(document.getElementById("graph"), { nodes, edges }, kg.options);
  const byId = new Map();
  const edgeById = new Map();
  const details = document.getElementById("details");
  const tracePanel = document.getElementById("trace");
  const status = document.getElementById("status");
  const label = (id) => (byId.get(id) || { label: id }).label;
  let highlighted = { nodes: new Set(), edges: new Set() };
  const app = { network, nodes, edges, renders: 0, ready: true };
  window.kgApp = app;
  network.on("afterDrawing", () => { app.renders += 1; });

  async function get(path, params) {
    const response = await fetch(path + "?" + new URLSearchParams(params));
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }

  function say(text) { status.textContent = text; }

  // New nodes go on a sunflower spiral around the node they were opened from: no physics to settle.
  function add(items, links, centre) {
    const origin = byId.has(centre) && nodes.get(centre) ? network.getPositions([centre])[centre] : { x: 0, y: 0 };
    const fresh = items.filter((n) => !byId.has(n.id));
    fresh.forEach((n, i) => {
      if (n.id === centre) { n.x = origin.x; n.y = origin.y; return; }
      const r = 70 + 28 * Math.sqrt(i), a = i * 2.39996;
      n.x = origin.x + r * Math.cos(a);
      n.y = origin.y + r * Math.sin(a);
    });
    fresh.forEach((n) => byId.set(n.id, n));
    nodes.add(fresh.map(kg.visNode));
    const newLinks = links.filter((e) => !edgeById.has(e.id));
    newLinks.forEach((e) => edgeById.set(e.id, e));
    edges.add(newLinks.map(kg.visEdge));
    return fresh.length;
  }

  async function expand(id) {
    say("Opening…");
    const started = performance.now();
    try {
      const hood = await get("/api/neighbourhood", { id });
      const added = add(hood.nodes, hood.edges, id);
      const more = hood.total > hood.shown ? ` (${hood.total - hood.shown} more not shown)` : "";
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      app.lastExpand = { id, added, ms: performance.now() - started };
      say(`${label(id)}: ${hood.shown} neighbours${more}, ${added} new; ${nodes.length} nodes on the page`);
      network.selectNodes([id]);
      showNode(id);
    } catch (error) { say(error.message); }
  }

  function showNode(id) {
    const n = byId.get(id);
    if (!n) return;
    const actions = kg.el("div", {},
      kg.el("button", { class: "action", id: "expand", onclick: () => expand(id) }, "Expand"));
    if (n.kind === "Task") {
      actions.append(kg.el("button", { class: "action", id: "trace-button", onclick: () => trace(id) },
        "Trace to the top document"));
    }
    kg.showNode(details, n, actions);
  }

  async function trace(id) {
    say("Tracing…");
    try {
      const answer = await get("/api/trace", { task: id });
      if (!byId.has(id)) add(answer.nodes.filter((n) => n.id === id), [], null);
      // place the documents of the trace above the task, one row per step
      const base = network.getPositions([id])[id];
      const rows = new Map();
      answer.paths.forEach((chain, p) => chain.forEach((step, depth) => {
        if (!rows.has(step.id)) rows.set(step.id, { x: base.x + 160 * p, y: base.y - 140 * (depth + 1) });
      }));
      const fresh = answer.nodes.filter((n) => !byId.has(n.id));
      fresh.forEach((n) => Object.assign(n, rows.get(n.id) || base));
      fresh.forEach((n) => byId.set(n.id, n));
      nodes.add(fresh.map(kg.visNode));
      const newLinks = answer.edges.filter((e) => !edgeById.has(e.id));
      newLinks.forEach((e) => edgeById.set(e.id, e));
      edges.add(newLinks.map(kg.visEdge));
      highlight(answer.nodes.map((n) => n.id), answer.edges.map((e) => e.id));
      showTrace(answer);
      network.fit({ nodes: answer.nodes.map((n) => n.id), animation: false });
      say(`Trace of ${answer.task.label}: ${answer.paths.length} path${answer.paths.length === 1 ? "" : "s"}`);
    } catch (error) { say(error.message); }
  }

  function highlight(nodeIds, edgeIds) {
    // undo the previous highlight, then draw this one thick and orange
    nodes.update([...highlighted.nodes].filter((id) => nodes.get(id)).map((id) => ({ id, borderWidth: 1 })));
    edges.update([...highlighted.edges].filter((id) => edges.get(id)).map((id) => {
      const e = edgeById.get(id);
      return { id, width: e.width, color: { color: e.color, highlight: "#000" } };
    }));
    highlighted = { nodes: new Set(nodeIds), edges: new Set(edgeIds) };
    nodes.update(nodeIds.map((id) => ({ id, borderWidth: 5, color: { border: "#e67e22" } })));
    edges.update(edgeIds.map((id) => ({ id, width: 5, color: { color: "#e67e22", highlight: "#e67e22" } })));
    app.highlighted = { nodes: [...nodeIds], edges: [...edgeIds] };
  }

  function showTrace(answer) {
    tracePanel.replaceChildren(kg.el("h2", {}, `Trace of task ${answer.task.label}`));
    answer.paths.forEach((chain, p) => {
      const list = kg.el("ol", { class: "trace-path" });
      if (answer.paths.length > 1) tracePanel.append(kg.el("h3", {}, `Path ${p + 1}`));
      for (const step of chain) {
        const name = [step.symbol || step.number || step.doc_type, step.date, step.title].filter(Boolean).join(" · ");
        const item = kg.el("li", {}, kg.el("strong", {}, step.relation === "part_of" ? "in " : "implements "), name);
        if (step.quote) item.append(kg.el("blockquote", { class: "quote" }, step.quote));
        list.append(item);
      }
      tracePanel.append(list);
    });
  }

  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) kg.showEdge(details, edgeById.get(params.edges[0]), label);
  });
  network.on("doubleClick", (params) => { if (params.nodes.length) expand(params.nodes[0]); });

  const search = document.getElementById("search");
  const results = document.getElementById("search-results");
  const summary = document.getElementById("search-summary");
  let pending = 0;
  async function runSearch() {
    const ticket = ++pending;
    const q = search.value;
    if (!q.trim()) { results.replaceChildren(); summary.textContent = ""; return; }
    let answer;
    try { answer = await get("/api/search", { q }); } catch (error) { summary.textContent = error.message; return; }
    if (ticket !== pending) return;  // a newer search is on its way
    results.replaceChildren();
    summary.textContent = answer.total ? `${answer.total} found` + (answer.total > answer.results.length
      ? `, first ${answer.results.length} shown` : "") : "Nothing matches.";
    for (const hit of answer.results) {
      const row = kg.el("li", {}, kg.el("button", { class: "hit", onclick: () => expand(hit.id) }, hit.label,
        kg.el("span", { class: "kind" }, hit.kind + (hit.province ? " · " + hit.province : ""))));
      if (hit.hint) row.title = hit.hint;
      if (hit.kind === "Task") {
        row.append(kg.el("button", { class: "action trace", onclick: () => expand(hit.id).then(() => trace(hit.id)) },
          "Trace"));
      }
      results.append(row);
    }
  }
  let timer = null;
  search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(runSearch, 150); });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { clearTimeout(timer); runSearch(); }
  });
})();
