// The application form's helpers: conditional questions and autosave.
// The page works without this script; the buttons post the form as usual.
(() => {
  "use strict";

  const form = document.getElementById("application-form");
  if (!form) return;
  const status = document.getElementById("autosave-status");
  const DELAY_MS = 1000;

  // Conditional questions ----------------------------------------------------------------

  const inputsNamed = (name) => Array.from(form.elements).filter((el) => el.name === name);

  const valuesOf = (name) =>
    inputsNamed(name)
      .filter((el) => ((el.type === "checkbox" || el.type === "radio") ? el.checked : el.value))
      .map((el) => el.value);

  const updateVisibility = () => {
    // In document order, so a question that depends on a hidden one is hidden too.
    form.querySelectorAll("[data-show-if]").forEach((question) => {
      const controller = form.querySelector(`[data-field="${question.dataset.showIf}"]`);
      const wanted = JSON.parse(question.dataset.showIfValues || "[]");
      const shown =
        controller !== null &&
        !controller.hidden &&
        valuesOf(question.dataset.showIf).some((value) => wanted.includes(value));
      question.hidden = !shown;
    });
  };

  // Errors beside their fields -------------------------------------------------------------

  const describe = (el, id, on) => {
    const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== id);
    if (on) ids.push(id);
    if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  };

  const describedElements = (container) => {
    if (container.tagName === "FIELDSET") return [container];
    const fieldset = container.querySelector("fieldset");
    return fieldset ? [fieldset] : Array.from(container.querySelectorAll("input, select, textarea"));
  };

  const clearErrors = () => {
    form.querySelectorAll(".errorlist.from-autosave").forEach((list) => {
      const container = list.closest("[data-field]");
      list.remove();
      if (!container) return;
      container.classList.remove("has-error");
      describedElements(container).forEach((el) => describe(el, list.id, false));
      container.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    });
  };

  const showErrors = (fields) => {
    clearErrors();
    Object.entries(fields || {}).forEach(([name, messages]) => {
      const container = form.querySelector(`[data-field="${name}"]`);
      if (!container) return;
      const id = container.dataset.errorId;
      const old = id && document.getElementById(id);
      if (old) old.remove();
      const list = document.createElement("ul");
      list.className = "errorlist from-autosave";
      if (id) list.id = id;
      messages.forEach((message) => {
        const item = document.createElement("li");
        item.textContent = message;
        list.append(item);
      });
      const box = container.tagName === "FIELDSET" ? container : container.querySelector("fieldset") || container;
      const anchor =
        box.querySelector(":scope > .help") || box.querySelector(":scope > legend, :scope > label");
      if (anchor) anchor.after(list);
      else box.prepend(list);
      container.classList.add("has-error");
      if (id) describedElements(container).forEach((el) => describe(el, id, true));
      if (container.tagName !== "FIELDSET") {
        container.querySelectorAll("input, select, textarea").forEach((el) => el.setAttribute("aria-invalid", "true"));
      }
    });
  };

  // Autosave -------------------------------------------------------------------------------

  let timer = null;
  let saving = false;
  let pending = false;
  let stopped = false;
  // While the first save of a new application is out: settled once it is back.
  let opening = null;
  let waiting = false;

  const say = (text, isError) => {
    if (!status) return;
    status.textContent = text || "";
    status.classList.toggle("is-error", Boolean(isError));
  };

  const becomeDraft = (data) => {
    // The first save of a new application opened a draft: from now on this page is its
    // private link, so a reload, a bookmark or a language switch comes back to it.
    history.replaceState(null, "", data.private_url);
    form.action = data.private_url;
    form.dataset.autosaveUrl = data.autosave_url;
    form.dataset.new = "false";
    document.querySelectorAll('input[name="next"]').forEach((input) => {
      input.value = data.private_url;
    });
  };

  const handle = (code, data) => {
    if (code === 200 || code === 201) {
      clearErrors();
      if (form.dataset.new === "true" && data.private_url) becomeDraft(data);
      say([data.message, data.notice].filter(Boolean).join(" "), false);
    } else if (code === 400) {
      showErrors(data.fields);
      say(data.message, true);
    } else if (code === 429) {
      say(data.message, true);
    } else {
      // A conflict (already sent, campaign closed) or a lost draft: typing will not fix it.
      stopped = true;
      say(data.message || form.dataset.textFailed, true);
    }
  };

  const save = async () => {
    if (stopped) return;
    if (saving) {
      pending = true;
      return;
    }
    saving = true;
    let settle = () => {};
    if (form.dataset.new === "true") {
      opening = new Promise((resolve) => {
        settle = resolve;
      });
    }
    say(form.dataset.textSaving, false);
    try {
      const response = await fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
        },
      });
      const data = await response.json().catch(() => ({}));
      handle(response.status, data);
    } catch (error) {
      say(form.dataset.textOffline, true);
    } finally {
      saving = false;
      settle();
      if (pending) {
        pending = false;
        schedule();
      }
    }
  };

  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  };

  form.addEventListener("input", schedule);
  form.addEventListener("change", () => {
    updateVisibility();
    schedule();
  });
  // A button press posts the whole form; an autosave racing it would only repeat it. A press
  // while the first save is still opening the draft waits for it, then posts to the draft:
  // posted to the new-application address meanwhile, it would send a second application and
  // leave the draft behind, whose reminder would ask the CEO to finish what they had sent.
  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    stopped = true;
    if (saving && opening && form.dataset.new === "true") {
      event.preventDefault();
      if (waiting) return; // a second press meanwhile: the first one is posted
      waiting = true;
      const submitter = event.submitter;
      opening.then(() => form.requestSubmit(submitter));
    }
  });

  updateVisibility();
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
