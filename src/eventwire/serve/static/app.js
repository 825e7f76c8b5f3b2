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
  "points", "dominant-baseline", "tabindex", "markerUnits"]);

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

function go(view, params, arg) {
  const q = params ? params.toString() : "";
  location.hash = "#/" + view + (arg ? "/" + encodeURIComponent(arg) : "") + (q ? "?" + q : "");
}

function fillForm(params) {
  for (const f of FILTERS) $("f-" + f).value = params.get(f) || "";
  const q = filterParams(params).toString();
  $("export-csv").setAttribute("href", "/api/export.csv" + (q ? "?" + q : ""));
  $("export-jsonl").setAttribute("href", "/api/export.jsonl" + (q ? "?" + q : ""));
}

async function route() {
  const { view, arg, params } = parseHash();
  fillForm(params);
  document.querySelectorAll(".view").forEach((s) => { s.hidden = true; });
  document.querySelectorAll("#nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === view));
  const handlers = { events: showEvents, timeline: showTimeline, network: showNetwork,
    threads: showThreads, articles: showArticles, article: showArticle };
  const handler = handlers[view] || showEvents;
  $("view-" + (handlers[view] ? view : "events")).hidden = false;
  $("filters").hidden = view === "article" || view === "articles";
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
  const q = filterParams(params);
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  q.set("limit", PAGE);
  q.set("offset", offset);
  const body = clear($("events").tBodies[0]);
  const page = await getJSON("/api/events?" + q.toString());
  for (const ev of page.items) {
    const aid = articleId(ev);
    const title = (ev.article && ev.article.title) || "open";
    const link = aid ? el("a", { href: "#/article/" + encodeURIComponent(aid) + "?event=" + encodeURIComponent(ev.id),
      title: "open the article" }, title.length > 60 ? title.slice(0, 57) + "…" : title) : "";
    body.appendChild(el("tr", { "data-event": ev.id },
      el("td", { class: "nowrap" }, eventDate(ev)),
      el("td", null, typeBadge(ev.type), " ",
        el("span", { class: "muted", title: "confidence" }, typeof ev.confidence === "number" ? ev.confidence.toFixed(2) : "")),
      el("td", { class: "actor" }, actorName(ev, "source")),
      el("td", { class: "actor" }, actorName(ev, "target")),
      el("td", null, statusBadge(ev.status)),
      el("td", null, ev.issue || ""),
      el("td", { class: "evidence" }, evidenceWithTrigger(ev)),
      el("td", null, link)));
  }
  if (!page.items.length) body.appendChild(el("tr", null, el("td", { colspan: 8, class: "muted" }, "No events match these filters.")));
  $("page-info").textContent = page.items.length
    ? "events " + (offset + 1) + "–" + (offset + page.items.length) : "";
  const prev = $("prev"), next = $("next");
  prev.disabled = offset === 0;
  next.disabled = page.next_offset === null || page.next_offset === undefined;
  prev.onclick = () => { const p = filterParams(params); if (offset - PAGE > 0) p.set("offset", offset - PAGE); go("events", p); };
  next.onclick = () => { const p = filterParams(params); p.set("offset", page.next_offset); go("events", p); };
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
  let data = await getJSON("/api/timeline?" + q.toString());
  const root = clear($("timeline-svg"));
  legend($("timeline-legend"), data.types);
  const days = mainRange(data.days);
  const outside = data.days.reduce((n, d) => n + d.total, 0) - days.reduce((n, d) => n + d.total, 0);
  $("timeline-note").textContent = data.days.length
    ? days.length + " days with events; " + data.undated + " events without a day-precise date are not shown"
      + (outside ? "; " + outside + " events dated before " + days[0].date + " or after " + days[days.length - 1].date
        + " (mostly past events an article recalls) are left out: set Since and Until to see them" : "")
      + ". Click a bar to list its events."
      + (data.capped ? " Only the newest " + data.scanned + " events were read: narrow the filters to see all." : "")
    : "No dated events match these filters.";
  if (!data.days.length) { root.setAttribute("width", 0); root.setAttribute("height", 0); return; }
  data = { ...data, days };
  const dayMs = 86400000;
  const t0 = Date.parse(data.days[0].date), t1 = Date.parse(data.days[data.days.length - 1].date);
  const span = Math.round((t1 - t0) / dayMs) + 1;
  const W = Math.max(760, Math.min(4000, span * 14)), H = 300, L = 40, B = 40, T = 10;
  const max = Math.max(...data.days.map((d) => d.total));
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
    onActivate(g, () => { const p = filterParams(params); p.set("since", d.date); p.set("until", d.date); go("events", p); });
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
      + (data.capped ? " Only the newest " + data.scanned + " events were read: narrow the filters to see all." : "")
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
    go(["timeline", "network", "threads"].includes(view) ? view : "events", p);
  });
  $("f-reset").addEventListener("click", () => go(parseHash().view === "article" ? "events" : parseHash().view));
  window.addEventListener("hashchange", route);
  counts();
  route();
}

document.addEventListener("DOMContentLoaded", start);
