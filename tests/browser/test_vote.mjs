// test_vote.mjs: the member's voting page in Debian's chromium, and the
// ballots it makes checked by the C verifier. In order:
//   - ballot.js passes docs/protocol.md's known answers on libsodium's
//     JavaScript build in the browser (ballot_kat.mjs);
//   - members vote through /vote/CODE with the mouse, with the keyboard
//     alone on a 375-px phone, one votes again; wrong codes and missing
//     choices are refused in plain words; axe-core finds no serious or
//     critical violation; without JavaScript the page says voting needs it;
//   - ballots for a 1-to-2-of-4 question made in the browser are appended
//     to a board from `mandate election create`;
//   - `mandate verify` (after tally, decryption and result on copies of
//     the boards) accepts every browser-made ballot, counts the last vote
//     of each member, and lists every receipt number the page showed.
//
// Run by tests/browser/run.sh after vote_setup.sh. Environment:
//   BASE_URL   the server (required)
//   VOTE_DIR   vote_setup.sh's DIR (required)
//   MANDATE    the binary (default ./build-san/mandate)
//   CHROMIUM   the browser (default /usr/bin/chromium)
// Prints "ok NAME" / "FAIL NAME" per test; ends "N passed, N failed".
import { browser, expect, run as runTests, test } from './harness.mjs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import { runKats } from './ballot_kat.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const BASE = (process.env.BASE_URL || '').replace(/\/$/, '');
const DIR = process.env.VOTE_DIR || '';
const MANDATE = process.env.MANDATE || './build-san/mandate';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 20000;


// Voting codes as the credential authority's file has them.
const codes = (name) => readFileSync(`${DIR}/ca/${name}.cred`, 'utf8').split('\n')
  .filter((l) => l.startsWith('voter-')).map((l) => l.split(' ')[1]);
const OFFER = codes('OFFER26');
const PICK = codes('PICK26');
const MULTI = codes('multi');
const shown = { OFFER26: [], PICK26: [], multi: [] }; // receipt numbers members were shown

const consoleErrors = [];
let expectRefusal = false; // the browser logs the 403 of a refused code as an error
async function withPage(opts, fn) {
  const ctx = await browser.newContext({ baseURL: BASE, locale: 'en-GB', ...opts });
  ctx.setDefaultTimeout(TIMEOUT);
  ctx.on('page', (page) => {
    page.on('console', (m) => {
      if (m.type() !== 'error' || (expectRefusal && / 403 /.test(m.text()))) return;
      consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  });
  try { return await fn(await ctx.newPage()); } finally { await ctx.close(); }
}

// Open the page and wait until the form is ready (libsodium loaded).
async function openVote(page, code) {
  await page.goto(`/vote/${code}`);
  await page.locator('form#vote').waitFor({ state: 'visible' });
}

// Serious and critical axe-core violations on the page as it is now.
// axe is injected through the devtools protocol (page.evaluate), which the
// page's CSP does not govern, so the page is checked under its real CSP.
const AXE_SOURCE = readFileSync(AXE_PATH, 'utf8');
async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  const res = await page.evaluate(async () => (await window.axe.run(document)).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
  expect(res.length === 0, `axe-core: ${res.join('; ')}`);
}

// Cast through the page with the mouse: choose the label, type the code, click.
async function castWithMouse(page, ballot, label, code) {
  await openVote(page, ballot);
  await page.getByLabel(label, { exact: true }).check();
  await page.getByLabel('Your voting code').fill(code);
  await page.getByRole('button', { name: 'Cast my vote' }).click();
  const done = page.getByRole('heading', { name: 'Your vote has been cast' });
  await done.waitFor();
  const tracker = (await page.locator('#vote-tracker').innerText()).trim();
  expect(/^[a-z2-7]{16}$/.test(tracker), `a 16-character receipt number is shown: "${tracker}"`);
  shown[ballot].push(tracker);
  return tracker;
}

// Run the organiser's and trustee's steps on a copy of a board and return
// `mandate verify`'s output (it must exit 0) and its --trackers listing.
function verifyCopy(boardDir, name) {
  const copy = `${DIR}/verify-${name}`;
  cpSync(boardDir, copy, { recursive: true });
  const run = (...args) => execFileSync(MANDATE, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  run('election', 'tally', copy);
  run('trustee', 'decrypt', '--secret', `${DIR}/t1/trustee-1.secret`, '--board', copy);
  run('election', 'result', copy);
  return { out: run('verify', copy), trackers: run('verify', copy, '--trackers') };
}
const count = (out, label) => {
  const m = out.match(new RegExp(`^\\s+${label}\\s+(\\d+)$`, 'm'));
  return m ? Number(m[1]) : NaN;
};

// ---------------------------------------------------------------- tests

test('ballot.js passes protocol.md\'s known answers on libsodium\'s JavaScript build in Chromium', async () => {
  await withPage({}, async (page) => {
    await openVote(page, 'OFFER26');
    const src = await page.locator('script[type=module]').getAttribute('src');
    const res = await page.evaluate(runKats, src.replace(/vote\.js$/, 'ballot.js'));
    const bad = res.filter((r) => !r.ok);
    expect(res.length >= 30, `${res.length} known-answer checks ran`);
    expect(bad.length === 0, bad.map((r) => `${r.name} ${r.why}`).join('; '));
  });
});

test('the page and its scripts: strict CSP, scripts cached for a year, no inline script', async () => {
  await withPage({}, async (page) => {
    const res = await page.goto('/vote/OFFER26');
    const csp = res.headers()['content-security-policy'];
    expect(/script-src 'self' 'wasm-unsafe-eval'/.test(csp) && !/unsafe-inline|'unsafe-eval'/.test(csp), `CSP: ${csp}`);
    const src = await page.locator('script[type=module]').getAttribute('src');
    const js = await page.request.get(src);
    expect(js.status() === 200 && /immutable/.test(js.headers()['cache-control']), `script cache: ${js.headers()['cache-control']}`);
    expect(await page.locator('script:not([src])').count() === 0, 'no inline script');
    const old = await page.request.get(src.replace(/\/js\/[0-9a-f]+\//, '/js/0000000000000000/'));
    expect(old.status() === 404, 'another version is a 404');
  });
});

test('a member votes Yes with the mouse and gets their receipt number', async () => {
  await withPage({ viewport: { width: 1280, height: 900 } }, async (page) => {
    const tracker = await castWithMouse(page, 'OFFER26', 'Yes', OFFER[0]);
    expect(await page.locator('form#vote').isHidden(), 'the form is gone once the vote is cast');
    expect((await page.locator('#vote-done').innerText()).includes('only your last vote counts'), 'the re-vote rule is stated');
    expect(await page.evaluate(() => document.activeElement.id) === 'vote-done', 'focus moves to the confirmation');
    await axe(page);
    // the confirmation's link finds the receipt in the public ballot box
    await page.locator('#vote-receipt').click();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url().includes('/ballots/OFFER26/receipt?t=' + tracker), `the link carries the receipt: ${page.url()}`);
    const says = await page.locator('main').innerText();
    expect(says.includes('Your ballot is in the ballot box') && says.includes('the one that counts'), `the receipt page says it counts: ${says.slice(0, 200)}`);
    await axe(page);
  });
});

test('keyboard only, on a 375-px phone: choose No, type the code, Enter', async () => {
  await withPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true }, async (page) => {
    await openVote(page, 'OFFER26');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide <= 375, `no sideways scrolling at 375 px (page is ${wide} px wide)`);
    const box = await page.locator('label[for=q0-yes]').boundingBox();
    expect(box && box.height >= 24, `answers are large targets (${JSON.stringify(box)})`);
    // Tab from the top of the page to the first answer.
    let id = '';
    for (let i = 0; i < 12 && id !== 'q0-yes'; i++) {
      await page.keyboard.press('Tab');
      id = await page.evaluate(() => document.activeElement.id);
    }
    expect(id === 'q0-yes', `Tab reaches the first answer (at ${id})`);
    await page.keyboard.press('ArrowDown'); // radio group: moves to and selects No
    expect(await page.locator('#q0-no').isChecked(), 'ArrowDown chooses No');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement.id) === 'voting-code', 'Tab reaches the voting code');
    await page.keyboard.type(OFFER[1].toUpperCase().replace(/(.{16})/g, '$1 ').trim()); // as printed on a letter
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your vote has been cast' }).waitFor();
    shown.OFFER26.push((await page.locator('#vote-tracker').innerText()).trim());
    await axe(page);
  });
});

test('mistakes are explained in plain words, and nothing is cast', async () => {
  await withPage({ viewport: { width: 1280, height: 900 } }, async (page) => {
    await openVote(page, 'OFFER26');
    const cast = page.getByRole('button', { name: 'Cast my vote' });
    await cast.click();
    await page.getByText('Choose yes or no for').waitFor();
    expect(await page.evaluate(() => document.activeElement.id) === 'q0-yes', 'focus goes to the question');
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByLabel('Your voting code').fill('12345');
    await cast.click();
    await page.getByText('That is not a voting code').waitFor();
    await axe(page);
    // a well-formed code that is not one of this vote's
    await page.getByLabel('Your voting code').fill(MULTI[0]);
    expectRefusal = true;
    try {
      await cast.click();
      await page.getByText('This voting code is not one for this vote').waitFor();
    } finally {
      expectRefusal = false;
    }
    const text = await page.locator('main').innerText();
    for (const jargon of ['ciphertext', 'proof', 'credential', 'encrypt']) {
      expect(!text.toLowerCase().includes(jargon), `no "${jargon}" on the member's page`);
    }
  });
});

test('a member votes again: the page takes it, and only the last vote counts', async () => {
  await withPage({}, async (page) => {
    await castWithMouse(page, 'OFFER26', 'Yes', OFFER[2]);
    await page.getByRole('link', { name: 'Vote again' }).click();
    await page.locator('form#vote').waitFor({ state: 'visible' });
    await castWithMouse(page, 'OFFER26', 'No', OFFER[0]); // voter 1: Yes, then No
  });
});

test('choose one of three, or leave it blank (PICK26)', async () => {
  await withPage({ viewport: { width: 375, height: 740 }, isMobile: true }, async (page) => {
    await castWithMouse(page, 'PICK26', 'Workload', PICK[0]);
  });
  await withPage({}, async (page) => {
    await castWithMouse(page, 'PICK26', 'Leave this question blank', PICK[1]);
  });
  await withPage({}, async (page) => {
    await castWithMouse(page, 'PICK26', 'Workload', PICK[2]);
    await axe(page);
  });
});

test('without JavaScript the page says plainly that voting needs it', async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await page.goto('/vote/OFFER26');
    const text = await page.locator('main').innerText();
    expect(text.includes('Voting needs JavaScript'), `the page says voting needs JavaScript:\n${text}`);
    expect(!text.includes('Getting the voting form ready'), 'and nothing else about the form');
    expect(await page.locator('form#vote').isHidden(), 'no form that cannot work');
  });
});

test('lost your voting code: a plain form, by keyboard, without JavaScript, same answer for any address', async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await page.goto('/vote/OFFER26');
    const box = page.getByLabel('Your email address or mobile number');
    expect(await box.isVisible(), 'the form shows without JavaScript');
    await box.fill('nobody@example.invalid');
    await page.keyboard.press('Enter');
    await page.getByText('we have passed on your request').waitFor();
    const text = await page.locator('main').innerText();
    expect(text.includes('up to a day') && text.includes('ask your workplace rep'), `the answer says what happens:\n${text}`);
  });
  await withPage({}, async (page) => {
    await openVote(page, 'OFFER26');
    await page.getByLabel('Your voting code').focus();
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement.id === 'resend-contact');
    }
    expect(reached, 'Tab from the voting code reaches the resend form');
    await axe(page);
  });
});

test('an unknown vote is a 404; the JSON twin describes the vote', async () => {
  await withPage({}, async (page) => {
    const res = await page.request.get('/vote/NOSUCH');
    expect(res.status() === 404, `status ${res.status()}`);
    const api = await (await page.request.get('/api/v1/vote/OFFER26')).json();
    expect(api.state === 'open' && api.questions[0].yes_no && /^[0-9a-f]+$/.test(api.election), JSON.stringify(api).slice(0, 200));
  });
});

test('ballots for "1 to 2 of 4" made in Chromium go on a board from `mandate election create`', async () => {
  await withPage({}, async (page) => {
    await openVote(page, 'OFFER26'); // a page whose CSP lets libsodium run
    const src = await page.locator('script[type=module]').getAttribute('src');
    const board = `${DIR}/multi/board`;
    const lines = readFileSync(board, 'utf8').trimEnd().split('\n');
    const picks = [[0], [1, 3], [3], [0, 3]]; // A, B+D, D, A+D
    const made = await page.evaluate(async ({ url, lines, codes, picks }) => {
      const B = await import(url);
      const sodium = await B.ready();
      const e = B.parseElection(lines[0].split(' ')[2]);
      const last = lines[lines.length - 1].split(' ');
      let prev = B.boardItemHash(last[0], sodium.from_hex(last[1]), sodium.from_hex(last[2] || ''));
      return picks.map((p, i) => {
        const b = B.makeBallot(e, codes[i], [p]);
        const line = `ballot ${sodium.to_hex(prev)} ${b.hex}\n`;
        prev = B.boardItemHash('ballot', prev, b.payload);
        return { line, tracker: b.tracker };
      });
    }, { url: src.replace(/vote\.js$/, 'ballot.js'), lines, codes: MULTI, picks });
    for (const m of made) { appendFileSync(board, m.line); shown.multi.push(m.tracker); }
    let refused = false;
    await page.evaluate(async ({ url, line, code }) => {
      const B = await import(url);
      await B.ready();
      const e = B.parseElection(line.split(' ')[2]);
      B.makeBallot(e, code, [[0, 1, 2]]); // three of "1 to 2": must throw
    }, { url: src.replace(/vote\.js$/, 'ballot.js'), line: lines[0], code: MULTI[0] }).catch(() => { refused = true; });
    expect(refused, 'a choice the question does not allow is refused before anything is made');
  });
});

test('`mandate verify` accepts every browser-made ballot and counts each member\'s last vote', async () => {
  const offer = verifyCopy(`${process.env.VOTE_DB}.ballots/OFFER26`, 'OFFER26');
  expect(count(offer.out, 'yes') === 1 && count(offer.out, 'no') === 2,
    `OFFER26: 1 yes (voter 3), 2 no (voter 2, and voter 1's second vote):\n${offer.out}`);
  const pick = verifyCopy(`${process.env.VOTE_DB}.ballots/PICK26`, 'PICK26');
  expect(count(pick.out, 'Pay') === 0 && count(pick.out, 'Workload') === 2 && count(pick.out, 'Safety') === 0,
    `PICK26: 2 Workload, 1 blank:\n${pick.out}`);
  const multi = verifyCopy(`${DIR}/multi`, 'multi');
  const want = { 'Motion A': 2, 'Motion B': 1, 'Motion C': 0, 'Motion D': 3 };
  for (const [label, n] of Object.entries(want)) {
    expect(count(multi.out, label) === n, `multi: ${label} ${n}:\n${multi.out}`);
  }
  for (const [name, list] of Object.entries({ OFFER26: offer, PICK26: pick, multi })) {
    for (const t of shown[name]) expect(list.trackers.includes(t), `${name}: receipt ${t} is on the board`);
  }
  expect(shown.OFFER26.length === 4 && shown.PICK26.length === 3, `receipts shown: ${JSON.stringify(shown)}`);
});

test('no console errors or CSP violations on the voting page', async () => {
  expect(consoleErrors.length === 0, consoleErrors.join('\n'));
});

// ---------------------------------------------------------------- run

if (!BASE || !DIR) {
  console.log('FAIL BASE_URL and VOTE_DIR are set\n0 passed, 1 failed');
  process.exit(1);
}
await runTests(CHROMIUM);
