// The capacity view: per day of the sales window, studio hours against committed hours, and
// the what-if (one more studio, longer hours, a second crew) recomputed by the API at once.
// The form's values live in the URL, so a what-if can be shared and reloaded.
import { api, apiAll, el, loading, showError, t } from "./api.js";

const root = document.getElementById("capacity");
const form = document.getElementById("what-if");
const rows = document.getElementById("capacity-rows");
const summary = document.getElementById("capacity-summary");
const without = document.getElementById("capacity-without");
const lang = document.documentElement.lang;
const hours = (value) => t("hours", { hours: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value) });
const day = (iso) =>
  new Intl.DateTimeFormat(lang, { weekday: "short", month: "short", day: "numeric" }).format(new Date(`${iso}T12:00:00`));

function whatIf() {
  const query = { campaign: root.dataset.campaign };
  if (form.extra_studio.value) query.extra_studio = form.extra_studio.value;
  if (form.longer_hours.value && form.longer_hours.value !== "0") query.longer_hours = form.longer_hours.value;
  if (form.second_crew.checked) query.second_crew = "true";
  if (form.show_minutes.value && form.show_minutes.value !== "120") query.show_minutes = form.show_minutes.value;
  return query;
}

function fromUrl() {
  const params = new URLSearchParams(window.location.search);
  form.extra_studio.value = params.get("extra_studio") || "";
  form.longer_hours.value = params.get("longer_hours") || "0";
  form.second_crew.checked = params.get("second_crew") === "true";
  form.show_minutes.value = params.get("show_minutes") || "120";
}

function state(d, share) {
  if (d.over) return el("span", { class: "badge badge-bad" }, t("over"));
  if (d.crunch) return el("span", { class: "badge" }, t("crunch", { share }));
  if (d.available_hours === 0) return el("span", { class: "muted" }, t("closed"));
  return el("span", { class: "muted" }, t("fine"));
}

async function load() {
  showError(form, null);
  const query = whatIf();
  history.replaceState(null, "", `?${new URLSearchParams(query)}`);
  try {
    const data = await loading(root, () => api("/api/v1/capacity/", { query }));
    const share = Math.round(data.crunch_share * 100);
    summary.textContent = t("summary", {
      studios: data.studios,
      ceos: data.ceos,
      committed: hours(data.committed_hours),
      available: hours(data.available_hours),
      crunch: data.crunch_days,
    });
    without.textContent = data.ceos_without_availability ? t("without", { count: data.ceos_without_availability }) : "";
    rows.replaceChildren(
      ...data.days.map((d) =>
        el(
          "tr",
          { class: d.crunch ? "crunch" : "", dataset: { day: d.day } },
          el("th", { scope: "row" }, day(d.day)),
          el("td", { class: "num" }, hours(d.available_hours)),
          el("td", { class: "num" }, hours(d.committed_hours)),
          el("td", { class: "num" }, d.share == null ? "—" : `${Math.round(d.share * 100)} %`),
          el("td", {}, state(d, share)),
        ),
      ),
    );
  } catch (error) {
    showError(form, error);
  }
}

async function studios() {
  try {
    const list = await apiAll("/api/v1/studios/");
    form.extra_studio.append(
      ...list.filter((s) => s.active).map((s) => el("option", { value: s.id }, `${s.name} (${s.city})`)),
    );
  } catch (error) {
    showError(form, error);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  load();
});
form.addEventListener("change", () => load());

await studios();
fromUrl();
load();
