extension WallboardPage {
    /// The page's behaviour: connection and watchdog, figures into tiles, states with hysteresis,
    /// the ticker, the clock (docs/wallboard.md). `@VERSION@` takes the build's version.
    static let script = #"""
"use strict";
(() => {
const PAGE_VERSION = "@VERSION@";
const LABELS = {
  en: { waiting: "waiting", longest: "Longest wait", target: "target", sl15: "Service level 15 min", slToday: "Service level today",
        asa: "Avg. speed of answer", breachesToday: "Breaches today", atRisk: "At risk", soon: "Breaching in 15 min",
        expected: "Expected wait", agents: "Agents needed", live: "Live", connecting: "Connecting…", reconnecting: "Reconnecting…",
        staleSince: "Stale since", ticker: "Latest breaches", noBreaches: "No breaches", late: "late", ok: "OK", watch: "Watch",
        act: "Act now", unauthorized: "Access token needed: open /?access_token=…", formula: "Service level", none: "–", why_sl: "service level", why_wait: "wait", why_soon: "breaching soon",
        first_response: "first response", next_response: "next response", resolution: "resolution",
        offered: "offered", answered: "answered", removed: "removed" },
  id: { waiting: "menunggu", longest: "Tunggu terlama", target: "target", sl15: "Layanan 15 mnt", slToday: "Layanan hari ini",
        asa: "Rata-rata jawab", breachesToday: "Langgar hari ini", atRisk: "Berisiko", soon: "Langgar dlm 15 mnt",
        expected: "Perkiraan tunggu", agents: "Agen dibutuhkan", live: "Langsung", connecting: "Menghubungkan…", reconnecting: "Menyambung ulang…",
        staleSince: "Usang sejak", ticker: "Pelanggaran terbaru", noBreaches: "Tidak ada pelanggaran", late: "terlambat", ok: "Baik", watch: "Waspada",
        act: "Tindak segera", unauthorized: "Perlu token akses: buka /?access_token=…", formula: "Tingkat layanan", none: "–", why_sl: "tingkat layanan", why_wait: "waktu tunggu", why_soon: "segera melanggar",
        first_response: "respons pertama", next_response: "respons berikutnya", resolution: "penyelesaian",
        offered: "ditawarkan", answered: "dijawab", removed: "diselesaikan" },
};
const query = new URLSearchParams(location.search);
const lang = query.get("lang") === "id" ? "id" : "en";
const T = LABELS[lang];
document.documentElement.lang = lang;
// A kiosk opens /?access_token=TOKEN once: the token moves to this tab's session storage and out of
// the address bar; every request of the page carries it (EventSource cannot send a header).
let token = query.get("access_token");
if (token) {
  sessionStorage.setItem("pantau_token", token);
  query.delete("access_token");
  const rest = query.toString();
  history.replaceState(null, "", location.pathname + (rest ? "?" + rest : ""));
} else {
  token = sessionStorage.getItem("pantau_token");
}
const wanted = (query.get("channel") || "").split(",").filter(s => s.length > 0);
const sound = query.get("sound") === "1";
const $ = id => document.getElementById(id);

const page = { config: null, figures: null, lastMessage: 0, lastEventId: "", source: null, backoff: 1000, retryTimer: 0,
               tiles: new Map(), ticker: [], errors: 0, messages: 0, staleSince: 0, connState: "connecting",
               // [Wallboard] Servers=: the instances of an HA pair; the page talks to one at a time and
               // moves to the next when it fails. Always includes the origin the page came from.
               servers: [location.origin], server: 0, homeCheckedAt: 0, homeCheck: false };
window.pantau = page;  // for the browser tests

function base() { const s = page.servers[page.server]; return s === location.origin ? "" : s; }
function url(path, params, home) {
  const p = new URLSearchParams(params || []);
  if (token) p.set("access_token", token);
  const s = p.toString();
  return (home ? "" : base()) + path + (s ? "?" + s : "");
}
function useServers(listed) {
  const current = page.servers[page.server];
  const servers = (Array.isArray(listed) ? listed : []).filter(s => typeof s === "string" && /^https?:\/\/[^\/\s]+$/.test(s));
  if (!servers.includes(location.origin)) servers.unshift(location.origin);
  page.servers = servers;
  page.server = Math.max(0, servers.indexOf(current));
}

function zoneFormat(options) {
  try { return new Intl.DateTimeFormat(lang === "id" ? "id-ID" : "en-GB", Object.assign({ timeZone: page.config ? page.config.time_zone : undefined, hourCycle: "h23" }, options)); }
  catch (e) { return new Intl.DateTimeFormat(lang === "id" ? "id-ID" : "en-GB", Object.assign({ hourCycle: "h23" }, options)); }
}
let clockFormat = zoneFormat({ hour: "2-digit", minute: "2-digit", second: "2-digit" });
let shortFormat = zoneFormat({ hour: "2-digit", minute: "2-digit" });

function duration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return T.none;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return s + " s";
  if (s < 3600) return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  if (s < 86400) return Math.floor(s / 3600) + " h " + String(Math.floor(s % 3600 / 60)).padStart(2, "0");
  return Math.floor(s / 86400) + " d " + Math.floor(s % 86400 / 3600) + " h";
}
function targetPercent(ratio) { return String(Math.round(ratio * 1000) / 10) + "%"; }
function percent(ratio) {
  return ratio === null || ratio === undefined ? T.none : (Math.floor(ratio * 1000) / 10).toFixed(1) + "%";
}

// --- connection -------------------------------------------------------------------------------
function setConn(state) {
  page.connState = state;
  const el = $("conn");
  el.dataset.state = state;
  el.dataset.server = page.servers[page.server];
  $("conn-text").textContent = state === "live" ? T.live + (base() ? " · " + base().replace(/^https?:\/\//, "") : "") : state === "stale"
    ? T.staleSince + " " + shortFormat.format(new Date(page.staleSince)) : state === "reconnecting" ? T.reconnecting : T.connecting;
}

async function loadConfig() {
  const response = await fetch(url("/api/v1/wallboard"), { cache: "no-store" });
  if (response.status === 401) { page.unauthorized = true; setConn("reconnecting"); $("conn-text").textContent = T.unauthorized; }
  if (!response.ok) throw new Error("HTTP " + response.status);
  page.unauthorized = false;
  const config = await response.json();
  // A new version reloads the page, from the server it came from (a peer's version while that one
  // is down is no reason to reload into a dead server).
  if (config.version !== PAGE_VERSION && !base()) { location.reload(); return false; }
  useServers(config.servers);
  page.config = config;
  clockFormat = zoneFormat({ hour: "2-digit", minute: "2-digit", second: "2-digit" });
  shortFormat = zoneFormat({ hour: "2-digit", minute: "2-digit" });
  buildTiles();
  return true;
}

function connect() {
  if (page.source) { page.source.close(); page.source = null; }
  // One channel= per channel: the server takes a literal comma as a separator and %2C as part
  // of a name, and URLSearchParams would encode the comma.
  const params = wanted.map(name => ["channel", name]);
  if (page.lastEventId) params.push(["last_event_id", page.lastEventId]);
  const source = new EventSource(url("/events", params));
  page.source = source;
  const seen = e => { if (e.lastEventId) page.lastEventId = e.lastEventId; page.lastMessage = Date.now(); };
  source.onopen = () => { page.backoff = 1000; };
  source.addEventListener("snapshot", e => { seen(e); figures(e.data); });
  source.addEventListener("metrics", e => { seen(e); figures(e.data); });
  source.addEventListener("breach", e => { seen(e); breach(e.data); });
  source.addEventListener("warning", e => { seen(e); });
  source.onerror = () => {
    // After an HTTP error or a refused connection EventSource gives up (CLOSED); the watchdog
    // below also catches a stream that stays open but silent (a sleep, a proxy). With peers, any
    // error moves to the next server at once: the peers serve the same figures.
    if (source.readyState === EventSource.CLOSED || page.servers.length > 1) retry();
    else if (page.connState === "live") setConn("reconnecting");
  };
}

function retry() {
  if (page.source) { page.source.close(); page.source = null; }
  if (page.retryTimer) return;
  page.server = (page.server + 1) % page.servers.length;
  if (page.connState === "live") setConn("reconnecting");
  const wait = page.backoff;
  page.backoff = Math.min(page.backoff * 2, 8000);
  page.retryTimer = setTimeout(async () => {  // (a little jitter: a room of kiosks does not reconnect in step)
    page.retryTimer = 0;
    try { if (await loadConfig()) connect(); } catch (e) { retry(); }
  }, wait * (0.75 + Math.random() * 0.5));
}

// On a peer, the page looks at the server it came from every 30 s and goes back to it once it
// answers (reloading there when its version is new): screens return home after a failover, and a
// rolling upgrade reaches them.
function failBack() {
  if (!base() || page.homeCheck || Date.now() - page.homeCheckedAt < 30000) return;
  page.homeCheckedAt = Date.now();
  page.homeCheck = true;
  fetch(url("/api/v1/wallboard", null, true), { cache: "no-store" })
    .then(async response => {
      if (!response.ok || !base()) return;
      page.server = page.servers.indexOf(location.origin);
      page.backoff = 1000;
      if (await loadConfig()) connect();
    })
    .catch(() => {})
    .finally(() => { page.homeCheck = false; });
}

function pushInterval() { return page.config ? Math.max(0.05, page.config.push_interval_seconds) * 1000 : 1000; }

function watchdog() {
  const now = Date.now();
  const age = now - page.lastMessage;
  const staleAfter = Math.max(3000, 3 * pushInterval());
  if (page.lastMessage && age > staleAfter) {
    if (!document.body.classList.contains("stale")) { page.staleSince = page.lastMessage; document.body.classList.add("stale"); }
    setConn("stale");
  }
  // Silence for longer than a keepalive (15 s) and a few pushes: the stream is dead, start again.
  if (page.source && page.lastMessage && age > Math.max(20000, 5 * pushInterval())) retry();
}

// --- figures ----------------------------------------------------------------------------------
function shownChannels() {
  const names = page.config ? page.config.channels.map(c => c.name) : [];
  return wanted.length ? names.filter(n => wanted.includes(n)) : names;
}

function buildTiles() {
  const names = shownChannels();
  const key = names.join("\u0000");
  if (page.tilesKey === key) return;
  page.tilesKey = key;
  const main = $("tiles");
  main.textContent = "";
  page.tiles.clear();
  main.style.setProperty("--columns", String(names.length <= 5 ? Math.max(1, names.length) : Math.ceil(names.length / 2)));
  for (const name of names) {
    const tile = document.createElement("section");
    tile.className = "tile";
    tile.dataset.channel = name;
    tile.dataset.state = "green";
    main.appendChild(tile);
    const field = (tag, cls) => { const el = document.createElement(tag); if (cls) el.className = cls; tile.appendChild(el); return el; };
    field("div", "name").textContent = name;
    const badge = field("div", "badge");
    const queue = field("div", "queue");
    queue.dataset.field = "queue_depth";
    field("div", "queue-label").textContent = T.waiting;
    const dl = field("dl");
    const values = { queue_depth: queue };
    const row = (key, label) => {
      const dt = document.createElement("dt"); dt.textContent = label; dl.appendChild(dt);
      const dd = document.createElement("dd"); dd.dataset.field = key; dl.appendChild(dd); values[key] = dd;
      return dt;
    };
    row("oldest_waiting", T.longest);
    row("sl_15m", T.sl15);
    row("sl_today", T.slToday);
    row("asa_15m", T.asa);
    row("breaches_today", T.breachesToday);
    row("at_risk", T.atRisk);
    row("breaching_15m", T.soon);
    row("expected_wait", T.expected);
    const agentsLabel = row("agents_needed", T.agents);
    const formula = field("div", "formula");
    page.tiles.set(name, { tile, badge, values, formula, agentsLabel, shown: null, pending: null, since: 0 });
  }
}

function channelConfig(name) { return page.config.channels.find(c => c.name === name) || {}; }

function figures(data) {
  page.messages++;
  let doc;
  try { doc = JSON.parse(data); } catch (e) { page.errors++; return; }
  page.figures = doc;
  if (!page.config) return;
  if (page.connState !== "live" || $("conn").dataset.server !== page.servers[page.server]) setConn("live");
  document.body.classList.remove("stale");
  render();
}

// A value (with its target after it, smaller), its raw number for the tests, and its level.
function set(el, text, value, level, of) {
  const key = text + "\u0000" + (of || "");
  if (el.dataset.text !== key) {
    el.dataset.text = key;
    el.textContent = text;
    if (of) { const span = document.createElement("span"); span.className = "of"; span.textContent = " / " + of; el.appendChild(span); }
  }
  const v = value === null || value === undefined ? "" : String(value);
  if (el.dataset.value !== v) el.dataset.value = v;
  const l = level || "";
  if ((el.dataset.level || "") !== l) el.dataset.level = l;
}

function desiredState(cfg, ch, sl15, soon15) {
  const th = page.config.thresholds;
  const reasons = [];
  let level = 0;
  const raise = (to, why) => { if (to > level) level = to; if (!reasons.includes(why)) reasons.push(why); };
  if (cfg.service_level_target !== null && sl15 !== null && sl15 !== undefined && sl15 < cfg.service_level_target) {
    raise(sl15 < cfg.service_level_target - th.amber_band ? 2 : 1, T.why_sl);
  }
  if (cfg.first_response_seconds) {
    const wait = ch.oldest_waiting_seconds;
    if (wait >= cfg.first_response_seconds) raise(2, T.why_wait);
    else if (wait >= th.wait_amber * cfg.first_response_seconds) raise(1, T.why_wait);
  }
  if (soon15 >= th.breaching_soon_red) raise(2, T.why_soon);
  else if (soon15 > 0) raise(1, T.why_soon);
  return { state: ["green", "amber", "red"][level], reasons };
}

function render() {
  const doc = page.figures;
  if (!doc || !page.config) return;
  const now = Date.now();
  const hold = page.config.thresholds.hold_seconds * 1000;
  for (const [name, t] of page.tiles) {
    const ch = doc.channels[name];
    if (!ch) continue;
    const cfg = channelConfig(name);
    const w15 = ch.windows["15m"], today = ch.windows.today;
    const kinds = Object.keys(ch.sla);
    const atRisk = kinds.reduce((n, k) => n + ch.sla[k].at_risk, 0);
    const soon15 = kinds.reduce((n, k) => n + ch.breaching_soon[k]["15m"], 0);
    const v = t.values;
    set(v.queue_depth, String(ch.queue_depth), ch.queue_depth);
    const target = cfg.first_response_seconds;
    const waitCls = target && ch.oldest_waiting_seconds >= target ? "bad" : target && ch.oldest_waiting_seconds >= page.config.thresholds.wait_amber * target ? "warn" : "";
    set(v.oldest_waiting, duration(ch.oldest_waiting_seconds), ch.oldest_waiting_seconds, waitCls, target ? duration(target) : "");
    const slTarget = cfg.service_level_target !== null ? targetPercent(cfg.service_level_target) : "";
    const slCls = (r) => r === null || cfg.service_level_target === null ? "" : r < cfg.service_level_target - page.config.thresholds.amber_band ? "bad" : r < cfg.service_level_target ? "warn" : "";
    set(v.sl_15m, percent(w15.service_level), w15.service_level, slCls(w15.service_level), slTarget);
    set(v.sl_today, percent(today.service_level), today.service_level, slCls(today.service_level), slTarget);
    set(v.asa_15m, duration(w15.asa_seconds), w15.asa_seconds);
    set(v.breaches_today, String(today.breached), today.breached, today.breached > 0 ? "warn" : "");
    set(v.at_risk, String(atRisk), atRisk, atRisk > 0 ? "warn" : "");
    set(v.breaching_15m, String(soon15), soon15, soon15 >= page.config.thresholds.breaching_soon_red ? "bad" : soon15 > 0 ? "warn" : "");
    set(v.expected_wait, duration(ch.wait.expected_seconds), ch.wait.expected_seconds);
    const agents = ch.staffing ? ch.staffing.agents_needed : null;
    const staffed = ch.staffing !== null && ch.staffing !== undefined;
    t.agentsLabel.style.display = staffed ? "" : "none";
    v.agents_needed.style.display = staffed ? "" : "none";
    set(v.agents_needed, agents === null ? T.none : String(agents), agents);
    const formulaText = T.formula + ": " + (T[ch.service_level_formula] || ch.service_level_formula) + " = " + (cfg.formula_text || "");
    if (t.formula.textContent !== formulaText) t.formula.textContent = formulaText;
    // Hysteresis: a new state shows once it has held for `hold`.
    const want = desiredState(cfg, ch, w15.service_level, soon15);
    if (t.shown === null) { t.shown = want.state; t.pending = null; }
    else if (want.state === t.shown) { t.pending = null; }
    else if (t.pending !== want.state) { t.pending = want.state; t.since = now; }
    else if (now - t.since >= hold) { t.shown = want.state; t.pending = null; }
    if (t.tile.dataset.state !== t.shown) t.tile.dataset.state = t.shown;
    const word = t.shown === "red" ? "■ " + T.act : t.shown === "amber" ? "▲ " + T.watch : "● " + T.ok;
    const badge = word + (t.shown !== "green" && want.reasons.length ? ": " + want.reasons.join(", ") : "");
    if (t.badge.textContent !== badge) t.badge.textContent = badge;
  }
}

// --- breaches ---------------------------------------------------------------------------------
function breach(data) {
  let b;
  try { b = JSON.parse(data); } catch (e) { page.errors++; return; }
  if (wanted.length && !wanted.includes(b.channel)) return;
  b.received = Date.now();
  b.lateAtArrival = Math.max(0, (Date.parse(b.at) - Date.parse(b.deadline)) / 1000);
  page.ticker.unshift(b);
  const max = page.config ? page.config.thresholds.ticker_length : 8;
  if (page.ticker.length > max) page.ticker.length = max;
  renderTicker();
  if (sound) beep();
}

function renderTicker() {
  const list = $("ticker");
  const items = page.ticker;
  while (list.children.length > Math.max(1, items.length)) list.removeChild(list.lastChild);
  while (list.children.length < Math.max(1, items.length)) list.appendChild(document.createElement("li"));
  if (!items.length) {
    list.firstChild.className = "none";
    list.firstChild.textContent = T.noBreaches;
    return;
  }
  const now = Date.now();
  items.forEach((b, i) => {
    const li = list.children[i];
    li.className = "";
    li.dataset.ticket = b.ticket;
    const late = b.lateAtArrival + (now - b.received) / 1000;
    const text = b.ticket + " · " + b.channel + " · " + (T[b.sla] || b.sla) + " · " + duration(late) + " " + T.late;
    if (li.textContent !== text) li.textContent = text;
  });
}

let audio = null;
function beep() {
  try {
    audio = audio || new AudioContext();
    const o = audio.createOscillator(), g = audio.createGain();
    o.frequency.value = 880; g.gain.value = 0.2;
    o.connect(g); g.connect(audio.destination);
    o.start(); o.stop(audio.currentTime + 0.25);
  } catch (e) { /* no sound device: the ticker is enough */ }
}

// --- clock, burn-in, start --------------------------------------------------------------------
const shifts = [[0, 0], [2, 1], [3, -1], [1, -2], [-1, -2], [-3, -1], [-2, 1], [0, 2]];
let shift = 0;
function pixelShift() {
  shift = (shift + 1) % shifts.length;
  $("board").style.transform = "translate(" + shifts[shift][0] + "px," + shifts[shift][1] + "px)";
}

function everySecond() {
  $("clock").textContent = clockFormat.format(new Date());
  watchdog();
  failBack();
  renderTicker();
  render();  // a pending state change becomes due with time alone
}

$("ticker-label").textContent = T.ticker;
document.title = "Pantau" + (wanted.length ? " · " + wanted.join(", ") : "");
setConn("connecting");
renderTicker();
everySecond();
setInterval(everySecond, 1000);
setInterval(pixelShift, 60000);
window.addEventListener("online", () => { if (page.connState !== "live") { page.backoff = 1000; retry(); } });
document.addEventListener("visibilitychange", () => { if (!document.hidden && page.connState !== "live") { page.backoff = 1000; retry(); } });
loadConfig().then(ok => { if (ok) connect(); }).catch(() => retry());
})();
"""#
}
