// harness.mjs: the small test runner the voting, pledge and officer browser
// suites share: test() registers a test, expect() fails it with a reason,
// run() launches Debian's chromium (headless, no profile, nothing fetched
// in the background), runs every test (or those BROWSER_TESTS matches) with
// a 90 s limit each, prints "ok NAME" / "FAIL NAME" and the closing
// "N passed, N failed", and exits non-zero on a failure. `browser` is the
// launched browser, for the suites' own page helpers.
import { chromium } from 'playwright-core';

export class Failure extends Error {}
export const expect = (cond, why) => { if (!cond) throw new Failure(why); };
const tests = [];
export const test = (name, fn) => tests.push({ name, fn });
export let browser;

export async function run(chromiumPath) {
  let passed = 0, failed = 0;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const only = process.env.BROWSER_TESTS ? new RegExp(process.env.BROWSER_TESTS) : null;
  for (const t of tests) {
    if (only && !only.test(t.name)) continue;
    try {
      await Promise.race([t.fn(), new Promise((_, no) => setTimeout(() => no(new Failure('timed out')), 90000))]);
      passed++;
      console.log(`ok ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${t.name}\n    ${String(e.message || e).split('\n').join('\n    ')}`);
    }
  }
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
