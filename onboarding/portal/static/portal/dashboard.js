// The campaign dashboard: what needs attention, then each chart with its figures in a table
// beside it; for leads, the review settings and the screening criteria (with re-scoring).
import { api, el, formatDate, loading, showError, t } from "./api.js";

const root = document.getElementById("dashboard");
const slug = root.dataset.campaign;
const lang = document.documentElement.lang;
const number = (value) => (value == null ? "—" : new Intl.NumberFormat(lang).format(Number(value)));
const percent = (value) => (value == null ? "—" : `${number(value)} %`);
const day = (iso) => new Intl.DateTimeFormat(lang, { month: "short", day: "numeric" }).format(new Date(`${iso}T12:00:00`));
const COLOURS = ["#b3261e", "#1d4ed8", "#067647", "#b54708", "#6941c6", "#0e7490", "#4b5563"];

function table(id, headers, rows) {
  const node = document.getElementById(`table-${id}`);
  const caption = node.querySelector("caption");
  node.replaceChildren(
    caption,
    el("thead", {}, el("tr", {}, headers.map((h, i) => el("th", { scope: "col", class: i ? "num" : "" }, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c, i) => (i ? el("td", { class: "num" }, c) : el("th", { scope: "row" }, c)))))),
  );
}

function chart(id, config) {
  const canvas = document.getElementById(`chart-${id}`);
  if (!window.Chart) return;
  const options = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } } };
  new window.Chart(canvas, { ...config, options: { ...options, ...config.options } });
}

// An attention item's detail is a status code for applications, free text otherwise.
function statusName(detail) {
  const name = t(`status.${detail}`);
  return name === `status.${detail}` ? detail : name;
}

function more(key, list) {
  const text = t("more", { count: list.count - list.items.length });
  if (key !== "overdue_reviews") return text;
  return el("a", { href: `${root.dataset.queueUrl}?campaign=${encodeURIComponent(slug)}&overdue=true` }, text);
}

function attention(data) {
  const box = document.getElementById("attention");
  const lists = Object.entries(data.attention);
  const busy = lists.filter(([, list]) => list.count > 0);
  if (!busy.length) {
    box.replaceChildren(el("ul", { class: "attention" }, el("li", { class: "none" }, t("nothing"))));
    return;
  }
  box.replaceChildren(
    ...busy.map(([key, list]) =>
      el(
        "div",
        { class: "attention-list", dataset: { kind: key } },
        el("h3", {}, t(`attention.${key}`), " ", el("span", { class: "badge badge-bad count" }, list.count)),
        el(
          "ul",
          { class: "attention" },
          list.items.map((item) =>
            el(
              "li",
              {},
              item.kind === "application"
                ? el("a", { href: `${root.dataset.queueUrl}${item.id}/?campaign=${encodeURIComponent(slug)}` }, item.label)
                : el("strong", {}, item.label),
              item.detail ? ` · ${statusName(item.detail)}` : "",
              item.at ? ` · ${formatDate(item.at)}` : "",
            ),
          ),
          list.count > list.items.length ? el("li", { class: "more" }, more(key, list)) : "",
        ),
      ),
    ),
  );
}

function targets(data) {
  document.getElementById("targets").replaceChildren(
    ...Object.entries(data.targets).map(([key, target]) =>
      el(
        "li",
        { dataset: { target: key } },
        el("span", { class: "figure" }, number(target.reached)),
        t(`target.${key}`),
        el("br"),
        target.target == null
          ? el("span", { class: "muted" }, t("no_target"))
          : [
              el("progress", { max: 100, value: Math.min(100, target.rate ?? 0), "aria-label": t(`target.${key}`) }),
              " ",
              t("of_target", { reached: number(target.reached), target: number(target.target), rate: number(target.rate) }),
            ],
      ),
    ),
  );
  const r = data.reviews;
  const tiles = [
    ["overdue", number(r.overdue), t("tile.overdue", { open: number(r.open) })],
    ["on-time", percent(r.on_time_rate), t("tile.on_time", { days: r.decision_days })],
    ["training", percent(data.training.completion_rate), t("tile.training")],
    ["attendance", percent(data.attendance.rate), t("tile.attendance")],
  ];
  document.getElementById("tiles").replaceChildren(
    ...tiles.map(([key, figure, label]) => el("li", { dataset: { tile: key } }, el("span", { class: "figure" }, figure), label)),
  );
}

function funnel(data) {
  const stages = data.funnel;
  chart("funnel", {
    type: "bar",
    data: { labels: stages.map((s) => s.label), datasets: [{ label: t("reached"), data: stages.map((s) => s.reached), backgroundColor: COLOURS[0] }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } } },
  });
  table(
    "funnel",
    [t("stage"), t("reached"), t("now"), t("conversion")],
    stages.map((s) => [s.label, number(s.reached), number(s.current), percent(s.conversion)]),
  );
}

function perDay(data) {
  const perDayData = data.applications_per_day;
  const channels = perDayData.channels;
  chart("per-day", {
    type: "bar",
    data: {
      labels: perDayData.days.map((d) => day(d.date)),
      datasets: channels.map((c, i) => ({
        label: c.name,
        data: perDayData.days.map((d) => d.channels[c.code] || 0),
        backgroundColor: COLOURS[i % COLOURS.length],
      })),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });
  const rows = perDayData.days.filter((d) => d.total > 0).map((d) => [
    day(d.date) + (perDayData.peak && d.date === perDayData.peak.date ? " ★" : ""),
    number(d.total),
    ...channels.map((c) => number(d.channels[c.code] || 0)),
  ]);
  rows.push([t("all_days"), number(perDayData.total), ...channels.map((c) => number(c.count))]);
  table("per-day", [t("date"), t("total"), ...channels.map((c) => c.name)], rows);
}

function utilisation(data) {
  const u = data.utilisation;
  chart("utilisation", {
    type: "bar",
    data: {
      labels: u.days.map((d) => day(d.date)),
      datasets: [
        { label: t("campaign_hours"), data: u.days.map((d) => d.campaign_hours), backgroundColor: COLOURS[0] },
        { label: t("booked_hours"), data: u.days.map((d) => d.booked_hours), backgroundColor: COLOURS[1] },
        { label: t("open_hours"), data: u.days.map((d) => d.open_hours), backgroundColor: "#c9ced6" },
      ],
    },
    options: { scales: { y: { beginAtZero: true } } },
  });
  const rows = u.days.map((d) => [day(d.date), number(d.open_hours), number(d.booked_hours), number(d.campaign_hours), percent(d.rate)]);
  rows.push([t("all_days"), number(u.open_hours), number(u.booked_hours), number(u.campaign_hours), percent(u.rate)]);
  table("utilisation", [t("date"), t("open_hours"), t("booked_hours"), t("campaign_hours"), t("rate")], rows);
}

function outcomes(data) {
  const o = data.outcomes;
  chart("outcomes", {
    type: "bar",
    data: {
      labels: o.days.map((d) => day(d.date)),
      datasets: [
        { label: t("turnover"), data: o.days.map((d) => Number(d.turnover_cny)), backgroundColor: COLOURS[2], yAxisID: "y" },
        { label: t("viewers"), data: o.days.map((d) => d.viewers), type: "line", borderColor: COLOURS[1], yAxisID: "y1" },
      ],
    },
    options: { scales: { y: { beginAtZero: true }, y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } } } },
  });
  const row = (label, d) => [label, number(d.held), number(d.no_shows), number(d.turnover_cny), number(d.viewers), number(d.new_followers)];
  table(
    "outcomes",
    [t("date"), t("held"), t("no_shows"), t("turnover"), t("viewers"), t("new_followers")],
    [...o.days.map((d) => row(day(d.date), d)), row(t("all_days"), o.total)],
  );
}

async function loadDashboard() {
  try {
    const data = await loading(root, () => api("/api/v1/dashboard/", { query: { campaign: slug } }));
    document.getElementById("generated").textContent = t("generated", { when: formatDate(data.generated_at) });
    attention(data);
    targets(data);
    funnel(data);
    perDay(data);
    utilisation(data);
    outcomes(data);
    root.dataset.loaded = "true";
  } catch (error) {
    showError(root, error);
  }
}

// Review settings: what GET gives, PUT takes back.
const settingsForm = document.getElementById("settings-form");
const settingsUrl = `/api/v1/review/campaigns/${encodeURIComponent(slug)}/settings/`;
function fillSettings(values) {
  for (const [name, value] of Object.entries(values)) {
    const input = settingsForm.elements[name];
    if (!input) continue;
    if (input.type === "checkbox") input.checked = Boolean(value);
    else input.value = value;
  }
}
async function loadSettings() {
  try {
    fillSettings(await loading(settingsForm, () => api(settingsUrl)));
  } catch (error) {
    showError(settingsForm, error);
  }
}
settingsForm?.addEventListener("submit", async (event) => {
  event.preventDefault();
  showError(settingsForm, null);
  const body = {};
  for (const input of settingsForm.querySelectorAll("input[name]")) {
    body[input.name] = input.type === "checkbox" ? input.checked : input.value === "" ? null : Number(input.value);
  }
  try {
    fillSettings(await loading(settingsForm, () => api(settingsUrl, { method: "PUT", body })));
    document.getElementById("settings-saved").textContent = t("saved");
  } catch (error) {
    showError(settingsForm, error);
  }
});

// Screening criteria: rows to edit, saved whole; the re-scoring job's progress follows.
const criteriaForm = document.getElementById("criteria-form");
const criteriaUrl = `/api/v1/review/campaigns/${encodeURIComponent(slug)}/criteria/`;
const rowTemplate = document.getElementById("criterion-row");
function addRow(criterion = { kind: "on_camera", name: "", hard: false, weight: 10, params: {} }) {
  const row = rowTemplate.content.firstElementChild.cloneNode(true);
  row.querySelector("[name=kind]").value = criterion.kind;
  row.querySelector("[name=name]").value = criterion.name;
  row.querySelector("[name=hard]").checked = criterion.hard;
  row.querySelector("[name=weight]").value = criterion.weight;
  row.querySelector("[name=params]").value = JSON.stringify(criterion.params || {});
  row.querySelector("[data-remove]").addEventListener("click", () => row.remove());
  document.getElementById("criteria").append(row);
}
async function loadCriteria() {
  try {
    const data = await loading(criteriaForm, () => api(criteriaUrl));
    document.getElementById("criteria").replaceChildren();
    for (const criterion of Array.isArray(data) ? data : data.criteria) addRow(criterion);
  } catch (error) {
    showError(criteriaForm, error);
  }
}
async function followJob(job) {
  const box = document.getElementById("job");
  const bar = document.getElementById("job-progress");
  const label = document.getElementById("job-label");
  box.hidden = false;
  for (;;) {
    bar.max = Math.max(1, job.total);
    bar.value = job.done;
    label.textContent = t("job", { done: job.done, total: job.total });
    if (job.status === "failed") {
      label.textContent = t("job_failed", { error: job.error });
      return;
    }
    if (job.finished_at || job.status === "done") {
      label.textContent = t("job_done", { total: job.total });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    job = await api(`/api/v1/review/jobs/${job.id}/`);
  }
}
criteriaForm?.addEventListener("submit", async (event) => {
  event.preventDefault();
  showError(criteriaForm, null);
  const criteria = [];
  for (const [index, row] of [...document.getElementById("criteria").children].entries()) {
    let params;
    try {
      params = JSON.parse(row.querySelector("[name=params]").value || "{}");
    } catch {
      showError(criteriaForm, { message: t("bad_json"), fields: { [`criteria.${index}.params`]: [t("bad_json")] } });
      return;
    }
    criteria.push({
      kind: row.querySelector("[name=kind]").value,
      name: row.querySelector("[name=name]").value,
      hard: row.querySelector("[name=hard]").checked,
      weight: Number(row.querySelector("[name=weight]").value),
      params,
    });
  }
  try {
    const job = await loading(criteriaForm, () => api(criteriaUrl, { method: "PUT", body: { criteria } }));
    await followJob(job);
  } catch (error) {
    showError(criteriaForm, error);
  }
});
document.getElementById("criterion-add")?.addEventListener("click", () => addRow());

loadDashboard();
if (settingsForm) {
  loadSettings();
  loadCriteria();
}
