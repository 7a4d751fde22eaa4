// test_ballot_officer.mjs: an officer and the trustees run a ballot from
// the web, in Debian's chromium. In order:
//   - the officer creates a ballot through /ballots/new (keys pasted) and
//     lands on its page with the next steps; axe-core finds no serious or
//     critical violation on the form or the page;
//   - the credential authority issues WEB26's credentials on its copy of
//     the board, and the officer uploads that board and credentials.public
//     on the ballot's page (credentials.js): every voter's credential is in;
//   - on TRUST26 (closed, tally on the board: ballot_officer_setup.sh) two
//     trustees decrypt through /ballots/TRUST26/trustee, one picking their
//     .secret file, one pasting it; a wrong key is refused in words before
//     anything is sent; the page is axe-clean;
//   - the officer presses "Publish the result"; the result page shows the
//     thresholds, the other regimes and where a mandate could be won
//     (axe-clean), and `mandate verify` accepts the board: the browser's
//     partial decryptions are byte-exact.
//
// Run by tests/browser/run.sh after ballot_officer_setup.sh. Environment:
//   BASE_URL, MANDATE_PASSWORD  the server and the demo officer's password
//   OFFICER_DIR, OFFICER_DB     the setup's DIR and the database
//   MANDATE, CHROMIUM           the binary and the browser
// Prints "ok NAME" / "FAIL NAME" per test; ends "N passed, N failed".
import { browser, expect, run as runTests, test } from './harness.mjs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BASE = (process.env.BASE_URL || '').replace(/\/$/, '');
const PASSWORD = process.env.MANDATE_PASSWORD || '';
const DIR = process.env.OFFICER_DIR || '';
const DB = process.env.OFFICER_DB || '';
const MANDATE = process.env.MANDATE || './build-san/mandate';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 30000;

const consoleErrors = [];

async function withPage(fn) {
  const ctx = await browser.newContext({ baseURL: BASE, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  ctx.setDefaultTimeout(TIMEOUT);
  ctx.on('page', (page) => {
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  });
  try {
    return await fn(await ctx.newPage());
  } finally {
    await ctx.close();
  }
}

async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  const res = await page.evaluate(async () => (await window.axe.run(document)).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
  expect(res.length === 0, `axe-core: ${res.join('; ')}`);
}

async function login(page) {
  await page.goto('/login');
  await page.getByLabel('Username').fill('officer');
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/readiness/), page.getByRole('button', { name: 'Log in' }).click()]);
}

const file = (p) => readFileSync(`${DIR}/${p}`, 'utf8');

test('the officer creates a ballot through the web form and sees the next steps', async () => {
  await withPage(async (page) => {
    await login(page);
    await page.goto('/ballots');
    await Promise.all([page.waitForURL(/\/ballots\/new$/), page.getByRole('link', { name: 'Create a ballot' }).click()]);
    await axe(page);
    await page.getByLabel(/^Code/).fill('WEB26');
    await page.getByLabel('Title').fill('Indicative ballot on the offer');
    await page.getByLabel('Kind').selectOption('offer');
    await page.getByLabel('Question', { exact: true }).fill('Do you accept the offer?');
    await page.getByLabel(/^Units/).fill(file('branch').trim());
    await page.getByLabel('Voting opens').fill('2026-11-24T09:00');
    await page.getByLabel('Voting closes').fill('2026-12-04T17:00');
    await page.getByLabel(/law the result is judged under/).selectOption('gb-tulrca-2016');
    await page.getByLabel(/trustee's \.public file/).fill(file('t1/trustee-1.public') + file('t2/trustee-2.public'));
    await page.getByLabel(/authority's authority\.public/).fill(file('ca/authority.public'));
    await Promise.all([page.waitForURL(/\/ballots\/WEB26$/), page.getByRole('button', { name: 'Create the ballot' }).click()]);
    const main = await page.locator('main').innerText();
    expect(main.includes('Next steps') && main.includes('voter list'), 'the next steps are shown');
    const csv = await page.evaluate(async () => {
      const r = await fetch('/ballots/WEB26/voters.csv');
      return { status: r.status, text: await r.text() };
    });
    expect(csv.status === 200 && /^\ufeff?voter,group/.test(csv.text), `the voter list downloads: ${csv.status}`);
    await axe(page);
  });
});

// The credential authority's work on WEB26, on its own copy of the board
// (docs/ballots.md): its board and credentials.public, for the upload.
function authorityCredentials() {
  const ca = `${DIR}/ca/WEB26`;
  mkdirSync(ca, { recursive: true });
  copyFileSync(`${DB}.ballots/WEB26/board`, `${ca}/board`);
  const voters = sql("select voters from ballots where code='WEB26'");
  // one run per workplace group, in the order `mandate ballot voters` prints them
  const runs = execFileSync(MANDATE, ['ballot', 'voters', 'WEB26', '--out', `${ca}/voters.csv`, '--db', DB], { encoding: 'utf8' })
    .split('\n').map((l) => l.match(/--voters (\d+)(?: --group ('[^']*'|\S+))? --out/)).filter(Boolean);
  let pub = '';
  runs.forEach((m, i) => {
    const group = m[2] ? ['--group', m[2].replace(/^'|'$/g, '')] : [];
    execFileSync(MANDATE, ['authority', 'credentials', '--secret', `${DIR}/ca/authority.secret`, '--board', `${ca}/board`,
      '--voters', m[1], ...group, '--out', `${ca}/cred-${i + 1}`]);
    pub += readFileSync(`${ca}/cred-${i + 1}`, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))
      .map((l) => { const f = l.split(/\s+/); return `${f[0]} ${f[2]}\n`; }).join('');
  });
  writeFileSync(`${ca}/credentials.public`, pub);
  return { ca, voters };
}
const sql = (q) => execFileSync('sqlite3', [DB, q], { encoding: 'utf8' }).trim();

test('the officer uploads the authority\'s board and credentials.public on the ballot\'s page', async () => {
  const { ca, voters } = authorityCredentials();
  await withPage(async (page) => {
    await login(page);
    await page.goto('/ballots/WEB26');
    await page.getByRole('button', { name: 'Import the credentials' }).waitFor();
    await axe(page);
    await page.getByLabel(/authority's copy of the board/).setInputFiles(`${ca}/board`);
    await page.getByLabel(/public halves/).setInputFiles(`${ca}/credentials.public`);
    await page.getByRole('button', { name: 'Import the credentials' }).click();
    await page.getByText(/Done \d{4}-\d\d-\d\d/).waitFor();
    expect(sql("select count(*) from ballot_voters v join ballots b on b.id=v.ballot_id where b.code='WEB26' and v.credential is not null") === voters,
      `every one of the ${voters} voters has a credential`);
    expect(await page.getByRole('button', { name: 'Import the credentials' }).count() === 0, 'the upload is gone once imported');
  });
});

async function decrypt(page, fill) {
  await page.goto('/ballots/TRUST26/trustee');
  await page.locator('form#trustee').waitFor({ state: 'visible' });
  await fill(page);
  await page.getByRole('button', { name: 'Decrypt my share' }).click();
}

test('a wrong key is refused on the trustee page before anything is sent', async () => {
  await withPage(async (page) => {
    let posted = false;
    page.on('request', (r) => { if (r.method() === 'POST') posted = true; });
    await decrypt(page, (p) => p.getByLabel('Or paste its contents').fill(file('t1/trustee-1.public')));
    await page.locator('#trustee-error').waitFor({ state: 'visible' });
    expect(/no "share" line/.test(await page.locator('#trustee-error').innerText()), 'the refusal says why');
    expect(!posted, 'nothing was posted');
    await axe(page);
  });
});

test('trustee 1 picks their .secret file and their share is on the board', async () => {
  await withPage(async (page) => {
    let body = '';
    page.on('request', (r) => { if (r.method() === 'POST') body += r.postData() || ''; });
    await decrypt(page, (p) => p.getByLabel('Your key file (trustee-N.secret)').setInputFiles(`${DIR}/t1/trustee-1.secret`));
    await page.getByText(/trustee 1's share is on the board \(1 of the 2 needed\)/).waitFor();
    const share = /^share ([0-9a-f]{64})$/m.exec(file('t1/trustee-1.secret'))[1];
    expect(!body.includes(share), 'the key share was not sent');
  });
});

test('trustee 1 cannot decrypt twice; trustee 2 pastes their key', async () => {
  await withPage(async (page) => {
    await decrypt(page, (p) => p.getByLabel('Or paste its contents').fill(file('t1/trustee-1.secret')));
    await page.locator('#trustee-error').waitFor({ state: 'visible' });
    expect(/already decrypted/.test(await page.locator('#trustee-error').innerText()), 'a second decryption is refused');
    await page.getByLabel('Or paste its contents').fill(file('t2/trustee-2.secret'));
    await page.getByRole('button', { name: 'Decrypt my share' }).click();
    await page.getByText(/trustee 2's share is on the board \(2 of the 2 needed\)/).waitFor();
  });
});

test('the officer publishes the result: thresholds, other regimes, where a mandate could be won', async () => {
  await withPage(async (page) => {
    await login(page);
    await page.goto('/ballots/TRUST26');
    await Promise.all([page.waitForURL(/\/ballots\/TRUST26$/), page.getByRole('button', { name: 'Publish the result' }).click()]);
    await page.getByRole('link', { name: /The full result/ }).click();
    await page.waitForURL(/\/ballots\/TRUST26\/result$/);
    const main = await page.locator('main').innerText();
    expect(/Yes\s+12/.test(main) && /No\s+12/.test(main), 'the count: 12 yes, 12 no');
    expect(main.includes('gb-era-2025') && /votes? short/.test(main), 'the other regimes, each threshold missed by how many votes');
    expect(main.includes('Where could a mandate be won') && main.includes('More voters needed'), 'the ranked table');
    await axe(page);
  });
});

test('mandate verify accepts the board with the browser-made decryptions', async () => {
  const out = execFileSync(MANDATE, ['verify', `${DB}.ballots/TRUST26`], { encoding: 'utf8' });
  expect(/ok|verified|passes/i.test(out), out);
});

test('no console errors or CSP violations', async () => {
  expect(consoleErrors.length === 0, consoleErrors.join('\n'));
});

if (!BASE || !DIR || !DB) {
  console.log('FAIL BASE_URL, OFFICER_DIR and OFFICER_DB are set\n0 passed, 1 failed');
  process.exit(1);
}
await runTests(CHROMIUM);
