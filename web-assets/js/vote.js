// vote.js: the voting page's one step, "Cast my vote" (page_vote.c). It
// checks the form, makes the ballot on this device with ballot.js (the
// choices encrypted, proven and signed with the voting code), sends only
// that ballot to the server, and shows the receipt number (the tracker)
// once the server says the vote is in the ballot box. The voting code and
// the choices never leave this page; nothing is stored in the browser.
// There is no intermediate "encrypted" screen: Helios' voters stopped
// there thinking they had voted.
import * as B from './ballot.js';

const $ = (id) => document.getElementById(id);
const form = $('vote');
const codeInput = $('voting-code');
const codeError = $('voting-code-error');
const formError = $('vote-error');
const status = $('vote-status');
const button = form.querySelector('button.cast');
let election = null;
let busy = false;

function showError(el, text) {
  el.textContent = text;
  el.hidden = !text;
}

function clearErrors() {
  showError(codeError, '');
  showError(formError, '');
  codeInput.removeAttribute('aria-invalid');
  for (const fs of form.querySelectorAll('fieldset.question')) fs.removeAttribute('aria-invalid');
}

// The chosen answers, one array per question (ballot.js's form), or an
// error naming the question and the first input to move to.
function readChoices() {
  const out = [];
  const sets = form.querySelectorAll('fieldset.question');
  for (let q = 0; q < sets.length; q++) {
    const fs = sets[q];
    const Q = election.questions[q];
    const picked = [...fs.querySelectorAll('input:checked')].map((i) => i.value);
    const first = fs.querySelector('input');
    const name = fs.querySelector('legend').textContent;
    if (Q.nAnswer === 1) {
      if (picked.length !== 1) return { error: `Choose yes or no for "${name}".`, fs, first };
      out.push(picked[0] === 'yes' ? [0] : []);
    } else if (Q.max === 1) {
      if (picked.length !== 1) return { error: `Choose an answer for "${name}".`, fs, first };
      out.push(picked[0] === 'blank' ? [] : [Number(picked[0])]);
    } else {
      if (picked.length < Q.min || picked.length > Q.max) {
        const want = Q.min === Q.max ? `exactly ${Q.max}` : Q.min === 0 ? `up to ${Q.max}` : `from ${Q.min} to ${Q.max}`;
        return { error: `For "${name}", choose ${want} (you chose ${picked.length}).`, fs, first };
      }
      out.push(picked.map(Number));
    }
  }
  return { choices: out };
}

// What to tell the member when the server refuses: plain words, no jargon.
function refusal(statusCode, body) {
  const why = (body && body.error) || '';
  if (statusCode === 403 && /credential|not one of/.test(why)) {
    return 'This voting code is not one for this vote. Check it against your email or letter and try again.';
  }
  if (statusCode === 403) return `Your vote was not taken: ${why.replace(/credentials?/g, 'voting codes')}`;
  if (statusCode === 409) return 'This exact vote was already received. To change your vote, reload the page and vote again.';
  if (statusCode === 429) return 'Too many tries from this connection. Wait a few minutes, then try again.';
  if (statusCode === 400) return 'Your vote could not be checked, so it was not taken. Reload the page and try again.';
  return 'Your vote did not reach the ballot box, so nothing was recorded. Check your connection and try again.';
}

async function cast(ev) {
  ev.preventDefault();
  if (busy) return;
  clearErrors();
  const sel = readChoices();
  if (sel.error) {
    sel.fs.setAttribute('aria-invalid', 'true');
    showError(formError, sel.error);
    sel.first.focus();
    return;
  }
  const code = B.parseVotingCode(codeInput.value);
  if (!code) {
    codeInput.setAttribute('aria-invalid', 'true');
    showError(codeError, codeInput.value.trim()
      ? 'That is not a voting code: it is 64 letters (a to f) and numbers. Check it against your email or letter.'
      : 'Enter your voting code: it is in your email or letter.');
    codeInput.focus();
    return;
  }
  busy = true;
  button.disabled = true;
  status.textContent = 'Sending your vote…';
  try {
    const ballot = B.makeBallot(election, code, sel.choices);
    let res, body = null;
    try {
      res = await fetch(form.dataset.cast, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: ballot.hex,
        credentials: 'omit',
        cache: 'no-store',
      });
      body = await res.json().catch(() => null);
    } catch (e) {
      res = { status: 0 };
    }
    if (res.status === 201 && body && body.tracker === ballot.tracker) {
      codeInput.value = '';
      form.reset();
      form.hidden = true;
      $('vote-tracker').textContent = ballot.tracker;
      const weight = $('vote-weight');
      if (weight && body.weight > 1) {
        // a delegate at a conference: their vote carries the members they represent
        weight.textContent = 'Your vote counts ' + body.weight + ' times: the weight your delegation carries.';
        weight.hidden = false;
      }
      const check = $('vote-receipt');
      if (check) check.href = check.pathname + '?t=' + encodeURIComponent(ballot.tracker);
      const done = $('vote-done');
      done.hidden = false;
      done.focus();
      return;
    }
    if (res.status === 201) {
      showError(formError, 'The ballot box answered with a different receipt number from the one '
        + 'worked out here. Tell the independent scrutineer, and vote again.');
    } else {
      showError(formError, refusal(res.status, body));
    }
    formError.focus?.();
  } catch (e) {
    showError(formError, 'Your vote could not be prepared on this device, so nothing was sent. '
      + 'Reload the page and try again, or use another phone or computer.');
  } finally {
    busy = false;
    button.disabled = false;
    status.textContent = '';
  }
}

async function start() {
  try {
    await B.ready();
    election = B.parseElection(form.dataset.election);
  } catch (e) {
    $('vote-wait').textContent = 'The voting form could not start in this browser. '
      + 'Open your link on another phone or computer.';
    return;
  }
  form.addEventListener('submit', cast);
  $('vote-wait').hidden = true;
  form.hidden = false;
}

start();
