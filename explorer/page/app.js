// The explorer's page: it reads the scenario's controls from
// GET /api/scenario, turns every move into a --set KEY=VALUE edit, asks
// POST /api/run for the tables `peacesim run -o` writes, and draws them.
// A newer move aborts the request in flight (the server stops that run);
// the edits live in the URL, so a view can be bookmarked or sent.
'use strict';

const $ = (id) => document.getElementById(id);

const state = {
  info: null, // GET /api/scenario
  edits: new Map(), // key → VALUE, in the order first made
  trials: 0,
  seed: '',
  pkg: '',
  inFlight: null, // the AbortController of the request under way
  timer: 0,
  tables: {},
  urls: [], // blob: URLs of the downloads, revoked when replaced
};

// --- numbers ------------------------------------------------------------

// A parameter written for --set: ten significant digits, so that a mean's
// line does not write 5.579999999999999.
const param = (x) => String(Number(x.toPrecision(10)));
const pct = (p) => (p === null || p === undefined || Number.isNaN(p) ? 'NA' : (100 * p).toFixed(1) + '%');
const points = (d) => {
  if (d === null || d === undefined) return 'NA';
  const s = (100 * d).toFixed(1);
  return (d > 0 && s !== '0.0' ? '+' : '') + s + ' pt';
};
const decimals = (step) => {
  const s = String(step);
  return s.includes('e-') ? Number(s.split('e-')[1]) : (s.split('.')[1] || '').length;
};

// --- CSV ----------------------------------------------------------------

// parseCSV reads the CSV peacesim writes (RFC 4180: quotes only where a
// cell needs them) into objects keyed by the header's columns.
function parseCSV(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, j) => [h, r[j]])));
}

// --- elements -----------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) e.append(c);
  return e;
}

const idOf = (key) => 'c-' + key.replace(/[^A-Za-z0-9_-]/g, '_');

// --- controls -----------------------------------------------------------

// The VALUE a control's position writes, as --set takes it.
function valueOf(c, input) {
  switch (c.kind) {
    case 'mean': {
      const m = Number(input.value);
      const ps = c.offset.map((o, i) => param(o + c.slope[i] * m));
      return `${c.family}(${ps.join(', ')})`;
    }
    case 'bool': return input.checked ? 'true' : 'false';
    default: return input.value;
  }
}

// The position an edit's VALUE puts a control at: the mean of a
// distribution on the control's line, a number, a level.
function positionOf(c, value) {
  if (c.kind === 'mean') {
    const ps = (value.match(/\(([^)]*)\)/) || [, ''])[1].split(',').map(Number);
    const i = c.slope.findIndex((s) => s !== 0);
    return i >= 0 && ps.length > i ? (ps[i] - c.offset[i]) / c.slope[i] : c.value;
  }
  if (c.kind === 'bool') return value === 'true';
  if (c.kind === 'level') return value;
  return Number(value);
}

// shown is how a slider's value reads beside it.
function shown(c, v) {
  if (c.kind === 'round') return 'round ' + v;
  return Number(v).toFixed(decimals(c.step));
}

function markEdited(row, key) {
  row.classList.toggle('edited', state.edits.has(key));
}

// control draws one control and wires it to the edits.
function control(c) {
  const id = idOf(c.key);
  const row = el('div', { class: 'row', 'data-key': c.key });
  const edit = state.edits.get(c.key);
  const title = `${c.key} (file: ${c.text})`;
  if (c.kind === 'number' || c.kind === 'mean' || c.kind === 'round') {
    const [lo, hi] = c.range;
    const v = edit !== undefined ? positionOf(c, edit) : c.value;
    const input = el('input', { id, type: 'range', min: lo, max: hi, step: c.step, title });
    input.value = String(v);
    const out = el('output', { for: id, text: shown(c, input.value) });
    input.setAttribute('aria-valuetext', out.textContent);
    input.addEventListener('input', () => {
      out.textContent = shown(c, input.value);
      input.setAttribute('aria-valuetext', c.unit ? `${out.textContent} ${c.unit}` : out.textContent);
      state.edits.set(c.key, valueOf(c, input));
      markEdited(row, c.key);
      changed();
    });
    const unit = c.unit ? ` (${c.unit})` : '';
    if (c.unit) input.setAttribute('aria-valuetext', `${out.textContent} ${c.unit}`);
    row.append(el('label', { for: id, text: c.label + unit }), el('div', { class: 'slider' }, input, out));
  } else if (c.kind === 'level') {
    const select = el('select', { id, title });
    for (const l of c.levels) select.append(el('option', { value: l, text: l.replaceAll('_', ' ') }));
    select.value = edit !== undefined ? edit : c.value;
    select.addEventListener('change', () => {
      state.edits.set(c.key, select.value);
      markEdited(row, c.key);
      changed();
    });
    row.append(el('label', { for: id, text: c.label }), select);
  } else {
    // bool and evidence: a checkbox. Evidence is on when conditioned on:
    // turning it off writes evidence[i].ignore=true, turning on an entry
    // the file ignores evidence[i].ignore=false, and back as the file has
    // it, no edit.
    const input = el('input', { id, type: 'checkbox', title });
    if (c.kind === 'evidence') input.checked = edit !== undefined ? edit !== 'true' : c.value;
    else input.checked = edit !== undefined ? edit === 'true' : c.value;
    input.addEventListener('change', () => {
      if (c.kind === 'evidence') {
        if (input.checked === c.value) state.edits.delete(c.key); else state.edits.set(c.key, input.checked ? 'false' : 'true');
      } else state.edits.set(c.key, valueOf(c, input));
      markEdited(row, c.key);
      changed();
    });
    row.classList.add('check');
    row.append(input, el('label', { for: id, text: c.label }));
  }
  markEdited(row, c.key);
  return row;
}

// drawControls draws every group: the terms of the package being edited,
// the assumptions, the evidence.
function drawControls() {
  const info = state.info;
  const pkg = info.packages.find((p) => p.id === state.pkg);
  $('terms-legend').textContent = 'Terms of ' + (pkg ? pkg.label : state.pkg);
  for (const [group, box] of [['package', 'terms-controls'], ['assumptions', 'assumptions-controls'], ['evidence', 'evidence-controls']]) {
    const cs = info.controls.filter((c) => c.group === group && (group !== 'package' || c.package === state.pkg));
    $(box).replaceChildren(...cs.map(control));
  }
  $('evidence').hidden = !info.controls.some((c) => c.group === 'evidence');
}

// --- the URL ------------------------------------------------------------

function readURL() {
  const q = new URLSearchParams(location.search);
  // An edit of a key no control names is sent too: the server says
  // whether it is one.
  for (const s of q.getAll('set')) {
    const at = s.indexOf('=');
    if (at > 0) state.edits.set(s.slice(0, at), s.slice(at + 1));
  }
  state.trials = Number(q.get('trials')) || state.info.trials;
  state.seed = q.get('seed') || state.info.seed_text;
  const p = q.get('package');
  state.pkg = state.info.packages.some((x) => x.id === p) ? p : state.info.packages[0].id;
}

function writeURL() {
  const q = new URLSearchParams();
  q.set('package', state.pkg);
  if (state.trials !== state.info.trials) q.set('trials', String(state.trials));
  if (state.seed !== state.info.seed_text) q.set('seed', state.seed);
  for (const [k, v] of state.edits) q.append('set', `${k}=${v}`);
  history.replaceState(null, '', '?' + q.toString());
}

// --- running ------------------------------------------------------------

// changed schedules a run: moves within 120 ms make one request, and a
// request under way is aborted by the next.
function changed() {
  writeURL();
  clearTimeout(state.timer);
  state.timer = setTimeout(run, 120);
}

function busy(on, text) {
  $('results').setAttribute('aria-busy', on ? 'true' : 'false');
  $('status').textContent = text;
}

async function run() {
  if (state.inFlight) state.inFlight.abort();
  const ctl = new AbortController();
  state.inFlight = ctl;
  busy(true, 'Computing…');
  const body = { set: [...state.edits].map(([k, v]) => `${k}=${v}`), trials: state.trials, package: state.pkg };
  if (/^\d+$/.test(state.seed)) body.seed = state.seed; // a string: exact beyond 2^53
  let res, answer;
  try {
    res = await fetch('/api/run', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: ctl.signal });
    answer = await res.json();
  } catch (err) {
    if (ctl.signal.aborted) return; // a newer request took over
    busy(false, 'The server did not answer: is peacesim serve still running?');
    return;
  }
  if (state.inFlight !== ctl) return;
  state.inFlight = null;
  if (!res.ok) {
    showProblems(answer);
    busy(false, `Not run: ${answer.error}`);
    return;
  }
  $('problems').hidden = true;
  draw(answer);
  busy(false, `Done: ${answer.trials.toLocaleString('en')} trials in ${answer.seconds.toFixed(2)} s.`);
}

function showProblems(answer) {
  const box = $('problems');
  box.replaceChildren(el('strong', { text: answer.error || 'The run failed.' }));
  if (answer.problems && answer.problems.length) box.append(el('ul', {}, ...answer.problems.map((p) => el('li', { text: p }))));
  box.hidden = false;
}

// --- results ------------------------------------------------------------

function draw(answer) {
  state.tables = answer.tables;
  const cmd = $('command');
  cmd.textContent = answer.command;
  cmd.dataset.sets = JSON.stringify(answer.set);
  cmd.dataset.trials = String(answer.trials);
  cmd.dataset.seed = answer.seed_text;
  drawPathways(parseCSV(answer.tables['pathways.csv']));
  drawDifference(answer.difference);
  drawBlocking(parseCSV(answer.tables['blocking.csv']));
  if (answer.tables['timeline.csv']) drawTimeline(parseCSV(answer.tables['timeline.csv']));
  else $('timeline').hidden = true;
  drawDownloads(answer.files, answer.tables);
  $('results').dataset.done = String(Number($('results').dataset.done || 0) + 1);
}

function drawPathways(rows) {
  const info = state.info;
  const head = el('tr', {}, el('th', { scope: 'col', text: 'Package' }), ...info.pathways.map((w) => el('th', { scope: 'col', title: w.id, text: w.label })));
  const body = info.packages.map((p) => {
    const tr = el('tr', { class: p.id === state.pkg ? 'chosen' : '' }, el('th', { scope: 'row', class: 'text', title: p.id, text: p.label }));
    for (const w of info.pathways) {
      const r = rows.find((x) => x.package === p.id && x.pathway === w.id);
      const td = el('td', {});
      if (r) {
        td.dataset.package = p.id;
        td.dataset.pathway = w.id;
        td.dataset.value = r.probability;
        td.append(pct(Number(r.probability)), el('span', { class: 'ci', text: `${pct(Number(r.ci_low))}–${pct(Number(r.ci_high))}` }));
      } else td.textContent = '—';
      tr.append(td);
    }
    return tr;
  });
  $('pathways').tHead.replaceChildren(head);
  $('pathways').tBodies[0].replaceChildren(...body);
}

function drawDifference(d) {
  const label = (state.info.packages.find((p) => p.id === state.pkg) || {}).label || state.pkg;
  $('difference-caption').textContent = `${label}: as edited against the scenario as loaded (paired, same trials)`;
  const tb = $('difference').tBodies[0];
  if (!d) { tb.replaceChildren(el('tr', {}, el('td', { colspan: 4, text: 'No comparison for this package.' }))); return; }
  tb.replaceChildren(...d.rows.map((r) => {
    const w = state.info.pathways.find((x) => x.id === r.pathway);
    const cls = r.difference > 0 && r.low > 0 ? 'up' : r.difference < 0 && r.high < 0 ? 'down' : '';
    return el('tr', {}, el('th', { scope: 'row', class: 'text', text: w ? w.label : r.pathway }),
      el('td', { class: cls, text: points(r.difference) }),
      el('td', { text: `${points(r.low)} to ${points(r.high)}` }),
      el('td', { text: r.moved.toLocaleString('en') }));
  }));
}

function drawBlocking(rows) {
  const label = (state.info.packages.find((p) => p.id === state.pkg) || {}).label || state.pkg;
  $('blocking-caption').textContent = `Who blocks each pathway: ${label}`;
  const mine = rows.filter((r) => r.package === state.pkg);
  $('blocking').tBodies[0].replaceChildren(...mine.map((r) => el('tr', {},
    el('td', { class: 'text', text: r.pathway.replaceAll('_', ' ') }),
    el('td', { class: 'text', text: r.party }),
    el('td', { class: 'text', text: r.track }),
    el('td', { text: pct(Number(r.rule_blocked)) }),
    el('td', {}, pct(Number(r.blocks)), el('span', { class: 'ci', text: `${pct(Number(r.blocks_low))}–${pct(Number(r.blocks_high))}` })),
    el('td', {}, pct(Number(r.sole)), el('span', { class: 'ci', text: `${pct(Number(r.sole_low))}–${pct(Number(r.sole_high))}` })))));
}

const colours = ['#1f5f99', '#c05a00', '#2e7d32', '#8e24aa', '#00838f', '#6d4c41'];
const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

// drawTimeline draws, for the package being edited, each pathway's chance
// of being reached by each round, with its 95% band.
function drawTimeline(rows) {
  const mine = rows.filter((r) => r.package === state.pkg);
  const R = Math.max(...mine.map((r) => Number(r.round)));
  const pathways = state.info.pathways.filter((w) => mine.some((r) => r.pathway === w.id) && w.id !== state.info.pathways[state.info.pathways.length - 1].id);
  const W = 640, H = 300, L = 44, B = 34, T = 10, Rt = 12;
  const x = (r) => L + ((r - 1) / Math.max(1, R - 1)) * (W - L - Rt);
  const y = (p) => T + (1 - p) * (H - T - B);
  const label = (state.info.packages.find((p) => p.id === state.pkg) || {}).label || state.pkg;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Chance of reaching ${pathways.map((w) => w.label).join(' and ')} by each ${state.info.unit || 'round'}, ${label}` });
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    chart.append(svg('line', { x1: L, x2: W - Rt, y1: y(p), y2: y(p), stroke: '#d5dae0' }));
    const t = svg('text', { x: L - 6, y: y(p) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#5a6470' });
    t.textContent = (100 * p) + '%';
    chart.append(t);
  }
  const ticks = R <= 12 ? [...Array(R).keys()].map((i) => i + 1) : [1, ...[...Array(Math.floor(R / 5)).keys()].map((i) => 5 * (i + 1)).filter((r) => r < R), R];
  for (const r of ticks) {
    const t = svg('text', { x: x(r), y: H - B + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#5a6470' });
    t.textContent = String(r);
    chart.append(t);
  }
  const axis = svg('text', { x: (L + W) / 2, y: H - 4, 'text-anchor': 'middle', 'font-size': 11, fill: '#5a6470' });
  axis.textContent = (state.info.unit || 'round') + ' of talks';
  chart.append(axis);
  const legend = [];
  pathways.forEach((w, i) => {
    const pts = mine.filter((r) => r.pathway === w.id).sort((a, b) => a.round - b.round);
    const colour = colours[i % colours.length];
    const band = pts.map((r) => `${x(r.round)},${y(Number(r.reached_high))}`).concat(pts.slice().reverse().map((r) => `${x(r.round)},${y(Number(r.reached_low))}`));
    chart.append(svg('polygon', { points: band.join(' '), fill: colour, 'fill-opacity': 0.18, stroke: 'none' }));
    chart.append(svg('polyline', { points: pts.map((r) => `${x(r.round)},${y(Number(r.reached))}`).join(' '), fill: 'none', stroke: colour, 'stroke-width': 2 }));
    const last = pts[pts.length - 1];
    legend.push(el('li', {}, el('span', { 'data-colour': colour }), `${w.label}: ${pct(Number(last.reached))} by ${state.info.unit || 'round'} ${last.round}`));
  });
  $('timeline-chart').replaceChildren(chart);
  $('timeline-legend').replaceChildren(...legend);
  // Colours set through the DOM: the page's policy allows no inline style attribute.
  for (const s of $('timeline-legend').querySelectorAll('span[data-colour]')) s.style.background = s.dataset.colour;
  $('timeline-caption').textContent = `Chance each pathway is reached by each ${state.info.unit || 'round'}: ${label}`;
  $('timeline').hidden = false;
}

function drawDownloads(files, tables) {
  for (const u of state.urls) URL.revokeObjectURL(u);
  state.urls = [];
  $('download-list').replaceChildren(...files.map((f) => {
    const u = URL.createObjectURL(new Blob([tables[f]], { type: 'text/csv' }));
    state.urls.push(u);
    return el('li', {}, el('a', { href: u, download: f, text: f }));
  }));
}

// --- start --------------------------------------------------------------

async function start() {
  let res;
  try {
    res = await fetch('/api/scenario');
    state.info = await res.json();
  } catch (err) {
    busy(false, 'The server did not answer: is peacesim serve still running?');
    return;
  }
  const info = state.info;
  document.title = `${info.label} — peacesim explorer`;
  $('title').textContent = info.label;
  $('provenance').textContent = `${info.file} (${info.id}) · ${info.source} · peacesim ${info.version}` + (info.rounds > 1 ? ` · ${info.rounds} rounds of talks` : '');
  readURL();
  const pick = $('package');
  for (const p of info.packages) pick.append(el('option', { value: p.id, text: p.label }));
  pick.value = state.pkg;
  pick.addEventListener('change', () => { state.pkg = pick.value; drawControls(); changed(); });
  const trials = $('trials');
  trials.max = String(info.max_trials);
  trials.value = String(state.trials);
  trials.addEventListener('change', () => {
    const n = Math.round(Number(trials.value));
    if (n >= 1 && n <= info.max_trials) { state.trials = n; changed(); } else busy(false, `Trials must be between 1 and ${info.max_trials.toLocaleString('en')}.`);
  });
  const seed = $('seed');
  seed.value = state.seed;
  seed.addEventListener('change', () => { state.seed = seed.value.trim(); changed(); });
  $('reset').addEventListener('click', () => {
    state.edits.clear();
    state.trials = info.trials;
    state.seed = info.seed_text;
    trials.value = String(state.trials);
    seed.value = state.seed;
    drawControls();
    changed();
  });
  $('copy').addEventListener('click', async () => {
    const text = $('command').textContent;
    try {
      await navigator.clipboard.writeText(text);
      $('copied').textContent = 'Copied.';
    } catch (err) {
      const r = document.createRange();
      r.selectNodeContents($('command'));
      getSelection().removeAllRanges();
      getSelection().addRange(r);
      $('copied').textContent = 'Selected: copy it with Ctrl-C.';
    }
  });
  $('form').addEventListener('submit', (e) => e.preventDefault());
  drawControls();
  writeURL();
  run();
}

start();
