// The studio board: EventCalendar's resource timeline of studios by time, filled from
// GET /api/v1/board/. Booking, moving, cancelling and outcomes go through the bookings API;
// where the API refuses (a 409), the block goes back and its message is shown here.
import { api, apiAll, el, showError, t } from "./api.js";
import { createPlan } from "./board_plan.js";

const root = document.getElementById("board");
const lang = document.documentElement.lang;
const params = new URLSearchParams(window.location.search);
const state = { studios: new Map(), bookings: new Map(), crew: [], kit: [], range: null, first: true };
const message = document.getElementById("board-message");
const status = document.getElementById("board-status");
const pad = (n) => String(n).padStart(2, "0");

// Wall-clock "YYYY-MM-DDTHH:MM:SS" of an instant in a studio's zone: the calendar and the
// API's inputs without an offset both speak the studio's local time.
function wall(iso, zone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
    }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}
// A calendar Date (its local fields are the studio's wall clock) as the API's naive input.
const naive = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:00`;
const dayOf = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const hhmm = (text) => text.slice(11, 16);
const zoneOf = (studioId) => state.studios.get(Number(studioId))?.timezone || "Asia/Shanghai";
function times(booking) {
  const zone = zoneOf(booking.studio);
  const start = wall(booking.starts_at, zone);
  return t("times", { start: `${start.slice(0, 10)} ${hhmm(start)}`, end: hhmm(wall(booking.ends_at, zone)), zone });
}

function say(text) {
  status.textContent = text;
  status.hidden = !text;
}

// The API's refusal on the board itself, with a way to the booking in the way.
function refuse(error) {
  say("");
  const id = error.body?.conflicting_booking;
  message.replaceChildren(
    el("div", { class: "api-error board-refusal" },
      el("p", {}, error.message),
      id ? el("p", {}, el("button", { type: "button", class: "link-button", onclick: () => openBooking(id) }, t("in_the_way", { id }))) : "",
      el("p", { class: "muted" }, t("move_kept"))),
  );
}

function syncUrl(view, date) {
  const query = new URLSearchParams(window.location.search);
  query.set("view", view);
  query.set("date", date);
  const studio = document.getElementById("studio-filter").value;
  if (studio) query.set("studio", studio); else query.delete("studio");
  history.replaceState(null, "", `?${query}`);
}

function classesOf(b) {
  return [
    `kind-${b.kind}`,
    b.ceo_confirmed ? "confirmed" : "unconfirmed",
    b.samples_late ? "late" : "",
    b.not_ready ? "notready" : "",
    b.outcome ? `outcome-${b.outcome}` : "",
  ].filter(Boolean);
}

function events(data) {
  const list = [];
  for (const b of data.bookings) {
    const zone = zoneOf(b.studio);
    const upcoming = new Date(b.starts_at) > new Date();
    list.push({
      id: `b${b.id}`,
      resourceIds: [String(b.studio)],
      start: wall(b.starts_at, zone),
      end: wall(b.ends_at, zone),
      title: `#${b.id} ${b.ceo}`,
      classNames: classesOf(b),
      editable: upcoming && !b.outcome,
      extendedProps: { booking: b.id },
    });
    for (const [from, to] of [[b.buffered_start, b.starts_at], [b.ends_at, b.buffered_end]]) {
      if (from < to) list.push({ resourceIds: [String(b.studio)], start: wall(from, zone), end: wall(to, zone), display: "background", classNames: ["buffer"], title: t("buffer") });
    }
  }
  for (const r of data.background) {
    const zone = zoneOf(r.studio);
    list.push({
      resourceIds: [String(r.studio)],
      start: wall(r.starts_at, zone),
      end: wall(r.ends_at, zone),
      display: "background",
      classNames: [r.kind],
      title: r.kind === "blackout" ? t("blackout", { reason: r.reason }) : t("closed"),
    });
  }
  return list;
}

function content(info) {
  const event = info.event;
  if (event.display === "background") {
    return { domNodes: event.classNames.includes("blackout") ? [el("span", { class: "bg-label" }, event.title)] : [] };
  }
  if (event.extendedProps.proposal !== undefined) return plan.content(info);
  const b = state.bookings.get(event.extendedProps.booking);
  if (!b) return { domNodes: [el("span", {}, event.title)] };
  const flags = [
    b.kind === "rehearsal" ? t("kind.rehearsal") : "",
    b.ceo_confirmed ? "" : t("unconfirmed"),
    b.samples_late ? t("samples_late") : "",
    b.not_ready ? t("not_ready") : "",
    b.outcome ? t(`outcome.${b.outcome}`) : "",
  ].filter(Boolean);
  if (info.view.type === "resourceTimelineWeek") {
    return { domNodes: [el("span", { class: "block-title" }, b.not_ready ? "!" : "", `#${b.id} ${b.ceo}`)] };
  }
  return {
    domNodes: [
      el("span", { class: "block-time" }, `${hhmm(event.start ? naive(event.start) : "")}–${hhmm(event.end ? naive(event.end) : "")}`),
      el("span", { class: "block-title" }, b.not_ready ? "! " : "", `#${b.id} ${b.ceo}`),
      el("span", { class: "block-company" }, b.company_name),
      flags.length ? el("span", { class: "block-flags" }, flags.join(" · ")) : "",
    ],
  };
}

async function load(range = state.range) {
  if (!range) return;
  state.range = range;
  const studio = document.getElementById("studio-filter").value;
  const query = { from: range.first, to: range.last };
  if (studio) query.studio = studio;
  try {
    const data = await api("/api/v1/board/", { query });
    showError(document.getElementById("board-error"), null);
    for (const s of data.studios) state.studios.set(s.id, s);
    state.bookings = new Map(data.bookings.map((b) => [b.id, b]));
    hours(data.studios);
    calendar.setOption("resources", data.studios.map((s) => ({ id: String(s.id), title: s.name })));
    state.boardEvents = events(data);
    calendar.setOption("events", [...state.boardEvents, ...plan.events()]);
    blockTable(data.bookings);
    fixAria();
    // The calendar draws on the next frames; "loaded" once it has.
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    root.dataset.loaded = "true";
    if (state.first) {
      state.first = false;
      fillStudios(data.studios);
    }
  } catch (error) {
    showError(document.getElementById("board-error"), error);
  }
}

// The same bookings as a table: for screen readers, and to open one from the keyboard.
function blockTable(bookings) {
  const studioName = (id) => state.studios.get(id)?.name || "";
  document.getElementById("blocks").replaceChildren(
    ...bookings.map((b) =>
      el("tr", { dataset: { id: b.id } },
        el("td", {}, el("button", { type: "button", class: "link-button", onclick: () => openBooking(b.id) }, `#${b.id}`)),
        el("td", {}, times(b)),
        el("td", {}, studioName(b.studio)),
        el("td", {}, `${b.ceo} · ${b.company_name}`),
        el("td", {}, [t(`kind.${b.kind}`), b.ceo_confirmed ? t("confirmed") : t("unconfirmed"), b.samples_late ? t("samples_late") : "", b.not_ready ? t("not_ready") : "", b.outcome ? t(`outcome.${b.outcome}`) : ""].filter(Boolean).join(" · ")),
      ),
    ),
  );
}

// EventCalendar's grid roles are incomplete for assistive technology; the table below the
// board carries the same bookings, so the grid is left as plain layout, its arrows named.
function fixAria() {
  const box = document.getElementById("calendar");
  for (const node of box.querySelectorAll("[role]:not(.ec-event)")) node.removeAttribute("role");
  for (const node of box.querySelectorAll("[aria-colindex]")) node.removeAttribute("aria-colindex");
  box.querySelector("button.ec-prev")?.setAttribute("aria-label", t("previous"));
  box.querySelector("button.ec-next")?.setAttribute("aria-label", t("next"));
}
new MutationObserver(fixAria).observe(document.getElementById("calendar"), { childList: true, subtree: true });

// Show the hours some studio is open (whole hours), not the night they are all closed.
function hours(studios) {
  const windows = studios.flatMap((s) => s.opening_hours);
  if (!windows.length) return;
  const open = Math.min(...windows.map((w) => Number(w.opens.slice(0, 2))));
  const close = Math.max(...windows.map((w) => (w.closes >= "23:59" ? 24 : Math.ceil(Number(w.closes.slice(0, 2)) + Number(w.closes.slice(3, 5)) / 60))));
  const min = `${pad(open)}:00`;
  const max = `${pad(close)}:00`;
  if (state.hours === `${min}-${max}`) return;
  state.hours = `${min}-${max}`;
  calendar.setOption("slotMinTime", min);
  calendar.setOption("slotMaxTime", max);
}

function fillStudios(studios) {
  const filter = document.getElementById("studio-filter");
  const chosen = params.get("studio") || "";
  for (const s of studios) filter.append(el("option", { value: s.id, selected: String(s.id) === chosen }, `${s.name} (${s.city})`));
  for (const id of ["new-studio", "edit-studio"]) {
    document.getElementById(id).replaceChildren(...studios.map((s) => el("option", { value: s.id }, `${s.name} (${s.city})`)));
  }
}

// Moving: ask why, then call the move endpoint; any refusal puts the block back.
const moveDialog = document.getElementById("move-dialog");
function askReason(id, when) {
  document.getElementById("move-question").textContent = t("move_reason", { id, when });
  const input = document.getElementById("move-reason");
  input.value = "";
  showError(moveDialog, null);
  moveDialog.showModal();
  return new Promise((resolve) => {
    const done = (value) => {
      moveDialog.removeEventListener("close", closed);
      if (moveDialog.open) moveDialog.close();
      resolve(value);
    };
    const closed = () => done(null);
    moveDialog.addEventListener("close", closed);
    document.getElementById("move-form").onsubmit = (e) => {
      e.preventDefault();
      if (!input.value.trim()) {
        showError(moveDialog, { message: t("move_reason", { id, when }), fields: { reason: [input.validationMessage || "—"] } });
        return;
      }
      done(input.value.trim());
    };
    document.getElementById("move-abort").onclick = () => done(null);
  });
}

async function moved(info) {
  const id = info.event.extendedProps.booking;
  const booking = state.bookings.get(id);
  const studio = info.newResource ? Number(info.newResource.id) : booking.studio;
  const body = { starts_at: naive(info.event.start), ends_at: naive(info.event.end) };
  if (studio !== booking.studio) body.studio = studio;
  const reason = await askReason(id, `${body.starts_at.slice(0, 10)} ${hhmm(body.starts_at)}`);
  if (reason === null) {
    info.revert();
    say(t("move_kept"));
    return;
  }
  try {
    await api(`/api/v1/bookings/${id}/move/`, { method: "POST", body: { ...body, reason } });
    message.replaceChildren();
    await load();
    say(t("moved", { id }));
  } catch (error) {
    info.revert();
    refuse(error);
  }
}

// Booking a free slot: the slot check says as it is chosen what booking would refuse.
const newDialog = document.getElementById("new-dialog");
const newForm = document.getElementById("new-form");
let idempotencyKey = null;
let chosenCeo = null;
const key = () => (window.crypto?.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

function checks(box, rows, name) {
  const legend = box.querySelector("legend");
  box.replaceChildren(legend, ...rows.map((r) =>
    el("label", { class: "choice" }, el("input", { type: "checkbox", name, value: r.id }), ` ${r.name}`)));
}

function openNew(start, end, studioId) {
  newForm.reset();
  chosenCeo = null;
  idempotencyKey = key();
  showError(newForm, null);
  document.getElementById("ceo-results").replaceChildren();
  document.getElementById("new-studio").value = studioId;
  document.getElementById("new-start").value = start.slice(0, 16);
  document.getElementById("new-end").value = end.slice(0, 16);
  document.getElementById("quota-field").hidden = true;
  document.getElementById("new-title").textContent = t("new_booking", { studio: state.studios.get(Number(studioId))?.name || "" });
  fillKit();
  checks(document.getElementById("new-crew"), state.crew, "crew");
  newDialog.showModal();
  document.getElementById("ceo-search").focus();
  searchCeos();
  slotCheck();
}

function fillKit() {
  const studio = Number(document.getElementById("new-studio").value);
  checks(document.getElementById("new-kit"), state.kit.filter((k) => k.studio === null || k.studio === studio), "equipment");
}

const picked = (name) => [...newForm.querySelectorAll(`input[name=${name}]:checked`)].map((i) => Number(i.value));
function newBody() {
  const body = {
    studio: Number(document.getElementById("new-studio").value),
    starts_at: `${document.getElementById("new-start").value}:00`,
    ends_at: `${document.getElementById("new-end").value}:00`,
    kind: document.getElementById("new-kind").value,
    crew: picked("crew"),
    equipment: picked("equipment"),
  };
  if (chosenCeo) body.application = chosenCeo;
  return body;
}

let checkTimer = null;
function slotCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runSlotCheck, 250);
}
let checkRun = 0;
async function runSlotCheck() {
  const run = ++checkRun;
  const box = document.getElementById("slot-check");
  const body = newBody();
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) for (const v of [].concat(value)) query.append(name, v);
  box.replaceChildren(el("p", { class: "muted" }, t("slot_checking")));
  try {
    const result = await api(`/api/v1/board/slot-check/?${query}`);
    if (run !== checkRun) return; // a later check is on its way
    const quota = result.warnings.some((w) => w.code === "quota_exceeded");
    document.getElementById("quota-field").hidden = !quota;
    box.replaceChildren(
      result.bookable ? el("p", { class: "slot-ok" }, t("slot_free")) : "",
      result.reasons.map((r) => el("p", { class: "slot-reason", dataset: { code: r.code } }, r.message)),
      result.warnings.map((w) => el("p", { class: "slot-warning", dataset: { code: w.code } }, t("warning", { message: w.message }))),
      chosenCeo ? "" : el("p", { class: "muted" }, t("choose_ceo")),
    );
  } catch (error) {
    box.replaceChildren(el("p", { class: "slot-reason" }, error.message));
  }
}

let searchTimer = null;
function searchCeos() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = document.getElementById("ceo-search").value.trim();
    const box = document.getElementById("ceo-results");
    try {
      const rows = await api("/api/v1/board/ceos/", { query: q ? { q } : {} });
      box.replaceChildren(
        ...(rows.length
          ? rows.map((r) => el("label", { class: "choice ceo-option" },
              el("input", { type: "radio", name: "ceo", value: r.application, checked: r.application === chosenCeo }),
              ` ${r.full_name} · ${r.company_name} · ${r.reference}`))
          : [el("p", { class: "muted" }, t("no_ceos"))]),
      );
    } catch (error) {
      box.replaceChildren(el("p", { class: "slot-reason" }, error.message));
    }
  }, 200);
}

document.getElementById("ceo-search").addEventListener("input", searchCeos);
document.getElementById("ceo-results").addEventListener("change", (e) => {
  chosenCeo = Number(e.target.value);
  slotCheck();
});
newForm.addEventListener("change", (e) => {
  if (e.target.id === "new-studio") fillKit();
  if (e.target.name !== "ceo") slotCheck();
});
newForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  showError(newForm, null);
  if (!chosenCeo) {
    showError(newForm, { message: t("choose_ceo"), fields: { application: [t("choose_ceo")] } });
    return;
  }
  const body = newBody();
  const quota = document.getElementById("new-quota").value.trim();
  if (quota) body.quota_override_reason = quota;
  try {
    const booking = await apiWithKey("/api/v1/bookings/", body, idempotencyKey);
    newDialog.close();
    message.replaceChildren();
    await load();
    say(t("booked", { id: booking.id }));
  } catch (error) {
    showError(newForm, error);
    if (error.code === "quota_exceeded") document.getElementById("quota-field").hidden = false;
  }
});

// api.js sends no custom headers; a booking needs its Idempotency-Key, so this one call
// goes through fetch with the same CSRF token and error shape.
async function apiWithKey(path, body, idem) {
  const token = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/)?.[1] || document.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
  let response;
  try {
    response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": decodeURIComponent(token), "Idempotency-Key": idem },
      body: JSON.stringify(body),
    });
  } catch {
    throw Object.assign(new Error(t("offline")), { code: "offline", fields: {}, body: {} });
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(data.message || t("failed", { status: response.status }));
    Object.assign(error, { status: response.status, code: data.code || "error", fields: data.fields || {}, body: data });
    throw error;
  }
  return data;
}

// One booking: facts, move by editing, cancel, and after the show its outcome.
const bookingDialog = document.getElementById("booking-dialog");
let openId = null;

async function openBooking(id) {
  openId = id;
  let b;
  try {
    b = await api(`/api/v1/bookings/${id}/`);
  } catch (error) {
    refuse(error);
    return;
  }
  for (const form of bookingDialog.querySelectorAll("form")) {
    form.reset();
    showError(form, null);
  }
  showError(document.getElementById("booking-error"), null);
  document.getElementById("booking-title").textContent = t("booking_title", { id, ceo: b.ceo });
  const zone = b.studio.timezone;
  const fact = (label, value) => [el("dt", {}, label), el("dd", {}, value)];
  document.getElementById("booking-facts").replaceChildren(
    ...fact(t("booking"), `#${b.id} · ${b.reference} · ${b.company_name}`),
    ...fact(t(`kind.${b.kind}`), `${b.studio.name} · ${times({ ...b, studio: b.studio.id })}`),
    ...fact(t("confirmed"), b.attendance_confirmed_at ? t("yes") : t("no")),
    ...fact(t("fact.samples"), `${t(`samples.${b.samples_status || "none"}`)}${b.samples_late ? ` · ${t("samples_late")}` : ""}`),
    ...fact(t("fact.ready"), b.ready_at ? t("yes") : t("no")),
    ...fact(t("crew"), b.crew.map((c) => c.name).join(", ") || t("crew_none")),
    ...fact(t("kit"), b.equipment.map((k) => k.name).join(", ") || t("kit_none")),
    b.outcome ? fact(t(`outcome.${b.outcome}`), "✓") : [],
  );

  document.getElementById("edit-studio").value = b.studio.id;
  document.getElementById("edit-start").value = wall(b.starts_at, zone).slice(0, 16);
  document.getElementById("edit-end").value = wall(b.ends_at, zone).slice(0, 16);
  const started = new Date(b.starts_at) <= new Date();
  const live = b.status === "confirmed";
  document.getElementById("edit-box").hidden = started || !live;
  document.getElementById("cancel-box").hidden = started || !live;
  document.getElementById("outcome-box").hidden = !started || !live;
  document.getElementById("outcome-box").open = started && live;
  await gate(b);
  if (!bookingDialog.open) bookingDialog.showModal();
}

// The go-live gate: a show is recorded as held once confirmed ready, or overridden with a reason.
async function gate(b) {
  const form = document.getElementById("ready-form");
  form.hidden = true;
  document.getElementById("gate").replaceChildren();
  if (b.kind !== "show" || b.status !== "confirmed" || b.ready_at) return;
  try {
    const r = await api(`/api/v1/bookings/${b.id}/readiness/`);
    const missing = r.items.filter((i) => !i.ok).map((i) => `${i.label} (${i.detail || "—"})`);
    document.getElementById("gate-missing").textContent = t("missing", { items: missing.join("; ") || t("none") });
    form.hidden = false;
  } catch (error) {
    showError(form, error);
  }
}

// After a cancel: whether the freed slot went to the standby list, and to whom.
async function standbyNote(id) {
  try {
    const slot = (await api("/api/v1/standby/slots/", { query: { booking: id } })).results[0];
    if (!slot) return "";
    const open = slot.offers.filter((o) => o.status === "pending");
    if (!open.length) return ` ${t("standby.none")}`;
    const until = new Date(open[0].expires_at).toLocaleString(document.documentElement.lang);
    return ` ${t("standby.offered", { ceos: open.map((o) => o.reference).join(", "), until })}`;
  } catch {
    return "";
  }
}

async function afterWrite(text) {
  message.replaceChildren();
  await load();
  say(text);
}

document.getElementById("edit-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.target;
  showError(form, null);
  const body = {
    studio: Number(document.getElementById("edit-studio").value),
    starts_at: `${document.getElementById("edit-start").value}:00`,
    ends_at: `${document.getElementById("edit-end").value}:00`,
    reason: document.getElementById("edit-reason").value.trim(),
  };
  try {
    await api(`/api/v1/bookings/${openId}/move/`, { method: "POST", body });
    bookingDialog.close();
    await afterWrite(t("moved", { id: openId }));
  } catch (error) {
    showError(form, error);
  }
});

document.getElementById("cancel-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.target;
  showError(form, null);
  try {
    await api(`/api/v1/bookings/${openId}/cancel/`, { method: "POST", body: { reason: document.getElementById("cancel-reason").value.trim() } });
    bookingDialog.close();
    await afterWrite(`${t("cancelled", { id: openId })}${await standbyNote(openId)}`);
  } catch (error) {
    showError(form, error);
  }
});

document.getElementById("ready-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.target;
  showError(form, null);
  try {
    await api(`/api/v1/bookings/${openId}/confirm-ready/`, { method: "POST", body: { override_reason: document.getElementById("ready-reason").value.trim() } });
    form.hidden = true;
    document.getElementById("gate").replaceChildren(el("p", { class: "notice", role: "status" }, t("ready_saved", { id: openId })));
    await load();
  } catch (error) {
    showError(form, error);
  }
});

document.getElementById("outcome-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.target;
  showError(form, null);
  const number = (name) => (form.elements[name].value === "" ? null : form.elements[name].value);
  const body = {
    result: form.elements.result.value,
    viewers: number("viewers"),
    turnover: number("turnover"),
    new_followers: number("new_followers"),
  };
  try {
    await api(`/api/v1/bookings/${openId}/outcome/`, { method: "POST", body });
    bookingDialog.close();
    await afterWrite(t("outcome_saved", { id: openId }));
  } catch (error) {
    showError(form, error);
    if (error.code === "not_ready") document.getElementById("ready-form").hidden = false;
  }
});

for (const dialog of document.querySelectorAll("dialog")) {
  for (const button of dialog.querySelectorAll("[data-close]")) button.addEventListener("click", () => dialog.close());
}

document.getElementById("new-open").addEventListener("click", () => {
  const studio = document.getElementById("studio-filter").value || [...state.studios.keys()][0];
  const day = state.range?.first || dayOf(new Date());
  openNew(`${day}T10:00:00`, `${day}T12:00:00`, studio);
});

document.getElementById("studio-filter").addEventListener("change", () => {
  syncUrl(calendar.getOption("view") === "resourceTimelineDay" ? "day" : "week", state.range.first);
  load();
});

// The festival plan's panel: its proposed blocks are drawn beside the board's own.
const plan = createPlan({
  root,
  wall,
  zoneOf,
  redraw: () => calendar.setOption("events", [...(state.boardEvents || []), ...plan.events()]),
  reload: () => load(),
});

const startView = params.get("view") === "day" ? "resourceTimelineDay" : "resourceTimelineWeek";
const startDate = /^\d{4}-\d{2}-\d{2}$/.test(params.get("date") || "") ? params.get("date") : dayOf(new Date());

const calendar = window.EventCalendar.create(document.getElementById("calendar"), {
  view: startView,
  date: startDate,
  locale: lang,
  firstDay: 1,
  headerToolbar: { start: "prev,next today", center: "title", end: "resourceTimelineWeek,resourceTimelineDay" },
  buttonText: { today: t("today"), resourceTimelineWeek: t("week"), resourceTimelineDay: t("day") },
  views: {
    resourceTimelineWeek: { slotDuration: "01:00", slotWidth: 30, slotLabelFormat: (d) => pad(d.getHours()) },
    resourceTimelineDay: { slotDuration: "00:30", slotWidth: 48, slotLabelFormat: (d) => `${pad(d.getHours())}:${pad(d.getMinutes())}` },
  },
  snapDuration: "00:15",
  nowIndicator: true,
  selectable: true,
  editable: true,
  eventDurationEditable: true,
  resources: [],
  events: [],
  eventClassNames: (info) => info.event.classNames,
  eventContent: content,
  eventClick: (info) => {
    if (info.event.display !== "background" && info.event.extendedProps.proposal === undefined) openBooking(info.event.extendedProps.booking);
  },
  eventDrop: moved,
  eventResize: moved,
  select: (info) => {
    const studio = info.resource ? info.resource.id : [...state.studios.keys()][0];
    calendar.unselect();
    openNew(naive(info.start), naive(info.end), studio);
  },
  datesSet: (info) => {
    const last = new Date(info.end.getTime() - 86400000);
    const range = { first: dayOf(info.start), last: dayOf(last) };
    syncUrl(info.view.type === "resourceTimelineDay" ? "day" : "week", range.first);
    plan.guessDays(range);
    load(range);
  },
});

const [crew, kit] = await Promise.all([
  apiAll("/api/v1/crew/").catch(() => []),
  apiAll("/api/v1/equipment-sets/").catch(() => []),
]);
state.crew = crew.filter((c) => c.active);
state.kit = kit.filter((k) => k.active);
