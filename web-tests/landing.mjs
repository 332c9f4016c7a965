// Opens Gavel's landing page in headless Chromium and reports what a person would see, as JSON.
// Usage: node landing.mjs <base-url> <screenshot.png>
// Exit 0 with the report on stdout; exit 1 with the reason on stderr.
import { chromium } from "playwright-core";

const [base, screenshot] = process.argv.slice(2);
if (!base || !screenshot) {
  console.error("usage: node landing.mjs <base-url> <screenshot.png>");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + "/", { waitUntil: "load", timeout: 20000 });
  await page.waitForSelector('#overall[data-status="UP"], #overall[data-status="DOWN"]', { timeout: 20000 });
  await page.waitForSelector("tr[data-component]", { timeout: 20000 });
  // the stream preview is an MJPEG <img>: wait for its first frame
  await page.waitForFunction(() => document.getElementById("stream-preview").naturalWidth > 0, null, { timeout: 20000 });
  if (process.env.EXPECT_LIVE) {
    await page.waitForSelector("#live-bids tbody tr", { timeout: 20000 });
    await page.waitForFunction(() => document.getElementById("live-status").textContent === "ACTIVE", null, { timeout: 20000 });
  }
  if (process.env.EXPECT_MARKET) {
    await page.waitForFunction(() => document.querySelectorAll("#market-deltas tbody tr").length >= 5
      && document.getElementById("market-count").textContent === "live", null, { timeout: 20000 });
  }
  const report = await page.evaluate(() => ({
    title: document.title,
    heading: document.querySelector("h1").textContent,
    overall: document.getElementById("overall").dataset.status,
    components: Object.fromEntries([...document.querySelectorAll("tr[data-component]")].map((tr) => [
      tr.dataset.component, { status: tr.querySelector(".badge").textContent, details: tr.cells[2].textContent },
    ])),
    links: [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")),
    stream: {
      previewWidth: document.getElementById("stream-preview").naturalWidth,
      state: document.getElementById("stream-state").textContent,
      detail: document.getElementById("stream-detail").textContent,
    },
    live: {
      hidden: document.getElementById("live").hidden,
      status: document.getElementById("live-status").textContent,
      price: document.getElementById("live-price").textContent,
      bids: document.querySelectorAll("#live-bids tbody tr").length,
      chain: document.getElementById("live-chain").hidden ? null : document.getElementById("live-chain").textContent,
    },
    market: {
      hidden: document.getElementById("market").hidden,
      badge: document.getElementById("market-count").textContent,
      rows: document.querySelectorAll("#market-deltas tbody tr").length,
    },
  }));
  report.errors = errors;
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify(report));
} catch (e) {
  console.error(e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
