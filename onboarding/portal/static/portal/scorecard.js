// A CEO's scorecard, for staff and for the CEO: totals, each sales week against the
// commitment, each show with its outcome. All from GET /api/v1/scorecards/{id}/.
import { api, el, formatDate, loading, showError, t } from "./api.js";

const root = document.getElementById("scorecard");
const lang = document.documentElement.lang;
const number = (value) => (value == null ? "—" : new Intl.NumberFormat(lang).format(Number(value)));
const money = (value) =>
  value == null ? "—" : new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(value));
const day = (iso) => new Intl.DateTimeFormat(lang, { dateStyle: "medium" }).format(new Date(`${iso}T12:00:00`));

function result(value) {
  if (value === "held") return el("span", { class: "badge badge-good" }, t("held"));
  if (value === "no_show") return el("span", { class: "badge badge-bad" }, t("no_show"));
  return el("span", { class: "muted" }, t("not_recorded"));
}

async function load() {
  const data = await api(`/api/v1/scorecards/${root.dataset.application}/`);
  const totals = data.totals;
  document.getElementById("t-turnover").textContent = money(totals.turnover_cny);
  document.getElementById("t-viewers").textContent = number(totals.viewers);
  document.getElementById("t-followers").textContent = number(totals.new_followers);
  document.getElementById("t-attendance").textContent =
    `${t("of_commitment", { held: totals.held, commitment: totals.expected })}${totals.rate == null ? "" : ` (${totals.rate} %)`}`;
  document.getElementById("sc-weeks").replaceChildren(
    ...data.weeks.map((w) =>
      el(
        "tr",
        {},
        el(
          "th",
          { scope: "row" },
          t("week", { number: w.number }),
          el("br"),
          el("span", { class: "muted" }, `${day(w.starts_on)} – ${day(w.ends_on)}`),
          w.complete ? "" : el("span", { class: "badge" }, t("running")),
        ),
        el(
          "td",
          { class: "num" },
          t("of_commitment", { held: w.held, commitment: w.commitment }),
          w.rate == null ? "" : ` (${w.rate} %)`,
        ),
        el("td", { class: "num" }, number(w.no_shows)),
        el("td", { class: "num" }, money(w.turnover_cny)),
        el("td", { class: "num" }, number(w.viewers)),
        el("td", { class: "num" }, number(w.new_followers)),
      ),
    ),
  );
  document.getElementById("sc-shows").replaceChildren(
    ...data.shows.map((s) =>
      el(
        "tr",
        {},
        el("td", {}, formatDate(s.starts_at)),
        el("td", {}, s.studio),
        el("td", {}, result(s.result)),
        el("td", { class: "num" }, money(s.turnover_cny)),
        el("td", { class: "num" }, number(s.viewers)),
        el("td", { class: "num" }, number(s.new_followers)),
      ),
    ),
  );
  document.getElementById("sc-empty").hidden = data.shows.length > 0;
  // Each cell names its column, so that a phone can show a row as a card (see me.css).
  for (const table of root.querySelectorAll("table")) {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    for (const tr of table.querySelectorAll("tbody tr")) {
      [...tr.children].forEach((cell, i) => cell.setAttribute("data-label", heads[i] || ""));
    }
  }
  root.dataset.loaded = "true";
}

loading(root, load).catch((error) => showError(root, error));
