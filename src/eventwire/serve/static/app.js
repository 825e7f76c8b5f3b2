// The eventwire page: plain JavaScript over the JSON API. Every piece of data reaches the DOM
// through textContent or setAttribute on a fixed list of attributes, never as markup.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const STATUSES = ["asserted", "attributed", "alleged", "denied", "expected", "hypothetical", "negated"];
const FILTERS = ["type", "actor", "country", "status", "since", "until", "text", "min_confidence"];
const PAGE = 50;
// one colour per PLOVER type (cooperative greens/blues, conflictual oranges/reds)
const COLORS = {
  AGREE: "#1b9e77", CONSULT: "#66a61e", SUPPORT: "#4daf4a", CONCEDE: "#a6d854", COOPERATE: "#17becf",
  AID: "#1f78b4", RETREAT: "#8da0cb", REQUEST: "#7570b3", ACCUSE: "#e7298a", REJECT: "#d95f02",
  THREATEN: "#e6ab02", PROTEST: "#a6761d", SANCTION: "#b15928", MOBILIZE: "#999999",
  COERCE: "#fb8072", ASSAULT: "#e41a1c",
};
const SVG_NS = "http://www.w3.org/2000/svg";
const SAFE_ATTRS = new Set(["class", "id", "href", "title", "type", "value", "colspan", "hidden",
  "data-event", "data-statement", "data-evidence", "data-trigger", "data-content", "data-cue",
  "data-speaker", "data-status", "data-label", "data-type", "data-day", "data-node", "rel",
  "aria-label", "role", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "d",
  "fill", "stroke", "stroke-width", "stroke-opacity", "opacity", "text-anchor", "font-size",
  "viewBox", "transform", "marker-end", "markerWidth", "markerHeight", "refX", "refY", "orient",
  "points", "dominant-baseline", "tabindex", "markerUnits", "data-country", "data-place",
  "data-count", "data-incident", "data-uid"]);

// ---- DOM helpers ----------------------------------------------------------------------------

function safeHref(url) {
  // only our own routes and http(s) links become links; javascript:, data: and the rest do not
  if (typeof url !== "string") return null;
  if (url.startsWith("#/") || url.startsWith("/api/")) return url;
  try {
    const u = new URL(url);
    return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
  } catch (e) { return null; }
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (!SAFE_ATTRS.has(k)) throw new Error("attribute not allowed: " + k);
    if (k === "href") {
      const h = safeHref(String(v));
      if (h) node.setAttribute("href", h);
      continue;
    }
    node.setAttribute(k, v === true ? "" : String(v));
  }
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const c of children) append(node, c);
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  for (const c of children) append(node, c);
  return node;
}

function append(node, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) { child.forEach((c) => append(node, c)); return; }
  node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

function onActivate(node, fn) {
  // a click, or Enter / Space on a focusable element that is not a button
  node.addEventListener("click", fn);
  node.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); fn(); }
  });
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
const $ = (id) => document.getElementById(id);

function showError(msg) {
  const box = $("error");
  box.textContent = msg || "";
  box.hidden = !msg;
}

async function getJSON(url) {
  const resp = await fetch(url, { headers: { accept: "application/json" } });
  let body = null;
  try { body = await resp.json(); } catch (e) { body = null; }
  if (!resp.ok) throw new Error((body && body.error) || ("HTTP " + resp.status));
  return body;
}

// ---- records --------------------------------------------------------------------------------

function articleId(rec) {
  const a = rec.article;
  if (a && typeof a === "object") return a.hash || a.id || null;
  return a || rec.article_id || rec.article_hash || null;
}

function actorName(ev, role, actors) {
  // store rows carry source_actor/target_actor; an article record has ids into its actors list
  let info = (ev[role + "_actor"] && typeof ev[role + "_actor"] === "object") ? ev[role + "_actor"]
    : (ev[role] && typeof ev[role] === "object" ? ev[role] : {});
  if (actors && typeof ev[role] === "string" && actors[ev[role]]) info = actors[ev[role]];
  const name = info.name || ev[role + "_name"] || ev[role + "_text"] || (typeof ev[role] === "string" ? ev[role] : "");
  const country = info.country || ev[role + "_country"];
  if (!name) return "";
  return country && !String(name).includes(country) ? name + " (" + country + ")" : String(name);
}

function eventDate(ev) {
  const d = ev.date;
  if (d && typeof d === "object") return d.value || "";
  return d || "";
}

function statusBadge(status) {
  return el("span", { class: "badge status-" + (STATUSES.includes(status) ? status : "other") }, status || "?");
}

function typeBadge(type) {
  const b = el("span", { class: "badge type", "data-type": type }, type || "?");
  if (COLORS[type]) b.style.borderColor = COLORS[type];
  return b;
}

function evidenceWithTrigger(ev) {
  // the evidence sentence, with the trigger (offsets into the article) marked
  const e = ev.evidence || {};
  const text = e.text || "";
  const ts = ev.trigger_start, te = ev.trigger_end;
  if (typeof ts === "number" && typeof te === "number" && typeof e.start === "number"
      && ts >= e.start && te <= e.start + text.length && te > ts) {
    const a = ts - e.start, b = te - e.start;
    return [text.slice(0, a), el("mark", { class: "trigger" }, text.slice(a, b)), text.slice(b)];
  }
  return [text];
}

// ---- state and routing ----------------------------------------------------------------------

function parseHash() {
  const h = location.hash.replace(/^#\/?/, "");
  const [path, query] = h.split("?", 2);
  const parts = path.split("/").map(decodeURIComponent);
  return { view: parts[0] || "events", arg: parts[1] || null, params: new URLSearchParams(query || "") };
}

function filterParams(params) {
  const q = new URLSearchParams();
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) q.set(f, v);
  }
  return q;
}

// what the events table, the timeline and the map count: each report (event record), or each
// incident once (the records that report one real-world event)
function byIncident(params) { return params.get("unit") === "incidents"; }

function viewParams(params) {
  // the filters and the unit: what a link from one view to another keeps
  const q = filterParams(params);
  if (byIncident(params)) q.set("unit", "incidents");
  return q;
}

function unitWord(params, n) {
  const one = byIncident(params) ? "incident" : "event";
  return n === 1 ? one : one + "s";
}

function go(view, params, arg) {
  const q = params ? params.toString() : "";
  location.hash = "#/" + view + (arg ? "/" + encodeURIComponent(arg) : "") + (q ? "?" + q : "");
}

function fillForm(params) {
  for (const f of FILTERS) $("f-" + f).value = params.get(f) || "";
  $("f-unit").value = byIncident(params) ? "incidents" : "";
  const q = filterParams(params).toString();
  $("export-csv").setAttribute("href", "/api/export.csv" + (q ? "?" + q : ""));
  $("export-jsonl").setAttribute("href", "/api/export.jsonl" + (q ? "?" + q : ""));
}

async function route() {
  const { view, arg, params } = parseHash();
  fillForm(params);
  document.querySelectorAll(".view").forEach((s) => { s.hidden = true; });
  document.querySelectorAll("#nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === view));
  const handlers = { events: showEvents, timeline: showTimeline, map: showMap, network: showNetwork,
    threads: showThreads, articles: showArticles, article: showArticle, incident: showIncident };
  const handler = handlers[view] || showEvents;
  $("view-" + (handlers[view] ? view : "events")).hidden = false;
  $("filters").hidden = ["article", "articles", "incident"].includes(view);
  showError("");
  document.body.dataset.loading = "1";
  try {
    await handler(params, arg);
  } catch (e) {
    showError(e.message);
  } finally {
    delete document.body.dataset.loading;
    document.body.dataset.view = view;
    // a counter of finished routes, so that tests (and scripts) can wait for the next one
    document.body.dataset.routes = String((parseInt(document.body.dataset.routes || "0", 10)) + 1);
  }
}

// ---- events table ---------------------------------------------------------------------------

async function showEvents(params) {
  const incidents = byIncident(params);
  $("events").hidden = incidents;
  $("incidents").hidden = !incidents;
  const q = filterParams(params);
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  q.set("limit", PAGE);
  q.set("offset", offset);
  clear($("events").tBodies[0]);
  clear($("incidents").tBodies[0]);
  const page = incidents ? await showIncidentRows(q) : await showEventRows(q);
  $("page-info").textContent = page.items.length
    ? (incidents ? "incidents " : "events ") + (offset + 1) + "–" + (offset + page.items.length) : "";
  const prev = $("prev"), next = $("next");
  prev.disabled = offset === 0;
  next.disabled = page.next_offset === null || page.next_offset === undefined;
  prev.onclick = () => { const p = viewParams(params); if (offset - PAGE > 0) p.set("offset", offset - PAGE); go("events", p); };
  next.onclick = () => { const p = viewParams(params); p.set("offset", page.next_offset); go("events", p); };
}

async function showEventRows(q) {
  const body = $("events").tBodies[0];
  const page = await getJSON("/api/events?" + q.toString());
  for (const ev of page.items) {
    const aid = articleId(ev);
    const title = (ev.article && ev.article.title) || "open";
    const link = aid ? el("a", { href: "#/article/" + encodeURIComponent(aid) + "?event=" + encodeURIComponent(ev.id),
      title: "open the article", class: "article-link" }, title.length > 60 ? title.slice(0, 57) + "…" : title) : "";
    body.appendChild(el("tr", { "data-event": ev.id },
      el("td", { class: "nowrap" }, eventDate(ev)),
      el("td", null, typeBadge(ev.type), " ",
        el("span", { class: "muted", title: "confidence" }, typeof ev.confidence === "number" ? ev.confidence.toFixed(2) : "")),
      el("td", { class: "actor" }, actorName(ev, "source")),
      el("td", { class: "actor" }, actorName(ev, "target")),
      el("td", null, statusBadge(ev.status)),
      el("td", null, ev.issue || ""),
      el("td", { class: "evidence" }, evidenceWithTrigger(ev)),
      el("td", null, link, ev.incident ? el("div", null, el("a", { href: "#/incident/" + encodeURIComponent(ev.incident),
        class: "incident-link", title: "every report of this event" }, "incident")) : "")));
  }
  if (!page.items.length) body.appendChild(el("tr", null, el("td", { colspan: 8, class: "muted" }, "No events match these filters.")));
  return page;
}

function dateSpan(a, b) {
  if (!a && !b) return "";
  return !b || a === b ? (a || b) : (a || "?") + " – " + b;
}

function placeLabel(place, country) {
  if (place && country && !String(place).includes(country)) return place + " (" + country + ")";
  return place || country || "";
}

async function showIncidentRows(q) {
  // the events table collapsed: one row per incident, with what it is built from
  const body = $("incidents").tBodies[0];
  const page = await getJSON("/api/incidents?" + q.toString());
  for (const inc of page.items) {
    body.appendChild(el("tr", { "data-incident": inc.id },
      el("td", { class: "nowrap" }, dateSpan(inc.date_start, inc.date_end)),
      el("td", null, typeBadge(inc.type), " ", statusBadge(inc.status)),
      el("td", { class: "actor" }, inc.source || ""),
      el("td", { class: "actor" }, inc.target || ""),
      el("td", null, placeLabel(inc.place, inc.country)),
      el("td", { class: "num" }, inc.events), el("td", { class: "num" }, inc.articles),
      el("td", { class: "num" }, inc.sources),
      el("td", { class: "nowrap" }, inc.first_seen || ""),
      el("td", null, el("a", { href: "#/incident/" + encodeURIComponent(inc.id), title: "every report of this incident" }, "reports"))));
  }
  if (!page.items.length) body.appendChild(el("tr", null, el("td", { colspan: 10, class: "muted" }, "No incidents match these filters.")));
  return page;
}

// ---- one incident: every report of it -------------------------------------------------------

async function showIncident(params, id) {
  if (!id) { go("events", new URLSearchParams("unit=incidents")); return; }
  const inc = await getJSON("/api/incidents/" + encodeURIComponent(id));
  const title = clear($("incident-title"));
  append(title, [typeBadge(inc.type), " ", el("span", { class: "actor" }, inc.source || "?"), " → ",
    el("span", { class: "actor" }, inc.target || "?")]);
  const meta = [dateSpan(inc.date_start, inc.date_end) || "no date", placeLabel(inc.place, inc.country),
    inc.events + " " + (inc.events === 1 ? "report" : "reports") + " in " + inc.articles + " "
      + (inc.articles === 1 ? "article" : "articles") + " from " + inc.sources + " " + (inc.sources === 1 ? "outlet" : "outlets"),
    inc.first_seen ? "first seen " + inc.first_seen : ""].filter(Boolean);
  $("incident-meta").textContent = meta.join(" · ");
  const list = clear($("incident-records"));
  for (const ev of inc.records || []) {
    const art = (ev.article && typeof ev.article === "object") ? ev.article : {};
    const aid = articleId(ev);
    const title = art.title || "(untitled)";
    list.appendChild(el("li", { "data-uid": ev.uid || "" },
      el("div", { class: "report-head" }, el("span", { class: "outlet" }, art.source || "unknown outlet"),
        art.published ? " · " + art.published : "", " · ",
        aid ? el("a", { href: "#/article/" + encodeURIComponent(aid) + "?event=" + encodeURIComponent(ev.id),
          title: "open the article with this report in focus" }, title.length > 90 ? title.slice(0, 87) + "…" : title) : title),
      el("div", null, eventLine(ev))));
  }
}

// ---- timeline -------------------------------------------------------------------------------

function legend(ul, types) {
  clear(ul);
  for (const t of types) {
    const sw = el("span", { class: "swatch" });
    sw.style.background = COLORS[t] || "#888";
    ul.appendChild(el("li", null, sw, t));
  }
}

function mainRange(days) {
  // the days between the 1st and the 99th percentile of events, when a few far-off dates would
  // otherwise squeeze the rest into a sliver (an article recalling 1944 among 2019 news)
  const total = days.reduce((n, d) => n + d.total, 0);
  if (days.length < 3) return days;
  let acc = 0, lo = 0, hi = days.length - 1;
  for (let i = 0; i < days.length; i++) { acc += days[i].total; if (acc > total * 0.01) { lo = i; break; } }
  acc = 0;
  for (let i = days.length - 1; i >= 0; i--) { acc += days[i].total; if (acc > total * 0.01) { hi = i; break; } }
  const span = (a, b) => Date.parse(days[b].date) - Date.parse(days[a].date);
  return span(lo, hi) < 0.5 * span(0, days.length - 1) ? days.slice(lo, hi + 1) : days;
}

async function showTimeline(params) {
  const q = filterParams(params);
  const incidents = byIncident(params);
  if (incidents) q.set("count", "incidents");
  let data = await getJSON("/api/timeline?" + q.toString());
  const root = clear($("timeline-svg"));
  const word = incidents ? "incidents" : "events";
  $("timeline-title").textContent = (incidents ? "Incidents" : "Events") + " per day by type";
  legend($("timeline-legend"), data.types);
  const days = mainRange(data.days);
  const outside = data.days.reduce((n, d) => n + d.total, 0) - days.reduce((n, d) => n + d.total, 0);
  $("timeline-note").textContent = data.days.length
    ? days.length + " days with " + word + "; " + data.undated + " " + word + " without a day-precise date are not shown"
      + (outside ? "; " + outside + " " + word + " dated before " + days[0].date + " or after " + days[days.length - 1].date
        + " (mostly past events an article recalls) are left out: set Since and Until to see them" : "")
      + (incidents ? "; an incident counts once a day, whatever the number of its reports (one whose reports give"
        + " two days or two types counts on each)" : "")
      + ". Click a bar to list its " + word + "."
    : "No dated " + word + " match these filters.";
  if (!data.days.length) { root.setAttribute("width", 0); root.setAttribute("height", 0); return; }
  data = { ...data, days };
  const dayMs = 86400000;
  const t0 = Date.parse(data.days[0].date), t1 = Date.parse(data.days[data.days.length - 1].date);
  const span = Math.round((t1 - t0) / dayMs) + 1;
  const W = Math.max(760, Math.min(4000, span * 14)), H = 300, L = 40, B = 40, T = 10;
  // a stack may exceed a day's total when one incident's reports carry two types
  const max = Math.max(...data.days.map((d) => Math.max(d.total, Object.values(d.counts).reduce((a, b) => a + b, 0))));
  const bw = Math.max(1.5, Math.min(24, (W - L - 10) / span - 1));
  const x = (iso) => L + ((Date.parse(iso) - t0) / dayMs) * ((W - L - 10 - bw) / Math.max(1, span - 1));
  const y = (n) => T + (H - T - B) * (1 - n / max);
  root.setAttribute("width", W);
  root.setAttribute("height", H);
  root.setAttribute("viewBox", "0 0 " + W + " " + H);
  root.appendChild(svg("line", { x1: L, y1: H - B, x2: W - 5, y2: H - B, stroke: "#555" }));
  root.appendChild(svg("line", { x1: L, y1: T, x2: L, y2: H - B, stroke: "#555" }));
  for (const tick of [0, Math.ceil(max / 2), max]) {
    root.appendChild(svg("text", { x: L - 6, y: y(tick) + 4, "text-anchor": "end", "font-size": 11 }, String(tick)));
  }
  let lastLabel = -Infinity;
  data.days.forEach((d) => {
    const g = svg("g", { class: "bar", "data-day": d.date, tabindex: 0 });
    let acc = 0;
    for (const t of data.types) {
      const n = d.counts[t] || 0;
      if (!n) continue;
      g.appendChild(svg("rect", { x: x(d.date), y: y(acc + n), width: bw, height: Math.max(0.5, y(acc) - y(acc + n)),
        fill: COLORS[t] || "#888", "data-type": t }, svg("title", null, d.date + ": " + n + " " + t)));
      acc += n;
    }
    onActivate(g, () => { const p = viewParams(params); p.set("since", d.date); p.set("until", d.date); go("events", p); });
    root.appendChild(g);
    if (x(d.date) - lastLabel >= 80) {  // keep date labels apart
      lastLabel = x(d.date);
      root.appendChild(svg("text", { x: x(d.date) + bw / 2, y: H - B + 16, "text-anchor": "middle", "font-size": 11 }, d.date));
    }
  });
}

// ---- network --------------------------------------------------------------------------------

async function showNetwork(params) {
  const q = filterParams(params);
  q.set("edges", 120);
  const data = await getJSON("/api/network?" + q.toString());
  const root = clear($("network-svg"));
  const top = data.nodes.slice(0, 40);
  const keep = new Set(top.map((n) => n.id));
  const edges = data.edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
  const nodes = top.filter((n) => linked.has(n.id));
  legend($("network-legend"), [...new Set(edges.map((e) => e.type))]);
  $("network-note").textContent = nodes.length
    ? nodes.length + " actors, " + edges.length + " links (type and weight = number of events). Click an actor to filter by it."
    : "No events with both a source and a target match these filters.";
  const W = 1100, H = 680;
  root.setAttribute("width", W);
  root.setAttribute("height", H);
  root.setAttribute("viewBox", "0 0 " + W + " " + H);
  if (!nodes.length) return;
  const defs = svg("defs");
  const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" },
    svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#666" }));
  defs.appendChild(marker);
  root.appendChild(defs);
  const pos = layout(nodes, edges, W, H);
  const maxW = Math.max(...edges.map((e) => e.weight), 1);
  const maxN = Math.max(...nodes.map((n) => n.weight), 1);
  const rad = (n) => 4 + 10 * Math.sqrt(n.weight / maxN);
  const byId = Object.fromEntries(nodes.map((n) => [n.id, n]));
  for (const e of edges) {
    const s = pos[e.source], t = pos[e.target];
    const label = byId[e.source].label + " → " + byId[e.target].label + ": " + e.type + " × " + e.weight;
    let d;
    if (e.source === e.target) {
      d = "M" + s.x + "," + s.y + " c 30,-40 60,0 0,10";
    } else {
      // curve each edge a little so that A->B and B->A do not overlap
      const mx = (s.x + t.x) / 2 + (t.y - s.y) * 0.12, my = (s.y + t.y) / 2 - (t.x - s.x) * 0.12;
      const r = rad(byId[e.target]) + 2;
      const dx = t.x - mx, dy = t.y - my, len = Math.hypot(dx, dy) || 1;
      d = "M" + s.x + "," + s.y + " Q" + mx + "," + my + " " + (t.x - (dx / len) * r) + "," + (t.y - (dy / len) * r);
    }
    root.appendChild(svg("path", { d, fill: "none", stroke: COLORS[e.type] || "#888", "stroke-opacity": 0.75,
      "stroke-width": 1 + 5 * (e.weight / maxW), "marker-end": "url(#arrow)", class: "edge", "data-type": e.type },
      svg("title", null, label)));
  }
  for (const n of nodes) {
    const p = pos[n.id];
    const g = svg("g", { class: "node", "data-node": n.label, tabindex: 0 });
    g.appendChild(svg("circle", { cx: p.x, cy: p.y, r: rad(n), fill: "#345", stroke: "#fff" }, svg("title", null, n.label + " (" + n.weight + ")")));
    // the label goes on the side away from the node's neighbours, where there is room
    const nb = edges.filter((e) => e.source === n.id || e.target === n.id)
      .map((e) => pos[e.source === n.id ? e.target : e.source].x - p.x);
    const pull = nb.length ? nb.reduce((a, b) => a + b, 0) / nb.length : 0;
    const right = p.x < 150 || (pull <= 0 && p.x <= W - 160);
    g.appendChild(svg("text", { x: p.x + (right ? 1 : -1) * (rad(n) + 4), y: p.y + 4, "text-anchor": right ? "start" : "end", "font-size": 12 }, n.label));
    onActivate(g, () => {
      const q2 = filterParams(params);
      q2.set("actor", n.label.replace(/ \([A-Z]{3}\)$/, ""));
      go("events", q2);
    });
    root.appendChild(g);
  }
}

function layout(nodes, edges, W, H) {
  // a small force-directed layout (repulsion between all nodes, springs along edges, a pull to
  // the centre), started from a circle so that the same data always gives the same picture
  const pos = {};
  const cx = W / 2, cy = H / 2;
  nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / nodes.length;
    pos[n.id] = { x: cx + (W / 3) * Math.cos(a), y: cy + (H / 3) * Math.sin(a) };
  });
  const k = Math.sqrt((W * H) / Math.max(1, nodes.length)) * 0.5;
  let temp = W / 8;
  for (let it = 0; it < 300; it++) {
    const disp = Object.fromEntries(nodes.map((n) => [n.id, { x: 0, y: 0 }]));
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = pos[nodes[i].id], b = pos[nodes[j].id];
        let dx = a.x - b.x, dy = a.y - b.y;
        const d = Math.max(1, Math.hypot(dx, dy));
        const f = (k * k) / d;
        dx /= d; dy /= d;
        disp[nodes[i].id].x += dx * f; disp[nodes[i].id].y += dy * f;
        disp[nodes[j].id].x -= dx * f; disp[nodes[j].id].y -= dy * f;
      }
    }
    for (const e of edges) {
      if (e.source === e.target) continue;
      const a = pos[e.source], b = pos[e.target];
      let dx = a.x - b.x, dy = a.y - b.y;
      const d = Math.max(1, Math.hypot(dx, dy));
      const f = (d * d) / k;
      dx /= d; dy /= d;
      disp[e.source].x -= dx * f; disp[e.source].y -= dy * f;
      disp[e.target].x += dx * f; disp[e.target].y += dy * f;
    }
    for (const n of nodes) {
      const p = pos[n.id], dv = disp[n.id];
      dv.x += (cx - p.x) * 0.5; dv.y += (cy - p.y) * 0.8;  // wider than tall: room for labels
      const len = Math.max(1e-6, Math.hypot(dv.x, dv.y));
      p.x = Math.min(W - 180, Math.max(40, p.x + (dv.x / len) * Math.min(len, temp)));
      p.y = Math.min(H - 30, Math.max(30, p.y + (dv.y / len) * Math.min(len, temp)));
    }
    temp *= 0.985;
  }
  return pos;
}

// ---- map ------------------------------------------------------------------------------------

let worldShapes = null;  // the shapes answer, fetched once (about 1 MB)

async function shapes() {
  if (!worldShapes) worldShapes = await getJSON("/api/map/shapes");
  return worldShapes;
}

function project(lat, lon, p) {
  // the Robinson projection of the shapes (eventwire/serve/worldmap.py computes the same):
  // the table's X and Y interpolated linearly between its rows, every 5 degrees
  const t = p.table;
  const a = Math.min(90, Math.abs(lat));
  const i = Math.min(Math.floor(a / 5), t.length - 2);
  const f = (a - t[i][0]) / 5;
  const X = t[i][1] + (t[i + 1][1] - t[i][1]) * f;
  const Y = (t[i][2] + (t[i + 1][2] - t[i][2]) * f) * (lat < 0 ? -1 : 1);
  const d = ((((lon - p.lon0 + 180) % 360) + 360) % 360) - 180;
  return [p.x0 + p.scale * 0.8487 * X * (d * Math.PI / 180), p.y0 - p.scale * 1.3523 * Y];
}

const num = (n) => Number(n).toLocaleString("en-US");  // 151,389
const MAP_COLORS = ["#fde0c5", "#fab383", "#f4845f", "#dc4a3d", "#a51f2d"];
const MAP_EMPTY = "#e3e7ec";

function mapBins(max) {
  // up to five classes from 1 to max, growing geometrically (counts span orders of magnitude)
  const n = Math.min(MAP_COLORS.length, max);
  const uppers = [];
  for (let k = 1; k <= n; k++) uppers.push(Math.max(k, Math.round(Math.pow(max, k / n))));
  return uppers.filter((u, k) => k === 0 || u > uppers[k - 1]);
}

async function showMap(params) {
  const q = filterParams(params);
  const incidents = byIncident(params);
  if (incidents) q.set("count", "incidents");
  const [world, data] = await Promise.all([shapes(), getJSON("/api/map?" + q.toString())]);
  const word = incidents ? "incidents" : "events";
  $("map-title").textContent = (incidents ? "Incidents" : "Events") + " per country and place";
  $("map-count-head").textContent = incidents ? "Incidents" : "Events";
  const root = clear($("map-svg"));
  const [vx, vy, vw, vh] = world.viewBox;
  root.setAttribute("viewBox", vx + " " + vy + " " + vw + " " + vh);
  const alpha3 = {};
  for (const [a3, id] of Object.entries(world.ids)) if (!alpha3[id]) alpha3[id] = a3;
  const counted = {}, unmapped = [];
  for (const c of data.countries) {
    const id = world.ids[c.country];
    if (id && world.countries[id]) counted[id] = c; else unmapped.push(c);
  }
  const max = Math.max(1, ...data.countries.map((c) => c.count));
  const bins = mapBins(max);
  const colour = (n) => MAP_COLORS[Math.min(MAP_COLORS.length - 1, bins.findIndex((u) => n <= u) + MAP_COLORS.length - bins.length)];
  const countries = svg("g", { class: "countries" });
  for (const [id, shape] of Object.entries(world.countries)) {
    const c = counted[id];
    const name = world.names[id] || id.toUpperCase();
    const g = svg("g", { class: c ? "country has-events" : "country", "data-country": alpha3[id] || id.toUpperCase(),
      "data-count": c ? c.count : 0, fill: c ? colour(c.count) : MAP_EMPTY, tabindex: c ? 0 : null },
      svg("title", null, name + (c ? ": " + c.count + " " + unitWord(params, c.count) : "")));
    for (const p of shape.paths) g.appendChild(svg("path", { d: p.d, transform: p.transform || null }));
    for (const [cx, cy, r] of shape.circles) g.appendChild(svg("circle", { cx, cy, r }));
    if (c) onActivate(g, () => { const p = viewParams(params); p.set("country", c.country); go("events", p); });
    countries.appendChild(g);
  }
  root.appendChild(countries);
  const places = svg("g", { class: "places" });
  const maxP = Math.max(1, ...data.places.map((p) => p.count));
  for (const pl of data.places) {
    const [x, y] = project(pl.lat, pl.lon, world.projection);
    const label = placeLabel(pl.name || "?", pl.country) + ": " + pl.count + " " + unitWord(params, pl.count)
      + (pl.precision ? " (" + pl.precision + ")" : "");
    places.appendChild(svg("circle", { class: "place", cx: x.toFixed(1), cy: y.toFixed(1), r: (5 + 16 * Math.sqrt(pl.count / maxP)).toFixed(1),
      "data-place": pl.name || "", "data-country": pl.country || "", "data-count": pl.count }, svg("title", null, label)));
  }
  root.appendChild(places);
  // legend: the classes, no data, and the points
  const lg = clear($("map-legend"));
  let lo = 1;
  bins.forEach((u, k) => {
    const sw = el("span", { class: "swatch" });
    sw.style.background = MAP_COLORS[k + MAP_COLORS.length - bins.length];
    lg.appendChild(el("li", null, sw, lo === u ? num(u) : num(lo) + "–" + num(u)));
    lo = u + 1;
  });
  const none = el("span", { class: "swatch" });
  none.style.background = MAP_EMPTY;
  lg.appendChild(el("li", null, none, "none"));
  const dot = el("span", { class: "swatch dot" });
  lg.appendChild(el("li", null, dot, "a place more precise than a country (area: number of " + word + ")"));
  const inCountries = data.countries.reduce((n, c) => n + c.count, 0);
  $("map-note").textContent = (data.countries.length
    ? num(inCountries) + " " + word + " in " + data.countries.length + (data.countries.length === 1 ? " country" : " countries")
      + " (where they happened, not the actors' countries); " + num(data.places.length) + (data.places.length === 1 ? " place" : " places")
      + (data.truncated ? " (the busiest only)" : "") + " drawn as points"
    : "No " + word + " with a place match these filters")
    + "; " + num(data.without_country) + " " + word + " without a country are not on the map"
    + (unmapped.length ? "; no shape for " + unmapped.map((c) => c.country + " (" + c.count + ")").join(", ") : "")
    + ". Click a country to list its " + word + ".";
  $("map-source").textContent = "Shapes: " + world.source + "; places drawn in its projection (Robinson).";
  const body = clear($("map-countries").tBodies[0]);
  for (const c of data.countries) {
    const id = world.ids[c.country];
    const p = viewParams(params);
    p.set("country", c.country);
    body.appendChild(el("tr", { "data-country": c.country },
      el("td", null, el("a", { href: "#/events?" + p.toString() }, (id && world.names[id]) || c.country)),
      el("td", null, c.country), el("td", { class: "num" }, num(c.count))));
  }
}

// ---- threads --------------------------------------------------------------------------------

function eventLine(ev, actors) {
  return [typeBadge(ev.type), " ", el("span", { class: "actor" }, actorName(ev, "source", actors) || "?"), " → ",
    el("span", { class: "actor" }, actorName(ev, "target", actors) || "?"), " ", statusBadge(ev.status),
    ev.issue ? el("span", { class: "issue" }, " " + ev.issue) : "", " ",
    el("span", { class: "muted" }, eventDate(ev)),
    el("div", { class: "evidence" }, evidenceWithTrigger(ev))];
}

async function showThreads(params) {
  const q = filterParams(params);
  const data = await getJSON("/api/threads?" + q.toString());
  const root = clear($("threads"));
  $("threads-note").textContent = data.total
    ? data.total + " proposals, demands or offers with an answer" + (data.total > data.items.length ? " (first " + data.items.length + " shown)" : "") + "."
    : "No answered proposals match these filters.";
  for (const th of data.items) {
    const aid = th.article;
    const card = el("div", { class: "thread" });
    card.appendChild(el("div", { class: "proposal" }, th.proposal ? eventLine(th.proposal) : el("span", { class: "muted" }, "event " + th.proposal_id + " (outside the filter)")));
    const answers = el("ul", { class: "answers" });
    for (const a of th.answers) answers.appendChild(el("li", null, "answered by ", eventLine(a)));
    card.appendChild(answers);
    if (aid) card.appendChild(el("a", { href: "#/article/" + encodeURIComponent(aid) + "?event=" + encodeURIComponent(th.proposal_id) }, "open the article"));
    root.appendChild(card);
  }
}

// ---- articles -------------------------------------------------------------------------------

async function showArticles(params) {
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const page = await getJSON("/api/articles?limit=" + PAGE + "&offset=" + offset);
  const body = clear($("articles").tBodies[0]);
  for (const a of page.items) {
    const id = a.id || a.hash;
    body.appendChild(el("tr", null, el("td", { class: "nowrap" }, a.published || ""),
      el("td", null, el("a", { href: "#/article/" + encodeURIComponent(id) }, a.title || "(untitled)")),
      el("td", null, a.source || ""), el("td", null, a.events ?? ""), el("td", null, a.statements ?? ""),
      el("td", { class: "muted" }, id)));
  }
  $("apage-info").textContent = page.items.length ? "articles " + (offset + 1) + "–" + (offset + page.items.length) : "no articles";
  $("aprev").disabled = offset === 0;
  $("anext").disabled = page.next_offset === null || page.next_offset === undefined;
  $("aprev").onclick = () => { const p = new URLSearchParams(); if (offset - PAGE > 0) p.set("offset", offset - PAGE); go("articles", p); };
  $("anext").onclick = () => { const p = new URLSearchParams(); p.set("offset", page.next_offset); go("articles", p); };
}

// ---- one article, highlighted ----------------------------------------------------------------

function spansOf(art) {
  // every highlight as [start, end, attribute, id]; offsets index the article text
  const spans = [];
  const add = (s, e, attr, id) => { if (typeof s === "number" && typeof e === "number" && e > s) spans.push([s, e, attr, id]); };
  for (const ev of art.events || []) {
    const evd = ev.evidence || {};
    add(evd.start, evd.end, "data-evidence", ev.id);
    add(ev.trigger_start, ev.trigger_end, "data-trigger", ev.id);
  }
  for (const st of art.statements || []) {
    add(st.start, st.end, "data-content", st.id);
    add(st.cue_start, st.cue_end, "data-cue", st.id);
    add(st.speaker_start, st.speaker_end, "data-speaker", st.id);
  }
  return spans;
}

function highlightedText(text, art) {
  // cut the text at every span boundary; each piece carries the ids of the spans that cover it
  const spans = spansOf(art).filter(([s, e]) => s >= 0 && e <= text.length);
  const cuts = new Set([0, text.length]);
  spans.forEach(([s, e]) => { cuts.add(s); cuts.add(e); });
  const points = [...cuts].sort((a, b) => a - b);
  const status = Object.fromEntries((art.events || []).map((ev) => [ev.id, ev]));
  const lastTriggerPiece = {};
  spans.filter((s) => s[2] === "data-trigger").forEach(([, e, , id]) => { lastTriggerPiece[id] = e; });
  const frag = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a, b);
    const covering = spans.filter(([s, e]) => s <= a && e >= b);
    if (!covering.length) { frag.appendChild(document.createTextNode(piece)); continue; }
    const attrs = {};
    const classes = new Set(["hl"]);
    for (const [, e, attr, id] of covering) {
      attrs[attr] = attrs[attr] ? attrs[attr] + " " + id : id;
      classes.add(attr.slice(5));
      if (attr === "data-trigger" && status[id]) {
        classes.add("status-" + status[id].status);
        attrs["data-status"] = status[id].status;
        if (e === b) attrs["data-label"] = status[id].type + " · " + status[id].status;
      }
    }
    attrs.class = [...classes].join(" ");
    const titles = covering.map(([, , attr, id]) => {
      const ev = status[id];
      if (ev && attr !== "data-evidence") return id + " " + ev.type + " (" + ev.status + ")";
      return attr === "data-evidence" ? null : id + " " + attr.slice(5);
    }).filter(Boolean);
    if (titles.length) attrs.title = titles.join("; ");
    frag.appendChild(el("span", attrs, piece));
  }
  return frag;
}

function focusItem(attr, id) {
  document.querySelectorAll(".focus").forEach((n) => n.classList.remove("focus"));
  const sel = "#article-text [" + attr + "~=\"" + CSS.escape(id) + "\"]";
  const pieces = document.querySelectorAll(sel);
  pieces.forEach((n) => n.classList.add("focus"));
  document.querySelectorAll("aside [data-event=\"" + CSS.escape(id) + "\"], aside [data-statement=\"" + CSS.escape(id) + "\"]")
    .forEach((n) => n.classList.add("focus"));
  if (pieces.length) pieces[0].scrollIntoView({ block: "center" });
}

async function showArticle(params, id) {
  if (!id) { go("articles"); return; }
  const art = await getJSON("/api/article/" + encodeURIComponent(id));
  const meta = art.article && typeof art.article === "object" ? { ...art, ...art.article } : art;
  const text = meta.text || art.text || "";
  $("article-title").textContent = meta.title || "(untitled)";
  const m = clear($("article-meta"));
  append(m, [meta.source || "", meta.published ? " · published " + meta.published : "", " · id " + (meta.id || id)]);
  const href = safeHref(meta.url);
  if (href) append(m, [" · ", el("a", { href, rel: "noopener noreferrer nofollow" }, "original")]);
  else if (meta.url) append(m, [" · ", meta.url]);
  const lg = clear($("article-legend"));
  lg.appendChild(el("li", null, el("span", { class: "hl trigger" }, "event predicate"), " (its status after it)"));
  lg.appendChild(el("li", null, el("span", { class: "hl evidence" }, "evidence sentence")));
  lg.appendChild(el("li", null, el("span", { class: "hl speaker" }, "speaker")));
  lg.appendChild(el("li", null, el("span", { class: "hl cue" }, "cue")));
  lg.appendChild(el("li", null, el("span", { class: "hl content" }, "statement content")));
  const box = clear($("article-text"));
  box.appendChild(highlightedText(text, art));
  const actors = Object.fromEntries((art.actors || []).map((a) => [a.id, a]));
  const evList = clear($("article-events"));
  for (const ev of art.events || []) {
    const li = el("li", { "data-event": ev.id, tabindex: 0 }, el("span", { class: "muted" }, ev.id + " "), eventLine(ev, actors));
    if (ev.responds_to) li.appendChild(el("div", { class: "muted" }, "answers " + ev.responds_to));
    if (ev.attributed_to) li.appendChild(el("div", { class: "muted" }, "according to statement " + ev.attributed_to));
    onActivate(li, () => focusItem("data-trigger", ev.id));
    evList.appendChild(li);
  }
  if (!(art.events || []).length) evList.appendChild(el("li", { class: "muted" }, "none"));
  const stList = clear($("article-statements"));
  for (const st of art.statements || []) {
    const who = (actors[st.speaker] && actors[st.speaker].name) || st.speaker_text || st.speaker || "?";
    const li = el("li", { "data-statement": st.id, tabindex: 0 }, el("span", { class: "muted" }, st.id + " "),
      el("span", { class: "actor" }, who), " ", el("em", null, st.cue || ""), " ",
      el("span", { class: "badge" }, st.kind || ""), st.stance ? el("span", { class: "badge" }, st.stance) : "",
      el("div", { class: "evidence" }, "“" + (st.content || "") + "”"));
    onActivate(li, () => focusItem("data-content", st.id));
    stList.appendChild(li);
  }
  if (!(art.statements || []).length) stList.appendChild(el("li", { class: "muted" }, "none"));
  const focus = params.get("event");
  if (focus) focusItem("data-trigger", focus);
}

// ---- start ----------------------------------------------------------------------------------

async function counts() {
  try {
    const h = await getJSON("/api/health");
    const c = h.counts || {};
    $("counts").textContent = (c.articles ?? "?") + " articles · " + (c.events ?? "?") + " events · " + (c.statements ?? "?") + " statements";
  } catch (e) { $("counts").textContent = ""; }
}

function start() {
  for (const t of TYPES) $("f-type").appendChild(el("option", { value: t }, t));
  for (const s of STATUSES) $("f-status").appendChild(el("option", { value: s }, s));
  $("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const f of FILTERS) { const v = $("f-" + f).value.trim(); if (v) p.set(f, v); }
    const view = parseHash().view;
    if ($("f-unit").value) p.set("unit", $("f-unit").value);
    go(["timeline", "map", "network", "threads"].includes(view) ? view : "events", p);
  });
  $("f-unit").addEventListener("change", () => $("filters").requestSubmit());
  $("f-reset").addEventListener("click", () => go(parseHash().view === "article" ? "events" : parseHash().view));
  window.addEventListener("hashchange", route);
  counts();
  route();
}

document.addEventListener("DOMContentLoaded", start);
