// One application in the review queue: what the API tells about it, the score, the decision,
// a conflict of interest, notes, reassignment (leads), and the next one in the same filter.
import { api, el, formatDate, loading, shortcut, showError, t } from "./api.js";

const root = document.getElementById("review");
const id = Number(root.dataset.id);
const isLead = root.dataset.lead === "true";
const base = `/api/v1/review/applications/${id}/`;
const filter = new URLSearchParams(window.location.search);
const labels = JSON.parse(document.getElementById("labels")?.textContent || "{}");
filter.delete("page");
let neighbours = { prev: null, next: null };

const queueUrl = (appId) => (appId ? `${root.dataset.queueUrl}${appId}/?${filter}` : `${root.dataset.queueUrl}?${filter}`);

// A code the page has a name for (an action, a status), or the code itself.
function named(kind, code) {
  if (!code) return "";
  const name = t(`${kind}.${code}`);
  return name === `${kind}.${code}` ? code : name;
}

function fact(list, label, value) {
  list.append(el("dt", {}, label), el("dd", {}, value === "" || value == null ? "—" : value));
}

function answerText(answer) {
  const value = answer.value;
  if (value === true) return t("yes");
  if (value === false) return t("no");
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === "object" ? `${v.day} ${v.start}–${v.end}` : v)).join(", ");
  }
  return value ?? "—";
}

let current = null;
let shownReviewer;
const scoreForm = document.getElementById("score-form");

function render(app) {
  current = app;
  document.title = `${app.reference} · ${document.title.split(" · ").pop()}`;
  document.getElementById("title").textContent = `${app.reference} · ${app.full_name}`;
  document.getElementById("summary").replaceChildren(
    el("span", { class: `status status-${app.status}` }, t(`status.${app.status}`)),
    " · ",
    t("score_of", { score: app.score ?? "—", max: app.max_score }),
    app.hard_failed ? el("span", { class: "badge badge-bad" }, t("hard_failed")) : "",
    app.overdue ? el("span", { class: "badge badge-bad" }, t("overdue")) : "",
    app.awaiting_second_approval ? el("span", { class: "badge" }, t("second_approval")) : "",
    " · ",
    t("reviewer_is", { name: app.reviewer || t("unassigned") }),
    " · ",
    t("due", { when: formatDate(app.decision_due_at) }),
  );

  document.getElementById("breakdown").replaceChildren(
    ...app.breakdown.map((c) =>
      el(
        "tr",
        { class: c.passed ? "" : "failed" },
        el("th", { scope: "row" }, c.name, c.hard ? el("span", { class: "badge" }, t("hard")) : ""),
        el("td", {}, c.passed ? t("passed") : t("not_passed")),
        el("td", { class: "num" }, `${c.points} / ${c.weight}`),
        el("td", {}, c.why),
      ),
    ),
  );

  const answers = document.getElementById("answers");
  answers.replaceChildren();
  for (const answer of app.answers) fact(answers, answer.label, answerText(answer));

  const who = document.getElementById("applicant");
  who.replaceChildren();
  const fields = [
    "full_name", "job_title", "email", "phone", "company_name", "brand_name", "industry",
    "company_website", "years_in_business", "products", "on_camera_in_person",
    "live_experience", "live_experience_notes", "language", "submitted_at",
  ];
  for (const name of fields) {
    if (!(name in app)) continue;
    let value = app[name];
    if (typeof value === "boolean") value = value ? t("yes") : t("no");
    if (name === "submitted_at") value = formatDate(value);
    else if (value && `${name}.${value}` in labels) value = labels[`${name}.${value}`];
    fact(who, t(`field.${name}`), value);
  }
  document.getElementById("accounts").replaceChildren(
    ...(app.social_accounts.length
      ? app.social_accounts.map((a) => el("li", {}, `${a.platform}: ${a.handle} · ${t("followers", { count: new Intl.NumberFormat(document.documentElement.lang).format(a.followers) })}`))
      : [el("li", { class: "muted" }, t("none"))]),
  );

  // Your own score, if given, is the one the form starts from.
  const mine = app.scores.find((s) => s.reviewer === root.dataset.username);
  if (mine && !scoreForm.contains(document.activeElement)) {
    for (const radio of scoreForm.elements.score) radio.checked = Number(radio.value) === mine.score;
    scoreForm.elements.comment.value = mine.comment || "";
  }
  document.getElementById("scores").replaceChildren(
    ...(app.scores.length
      ? app.scores.map((s) => el("li", {}, el("strong", {}, s.reviewer), `: ${s.score} / 5`, s.comment ? ` — ${s.comment}` : ""))
      : [el("li", { class: "muted" }, t("scores_after"))]),
  );
  document.getElementById("notes").replaceChildren(
    ...(app.notes.length
      ? app.notes.map((n) =>
          el("li", {}, el("strong", {}, n.from_applicant ? t("applicant") : n.author || "—"), ` · ${formatDate(n.created_at)}`, el("p", {}, n.text)),
        )
      : [el("li", { class: "muted" }, t("no_notes"))]),
  );
  document.getElementById("history").replaceChildren(
    ...app.history.map((h) =>
      el(
        "li",
        {},
        el("time", { datetime: h.created_at }, formatDate(h.created_at)),
        " ",
        el("strong", {}, h.actor || t("system")),
        ` · ${named("action", h.action)}`,
        h.from_state || h.to_state ? ` · ${named("status", h.from_state) || "…"} → ${named("status", h.to_state) || "…"}` : "",
        h.reason ? el("p", {}, h.reason) : "",
      ),
    ),
  );
  if (isLead) showReviewer(app);
}

function showReviewer(app) {
  const select = document.getElementById("assign-reviewer");
  // A choice the lead is making is not undone by a refresh.
  if (select.dataset.ready !== "true" || select.dataset.chosen || app.reviewer === shownReviewer) return;
  for (const option of select.options) option.selected = (option.dataset.username || null) === app.reviewer;
  shownReviewer = app.reviewer;
}

async function refresh() {
  const error = document.getElementById("page-error");
  showError(error, null);
  try {
    render(await loading(root, () => api(base)));
    root.dataset.loaded = "true";
  } catch (failure) {
    showError(error, failure);
  }
}

async function findNeighbours() {
  // The queue as the reviewer filtered it, walked page by page until this application is found.
  const query = new URLSearchParams(filter);
  query.set("page_size", "100");
  let page = await api("/api/v1/review/applications/", { query });
  let previous = null;
  for (;;) {
    const ids = page.results.map((r) => r.id);
    const at = ids.indexOf(id);
    if (at >= 0) {
      let next = ids[at + 1] ?? null;
      if (next === null && page.next) next = (await api(page.next)).results[0]?.id ?? null;
      return { prev: at > 0 ? ids[at - 1] : previous, next, position: at };
    }
    if (!page.next) return { prev: null, next: ids[0] ?? null };
    previous = ids.at(-1) ?? previous;
    page = await api(page.next);
  }
}

function go(appId) {
  window.location.assign(appId ? queueUrl(appId) : queueUrl());
}

// Dialogs: a/r/w/i open the decision with its action; Esc closes (the browser's own dialog).
const decide = document.getElementById("decide");
const decideForm = document.getElementById("decide-form");
function openDecision(action) {
  const button = document.querySelector(`[data-decide="${action}"]`);
  if (!button) return;
  showError(decideForm, null);
  decideForm.elements.action.value = action;
  const override = document.getElementById("override");
  if (override) {
    override.hidden = !(action === "approve" && current?.hard_failed);
    decideForm.elements.override_hard_failure.checked = false;
  }
  document.getElementById("decide-dialog-title").textContent = button.firstChild.textContent.trim();
  decide.showModal();
  decideForm.elements.reason.focus();
}
for (const button of document.querySelectorAll("[data-decide]")) {
  button.addEventListener("click", () => openDecision(button.dataset.decide));
}
for (const button of document.querySelectorAll("dialog [data-close]")) {
  button.addEventListener("click", () => button.closest("dialog").close());
}

async function submitThenNext(form, path, body) {
  showError(form, null);
  try {
    await loading(form, () => api(path, { method: "POST", body }));
  } catch (error) {
    showError(form, error);
    return;
  }
  form.closest("dialog").close();
  // The application may have left this filter: go to the one that followed it.
  go(neighbours.next);
}

// Ctrl+Enter sends a dialog's form from its text box.
for (const box of document.querySelectorAll("dialog textarea")) {
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      box.form.requestSubmit();
    }
  });
}

decideForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const f = decideForm.elements;
  const body = { action: f.action.value, reason: f.reason.value, notify: f.notify.checked };
  if (f.override_hard_failure?.checked) body.override_hard_failure = true;
  submitThenNext(decideForm, `${base}decide/`, body);
});

const conflict = document.getElementById("conflict");
const conflictForm = document.getElementById("conflict-form");
document.getElementById("conflict-open").addEventListener("click", () => {
  showError(conflictForm, null);
  conflict.showModal();
  conflictForm.elements.reason.focus();
});
conflictForm.addEventListener("submit", (event) => {
  event.preventDefault();
  submitThenNext(conflictForm, `${base}conflict/`, { reason: conflictForm.elements.reason.value });
});

scoreForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  showError(scoreForm, null);
  const chosen = scoreForm.querySelector("input[name=score]:checked");
  const body = { score: chosen ? Number(chosen.value) : null, comment: scoreForm.elements.comment.value };
  try {
    await loading(scoreForm, () => api(`${base}score/`, { method: "POST", body }));
    await refresh();
  } catch (error) {
    showError(scoreForm, error);
  }
});

const noteForm = document.getElementById("note-form");
noteForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  showError(noteForm, null);
  try {
    await loading(noteForm, () => api(`${base}notes/`, { method: "POST", body: { text: noteForm.elements.text.value } }));
    noteForm.reset();
    await refresh();
  } catch (error) {
    showError(noteForm, error);
  }
});

if (isLead) {
  const assignForm = document.getElementById("assign-form");
  const select = document.getElementById("assign-reviewer");
  api("/api/v1/review/reviewers/").then((people) => {
    select.replaceChildren(
      el("option", { value: "", disabled: true }, t("unassigned")),
      ...people.map((p) => el("option", { value: p.id, dataset: { username: p.username } }, `${p.name} (${p.username})`)),
    );
    // Follow the application already shown; a second fetch could land after the lead's choice.
    select.dataset.ready = "true";
    if (current) showReviewer(current);
  });
  select.addEventListener("change", () => (select.dataset.chosen = "true"));
  assignForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(assignForm, null);
    try {
      await loading(assignForm, () => api(`${base}assign/`, { method: "POST", body: { reviewer: Number(select.value) } }));
      delete select.dataset.chosen;
      await refresh();
    } catch (error) {
      showError(assignForm, error);
    }
  });
}

shortcut(["a"], () => openDecision("approve"));
shortcut(["r"], () => openDecision("reject"));
shortcut(["w"], () => openDecision("waitlist"));
shortcut(["i"], () => openDecision("request_info"));
shortcut(["c"], () => document.getElementById("conflict-open").click());
shortcut(["s"], () => scoreForm.querySelector("input[name=score]").focus());
shortcut(["j"], () => neighbours.next && go(neighbours.next));
shortcut(["k"], () => neighbours.prev && go(neighbours.prev));
shortcut(["u"], () => go(null));

document.getElementById("back").href = queueUrl();
refresh();
findNeighbours()
  .then((found) => {
    neighbours = found;
    for (const [key, appId] of [["prev", found.prev], ["next", found.next]]) {
      const link = document.getElementById(key);
      link.hidden = !appId;
      if (appId) link.href = queueUrl(appId);
    }
  })
  .catch((error) => showError(document.getElementById("page-error"), error));
