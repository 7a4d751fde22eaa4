// ballot.js: the member's ballot, made on their own device. Given the
// election definition (the payload of the board's first line), the voter's
// secret voting code (their credential: 64 hex digits) and their choices, it
// encrypts each answer, proves each ciphertext holds 0 or 1 and each
// question's total is allowed, signs the whole with the credential, and
// returns the ballot payload byte for byte as docs/protocol.md section 8.4
// lays it out, with its tracker (8.1). The C reference is
// election_ballot_make() in src/crypto/election.c; `mandate verify` checks
// what this file makes (tests/browser/test_vote.mjs).
//
// Crypto is libsodium's own (libsodium-wrappers-sumo, pinned in
// web-assets/package-lock.json): ristretto255 and its scalars, BLAKE2b, and
// randombytes. Its scalar multiplications are constant time, and secrets
// (the credential, the encryption randomness r, the nonces w) only ever go
// through them and through scalar arithmetic (docs/protocol.md section 6).
// As in the C prover, the simulated branches of a proof are made in the
// same order whatever the choice.
import sodium from './libsodium-wrappers.mjs';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

// The tags of docs/protocol.md sections 3 and 8.1.
export const TAG = {
  proof01: 'mandate/v1/proof/01',
  proofSum: 'mandate/v1/proof/sum',
  proofDecrypt: 'mandate/v1/proof/decrypt',
  proofKey: 'mandate/v1/proof/key',
  signature: 'mandate/v1/signature',
  item: 'mandate/v1/board/item',
  election: 'mandate/v1/board/election',
  tracker: 'mandate/v1/board/tracker',
};

// Wait for libsodium (its WebAssembly) to be ready; returns the library.
export async function ready() {
  await sodium.ready;
  return sodium;
}

// ------------------------------------------------------------- bytes

export function toHex(a) {
  return sodium.to_hex(a);
}

// Exactly 2n lowercase or uppercase hex digits into n bytes; throws otherwise.
export function fromHex(z) {
  if (typeof z !== 'string' || z.length % 2 || !/^[0-9a-fA-F]*$/.test(z)) throw new Error('not hex');
  return sodium.from_hex(z.toLowerCase());
}

export function concat(parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let i = 0;
  for (const p of parts) { out.set(p, i); i += p.length; }
  return out;
}

// LE64(n), n a Number (a safe integer) or a BigInt, 0 <= n < 2^64.
export function le64(n) {
  let v = BigInt(n);
  const a = new Uint8Array(8);
  for (let i = 0; i < 8; i++) { a[i] = Number(v & 0xffn); v >>= 8n; }
  return a;
}

// A small non-negative integer as a 32-byte scalar.
function scalarOf(n) {
  const a = new Uint8Array(32);
  a.set(le64(n));
  return a;
}

// Base32, RFC 4648 alphabet in lowercase, no padding.
export function base32(a) {
  const abc = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '', bits = 0, acc = 0;
  for (const b of a) {
    acc = (acc << 8) | b; bits += 8;
    while (bits >= 5) { out += abc[(acc >>> (bits - 5)) & 31]; bits -= 5; }
    acc &= 0xff;
  }
  if (bits > 0) out += abc[(acc << (5 - bits)) & 31];
  return out;
}

// --------------------------------------------------------- hashing (3)

// A Fiat–Shamir transcript: the tag, then elements, each LE64(length) ‖ bytes.
export class Transcript {
  constructor(tag, outLen = 64) {
    this.parts = [];
    this.outLen = outLen;
    this.put(enc.encode(tag));
  }
  put(bytes) {
    this.parts.push(le64(bytes.length), bytes);
    return this;
  }
  putU64(n) { return this.put(le64(n)); }
  digest() { return sodium.crypto_generichash(this.outLen, concat(this.parts), null); }
  // The 64-byte digest read as a little-endian integer, reduced mod L.
  challenge() { return sodium.crypto_core_ristretto255_scalar_reduce(this.digest()); }
}

// The election id: BLAKE2b-256 of the definition D (8.1).
export function electionId(def) {
  return new Transcript(TAG.election, 32).put(def).digest();
}

// A ballot's hash and its tracker: 16 base32 characters of its first 10 bytes (8.1).
export function ballotHash(payload) {
  return new Transcript(TAG.tracker, 32).put(payload).digest();
}
export function tracker(payload) {
  return base32(ballotHash(payload).subarray(0, 10));
}

// A board line's item hash (8.1): type, the previous line's hash, payload.
export function boardItemHash(type, prev, payload) {
  return new Transcript(TAG.item, 32).put(enc.encode(type)).put(prev).put(payload).digest();
}

// --------------------------------------------------------- the group (2)

// The generator G.
export const G_HEX = 'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76';

const isZero = (a) => a.every((b) => b === 0);

// A point encoding that decodes and is not the identity.
export function isKey(p) {
  return p.length === 32 && !isZero(p) && sodium.crypto_core_ristretto255_is_valid_point(p);
}

// n·G; n must not be 0 mod L (libsodium refuses to return the identity).
const baseMult = (n) => sodium.crypto_scalarmult_ristretto255_base(n);
// n·P, likewise never the identity.
const mult = (n, p) => sodium.crypto_scalarmult_ristretto255(n, p);
const add = (p, q) => sodium.crypto_core_ristretto255_add(p, q);
const sub = (p, q) => sodium.crypto_core_ristretto255_sub(p, q);
const sAdd = (x, y) => sodium.crypto_core_ristretto255_scalar_add(x, y);
const sSub = (x, y) => sodium.crypto_core_ristretto255_scalar_sub(x, y);
const sMul = (x, y) => sodium.crypto_core_ristretto255_scalar_mul(x, y);
const sRandom = () => sodium.crypto_core_ristretto255_scalar_random(); // uniform in [1, L)

// A 32-byte little-endian scalar is canonical (< L) when reducing it
// changes nothing.
export function isCanonicalScalar(s) {
  if (s.length !== 32) return false;
  const wide = new Uint8Array(64);
  wide.set(s);
  return sodium.memcmp(sodium.crypto_core_ristretto255_scalar_reduce(wide), s);
}

// B − v·G (v a small integer; v = 0 is B itself).
function minusVG(B, v) {
  return v === 0 ? B : sub(B, baseMult(scalarOf(v)));
}

// ---------------------------------------------------- the definition (8.2)

// A reader over bytes with the payload rules of 8.1: LE64 integers, str,
// points. Every read is bounds-checked; a short or malformed definition throws.
class Reader {
  constructor(a) { this.a = a; this.i = 0; }
  take(n) {
    if (n > this.a.length - this.i) throw new Error('the election definition is truncated');
    const out = this.a.subarray(this.i, this.i + n);
    this.i += n;
    return out;
  }
  u64(lo, hi, what) {
    const b = this.take(8);
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    if (v < BigInt(lo) || v > BigInt(hi)) throw new Error(`the election definition's ${what} is out of range`);
    return Number(v);
  }
  str(max, what) {
    const n = this.u64(0, max, `${what} length`);
    const b = this.take(n);
    if (b.some((c) => c < 0x20 || c === 0x7f)) throw new Error(`the election definition's ${what} has a control character`);
    return dec.decode(b);
  }
  point(what) {
    const p = this.take(32);
    if (!isZero(p) && !sodium.crypto_core_ristretto255_is_valid_point(p)) throw new Error(`the election definition's ${what} is not a point`);
    return p;
  }
}

// Parse the definition payload (bytes or hex). Returns
// { def, id, title, key, questions: [{ text, nAnswer, min, max, labels }],
//   nGroup, ballotBytes }. Throws with a reason on anything 8.2 forbids that
// a ballot maker depends on (the verifier checks the rest).
export function parseElection(defIn) {
  const def = typeof defIn === 'string' ? fromHex(defIn) : defIn;
  const r = new Reader(def);
  if (r.u64(2, 2, 'version') !== 2) throw new Error('unknown version');
  const title = r.str(1000, 'title');
  r.point('authority');
  const nT = r.u64(1, 64, 'number of trustees');
  const k = r.u64(1, nT, 'threshold');
  for (let i = 0; i < nT * k; i++) r.point('trustee commitment');
  const key = r.point('election key');
  if (!isKey(key)) throw new Error('the election key is not a valid key');
  const nQ = r.u64(1, 32, 'number of questions');
  const questions = [];
  let ballotBytes = 32 + 64;
  for (let q = 0; q < nQ; q++) {
    const text = r.str(1000, 'question');
    const nAnswer = r.u64(1, 64, 'number of answers');
    const min = r.u64(0, 64, 'minimum');
    const max = r.u64(0, 64, 'maximum');
    const labels = [];
    for (let j = 0; j < nAnswer; j++) labels.push(r.str(200, 'answer'));
    if (nAnswer === 1 ? (min !== 0 || max !== 1) : (min > max || max < 1 || max > nAnswer)) {
      throw new Error(`question ${q + 1} allows ${min} to ${max} of ${nAnswer} answers`);
    }
    ballotBytes += nAnswer * 288 + (nAnswer > 1 ? 128 * (max - min + 1) - 32 : 0);
    questions.push({ text, nAnswer, min, max, labels });
  }
  const nGroup = r.u64(0, 4096, 'number of groups');
  r.u64(1, 1000000, 'smallest group');
  for (let g = 0; g < nGroup; g++) r.str(200, 'group name');
  if (r.i !== def.length) throw new Error('the election definition has bytes after its end');
  return { def, id: electionId(def), title, key, questions, nGroup, ballotBytes };
}

// ------------------------------------------------------------ proofs (5)

// Exponential ElGamal (4): A = r·G, B = m·G + r·Y, m in {0, 1}.
function encrypt(Y, m, r) {
  const A = baseMult(r);
  const rY = mult(r, Y);
  return { A, B: m ? add(G(), rY) : rY };
}
let gPoint = null;
const G = () => (gPoint ||= sodium.from_hex(G_HEX));

// The disjunctive proof of 5.1/5.2: the ciphertexts cts (in order) sum to
// an encryption of m in [min, max] with randomness r (the sum of theirs).
// Returns 128·k − 32 bytes, k = max − min + 1:
//   a_min ‖ b_min ‖ … ‖ a_max ‖ b_max ‖ c_min … c_{max−1} ‖ s_min … s_max.
function disjProof(tag, ctx, Y, cts, min, max, m, r) {
  const k = max - min + 1;
  let A = cts[0].A, B = cts[0].B;
  for (let i = 1; i < cts.length; i++) { A = add(A, cts[i].A); B = add(B, cts[i].B); }
  const comm = [], c = [], s = [];
  const w = sRandom();
  let cSum = new Uint8Array(32);
  for (let i = 0; i < k; i++) {
    const v = min + i;
    if (v === m) {
      comm.push(baseMult(w), mult(w, Y));             // a = w·G, b = w·Y
      c.push(null); s.push(null);
    } else {                                          // simulated branch
      const ci = sRandom(), si = sRandom();
      comm.push(sub(baseMult(si), mult(ci, A)),       // a = s·G − c·A
                sub(mult(si, Y), mult(ci, minusVG(B, v))));  // b = s·Y − c·(B − v·G)
      c.push(ci); s.push(si);
      cSum = sAdd(cSum, ci);
    }
  }
  const t = new Transcript(tag).put(ctx).put(Y).putU64(cts.length);
  for (const ct of cts) t.put(ct.A).put(ct.B);
  t.putU64(min).putU64(max);
  for (const p of comm) t.put(p);
  const real = m - min;
  c[real] = sSub(t.challenge(), cSum);                // c_real = c − Σ others
  s[real] = sAdd(w, sMul(c[real], r));                // s_real = w + c_real·r
  sodium.memzero(w);
  return concat([...comm, ...c.slice(0, k - 1), ...s]);
}

// A Schnorr signature (5.5) on msg under ctx by secret x with public key X.
export function sign(ctx, x, X, msg) {
  const w = sRandom();
  const R = baseMult(w);
  const c = new Transcript(TAG.signature).put(ctx).put(X).put(msg).put(R).challenge();
  const s = sAdd(w, sMul(c, x));
  sodium.memzero(w);
  return concat([R, s]);
}

// Check a Schnorr signature (5.5): R = s·G − c·X. For the known-answer
// tests; the server and `mandate verify` are the real verifiers.
export function signatureVerifies(sig, ctx, X, msg) {
  if (sig.length !== 64 || !isKey(X)) return false;
  const R = sig.subarray(0, 32), s = sig.subarray(32);
  if (!isCanonicalScalar(s)) return false;
  const c = new Transcript(TAG.signature).put(ctx).put(X).put(msg).put(R).challenge();
  return sodium.memcmp(sub(baseMult(s), mult(c, X)), R);
}

// Check a 0/1 proof (5.1) of ciphertext A ‖ B under key Y and ctx.
export function proof01Verifies(proof, ctx, Y, ct) {
  if (proof.length !== 224 || !isKey(Y)) return false;
  const A = ct.subarray(0, 32), B = ct.subarray(32, 64);
  const p = (i) => proof.subarray(32 * i, 32 * i + 32);
  const c0 = p(4), s0 = p(5), s1 = p(6);
  if (![c0, s0, s1].every(isCanonicalScalar)) return false;
  const c = new Transcript(TAG.proof01).put(ctx).put(Y).putU64(1).put(A).put(B)
    .putU64(0).putU64(1).put(p(0)).put(p(1)).put(p(2)).put(p(3)).challenge();
  const c1 = sSub(c, c0);
  const eq = (X, s, ci, P) => sodium.memcmp(sub(baseMult(s), mult(ci, P)), X);
  const eqY = (X, s, ci, P) => sodium.memcmp(sub(mult(s, Y), mult(ci, P)), X);
  return eq(p(0), s0, c0, A) && eqY(p(1), s0, c0, B)
      && eq(p(2), s1, c1, A) && eqY(p(3), s1, c1, minusVG(B, 1));
}

// ------------------------------------------------------------ the ballot (8.4)

// A voting code as the member may type it: 64 hex digits, with any spaces
// or dashes. Returns the 32 bytes, or null if it cannot be a voting code.
export function parseVotingCode(z) {
  const t = String(z).replace(/[\s-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(t)) return null;
  const x = sodium.from_hex(t);
  if (!isCanonicalScalar(x) || isZero(x)) return null;
  return x;
}

// Check choices (one array of chosen answer indexes, 0-based, per
// question; a yes/no question: [0] for yes, [] for no) against the
// definition; returns the 0/1 vector per question, or throws with a reason.
export function choiceVector(election, choices) {
  if (!Array.isArray(choices) || choices.length !== election.questions.length) {
    throw new Error('one choice per question is needed');
  }
  return election.questions.map((q, i) => {
    const m = new Array(q.nAnswer).fill(0);
    for (const j of choices[i]) {
      if (!Number.isInteger(j) || j < 0 || j >= q.nAnswer || m[j]) throw new Error(`question ${i + 1}: not an answer`);
      m[j] = 1;
    }
    const n = choices[i].length;
    if (q.nAnswer > 1 && (n < q.min || n > q.max)) throw new Error(`question ${i + 1}: choose ${q.min} to ${q.max}`);
    return m;
  });
}

// Make a ballot: election from parseElection(), the voting code (hex or
// 32 bytes), choices as choiceVector() takes them. Returns
// { payload (Uint8Array), hex, tracker, credential (the public key, hex) }.
export function makeBallot(election, votingCode, choices) {
  const x = typeof votingCode === 'string' ? parseVotingCode(votingCode) : Uint8Array.from(votingCode);
  if (!x) throw new Error('not a voting code');
  const vec = choiceVector(election, choices);
  const C = baseMult(x);
  const Y = election.key;
  const ctxOf = (q) => concat([election.id, C, le64(q)]);
  const parts = [C];
  const perQuestion = [];
  vec.forEach((m, q) => {
    const ctx = ctxOf(q);
    const cts = [], rs = [];
    m.forEach((mj) => {
      const r = sRandom();
      const ct = encrypt(Y, mj, r);
      parts.push(ct.A, ct.B, disjProof(TAG.proof01, ctx, Y, [ct], 0, 1, mj, r));
      cts.push(ct); rs.push(r);
    });
    perQuestion.push({ cts, rs, m });
  });
  perQuestion.forEach(({ cts, rs, m }, q) => {
    const Q = election.questions[q];
    if (Q.nAnswer > 1) {
      let r = rs[0];
      for (let j = 1; j < rs.length; j++) r = sAdd(r, rs[j]);
      const total = m.reduce((a, b) => a + b, 0);
      parts.push(disjProof(TAG.proofSum, ctxOf(q), Y, cts, Q.min, Q.max, total, r));
      sodium.memzero(r);
    }
    rs.forEach((r) => sodium.memzero(r));
  });
  const body = concat(parts);
  const sig = sign(concat([election.id, enc.encode('ballot')]), x, C, body);
  sodium.memzero(x);
  const payload = concat([body, sig]);
  if (payload.length !== election.ballotBytes) throw new Error('internal error: the ballot has the wrong size');
  return { payload, hex: toHex(payload), tracker: tracker(payload), credential: toHex(C) };
}
