// Opens Gavel's card-price page in headless Chromium, signs in, searches, opens a card with its chart and
// shows trending, makes an alert on the card and sends it a price that fires it (as the signed-in admin, through
// the API), waits for the alert event to arrive live over /ws/market, makes an API key, uses it, revokes it with the
// page's button and sees it refused, then reports what a person would see, as JSON.
// Usage: node cards.mjs <base-url> <email> <password> <query> <screenshot.png> <card id> <card's tcgplayer id>
import { chromium } from "playwright-core";

const [base, email, password, query, screenshot, itemId, externalId] = process.argv.slice(2);
if (!externalId) {
  console.error("usage: node cards.mjs <base-url> <email> <password> <query> <screenshot.png> <card id> <card's tcgplayer id>");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + "/", { waitUntil: "load", timeout: 20000 });
  await page.click('a[href="/cards.html"]');
  await page.waitForSelector("#signin-form", { state: "visible", timeout: 20000 });
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click('#signin-form button[type="submit"]');
  // signed in: trending shows first
  await page.waitForSelector("#trending-table tbody tr", { timeout: 20000 });
  const trending = await page.$$eval("#trending-table tbody tr", (rows) => rows.map((r) => r.cells[0].textContent));
  await page.fill("#q", query);
  await page.click('#search-form button[type="submit"]');
  await page.waitForSelector("#results tbody tr", { timeout: 20000 });
  const results = await page.$$eval("#results tbody tr", (rows) => rows.map((r) => r.cells[0].textContent));
  await page.click("#results tbody tr a");
  await page.waitForFunction(() => document.getElementById("card-chart").naturalWidth > 0
    && document.querySelectorAll("#card-stats tbody tr").length > 0, null, { timeout: 20000 });
  const card = await page.evaluate(() => ({
    name: document.getElementById("card-name").textContent,
    chartWidth: document.getElementById("card-chart").naturalWidth,
    stats: document.querySelectorAll("#card-stats tbody tr").length,
    prices: document.querySelectorAll("#card-prices tbody tr").length,
  }));
  // the page's socket is signed in: an alert that fires now shows up without a reload
  await page.waitForSelector('#alerts-live[data-status="UP"]', { timeout: 20000 });
  const fired = await page.evaluate(async ([itemId, externalId]) => {
    const headers = { "Content-Type": "application/json", Authorization: "Bearer " + sessionStorage.getItem("gavel-token") };
    const alert = await fetch("/api/alerts", { method: "POST", headers, body: JSON.stringify({
      itemId: Number(itemId), condition: { below: "100000.00" }, channels: [{ webhook: "http://127.0.0.1:9/hook" }] }) });
    const price = await fetch("/api/cards/prices/import", { method: "POST", headers, body: JSON.stringify({ source: "tcgplayer",
      quotes: [{ externalId, printing: "Holofoil", kind: "market", amount: "12.34", observedAt: new Date(Date.now() - 1000).toISOString() }] }) });
    return { alert: alert.status, price: price.status };
  }, [itemId, externalId]);
  await page.waitForSelector("#alert-events tbody tr.live", { timeout: 5000 });
  await page.waitForSelector("#toast", { state: "visible", timeout: 5000 });
  const alert = await page.evaluate(() => ({
    live: document.getElementById("alerts-live").textContent,
    row: [...document.querySelector("#alert-events tbody tr.live").cells].map((c) => c.textContent),
    toast: document.getElementById("toast").textContent,
  }));
  // an API key: made on the page and shown once, it works until the page's Revoke button ends it
  page.on("dialog", (d) => d.accept());
  await page.fill("#key-name", "price bot");
  await page.click('#key-form button[type="submit"]');
  await page.waitForSelector("#key-new", { state: "visible", timeout: 10000 });
  const key = await page.textContent("#key-value");
  const me = (k) => page.evaluate(async (k) => (await fetch("/api/auth/me", { headers: { "X-API-Key": k } })).status, k);
  const before = await me(key);
  const listed = await page.$$eval("#key-table tbody tr", (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  await page.click("#key-table tbody tr button");
  await page.waitForSelector('#key-table tbody tr[data-revoked="true"]', { timeout: 10000 });
  const revokedRow = await page.$eval('#key-table tbody tr[data-revoked="true"]', (r) => [...r.cells].map((c) => c.textContent));
  const after = await me(key);
  const keys = { shown: key.slice(0, 4), length: key.length, before, after, listed, revokedRow,
    prefixShown: listed[0][1] === key.slice(0, 12) + "…", listHasKey: listed.flat().some((c) => c.includes(key)) };
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ trending, results, card, alert: { ...alert, fired }, keys, errors }));
} catch (e) {
  console.error(e.stack || String(e));
  process.exitCode = 1;
} finally {
  await browser.close();
}
