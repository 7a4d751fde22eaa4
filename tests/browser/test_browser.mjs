// test_browser.mjs: mandate in a real browser. Debian's chromium, driven by
// playwright-core (no bundled browser: `npx playwright install` cannot work
// here), against a running server: logging in with the mouse and with the
// keyboard alone, the readiness drill-down, member search, logging a
// conversation, the rep's narrower scope, logging out, the login page at
// phone width, and axe-core on every kind of page.
//
// Run through tests/browser/run.sh, which builds a demo database and starts
// the server. Environment:
//   BASE_URL           the server, e.g. http://127.0.0.1:31234 (required)
//   MANDATE_PASSWORD   the demo password of officer and rep (required)
//   CHROMIUM           the browser (default /usr/bin/chromium)
//   BROWSER_OUT        where screenshots go (default tests/browser/out)
// Prints "ok NAME" or "FAIL NAME" (and why) per test and ends with
// "N passed, N failed"; exits 1 on any failure. No test framework: each test
// is an async function with its own browser context, so one failure does not
// cascade, and every wait is for a selector, a URL or a response, never a
// fixed sleep.
//
// Keep it runnable on Debian 12's own Node 18: playwright-core 1.61.x is the
// last release that supports Node 18 (1.62 needs Node 20).
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const BASE = (process.env.BASE_URL || '').replace(/\/$/, '');
const PASSWORD = process.env.MANDATE_PASSWORD || '';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OUT = process.env.BROWSER_OUT || path.join(here, 'out');
const TIMEOUT = 15000; // per wait; the server under test is an ASan build
const TEST_TIMEOUT = 90000; // per test, whatever happens

let passed = 0;
let failed = 0;
const tests = [];
const test = (name, fn) => tests.push({ name, fn });

class Failure extends Error {}
function expect(cond, why) {
  if (!cond) throw new Failure(why);
}
function expectEq(got, want, what) {
  if (got !== want) throw new Failure(`${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}

// Console errors and uncaught exceptions in the normal (CSP-enforcing)
// contexts, e.g. a CSP violation from an inline style or script; checked by
// the last test.
const consoleErrors = [];
const expected404 = new Set(); // pages a test visits expecting "Not found"

let browser;
// quiet: do not record console errors (for the test that provokes one).
async function newContext({ quiet, ...opts } = {}) {
  const ctx = await browser.newContext({ baseURL: BASE, locale: 'en-GB', ...opts });
  ctx.setDefaultTimeout(TIMEOUT);
  ctx.setDefaultNavigationTimeout(TIMEOUT);
  if (!opts.bypassCSP && !quiet) {
    ctx.on('page', (page) => {
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        if (expected404.has(page.url()) && / 404 /.test(msg.text())) return;
        consoleErrors.push(`${page.url()}: ${msg.text()}`);
      });
      page.on('pageerror', (err) => consoleErrors.push(`${page.url()}: ${err.message}`));
    });
  }
  return ctx;
}

// Run fn with a fresh context (no cookies) and page; always closes it.
async function withPage(opts, fn) {
  const ctx = await newContext(opts);
  try {
    const page = await ctx.newPage();
    return await fn(page, ctx);
  } finally {
    await ctx.close();
  }
}

// Log in through the form with the mouse, as a person would, and wait for
// the redirect to the readiness page.
async function login(page, user) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([
    page.waitForURL(/\/readiness/),
    page.getByRole('button', { name: 'Log in' }).click(),
  ]);
}

// Click a link and wait for the page it leads to.
async function follow(page, link) {
  const href = await link.getAttribute('href');
  expect(href, 'the link has an href');
  const want = new URL(href, page.url()).href;
  await Promise.all([page.waitForURL(want), link.click()]);
}

const h1 = (page) => page.locator('main h1').innerText();

// The rows under the top one in a readiness table: the name link of each
// depth-1 row and its kind (the "group"/"branch"/"workplace" label).
async function childRows(page) {
  const rows = page.locator('table tbody tr.depth-1');
  const out = [];
  for (let i = 0, n = await rows.count(); i < n; i++) {
    const th = rows.nth(i).locator('th[scope=row]');
    out.push({
      link: th.locator('a').first(),
      name: (await th.locator('a').first().innerText()).trim(),
      kind: (await th.locator('span.muted').last().innerText()).trim(),
    });
  }
  return out;
}

// ---------------------------------------------------------------- the flows

test('officer logs in and sees the readiness table with an SVG chart', async () => {
  await withPage({ viewport: { width: 1280, height: 900 } }, async (page) => {
    await login(page, 'officer');
    expect((await h1(page)).startsWith('Readiness: '), `h1 is "${await h1(page)}"`);
    const table = page.locator('main table').first();
    await table.waitFor();
    expectEq(await table.locator('caption').innerText(), 'Ballot readiness by unit', 'table caption');
    const nrows = await table.locator('tbody tr').count();
    expect(nrows >= 2, `the union and its groups are in the table (${nrows} rows)`);
    expectEq(await table.locator('tbody tr.total').count(), 1, 'rows marked as the total');
    const svg = page.locator('main svg.bars').first();
    await svg.waitFor({ state: 'visible' });
    const box = await svg.boundingBox();
    expect(box && box.width > 200 && box.height > 20, `the chart is drawn at a readable size (${JSON.stringify(box)})`);
    const bars = await svg.locator('rect').count();
    expect(bars >= 2 * nrows, `the chart has a bar (and its track) per unit: ${bars} rects for ${nrows} rows`);
    expect((await svg.getAttribute('role')) === 'img' && (await svg.getAttribute('aria-label')), 'the chart has role=img and a label');
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, '.gitignore'), '*\n'); // screenshots never get committed
    await page.screenshot({ path: path.join(OUT, 'readiness.png'), fullPage: true });
  });
});

test('officer drills down union → group → branch → workplace by clicking links', async () => {
  await withPage({}, async (page) => {
    await login(page, 'officer');
    const union = (await page.locator('table tbody tr.total th[scope=row] span.muted').innerText()).trim();
    expectEq(union, 'union', 'the top row is the union');
    for (const kind of ['group', 'branch']) {
      const rows = await childRows(page);
      const row = rows.find((r) => r.kind === kind);
      expect(row, `a ${kind} row to click (rows: ${rows.map((r) => r.kind).join(', ')})`);
      await follow(page, row.link);
      expectEq(await h1(page), `Readiness: ${row.name}`, `h1 after clicking the ${kind}`);
      expectEq((await page.locator('table tbody tr.total th[scope=row] span.muted').innerText()).trim(), kind, 'the top row kind');
      await page.locator('main p.crumbs a').first().waitFor(); // "Part of ..." leads back up
    }
    const rows = await childRows(page);
    const workplace = rows.find((r) => r.kind === 'workplace');
    expect(workplace, 'a workplace row to click');
    await follow(page, workplace.link);
    expect(/\/units\/[^/?]+$/.test(page.url()), `a workplace opens its unit page (${page.url()})`);
    expectEq(await h1(page), workplace.name, 'h1 of the workplace page');
    await page.getByRole('heading', { name: 'What to do next' }).waitFor();
    await page.locator('main svg.bars').first().waitFor({ state: 'visible' });
  });
});

test('officer finds a member through the members search and opens their record', async () => {
  await withPage({}, async (page) => {
    await login(page, 'officer');
    await follow(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }));
    const first = page.locator('main table tbody tr').first();
    const number = (await first.locator('td a').first().innerText()).trim();
    const name = (await first.locator('th[scope=row]').innerText()).trim();
    expect(/^M\d{7}$/.test(number), `a membership number in the list ("${number}")`);
    const surname = name.split(/\s+/).pop();
    await page.getByRole('searchbox', { name: 'Search by name or membership number' }).fill(surname);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/members' && u.searchParams.get('q') === surname),
      page.getByRole('button', { name: 'Search' }).click(),
    ]);
    const names = await page.locator('main table tbody th[scope=row]').allInnerTexts();
    expect(names.length > 0 && names.every((n) => n.toLowerCase().includes(surname.toLowerCase())),
      `every result matches "${surname}": ${names.slice(0, 5).join(', ')}`);
    await follow(page, page.getByRole('link', { name: number, exact: true }));
    expectEq(await h1(page), name, 'the member page heading');
    await page.getByText(`Membership number ${number}`).waitFor();
    await page.getByRole('heading', { name: 'Log a conversation' }).waitFor();
  });
});

test('a rep logs a conversation through the form and sees it on the record', async () => {
  await withPage({}, async (page) => {
    await login(page, 'rep');
    await follow(page, page.getByRole('link', { name: 'Members', exact: true }));
    await follow(page, page.locator('main table tbody tr td a').first());
    const stamp = `browser test ${Date.now()}`;
    const notes = 'Keen to organise <b>the night shift</b>';
    const heldOn = await page.getByLabel('Date').inputValue();
    expect(/^\d{4}-\d{2}-\d{2}$/.test(heldOn), `the date is filled in with today ("${heldOn}")`);
    await page.getByLabel('Assessment').selectOption('2');
    await page.getByLabel('Issues raised').fill(stamp);
    await page.getByLabel('Notes').fill(notes);
    const memberPath = new URL(page.url()).pathname;
    const [post] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`${memberPath}/conversations`)),
      page.getByRole('button', { name: 'Save conversation' }).click(),
    ]);
    expectEq(post.status(), 303, 'status of the form POST (redirect back to the record)');
    await page.waitForURL((u) => u.pathname === memberPath);
    const row = page.locator('main table tbody tr', { hasText: stamp });
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    expectEq(cells[0], heldOn, 'date column');
    expectEq(cells[2], '2 = supportive', 'assessment column');
    expectEq(cells[4].trim(), notes, 'notes column (shown as text)');
    expectEq(await row.locator('td.notes b').count(), 0, 'HTML in notes is not rendered as markup');
  });
});

test('the rep sees only their workplace; the union readiness is not reachable', async () => {
  // The union's code, as the officer sees it.
  const unionCode = await withPage({}, async (page) => {
    await login(page, 'officer');
    const href = await page.locator('table tbody tr.total th[scope=row] a').first().getAttribute('href');
    return href.replace(/^\/units\//, '');
  });
  await withPage({}, async (page) => {
    await login(page, 'rep');
    const title = await h1(page);
    const rows = page.locator('table tbody tr');
    expectEq(await rows.count(), 1, 'rows in the rep\'s readiness table');
    expectEq((await rows.first().locator('th span.muted').innerText()).trim(), 'workplace', 'the one row is a');
    const workplace = title.replace(/^Readiness: /, '');
    expectEq(await page.locator('main p.crumbs').count(), 0, 'links up to the branch');
    expectEq(await page.locator(`main a[href*="unit=${unionCode}"], main a[href="/units/${unionCode}"]`).count(), 0,
      'links to the union');
    for (const p of [`/readiness?unit=${unionCode}`, `/units/${unionCode}`]) {
      expected404.add(BASE + p);
      const res = await page.goto(p);
      expectEq(res.status(), 404, `status of ${p}`);
      expectEq(await h1(page), 'Not found', `heading of ${p}`);
    }
    await page.goto('/members');
    const places = await page.locator('main table tbody tr td:nth-child(4)').allInnerTexts();
    expect(places.length > 0, 'the rep has members listed');
    const others = places.filter((w) => w.trim() !== workplace);
    expect(others.length === 0, `every member listed is at ${workplace}; also: ${[...new Set(others)].join(', ')}`);
  });
});

test('logging out returns to /login and ends the session', async () => {
  await withPage({}, async (page) => {
    await login(page, 'officer');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/login'),
      page.getByRole('button', { name: 'Log out' }).click(),
    ]);
    expectEq(await h1(page), 'Log in', 'heading after logging out');
    await page.goto('/readiness');
    expectEq(new URL(page.url()).pathname, '/login', 'where /readiness leads after logging out');
  });
});

test('the login page at phone width (390x844) has no horizontal scroll', async () => {
  await withPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }, async (page) => {
    await page.goto('/login');
    await page.getByLabel('Username').waitFor({ state: 'visible' });
    const m = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
      inner: window.innerWidth,
    }));
    expect(m.scroll <= m.client, `page is ${m.scroll}px wide in a ${m.client}px viewport`);
    expectEq(m.inner, 390, 'layout viewport width (the page has a width=device-width viewport)');
    for (const label of ['Username', 'Password']) {
      const box = await page.getByLabel(label).boundingBox();
      expect(box.x >= 0 && box.x + box.width <= 390, `${label} field fits: ${JSON.stringify(box)}`);
    }
    const button = await page.getByRole('button', { name: 'Log in' }).boundingBox();
    expect(button.height >= 24 && button.width >= 24, `the button is big enough to tap: ${JSON.stringify(button)}`);
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'login-390.png'), fullPage: true });
  });
});

test('keyboard-only login works (Tab, type, Enter)', async () => {
  await withPage({}, async (page) => {
    await page.goto('/login');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement.textContent.trim());
    expectEq(first, 'Skip to content', 'the first Tab stop');
    let id = '';
    for (let i = 0; i < 10 && id !== 'username'; i++) {
      await page.keyboard.press('Tab');
      id = await page.evaluate(() => document.activeElement.id);
    }
    expectEq(id, 'username', 'Tab reaches the username field');
    await page.keyboard.type('officer');
    await page.keyboard.press('Tab');
    expectEq(await page.evaluate(() => document.activeElement.id), 'password', 'the next Tab stop');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(/\/readiness/), page.keyboard.press('Enter')]);
    expect((await h1(page)).startsWith('Readiness: '), 'Enter logs in and shows readiness');
  });
});

// -------------------------------------------------------------------- axe
// axe.min.js goes in with page.addScriptTag({path}), which adds an inline
// <script>; the pages' Content-Security-Policy (default-src 'self') blocks
// that, as it should. So these contexts, and only these, are created with
// bypassCSP: true; the flows above run with the CSP enforced.
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function axeCheck(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS);
  expect(result.passes.length > 10, `axe ran (${result.passes.length} rules passed)`);
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = result.violations.filter((v) => !bad.includes(v));
  if (minor.length) {
    console.log(`    (${new URL(page.url()).pathname}: minor/moderate, not failing: ` +
      minor.map((v) => `${v.id} [${v.impact}] x${v.nodes.length}`).join('; ') + ')');
  }
  expect(bad.length === 0, bad.map((v) =>
    `${v.id} [${v.impact}] ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}` +
    (v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '')).join('\n'));
}

test('the page CSP blocks injecting axe (hence bypassCSP for the axe runs only)', async () => {
  await withPage({ quiet: true }, async (page) => {
    await page.goto('/login');
    const injected = await page.addScriptTag({ path: AXE_PATH }).then(() => true, () => false);
    expect(!injected && (await page.evaluate(() => typeof window.axe)) === 'undefined',
      'an inline script ran despite the CSP');
  });
});

const axePages = [
  ['login', null, async () => '/login'],
  ['readiness', 'officer', async () => '/readiness'],
  ['readiness (branch)', 'officer', async (page) => {
    await page.goto('/readiness');
    const g = (await childRows(page))[0];
    return g.link.getAttribute('href');
  }],
  ['unit', 'officer', async (page) => {
    await page.goto('/readiness');
    return page.locator('table tbody tr.total th[scope=row] a').first().getAttribute('href');
  }],
  ['members list', 'officer', async () => '/members'],
  ['members search', 'officer', async () => '/members?q=a'],
  ['member', 'rep', async (page) => {
    await page.goto('/members');
    return page.locator('main table tbody tr td a').first().getAttribute('href');
  }],
  ['disputes', 'officer', async () => '/disputes'],
  ['dispute with its timeline', 'officer', async () => '/disputes/PAY26?opens=2026-12-01&closes=2026-12-22'],
  ['dispute (branch secretary)', 'secretary', async () => '/disputes/PAY26'],
  ['statutory ballot turnout', 'officer', async () => '/disputes/PAY26/turnout'],
  ['notice of ballot', 'officer', async () => '/disputes/PAY26/ballot-notice?opens=2026-12-01'],
  ['notice of the result', 'officer', async () => '/disputes/PAY26/result-notice?opens=2026-11-16&closes=2026-12-07&votes=600&yes=450&no=150'],
  ['sample voting paper', 'officer', async () => '/disputes/PAY26/sample-paper?opens=2026-12-01'],
  ['action scenarios compared', 'officer', async () => '/action'],
  ['one action scenario', 'officer', async () => '/action/ROLL'],
  // the demo's online ballots (mandate demo --examples: REF26 open, IND26 closed)
  ['online ballots', 'officer', async () => '/ballots'],
  ['online ballot turnout', 'officer', async () => '/ballots/REF26'],
  ['online ballot turnout (rep)', 'rep', async () => '/ballots/REF26'],
  ['members who have not voted', 'rep', async () => '/ballots/REF26/not-voted'],
  ['reminder waves and the schedule form', 'officer', async () => '/ballots/REF26/reminders'],
  ['did the codes arrive', 'officer', async () => '/ballots/REF26/delivery'],
  ['did the codes arrive (branch secretary)', 'secretary', async () => '/ballots/REF26/delivery'],
  ['check a receipt number', null, async () => '/ballots/REF26/receipt?t=aaaaaaaaaaaaaaaa'],
  ['a trustee decrypts', null, async () => '/ballots/IND26/trustee'],
];
for (const [what, user, where] of axePages) {
  test(`axe: no serious or critical violations on the ${what} page`, async () => {
    await withPage({ bypassCSP: true }, async (page) => {
      if (user) await login(page, user);
      const url = await where(page);
      const res = await page.goto(url);
      expectEq(res.status(), 200, `status of ${url}`);
      await axeCheck(page);
    });
  });
}
test('axe: no serious or critical violations on the login page at phone width', async () => {
  await withPage({ bypassCSP: true, viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
    await page.goto('/login');
    await axeCheck(page);
  });
});

test('the pages logged no console errors (no CSP violations, no script errors)', async () => {
  expect(consoleErrors.length === 0, consoleErrors.slice(0, 10).join('\n'));
});

// ------------------------------------------------------------------ runner
async function main() {
  if (!BASE || !PASSWORD) {
    console.log('FAIL environment\n    set BASE_URL and MANDATE_PASSWORD (tests/browser/run.sh does)');
    console.log('0 passed, 1 failed');
    return 1;
  }
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Playwright's launch() always starts Chromium with a fresh, empty
      // user-data-dir of its own in the temp directory and deletes it on
      // close (it refuses a --user-data-dir here), so nothing leaks from one
      // run, or from a person's own profile, into the next.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 60000,
    });
  } catch (e) {
    console.log(`FAIL launch ${CHROMIUM}\n    ${String(e.message).split('\n').slice(0, 6).join('\n    ')}`);
    console.log('0 passed, 1 failed');
    return 1;
  }
  const only = process.env.BROWSER_TESTS ? new RegExp(process.env.BROWSER_TESTS) : null;
  for (const t of tests) {
    if (only && !only.test(t.name)) continue;
    const t0 = Date.now();
    let timer;
    try {
      await Promise.race([t.fn(), new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Failure(`timed out after ${TEST_TIMEOUT / 1000} s`)), TEST_TIMEOUT);
      })]);
      passed++;
      console.log(`ok ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${t.name}`);
      const msg = String(e instanceof Failure ? e.message : (e && e.stack) || e).replace(/\x1b\[[0-9;]*m/g, '');
      console.log('    ' + msg.split('\n').filter((l) => l.trim()).slice(0, 12).join('\n    '));
    } finally {
      clearTimeout(timer);
    }
  }
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
