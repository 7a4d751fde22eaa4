// pledge.js: a member's pledge, made on their own device (docs/pledges.md).
// Given the campaign definition (the payload of its board's first line),
// the member's secret pledge code (their credential: 64 hex digits), their
// name, statement and membership number, and the actions they choose, it
// seals "name \0 statement \0 number" to the trustees' campaign key (so
// that no one, the server included, can read it before k trustees open it)
// and signs the pledge with the credential: the bytes docs/pledges.md lays
// out ("Sealing" and "The pledge board"). The C reference is seal_make()
// in src/crypto/seal.c and pledge_item_make() in src/crypto/pledge_board.c;
// the server checks every signature and commitment on arrival.
//
// Hashing, bytes and the Schnorr signature (protocol.md 5.5) are the
// ballot's own (ballot.js); libsodium is loaded the same way.
import sodium from './libsodium-wrappers.mjs';
import { ready, Transcript, sign, le64, concat, toHex, fromHex, isKey, parseVotingCode } from './ballot.js';

export { ready, toHex };

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export const TAG = {
  campaign: 'mandate/v1/pledge/campaign',
  pledge: 'mandate/v1/pledge/pledge',
  withdraw: 'mandate/v1/pledge/withdraw',
  sealed: 'mandate/v1/pledge/sealed',
  sealKey: 'mandate/v1/seal/key',
};
const SEAL_PAD = 256;
const SEAL_MAX_PLAIN = 4000;

// A bounds-checked reader over the definition (LE64 integers, strings, points).
class Reader {
  constructor(a) { this.a = a; this.i = 0; }
  take(n) {
    if (n > this.a.length - this.i) throw new Error('the campaign definition is truncated');
    const out = this.a.subarray(this.i, this.i + n);
    this.i += n;
    return out;
  }
  u64(lo, hi, what) {
    const b = this.take(8);
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    if (v < BigInt(lo) || v > BigInt(hi)) throw new Error(`the campaign's ${what} is out of range`);
    return Number(v);
  }
  str(max, what) { return dec.decode(this.take(this.u64(0, max, `${what} length`))); }
}

// Parse the definition (hex or bytes): { def, id, code, title, template,
// key (Y = the sum of each trustee's first commitment), actions: [label] }.
export function parseCampaign(defIn) {
  const def = typeof defIn === 'string' ? fromHex(defIn) : defIn;
  const r = new Reader(def);
  r.u64(1, 1, 'version');
  const code = r.str(200, 'code'), title = r.str(200, 'title'), template = r.str(40, 'template');
  r.str(20000, 'text'); r.str(20000, 'scope'); r.str(10, 'deadline');
  r.take(32);                                             // the authority's key
  const n = r.u64(1, 64, 'number of trustees');
  const k = r.u64(1, n, 'threshold');
  let key = null;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const C = r.take(32);
      if (t === 0) key = key ? sodium.crypto_core_ristretto255_add(key, C) : Uint8Array.from(C);
    }
  }
  if (!isKey(key)) throw new Error('the campaign key is not a valid key');
  const nAction = r.u64(1, 16, 'number of actions');
  const actions = [];
  for (let a = 0; a < nAction; a++) { actions.push(r.str(200, 'action')); r.take(24); }
  const id = new Transcript(TAG.campaign, 32).put(def).digest();
  return { def, id, code, title, template, key, actions };
}

// A pledge code as the member may type it (spaces and dashes allowed):
// the 32-byte secret, or null.
export function parsePledgeCode(z) { return parseVotingCode(z); }

// What the device seals: name, NUL, statement, NUL, number (pledge_plaintext in C).
export function plaintext(name, statement, number) {
  const parts = [name, statement || '', number || ''].map((s) => enc.encode(s));
  if (parts[0].length < 1 || parts[0].length > 200) throw new Error('Your name must be 1 to 200 characters.');
  if (parts[1].length > 3000) throw new Error('The statement must be at most 3000 characters.');
  if (parts[2].length > 31) throw new Error('The membership number is too long.');
  return concat([parts[0], new Uint8Array(1), parts[1], new Uint8Array(1), parts[2]]);
}

// Seal bytes p to key Y with associated data ad: A ‖ nonce ‖ ciphertext (seal.c).
export function seal(Y, ad, p) {
  if (p.length > SEAL_MAX_PLAIN) throw new Error('too long to seal');
  const nPad = Math.ceil((p.length + 1) / SEAL_PAD) * SEAL_PAD;
  const padded = new Uint8Array(nPad);
  padded.set(p);
  padded[p.length] = 0x80;
  const r = sodium.crypto_core_ristretto255_scalar_random();
  const A = sodium.crypto_scalarmult_ristretto255_base(r);
  const K = sodium.crypto_scalarmult_ristretto255(r, Y);
  const key = new Transcript(TAG.sealKey, 32).put(A).put(K).digest();
  const nonce = sodium.randombytes_buf(24);
  const ct = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, ad, null, nonce, key);
  sodium.memzero(r); sodium.memzero(K); sodium.memzero(key); sodium.memzero(padded);
  return concat([A, nonce, ct]);
}

// The signed pledge: { item, sealed } as hex, ready for POST .../sign.
// actions: 1-based action numbers; seq: the credential's next sequence number.
export function makePledge(campaign, secret, seq, actions, name, statement, number) {
  const x = typeof secret === 'string' ? parsePledgeCode(secret) : Uint8Array.from(secret);
  if (!x) throw new Error('not a pledge code');
  let mask = 0n;
  for (const a of actions) {
    if (!Number.isInteger(a) || a < 1 || a > campaign.actions.length) throw new Error('not an action');
    mask |= 1n << BigInt(a - 1);
  }
  if (mask === 0n) throw new Error('choose at least one action');
  const C = sodium.crypto_scalarmult_ristretto255_base(x);
  const sealed = seal(campaign.key, concat([campaign.id, C]), plaintext(name, statement, number));
  const H = new Transcript(TAG.sealed, 32).put(sealed).digest();
  const body = concat([C, le64(seq), le64(mask), sealed.subarray(0, 32), H]);
  const sig = sign(concat([enc.encode(TAG.pledge), campaign.id]), x, C, body);
  sodium.memzero(x);
  return { item: toHex(concat([body, sig])), sealed: toHex(sealed) };
}

// The signed withdrawal: { item } as hex, for POST .../withdraw.
export function makeWithdrawal(campaign, secret, seq) {
  const x = typeof secret === 'string' ? parsePledgeCode(secret) : Uint8Array.from(secret);
  if (!x) throw new Error('not a pledge code');
  const C = sodium.crypto_scalarmult_ristretto255_base(x);
  const body = concat([C, le64(seq)]);
  const sig = sign(concat([enc.encode(TAG.withdraw), campaign.id]), x, C, body);
  sodium.memzero(x);
  return { item: toHex(concat([body, sig])) };
}

// The public half of a pledge code, hex (to ask for its sequence number).
export function publicOf(secret) {
  const x = parsePledgeCode(secret);
  if (!x) return null;
  const C = sodium.crypto_scalarmult_ristretto255_base(x);
  sodium.memzero(x);
  return toHex(C);
}
