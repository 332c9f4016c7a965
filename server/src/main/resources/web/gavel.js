// Landing page: shows GET /health, refreshed every 5 seconds.
(function () {
  const overall = document.getElementById("overall");
  const body = document.querySelector("#components tbody");
  const checked = document.getElementById("checked");

  function cell(text, status) {
    const td = document.createElement("td");
    if (status) {
      const span = document.createElement("span");
      span.className = "badge";
      span.dataset.status = status;
      span.textContent = text;
      td.appendChild(span);
    } else {
      td.textContent = text;
    }
    return td;
  }

  function details(component) {
    const d = component.details || {};
    if (d.error) return d.error;
    const parts = [];
    if (d.latencyMs !== undefined) parts.push(d.latencyMs.toFixed(1) + " ms");
    if (d.pool) parts.push("pool " + d.pool.active + " active / " + d.pool.total);
    if (d.head !== undefined) parts.push("chain " + d.chainId + ", block " + d.head);
    if (d.providers) parts.push(d.providers.filter((p) => p.status === "UP").length + " of " + d.providers.length + " providers up");
    return parts.join(", ");
  }

  async function refresh() {
    try {
      const response = await fetch("/health", { cache: "no-store" });
      const report = await response.json();
      overall.textContent = report.status;
      overall.dataset.status = report.status;
      body.replaceChildren();
      for (const [name, component] of Object.entries(report.components)) {
        const tr = document.createElement("tr");
        tr.dataset.component = name;
        tr.append(cell(name), cell(component.status, component.status), cell(details(component)));
        body.appendChild(tr);
      }
      checked.textContent = "checked " + new Date().toLocaleTimeString();
    } catch (e) {
      overall.textContent = "unreachable";
      overall.dataset.status = "DOWN";
      checked.textContent = "could not reach the server: " + e.message;
    }
  }

  refresh();
  setInterval(refresh, 5000);

  // The live auction: the first ACTIVE one (else the newest), kept current over its WebSocket.
  const live = {
    section: document.getElementById("live"),
    id: null, state: null, socket: null,
  };
  const $ = (id) => document.getElementById(id);
  const short = (id) => (id ? id.slice(0, 8) : "nobody yet");

  function showState(state) {
    live.state = state;
    $("live-status").textContent = state.status;
    $("live-status").dataset.status = state.status;
    $("live-price").textContent = state.highestBid ? state.highestBid.amount + " ETH" : "no bids";
    $("live-leader").textContent = state.highestBid ? (state.highestBid.handle || short(state.highestBid.bidderId)) : "nobody yet";
    $("live-count").textContent = state.bidCount;
    $("live-min").textContent = state.minNextBid;
    tick();
  }

  function tick() {
    if (!live.state) return;
    const left = Math.max(0, Date.parse(live.state.endsAt) - Date.now());
    const m = Math.floor(left / 60000), s = Math.floor((left % 60000) / 1000);
    $("live-countdown").textContent = live.state.status === "ACTIVE" ? m + ":" + String(s).padStart(2, "0") : live.state.status.toLowerCase();
  }
  setInterval(tick, 1000);

  function addBid(bid) {
    const body = document.querySelector("#live-bids tbody");
    const tr = document.createElement("tr");
    tr.className = bid.status === "ACCEPTED" ? "accepted" : "rejected";
    tr.append(cell(new Date(bid.decidedAt || bid.eventTime).toLocaleTimeString()), cell(bid.handle || short(bid.bidderId)),
              cell(bid.amount + " ETH"), cell(bid.status === "ACCEPTED" ? "accepted" : (bid.reasonText || bid.reason)));
    body.prepend(tr);
    while (body.rows.length > 8) body.deleteRow(body.rows.length - 1);
  }

  // On chain: whether Gavel can hand the artwork over, and the settlement once the auction is won.
  function showChain(auction) {
    const el = $("live-chain");
    const chain = auction.onChain;
    el.hidden = !chain;
    if (!chain) return;
    const parts = [];
    if (chain.custody) {
      parts.push("token " + chain.custody.tokenId + ": " +
        (chain.custody.transferable ? "Gavel can transfer it" : "cannot be transferred — " + chain.custody.reason));
    }
    if (chain.settlement) parts.push("settlement " + chain.settlement.status.toLowerCase().replace("_", " "));
    el.textContent = parts.join(" · ");
    el.dataset.transferable = chain.custody ? String(chain.custody.transferable) : "";
  }

  async function refreshChain() {
    if (!live.id) return;
    try {
      showChain(await (await fetch("/api/auctions/" + live.id, { cache: "no-store" })).json());
    } catch (e) {
      // shown again on the next round
    }
  }
  setInterval(refreshChain, 10000);

  function follow(auction) {
    live.id = auction.id;
    showChain(auction);
    live.section.hidden = false;
    $("live-name").textContent = (auction.artwork && auction.artwork.name) || auction.name;
    $("live-hashtag").textContent = auction.hashtag || "";
    document.querySelector("#live-bids tbody").replaceChildren();
    fetch("/api/auctions/" + auction.id + "/bids?limit=8").then((r) => r.json()).then((page) => page.items.reverse().forEach(addBid));
    if (live.socket) live.socket.close();
    const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/auctions/" + auction.id);
    live.socket = socket;
    socket.onmessage = (message) => {
      const event = JSON.parse(message.data);
      if (event.state) showState(event.state);
      if (event.type === "bid") addBid(event.bid);
    };
    socket.onclose = () => { if (live.socket === socket) setTimeout(pick, 3000); };
  }

  async function pick() {
    try {
      const auctions = await (await fetch("/api/auctions?limit=20", { cache: "no-store" })).json();
      const chosen = auctions.find((a) => a.status === "ACTIVE") || auctions[0];
      if (chosen && chosen.id !== live.id) follow(chosen);
      else if (!chosen) live.section.hidden = true;
    } catch (e) {
      // the health panel already says the server is unreachable
    }
  }
  // What the host said on X about the live auction: replies to bid posts and announcements.
  async function showPosts() {
    if (!live.id) return;
    try {
      const page = await (await fetch("/api/x/posts?limit=8&auction=" + live.id, { cache: "no-store" })).json();
      $("on-x").hidden = page.items.length === 0;
      $("x-counts").textContent = page.counts.sent + " sent · " + page.counts.queued + " queued";
      $("x-posts").replaceChildren(...page.items.map((p) => {
        const li = document.createElement("li");
        li.className = "post " + p.status;
        const kind = document.createElement("span");
        kind.className = "badge";
        kind.textContent = p.kind.toLowerCase() + (p.status === "sent" ? "" : " · " + p.status);
        li.append(kind, " ", p.text);
        return li;
      }));
    } catch (e) {
      // shown again on the next round
    }
  }
  setInterval(showPosts, 3000);

  pick();
  setInterval(() => { if (!live.state || live.state.status !== "ACTIVE") pick(); }, 10000);

  // The livestream: Gavel's own preview (MJPEG, drawn in Java: it works without ffmpeg) and what the encoder does.
  const preview = $("stream-preview");
  preview.src = "/api/stream/preview.mjpeg?fps=5";
  preview.onerror = () => setTimeout(() => { preview.src = "/api/stream/preview.mjpeg?fps=5&t=" + Date.now(); }, 5000);
  async function showStream() {
    try {
      const s = await (await fetch("/api/stream", { cache: "no-store" })).json();
      $("stream-state").textContent = s.state;
      $("stream-state").dataset.status = s.state === "live" ? "UP" : s.state === "off" ? "unknown" : "DOWN";
      const parts = ["scene " + s.scene + (s.standby ? " (standby)" : ""), s.size + " at " + s.fps + " fps"];
      if (s.reason) parts.push(s.reason);
      if (s.outputs) parts.push("outputs: " + s.outputs.map((o) => o.output + (o.state ? " " + o.state.toLowerCase() : "")).join(", "));
      $("stream-detail").textContent = parts.join(" · ");
    } catch (e) {
      // the health panel says when the server is unreachable
    }
  }
  showStream();
  setInterval(showStream, 5000);
  // Market watch: the latest listings, then their changes as they are committed (/ws/market).
  const marketRows = document.querySelector("#market-deltas tbody");
  function coins(v) { return v === null || v === undefined ? "—" : Number(v).toLocaleString("en-US"); }
  function addListing(kind, l) {
    const tr = document.createElement("tr");
    tr.dataset.kind = kind;
    [kind, l.itemName || l.itemId, l.state, coins(l.currentBid), coins(l.buyNow), String(l.bidCount)].forEach((t) => {
      const td = document.createElement("td");
      td.textContent = t;
      tr.appendChild(td);
    });
    marketRows.insertBefore(tr, marketRows.firstChild);
    while (marketRows.children.length > 12) { marketRows.removeChild(marketRows.lastChild); }
  }
  async function showMarket() {
    try {
      const page = await (await fetch("/api/market/listings?limit=8", { cache: "no-store" })).json();
      if (!page.items || page.items.length === 0) { setTimeout(showMarket, 5000); return; }
      document.getElementById("market").hidden = false;
      page.items.reverse().forEach((l) => addListing("LISTED", l));
      const badge = document.getElementById("market-count");
      badge.textContent = "live";
      badge.dataset.status = "UP";
      const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/market");
      socket.onmessage = (m) => JSON.parse(m.data).deltas.forEach((d) => addListing(d.kind, d.listing));
      socket.onclose = () => { badge.dataset.status = "unknown"; badge.textContent = "reconnecting"; setTimeout(showMarket, 5000); };
    } catch (e) {
      setTimeout(showMarket, 5000);
    }
  }
  showMarket();
})();
