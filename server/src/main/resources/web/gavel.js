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
})();
