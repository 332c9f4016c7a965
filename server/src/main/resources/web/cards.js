// Card prices: sign in (the token stays in this tab), search, a card with its chart and stats, trending, and the
// user's alert events: the latest from /api/alerts/events, then each as it fires over /ws/market; the user's API
// keys: make one (shown once), see when each was last used, revoke one.
(() => {
  const $ = (id) => document.getElementById(id);
  let token = sessionStorage.getItem("gavel-token");

  async function api(path, init = {}) {
    const headers = { Authorization: "Bearer " + token, ...(init.body ? { "Content-Type": "application/json" } : {}) };
    const res = await fetch(path, { ...init, headers, cache: "no-store" });
    if (res.status === 401) { signOut(); throw new Error("signed out"); }
    const body = res.headers.get("Content-Type")?.startsWith("application/json") ? await res.json() : await res.blob();
    if (!res.ok) throw new Error(body.message || res.status);
    return body;
  }
  const text = (el, value) => { el.textContent = value == null ? "—" : value; return el; };
  function row(tbody, cells) {
    const tr = document.createElement("tr");
    for (const c of cells) {
      const td = document.createElement("td");
      if (c instanceof Node) td.appendChild(c); else text(td, c);
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
    return tr;
  }
  const link = (label, hash) => { const a = document.createElement("a"); a.href = hash; a.textContent = label; return a; };
  const pct = (v) => v == null ? "—" : (v.startsWith("-") ? "" : "+") + v + " %";

  $("signin-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const res = await fetch("/api/auth/login", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: $("email").value, password: $("password").value }),
    });
    const body = await res.json();
    if (!res.ok) { text($("signin-error"), body.message || "sign-in failed"); return; }
    token = body.token;
    sessionStorage.setItem("gavel-token", token);
    show();
  });
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = "search=" + encodeURIComponent($("q").value) + ($("game").value ? "&game=" + $("game").value : "");
  });
  $("window").addEventListener("change", () => trending());
  $("direction").addEventListener("change", () => trending());

  async function search(params) {
    const q = params.get("search");
    $("q").value = q;
    const tbody = $("results").querySelector("tbody");
    tbody.replaceChildren();
    const page = await api("/api/cards/search?limit=25&q=" + encodeURIComponent(q) + (params.get("game") ? "&game=" + params.get("game") : ""));
    for (const c of page.items) row(tbody, [link(c.name, "#card=" + c.id), c.setName, c.number, c.game]);
    $("results").hidden = page.items.length === 0;
    text($("results-note"), page.total + " cards match “" + q + "”");
  }

  async function card(id) {
    const c = await api("/api/cards/" + id);
    text($("card-name"), c.name + (c.number ? " · " + c.number : ""));
    text($("card-meta"), [c.setName, c.rarity, c.game].filter(Boolean).join(" · "));
    const png = await api("/api/cards/" + id + "/prices/history?format=png&interval=1d&from="
      + new Date(Date.now() - 90 * 86400000).toISOString().slice(0, 10));
    $("card-chart").src = URL.createObjectURL(png);
    const stats = $("card-stats").querySelector("tbody");
    stats.replaceChildren();
    for (const s of c.stats) {
      const w = s.windows;
      const tr = row(stats, [s.source, s.printing || "—", "$" + s.latest, pct(w["24h"].changePercent), pct(w["7d"].changePercent),
        pct(w["30d"].changePercent), w["30d"].min ? "$" + w["30d"].min + " – $" + w["30d"].max : "—", s.trend]);
      tr.dataset.trend = s.trend;
    }
    const prices = $("card-prices").querySelector("tbody");
    prices.replaceChildren();
    for (const p of c.prices) row(prices, [p.source, p.printing || "—", p.kind, p.amount + " " + p.currency, p.observedAt.slice(0, 16).replace("T", " ")]);
    $("card").hidden = false;
  }

  async function trending() {
    const page = await api("/api/prices/trending?limit=20&window=" + $("window").value + "&direction=" + $("direction").value);
    const tbody = $("trending-table").querySelector("tbody");
    tbody.replaceChildren();
    for (const t of page.items) row(tbody, [link(t.name, "#card=" + t.itemId), t.set, t.latest + " " + t.currency, t.reference, pct(t.changePercent), t.observations]);
    $("trending").hidden = false;
  }

  // Alert events: the latest ten, newest first; one that fires while the page is open goes on top, once.
  const eventRows = $("alert-events").querySelector("tbody");
  const shown = new Set();
  function eventRow(e, live) {
    if (shown.has(e.id)) return;
    shown.add(e.id);
    const tr = row(eventRows, [e.firedAt.slice(0, 16).replace("T", " "), link(e.itemName, "#card=" + e.itemId),
      e.price + " " + e.currency, e.reason]);
    if (live) { tr.classList.add("live"); eventRows.insertBefore(tr, eventRows.firstChild); }
    while (eventRows.children.length > 10) eventRows.removeChild(eventRows.lastChild);
    text($("alerts-note"), "");
  }
  async function alertEvents() {
    const page = await api("/api/alerts/events?limit=10");
    for (const e of page.items) eventRow(e, false);
    if (!shown.size) text($("alerts-note"), "None of your alerts has fired yet; new firings show up here as they happen.");
  }
  let toastTimer;
  function toast(message) {
    text($("toast"), message).hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { $("toast").hidden = true; }, 8000);
  }
  // The socket signs in with the token in the query: a browser cannot set a WebSocket's headers.
  let socket = null;
  function live(up) { const b = $("alerts-live"); b.dataset.status = up ? "UP" : "DOWN"; text(b, up ? "live" : "offline"); }
  function connect() {
    if (socket || !token) return;
    const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host
      + "/ws/market?access_token=" + encodeURIComponent(token));
    socket = ws;
    ws.onopen = () => live(true);
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      if (msg.type !== "alert.event") return;
      eventRow(msg.event, true);
      toast("Alert: " + msg.event.itemName + " — " + msg.event.reason);
    };
    ws.onclose = (e) => {
      if (socket !== ws) return; // closed on purpose, when signing out
      socket = null;
      live(false);
      // 1008 about the credentials means signed out, as a 401 does; otherwise (a restart, too slow) come back soon
      if (e.code === 1008 && /token|API key|role/.test(e.reason)) signOut();
      else if (token) setTimeout(connect, 5000);
    };
  }
  // API keys: the list never holds a key; a new one is shown once, above it.
  const when = (t) => t ? t.slice(0, 16).replace("T", " ") : "never";
  async function keys() {
    const page = await api("/api/auth/api-keys");
    const tbody = $("key-table").querySelector("tbody");
    tbody.replaceChildren();
    for (const k of page.items) {
      let action;
      if (k.revokedAt) action = "revoked " + when(k.revokedAt);
      else {
        action = document.createElement("button");
        action.type = "button";
        action.textContent = "Revoke";
        action.addEventListener("click", async () => {
          if (!confirm("Revoke “" + k.name + "”? Scripts using it stop working at once.")) return;
          try { await api("/api/auth/api-keys/" + k.id, { method: "DELETE" }); await keys(); }
          catch (e) { text($("key-error"), "could not revoke: " + e.message); }
        });
      }
      const tr = row(tbody, [k.name, k.prefix + "…", when(k.createdAt), when(k.lastUsedAt), action]);
      tr.dataset.revoked = !!k.revokedAt;
    }
    $("key-table").hidden = page.items.length === 0;
    text($("keys-note"), page.items.length ? "Last used is to the minute." : "You have no API keys.");
  }
  $("key-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    text($("key-error"), "");
    try {
      const made = await api("/api/auth/api-keys", { method: "POST", body: JSON.stringify({ name: $("key-name").value }) });
      text($("key-value"), made.key);
      $("key-new").hidden = false;
      $("key-name").value = "";
      await keys();
    } catch (err) { text($("key-error"), err.message); }
  });

  function signOut() {
    sessionStorage.removeItem("gavel-token");
    token = null;
    if (socket) { const ws = socket; socket = null; ws.close(); live(false); }
    eventRows.replaceChildren();
    shown.clear();
    text($("key-value"), "");
    $("key-new").hidden = true;
    $("key-table").querySelector("tbody").replaceChildren();
    text($("keys-note"), "");
    text($("key-error"), "");
    show();
  }

  async function show() {
    $("signin").hidden = !!token;
    $("finder").hidden = !token;
    $("alerts").hidden = !token;
    $("keys").hidden = !token;
    for (const id of ["card", "trending"]) $(id).hidden = true;
    if (!token) return;
    if (!socket) {
      connect();
      alertEvents().catch((e) => text($("alerts-note"), "could not load alert events: " + e.message));
      keys().catch((e) => text($("keys-note"), "could not load your API keys: " + e.message));
    }
    const params = new URLSearchParams(location.hash.slice(1));
    try {
      if (params.has("search")) await search(params);
      else if (params.has("card")) await card(params.get("card"));
      else await trending();
    } catch (e) {
      text($("results-note"), "could not load: " + e.message);
    }
  }
  window.addEventListener("hashchange", show);
  show();
})();
