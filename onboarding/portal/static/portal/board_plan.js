// The board's festival plan: run the planner for the shown campaign (POST
// /api/v1/planning/plans/), follow its progress, draw its proposal on the board apart from
// real bookings, list what it cannot meet, and accept all of it or the filtered part.
import { api, el, showError, t } from "./api.js";

const FINISHED = new Set(["done", "cancelled", "failed"]);
const POLL_MS = 400;

export function createPlan({ root, wall, zoneOf, redraw, reload }) {
  const box = document.getElementById("plan");
  const form = document.getElementById("plan-form");
  const status = document.getElementById("plan-status");
  const progressBox = document.getElementById("plan-progress-box");
  const progress = document.getElementById("plan-progress");
  const cancelButton = document.getElementById("plan-cancel");
  const runButton = document.getElementById("plan-run");
  const result = document.getElementById("plan-result");
  const ceoFilter = document.getElementById("plan-ceo");
  const dayFilter = document.getElementById("plan-day");
  const studioFilter = document.getElementById("studio-filter");
  const acceptForm = document.getElementById("accept-form");
  const acceptResult = document.getElementById("accept-result");
  const campaign = root.dataset.campaign;
  const params = new URLSearchParams(window.location.search);
  const state = { plan: null, timer: null };

  const shown = () => {
    const rows = state.plan?.status === "done" ? state.plan.result.bookings : [];
    const ceo = ceoFilter.value;
    const day = dayFilter.value;
    const studio = studioFilter.value;
    return rows.filter((p) => (!ceo || String(p.application) === ceo)
      && (!day || p.day === day) && (!studio || String(p.studio) === studio));
  };
  const when = (p) => {
    const zone = zoneOf(p.studio);
    const start = wall(p.starts_at, zone);
    return t("times", { start: `${start.slice(0, 10)} ${start.slice(11, 16)}`, end: wall(p.ends_at, zone).slice(11, 16), zone });
  };

  function syncUrl() {
    const query = new URLSearchParams(window.location.search);
    if (state.plan) query.set("plan", state.plan.id); else query.delete("plan");
    for (const select of [ceoFilter, dayFilter]) {
      if (select.value) query.set(select.id, select.value); else query.delete(select.id);
    }
    history.replaceState(null, "", `?${query}`);
  }

  function say(text) {
    status.textContent = text;
  }

  function showProgress(plan) {
    const running = !FINISHED.has(plan.status);
    progressBox.hidden = !running;
    progress.value = plan.progress;
    cancelButton.hidden = !running || plan.cancel_requested;
    runButton.disabled = running;
    if (plan.cancel_requested && running) say(t("plan.cancelling", { id: plan.id }));
    else if (plan.status === "failed") say(t("plan.failed", { id: plan.id, error: plan.error }));
    else say(t("plan.progress", { id: plan.id, status: t(`plan.status.${plan.status}`), progress: plan.progress }));
  }

  function fillFilters(rows) {
    const keep = (select, options) => {
      const chosen = select.value || params.get(select.id) || "";
      const first = select.options[0];
      select.replaceChildren(first, ...options.map(([value, label]) => el("option", { value, selected: value === chosen }, label)));
    };
    const ceos = new Map(rows.map((p) => [String(p.application), `${p.ceo} · ${p.company_name}`]));
    keep(ceoFilter, [...ceos].sort((a, b) => a[1].localeCompare(b[1])));
    keep(dayFilter, [...new Set(rows.map((p) => p.day))].sort().map((d) => [d, d]));
  }

  function render() {
    const plan = state.plan;
    result.hidden = !plan || plan.status !== "done";
    redraw();
    if (result.hidden) return;
    document.getElementById("h-proposal").textContent = t("plan.title", { id: plan.id });
    document.getElementById("plan-figures").textContent = t("plan.figures", {
      met: plan.met, wanted: plan.wanted, bound: plan.bound, percent: plan.percent_of_bound, gap: plan.gap,
    });
    const rows = shown();
    document.getElementById("proposals").replaceChildren(
      ...(rows.length ? rows.map((p) => el("tr", { dataset: { index: p.index } },
        el("td", {}, when(p)),
        el("td", {}, p.studio_name),
        el("td", {}, `${p.ceo} · ${p.company_name}`),
        el("td", {}, p.crew_name || t("crew_none")),
        el("td", {}, p.kit_name || t("kit_none")),
        el("td", {}, !p.booking ? t("proposed")
          : t(p.booking_status === "cancelled" ? "plan.booked_cancelled" : "plan.booked_as", { id: p.booking })),
      )) : [el("tr", {}, el("td", { colspan: 6, class: "muted" }, t("plan.nothing_shown")))]),
    );
    const unmet = plan.result.unmet.filter((u) => !ceoFilter.value || String(u.application) === ceoFilter.value);
    document.getElementById("unmet").replaceChildren(
      ...(unmet.length ? unmet.map((u) => el("tr", { dataset: { reason: u.reason } },
        el("td", {}, `${u.ceo} · ${u.company_name}`),
        el("td", {}, t("plan.week", { day: u.week })),
        el("td", {}, u.committed),
        el("td", {}, u.met),
        el("td", {}, u.reason_label),
      )) : [el("tr", {}, el("td", { colspan: 5, class: "muted" }, t("plan.unmet_none")))]),
    );
  }

  async function runs() {
    try {
      const page = await api("/api/v1/planning/plans/", { query: { campaign, page_size: 20 } });
      document.getElementById("runs").replaceChildren(
        ...(page.results.length ? page.results.map((r) => el("tr", { dataset: { plan: r.id } },
          el("td", {}, el("button", { type: "button", class: "link-button", onclick: () => open(r.id) }, t("plan.show", { id: r.id }))),
          el("td", {}, r.requested_by || "—"),
          el("td", {}, t("plan.days", { first: r.first_day, last: r.last_day })),
          el("td", {}, t(`priority.${r.priority}`)),
          el("td", {}, r.seed),
          el("td", {}, t(`plan.status.${r.status}`)),
          el("td", {}, r.met ?? "—"),
          el("td", {}, r.bound ?? "—"),
          el("td", {}, r.gap ?? "—"),
          el("td", {}, r.percent_of_bound ?? "—"),
        )) : [el("tr", {}, el("td", { colspan: 10, class: "muted" }, t("plan.none")))]),
      );
    } catch (error) {
      showError(form, error);
    }
  }

  async function open(id) {
    clearTimeout(state.timer);
    try {
      state.plan = await api(`/api/v1/planning/plans/${id}/`);
    } catch (error) {
      showError(form, error);
      return;
    }
    syncUrl();
    showProgress(state.plan);
    if (!FINISHED.has(state.plan.status)) {
      state.timer = setTimeout(() => open(id), POLL_MS);
      return;
    }
    if (state.plan.status === "done") fillFilters(state.plan.result.bookings);
    syncUrl();
    render();
    box.dataset.plan = `${state.plan.id}:${state.plan.status}`;
    runs();
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    showError(form, null);
    const value = (id) => document.getElementById(id).value;
    const body = { campaign, priority: value("plan-priority"), time_limit: Number(value("plan-limit")), seed: Number(value("plan-seed")) };
    if (value("plan-first")) body.first_day = value("plan-first");
    if (value("plan-last")) body.last_day = value("plan-last");
    try {
      const plan = await api("/api/v1/planning/plans/", { method: "POST", body });
      acceptResult.replaceChildren();
      open(plan.id);
      runs();
    } catch (error) {
      showError(form, error);
    }
  });

  cancelButton.addEventListener("click", async () => {
    try {
      await api(`/api/v1/planning/plans/${state.plan.id}/cancel/`, { method: "POST", body: {} });
    } catch (error) {
      showError(form, error);
    }
  });

  async function accept(part) {
    showError(acceptForm, null);
    const body = { mode: acceptForm.elements.mode.value };
    if (part) {
      if (ceoFilter.value) body.applications = [Number(ceoFilter.value)];
      if (dayFilter.value) body.days = [dayFilter.value];
      if (studioFilter.value) body.studios = [Number(studioFilter.value)];
    }
    const byIndex = new Map(state.plan.result.bookings.map((p) => [p.index, p]));
    const impossible = (list) => list.map((i) => {
      const p = byIndex.get(i.index);
      return el("li", { dataset: { code: i.code } }, t("plan.impossible_row", { when: when(p), studio: p.studio_name, ceo: p.ceo, message: i.message }));
    });
    let outcome;
    try {
      outcome = await api(`/api/v1/planning/plans/${state.plan.id}/accept/`, { method: "POST", body });
    } catch (error) {
      showError(acceptForm, error);
      acceptResult.replaceChildren(error.body?.impossible?.length ? el("ul", { class: "slot-reason" }, impossible(error.body.impossible)) : "");
      return;
    }
    acceptResult.replaceChildren(
      el("p", { class: "notice", role: "status" }, t("plan.booked", { count: outcome.booked.length }),
        outcome.already.length ? ` ${t("plan.already", { count: outcome.already.length })}` : ""),
      outcome.impossible.length ? [el("p", {}, t("plan.impossible", { count: outcome.impossible.length })), el("ul", { class: "slot-reason" }, impossible(outcome.impossible))] : "",
    );
    state.plan = await api(`/api/v1/planning/plans/${state.plan.id}/`);
    render();
    reload();
  }

  acceptForm.addEventListener("submit", (e) => {
    e.preventDefault();
    accept(true);
  });
  document.getElementById("accept-all").addEventListener("click", () => accept(false));
  for (const select of [ceoFilter, dayFilter]) {
    select.addEventListener("change", () => {
      syncUrl();
      render();
    });
  }
  studioFilter.addEventListener("change", render);

  // The days shown on the board, inside the sales window, are the plan's first guess.
  function guessDays(range) {
    const first = document.getElementById("plan-first");
    const last = document.getElementById("plan-last");
    if (first.value || !range) return;
    const clip = (d) => (d < box.dataset.first ? box.dataset.first : d > box.dataset.last ? box.dataset.last : d);
    first.value = clip(range.first);
    last.value = clip(range.last);
  }

  if (/^\d+$/.test(params.get("plan") || "")) open(Number(params.get("plan")));
  runs();

  return {
    guessDays,
    // Proposed blocks, drawn apart from real ones; those accepted are real bookings now.
    events: () => shown().filter((p) => !p.booking).map((p) => {
      const zone = zoneOf(p.studio);
      return {
        id: `p${p.index}`,
        resourceIds: [String(p.studio)],
        start: wall(p.starts_at, zone),
        end: wall(p.ends_at, zone),
        title: `${t("proposed")}: ${p.ceo}`,
        classNames: ["proposed"],
        editable: false,
        startEditable: false,
        durationEditable: false,
        extendedProps: { proposal: p.index },
      };
    }),
    content: (info) => {
      const p = state.plan?.result?.bookings.find((b) => b.index === info.event.extendedProps.proposal);
      return { domNodes: [el("span", { class: "block-title" }, `${t("proposed")} · ${p ? p.ceo : ""}`)] };
    },
  };
}
