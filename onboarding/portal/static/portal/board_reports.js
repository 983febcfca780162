// Scheduling reports beside the board: the week's quota, attendance with flagged CEOs, the
// week's sample shipments, and series (list and create), all from the studios API.
import { api, apiAll, el, showError, t } from "./api.js";

const root = document.getElementById("reports");
const campaign = root.dataset.campaign;
const lang = document.documentElement.lang;
const number = (v) => (v == null ? "—" : new Intl.NumberFormat(lang).format(v));
const section = (id) => document.getElementById(id);
const errorBox = (id) => section(id).querySelector("[data-error]");

function isoWeek(date) {
  const d = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}
function mondayOf(week) {
  const [year, w] = week.split("-W").map(Number);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() || 7) - 1) + (w - 1) * 7);
  return monday;
}
const dateText = (d) => d.toISOString().slice(0, 10);

const params = new URLSearchParams(window.location.search);
const weekInput = document.getElementById("week");
weekInput.value = /^\d{4}-W\d{2}$/.test(params.get("week") || "") ? params.get("week") : isoWeek(new Date());

async function quota(week) {
  try {
    const rows = await apiAll("/api/v1/bookings/quota/", { campaign, week });
    showError(errorBox("quota"), null);
    section("quota-rows").replaceChildren(...rows.map((r) => el("tr", {},
      el("th", { scope: "row" }, `${r.ceo} · ${r.reference}`), el("td", {}, r.company),
      el("td", { class: "num" }, number(r.commitment)), el("td", { class: "num" }, number(r.booked)),
      el("td", { class: "num" }, number(r.remaining)))));
  } catch (error) {
    showError(errorBox("quota"), error);
  }
}

async function attendance() {
  const query = { campaign };
  if (document.getElementById("flagged-only").checked) query.flagged = "true";
  try {
    const rows = await apiAll("/api/v1/bookings/attendance/", query);
    showError(errorBox("attendance"), null);
    section("attendance-rows").replaceChildren(...rows.map((r) => el("tr", { class: r.flagged ? "flagged" : "" },
      el("th", { scope: "row" }, `${r.ceo} · ${r.reference}`), el("td", {}, r.company),
      el("td", { class: "num" }, number(r.expected)), el("td", { class: "num" }, number(r.held)),
      el("td", { class: "num" }, number(r.no_shows)), el("td", { class: "num" }, r.rate == null ? "—" : `${number(Math.round(r.rate))} %`),
      el("td", { class: r.flagged ? "flagged" : "" }, r.flagged ? t("flagged") : t("no")))));
  } catch (error) {
    showError(errorBox("attendance"), error);
  }
}

async function shipments(week) {
  const monday = mondayOf(week);
  const next = new Date(monday);
  next.setUTCDate(monday.getUTCDate() + 7);
  try {
    const rows = await apiAll("/api/v1/bookings/", {
      campaign, kind: "show", status: "confirmed",
      starts_after: `${dateText(monday)}T00:00:00+08:00`, starts_before: `${dateText(next)}T00:00:00+08:00`,
    });
    showError(errorBox("shipments"), null);
    section("shipment-rows").replaceChildren(...rows.map((b) => el("tr", {},
      el("th", { scope: "row" }, `#${b.id}`),
      el("td", {}, `${b.local_starts_at.slice(0, 10)} ${b.local_starts_at.slice(11, 16)}–${b.local_ends_at.slice(11, 16)} · ${b.studio.name}`),
      el("td", {}, `${b.ceo} · ${b.reference}`),
      el("td", { class: b.samples_late ? "flagged" : "" }, t(`samples.${b.samples_status || "none"}`), b.samples_late ? ` · ${t("samples_late")}` : ""))));
  } catch (error) {
    showError(errorBox("shipments"), error);
  }
}

const studios = new Map();
const ceos = new Map();
async function series() {
  try {
    const rows = await apiAll("/api/v1/series/");
    showError(errorBox("series"), null);
    const days = [...document.querySelectorAll("#series-form input[name=weekdays]")].map((i) => i.parentElement.textContent.trim());
    section("series-rows").replaceChildren(...rows.map((s) => el("tr", {},
      el("th", { scope: "row" }, `#${s.id} · ${t(`kind.${s.kind}`)}`), el("td", {}, studios.get(s.studio) || `#${s.studio}`),
      el("td", {}, ceos.get(s.application) || `#${s.application}`), el("td", {}, s.weekdays.map((d) => days[d]).join(" ")),
      el("td", {}, `${s.start_time.slice(0, 5)} · ${s.duration_minutes} min`), el("td", {}, `${s.first_date} – ${s.last_date}`))));
  } catch (error) {
    showError(errorBox("series"), error);
  }
}

document.getElementById("series-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.target;
  showError(form, null);
  const body = {
    studio: Number(form.elements.studio.value),
    application: Number(form.elements.application.value),
    kind: form.elements.kind.value,
    weekdays: [...form.querySelectorAll("input[name=weekdays]:checked")].map((i) => Number(i.value)),
    start_time: form.elements.start_time.value,
    duration_minutes: Number(form.elements.duration_minutes.value),
  };
  if (form.elements.first_date.value) body.first_date = form.elements.first_date.value;
  if (form.elements.last_date.value) body.last_date = form.elements.last_date.value;
  try {
    const result = await api("/api/v1/series/", { method: "POST", body });
    document.getElementById("series-result").textContent = t("series_made", { id: result.series.id, booked: result.booked, refused: result.refused });
    document.getElementById("series-refused").replaceChildren(...result.occurrences.filter((o) => !o.ok).map((o) => el("li", {}, `${o.date}: ${o.message}`)));
    series();
  } catch (error) {
    showError(form, error);
  }
});

function show() {
  const week = weekInput.value;
  const query = new URLSearchParams(window.location.search);
  query.set("week", week);
  history.replaceState(null, "", `?${query}${window.location.hash}`);
  return Promise.all([quota(week), shipments(week)]);
}
document.getElementById("week-form").addEventListener("submit", (e) => {
  e.preventDefault();
  show();
});
document.getElementById("flagged-only").addEventListener("change", attendance);

const [studioRows, ceoRows] = await Promise.all([
  apiAll("/api/v1/studios/").catch(() => []),
  api("/api/v1/board/ceos/", { query: { campaign } }).catch(() => []),
]);
for (const s of studioRows) studios.set(s.id, s.name);
for (const c of ceoRows) ceos.set(c.application, `${c.full_name} · ${c.reference}`);
document.getElementById("s-studio").replaceChildren(...studioRows.filter((s) => s.active !== false).map((s) => el("option", { value: s.id }, `${s.name} (${s.city})`)));
document.getElementById("s-ceo").replaceChildren(...ceoRows.map((c) => el("option", { value: c.application }, `${c.full_name} · ${c.company_name} · ${c.reference}`)));
// Loaded once every list is drawn (or shows its error), not when the last one was asked for.
await Promise.all([show(), attendance(), series()]);
root.dataset.loaded = "true";
