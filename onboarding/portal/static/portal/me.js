// /me/ for a CEO, phone first: shows ahead (with the one-tap confirmation), training to enrol
// in, notifications, the private calendar link, weekly availability and how we reach them.
// Every section reads and writes /api/v1/ with the session; refusals show in the section.
import { ApiError, api, el, formatDate, pager, showError, t } from "./api.js";

const root = document.getElementById("me");
const applicationId = root.dataset.application;
const section = (id) => document.getElementById(id);
const now = () => new Date().toISOString();

async function guarded(region, work) {
  showError(region, null);
  region.setAttribute("aria-busy", "true");
  try {
    return await work();
  } catch (error) {
    showError(region, error instanceof ApiError ? error : new ApiError(0, { message: String(error) }));
    return undefined;
  } finally {
    region.removeAttribute("aria-busy");
  }
}

// --- Shows ---------------------------------------------------------------------------------

async function loadShows() {
  const region = section("me-shows");
  await guarded(region, async () => {
    const data = await api("/api/v1/bookings/", { query: { starts_after: now(), status: "confirmed", ordering: "starts_at" } });
    const shows = data.results;
    const checks = await Promise.all(shows.map((b) => api(`/api/v1/bookings/${b.id}/readiness/`).catch(() => null)));
    section("show-list").replaceChildren(...shows.map((b, i) => showCard(b, checks[i])));
    section("show-empty").hidden = shows.length > 0;
  });
}

function showCard(booking, readiness) {
  const when = formatDate(booking.starts_at);
  const crew = booking.crew.length ? t("crew", { names: booking.crew.map((c) => `${c.name} (${c.role})`).join(", ") }) : t("no_crew");
  const items = readiness
    ? el(
        "ul",
        { class: "checklist", "aria-label": t("checklist") },
        readiness.items.map((item) => el("li", { class: item.ok ? "ok" : "todo" }, item.ok ? "✓ " : "○ ", item.label, item.detail ? ` — ${item.detail}` : "")),
      )
    : "";
  const confirm = booking.attendance_confirmed_at
    ? el("p", { class: "status" }, t("confirmed"))
    : el(
        "button",
        {
          type: "button",
          class: "button primary",
          "aria-label": t("confirm_show", { when }),
          onclick: () =>
            guarded(section("me-shows"), async () => {
              await api(`/api/v1/bookings/${booking.id}/confirm-attendance/`, { method: "POST", body: { starts_at: booking.starts_at } });
              await loadShows();
            }),
        },
        t("confirm"),
      );
  return el(
    "li",
    { class: "card show", dataset: { booking: booking.id } },
    el("h3", {}, `${t(booking.kind)} · ${booking.studio.name}`),
    el("p", {}, el("time", { datetime: booking.starts_at }, when)),
    el("p", {}, [booking.studio.address, booking.studio.city].filter(Boolean).join(", ")),
    el("p", {}, crew),
    items,
    confirm,
  );
}

// --- Training ------------------------------------------------------------------------------

async function loadTraining() {
  const region = section("me-training");
  await guarded(region, async () => {
    const [mine, open] = await Promise.all([
      api("/api/v1/training/enrolments/", { query: new URLSearchParams([["status", "enrolled"], ["status", "waitlisted"], ["ordering", "session__starts_at"]]) }),
      api("/api/v1/training/sessions/", { query: { starts_after: now(), status: "scheduled", ordering: "starts_at" } }),
    ]);
    const enrolled = new Set(mine.results.map((e) => e.session));
    section("my-enrolments").replaceChildren(
      ...mine.results.map((e) =>
        el(
          "li",
          { class: "card" },
          el("h3", {}, e.title),
          el("p", {}, el("time", { datetime: e.starts_at }, formatDate(e.starts_at))),
          el("p", { class: "status" }, e.message),
          new Date(e.starts_at) > new Date()
            ? el(
                "button",
                {
                  type: "button",
                  class: "button",
                  "aria-label": t("leave_named", { title: e.title }),
                  onclick: () =>
                    guarded(region, async () => {
                      await api(`/api/v1/training/enrolments/${e.id}/cancel/`, { method: "POST", body: {} });
                      await loadTraining();
                    }),
                },
                t("leave"),
              )
            : "",
        ),
      ),
    );
    section("my-enrolments-empty").hidden = mine.results.length > 0;
    const available = open.results.filter((s) => !enrolled.has(s.id));
    section("open-sessions").replaceChildren(
      ...available.map((s) =>
        el(
          "li",
          { class: "card" },
          el("h3", {}, s.title),
          el("p", {}, el("time", { datetime: s.starts_at }, formatDate(s.starts_at))),
          el("p", {}, s.location || s.video_url || ""),
          el("p", { class: "muted" }, s.seats_left > 0 ? t("seats_left", { count: s.seats_left }) : t("full")),
          el(
            "button",
            {
              type: "button",
              class: "button primary",
              "aria-label": t("enrol_in", { title: s.title }),
              onclick: () =>
                guarded(region, async () => {
                  await api(`/api/v1/training/sessions/${s.id}/enrol/`, { method: "POST", body: {} });
                  await loadTraining();
                }),
            },
            t("enrol"),
          ),
        ),
      ),
    );
    section("open-sessions-empty").hidden = available.length > 0;
  });
}

// --- Notifications -------------------------------------------------------------------------

async function loadNotifications() {
  const region = section("me-notifications");
  const page = Number(new URLSearchParams(window.location.search).get("page") || 1);
  await guarded(region, async () => {
    const data = await api("/api/v1/notifications/", { query: { page, page_size: 10 } });
    const list = section("notification-list");
    list.replaceChildren(
      ...data.results.map((n) =>
        el(
          "li",
          { class: n.is_read ? "read" : "unread" },
          el("h3", {}, n.title, n.is_read ? "" : el("span", { class: "badge" }, t("unread"))),
          el("p", {}, n.body),
          el("p", { class: "muted" }, formatDate(n.created_at)),
          n.is_read
            ? ""
            : el(
                "button",
                {
                  type: "button",
                  class: "link-button",
                  "aria-label": t("mark_read_named", { title: n.title }),
                  onclick: () =>
                    guarded(region, async () => {
                      await api(`/api/v1/notifications/${n.id}/read/`, { method: "POST" });
                      await loadNotifications();
                    }),
                },
                t("mark_read"),
              ),
        ),
      ),
    );
    if (!data.results.length) list.replaceChildren(el("li", { class: "empty" }, t("no_notifications")));
    pager(section("notification-pager"), { count: data.count, page, pageSize: 10, exact: data.count_exact });
  });
}

section("read-all").addEventListener("click", () =>
  guarded(section("me-notifications"), async () => {
    await api("/api/v1/notifications/read-all/", { method: "POST" });
    await loadNotifications();
  }),
);

// --- Calendar link -------------------------------------------------------------------------

let feed = null;
function showFeed() {
  const has = feed !== null;
  section("feed-field").hidden = !has;
  section("feed-copy").hidden = !has;
  section("feed-rotate").hidden = !has;
  section("feed-make").hidden = has;
  if (has) section("feed-url").value = feed.url;
}

async function loadFeed() {
  await guarded(section("me-calendar"), async () => {
    const data = await api("/api/v1/calendar/feeds/");
    feed = data.results.find((f) => f.owner === "user") || null;
    showFeed();
  });
}

section("feed-make").addEventListener("click", () =>
  guarded(section("me-calendar"), async () => {
    feed = await api("/api/v1/calendar/feeds/", { method: "POST", body: {} });
    showFeed();
  }),
);
section("feed-rotate").addEventListener("click", () =>
  guarded(section("me-calendar"), async () => {
    feed = await api(`/api/v1/calendar/feeds/${feed.id}/rotate/`, { method: "POST" });
    showFeed();
    section("feed-status").textContent = t("new_link");
  }),
);
section("feed-copy").addEventListener("click", async () => {
  const input = section("feed-url");
  try {
    await navigator.clipboard.writeText(input.value);
    section("feed-status").textContent = t("copied");
  } catch {
    input.select();
    section("feed-status").textContent = document.execCommand("copy") ? t("copied") : t("copy_failed");
  }
});

// --- Weekly availability -------------------------------------------------------------------

function windowRow(windowValue = { day: "mon", start: "19:00", end: "21:00" }) {
  const row = section("window-row").content.firstElementChild.cloneNode(true);
  row.querySelector("[name=day]").value = windowValue.day;
  row.querySelector("[name=start]").value = windowValue.start;
  row.querySelector("[name=end]").value = windowValue.end;
  row.querySelector(".remove-window").addEventListener("click", () => row.remove());
  row.querySelector(".remove-window").setAttribute("aria-label", t("remove_window"));
  return row;
}

async function loadAvailability() {
  const form = section("availability-form");
  if (!form) return;
  await guarded(form, async () => {
    const data = await api(`/api/v1/me/applications/${applicationId}/availability/`);
    section("windows").replaceChildren(...data.windows.map(windowRow));
  });
  section("add-window").addEventListener("click", () => section("windows").append(windowRow()));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const windows = [...section("windows").children].map((row) => ({
      day: row.querySelector("[name=day]").value,
      start: row.querySelector("[name=start]").value,
      end: row.querySelector("[name=end]").value,
    }));
    section("availability-status").textContent = "";
    guarded(form, async () => {
      const data = await api(`/api/v1/me/applications/${applicationId}/availability/`, { method: "PUT", body: { windows } });
      section("windows").replaceChildren(...data.windows.map(windowRow));
      section("availability-status").textContent = t("saved");
    });
  });
}

// --- Preferences ---------------------------------------------------------------------------

const hhmm = (value) => (value || "").slice(0, 5);

async function loadPreferences() {
  const form = section("preferences-form");
  await guarded(form, async () => {
    const prefs = await api("/api/v1/notifications/preferences/");
    for (const box of form.querySelectorAll("[name=channels]")) box.checked = prefs.channels.includes(box.value);
    form.phone.value = prefs.phone || "";
    form.language.value = prefs.language || "";
    form.quiet_hours.checked = prefs.quiet_hours;
    form.quiet_start.value = hhmm(prefs.quiet_start);
    form.quiet_end.value = hhmm(prefs.quiet_end);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    section("preferences-status").textContent = "";
    const body = {
      channels: [...form.querySelectorAll("[name=channels]:checked")].map((b) => b.value),
      phone: form.phone.value,
      language: form.language.value,
      quiet_hours: form.quiet_hours.checked,
      quiet_start: form.quiet_start.value,
      quiet_end: form.quiet_end.value,
    };
    guarded(form, async () => {
      await api("/api/v1/notifications/preferences/", { method: "PATCH", body });
      section("preferences-status").textContent = t("saved");
    });
  });
}

loadShows();
loadTraining();
loadNotifications();
loadFeed();
loadAvailability();
loadPreferences();
