// The namenode's web UI: every page is drawn from the JSON API under /api/v1. Every string from the
// API goes into the document as text (h() makes text nodes), never as markup: node ids, paths and SQL
// come from whoever registered or submitted them.
"use strict";

const main = document.getElementById("main");
const footer = document.getElementById("footer");
let timer = null;

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "style") Object.assign(el.style, value);
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function svg(tag, attrs, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, String(value));
  append(el, children);
  return el;
}

function append(el, children) {
  // Pages nest arrays of children (a cell holding a label and a note, a list of replicas): all are flattened.
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function bytes(n) {
  if (n === null || n === undefined) return "–";
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(n < 10 ? 2 : 1)) + " " + units[i];
}

function seconds(s) {
  if (s < 1) return Math.round(s * 1000) + " ms";
  if (s < 120) return s.toFixed(1) + " s";
  if (s < 7200) return Math.floor(s / 60) + " min " + Math.round(s % 60) + " s";
  return (s / 3600).toFixed(1) + " h";
}

function time(iso) { return iso ? new Date(iso).toLocaleString() : "–"; }

// A disk's capacity as a bar: the blocks' share, then what other files on that disk take (so that
// used, other and remaining add up to the whole, as HDFS's "Non DFS Used" does).
function capacityBar(capacity, used, remaining) {
  const other = Math.max(0, capacity - used - remaining);
  return bar([["used", used / capacity, bytes(used) + " used by blocks"], ["other", other / capacity, bytes(other) + " used by other files"]]);
}

function bar(parts) {
  return h("div", { class: "bar" }, parts.map(([cls, share, title]) =>
    h("span", { class: cls, title, style: { width: Math.max(0, Math.min(100, share * 100)).toFixed(1) + "%" } })));
}

function table(headers, rows, rowClass) {
  return h("div", { class: "table-wrap" }, h("table", {},
    h("thead", {}, h("tr", {}, headers.map(([label, cls]) => h("th", { class: cls }, label)))),
    h("tbody", {}, rows.map((cells, i) => h("tr", { class: rowClass ? rowClass(i) : null },
      cells.map((cell, j) => h("td", { class: headers[j][1] }, cell)))))));
}

function card(label, value, warn) {
  return h("div", { class: "card" + (warn ? " warn" : "") }, h("div", { class: "muted" }, label), h("div", { class: "value" }, value));
}

async function api(path) {
  const response = await fetch("/api/v1" + path, { credentials: "same-origin", cache: "no-store" });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function stateLabel(state) { return h("span", { class: "state " + state }, state); }

async function overview() {
  const o = await api("/overview");
  return {
    running: o.runningJobs > 0,
    view: [
      h("h2", {}, "Overview"),
      h("p", { class: "muted" }, "Version ", o.version, " · started ", time(o.started), " · ", o.safeModeStatus),
      h("div", { class: "cards" },
        card("Live datanodes", o.liveNodes),
        card("Dead datanodes", o.deadNodes, o.deadNodes > 0),
        card("Decommissioning", o.decommissioningNodes),
        card("Files", o.files),
        card("Blocks", o.blocks),
        card("Under-replicated blocks", o.underReplicatedBlocks, o.underReplicatedBlocks > 0),
        card("Corrupt blocks", o.corruptBlocks, o.corruptBlocks > 0),
        card("Missing blocks", o.missingBlocks, o.missingBlocks > 0),
        card("Running jobs", o.runningJobs)),
      h("h2", {}, "Capacity"),
      h("p", {}, bytes(o.usedBytes), " used by blocks · ", bytes(Math.max(0, o.capacityBytes - o.usedBytes - o.remainingBytes)),
        " by other files · ", bytes(o.remainingBytes), " remaining, of ", bytes(o.capacityBytes)),
      o.capacityBytes ? capacityBar(o.capacityBytes, o.usedBytes, o.remainingBytes) : null,
    ],
  };
}

async function datanodes() {
  const nodes = await api("/datanodes");
  return {
    running: nodes.some(n => n.tasksRunning > 0),
    view: [
      h("h2", {}, "Datanodes (", nodes.length, ")"),
      table(
        [["Node"], ["Address"], ["Rack", "hide-narrow"], ["State"], ["Capacity"], ["Used", "num"], ["Remaining", "num hide-narrow"],
         ["Blocks", "num"], ["Slots busy/free", "num"], ["Last contact", "num"], ["Served local/remote", "num hide-narrow"]],
        nodes.map(n => [
          n.nodeId,
          [n.address, n.httpAddress ? h("div", { class: "muted" }, "metrics: ", n.httpAddress) : null],
          n.rack,
          [stateLabel(n.state), n.adminState !== "normal" ? [" ", stateLabel(n.adminState)] : null,
           n.reachable ? null : h("div", { class: "error" }, "unreachable: ", n.unreachableReason)],
          n.capacityBytes ? capacityBar(n.capacityBytes, n.usedBytes, n.remainingBytes) : "–",
          bytes(n.usedBytes), bytes(n.remainingBytes), n.blocks,
          n.tasksRunning + " / " + Math.max(0, n.taskSlots - n.tasksRunning),
          seconds(n.lastContactSeconds) + " ago",
          h("span", { class: "served", title: "block bytes served since the node started: to its own tasks from its disk / over the network to clients and other nodes' tasks" },
            bytes(n.bytesServedLocal) + " / " + bytes(n.bytesServedRemote)),
        ]),
        i => nodes[i].state === "dead" ? "dead" : nodes[i].adminState),
    ],
  };
}

async function browse(path) {
  const p = await api("/files?path=" + encodeURIComponent(path || "/"));
  const crumbs = [h("a", { href: "#/browse/" }, "/")];
  const parts = p.entry.path.split("/").filter(Boolean);
  parts.forEach((part, i) => crumbs.push(h("a", { href: "#/browse/" + parts.slice(0, i + 1).map(encodeURIComponent).join("/") }, part), i < parts.length - 1 ? "/" : ""));
  const view = [h("h2", {}, "Browse ", ...crumbs)];
  if (p.entry.isDirectory) {
    view.push(table([["Name"], ["Size", "num"], ["Replication", "num"], ["Blocks", "num"], ["Modified", "hide-narrow"]],
      p.children.map(c => [
        h("a", { href: "#/browse/" + c.path.split("/").filter(Boolean).map(encodeURIComponent).join("/") }, c.path.split("/").pop() + (c.isDirectory ? "/" : "")),
        c.isDirectory ? "" : bytes(c.length), c.isDirectory ? "" : c.replication, c.isDirectory ? "" : c.blocks, time(c.modified),
      ])));
    if (p.children.length === 0) view.push(h("p", { class: "muted" }, "Empty directory."));
  } else {
    view.push(h("p", {}, bytes(p.entry.length), " · replication ", p.entry.replication, " · block size ", bytes(p.entry.blockSize), " · ", p.blocks.length, " blocks · modified ", time(p.entry.modified)));
    for (const b of p.blocks) {
      view.push(h("h3", {}, "Block ", b.blockId),
        h("p", {}, "offset ", bytes(b.offset), " · ", bytes(b.length), " · row groups ", b.firstRowGroup, "–", b.firstRowGroup + b.rowGroups - 1,
          " · ", b.rows.toLocaleString(), " rows · replicas: ",
          b.replicas.length ? b.replicas.map((r, i) => [i ? ", " : "", h("span", { class: r.live ? "" : "error" }, r.nodeId, r.live ? "" : " (dead)")]) : h("span", { class: "error" }, "none"),
          b.corruptReplicas.length ? h("span", { class: "error" }, " · corrupt on ", b.corruptReplicas.join(", ")) : null),
        b.columns.length ? table([["Column"], ["Min"], ["Max"], ["Nulls", "num"]], b.columns.map(c => [c.column, c.min ?? "–", c.max ?? "–", c.nullCount ?? "–"])) : null);
    }
  }
  return { running: false, view };
}

function progress(j) {
  return bar([["done", j.tasksTotal ? j.tasksSucceeded / j.tasksTotal : 0, j.tasksSucceeded + " done"],
              ["run", j.tasksTotal ? j.tasksRunning / j.tasksTotal : 0, j.tasksRunning + " running"]]);
}

function localShare(j) {
  const done = j.nodeLocal + j.rackLocal + j.any;
  return done ? Math.round(100 * j.nodeLocal / done) + "%" : "–";
}

async function jobs() {
  const list = await api("/jobs");
  return {
    running: list.some(j => j.state === "running"),
    view: [
      h("h2", {}, "Jobs (", list.length, ")"),
      table([["Job"], ["State"], ["Progress"], ["Tasks", "num"], ["Submitted", "hide-narrow"], ["Duration", "num"], ["Node-local", "num"], ["Skipped by statistics", "num hide-narrow"], ["SQL", "hide-narrow"]],
        list.map(j => [
          h("a", { href: "#/jobs/" + encodeURIComponent(j.id) }, j.id), stateLabel(j.state), progress(j),
          j.tasksSucceeded + "/" + j.tasksTotal, time(j.submitted), seconds(j.durationSeconds), localShare(j),
          j.blocksSkipped + " of " + j.blocksTotal, h("span", { class: "sql" }, j.sql),
        ])),
    ],
  };
}

const levels = ["NODE_LOCAL", "RACK_LOCAL", "ANY"];

function legend() {
  return h("p", { class: "legend" }, levels.map(l => h("span", {}, h("i", { class: "swatch " + l }), l)),
    h("span", { class: "muted" }, "faded: failed, killed or lost attempts"));
}

// Places each node's attempts in rows so that attempts running at once (a node has several task
// slots) sit one above the other instead of hiding each other: the first row free where its bar
// starts. Packed by drawn position, so a bar widened to stay visible still overlaps nothing.
function packRows(attempts) {
  const rowEnds = [], rowOf = new Map();
  for (const a of [...attempts].sort((p, q) => p.left - q.left)) {
    let row = rowEnds.findIndex(e => e <= a.left);
    if (row < 0) row = rowEnds.push(0) - 1;
    rowEnds[row] = a.left + a.barWidth;
    rowOf.set(a, row);
  }
  return { rows: Math.max(1, rowEnds.length), rowOf };
}

function timeline(detail) {
  const started = detail.attempts.filter(a => a.started).map(a => ({ ...a, begin: new Date(a.started).getTime() }));
  const nodes = [...new Set(started.map(a => a.nodeId))].sort();
  const start = new Date(detail.job.submitted).getTime();
  const end = Math.max(start + 1, ...started.map(a => a.begin + a.durationMs),
    detail.job.finished ? new Date(detail.job.finished).getTime() : 0);
  const width = 1000, label = 130, row = 16, gap = 6, top = 18;
  const x = t => label + (width - label - 10) * (t - start) / (end - start);
  const attempts = started.map(a => ({ ...a, left: x(a.begin), barWidth: Math.max(2, x(a.begin + a.durationMs) - x(a.begin)) }));
  const chart = svg("svg", { class: "timeline", role: "img", "aria-label": "event timeline" });
  chart.append(svg("text", { x: label, y: 12 }, "0 s"), svg("text", { x: width - 60, y: 12 }, seconds((end - start) / 1000)));
  let y = top;
  for (const node of nodes) {
    const mine = attempts.filter(a => a.nodeId === node);
    const { rows, rowOf } = packRows(mine);
    const height = rows * row + gap;
    // One group per node: its label, its bars and the line under them.
    const lane = svg("g", { class: "lane", "data-node": node },
      svg("text", { x: 4, y: y + 14 }, node),
      svg("line", { x1: label, x2: width - 10, y1: y + height - 1, y2: y + height - 1, stroke: "#eee" }));
    for (const a of mine) {
      lane.append(svg("rect", {
        class: "attempt " + a.locality + " " + a.outcome, x: a.left, y: y + 3 + rowOf.get(a) * row,
        width: a.barWidth, height: row - 3, rx: 2,
        "data-task": a.taskIndex, "data-attempt": a.attempt, "data-locality": a.locality,
      }, svg("title", {}, `task ${a.taskIndex} attempt ${a.attempt}${a.speculative ? " (speculative)" : ""} on ${a.nodeId}: ${a.locality}, ${a.outcome}, ${seconds(a.durationMs / 1000)}`)));
    }
    chart.append(lane);
    y += height;
  }
  chart.setAttribute("viewBox", `0 0 ${width} ${y + 4}`);
  return chart;
}

function localityMap(detail) {
  const blocks = detail.replicas;
  if (blocks.length === 0) return h("p", { class: "muted" }, "No stored blocks: the job read an external source.");
  const ran = new Map();
  for (const a of detail.attempts) if (a.outcome === "succeeded" && a.blockId) ran.set(a.blockId + "@" + a.nodeId, a.locality);
  return h("div", { class: "table-wrap" }, h("table", { class: "map" },
    h("thead", {}, h("tr", {}, h("th", {}, "node \\ block"), blocks.map((b, i) => h("th", { title: "block " + b.blockId }, i)))),
    h("tbody", {}, detail.nodes.map(node => h("tr", {}, h("th", {}, node), blocks.map(b => {
      const level = ran.get(b.blockId + "@" + node);
      const replica = b.nodes.includes(node);
      return h("td", {
        class: [replica ? "replica" : "", level ? "ran " + level : ""].join(" ").trim() || null,
        title: `block ${b.blockId} on ${node}: ${replica ? (b.atLaunch ? "replica at launch" : "replica now") : "no replica"}${level ? ", task ran here (" + level + ")" : ""}`,
      }, level ? "●" : replica ? "○" : "");
    }))))));
}

async function job(id) {
  const d = await api("/jobs/" + encodeURIComponent(id));
  const j = d.job;
  return {
    running: j.state === "running",
    view: [
      h("h2", {}, "Job ", j.id, " ", stateLabel(j.state)),
      h("p", { class: "sql" }, j.sql),
      j.error ? h("p", { class: "error" }, j.error) : null,
      progress(j),
      h("p", {}, j.tasksSucceeded, "/", j.tasksTotal, " tasks · submitted ", time(j.submitted), " · ", seconds(j.durationSeconds),
        " · node-local ", localShare(j), " · read ", bytes(j.bytesLocal), " locally, ", bytes(j.bytesRemote), " remotely · ",
        j.blocksSkipped, " of ", j.blocksTotal, " blocks skipped by statistics", j.outputPath ? [" · output ", j.outputPath] : null),
      h("h3", {}, "Event timeline"), legend(), timeline(d),
      h("h3", {}, "Locality map"),
      h("p", { class: "muted" }, "○ a replica of the block was on the node when its task launched; ● the task that read it ran there, coloured by locality."),
      localityMap(d),
      h("h3", {}, "Tasks"),
      table([["Task", "num"], ["Attempt", "num"], ["Node"], ["Locality Level"], ["Status"], ["Bytes local", "num"], ["Bytes remote", "num"], ["Rows in/out", "num hide-narrow"], ["Launched", "hide-narrow"], ["Duration", "num"]],
        d.attempts.map(a => [
          a.taskIndex, a.attempt + (a.speculative ? " (speculative)" : ""), a.nodeId, h("span", {}, h("i", { class: "swatch " + a.locality }), a.locality),
          [stateLabel(a.outcome), a.error ? h("div", { class: "error" }, a.error) : null],
          bytes(a.bytesLocal), bytes(a.bytesRemote), a.rowsIn + " / " + a.rowsOut, time(a.started), seconds(a.durationMs / 1000),
        ])),
    ],
  };
}

// Counts renders, so that the answer for a page the user has left (it can arrive after the next
// page's) is dropped instead of replacing the page now shown.
let renders = 0;

async function render() {
  clearTimeout(timer);
  const current = ++renders;
  const hash = location.hash || "#/";
  const [, page = "", ...rest] = hash.split("/");
  document.querySelectorAll("nav a").forEach(a => a.classList.toggle("active", a.dataset.page === (page || "overview")));
  let result;
  try {
    if (page === "datanodes") result = await datanodes();
    else if (page === "browse") result = await browse("/" + rest.map(decodeURIComponent).join("/"));
    else if (page === "jobs" && rest.length && rest[0]) result = await job(decodeURIComponent(rest[0]));
    else if (page === "jobs") result = await jobs();
    else result = await overview();
  } catch (error) {
    result = { running: false, view: [h("p", { class: "error" }, String(error.message || error))] };
  }
  if (current !== renders) return;
  main.replaceChildren(...result.view.filter(Boolean));
  footer.textContent = "Updated " + new Date().toLocaleTimeString() + (result.running ? " · refreshing every 2 s while work runs" : " · refreshing every 10 s");
  timer = setTimeout(render, result.running ? 2000 : 10000);
}

window.addEventListener("hashchange", render);
render();
