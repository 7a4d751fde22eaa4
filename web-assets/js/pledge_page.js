// pledge_page.js: the signing page's two steps (page_pledge.c), "Sign the
// pledge" and "Withdraw my pledge". It makes the pledge on this device
// with pledge.js (the name sealed to the trustees' key, the pledge signed
// with the member's pledge code), sends only that, and shows the receipt
// once the server says the pledge is counted. The pledge code, the name,
// the statement and the number never leave this page in the clear;
// nothing is stored in the browser. A link may carry the pledge code in
// its fragment (#code=HEX), which browsers never send to a server.
import * as P from './pledge.js';

const $ = (id) => document.getElementById(id);
const form = $('pledge');
const errorEl = $('pledge-error');
const statusEl = $('pledge-status');
let campaign = null;
let busy = false;

function showError(text, focusEl) {
  errorEl.textContent = text;
  errorEl.hidden = !text;
  if (focusEl) { focusEl.setAttribute('aria-invalid', 'true'); focusEl.focus(); }
}

function clearErrors() {
  showError('');
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

function refusal(status, body) {
  const why = (body && body.error) || '';
  if (status === 403 && /not issued/.test(why)) return 'This pledge code is not one for this campaign. Check it against your email or letter.';
  if (status === 403) return `Not taken: ${why}`;
  if (status === 409) return 'Your pledge changed on another device at the same moment. Reload the page and try again.';
  if (status === 429) return 'Too many tries from this connection. Wait a few minutes, then try again.';
  if (status === 400) return `Not taken: ${why}`;
  return 'Your pledge did not reach the server, so nothing was recorded. Check your connection and try again.';
}

async function api(path, method, body) {
  const res = await fetch(path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'omit',
    cache: 'no-store',
  });
  let json = null;
  try { json = await res.json(); } catch (e) { json = null; }
  return { status: res.status, json };
}

// The pledge code typed, its public half and its state on the server.
async function credentialState() {
  const input = $('credential');
  const pub = P.publicOf(input.value);
  if (!pub) { showError('Your pledge code is 64 letters and numbers: check it against your email or letter.', input); return null; }
  const r = await api(`/api/v1/pledges/${encodeURIComponent(campaign.code)}/credentials/${pub}`, 'GET');
  if (r.status === 404) { showError('This pledge code is not one for this campaign. Check it against your email or letter.', input); return null; }
  if (r.status !== 200) { showError(refusal(r.status, r.json)); return null; }
  return { secret: input.value, seq: r.json.seq, counted: r.json.counted };
}

function done(title, text, receipt) {
  form.hidden = true;
  $('pledge-done-title').textContent = title;
  $('pledge-done-text').textContent = text;
  $('pledge-receipt-line').hidden = !receipt;
  if (receipt) $('pledge-receipt').textContent = receipt;
  const sec = $('pledge-done');
  sec.hidden = false;
  sec.focus();
}

async function signPledge(ev) {
  ev.preventDefault();
  if (busy) return;
  clearErrors();
  const actions = [...form.querySelectorAll('input[name=action]:checked')].map((i) => Number(i.value));
  if (actions.length === 0) { showError('Choose at least one thing you pledge to do.', form.querySelector('input[name=action]')); return; }
  const statementEl = $('statement');
  const statement = statementEl ? statementEl.value.trim() : '';
  if (statementEl && !statement) { showError('Describe the danger in your own words: it goes in the letter beside your name.', statementEl); return; }
  const nameEl = $('signer-name');
  const name = nameEl.value.trim();
  if (!name) { showError('Write your name as it should appear in the letter.', nameEl); return; }
  busy = true;
  statusEl.textContent = 'Locking your name and signing on this device\u2026';
  try {
    const st = await credentialState();
    if (!st) return;
    let made;
    try {
      made = P.makePledge(campaign, st.secret, st.seq + 1, actions, name, statement, $('member-number').value.trim());
    } catch (e) { showError(e.message); return; }
    statusEl.textContent = 'Sending your pledge\u2026';
    const r = await api(`/api/v1/pledges/${encodeURIComponent(campaign.code)}/sign`, 'POST', made);
    if (r.status !== 201) { showError(refusal(r.status, r.json)); return; }
    done(st.counted ? 'Your new pledge replaces your earlier one' : 'Your pledge is counted',
      'No one can see who signed until enough of you have. You can withdraw until then.', r.json.receipt);
  } catch (e) {
    showError(refusal(0, null));
  } finally {
    busy = false;
    statusEl.textContent = '';
  }
}

async function withdrawPledge() {
  if (busy) return;
  clearErrors();
  busy = true;
  statusEl.textContent = 'Signing your withdrawal on this device\u2026';
  try {
    const st = await credentialState();
    if (!st) return;
    if (!st.counted) { showError('This pledge code has no pledge to withdraw.', $('credential')); return; }
    const made = P.makeWithdrawal(campaign, st.secret, st.seq + 1);
    const r = await api(`/api/v1/pledges/${encodeURIComponent(campaign.code)}/withdraw`, 'POST', made);
    if (r.status !== 200) { showError(refusal(r.status, r.json)); return; }
    done('Your pledge is withdrawn', 'It no longer counts, and your locked name has been deleted.', null);
  } catch (e) {
    showError(refusal(0, null));
  } finally {
    busy = false;
    statusEl.textContent = '';
  }
}

async function start() {
  if (!form) return;
  await P.ready();
  campaign = P.parseCampaign(form.dataset.campaign);
  const m = /(?:^#|&)code=([0-9a-fA-F]{64})/.exec(location.hash || '');
  if (m) $('credential').value = m[1];
  form.addEventListener('submit', signPledge);
  $('withdraw').addEventListener('click', withdrawPledge);
  form.hidden = false;
  const wait = $('pledge-wait');
  if (wait) wait.hidden = true;
}

start().catch(() => {
  const wait = $('pledge-wait');
  if (wait) wait.textContent = 'This browser cannot make a pledge safely. Open your link on another phone or computer.';
});
