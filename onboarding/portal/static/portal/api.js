// The one way the portal's pages talk to /api/v1/: the session cookie, the CSRF token, and the
// API's error shape {code, message, fields} turned into an ApiError the page can show where it
// happened. Plus the few DOM helpers every page uses. No framework, no build step.

export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || `HTTP ${status}`);
    this.status = status;
    this.code = body.code || "error";
    this.fields = body.fields || {};
    this.body = body;
  }
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) return decodeURIComponent(match[1]);
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

// The page's translated strings, rendered by the server into <script id="strings">.
const strings = JSON.parse(document.getElementById("strings")?.textContent || "{}");
export function t(key, values = {}) {
  let text = strings[key] ?? key;
  for (const [name, value] of Object.entries(values)) text = text.replace(`{${name}}`, value);
  return text;
}

export async function api(path, { method = "GET", body, query } = {}) {
  const url = new URL(path, window.location.origin);
  if (query) for (const [k, v] of new URLSearchParams(query)) url.searchParams.append(k, v);
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: "offline", message: t("offline") });
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    if (!data.message) data.message = t("failed", { status: response.status });
    throw new ApiError(response.status, data);
  }
  return data;
}

// Every page of a paged list (DRF's {count, next, results}), for lists a page walks whole.
export async function apiAll(path, query) {
  let page = await api(path, { query });
  const rows = [...page.results];
  while (page.next) {
    page = await api(page.next);
    rows.push(...page.results);
  }
  return rows;
}

// Build an element: el("a", {href: "/"}, "text", child...). Strings are text, never HTML.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  const kids = children.flat(Infinity).filter((c) => c != null && c !== false && c !== "");
  node.append(...kids.map((c) => (c instanceof Node ? c : String(c))));
  return node;
}

// Shows an error where it happened: the message in the box, each field's message beside the
// field named by data-field="<name>" inside `scope`. showError(scope, null) clears them.
export function showError(scope, error) {
  for (const old of scope.querySelectorAll(".api-error, .field-error")) old.remove();
  for (const field of scope.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
  if (!error) return;
  const box = scope.querySelector("[data-error]") || scope;
  const listed = [];
  for (const [name, messages] of Object.entries(error.fields || {})) {
    const text = [].concat(messages).map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
    const field = scope.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (field) {
      const id = `${field.id || name}-error`;
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", id);
      field.after(el("p", { class: "field-error", id }, text));
    } else {
      listed.push(name === "non_field_errors" ? text : `${name}: ${text}`);
    }
  }
  box.append(
    el("div", { class: "api-error", role: "alert" }, el("p", {}, error.message), listed.map((m) => el("p", {}, m))),
  );
}

// Marks a region busy while `work` runs, with the page's "Loading…" text; returns work's value.
export async function loading(region, work) {
  region.setAttribute("aria-busy", "true");
  const note = el("p", { class: "loading", role: "status" }, t("loading"));
  region.prepend(note);
  try {
    return await work();
  } finally {
    note.remove();
    region.removeAttribute("aria-busy");
  }
}

// "Page 2 of 5" with previous and next links that keep every other query parameter.
// `exact` is the list's count_exact: past some thousands of rows the count is an estimate.
export function pager(container, { count, page, pageSize, exact = true }) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const link = (n, label, rel) => {
    const params = new URLSearchParams(window.location.search);
    params.set("page", n);
    return el("a", { href: `?${params}`, rel, class: "button" }, label);
  };
  container.replaceChildren(
    page > 1 ? link(page - 1, t("previous"), "prev") : "",
    el("span", {}, t(exact ? "page_of" : "page_of_about", { page, pages, count })),
    page < pages ? link(page + 1, t("next"), "next") : "",
  );
}

export function formatDate(value, withTime = true) {
  if (!value) return "—";
  const options = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
  return new Intl.DateTimeFormat(document.documentElement.lang, options).format(new Date(value));
}

// A keyboard shortcut that does not fire while the user types in a field or a dialog is open.
export function shortcut(keys, handler) {
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    // A field of a dialog just closed keeps the focus until the browser's next frame; a key
    // pressed then (Esc, then a shortcut at once) is not typing in it.
    const closedDialog = target.closest("dialog:not([open])");
    if (!closedDialog && target.closest("input, textarea, select, [contenteditable], dialog[open]")) return;
    if (document.querySelector("dialog[open]")) return;
    if (keys.includes(event.key)) {
      event.preventDefault();
      handler(event);
    }
  });
}
