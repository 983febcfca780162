// The review queue: the API's list with the filters in the URL, moved through from the keyboard.
// Leads also select rows and decide for all of them at once (each result shown).
import { api, el, formatDate, loading, pager, shortcut, showError, t } from "./api.js";

const region = document.getElementById("queue");
const tbody = document.getElementById("rows");
const isLead = region.dataset.lead === "true";
const params = new URLSearchParams(window.location.search);
const selected = new Set();
let rows = [];
let current = 0;

function query() {
  // Empty fields in the filter form are left out; the API takes the rest as they are.
  const out = new URLSearchParams();
  for (const [key, value] of params) if (value !== "") out.append(key, value);
  return out;
}

function detailUrl(id) {
  return `${region.dataset.detailUrl}${id}/?${query()}`;
}

function row(application, index) {
  const name = application.full_name || "—";
  const cells = [
    el("td", {}, el("a", { href: detailUrl(application.id) }, application.reference)),
    el("td", {}, name),
    el("td", {}, application.company_name || "—", application.brand_name ? ` · ${application.brand_name}` : ""),
    el("td", {}, el("span", { class: `status status-${application.status}` }, t(`status.${application.status}`))),
    el(
      "td",
      { class: "num" },
      `${application.score ?? "—"} / ${application.max_score}`,
      application.hard_failed ? el("span", { class: "badge badge-bad" }, t("hard_failed")) : "",
    ),
    el("td", {}, application.reviewer || t("unassigned")),
    el(
      "td",
      {},
      formatDate(application.decision_due_at),
      application.overdue ? el("span", { class: "badge badge-bad" }, t("overdue")) : "",
    ),
  ];
  if (isLead) {
    const box = el("input", {
      type: "checkbox",
      "aria-label": t("select_row", { ref: application.reference }),
      checked: selected.has(application.id),
      onchange: (event) => toggle(application.id, event.target.checked),
    });
    cells.unshift(el("td", {}, box));
  }
  return el("tr", { dataset: { id: application.id, index }, onclick: () => focusRow(index) }, cells);
}

function focusRow(index) {
  if (!rows.length) return;
  current = Math.max(0, Math.min(rows.length - 1, index));
  for (const tr of tbody.children) tr.classList.toggle("is-current", Number(tr.dataset.index) === current);
  const link = tbody.children[current]?.querySelector("a");
  link?.focus();
}

function toggle(id, on) {
  if (on) selected.add(id);
  else selected.delete(id);
  const form = document.getElementById("bulk");
  form.hidden = selected.size === 0;
  document.getElementById("bulk-count").textContent = t("selected", { count: selected.size });
}

async function load() {
  const page = Number(params.get("page") || 1);
  try {
    const data = await loading(region, () => api("/api/v1/review/applications/", { query: query() }));
    rows = data.results;
    tbody.replaceChildren(...rows.map(row));
    document.getElementById("empty").hidden = rows.length > 0;
    pager(document.getElementById("pager"), { count: data.count, page, pageSize: 25, exact: data.count_exact });
    if (rows.length) focusRow(0);
  } catch (error) {
    showError(region, error);
  }
}

shortcut(["j", "ArrowDown"], () => focusRow(current + 1));
shortcut(["k", "ArrowUp"], () => focusRow(current - 1));
shortcut(["Enter", "o"], () => rows[current] && window.location.assign(detailUrl(rows[current].id)));

if (isLead) {
  shortcut(["x"], () => {
    const box = tbody.children[current]?.querySelector("input[type=checkbox]");
    if (box) {
      box.checked = !box.checked;
      toggle(rows[current].id, box.checked);
    }
  });
  document.getElementById("select-all").addEventListener("change", (event) => {
    for (const [index, application] of rows.entries()) {
      tbody.children[index].querySelector("input").checked = event.target.checked;
      toggle(application.id, event.target.checked);
    }
  });
  const exportLink = document.getElementById("export");
  const exportQuery = query();
  exportQuery.delete("page");
  exportLink.href = `${exportLink.getAttribute("href")}?${exportQuery}`;

  const form = document.getElementById("bulk");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(form, null);
    const body = {
      applications: [...selected],
      action: form.elements.action.value,
      reason: form.elements.reason.value,
      notify: form.elements.notify.checked,
    };
    const list = document.getElementById("bulk-results");
    try {
      const results = await loading(form, () => api("/api/v1/review/bulk/", { method: "POST", body }));
      const refs = new Map(rows.map((r) => [r.id, r.reference]));
      list.replaceChildren(
        ...results.map((result) =>
          el(
            "li",
            { class: result.ok ? "ok" : "refused", dataset: { id: result.application_id } },
            el("strong", {}, refs.get(result.application_id) || `#${result.application_id}`),
            ": ",
            result.ok ? t("done", { status: t(`status.${result.status}`) }) : result.message,
          ),
        ),
      );
      document.getElementById("bulk-summary").textContent = t("bulk_summary", {
        ok: results.filter((r) => r.ok).length,
        refused: results.filter((r) => !r.ok).length,
      });
      selected.clear();
      await load();
      form.hidden = false;
    } catch (error) {
      showError(form, error);
    }
  });
}

load();
