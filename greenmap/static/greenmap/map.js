/* Green Bishkek web map: data layers from the app's vector tiles, a tree's
   card, search, residents' reports and gardeners' forms. Data is always put
   into the page as text (never as HTML), so a report cannot inject markup. */
(function () {
  "use strict";
  const cfg = JSON.parse(document.getElementById("greenmap-config").textContent);
  const map = window[cfg.mapName];
  const S = cfg.strings;
  const colourOf = Object.fromEntries(cfg.conditions.map((c) => [c.value, c.colour]));
  const labelOf = Object.fromEntries(cfg.conditions.map((c) => [c.value, c.label]));
  const csrfToken = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
  const filters = { species: "", condition: new Set() };
  let pickMode = null; // "report" or "plant" while waiting for a tap on the map
  let pickMarker = null;

  /* ---------- small DOM helpers ---------- */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const panel = document.getElementById("panel");
  const panelBody = document.getElementById("panel-body");
  const hint = document.getElementById("map-hint");

  function openPanel(...content) {
    panelBody.replaceChildren(...content);
    panel.hidden = false;
    const heading = panelBody.querySelector("h2");
    if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
  }
  function closePanel() {
    panel.hidden = true;
    panelBody.replaceChildren();
    endPick();
  }
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (event) => { if (event.key === "Escape" && !panel.hidden) closePanel(); });

  function showHint(text) { hint.textContent = text; hint.hidden = !text; }

  async function fetchJSON(url, options) {
    const response = await fetch(url, Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, options));
    let body = null;
    try { body = await response.json(); } catch (error) { body = null; }
    if (!response.ok) {
      const failure = new Error("HTTP " + response.status);
      failure.body = body;
      failure.status = response.status;
      throw failure;
    }
    return body;
  }

  function errorText(error) {
    const body = error && error.body;
    if (!body) return S.error;
    const messages = [];
    const collect = (value, field) => {
      if (Array.isArray(value)) value.forEach((v) => collect(v, field));
      else if (value && typeof value === "object") Object.entries(value).forEach(([k, v]) => collect(v, k));
      else if (value) messages.push((field && field !== "non_field_errors" && field !== "detail" ? field + ": " : "") + value);
    };
    collect(body.errors || body);
    return messages.join(" ") || S.error;
  }

  /* ---------- data layers ---------- */
  function treeStyle(properties, zoom) {
    if (properties.count !== undefined) {
      // An aggregated cell: size by how many trees, colour by the commonest condition.
      const counts = cfg.conditions.map((c) => [c.value, properties[c.value] || 0]);
      counts.sort((a, b) => b[1] - a[1]);
      const radius = Math.min(22, 3 + Math.log2(1 + properties.count) * 1.6);
      return { radius, fill: true, fillColor: colourOf[counts[0][0]], fillOpacity: 0.75, color: "#ffffff", weight: 1 };
    }
    const colour = colourOf[properties.condition] || colourOf.unknown;
    const radius = zoom >= 18 ? 7 : zoom >= 17 ? 5 : 4;
    const gone = properties.status === "removed" || properties.status === "stump";
    return { radius, fill: true, fillColor: gone ? "#ffffff" : colour, fillOpacity: 0.9, color: gone ? colour : "#1b1b1b",
             weight: gone ? 2 : 0.6 };
  }

  function tileUrl(layer, extra) {
    const params = new URLSearchParams(extra || {});
    return cfg.tiles[layer] + (params.toString() ? "?" + params.toString() : "");
  }
  function treeTileParams() {
    const params = {};
    if (filters.species) params.species = filters.species;
    if (filters.condition.size) params.condition = Array.from(filters.condition).join(",");
    return params;
  }

  // Each data layer gets its own pane: areas under trees under reports; taps
  // go through the canvases to the map (see treeAt).
  [["areas", 360, "none"], ["trees", 400, "none"], ["reports", 420, "none"]].forEach(([name, z, pointer]) => {
    const pane = map.createPane(name + "Pane");
    pane.style.zIndex = z;
    pane.style.pointerEvents = pointer;
  });

  const areasLayer = L.vectorGrid.protobuf(tileUrl("areas"), {
    pane: "areasPane", rendererFactory: L.canvas.tile, interactive: false, maxNativeZoom: 18, maxZoom: 19,
    vectorTileLayerStyles: { areas: { fill: true, fillColor: "#3c8d40", fillOpacity: 0.22, color: "#1e5b22", weight: 1 } },
  }).addTo(map);

  const treesLayer = L.vectorGrid.protobuf(tileUrl("trees", treeTileParams()), {
    pane: "treesPane", rendererFactory: L.canvas.tile, interactive: false, maxNativeZoom: 18, maxZoom: 19,
    vectorTileLayerStyles: { trees: treeStyle }, fetchOptions: {},
  }).addTo(map);
  // Time to first trees drawn, read by the map benchmark.
  const timings = {};
  treesLayer.once("load", () => { timings.firstTreesDrawn = performance.now(); });
  // VectorGrid's own canvas hit-testing breaks on Leaflet >= 1.8 (upstream
  // issue #274), so a tap asks the server for the nearest visible tree.
  async function treeAt(latlng) {
    const metresPerPixel = 40075016 * Math.cos(latlng.lat * Math.PI / 180) / Math.pow(2, map.getZoom() + 8);
    const params = new URLSearchParams({ lat: latlng.lat, lon: latlng.lng,
      tolerance_m: Math.min(200, Math.max(1, metresPerPixel * 12)).toFixed(2) });
    if (filters.species) params.set("species", filters.species);
    if (filters.condition.size) params.set("condition", Array.from(filters.condition).join(","));
    const found = await fetchJSON(cfg.urls.nearestTree + "?" + params.toString());
    return found.tree && found.tree.id;
  }
  map.on("click", async (event) => {
    if (pickMode) return;
    if (map.getZoom() < cfg.treeZoom) {
      map.setView(event.latlng, Math.min(map.getZoom() + 2, cfg.treeZoom));
      return;
    }
    try {
      const id = await treeAt(event.latlng);
      if (id) showTree(id);
    } catch (error) { showHint(S.error); }
  });

  const reportsLayer = L.vectorGrid.protobuf(tileUrl("reports"), {
    pane: "reportsPane", rendererFactory: L.canvas.tile, interactive: false, maxNativeZoom: 18, maxZoom: 19,
    vectorTileLayerStyles: { reports: (p, zoom) => ({ radius: zoom >= 16 ? 6 : 4, fill: true, fillColor: "#ff6f00",
                                                     fillOpacity: 0.95, color: "#5d2a00", weight: 1.5 }) },
  }).addTo(map);

  function refreshTrees() {
    treesLayer.setUrl(tileUrl("trees", treeTileParams()));
  }

  /* ---------- filters and legend ---------- */
  const speciesSelect = document.getElementById("filter-species");
  cfg.species.forEach((s) => speciesSelect.append(el("option", { value: s.id }, s.name)));
  speciesSelect.addEventListener("change", () => { filters.species = speciesSelect.value; refreshTrees(); });
  const conditionBox = document.getElementById("filter-condition");
  cfg.conditions.forEach((c) => {
    const box = el("input", { type: "checkbox", value: c.value, "data-condition": c.value });
    box.addEventListener("change", () => {
      if (box.checked) filters.condition.add(c.value); else filters.condition.delete(c.value);
      refreshTrees();
    });
    conditionBox.append(el("label", {}, box, " ", el("span", { class: "legend-swatch", style: "background:" + c.colour }), c.label));
  });
  document.getElementById("toggle-reports").addEventListener("change", (e) => {
    if (e.target.checked) reportsLayer.addTo(map); else map.removeLayer(reportsLayer);
  });
  document.getElementById("toggle-areas").addEventListener("change", (e) => {
    if (e.target.checked) areasLayer.addTo(map); else map.removeLayer(areasLayer);
  });

  /* ---------- a tree's card ---------- */
  function conditionPill(value, label) {
    if (!value) return S.unknown;
    return el("span", { class: "condition-pill condition-" + value, style: "background:" + (colourOf[value] || "#777") },
              label || labelOf[value] || value);
  }
  function row(term, value) {
    return value === null || value === undefined || value === "" ? [] : [el("dt", {}, term), el("dd", {}, value)];
  }

  async function showTree(id) {
    openPanel(el("h2", {}, S.treeNumber + " #" + id), el("p", {}, S.loading));
    let card;
    try {
      card = await fetchJSON(cfg.urls.treeCard.replace("{id}", encodeURIComponent(id)));
    } catch (error) {
      openPanel(el("h2", {}, S.treeNumber + " #" + id), el("p", { class: "form-errors" }, errorText(error)));
      return;
    }
    const size = (value, unit) => (value === null || value === undefined ? null : value + " " + unit);
    const actions = el("div", { class: "panel-actions" },
      el("button", { type: "button", onclick: () => openReportForm({ tree: card }) }, S.reportThis),
      cfg.can.recordCondition ? el("button", { type: "button", onclick: () => openConditionForm(card) }, S.recordCondition) : null,
      cfg.can.logWork ? el("button", { type: "button", onclick: () => openWorkForm(card) }, S.logWork) : null);
    const content = [
      el("h2", { id: "tree-card-title" }, (card.species || S.unknown) + " · #" + card.id),
      card.scientific_name ? el("p", {}, el("em", {}, card.scientific_name)) : null,
      el("dl", {},
        row(S.status, card.status_label),
        row(S.condition, conditionPill(card.condition, card.condition_label)),
        row(S.planted, card.planted_year),
        row(S.trunk, size(card.trunk_diameter_cm, S.cm)),
        row(S.height, size(card.height_m, S.m)),
        row(S.crown, size(card.crown_diameter_m, S.m)),
        row(S.address, card.address),
        row(S.area, card.green_area),
        row(S.district, card.district)),
      actions,
      el("h3", {}, S.history),
      card.conditions.length
        ? el("ul", { class: "condition-history" }, card.conditions.map((r) => el("li", {}, r.date + " — ", conditionPill(r.condition, r.label),
            r.defects.length ? " (" + S.defects + ": " + r.defects.join(", ") + ")" : "")))
        : el("p", {}, S.noHistory),
      el("h3", {}, S.work),
      card.work.length
        ? el("ul", { class: "work-history" }, card.work.map((w) => el("li", {}, w.date + " — " + w.label +
            (w.performed_by ? ", " + S.by + " " + w.performed_by : "") + (w.contractor ? " (" + S.contractor + ": " + w.contractor + ")" : ""))))
        : el("p", {}, S.noWork),
    ];
    if (card.photos && card.photos.length) {
      content.push(el("h3", {}, S.photos), el("div", { class: "photos" }, card.photos.map((url) => el("img", { src: url, alt: S.photos }))));
    }
    if (card.nearby_reports) {
      content.push(el("h3", {}, S.nearbyReports), card.nearby_reports.length
        ? el("ul", {}, card.nearby_reports.map((r) => el("li", {}, el("a", { href: cfg.urls.reportStatus.replace("{code}", r.tracking_code) },
            r.tracking_code), " — " + r.category + ", " + r.status + " (" + r.received + ")")))
        : el("p", {}, S.noNearbyReports));
    }
    openPanel(...content.filter(Boolean));
  }

  /* ---------- picking a point ---------- */
  function startPick(mode, text) {
    pickMode = mode;
    showHint(text);
    map.getContainer().style.cursor = "crosshair";
  }
  function endPick() {
    pickMode = null;
    showHint("");
    map.getContainer().style.cursor = "";
    if (pickMarker) { map.removeLayer(pickMarker); pickMarker = null; }
  }
  map.on("click", (event) => {
    if (!pickMode) return;
    const mode = pickMode;
    pickMode = null;
    showHint("");
    map.getContainer().style.cursor = "";
    if (pickMarker) map.removeLayer(pickMarker);
    pickMarker = L.circleMarker(event.latlng, { radius: 9, color: "#5d2a00", fillColor: "#ff6f00", fillOpacity: 0.9 }).addTo(map);
    if (mode === "report") openReportForm({ latlng: event.latlng });
    if (mode === "plant") openPlantForm(event.latlng);
  });

  /* ---------- resident's report ---------- */
  function fromTemplate(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }
  function fillSelect(select, options, valueKey, labelKey) {
    options.forEach((o) => select.append(el("option", { value: o[valueKey] }, o[labelKey])));
  }
  function newIdempotencyKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function openReportForm({ tree, latlng }) {
    const form = fromTemplate("report-form-template");
    fillSelect(form.querySelector("#report-category"), cfg.reportCategories, "value", "label");
    const where = tree ? { lat: tree.lat, lon: tree.lon } : { lat: latlng.lat, lon: latlng.lng };
    form.querySelector("#report-where").textContent = tree
      ? S.treeNumber + " #" + tree.id + (tree.species ? " · " + tree.species : "")
      : where.lat.toFixed(5) + ", " + where.lon.toFixed(5);
    const key = newIdempotencyKey(); // the same key for every retry of this form
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const errors = form.querySelector(".form-errors");
      const button = form.querySelector("button[type=submit]");
      const data = new FormData(form);
      data.append("lat", where.lat);
      data.append("lon", where.lon);
      if (tree) data.append("tree", tree.id);
      button.disabled = true;
      errors.textContent = S.sending;
      try {
        const result = await fetchJSON(cfg.urls.submitReport, {
          method: "POST", body: data, headers: { "X-CSRFToken": csrfToken, "Idempotency-Key": key, Accept: "application/json" } });
        endPick();
        openPanel(el("h2", {}, S.sent),
          el("p", {}, S.trackingCode + ": ", el("strong", { class: "tracking-code" }, result.tracking_code)),
          el("p", {}, el("a", { href: result.url, class: "follow-link" }, S.follow)));
        reportsLayer.redraw();
      } catch (error) {
        errors.textContent = errorText(error);
        button.disabled = false;
      }
    });
    openPanel(form);
  }
  document.getElementById("report-button").addEventListener("click", () => {
    closePanel();
    startPick("report", S.pickPoint);
  });

  /* ---------- gardeners' forms (through the REST API) ---------- */
  async function sendJSON(url, body, method) {
    return fetchJSON(url, { method: method || "POST", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken } });
  }
  function wireForm(form, send) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const errors = form.querySelector(".form-errors");
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      errors.textContent = S.sending;
      try {
        await send(new FormData(form));
      } catch (error) {
        errors.textContent = errorText(error);
        button.disabled = false;
      }
    });
  }
  function afterTreeChange(id) {
    // Revalidate every tile from now on (cheap 304s) so the edit shows at once.
    treesLayer.options.fetchOptions = { cache: "no-cache" };
    treesLayer.redraw();
    if (id) showTree(id);
  }

  function openConditionForm(card) {
    const form = fromTemplate("condition-form-template");
    fillSelect(form.querySelector("#condition-value"), cfg.conditions.filter((c) => c.value !== "unknown"), "value", "label");
    const defects = form.querySelector("#condition-defects");
    cfg.defects.forEach((d) => defects.append(el("label", {}, el("input", { type: "checkbox", name: "defects", value: d.value }), " " + d.label)));
    wireForm(form, async (data) => {
      await sendJSON(cfg.urls.api + "trees/" + card.id + "/conditions/", {
        condition: data.get("condition"), defects: data.getAll("defects"), notes: data.get("notes") });
      afterTreeChange(card.id);
    });
    openPanel(form);
  }

  function openWorkForm(card) {
    const form = fromTemplate("work-form-template");
    fillSelect(form.querySelector("#work-kind"), cfg.maintenanceKinds, "value", "label");
    wireForm(form, async (data) => {
      await sendJSON(cfg.urls.api + "trees/" + card.id + "/maintenance/", {
        kind: data.get("kind"), performed_by: data.get("performed_by"), contractor: data.get("contractor"), notes: data.get("notes") });
      afterTreeChange(card.id);
    });
    openPanel(form);
  }

  function openPlantForm(latlng) {
    const form = fromTemplate("plant-form-template");
    fillSelect(form.querySelector("#plant-species"), cfg.species, "id", "name");
    wireForm(form, async (data) => {
      const height = data.get("height_m");
      const created = await sendJSON(cfg.urls.api + "trees/", {
        location: { type: "Point", coordinates: [latlng.lng, latlng.lat] },
        species: Number(data.get("species")), height_m: height ? Number(height) : null,
        address: data.get("address"), status: "alive", planted_year: new Date().getFullYear() });
      // The planting itself is work done on the tree: log it in its history.
      await sendJSON(cfg.urls.api + "trees/" + created.id + "/maintenance/", { kind: "planting" });
      endPick();
      afterTreeChange(created.id);
    });
    openPanel(form);
  }
  const plantButton = document.getElementById("plant-button");
  if (plantButton) plantButton.addEventListener("click", () => { closePanel(); startPick("plant", S.pickPlanting); });

  /* ---------- search and locate ---------- */
  const searchForm = document.getElementById("search-form");
  const searchInput = document.getElementById("search-input");
  const searchResults = document.getElementById("search-results");
  searchForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const query = searchInput.value.trim();
    if (!query) return;
    let results = [];
    try {
      results = (await fetchJSON(cfg.urls.search + "?q=" + encodeURIComponent(query))).results;
    } catch (error) { results = []; }
    searchResults.replaceChildren(...(results.length ? results.map((r) => el("li", { role: "option" },
      el("button", { type: "button", onclick: () => {
        searchResults.hidden = true;
        map.setView([r.lat, r.lon], r.kind === "tree" ? 18 : 16);
        if (r.kind === "tree") showTree(r.id);
      } }, r.label))) : [el("li", {}, S.notFound)]));
    searchResults.hidden = false;
    const first = searchResults.querySelector("button");
    if (first) first.focus();
  });
  document.getElementById("locate-button").addEventListener("click", () => map.locate({ setView: true, maxZoom: 17 }));
  map.on("locationerror", () => showHint(S.locateFailed));
  map.on("locationfound", (event) => L.circleMarker(event.latlng, { radius: 8, color: "#1d4ed8" }).addTo(map));

  /* ---------- deep links: ?lat=&lon=&zoom= and ?tree= ---------- */
  const params = new URLSearchParams(location.search);
  if (params.get("lat") && params.get("lon")) {
    map.setView([Number(params.get("lat")), Number(params.get("lon"))], Number(params.get("zoom")) || 18);
  }
  if (params.get("tree")) showTree(params.get("tree"));
  window.greenmap = { map, treesLayer, areasLayer, reportsLayer, showTree, filters, timings };
})();
