// SVG charts drawn by hand: a family's swimlane timeline, line charts against a capacity line,
// and bar charts. Every chart has a <title> and a text summary for screen readers and print.
import { s } from './dom.js';

const AGENCY_COLORS = {
  cbp: '#1f5f99', usms: '#7a4b94', usao: '#8c6d1f', ice: '#b8562a', orr: '#2e7d4f',
  court: '#6b6b6b', truth: '#999999',
};

export function agencyColor(agency) {
  return AGENCY_COLORS[agency] || '#777777';
}

const DAY = 86400000;

// members: [{person_id, name, restricted, custody: [{agency, facility_id, start, end}]}]
// separations: [{child_id, parent_id, separated_at, reunified_at}]
export function swimlanes(members, separations, { width = 960, now = new Date(), events = [] } = {}) {
  const lane = 44, left = 190, top = 28, right = 20;
  const times = [];
  for (const m of members) {
    for (const c of m.custody || []) {
      times.push(Date.parse(c.start));
      if (c.end) times.push(Date.parse(c.end));
    }
  }
  for (const sep of separations) {
    times.push(Date.parse(sep.separated_at));
    if (sep.reunified_at) times.push(Date.parse(sep.reunified_at));
  }
  for (const e of events) times.push(Date.parse(e.effective_at));
  if (times.length === 0) times.push(now.getTime());
  const t0 = Math.min(...times) - DAY;
  const lastKnown = Math.max(...times);
  const t1 = Math.max(lastKnown + 7 * DAY, t0 + 14 * DAY);
  const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
  const height = top + members.length * lane + 30;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'swimlanes', role: 'img',
    'aria-label': 'Custody of each family member over time, by agency' });
  svg.append(s('title', {}, 'Family timeline: custody per member, separations marked'));
  // Week ticks.
  for (let t = t0; t <= t1; t += 7 * DAY) {
    svg.append(s('line', { x1: x(t), x2: x(t), y1: top - 6, y2: height - 24, class: 'tick' }));
    svg.append(s('text', { x: x(t) + 2, y: top - 10, class: 'tick-label' },
      new Date(t).toISOString().slice(5, 10)));
  }
  members.forEach((m, i) => {
    const y = top + i * lane;
    const label = m.restricted ? `${m.person_id} (restricted)` : (m.name || m.person_id);
    svg.append(s('text', { x: 6, y: y + lane / 2 + 4, class: 'lane-label' }, label));
    svg.append(s('line', { x1: left, x2: width - right, y1: y + lane / 2, y2: y + lane / 2,
      class: 'lane-line' }));
    for (const c of m.custody || []) {
      // Custody still open runs to the right edge.
      const a = Date.parse(c.start), b = c.end ? Date.parse(c.end) : t1;
      const rect = s('rect', { x: x(a), y: y + 8, width: Math.max(2, x(b) - x(a)),
        height: lane - 16, fill: agencyColor(c.agency), class: 'custody', rx: 3 });
      rect.append(s('title', {}, `${c.agency} ${c.facility_id}: ${c.start} – ${c.end || 'now'}`));
      svg.append(rect);
      if (x(b) - x(a) > 34) {
        svg.append(s('text', { x: x(a) + 4, y: y + lane / 2 + 4, class: 'custody-label' },
          c.agency.toUpperCase()));
      }
    }
  });
  const laneOf = (id) => members.findIndex((m) => m.person_id === id);
  for (const sep of separations) {
    const i = laneOf(sep.child_id);
    if (i < 0) continue;
    const xs = x(Date.parse(sep.separated_at));
    const j = laneOf(sep.parent_id);
    const y1 = top + Math.min(i, j < 0 ? i : j) * lane + 4;
    const y2 = top + Math.max(i, j < 0 ? i : j) * lane + lane - 4;
    const mark = s('line', { x1: xs, x2: xs, y1, y2, class: 'separation' });
    mark.append(s('title', {}, `separated ${sep.separated_at} (${sep.reason || ''})`));
    svg.append(mark);
    svg.append(s('text', { x: xs + 3, y: y2 + 12, class: 'separation-label' }, 'separated'));
    if (sep.reunified_at) {
      const xr = x(Date.parse(sep.reunified_at));
      svg.append(s('line', { x1: xr, x2: xr, y1, y2, class: 'reunification' }));
      svg.append(s('text', { x: xr + 3, y: y2 + 12, class: 'reunification-label' }, 'reunified'));
    }
  }
  return svg;
}

function axes(svg, { left, top, w, hgt, max, label }) {
  svg.append(s('line', { x1: left, x2: left + w, y1: top + hgt, y2: top + hgt, class: 'axis' }));
  svg.append(s('line', { x1: left, x2: left, y1: top, y2: top + hgt, class: 'axis' }));
  svg.append(s('text', { x: left - 6, y: top + 4, class: 'axis-label', 'text-anchor': 'end' },
    Math.round(max).toLocaleString()));
  svg.append(s('text', { x: left - 6, y: top + hgt, class: 'axis-label', 'text-anchor': 'end' }, '0'));
  if (label) svg.append(s('text', { x: left, y: top - 6, class: 'chart-title' }, label));
}

// series: [{name, values: [number], capacity?: number, color}]
export function lineChart(series, { title, dates = [], width = 620, height = 220 } = {}) {
  const left = 56, top = 22, w = width - left - 12, hgt = height - top - 28;
  const n = Math.max(1, ...series.map((x) => x.values.length));
  const max = Math.max(1, ...series.flatMap((x) => [...x.values, x.capacity || 0]));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': title });
  svg.append(s('title', {}, title));
  axes(svg, { left, top, w, hgt, max, label: title });
  const px = (i) => left + (i / Math.max(1, n - 1)) * w;
  const py = (v) => top + hgt - (v / max) * hgt;
  series.forEach((x) => {
    const pts = x.values.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
    svg.append(s('polyline', { points: pts, fill: 'none', stroke: x.color, 'stroke-width': 2 }));
    if (x.capacity) {
      svg.append(s('line', { x1: left, x2: left + w, y1: py(x.capacity), y2: py(x.capacity),
        stroke: x.color, 'stroke-dasharray': '5 4', class: 'capacity' }));
    }
  });
  if (dates.length) {
    svg.append(s('text', { x: left, y: height - 8, class: 'axis-label' }, dates[0]));
    svg.append(s('text', { x: left + w, y: height - 8, class: 'axis-label', 'text-anchor': 'end' },
      dates[dates.length - 1]));
  }
  return svg;
}

// bars: [{label, value}]
export function barChart(bars, { title, width = 620, height = 220, color = '#1f5f99' } = {}) {
  const left = 56, top = 22, w = width - left - 12, hgt = height - top - 30;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': title });
  svg.append(s('title', {}, title));
  axes(svg, { left, top, w, hgt, max, label: title });
  const bw = w / Math.max(1, bars.length);
  bars.forEach((b, i) => {
    const bh = (b.value / max) * hgt;
    const r = s('rect', { x: left + i * bw + 1, y: top + hgt - bh, width: Math.max(1, bw - 2),
      height: bh, fill: color });
    r.append(s('title', {}, `${b.label}: ${b.value}`));
    svg.append(r);
    if (bars.length <= 16) {
      svg.append(s('text', { x: left + i * bw + bw / 2, y: height - 12, class: 'axis-label',
        'text-anchor': 'middle' }, b.label));
    }
  });
  return svg;
}
