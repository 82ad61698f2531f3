// The load page: sortable tables, and the heatmap's cells telling which tasks fill them.
"use strict";

(function () {
  document.querySelectorAll("table.load").forEach(kg.sortable);
  const heatmap = document.getElementById("heatmap");
  const box = document.getElementById("cell-tasks");
  if (!heatmap) return;
  const asked = new URLSearchParams(heatmap.dataset.asked);
  const cache = new Map();
  let current = null;
  async function show(cell) {
    const agency = cell.parentElement.dataset.id, quarter = cell.dataset.quarter;
    const key = agency + "|" + quarter;
    current = key;
    if (!cache.has(key)) {
      const params = new URLSearchParams(asked);
      params.set("agency", agency);
      params.set("quarter", quarter);
      const response = await fetch("/api/load/cell?" + params);
      cache.set(key, await response.json());
    }
    if (current !== key) return;
    const answer = cache.get(key);
    const name = cell.parentElement.querySelector("th").textContent;
    box.replaceChildren(kg.el("strong", {}, `${name}, ${quarter}: ${answer.total} task${answer.total === 1 ? "" : "s"}`));
    const list = kg.el("ul");
    for (const t of answer.tasks || []) {
      list.append(kg.el("li", {}, kg.el("span", { class: "field" }, `${t.doc_label || ""} ${t.label}`.trim() + (t.role === "lead" ? " (leads): " : " (co-ordinates): ")),
        t.words, t.deadline ? kg.el("span", { class: "field" }, ` — ${t.deadline}`) : null));
    }
    box.append(list);
    if (answer.total > (answer.tasks || []).length) box.append(kg.el("div", { class: "field" }, `… and ${answer.total - answer.tasks.length} more`));
    const rect = cell.getBoundingClientRect();
    box.style.left = `${Math.min(window.innerWidth - 440, rect.left + window.scrollX)}px`;
    box.style.top = `${rect.bottom + window.scrollY + 4}px`;
    box.hidden = false;
  }
  function hide() { current = null; box.hidden = true; }
  heatmap.querySelectorAll("td.cell").forEach((cell) => {
    cell.addEventListener("mouseenter", () => show(cell));
    cell.addEventListener("focus", () => show(cell));
    cell.addEventListener("mouseleave", hide);
    cell.addEventListener("blur", hide);
  });
})();
