// The dashboard's pages. Each takes the route's arguments and the user and returns an element.
import { api } from './api.js';
import { agencyColor, barChart, lineChart, swimlanes } from './charts.js';
import { fmtDate, fmtTime, h, table, toast } from './dom.js';

const DAY = 86400000;
const today = () => new Date().toISOString().slice(0, 10);

function link(href, text) {
  return h('a', { href }, text);
}

function personLink(id, name) {
  return link(`#/person/${encodeURIComponent(id)}`, name || id);
}

function familyLink(id) {
  return id ? link(`#/family/${encodeURIComponent(id)}`, id) : '';
}

function asOfForm(value, onChange) {
  const input = h('input', { type: 'date', name: 'as_of', value });
  const form = h('form', { class: 'inline' }, h('label', {}, 'As of ', input),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => { e.preventDefault(); onChange(input.value); });
  return form;
}

async function search(args, user) {
  const results = h('div', { id: 'results' });
  const input = h('input', { name: 'q', type: 'search', size: 40, value: args[0] || '',
    placeholder: 'Name (accents and small misspellings ignored) or A-number', 'aria-label': 'Search' });
  const form = h('form', { class: 'search', role: 'search' }, input, h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    results.replaceChildren(h('p', {}, 'Searching…'));
    try {
      const data = await api(`/api/persons?q=${encodeURIComponent(input.value)}`, { needsPurpose: true });
      if (data.results.length === 0) {
        results.replaceChildren(h('p', {}, `No person you may see matches “${data.query}”.`));
        return;
      }
      results.replaceChildren(table([
        { label: 'Name', cell: (r) => personLink(r.person_id, r.name || '(no name)') },
        { label: 'Record', cell: (r) => r.person_id },
        { label: 'A-number', cell: (r) => r.a_number },
        { label: 'Born', cell: (r) => r.birth_date },
        { label: 'Status', cell: (r) => r.status },
        { label: 'Where', cell: (r) => [r.agency, r.facility_id].filter(Boolean).join(' ') },
        { label: 'Family', cell: (r) => (r.families || []).map((f) => familyLink(f)) },
      ], data.results, { caption: `${data.results.length} result(s) by ${data.by.replace('_', '-')}` }));
    } catch (err) {
      results.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message));
    }
  });
  return h('section', {}, h('h1', {}, 'Search persons'),
    user.role === 'oversight' ? h('p', {}, 'Oversight accounts search no names.') : form, results);
}

async function family([id]) {
  const f = await api(`/api/families/${encodeURIComponent(id)}`, { needsPurpose: true });
  const members = f.members;
  return h('section', {},
    h('h1', {}, `Family ${f.family_unit_id}: `, h('span', { class: `state ${f.state}` }, f.state),
      f.separated_since ? ` since ${fmtDate(f.separated_since)}` : ''),
    h('div', { class: 'legend' }, ['cbp', 'usms', 'ice', 'orr'].map((a) =>
      h('span', {}, h('i', { style: `background:${agencyColor(a)}` }), a.toUpperCase()))),
    h('figure', { class: 'timeline' }, swimlanes(members, f.separations, { events: f.timeline }),
      h('figcaption', {}, 'Custody of each member by agency; red lines mark separations, green reunifications.')),
    table([
      { label: 'Member', cell: (m) => (m.restricted ? `${m.person_id} (another agency's record)` : personLink(m.person_id, m.name)) },
      { label: 'Status', cell: (m) => m.status },
      { label: 'Where now', cell: (m) => (m.current_custody ? `${m.current_custody.agency} ${m.current_custody.facility_id} since ${fmtDate(m.current_custody.since)}` : '') },
    ], members, { caption: 'Members' }),
    f.separations.length ? table([
      { label: 'Child', cell: (s) => s.child_id },
      { label: 'Parent', cell: (s) => s.parent_id || '(not recorded)' },
      { label: 'Separated', cell: (s) => fmtTime(s.separated_at) },
      { label: 'Reason', cell: (s) => s.reason },
      { label: 'Reunified', cell: (s) => fmtTime(s.reunified_at) || 'open' },
      { label: 'Due', cell: (s) => fmtDate(s.reunification_due) },
    ], f.separations, { caption: 'Separations' }) : '',
    table([
      { label: 'When', cell: (t) => fmtTime(t.effective_at) },
      { label: 'Who', cell: (t) => t.person_id },
      { label: 'What', cell: (t) => t.type },
      { label: 'Source', cell: (t) => t.source?.agency || '' },
      { label: 'Detail', cell: (t) => t.summary + (t.superseded_by ? ` [superseded by ${t.superseded_by}]` : '') },
    ], f.timeline, { caption: 'Timeline across agencies' }));
}

async function person([id]) {
  const p = await api(`/api/persons/${encodeURIComponent(id)}`, { needsPurpose: true });
  const r = p.record || {};
  return h('section', {},
    h('h1', {}, p.name || p.person_id),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Record'), h('dd', {}, p.person_id),
      h('dt', {}, 'Status'), h('dd', {}, p.status),
      h('dt', {}, 'Born'), h('dd', {}, r.birth_date || '-'),
      h('dt', {}, 'A-number'), h('dd', {}, r.a_number || '-'),
      h('dt', {}, 'Families'), h('dd', {}, (p.family_units || []).map((f) => familyLink(f)))),
    table([
      { label: 'From', cell: (c) => fmtTime(c.since) },
      { label: 'To', cell: (c) => fmtTime(c.until) || 'now' },
      { label: 'Agency', cell: (c) => c.agency },
      { label: 'Facility', cell: (c) => c.facility_id },
    ], p.custody || [], { caption: 'Custody' }),
    table([
      { label: 'When', cell: (t) => fmtTime(t.effective_at) },
      { label: 'What', cell: (t) => t.type },
      { label: 'Source', cell: (t) => t.source?.agency || '' },
      { label: 'Detail', cell: (t) => t.summary },
    ], p.timeline || [], { caption: 'Timeline' }));
}

function countdown(s, asOf) {
  if (!s.reunification_due) return h('span', {}, '—');
  const days = Math.floor((Date.parse(s.reunification_due) - Date.parse(asOf)) / DAY);
  if (days < 0) return h('span', { class: 'overdue' }, `${-days} days overdue`);
  return h('span', { class: days <= 7 ? 'soon' : 'ok' }, `${days} days left`);
}

// A link that downloads a list as CSV (the same rows, the session's scope; the read is audited).
function csvLink(href, filename) {
  return h('a', { class: 'download', href, download: filename }, 'Download CSV');
}

// Where a separated child is: the custody they are in, or the one they left last and when
// (an ORR shelter that released them to a sponsor), or "not in custody".
function childWhere(s) {
  if (s.child_custody) return `${s.child_custody.agency} ${s.child_custody.facility_id}`;
  const left = s.child_left_custody;
  if (left && left.until) return `left ${left.agency} ${left.facility_id} on ${fmtDate(left.until)}`;
  return 'not in custody';
}

async function separations([asOf = today()]) {
  const data = await api(`/api/separations?as_of=${asOf}T00:00:00Z`);
  return h('section', {}, h('h1', {}, 'Open separations'),
    asOfForm(asOf, (v) => { location.hash = `#/separations/${v}`; }),
    h('p', { class: 'summary' }, `${data.open} open as of ${fmtDate(data.as_of)}, ${data.overdue} past the reunification deadline. `,
      csvLink(`/api/separations?as_of=${asOf}T00:00:00Z&format=csv`, `separations-${asOf}.csv`)),
    table([
      { label: 'Child', cell: (s) => personLink(s.child_id) },
      { label: 'Age', cell: (s) => s.child_age ?? '?' },
      { label: 'Parent', cell: (s) => (s.parent_id ? personLink(s.parent_id) : '(not recorded)') },
      { label: 'Family', cell: (s) => familyLink(s.family_unit_id) },
      { label: 'Separated', cell: (s) => fmtDate(s.separated_at) },
      { label: 'Days apart', cell: (s) => s.days_separated },
      { label: 'Deadline', cell: (s) => fmtDate(s.reunification_due) },
      { label: 'Countdown', cell: (s) => countdown(s, data.as_of) },
      { label: 'Child is at', cell: (s) => childWhere(s) },
    ], data.separations));
}

async function alerts([asOf = today()]) {
  const data = await api(`/api/alerts?as_of=${asOf}T00:00:00Z`);
  return h('section', {}, h('h1', {}, 'Alerts'),
    asOfForm(asOf, (v) => { location.hash = `#/alerts/${v}`; }),
    h('p', {}, csvLink(`/api/alerts?as_of=${asOf}T00:00:00Z&format=csv`, `alerts-${asOf}.csv`)),
    table([
      { label: 'Severity', cell: (a) => h('span', { class: `sev ${a.severity}` }, a.severity) },
      { label: 'Rule', cell: (a) => a.rule_id },
      { label: 'Person', cell: (a) => personLink(a.person_id) },
      { label: 'Since', cell: (a) => fmtTime(a.since) },
      { label: 'Message', cell: (a) => a.message },
    ], data.alerts, { caption: `${data.alerts.length} alert(s) as of ${fmtDate(data.as_of)}` }));
}

function weights(evidence) {
  const entries = Object.entries(evidence || {}).filter(([, v]) => typeof v === 'number');
  if (!entries.length) return h('p', {}, 'No match-weight breakdown recorded.');
  const max = Math.max(1, ...entries.map(([, v]) => Math.abs(v)));
  return h('table', { class: 'weights' },
    h('caption', {}, 'Match weights (log2 m/u) per field'),
    h('tbody', {}, entries.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k),
      h('td', {}, h('span', { class: `bar ${v < 0 ? 'neg' : 'pos'}`, style: `width:${(Math.abs(v) / max) * 120}px` })),
      h('td', { class: 'num' }, v.toFixed(2))))));
}

async function review() {
  const data = await api('/api/review');
  const list = h('div', { class: 'review' });
  if (!data.proposals.length) list.append(h('p', {}, 'The review queue is empty.'));
  for (const p of data.proposals) {
    const note = h('input', { name: 'note', size: 40, placeholder: 'Note (why)', 'aria-label': 'Note' });
    const decide = async (decision) => {
      try {
        await api('/api/review/decisions', { method: 'POST',
          body: { left_id: p.left.person_id, right_id: p.right.person_id, decision, note: note.value, score: p.score } });
        toast(`${decision === 'accept' ? 'Accepted' : 'Rejected'}: ${p.left.person_id} – ${p.right.person_id}`);
        card.remove();
      } catch (err) { toast(err.message, 'error'); }
    };
    const side = (x) => h('dl', { class: 'facts' },
      h('dt', {}, 'Record'), h('dd', {}, x.person_id), h('dt', {}, 'Name'), h('dd', {}, x.name || '-'),
      h('dt', {}, 'Born'), h('dd', {}, x.birth_date || '-'), h('dt', {}, 'A-number'), h('dd', {}, x.a_number || '-'),
      h('dt', {}, 'Source'), h('dd', {}, x.source || '-'));
    const card = h('article', { class: 'card' },
      h('h2', {}, `${p.left.person_id} ↔ ${p.right.person_id}: weight ${p.score.toFixed(2)}`),
      h('div', { class: 'pair' }, side(p.left), side(p.right)), weights(p.evidence),
      h('div', { class: 'actions' }, note,
        h('button', { type: 'button', onclick: () => decide('accept') }, 'Accept link'),
        h('button', { type: 'button', class: 'secondary', onclick: () => decide('reject') }, 'Reject')));
    list.append(card);
  }
  return h('section', {}, h('h1', {}, 'Review queue'), list);
}

function runCharts(result, title) {
  const c = result.charts;
  const colors = ['#1f5f99', '#2e7d4f', '#b8562a'];
  return h('div', { class: 'charts' },
    h('h2', {}, title),
    lineChart(c.occupancy.map((o, i) => ({ ...o, color: colors[i] })),
      { title: 'Occupancy against capacity (dashed): ' + c.occupancy.map((o) => o.name).join(', '), dates: c.dates }),
    barChart(c.separations_per_day.map((v, i) => ({ label: c.dates[i], value: v })),
      { title: 'Children separated per day', color: '#b8562a' }),
    barChart(c.duration_histogram.map((b) => ({ label: b.to_days ? `<${b.to_days}d` : `${b.from_days}+`, value: b.children })),
      { title: 'Separation durations (children per week of duration)', color: '#7a4b94' }));
}

function metricsTable(runs) {
  const names = Object.keys(runs[0].result.metrics);
  const cell = (run, n) => {
    const m = run.result.metrics[n];
    if (!m) return '';
    const half = (m.ci_upper - m.ci_lower) / 2;
    const r = (v) => Math.round(v * 10) / 10;
    return half > 0 ? `${r(m.mean)} ± ${r(half)}` : `${r(m.mean)}`;
  };
  return table([
    { label: 'Metric', cell: (n) => n },
    ...runs.map((run) => ({ label: `${run.scenario} (${run.run_id})`, cell: (n) => cell(run, n) })),
  ], names.filter((n) => !/_(sd_cal|d_ariz|d_nm|wd_tex|sd_tex)$/.test(n)),
  { caption: 'Metrics (mean ± 95% CI half-width)' });
}

async function waitForRun(id, status) {
  for (;;) {
    const run = await api(`/api/scenarios/runs/${id}`);
    status.textContent = `Run ${id}: ${run.state}…`;
    if (run.state === 'done' || run.state === 'failed') return run;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function simulate() {
  const [{ scenarios }, { runs }] = await Promise.all([api('/api/scenarios'), api('/api/scenarios/runs')]);
  const select = h('select', { name: 'scenario', 'aria-label': 'Scenario' },
    scenarios.map((s) => h('option', { value: s.name }, `${s.name} (${s.start} – ${s.end})`)));
  const reps = h('input', { name: 'replications', type: 'number', min: 1, max: 20, value: 1, size: 3 });
  const seed = h('input', { name: 'seed', type: 'number', min: 0, value: 2018, size: 6 });
  const status = h('p', { class: 'status', role: 'status' });
  const out = h('div', { id: 'run-result' });
  const done = runs.filter((r) => r.state === 'done');
  const compareA = h('select', { name: 'a', 'aria-label': 'First run' }, done.map((r) => h('option', { value: r.run_id }, `${r.run_id} ${r.scenario}`)));
  const compareB = h('select', { name: 'b', 'aria-label': 'Second run' }, done.map((r) => h('option', { value: r.run_id }, `${r.run_id} ${r.scenario}`)));
  if (done.length > 1) compareB.selectedIndex = 1;
  const form = h('form', { class: 'inline' },
    h('label', {}, 'Scenario ', select), h('label', {}, 'Replications ', reps), h('label', {}, 'Seed ', seed),
    h('button', { type: 'submit' }, 'Run'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const started = await api('/api/scenarios/runs', { method: 'POST',
        body: { scenario: select.value, replications: Number(reps.value), seed: Number(seed.value) } });
      const run = await waitForRun(started.run_id, status);
      if (run.state === 'failed') { status.textContent = `Run failed: ${run.error}`; return; }
      status.textContent = `Run ${run.run_id} done.`;
      out.replaceChildren(runCharts(run.result, `${run.scenario}, ${run.replications} replication(s), seed ${run.seed}`), metricsTable([run]));
    } catch (err) { status.textContent = err.message; }
  });
  const compareForm = h('form', { class: 'inline' }, h('label', {}, 'Compare ', compareA), h('label', {}, ' with ', compareB),
    h('button', { type: 'submit' }, 'Compare'));
  compareForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const [a, b] = await Promise.all([api(`/api/scenarios/runs/${compareA.value}`), api(`/api/scenarios/runs/${compareB.value}`)]);
    out.replaceChildren(
      lineChart([{ name: a.scenario, values: a.result.charts.separations_per_day, color: '#1f5f99' },
        { name: b.scenario, values: b.result.charts.separations_per_day, color: '#b8562a' }],
      { title: `Children separated per day: ${a.scenario} (blue) vs ${b.scenario} (orange)`, dates: a.result.charts.dates }),
      metricsTable([a, b]));
  });
  return h('section', {}, h('h1', {}, 'Simulation'), form, status,
    done.length > 1 ? compareForm : h('p', {}, 'Run two scenarios to compare them.'), out);
}

async function oversight([asOf = today()]) {
  const [f, audit] = await Promise.all([api(`/api/oversight/figures?as_of=${asOf}T00:00:00Z`), api('/api/audit?limit=50')]);
  const cols = (key, label) => [
    { label, cell: (g) => g[key] },
    { label: 'Separations', cell: (g) => g.separations }, { label: 'Open', cell: (g) => g.open },
    { label: 'Reunified', cell: (g) => g.reunified }, { label: 'Median days', cell: (g) => g.median_days },
    { label: 'Deadlines met', cell: (g) => g.deadlines_met }, { label: 'Missed', cell: (g) => g.deadlines_missed },
    { label: 'Pending', cell: (g) => g.deadlines_pending }];
  return h('section', {}, h('h1', {}, 'Oversight'),
    asOfForm(asOf, (v) => { location.hash = `#/oversight/${v}`; }),
    h('p', { class: 'summary' }, `${f.total.separations} separations, ${f.total.open} open, median ${f.total.median_days} days apart; deadlines met ${f.total.deadlines_met}, missed ${f.total.deadlines_missed}.`),
    barChart(f.by_week.map((w) => ({ label: w.week.slice(5), value: w.separations })), { title: 'Separations per week' }),
    table(cols('district', 'District'), f.by_district, { caption: 'By US Attorney district' }),
    table(cols('sector', 'Sector'), f.by_sector, { caption: 'By Border Patrol sector' }),
    table(cols('week', 'Week of'), f.by_week, { caption: 'By week of separation' }),
    table([
      { label: 'Seq', cell: (e) => e.seq }, { label: 'When', cell: (e) => fmtTime(e.recorded_at) },
      { label: 'User', cell: (e) => e.actor }, { label: 'Action', cell: (e) => e.entry?.action },
      { label: 'Record', cell: (e) => e.entry?.record }, { label: 'Purpose', cell: (e) => e.entry?.purpose },
      { label: 'Outcome', cell: (e) => h('span', { class: e.entry?.outcome }, `${e.entry?.outcome} (${e.entry?.status})`) },
      { label: 'Hash', cell: (e) => h('code', {}, e.hash.slice(0, 12)) },
    ], audit.entries, { caption: 'Audit log (newest first; hash-chained in the ledger)' }));
}

export const pages = { search, family, person, separations, alerts, review, simulate, oversight };
