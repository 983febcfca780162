// The trainer's pages: the list of their sessions (upcoming first, then past, each paged) and
// one session with its seats, waiting list, attendance, enrolments and changes. Every figure
// and every change goes through /api/v1/training/; refusals show where they happened.
import { api, el, formatDate, loading, pager, showError, t } from "./api.js";

const PAGE_SIZE = 25;

// --- The list ---------------------------------------------------------------------------

function sessionRow(session, detailUrl) {
  return el(
    "tr",
    {},
    el("td", {}, el("a", { href: `${detailUrl}${session.id}/` }, session.title)),
    el("td", {}, formatDate(session.starts_at)),
    el("td", {}, session.location || "—"),
    el(
      "td",
      {},
      t("seats", { taken: session.seats_taken, capacity: session.capacity }),
      session.waitlisted ? el("span", { class: "badge" }, t("waiting", { count: session.waitlisted })) : "",
    ),
    el("td", {}, el("span", { class: `status status-${session.status}` }, t(`status.${session.status}`))),
  );
}

async function listPart(root, part, query, pageParam) {
  const region = document.getElementById(`${part}-region`);
  const params = new URLSearchParams(window.location.search);
  const page = Number(params.get(pageParam) || 1);
  try {
    const data = await loading(region, () =>
      api("/api/v1/training/sessions/", { query: { ...query, page, page_size: PAGE_SIZE } }),
    );
    document.getElementById(part).replaceChildren(...data.results.map((s) => sessionRow(s, root.dataset.detailUrl)));
    document.getElementById(`${part}-empty`).hidden = data.results.length > 0;
    const nav = document.getElementById(`${part}-pager`);
    pager(nav, { count: data.count, page, pageSize: PAGE_SIZE, exact: data.count_exact });
    // Each list pages on its own parameter, so paging one keeps the other where it was.
    for (const link of nav.querySelectorAll("a")) {
      const url = new URL(link.href);
      const n = url.searchParams.get("page");
      url.searchParams.delete("page");
      url.searchParams.set(pageParam, n);
      link.href = url.search;
    }
  } catch (error) {
    showError(region, error);
  }
}

function sessionList(root) {
  const now = new Date().toISOString();
  const base = { campaign: root.dataset.campaign };
  if (root.dataset.mine === "true") base.mine = "true";
  listPart(root, "upcoming", { ...base, starts_after: now, ordering: "starts_at" }, "page");
  listPart(root, "past", { ...base, starts_before: now, ordering: "-starts_at" }, "past_page");
}

// --- One session --------------------------------------------------------------------------

function localInput(value) {
  // <input type=datetime-local> wants the device's local time without a zone.
  const d = new Date(value);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function sessionPage(root) {
  const id = root.dataset.id;
  const base = `/api/v1/training/sessions/${id}/`;
  const statusLine = document.getElementById("status-line");
  let session = null;
  let roster = [];

  const say = (text) => {
    statusLine.textContent = text;
  };

  async function markOne(enrolment, attended) {
    const region = document.getElementById("seats-region");
    showError(region, null);
    try {
      await api(`${base}attendance/`, { method: "POST", body: { application: enrolment.application, attended } });
      say(t("marked", { name: enrolment.full_name }));
      await refresh();
    } catch (error) {
      showError(region, error);
    }
  }

  async function remove(enrolment) {
    const region = enrolment.status === "waitlisted" ? document.getElementById("waitlist-region") : document.getElementById("seats-region");
    showError(region, null);
    try {
      await api(`/api/v1/training/enrolments/${enrolment.id}/cancel/`, { method: "POST", body: {} });
      say(t("removed", { name: enrolment.full_name }));
      await refresh();
    } catch (error) {
      showError(region, error);
    }
  }

  function attendanceCell(enrolment) {
    const group = `att-${enrolment.id}`;
    const choice = (value, label) =>
      el(
        "label",
        { class: "choice" },
        el("input", {
          type: "radio",
          name: group,
          value: String(value),
          checked: enrolment.attended === value,
          onchange: () => markOne(enrolment, value),
        }),
        ` ${label}`,
      );
    return el(
      "fieldset",
      { class: "inline-choices" },
      el("legend", { class: "visually-hidden" }, enrolment.full_name),
      choice(true, t("present")),
      choice(false, t("absent")),
      enrolment.attended == null ? el("span", { class: "muted" }, ` ${t("not_marked")}`) : "",
    );
  }

  function missingCell(progress) {
    if (!progress) return "—";
    if (!progress.missing.length) return el("span", { class: "badge badge-good" }, t("trained"));
    return t("missing", { modules: progress.missing.map((m) => m.title).join(", ") });
  }

  function render(progressRows) {
    const progress = new Map(progressRows.map((p) => [p.application, p]));
    document.getElementById("session-title").textContent = session.title;
    document.getElementById("f-module").textContent = `${session.module.title} (${session.module.code})`;
    document.getElementById("f-when").textContent = `${formatDate(session.starts_at)} – ${formatDate(session.ends_at)}`;
    document.getElementById("f-place").textContent = session.location || session.video_url || "—";
    document.getElementById("f-seats").textContent =
      `${t("seats", { taken: session.seats_taken, capacity: session.capacity })} · ${t("waiting", { count: session.waitlisted })}`;
    document.getElementById("f-status").textContent = t(`status.${session.status}`);
    document.getElementById("facts").hidden = false;

    const seats = roster.filter((e) => e.status === "enrolled");
    document.getElementById("seats").replaceChildren(
      ...seats.map((e) =>
        el(
          "tr",
          { dataset: { application: e.application } },
          el("th", { scope: "row" }, el("a", { href: `/staff/ceos/${e.application}/scorecard/` }, e.full_name)),
          el("td", { class: "reference" }, e.reference),
          el("td", {}, attendanceCell(e)),
          el("td", {}, missingCell(progress.get(e.application))),
          el("td", {}, el("button", { type: "button", class: "button", "aria-label": t("remove_named", { name: e.full_name }), onclick: () => remove(e) }, t("remove"))),
        ),
      ),
    );
    document.getElementById("seats-empty").hidden = seats.length > 0;
    document.getElementById("all-present").disabled = seats.length === 0 || session.status === "cancelled";

    const waiting = roster.filter((e) => e.status === "waitlisted").sort((a, b) => a.waitlist_position - b.waitlist_position);
    document.getElementById("waitlist").replaceChildren(
      ...waiting.map((e) =>
        el(
          "li",
          {},
          el("span", { class: "badge" }, t("position", { position: e.waitlist_position })),
          ` ${e.full_name} `,
          el("span", { class: "reference" }, e.reference),
          " ",
          el("span", { class: "muted" }, missingCell(progress.get(e.application))),
          " ",
          el("button", { type: "button", class: "button", "aria-label": t("remove_named", { name: e.full_name }), onclick: () => remove(e) }, t("remove")),
        ),
      ),
    );
    document.getElementById("waitlist-empty").hidden = waiting.length > 0;

    if (session.status === "cancelled") say(t("cancelled_note"));
    const form = document.getElementById("change-form");
    if (!form.dataset.filled) {
      form.starts_at.value = localInput(session.starts_at);
      form.ends_at.value = localInput(session.ends_at);
      form.location.value = session.location;
      form.capacity.value = session.capacity;
      form.dataset.filled = "true";
    }
  }

  async function refresh() {
    const [data, enrolments, progress] = await Promise.all([
      api(base),
      api(`${base}enrolments/`),
      api(`${base}progress/`),
    ]);
    session = data;
    roster = enrolments;
    render(progress);
  }

  document.getElementById("all-present").addEventListener("click", async () => {
    const region = document.getElementById("seats-region");
    showError(region, null);
    let count = 0;
    try {
      for (const e of roster.filter((r) => r.status === "enrolled" && r.attended !== true)) {
        await api(`${base}attendance/`, { method: "POST", body: { application: e.application, attended: true } });
        count += 1;
      }
      say(t("all_marked", { count }));
    } catch (error) {
      showError(region, error);
    }
    await refresh();
  });

  const enrolForm = document.getElementById("enrol-form");
  const candidates = document.getElementById("candidates");
  async function search() {
    showError(enrolForm, null);
    try {
      const rows = await api(`${base}candidates/`, { query: { search: enrolForm.search.value } });
      candidates.replaceChildren(
        ...(rows.length
          ? rows.map((c) =>
              el(
                "li",
                {},
                `${c.full_name} · ${c.company_name || "—"} `,
                el("span", { class: "reference" }, c.reference),
                " ",
                el(
                  "button",
                  { type: "button", class: "button", "aria-label": t("enrol_named", { name: c.full_name }), onclick: () => enrol(c) },
                  t("enrol"),
                ),
              ),
            )
          : [el("li", { class: "empty" }, t("no_candidates"))]),
      );
    } catch (error) {
      showError(enrolForm, error);
    }
  }
  async function enrol(candidate) {
    showError(enrolForm, null);
    try {
      const enrolment = await api(`${base}enrol/`, { method: "POST", body: { application: candidate.id } });
      say(t("enrolled", { name: candidate.full_name, message: enrolment.message }));
      await Promise.all([refresh(), search()]);
    } catch (error) {
      showError(enrolForm, error);
    }
  }
  enrolForm.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });

  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.getElementById("zone-note").textContent = t("local_time", { zone });
  const changeForm = document.getElementById("change-form");
  changeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(changeForm, null);
    const body = {};
    const starts = new Date(changeForm.starts_at.value).toISOString();
    const ends = new Date(changeForm.ends_at.value).toISOString();
    if (starts !== new Date(session.starts_at).toISOString()) body.starts_at = starts;
    if (ends !== new Date(session.ends_at).toISOString()) body.ends_at = ends;
    if (changeForm.location.value !== session.location) body.location = changeForm.location.value;
    if (Number(changeForm.capacity.value) !== session.capacity) body.capacity = Number(changeForm.capacity.value);
    if (changeForm.reason.value) body.reason = changeForm.reason.value;
    try {
      await api(base, { method: "PATCH", body });
      say(t("saved"));
      await refresh();
    } catch (error) {
      showError(changeForm, error);
    }
  });

  const cancelForm = document.getElementById("cancel-form");
  cancelForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(cancelForm, null);
    try {
      await api(`${base}cancel/`, { method: "POST", body: { reason: cancelForm.reason.value } });
      await refresh();
    } catch (error) {
      showError(cancelForm, error);
    }
  });

  loading(root, refresh).catch((error) => showError(root, error));
}

const list = document.getElementById("sessions");
if (list) sessionList(list);
const one = document.getElementById("session");
if (one) sessionPage(one);
