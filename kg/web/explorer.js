// The explorer: one client for graph.html (every node is in the page) and for `kg serve` (nodes come
// from the server as they are opened). Drawn with sigma.js (WebGL) over a graphology graph; sigma
// draws the labels that do not collide, all of them as one zooms in.
//
// A "source" answers the questions: search, neighbourhood, trace, node. The page keeps its state
// (search, filters, selected node, opened nodes, trace) in the address after "#", so back and forward
// work and a link reproduces the view.
"use strict";

(function () {
  const FONT = "\"DejaVu Sans\", \"Segoe UI\", Arial, sans-serif";
  const DIM = "#e3e6e8", DIM_EDGE = "#eef0f1", TRACE = "#e67e22", OVERLOADED = "#c0392b";
  const Z = { Document: 3, Agency: 2, Group: 1, Task: 0 };
  const PAGE = 25;

  kg.explore = function (source, options) {
    const opts = Object.assign({ name: "kgView", clusters: [] }, options || {});
    const graph = new graphology.MultiDirectedGraph();
    const views = new Map();  // node id -> its view (label, kind, details, ...)
    const edgeViews = new Map();
    const container = document.getElementById("graph");
    const panel = document.getElementById("details");
    const tracePanel = document.getElementById("trace");
    const status = document.getElementById("status");
    const tooltip = document.getElementById("tooltip");
    const say = (text) => { status.textContent = text; };
    const state = {
      hovered: null, selected: null, focus: new Set(), trace: null, traceNodes: new Set(), traceEdges: new Set(),
      province: "", type: "", visible: null, history: [], opened: [], query: "", kind: "", shown: PAGE,
    };
    const api = { graph, views, edgeViews, state, renders: 0, ready: false };
    window[opts.name] = api;

    // --- drawing ------------------------------------------------------------------------------------
    const BorderedNode = Sigma.rendering.createNodeBorderProgram({
      borders: [
        { size: { attribute: "borderSize", defaultValue: 0.12 }, color: { attribute: "borderColor" } },
        { size: { fill: true }, color: { attribute: "color" } },
      ],
    });
    function nodeAttributes(v) {
      return {
        x: v.x ?? 0, y: v.y ?? 0, size: v.size * (opts.sizeScale || 1), color: v.color, label: v.label, zIndex: Z[v.kind] ?? 0,
        borderColor: v.overloaded ? OVERLOADED : "#ffffff", borderSize: v.overloaded ? 0.35 : 0.12,
      };
    }
    function nodeReducer(node, attrs) {
      const out = Object.assign({}, attrs);
      if (state.visible && !state.visible.has(node)) { out.hidden = true; return out; }
      const centre = state.hovered || state.selected;
      const traced = state.traceNodes.has(node);
      if (centre && node !== centre && !state.focus.has(node) && !traced) {
        out.color = DIM; out.borderColor = DIM; out.label = null; out.zIndex = -1;
      } else if (centre) {
        out.forceLabel = true; out.zIndex = (attrs.zIndex || 0) + 10;
      }
      if (traced) { out.borderColor = TRACE; out.borderSize = 0.4; out.forceLabel = true; out.zIndex = 20; }
      if (node === state.selected) out.highlighted = true;
      return out;
    }
    function edgeReducer(edge, attrs) {
      const out = Object.assign({}, attrs);
      const [from, to] = graph.extremities(edge);
      if (state.visible && (!state.visible.has(from) || !state.visible.has(to))) { out.hidden = true; return out; }
      const centre = state.hovered || state.selected;
      if (state.traceEdges.has(edge)) { out.color = TRACE; out.size = 4; out.zIndex = 20; return out; }
      if (centre) {
        if (from === centre || to === centre) { out.size = (attrs.size || 1) + 1; out.zIndex = 10; }  // its kind's colour kept
        else { out.color = DIM_EDGE; out.zIndex = -1; }
      }
      return out;
    }
    let renderer;
    try {
      renderer = new Sigma(graph, container, {
        allowInvalidContainer: true, renderEdgeLabels: false, enableEdgeEvents: true, zIndex: true,
        defaultNodeType: "bordered", defaultEdgeType: "arrow",
        nodeProgramClasses: { bordered: BorderedNode },
        edgeProgramClasses: { arrow: (opts.programs || {}).edge === "line" ? Sigma.rendering.EdgeLineProgram : Sigma.rendering.EdgeArrowProgram },
        labelFont: FONT, labelSize: 12, labelDensity: 0.3, labelGridCellSize: 140, labelRenderedSizeThreshold: 5,
        nodeReducer, edgeReducer, minCameraRatio: 0.002, maxCameraRatio: 20, stagePadding: 40,
        autoRescale: true,
      });
    } catch (error) {
      container.replaceChildren(kg.el("p", { class: "note" }, "This view draws with WebGL, which this browser has turned off: "
        + "turn on hardware acceleration (or WebGL) in its settings, or open the page in another browser."));
      say("WebGL is off in this browser");
      return api;
    }
    api.renderer = renderer;
    renderer.on("afterRender", () => { api.renders += 1; placeClusterNames(); });

    // Province names over their clusters (graph.html): HTML text placed where the cluster's top is drawn.
    const clusterLayer = document.getElementById("clusters");
    const clusterLabels = (opts.clusters || []).map((c) => {
      const label = kg.el("div", { class: "cluster-name" }, c.name);
      clusterLayer.append(label);
      return [c, label];
    });
    function placeClusterNames() {
      for (const [c, label] of clusterLabels) {
        const shown = !state.province || state.province === c.name;
        const top = renderer.graphToViewport({ x: c.x, y: c.y + c.r });
        label.hidden = !shown;
        label.style.transform = `translate(${Math.round(top.x)}px, ${Math.round(top.y) - 22}px) translateX(-50%)`;
      }
    }

    // Two documents that look alike (01-NQ/TU of two provinces) are labelled with their provinces.
    const sameLabel = new Map();
    // A view the source sent, kept unless a fuller one (with its details) is known already.
    function learn(v) { if (!views.has(v.id) || !views.get(v.id).details) views.set(v.id, v); }
    function addNode(v) {
      learn(v);
      if (graph.hasNode(v.id)) return false;
      graph.addNode(v.id, nodeAttributes(v));
      if (v.kind === "Document") {
        const same = sameLabel.get(v.label) || new Set();
        same.add(v.id);
        sameLabel.set(v.label, same);
        const provinces = new Set([...same].map((id) => views.get(id).province));
        if (provinces.size > 1) {
          for (const id of same) {
            if (graph.hasNode(id)) graph.setNodeAttribute(id, "label", `${views.get(id).label} (${views.get(id).province || "national"})`);
          }
        }
      }
      return true;
    }
    function addEdge(e) {
      edgeViews.set(e.id, e);
      if (graph.hasEdge(e.id) || !graph.hasNode(e.from) || !graph.hasNode(e.to)) return false;
      graph.addDirectedEdgeWithKey(e.id, e.from, e.to, {
        color: e.color, size: e.type === "implements" ? 2.5 : e.type === "tasks" ? Math.min(1 + Math.log2(1 + (e.count || 1)), 4) : 1,
      });
      return true;
    }
    api.addNode = addNode;
    api.addEdge = addEdge;

    // --- layout of what is opened: rings around the node, documents nearest, never on top of another -
    function placeAround(centre, fresh) {
      const origin = centre && graph.hasNode(centre) ? graph.getNodeAttributes(centre) : { x: 0, y: 0 };
      const gap = opts.gap || 26;
      const cells = new Map();
      const key = (x, y) => `${Math.floor(x / gap)},${Math.floor(y / gap)}`;
      graph.forEachNode((_, a) => cells.set(key(a.x, a.y), true));
      const free = (x, y) => {
        for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
          if (cells.has(`${Math.floor(x / gap) + dx},${Math.floor(y / gap) + dy}`)) return false;
        }
        return true;
      };
      const ordered = [...fresh].sort((a, b) => (kg.KIND_ORDER[a.kind] ?? 9) - (kg.KIND_ORDER[b.kind] ?? 9));
      let ring = 1, slot = 0, slots = 6;
      for (const v of ordered) {
        if (v.id === centre) continue;
        for (let tries = 0; tries < 5000; tries++) {
          const radius = ring * gap * 2.2;
          const angle = (2 * Math.PI * slot) / slots + ring * 0.37;
          const x = origin.x + radius * Math.cos(angle), y = origin.y + radius * Math.sin(angle);
          slot += 1;
          if (slot >= slots) { ring += 1; slot = 0; slots = Math.max(6, Math.floor((2 * Math.PI * ring * 2.2))); }
          if (free(x, y)) { v.x = x; v.y = y; cells.set(key(x, y), true); break; }
        }
      }
    }

    // A node opened on its own: in the middle of an empty page, else beside what is there.
    function placeNew(v) {
      if (!graph.order) { v.x = 0; v.y = 0; return; }
      let maxX = -Infinity, sumY = 0;
      graph.forEachNode((_, a) => { maxX = Math.max(maxX, a.x); sumY += a.y; });
      v.x = maxX + (opts.gap || 26) * 8; v.y = sumY / graph.order;
    }

    // The implements chain top-down in layers: the top resolution above, the task at the bottom.
    function layerTrace(taskId, paths) {
      const depth = new Map();
      for (const chain of paths) chain.forEach((step, i) => depth.set(step.id, Math.max(depth.get(step.id) || 0, i + 1)));
      const layers = new Map();
      for (const [id, d] of depth) { if (!layers.has(d)) layers.set(d, []); layers.get(d).push(id); }
      const base = graph.getNodeAttributes(taskId);
      const step = (opts.gap || 26) * 4;
      const moves = [];
      for (const [d, ids] of layers) {
        ids.sort().forEach((id, i) => moves.push([id, base.x + (i - (ids.length - 1) / 2) * step * 1.5, base.y + d * step]));
      }
      return moves;
    }

    // --- the camera ---------------------------------------------------------------------------------
    // The frame of the drawing: the box of every node on the page, fixed until nodes are added, so
    // that hiding nodes (a filter) never moves the others on screen.
    function frame() {
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      graph.forEachNode((_, a) => {
        minX = Math.min(minX, a.x); maxX = Math.max(maxX, a.x); minY = Math.min(minY, a.y); maxY = Math.max(maxY, a.y);
      });
      if (!graph.order) { renderer.setCustomBBox(null); return; }
      const box = renderer.getCustomBBox();
      if (box && box.x[0] <= minX && box.x[1] >= maxX && box.y[0] <= minY && box.y[1] >= maxY) return;
      renderer.setCustomBBox({ x: [minX, maxX === minX ? minX + 1 : maxX], y: [minY, maxY === minY ? minY + 1 : maxY] });
    }
    function fit(ids, animate) {
      renderer.resize();  // the stage may have changed size since the last frame
      frame();
      renderer.refresh();
      const shown = ids.filter((id) => graph.hasNode(id) && (!state.visible || state.visible.has(id)));
      if (!shown.length) return;
      // where the nodes fall on screen with the camera at rest (graph coordinates through sigma's own
      // normalisation); the size on screen goes as 1 / ratio
      const rest = { cameraState: { x: 0.5, y: 0.5, ratio: 1, angle: 0 } };
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (const id of shown) {
        const p = renderer.graphToViewport(graph.getNodeAttributes(id), rest);
        minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
      }
      const { width, height } = renderer.getDimensions();
      const pad = 60;
      const ratio = Math.min(2, Math.max(0.05, (maxX - minX) / Math.max(1, width - 2 * pad),
        (maxY - minY) / Math.max(1, height - 2 * pad)));
      const centre = renderer.viewportToFramedGraph({ x: (minX + maxX) / 2, y: (minY + maxY) / 2 }, rest);
      const target = { x: centre.x, y: centre.y, ratio, angle: 0 };
      if (animate) renderer.getCamera().animate(target, { duration: 300 });
      else renderer.getCamera().setState(target);
    }
    api.fit = fit;
    api.inViewport = (id) => {
      if (!graph.hasNode(id)) return false;
      // the camera as it is now, not as last drawn (a move is drawn at the next frame)
      const p = renderer.graphToViewport(graph.getNodeAttributes(id), { cameraState: renderer.getCamera().getState() });
      const { width, height } = renderer.getDimensions();
      return p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height;
    };

    // --- filters: a province keeps its nodes and the national ones linked to them; a type its documents
    const provinceSelect = document.getElementById("province");
    const typeSelect = document.getElementById("doctype");
    const kindSelect = document.getElementById("kind");
    function documentOf(v) { return v.kind === "Task" ? views.get(v.document) || v : v; }
    function passes(id) {
      const v = views.get(id);
      if (!v) return true;
      if (state.type && v.kind !== "Agency" && v.kind !== "Group" && documentOf(v).doc_type !== state.type) return false;
      if (!state.province) return true;
      if (v.province) return v.province === state.province;
      return graph.hasNode(id) && graph.neighbors(id).some((m) => (views.get(m) || {}).province === state.province);
    }
    function applyFilters(refit) {
      if (!state.province && !state.type) state.visible = null;
      else {
        state.visible = new Set();
        graph.forEachNode((id) => { if (passes(id)) state.visible.add(id); });
      }
      if (state.selected && state.visible && !state.visible.has(state.selected)) {
        unselect();
      }
      renderer.refresh();
      const shown = state.visible ? state.visible.size : graph.order;
      say(state.visible ? `${shown} of ${graph.order} nodes shown` : summaryLine());
      if (refit) fit(state.visible ? [...state.visible] : graph.nodes(), false);
    }
    if (provinceSelect) provinceSelect.addEventListener("change", () => {
      state.province = provinceSelect.value; applyFilters(true); runSearch(); remember();
    });
    if (typeSelect) typeSelect.addEventListener("change", () => { state.type = typeSelect.value; applyFilters(true); remember(); });
    if (kindSelect) kindSelect.addEventListener("change", () => { state.kind = kindSelect.value; runSearch(); remember(); });
    function summaryLine() {
      return opts.summary ? opts.summary(graph) : `${graph.order} nodes, ${graph.size} links on the page`;
    }

    // --- hover: a box with the node's fields, sans-serif like the rest ------------------------------
    renderer.on("enterNode", ({ node, event }) => {
      state.hovered = node;
      state.focus = new Set(graph.neighbors(node));
      renderer.refresh({ skipIndexation: true });
      const v = views.get(node);
      if (!v) return;
      tooltip.replaceChildren(kg.el("strong", {}, v.label));
      for (const [field, value] of (v.details || []).slice(0, 7)) {
        tooltip.append(kg.el("div", {}, kg.el("span", { class: "field" }, field + ": "), value));
      }
      const box = container.getBoundingClientRect();
      tooltip.style.left = `${Math.min(box.width - 300, event.x + 14)}px`;
      tooltip.style.top = `${event.y + 14}px`;
      tooltip.hidden = false;
      container.style.cursor = "pointer";
    });
    renderer.on("leaveNode", () => {
      state.hovered = null;
      state.focus = state.selected ? new Set(graph.neighbors(state.selected)) : new Set();
      tooltip.hidden = true;
      container.style.cursor = "";
      renderer.refresh({ skipIndexation: true });
    });
    renderer.on("clickNode", ({ node }) => select(node));
    renderer.on("doubleClickNode", ({ node, event }) => { event.preventSigmaDefault(); expand(node); });
    renderer.on("clickEdge", ({ edge }) => showEdge(edge));
    renderer.on("clickStage", () => { if (state.selected) { unselect(); remember(); } });

    // --- details of a node: its fields, actions and its neighbours (reachable by keyboard) -----------
    function select(id, quiet) {
      if (!graph.hasNode(id)) return;
      state.selected = id;
      state.walk = -1;
      state.focus = new Set(graph.neighbors(id));
      renderer.refresh({ skipIndexation: true });
      showNode(id);
      if (!quiet) remember();
    }
    function unselect() {
      state.selected = null;
      state.focus = new Set();
      panel.replaceChildren(kg.el("p", { class: "note" }, "Click a node or a link to see its details and the words that state it."));
      renderer.refresh({ skipIndexation: true });
    }
    api.select = select;

    function showNode(id) {
      const v = views.get(id);
      panel.replaceChildren(kg.el("h2", {}, v.label));
      const list = kg.el("dl");
      for (const [field, value] of v.details || []) list.append(kg.el("dt", {}, field), kg.el("dd", {}, value));
      panel.append(list);
      const actions = kg.el("div", { class: "actions" });
      for (const action of source.actions(v, api)) {
        actions.append(kg.el("button", { class: "action", id: action.id, type: "button", onclick: action.run }, action.name));
      }
      if (v.kind === "Task") {
        actions.append(kg.el("button", { class: "action", id: "trace-button", type: "button", onclick: () => trace(id) },
          "Trace to the top document"));
      }
      actions.append(kg.el("button", { class: "action", type: "button", onclick: () => fit([id, ...graph.neighbors(id)], true) },
        "Centre"));
      panel.append(actions);
      const more = source.more && source.more(id);
      if (more) panel.append(kg.el("p", { class: "note" }, more.text, " ", more.button
        ? kg.el("button", { class: "action", id: "show-more", type: "button", onclick: more.run }, more.button) : null));
      const neighbours = graph.neighbors(id).filter((m) => !state.visible || state.visible.has(m))
        .map((m) => views.get(m)).filter(Boolean)
        .sort((a, b) => (kg.KIND_ORDER[a.kind] ?? 9) - (kg.KIND_ORDER[b.kind] ?? 9) || a.label.localeCompare(b.label, "vi"));
      if (neighbours.length) {
        panel.append(kg.el("h3", {}, `On the page, linked to it (${neighbours.length})`));
        const ul = kg.el("ul", { class: "results neighbours", id: "neighbours" });
        for (const n of neighbours.slice(0, 200)) {
          ul.append(kg.el("li", {}, kg.el("button", { class: "hit", type: "button", "data-id": n.id,
            onclick: () => { select(n.id); centre(n.id); } }, ...hitLine(n))));
        }
        kg.arrowKeys(ul);
        panel.append(ul);
      }
    }
    function showEdge(id) {
      const e = edgeViews.get(id);
      if (!e) return;
      const label = (n) => (views.get(n) || { label: n }).label;
      panel.replaceChildren(kg.el("h2", {}, e.name));
      panel.append(kg.el("p", { class: "ends" }, label(e.from), " → ", label(e.to)));
      if (e.inherited) panel.append(kg.el("p", { class: "note" }, "Read from the merged table cell above this row."));
      if (!e.evidence || !e.evidence.length) panel.append(kg.el("p", { class: "note" }, "No quotation recorded for this link."));
      for (const ev of e.evidence || []) {
        panel.append(kg.el("blockquote", { class: "quote" }, quoteText(ev.quote)));
        if (ev.file) {
          const where = ev.start !== null && ev.start !== undefined ? ` (characters ${ev.start}–${ev.end})` : "";
          panel.append(kg.el("p", { class: "source" }, ev.file + where));
        }
      }
    }
    api.showEdge = showEdge;
    function centre(id) {
      const d = renderer.getNodeDisplayData(id);
      if (d) renderer.getCamera().animate({ x: d.x, y: d.y }, { duration: 250 });
    }
    function quoteText(quote) {
      if (quote === null || quote === undefined) return "";
      if (typeof quote === "string") return quote;
      if (Array.isArray(quote)) return quote.map(quoteText).join(" … ");
      return quote.quote ? quoteText(quote.quote) : String(quote);
    }

    // Keyboard on the canvas: arrows walk the selected node's neighbours, Enter opens, Escape lets go.
    container.tabIndex = 0;
    container.setAttribute("aria-label", "graph: arrow keys move between the selected node's neighbours, Enter opens it");
    container.addEventListener("keydown", (event) => {
      const ids = state.selected ? [...document.querySelectorAll("#neighbours button.hit")].map((b) => b.dataset.id) : [];
      if (event.key === "Escape") { unselect(); remember(); return; }
      if (event.key === "Enter" && state.selected) { expand(state.selected); return; }
      if (!["ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight"].includes(event.key)) return;
      event.preventDefault();
      if (!state.selected) {
        const first = graph.nodes().find((n) => !state.visible || state.visible.has(n));
        if (first) { select(first); centre(first); }
        return;
      }
      if (!ids.length) return;
      state.walk = ((state.walk ?? -1) + (event.key === "ArrowDown" || event.key === "ArrowRight" ? 1 : ids.length - 1)) % ids.length;
      const target = ids[state.walk];
      document.querySelectorAll("#neighbours button.hit").forEach((b) => b.classList.toggle("current", b.dataset.id === target));
      state.hovered = target;
      state.focus = new Set(graph.neighbors(target));
      renderer.refresh({ skipIndexation: true });
    });

    // --- opening: a node's neighbours (kg serve) or a document's folded tasks (graph.html) ----------
    async function expand(id, replay) {
      say("Opening…");
      const started = performance.now();
      try {
        const hood = await source.neighbourhood(id, 0);
        const added = show(hood, id);
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        api.lastExpand = { id, added, ms: performance.now() - started };
        if (!state.opened.includes(id)) state.opened.push(id);
        const more = hood.total > hood.shown ? `; ${hood.total - hood.shown} more not shown` : "";
        say(`${(views.get(id) || { label: id }).label}: ${hood.shown} neighbours, ${added} new${more}; ${graph.order} nodes on the page`);
        if (graph.hasNode(id)) select(id, true);
        if (!replay) { fit([id, ...graph.neighbors(id)], true); remember(); }
        return added;
      } catch (error) { say(error.message); return 0; }
    }
    async function showMore(id, offset) {
      const hood = await source.neighbourhood(id, offset);
      const added = show(hood, id);
      say(`${hood.shown + offset} of ${hood.total} neighbours of ${views.get(id).label} on the page (${added} new)`);
      select(id, true);
      fit([id, ...graph.neighbors(id)], true);
    }
    api.showMore = showMore;
    function show(hood, centreId) {
      hood.nodes.forEach(learn);
      const fresh = hood.nodes.filter((v) => !graph.hasNode(v.id));
      const c = centreId && !graph.hasNode(centreId) ? fresh.find((v) => v.id === centreId) : null;
      if (c) { if (c.x === undefined) placeNew(c); addNode(c); }
      placeAround(centreId, fresh.filter((v) => v.x === undefined));
      fresh.forEach(addNode);
      (hood.edges || []).forEach(addEdge);
      if (fresh.length) state.history.push({ kind: "open", id: centreId, nodes: fresh.map((v) => v.id) });
      if (state.province || state.type) applyFilters(false);
      renderer.refresh();
      return fresh.length;
    }
    api.expand = expand;
    api.show = show;

    // --- trace --------------------------------------------------------------------------------------
    async function trace(taskId, replay) {
      say("Tracing…");
      try {
        const answer = await source.trace(taskId);
        answer.nodes.forEach(learn);
        const fresh = answer.nodes.filter((v) => !graph.hasNode(v.id));
        if (!graph.hasNode(taskId)) {
          const t = answer.nodes.find((v) => v.id === taskId);
          if (t) { if (t.x === undefined) placeNew(t); addNode(t); }
        }
        if (source.layersTrace) {
          for (const [id, x, y] of layerTrace(taskId, answer.paths)) {
            const v = views.get(id);
            if (graph.hasNode(id) && !fresh.some((f) => f.id === id)) continue;  // already drawn: stays put
            v.x = x; v.y = y;
          }
        }
        fresh.forEach(addNode);
        answer.edges.forEach(addEdge);
        if (fresh.length) state.history.push({ kind: "trace", id: taskId, nodes: fresh.map((v) => v.id) });
        state.trace = answer;
        state.traceNodes = new Set(answer.nodes.map((v) => v.id));
        state.traceEdges = new Set(answer.edges.map((e) => e.id).filter((e) => graph.hasEdge(e)));
        api.highlighted = { nodes: [...state.traceNodes], edges: [...state.traceEdges] };
        if (state.visible) applyFilters(false);
        showTrace(answer);
        select(taskId, true);
        fit([...state.traceNodes], false);
        say(`Trace of ${answer.task.label}: ${answer.paths.length} path${answer.paths.length === 1 ? "" : "s"}`);
        if (!replay) remember();
      } catch (error) { say(error.message); }
    }
    api.trace = trace;

    function docLine(id, step) {
      const v = views.get(id) || {};
      const field = (name) => (Object.fromEntries(v.details || [])[name]);
      const symbol = step && step.symbol ? (step.symbol.startsWith(step.doc_type || "\u0000") ? step.symbol
        : `${step.doc_type || ""} ${step.symbol}`.trim()) : null;
      const parts = [symbol || v.label || id,
        (step && (step.date || step.year)) || field("Date"), (step && step.issuer) || field("Issuer"), v.province || "national"];
      return parts.filter(Boolean).join(" · ");
    }
    // One tree for all the paths: each link once, with its quotation as text.
    function traceTree(answer) {
      const root = { children: new Map() };
      for (const chain of answer.paths) {
        let at = root;
        for (const step of chain) {
          if (!at.children.has(step.id)) at.children.set(step.id, { step, children: new Map() });
          at = at.children.get(step.id);
        }
      }
      return root;
    }
    function tops(answer) {
      const seen = new Map();
      for (const chain of answer.paths) { const top = chain[chain.length - 1]; seen.set(top.id, top); }
      return [...seen.values()];
    }
    function showTrace(answer) {
      tracePanel.hidden = false;
      const task = answer.task;
      tracePanel.replaceChildren(kg.el("h2", {}, `Trace of task ${task.label}`));
      tracePanel.append(kg.el("p", { class: "task-text" }, task.text || ""));
      const summit = tops(answer);
      tracePanel.append(kg.el("p", { class: "top", id: "trace-top" }, "Ultimately implements: ",
        ...summit.flatMap((s, i) => [i ? "; " : "", kg.el("strong", {}, docLine(s.id, s))])));
      const root = traceTree(answer);
      const draw = (node) => {
        const ul = kg.el("ul", { class: "trace-tree" });
        for (const child of node.children.values()) {
          const s = child.step;
          const li = kg.el("li", {}, kg.el("span", { class: "relation" }, s.relation === "part_of" ? "in " : "implements "),
            kg.el("button", { class: "hit", type: "button", onclick: () => { select(s.id); centre(s.id); } }, docLine(s.id, s)));
          if (s.title) li.append(kg.el("div", { class: "title" }, s.title));
          if (s.relation !== "part_of" && s.quote) li.append(kg.el("blockquote", { class: "quote" }, quoteText(s.quote)));
          if (child.children.size) li.append(draw(child));
          ul.append(li);
        }
        return ul;
      };
      tracePanel.append(draw(root));
      tracePanel.append(kg.el("div", { class: "actions" },
        kg.el("button", { class: "action", id: "trace-text", type: "button", onclick: () => kg.download(
          `trace-${kg.fold(task.label).replace(/ /g, "-") || "task"}.txt`, traceText(answer)) }, "Save the trace as text"),
        kg.el("button", { class: "action", type: "button", onclick: clearTrace }, "Close the trace")));
      document.getElementById("side").scrollTop = 0;  // the pane is at the top of the side panel
    }
    function traceText(answer) {
      const lines = [`Task ${answer.task.label}: ${answer.task.text || ""}`];
      const summit = tops(answer);
      lines.push(`Ultimately implements: ${summit.map((s) => docLine(s.id, s)).join("; ")}`, "");
      const walk = (node, indent) => {
        for (const child of node.children.values()) {
          const s = child.step;
          lines.push(`${indent}${s.relation === "part_of" ? "in" : "implements"} ${docLine(s.id, s)}`);
          if (s.title) lines.push(`${indent}  ${s.title}`);
          if (s.relation !== "part_of" && s.quote) lines.push(`${indent}  “${quoteText(s.quote)}”`);
          walk(child, indent + "  ");
        }
      };
      walk(traceTree(answer), "");
      return lines.join("\n") + "\n";
    }
    api.traceText = () => state.trace && traceText(state.trace);
    function clearTrace() {
      state.trace = null; state.traceNodes = new Set(); state.traceEdges = new Set(); api.highlighted = null;
      tracePanel.replaceChildren(); tracePanel.hidden = true;
      renderer.refresh({ skipIndexation: true });
      remember();
    }

    // --- search: every hit says what it is (kind, document, province, first words) -----------------
    const search = document.getElementById("search");
    const results = document.getElementById("search-results");
    const searchSummary = document.getElementById("search-summary");
    kg.arrowKeys(results);
    function hitLine(hit) {
      const where = [hit.kind === "Task" && hit.doc_label ? `in ${hit.doc_label}` : "", hit.province || (hit.kind === "Task" ? "" : "national")]
        .filter(Boolean).join(" · ");
      return [kg.el("span", { class: `badge ${hit.kind}` }, kg.KIND_NAMES[hit.kind] || hit.kind), " ",
        kg.el("span", { class: "label" }, hit.label), where ? kg.el("span", { class: "where" }, " " + where) : null,
        hit.words ? kg.el("span", { class: "words" }, hit.words) : null];
    }
    let ticket = 0;
    async function runSearch(keep) {
      const mine = ++ticket;
      state.query = search.value;
      if (!keep) state.shown = PAGE;
      if (!state.query.trim()) { results.replaceChildren(); searchSummary.textContent = ""; return; }
      let answer;
      try {
        answer = await source.search({ q: state.query, kind: state.kind, province: state.province, offset: 0, limit: state.shown });
      } catch (error) { searchSummary.textContent = error.message; return; }
      if (mine !== ticket) return;  // a newer search is on its way
      results.replaceChildren();
      const filters = [state.kind ? kg.KIND_NAMES[state.kind] + "s" : "", state.province].filter(Boolean).join(", ");
      searchSummary.textContent = answer.total
        ? `${answer.total} found${filters ? " (" + filters + ")" : ""}` + (answer.total > answer.results.length ? `, ${answer.results.length} shown` : "")
        : `Nothing matches “${state.query}”${filters ? " among " + filters : ""}.`;
      for (const hit of answer.results) {
        const row = kg.el("li", {}, kg.el("button", { class: "hit", type: "button", "data-id": hit.id, onclick: () => open(hit.id) },
          ...hitLine(hit)));
        if (hit.kind === "Task") {
          row.append(kg.el("button", { class: "action trace", type: "button", onclick: () => openTrace(hit.id) }, "Trace"));
        }
        results.append(row);
      }
      if (answer.total > answer.results.length) {
        const rest = answer.total - answer.results.length;
        results.append(kg.el("li", { class: "more" },
          kg.el("button", { class: "action", id: "more-results", type: "button", onclick: () => { state.shown += PAGE * 2; runSearch(true); } },
            `Show ${Math.min(rest, PAGE * 2)} more`),
          rest <= 1000 ? kg.el("button", { class: "action", id: "all-results", type: "button", onclick: () => { state.shown = answer.total; runSearch(true); } },
            `Show all ${answer.total}`) : null));
      }
      api.lastSearch = answer;
    }
    let timer = null;
    search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { runSearch(); rememberSoon(); }, 150); });
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { clearTimeout(timer); runSearch(); remember(); }
      if (event.key === "ArrowDown") { const first = results.querySelector("button.hit"); if (first) { first.focus(); event.preventDefault(); } }
    });
    async function open(id) {
      if (!graph.hasNode(id)) await source.reveal(id, api);
      if (!graph.hasNode(id)) return;
      if (state.visible && !state.visible.has(id)) {  // filtered out: let go of the filters, say so
        state.province = ""; state.type = "";
        if (provinceSelect) provinceSelect.value = "";
        if (typeSelect) typeSelect.value = "";
        applyFilters(false);
      }
      select(id, true);
      if (source.expandOnOpen) await expand(id, true);
      fit([id, ...graph.neighbors(id)], false);
      remember();
    }
    async function openTrace(id) {
      if (!graph.hasNode(id)) await source.reveal(id, api);
      await trace(id);
    }
    api.open = open;

    // --- undo, clear, export ------------------------------------------------------------------------
    function undo() {
      const last = state.history.pop();
      if (!last) { say("Nothing to undo."); return; }
      for (const id of last.nodes) if (graph.hasNode(id)) graph.dropNode(id);
      if (last.kind === "trace") clearTrace();
      state.opened = state.opened.filter((id) => id !== last.id || last.kind !== "open");
      if (state.selected && !graph.hasNode(state.selected)) unselect();
      if (source.undone) source.undone(last, api);
      renderer.refresh();
      say(`Removed ${last.nodes.length} node${last.nodes.length === 1 ? "" : "s"}; ${graph.order} on the page`);
      remember();
    }
    // Back to what the page opened with: graph.html's nodes, or kg serve's empty page.
    function dropOpened() {
      while (state.history.length) {
        const last = state.history.pop();
        for (const id of last.nodes) if (graph.hasNode(id)) graph.dropNode(id);
        if (source.undone) source.undone(last, api);
      }
      if (source.clears) graph.clear();
      state.opened = [];
    }
    function clearAll() {
      dropOpened();
      clearTrace();
      unselect();
      state.province = ""; state.type = "";
      if (provinceSelect) provinceSelect.value = "";
      if (typeSelect) typeSelect.value = "";
      applyFilters(false);
      if (graph.order) fit(graph.nodes(), false);
      say(graph.order ? summaryLine() : "Search to begin.");
      remember();
    }
    function png() {
      renderer.refresh();
      const { width, height } = renderer.getDimensions();
      const ratio = window.devicePixelRatio || 1;
      const canvas = kg.el("canvas", { width: Math.round(width * ratio), height: Math.round(height * ratio) });
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      for (const layer of ["edges", "nodes", "edgeLabels", "labels", "hovers", "hoverNodes"]) {
        const c = renderer.getCanvases()[layer];
        if (c) ctx.drawImage(c, 0, 0, canvas.width, canvas.height);
      }
      ctx.scale(ratio, ratio);
      ctx.font = `bold 13px ${FONT}`;
      ctx.fillStyle = "#566573";
      ctx.textAlign = "center";
      for (const [c, label] of clusterLabels) {
        if (label.hidden) continue;
        const top = renderer.graphToViewport({ x: c.x, y: c.y + c.r });
        ctx.fillText(c.name, top.x, top.y - 10);
      }
      return canvas.toDataURL("image/png");
    }
    api.png = png;
    document.getElementById("undo").addEventListener("click", undo);
    document.getElementById("clear").addEventListener("click", clearAll);
    document.getElementById("fit").addEventListener("click", () => fit(state.visible ? [...state.visible] : graph.nodes(), true));
    document.getElementById("export-png").addEventListener("click", async () => {
      const blob = await (await fetch(png())).blob();
      kg.download("policy-kg-view.png", blob);
    });
    document.getElementById("copy-link").addEventListener("click", async () => {
      remember();
      try { await navigator.clipboard.writeText(location.href); say("Link copied: it opens this view."); } catch (error) {
        say("Copy the address from the address bar: it opens this view.");
      }
    });
    api.undo = undo;
    api.clear = clearAll;

    // --- the address: #q=…&kind=…&province=…&type=…&open=…&trace=…&node=… -------------------------
    function stateHash() {
      const params = new URLSearchParams();
      if (state.query) params.set("q", state.query);
      if (state.kind) params.set("kind", state.kind);
      if (state.province) params.set("province", state.province);
      if (state.type) params.set("type", state.type);
      if (state.opened.length) params.set("open", state.opened.join(" "));
      if (state.trace) params.set("trace", state.trace.task.id);
      if (state.selected) params.set("node", state.selected);
      const text = params.toString();
      return text ? "#" + text : "";
    }
    function remember() {
      const hash = stateHash();
      if (restoring || hash === (location.hash || "")) return;
      history.pushState(null, "", hash || location.pathname + location.search);
    }
    let soon = null;
    function rememberSoon() { clearTimeout(soon); soon = setTimeout(remember, 600); }
    async function restore() {
      const params = new URLSearchParams(location.hash.slice(1));
      restoring = true;
      try {
        // start again from what the page opens with, then replay what the address holds
        dropOpened();
        state.trace = null; state.traceNodes = new Set(); state.traceEdges = new Set();
        api.highlighted = null; tracePanel.replaceChildren(); tracePanel.hidden = true;
        state.province = params.get("province") || ""; state.type = params.get("type") || ""; state.kind = params.get("kind") || "";
        if (provinceSelect) provinceSelect.value = state.province;
        if (typeSelect) typeSelect.value = state.type;
        if (kindSelect) kindSelect.value = state.kind;
        search.value = params.get("q") || "";
        state.query = search.value;
        for (const id of (params.get("open") || "").split(" ").filter(Boolean)) {
          if (!graph.hasNode(id)) await source.reveal(id, api);
          await expand(id, true);
        }
        const traced = params.get("trace");
        if (traced) { if (!graph.hasNode(traced)) await source.reveal(traced, api); await trace(traced, true); }
        applyFilters(!traced && !params.get("open") && (state.province || state.type));
        const node = params.get("node");
        if (node) {
          if (!graph.hasNode(node)) await source.reveal(node, api);
          if (graph.hasNode(node)) { select(node, true); if (!traced && !params.get("open")) fit([node, ...graph.neighbors(node)], false); }
        } else if (state.selected) unselect();
        await runSearch();
      } finally { restoring = false; }
    }
    let restoring = false;
    window.addEventListener("popstate", () => { if (!restoring) restore(); });  // back, forward, an edited address

    api.start = async function () {
      renderer.refresh();
      if (graph.order) fit(graph.nodes(), false);
      say(graph.order ? summaryLine() : "Search to begin.");
      if (location.hash.length > 1) await restore();
      api.ready = true;
    };
    return api;
  };
})();
