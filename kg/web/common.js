// Shared by the static view, the web app and the load page. Every piece of document text goes into the
// page with textContent or as a text node, never as HTML: the corpus itself contains tags.
"use strict";

const kg = window.kg = window.kg || {};

// Lowercase, no diacritics, đ -> d, punctuation to spaces: the same folding as loaders.textutil.fold.
kg.fold = function (text) {
  return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
    .toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
};

// Search order, as the server's: the node whose label is the query, then labels starting with it,
// then documents, agencies, groups and tasks.
kg.KIND_ORDER = { Document: 0, Agency: 1, Group: 2, Task: 3 };
kg.KIND_NAMES = { Document: "document", Agency: "agency", Group: "group of agencies", Task: "task" };
kg.rank = function (n, wanted) {
  const name = kg.fold(n.label);
  return [name === wanted ? 0 : name.startsWith(wanted) ? 1 : 2, kg.KIND_ORDER[n.kind] ?? 9];
};

kg.el = function (tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "onclick") node.addEventListener("click", v);
    else if (k === "onkeydown") node.addEventListener("keydown", v);
    else node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
};

// A file the browser saves (PNG, CSV, text), made here: nothing leaves the machine.
kg.download = function (name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type: type || "text/plain;charset=utf-8" });
  const link = kg.el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
};

// Arrow keys move between the buttons of a list (search results, a node's neighbours).
kg.arrowKeys = function (list) {
  list.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const buttons = [...list.querySelectorAll("button.hit")];
    const at = buttons.indexOf(document.activeElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))];
    if (next) { next.focus(); event.preventDefault(); }
  });
};

// Tables whose headers sort them (numbers as numbers), for the load page.
kg.sortable = function (table) {
  table.querySelectorAll("thead th").forEach((th, column) => {
    if (!th.textContent.trim()) return;
    const button = kg.el("button", { class: "sort", type: "button", title: "sort by this column" }, th.textContent);
    th.replaceChildren(button);
    button.addEventListener("click", () => {
      const body = table.tBodies[0];
      const rows = [...body.rows];
      const descending = th.getAttribute("aria-sort") !== "descending";
      table.querySelectorAll("thead th").forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      const key = (row) => {
        const text = row.cells[column] ? row.cells[column].textContent.trim() : "";
        const number = Number(text);
        return text !== "" && Number.isFinite(number) ? number : text.toLowerCase();
      };
      rows.sort((a, b) => {
        const x = key(a), y = key(b);
        const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "vi");
        return descending ? -order : order;
      });
      body.append(...rows);
    });
  });
};
