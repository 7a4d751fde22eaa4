// trustee.js: a trustee decrypts their share of a ballot's count on their
// own computer (page_ballot_trustee.c). It reads the trustee's .secret file
// (docs/ceremony.md) from a file or a paste, never sends it, fetches the
// tally, and makes the partial decryption byte for byte as
// docs/protocol.md 8.4 lays it out: LE64 i ‖ for each tally entry
// D = x·A (32) ‖ the proof of 5.3 (a ‖ b ‖ s, 96), ctx id ‖ LE64(i). Only
// that is posted; the server appends it if the board still verifies. The
// C reference is election_partial_make() in src/crypto/election.c.
import * as B from './ballot.js';

const $ = (id) => document.getElementById(id);

// "name value" lines of a key file; comments and blank lines skipped.
export function parseKeyFile(text) {
  const out = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const sp = line.indexOf(' ');
    if (sp < 0) continue;
    out[line.slice(0, sp)] = line.slice(sp + 1).trim();
  }
  return out;
}

const isZero = (a) => a.every((b) => b === 0);

// The partial decryption of trustee `index` (1-based) with key share x
// (32 bytes) and verification key Y of the tally entries (each A ‖ B, 64
// bytes), election id `id` (32 bytes). Returns the payload's bytes.
export function partialDecryption(sodium, id, index, x, Y, tally) {
  const i0 = index - 1;
  const ctx = B.concat([id, B.le64(i0)]);
  const parts = [B.le64(i0)];
  for (const ct of tally) {
    const A = ct.subarray(0, 32), Bp = ct.subarray(32, 64);
    const w = sodium.crypto_core_ristretto255_scalar_random();
    // A may be the identity (an empty bucket): then D and b are too
    const D = isZero(A) ? new Uint8Array(32) : sodium.crypto_scalarmult_ristretto255(x, A);
    const a = sodium.crypto_scalarmult_ristretto255_base(w);
    const b = isZero(A) ? new Uint8Array(32) : sodium.crypto_scalarmult_ristretto255(w, A);
    const c = new B.Transcript(B.TAG.proofDecrypt).put(ctx).put(Y).put(A).put(Bp).put(D).put(a).put(b).challenge();
    const s = sodium.crypto_core_ristretto255_scalar_add(w, sodium.crypto_core_ristretto255_scalar_mul(c, x));
    sodium.memzero(w);
    parts.push(D, a, b, s);
  }
  return B.concat(parts);
}

// The key share and index from a .secret file's text, checked against the
// election's verification keys. Throws an Error with words for people.
export function readSecret(sodium, text, info) {
  const f = parseKeyFile(text);
  const index = Number(f.index);
  if (!f.share) throw new Error('This is not a trustee\'s key file after the ceremony: it has no "share" line. Use trustee-N.secret after "mandate trustee combine".');
  if (!Number.isInteger(index) || index < 1 || index > info.trustees) throw new Error(`The key file's index must be a trustee of this ballot (1 to ${info.trustees}).`);
  if (Number(f.trustees) !== info.trustees || Number(f.threshold) !== info.threshold) throw new Error(`This key is for ${f.threshold} of ${f.trustees} trustees; this ballot has ${info.threshold} of ${info.trustees}.`);
  let x;
  try { x = B.fromHex(f.share); } catch { throw new Error('The key file\'s "share" line is not 64 hex digits.'); }
  if (x.length !== 32 || !B.isCanonicalScalar(x)) throw new Error('The key file\'s "share" line is not a key share.');
  const Y = B.fromHex(info.verification_keys[index - 1]);
  if (!sodium.memcmp(sodium.crypto_scalarmult_ristretto255_base(x), Y)) throw new Error(`This key is not trustee ${index}'s key for this ballot.`);
  return { index, x, Y };
}

async function main() {
  const form = $('trustee');
  const err = $('trustee-error');
  const status = $('trustee-status');
  const area = $('secret');
  const button = form.querySelector('button');
  const show = (el, text) => { el.textContent = text; el.hidden = !text; };
  const sodium = await B.ready();
  form.hidden = false;
  $('secret-file').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    if (file) area.value = await file.text();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    show(err, '');
    button.disabled = true;
    status.textContent = 'Fetching the count…';
    try {
      const r = await fetch(form.dataset.tally, { headers: { Accept: 'application/json' } });
      const info = await r.json();
      if (!r.ok) throw new Error(info.error || `The count cannot be fetched (${r.status}).`);
      if (info.has_result) throw new Error('The result is already published: no more decryptions are needed.');
      const key = readSecret(sodium, area.value, info);
      if (info.decrypted.includes(key.index)) throw new Error(`Trustee ${key.index} has already decrypted this count.`);
      status.textContent = 'Working out your share on this computer…';
      const item = partialDecryption(sodium, B.fromHex(info.election_id), key.index, key.x, key.Y,
                                     info.tally.map((h) => B.fromHex(h)));
      sodium.memzero(key.x);
      area.value = '';
      const p = await fetch(form.dataset.decrypt, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: B.toHex(item) });
      const res = await p.json();
      if (!p.ok) throw new Error(res.error || `The server refused the share (${p.status}).`);
      status.textContent = `Done: trustee ${res.trustee}'s share is on the board (${res.decrypted} of the ${res.needed} needed). ${res.note}. You can close this page.`;
    } catch (e) {
      status.textContent = '';
      show(err, e.message);
    } finally {
      button.disabled = false;
    }
  });
}

if (typeof document !== 'undefined' && document.getElementById('trustee')) main();
