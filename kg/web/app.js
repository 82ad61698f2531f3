// The web app: the page holds only what the user opened; the server sends one neighbourhood at a time.
"use strict";

(function () {
  async function get(path, params) {
    const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== "" && v !== null && v !== undefined));
    const response = await fetch(path + "?" + new URLSearchParams(clean));
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }
  const seen = new Map();  // node -> {total, next}: how far its neighbours have been opened

  const source = {
    layersTrace: true, clears: true, expandOnOpen: true,
    actions(v, api) { return [{ id: "expand", name: "Expand", run: () => api.expand(v.id) }]; },
    more(id) {
      const s = seen.get(id);
      if (!s || s.next >= s.total) return null;
      const rest = s.total - s.next;
      return { text: `${rest} more neighbour${rest === 1 ? "" : "s"} not shown.`, button: `Show ${Math.min(rest, 300)} more`,
        run: () => window.kgApp.showMore(id, s.next) };
    },
    async neighbourhood(id, offset) {
      const hood = await get("/api/neighbourhood", { id, offset: offset || 0 });
      const s = seen.get(id) || { total: hood.total, next: 0 };
      s.total = hood.total;
      s.next = Math.max(s.next, (offset || 0) + hood.shown);
      seen.set(id, s);
      return hood;
    },
    async reveal(id, api) {
      const v = await get("/api/node", { id });
      api.show({ nodes: [v], edges: [] }, id);
    },
    undone(last) { if (last.kind === "open") seen.delete(last.id); },
    search(params) { return get("/api/search", params); },
    trace(id) { return get("/api/trace", { task: id }); },
  };
  // the app draws a few hundred nodes at a time: bigger discs than graph.html's thousands
  const app = kg.explore(source, { name: "kgApp", gap: 26, sizeScale: 1.6 });
  if (app.renderer) app.start(); else app.ready = true;
})();
