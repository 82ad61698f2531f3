// Shared by the static view and the web app. Every piece of document text goes into the page with
// textContent or as a text node, never as HTML: the corpus itself contains tags.
"use strict";

const kg = {};

// Lowercase, no diacritics, đ -> d, punctuation to spaces: the same folding as loaders.textutil.fold.
kg.fold = function (text) {
  return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
    .toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
};

// Search order, as the server's: the node whose label is the query, then labels starting with it,
// then documents, agencies, groups and tasks.
kg.KIND_ORDER = { Document: 0, Agency: 1, Group: 2, Task: 3 };
kg.rank = function (n, wanted) {
  const name = kg.fold(n.label);
  return [name === wanted ? 0 : name.startsWith(wanted) ? 1 : 2, kg.KIND_ORDER[n.kind] ?? 9];
};

kg.el = function (tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k === "onclick") node.addEventListener("click", v);
    else node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
};

// A hover box for vis-network: an Element, so vis shows it as built (its string titles are text only).
kg.tooltip = function (item) {
  const box = kg.el("div", { class: "kg-tooltip" });
  box.append(kg.el("strong", {}, item.label));
  for (const [field, value] of item.details || []) {
    box.append(kg.el("div", {}, kg.el("span", { class: "field" }, field + ": "), value));
  }
  return box;
};

kg.visNode = function (n) {
  const node = {
    id: n.id, label: n.label, shape: n.shape, size: n.size, title: kg.tooltip(n),
    color: { background: n.color, border: "#34495e", highlight: { background: n.color, border: "#000" } },
    font: { size: n.kind === "Task" ? 10 : 13 },
  };
  if (n.x !== undefined) { node.x = n.x; node.y = n.y; }
  return node;
};

kg.visEdge = function (e) {
  return {
    id: e.id, from: e.from, to: e.to, arrows: "to", color: { color: e.color, highlight: "#000" },
    dashes: e.dashes, width: e.width, title: e.name + (e.inherited ? " (from the merged cell above)" : ""),
  };
};

kg.options = {
  physics: { enabled: false },
  interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true, multiselect: false },
  edges: { smooth: false, arrows: { to: { scaleFactor: 0.5 } } },
  nodes: { borderWidth: 1 },
  layout: { improvedLayout: false },
};

// Fill the details panel with a node's fields, or an edge's type and the words that state it.
kg.showNode = function (panel, n, extra) {
  panel.replaceChildren(kg.el("h2", {}, n.label));
  const list = kg.el("dl");
  for (const [field, value] of n.details || []) list.append(kg.el("dt", {}, field), kg.el("dd", {}, value));
  panel.append(list);
  if (extra) panel.append(extra);
};

kg.showEdge = function (panel, e, nodeLabel) {
  panel.replaceChildren(kg.el("h2", {}, e.name));
  panel.append(kg.el("p", { class: "ends" }, nodeLabel(e.from), " → ", nodeLabel(e.to)));
  if (e.inherited) panel.append(kg.el("p", { class: "note" }, "Read from the merged table cell above this row."));
  if (!e.evidence || !e.evidence.length) {
    panel.append(kg.el("p", { class: "note" }, "No quotation recorded for this link."));
  }
  for (const ev of e.evidence || []) {
    panel.append(kg.el("blockquote", { class: "quote" }, ev.quote));
    if (ev.file) {
      const where = ev.start !== null && ev.start !== undefined ? ` (characters ${ev.start}–${ev.end})` : "";
      panel.append(kg.el("p", { class: "source" }, ev.file + where));
    }
  }
};
