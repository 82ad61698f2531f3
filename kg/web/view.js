// graph.html: every node is in the page (an overview above the detail limit keeps each document's tasks
// folded until opened); search, neighbourhoods and traces are answered here, with no server.
"use strict";

(function () {
  const data = unpack(JSON.parse(document.getElementById("kg-data").textContent));

  // loaders.textutil.shorten: at most n characters, cut with an ellipsis.
  function shorten(text, n) { return text.length <= n ? text : text.slice(0, n - 1).trimEnd() + "…"; }

  // kg.view._pack wrote rows and one table of strings; make the views `kg serve` sends.
  function unpack(packed) {
    const S = packed.strings;
    const str = (i) => (i === null || i === undefined ? null : S[i]);
    const views = packed.nodes.map((r) => {
      const details = [];
      for (let i = 0; i < r[8].length; i += 2) details.push([S[r[8][i]], S[r[8][i + 1]]]);
      const said = (details.find(([field]) => field === "Title" || field === "Text") || [])[1] || "";
      const v = { id: r[0], label: str(r[1]), kind: str(r[2]), color: str(r[3]), size: r[4], province: str(r[5]),
        doc_type: str(r[6]), words: r[7] || shorten(said, 90), details };
      if (r[9] !== null && r[9] !== undefined) { v.x = r[9]; v.y = r[10]; }
      if (r[11]) v.overloaded = true;
      if (r[12] >= 0) v.document = packed.nodes[r[12]][0];
      if (r[13] !== null && r[13] !== undefined) v.doc_label = S[r[13]];
      return v;
    });
    const edges = packed.edges.map((r) => {
      const from = views[r[0]].id, to = views[r[1]].id, key = S[r[2]], type = packed.key_types[key] || key;
      const evidence = [];
      for (let i = 0; i < r[3].length; i += 4) evidence.push({ quote: str(r[3][i]), file: str(r[3][i + 1]), start: r[3][i + 2], end: r[3][i + 3] });
      const style = packed.edge_types[type] || { name: type, color: "#aab7b8" };
      const e = { id: `${from}|${key}|${to}`, from, to, type, name: style.name, color: style.color, evidence };
      if (type === "tasks") [e.count, e.name] = [r[4][0], S[r[4][1]]];
      else if (r[4]) e.inherited = true;
      return e;
    });
    const folded = {};
    for (const [doc, tasks, links] of packed.folded) {
      folded[views[doc].id] = { nodes: tasks.map((i) => views[i]), edges: links.map((i) => edges[i]) };
    }
    return { nodes: views.slice(0, packed.drawn), edges: edges.slice(0, packed.drawn_edges), folded,
      overview: packed.overview, clusters: packed.clusters };
  }
  const all = new Map(data.nodes.map((v) => [v.id, v]));  // every node view, folded tasks too
  const foldedIn = new Map();  // task -> the document it is folded into
  const opened = new Set();
  const edgesOf = { implements: new Map(), part_of: new Map() };
  const index = (e) => {
    if (e.type === "implements") { if (!edgesOf.implements.has(e.from)) edgesOf.implements.set(e.from, []); edgesOf.implements.get(e.from).push(e); }
    if (e.type === "part_of") edgesOf.part_of.set(e.from, e);
  };
  data.edges.forEach(index);
  for (const [doc, folded] of Object.entries(data.folded || {})) {
    folded.nodes.forEach((t) => { all.set(t.id, t); foldedIn.set(t.id, doc); });
    folded.edges.forEach(index);
  }
  const field = (v, name) => Object.fromEntries(v.details || [])[name];
  const words = new Map();  // node -> its words, folded (made on the first search)
  const wordsOf = (v) => {
    if (!words.has(v.id)) {
      words.set(v.id, kg.fold([v.label, v.doc_label, v.words, ...(v.details || []).map(([, value]) => value)].join(" ")));
    }
    return words.get(v.id);
  };
  const hit = (v) => ({ id: v.id, kind: v.kind, label: v.label, doc_label: v.doc_label, province: v.province, words: v.words });

  const source = {
    layersTrace: false, clears: false, expandOnOpen: false,
    actions(v, api) {
      const folded = data.folded && data.folded[v.id];
      if (!folded || opened.has(v.id)) return [];
      const n = folded.nodes.length;
      return [{ id: "open-tasks", name: `Show its ${n} task${n === 1 ? "" : "s"}`, run: () => api.expand(v.id) }];
    },
    more(id) {
      const v = all.get(id);
      if (data.overview && v.kind === "Document" && !(data.folded || {})[id] && Number(field(v, "Tasks") || 0) > 0) {
        return { text: "Its tasks are not in this page (too many for one file): `kg serve` opens them." };
      }
      return null;
    },
    async neighbourhood(id) {
      const folded = (data.folded || {})[id];
      if (!folded) return { nodes: [], edges: [], total: 0, shown: 0 };
      opened.add(id);
      return { nodes: folded.nodes, edges: folded.edges, total: folded.nodes.length, shown: folded.nodes.length };
    },
    async reveal(id, api) {
      if (foldedIn.has(id) && !api.graph.hasNode(id)) await api.expand(foldedIn.get(id), true);
    },
    undone(last) { if (last.kind === "open") opened.delete(last.id); },
    async search({ q, kind, province, limit }) {
      const wanted = kg.fold(q);
      const terms = wanted.split(" ").filter(Boolean);
      const pool = [...all.values()].filter((v) => (!kind || v.kind === kind) && (!province || v.province === province)
        && terms.every((w) => wordsOf(v).includes(w)))
        .map((v) => [kg.rank(v, wanted), v]).sort((a, b) => a[0][0] - b[0][0] || a[0][1] - b[0][1] || a[1].label.localeCompare(b[1].label, "vi"))
        .map(([, v]) => v);
      return { total: pool.length, results: pool.slice(0, limit).map(hit) };
    },
    async trace(taskId) {
      const task = all.get(taskId);
      if (!task || task.kind !== "Task") throw new Error("only a task can be traced: pick a task");
      const part = edgesOf.part_of.get(taskId);
      if (!part) throw new Error(`task ${task.label} belongs to no document in this page`);
      const step = (id, relation, quote) => {
        const v = all.get(id) || { id, label: id };
        return { id, relation, quote, doc_type: v.doc_type, symbol: field(v, "Number"), date: field(v, "Date"),
          issuer: field(v, "Issuer"), title: field(v, "Title") };
      };
      const used = new Map([[part.id, part]]);
      const paths = [];
      const walk = (chain) => {
        const here = chain[chain.length - 1].id;
        const next = (edgesOf.implements.get(here) || []).filter((e) => !chain.some((s) => s.id === e.to));
        if (!next.length) { paths.push(chain); return; }
        for (const e of next) {
          used.set(e.id, e);
          walk(chain.concat([step(e.to, "implements", (e.evidence[0] || {}).quote)]));
        }
      };
      walk([step(part.to, "part_of", field(task, "Text"))]);
      const ids = new Set([taskId, ...paths.flat().map((s) => s.id)]);
      return { task: { id: taskId, label: task.label, text: field(task, "Text"), document: part.to }, paths,
        nodes: [...ids].map((id) => all.get(id)).filter(Boolean), edges: [...used.values()] };
    },
  };

  const view = kg.explore(source, {
    name: "kgView", clusters: data.clusters, gap: 22,
    // past 2,000 nodes links are drawn as thin lines without arrowheads: 2-3 times the frames a second
    // without a GPU (bench/view_fps.py); arrows come back in the details of each link
    programs: { edge: data.nodes.length > 2000 ? "line" : "arrow" },
    summary: (graph) => data.overview
      ? `Overview: ${graph.order} documents, agencies and opened tasks; tasks folded into their documents`
      : `${graph.order} nodes, ${graph.size} links`,
  });
  view.data = data;
  view.all = all;
  if (!view.renderer) { view.ready = true; return; }
  data.nodes.forEach(view.addNode);
  data.edges.forEach(view.addEdge);
  view.start();
})();
