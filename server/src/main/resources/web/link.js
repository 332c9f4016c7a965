// Link a wallet: show the SIWE message Gavel issued for ?nonce=, get it signed, send it to /api/identity/link.
(() => {
  const $ = (id) => document.getElementById(id);
  const nonce = new URLSearchParams(location.search).get("nonce");
  let issued = null;

  function say(text, status) {
    $("result").textContent = text;
    $("state").textContent = status;
    $("state").dataset.status = status === "linked" ? "UP" : status === "refused" ? "DOWN" : "unknown";
  }

  async function load() {
    if (!nonce) return;
    const response = await fetch("/api/identity/nonces/" + encodeURIComponent(nonce), { cache: "no-store" });
    $("sign").hidden = false;
    if (!response.ok) {
      say("This link is not valid: ask the host for a new one by replying link 0xYourWalletAddress.", "refused");
      return;
    }
    issued = await response.json();
    $("handle").textContent = "@" + issued.handle;
    $("address").textContent = issued.address;
    $("expires").textContent = new Date(issued.expiresAt).toLocaleString();
    $("message").textContent = issued.message;
    if (issued.used) say("This message was used already.", "refused");
    else if (Date.parse(issued.expiresAt) < Date.now()) say("This message expired; ask for a new one.", "refused");
    else say("Waiting for a signature.", "waiting");
    $("wallet").disabled = !window.ethereum;
  }

  async function signWithWallet() {
    try {
      const [account] = await window.ethereum.request({ method: "eth_requestAccounts" });
      const hex = "0x" + Array.from(new TextEncoder().encode(issued.message), (b) => b.toString(16).padStart(2, "0")).join("");
      $("signature").value = await window.ethereum.request({ method: "personal_sign", params: [hex, account] });
      await submit(false);
    } catch (e) {
      say("The wallet did not sign: " + (e.message || e), "refused");
    }
  }

  async function submit(relink) {
    const response = await fetch("/api/identity/link", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ handle: issued.handle, message: issued.message, signature: $("signature").value.trim(), relink: relink === true }),
    });
    const body = await response.json();
    if (response.ok) say("Linked: @" + body.handle + " bids with " + body.wallet + ".", "linked");
    else say("Not linked: " + body.message, "refused");
    $("relink").hidden = body.error !== "relink_required";
  }

  $("wallet").addEventListener("click", signWithWallet);
  $("submit").addEventListener("click", () => submit(false));
  $("relink").addEventListener("click", () => submit(true));
  load();
})();
