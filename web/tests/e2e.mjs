// End-to-end test of the dashboard in a real headless Chromium (Debian's /usr/bin/chromium driven
// by playwright-core): log in, search, a family timeline, a review decision, a scenario run, the
// separations board and the oversight page. Screenshots go to --artifacts.
//
//   node web/tests/e2e.mjs --kinlink build/src/cli/kinlink \
//     --fixture tests/server/data/truth_small.jsonl --artifacts build/tests/server/e2e-artifacts
//
// It installs web/'s npm packages first (`npm ci`, skipped when node_modules is current; when the
// registry cannot be reached and playwright-core is missing, it exits 77 = skipped), builds a
// ledger from the fixture with `kinlink ingest`, adds accounts with `kinlink user add` and runs
// `kinlink serve` on a free port.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = resolve(webDir, '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const kinlink = resolve(args.kinlink || join(sourceDir, 'build/src/cli/kinlink'));
const fixture = resolve(args.fixture || join(sourceDir, 'tests/server/data/truth_small.jsonl'));
const artifacts = resolve(args.artifacts || join(tmpdir(), 'kinlink-e2e-artifacts'));
const SKIP = 77;
// --base URL: use a server that is already running over tests/server/data (accounts of
// tests/server/server_test_util.h) instead of building a ledger and starting `kinlink serve`.
const PASSWORD = args.password || 'e2e-password-123';

function log(...m) { console.log('[e2e]', ...m); }
function fail(message) { throw new Error(message); }
function check(condition, message) { if (!condition) fail(message); }

function ensurePackages() {
  const lock = join(webDir, 'package-lock.json');
  const installed = join(webDir, 'node_modules/.package-lock.json');
  const current = existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs;
  if (!current) {
    log('npm ci --prefix web');
    const r = spawnSync('npm', ['ci', '--prefix', webDir, '--no-audit', '--no-fund'], { stdio: 'inherit', timeout: 180000 });
    if (r.status !== 0) log('npm ci failed (offline?); using what is installed');
  }
  try {
    return createRequire(join(webDir, 'package.json'))('playwright-core');
  } catch {
    console.log('[e2e] SKIPPED: playwright-core is not installed and npm could not install it');
    process.exit(SKIP);
  }
}

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: sourceDir });
  if (r.status !== 0) fail(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function startServer(db) {
  return new Promise((resolveStart, rejectStart) => {
    const child = spawn(kinlink, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '16',
      '--web', join(webDir, 'public'), '--scenarios', join(sourceDir, 'scenarios')],
    { cwd: sourceDir, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => rejectStart(new Error('kinlink serve did not start')), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^/\s]+\/)/);
      if (m) { clearTimeout(timer); resolveStart({ child, base: m[1] }); }
    });
    child.on('exit', (code) => rejectStart(new Error(`kinlink serve exited (${code})`)));
  });
}

async function apiAs(base, user) {
  const res = await fetch(base + 'api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: PASSWORD, bearer: true }) });
  check(res.ok, `login ${user} via API: ${res.status}`);
  const { token } = await res.json();
  return async (path, init = {}) => {
    const r = await fetch(base + path.replace(/^\//, ''), { ...init,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'X-Purpose': 'e2e test', ...(init.headers || {}) } });
    return { status: r.status, body: await r.json() };
  };
}

async function main() {
  const { chromium } = ensurePackages();
  mkdirSync(artifacts, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'kinlink-e2e-'));
  const db = join(work, 'kinlink.db');
  let server, context;
  try {
    if (args.base) {
      server = { base: args.base.endsWith('/') ? args.base : args.base + '/', child: { kill() {} } };
    } else {
    run(kinlink, ['ingest', '--db', db, '--source', 'truth', fixture, '--as-of', '2018-07-26']);
    run(kinlink, ['user', 'add', 'admin', '--role', 'admin', '--db', db, '--password', PASSWORD, '--cost', 'minimal']);
    run(kinlink, ['user', 'add', 'ice.officer', '--role', 'officer', '--agency', 'ice', '--db', db, '--password', PASSWORD, '--cost', 'minimal']);
    server = await startServer(db);
    }
    const base = server.base;
    log('serving at', base);
    const admin = await apiAs(base, 'admin');
    const proposed = await admin('/api/review/proposals', { method: 'POST', body: JSON.stringify({ proposals: [
      { left_id: 'P4', right_id: 'P7', score: 6.25, evidence: { given_name: 2.5, birth_date: -1.25, sex: 0.8, citizenship: 4.2 } }] }) });
    check(proposed.status === 200, `proposals: ${JSON.stringify(proposed)}`);

    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kinlink-chromium-')), {
      executablePath: '/usr/bin/chromium', headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1366, height: 900 },
    });
    const page = context.pages()[0] || await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // Expected refusals (401 before login, the officer's 403) show as failed loads; other errors count.
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
    const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

    // 1. Login (a wrong password first).
    await page.goto(base);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'not the password');
    await page.click('form.login button');
    await page.waitForSelector('form.login .error:not(:empty)');
    await shot('01-login-failed');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('form.login button');
    await page.waitForSelector('#nav:not([hidden])');
    check((await page.textContent('#user')).includes('admin'), 'user shown after login');
    log('login ok');

    // 2. Search: needs a stated purpose; accents and case ignored.
    await page.fill('#purpose', 'e2e: reunification case review');
    await page.dispatchEvent('#purpose', 'change');
    await page.fill('input[name=q]', 'perez lopez');
    await page.click('form.search button');
    await page.waitForSelector('#results table');
    const names = await page.$$eval('#results tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
    check(names.some((n) => n.includes('José')) && names.some((n) => n.includes('Ana')), `search results: ${names}`);
    await shot('02-search');
    log('search ok:', names.join(', '));

    // 3. Family timeline: swimlanes per member, separations marked.
    await page.click('#results a[href="#/family/F1"]');
    await page.waitForSelector('svg.swimlanes');
    const lanes = await page.$$eval('svg.swimlanes .lane-label', (els) => els.map((e) => e.textContent));
    check(lanes.length === 3, `three lanes: ${lanes}`);
    const separations = await page.$$('svg.swimlanes line.separation');
    check(separations.length >= 1, `the separation marked, got ${separations.length}`);
    check((await page.$$('svg.swimlanes rect.custody')).length >= 5, 'custody intervals drawn');
    await shot('03-family-timeline');
    log('family timeline ok');

    // 4. The open-separations board with deadline countdowns.
    await page.goto(base + '#/separations/2018-06-26');
    await page.waitForSelector('section table tbody tr');
    const rows = await page.$$('section table tbody tr');
    check(rows.length === 4, `4 open separations on 2018-06-26, got ${rows.length}`);
    check((await page.textContent('section table')).includes('days left'), 'countdowns shown');
    // The board as a CSV download, in the browser's own session: a header and the same 4 rows.
    const csvHref = await page.getAttribute('a.download', 'href');
    const csv = await page.evaluate(async (u) => (await fetch(u)).text(), csvHref);
    const csvLines = csv.trim().split('\n');
    check(csvLines[0].startsWith('child_id,parent_id,'), `CSV header: ${csvLines[0]}`);
    check(csvLines.length === 5, `CSV has 4 rows, got ${csvLines.length - 1}`);
    await shot('04-separations');

    // 5. Review decision: the match-weight breakdown, then accept.
    await page.goto(base + '#/review');
    await page.waitForSelector('article.card');
    check((await page.$$('article.card table.weights tr')).length === 4, 'weights table');
    await shot('05-review-queue');
    await page.fill('article.card input[name=note]', 'same child: two records (e2e)');
    await page.click('article.card button:has-text("Accept link")');
    await page.waitForSelector('article.card', { state: 'detached' });
    const queue = await admin('/api/review');
    check(queue.body.proposals.length === 0, 'queue empty after the decision');
    const p7 = await admin('/api/persons/P7');
    check(p7.body.cluster.includes('P4'), `P7 linked with P4: ${JSON.stringify(p7.body.cluster)}`);
    log('review decision ok');

    // 6. Scenario run: occupancy against capacity, separations per day, duration histogram.
    await page.goto(base + '#/simulate');
    await page.waitForSelector('select[name=scenario]');
    await page.selectOption('select[name=scenario]', 'zero-tolerance-2018');
    await page.fill('input[name=replications]', '1');
    await page.click('section form button:has-text("Run")');
    await page.waitForSelector('#run-result .charts svg', { timeout: 240000 });
    const charts = await page.$$('#run-result .charts svg');
    check(charts.length === 3, `three charts, got ${charts.length}`);
    check((await page.$$('#run-result .charts svg line.capacity')).length === 3, 'capacity lines');
    check((await page.textContent('#run-result')).includes('children_separated'), 'metrics table');
    await shot('06-simulation');
    log('scenario run ok');

    // 7. Oversight figures and the audit log, which holds the reads made above.
    await page.goto(base + '#/oversight/2018-07-26');
    await page.waitForSelector('section table');
    const audit = await page.textContent('section');
    check(audit.includes('read_family') && audit.includes('e2e: reunification case review'), 'audit log shows the family read with its purpose');
    await shot('07-oversight');

    // 8. An officer of another agency: the child's record is refused (403) in the page.
    await page.click('#logout');
    await page.waitForSelector('form.login');
    await page.fill('input[name=username]', 'ice.officer');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('form.login button');
    await page.waitForSelector('#nav:not([hidden])');
    await page.fill('#purpose', 'e2e: detention review');
    await page.dispatchEvent('#purpose', 'change');
    await page.goto(base + '#/person/P2');
    await page.waitForSelector('main .error h1');
    check((await page.textContent('main .error h1')) === 'Not allowed', 'officer refused');
    await shot('08-officer-denied');

    check(errors.length === 0, `browser errors: ${errors.join('\n')}`);
    log(`all steps passed; screenshots in ${artifacts}`);
  } finally {
    if (context) await context.close();
    if (server) server.child.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error('[e2e] FAILED:', e.message); process.exit(1); });
