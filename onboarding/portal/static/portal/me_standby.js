// The CEO's standby offers: each freed slot offered to them, with Accept and Decline while it
// is open. All from /api/v1/me/standby-offers/; a slot another CEO took shows the API's message.
import { apiAll, api, el, formatDate, loading, showError, t } from "./api.js";

const section = document.getElementById("standby");
const list = document.getElementById("offer-list");
const status = document.getElementById("standby-status");

function card(offer) {
  const when = formatDate(offer.starts_at);
  const open = offer.status === "pending" && new Date(offer.expires_at) > new Date();
  const item = el(
    "li",
    { class: "card", dataset: { offer: offer.id } },
    el("h3", { id: `offer-${offer.id}-title` }, offer.studio.name),
    el("p", { id: `offer-${offer.id}-when` }, el("time", { datetime: offer.starts_at }, when), " – ", el("time", { datetime: offer.ends_at }, formatDate(offer.ends_at))),
    el("p", { class: "muted" }, [offer.studio.address, offer.studio.city].filter(Boolean).join(", ")),
    el("p", { class: "status" }, open ? t("until", { when: formatDate(offer.expires_at) }) : t(`status.${offer.status}`)),
  );
  if (offer.status === "accepted") item.append(el("p", {}, t("booked")));
  if (open) {
    const answer = (verb) => async (event) => {
      event.currentTarget.disabled = true;
      showError(section, null);
      try {
        await api(`/api/v1/me/standby-offers/${offer.id}/${verb}/`, { method: "POST" });
        status.textContent = verb === "accept" ? t("booked") : t("saved");
      } catch (error) {
        showError(section, error);
      }
      await load();
    };
    // The buttons' names are what they say; the card's studio and time describe them.
    const about = `offer-${offer.id}-title offer-${offer.id}-when`;
    item.append(
      el(
        "p",
        { class: "actions" },
        el("button", { type: "button", class: "button primary", "aria-describedby": about, onclick: answer("accept") }, t("accept")),
        " ",
        el("button", { type: "button", class: "button", "aria-describedby": about, onclick: answer("decline") }, t("decline")),
      ),
    );
  }
  return item;
}

async function load() {
  try {
    const offers = await loading(section, () => apiAll("/api/v1/me/standby-offers/"));
    list.replaceChildren(...(offers.length ? offers.map(card) : [el("li", { class: "muted" }, t("no_offers"))]));
  } catch (error) {
    showError(section, error);
  }
}

load();
