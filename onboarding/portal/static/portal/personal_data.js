// The applicant's copy of their data and their erasure request, on the status page (private
// link: a code e-mailed first) and on /me/ (signed in). Everything goes through /api/v1/.
import { ApiError, api, showError } from "./api.js";

const box = document.getElementById("personal-data");
const token = box?.dataset.token;
const base = token ? `/api/v1/applicant/${encodeURIComponent(token)}/personal-data/` : "/api/v1/me/personal-data/";
const status = box?.querySelector("[data-status]");
const code = () => box.querySelector("#personal-data-code")?.value.trim();

async function run(work) {
  showError(box, null);
  box.setAttribute("aria-busy", "true");
  try {
    await work();
  } catch (error) {
    showError(box, error instanceof ApiError ? error : new ApiError(0, { message: String(error) }));
  } finally {
    box.removeAttribute("aria-busy");
  }
}

function save(data) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const link = Object.assign(document.createElement("a"), {
    href: URL.createObjectURL(blob),
    download: "personal-data.json",
  });
  document.body.append(link);
  link.click();
  link.remove();
  // Not at once: the browser reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  status.textContent = box.dataset.done;
}

const actions = {
  code: () => run(async () => {
    await api(`${base}code/`, { method: "POST" });
    status.textContent = box.dataset.sent;
  }),
  download: () => run(async () => {
    save(token ? await api(base, { method: "POST", body: { code: code() } }) : await api(base));
  }),
  erase: () => run(async () => {
    if (!box.querySelector("#personal-data-confirm").checked) {
      status.textContent = box.dataset.tick;
      return;
    }
    await api(`${base}erasure/`, { method: "POST", body: token ? { code: code() } : undefined });
    status.textContent = box.dataset.asked;
  }),
};

box?.addEventListener("click", (event) => {
  const action = event.target.closest("[data-action]")?.dataset.action;
  if (action) actions[action]();
});
