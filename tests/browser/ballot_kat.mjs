// ballot_kat.mjs: the known answers of docs/protocol.md, checked against
// web-assets/js/ballot.js on libsodium's JavaScript build: points and
// scalars (RFC 9496's multiples of G), the hash transcript example, the
// ElGamal vectors, the 0/1 proof, signature and decryption proof the
// document prints (they must verify), board item hashes and trackers, and
// encodings that must be refused. One self-contained function, so it runs
// inside the browser (page.evaluate serialises it) and under Node alike.
//
// runKats(url) imports the module at url and returns [{ name, ok, why }].
export async function runKats(url) {
  const B = await import(url);
  const sodium = await B.ready();
  const out = [];
  const check = (name, cond, why = '') => out.push({ name, ok: !!cond, why: cond ? '' : why });
  const h = (z) => sodium.from_hex(z.replace(/\s+/g, ''));
  const eq = (a, b) => a.length === b.length && sodium.memcmp(a, b);
  const hex = (a) => sodium.to_hex(a);
  const enc = new TextEncoder();
  const scalar = (n) => { const a = new Uint8Array(32); a[0] = n; return a; };

  // 2. Points: RFC 9496's encodings of k·G.
  const rfc = {
    1: 'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76',
    2: '6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919',
    3: '94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259',
    7: '44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d',
  };
  for (const k of [1, 2, 3, 7]) {
    const p = sodium.crypto_scalarmult_ristretto255_base(scalar(k));
    check(`${k}·G has RFC 9496's encoding`, hex(p) === rfc[k], hex(p));
  }
  check('G is the generator the module uses', B.G_HEX === rfc[1]);
  // Encodings that must be refused, and canonical scalars.
  check('an odd ("negative") s is not a point', !B.isKey(h('01' + '00'.repeat(31))));
  check('a non-canonical field element is not a point', !B.isKey(h('ed' + 'ff'.repeat(30) + '7f')));
  check('the identity is not a key', !B.isKey(new Uint8Array(32)));
  const L = h('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
  check('L itself is not a canonical scalar', !B.isCanonicalScalar(L));
  check('L − 1 is a canonical scalar', B.isCanonicalScalar(sodium.crypto_core_ristretto255_scalar_sub(new Uint8Array(32), scalar(1))));
  {
    let okAll = true;
    for (let i = 0; i < 8; i++) {
      const s = sodium.crypto_core_ristretto255_scalar_random();
      const p = sodium.crypto_scalarmult_ristretto255_base(s);
      okAll &&= B.isKey(p) && eq(B.fromHex(B.toHex(p)), p) && eq(B.fromHex(B.toHex(s).toUpperCase()), s);
    }
    check('points and scalars round-trip through hex', okAll);
  }
  check('LE64 is little-endian', hex(B.le64(42)) === '2a00000000000000' && hex(B.le64(2n ** 64n - 1n)) === 'ff'.repeat(8));
  check('base32 is RFC 4648, lowercase, no padding', B.base32(enc.encode('foobar')) === 'mzxw6ytboi');

  // 3. The transcript example.
  {
    const t = new B.Transcript('mandate/v1/test-vector').put(enc.encode('election-2026-0001'))
      .putU64(42).put(h(rfc[1])).put(scalar(7));
    const input = B.concat(t.parts);
    check('the transcript example is 152 bytes', input.length === 152, `${input.length}`);
    check('its BLAKE2b-512 digest', hex(t.digest()) === 'e8ed2aaaae9a165c7242f0510191f228c2899968bc258c597340bda2e6102b97'
      + '2c19142d37c4a8a276d74fe5985784cd874d104d991f9230eec65aaa8bd6f0b6', hex(t.digest()));
    check('its challenge', hex(t.challenge()) === '00dcbe53bb5907973d00e824d4c92c94035c6ad50f7ce7510ec397c61fecc702', hex(t.challenge()));
  }

  // 4. ElGamal: x = 2, r = 3, m = 1 gives RFC vectors; the second vector.
  const x = new B.Transcript('mandate/v1/test-vector').put(enc.encode('secret key')).challenge();
  const r = new B.Transcript('mandate/v1/test-vector').put(enc.encode('randomness')).challenge();
  const Y = sodium.crypto_scalarmult_ristretto255_base(x);
  const A = sodium.crypto_scalarmult_ristretto255_base(r);
  const Bp = sodium.crypto_core_ristretto255_add(h(rfc[1]), sodium.crypto_scalarmult_ristretto255(r, Y));
  check('x of the second ElGamal vector', hex(x) === '2c7d44f826f693ba6407a2d218edaa3bef72a64af3cebc78144a575e5a447f0f', hex(x));
  check('r of the second ElGamal vector', hex(r) === '9a51f02541e3fc93e99b001ea25da84cac85ec512d7cc94943082eff29469305', hex(r));
  check('Y = x·G', hex(Y) === '0684b66fd6c5685b9c65fb73e6fdeec875d36a6dfc3db798e5e33d586b3cd63a', hex(Y));
  check('A ‖ B = r·G ‖ G + r·Y', hex(A) + hex(Bp) === 'ea2ee82c56eceea8aa72e5bb0a2198a4d00841da973bfe7f59b5fa48e94d226c'
    + 'c0d9097e6da38194917b5a1a7d284eb4efb4c157d27cc7e1e0073e92b6c62667');
  const ctx = enc.encode('election-2026-0001');
  const ct = B.concat([A, Bp]);

  // 5.1 The document's 0/1 proof verifies; altered, it does not.
  const proof = h(`82bcf5674f50f0a48590a5fafdb1b51b970a1c5a3e155cc6c30876c5e731071b
    1e21ba2ab480c058364de609c6f4c266c0b3e6c06993a2aa4e6751a901d0f915
    74dde0ff7279e7e55c82f54814428336d4b4e07b0736aa005e0e1d7868dc5743
    707d432418c4002c43b5636ecac98fc3fb9e3ed3a5f29b91421a85fd0338a93c
    40802355914cebedbb3072c8caa3419fbe47693e006cd05c9f0a946d26fc7e03
    14928b4af497177c97af6f06ce9d98c71a63ebcd9d1c5e24dfefa2e7b1266b06
    3ae4315262e4d0afd851682137e35d1d38daf51a49efd4ff9718bc8cc7461807`);
  check('the document\'s 0/1 proof verifies', B.proof01Verifies(proof, ctx, Y, ct));
  {
    const c = new B.Transcript(B.TAG.proof01).put(ctx).put(Y).putU64(1).put(A).put(Bp).putU64(0).putU64(1)
      .put(proof.subarray(0, 32)).put(proof.subarray(32, 64)).put(proof.subarray(64, 96)).put(proof.subarray(96, 128)).challenge();
    check('its challenge c', hex(c) === 'c368f890c06b65e68441d957c35a8e05f3d1ad7fc30228a5a381a3da24a09508', hex(c));
  }
  check('the 0/1 proof under another context fails', !B.proof01Verifies(proof, enc.encode('election-2026-0002'), Y, ct));
  {
    const bad = Uint8Array.from(proof); bad[200] ^= 1;
    check('an altered 0/1 proof fails', !B.proof01Verifies(bad, ctx, Y, ct));
  }
  // 5.5 The signature.
  const sig = h('ba1b16821211cb13d1a9b42a3e56be2a0a0162320186315797d3898e0c586606'
    + 'bc84f073acd7822126511e9867cb4ca6949ae7ae3a388388f7755f1d0bf36105');
  check('the document\'s signature on "ballot" verifies', B.signatureVerifies(sig, ctx, Y, enc.encode('ballot')));
  check('it does not verify on "ballots"', !B.signatureVerifies(sig, ctx, Y, enc.encode('ballots')));
  {
    const mine = B.sign(ctx, x, Y, enc.encode('ballot'));
    check('a signature made here verifies', B.signatureVerifies(mine, ctx, Y, enc.encode('ballot')));
  }
  // 5.3 The decryption share and its proof: a = s·G − c·Y, b = s·A − c·D.
  {
    const D = h('385d392080a88afee7698503374776f7b2ea96b652e41894df32750d05684318');
    const a = h('f0b8218d94c047568022b886c56c1f05b17aedf779f439f2abbb8f3e5f5d3e0a');
    const b = h('a0b0b07582d45405c60a8ab6b330af0d376c128e51a14ac0b42c561a79a1dd27');
    const s = h('5ff01b2f2fe1f8cba0a232a1e44744ffbe6fda97c44ca00e5435e777211c860f');
    check('D = x·A', eq(sodium.crypto_scalarmult_ristretto255(x, A), D));
    const c = new B.Transcript(B.TAG.proofDecrypt).put(ctx).put(Y).put(A).put(Bp).put(D).put(a).put(b).challenge();
    const sub = sodium.crypto_core_ristretto255_sub;
    check('the document\'s decryption proof verifies',
      eq(sub(sodium.crypto_scalarmult_ristretto255_base(s), sodium.crypto_scalarmult_ristretto255(c, Y)), a)
      && eq(sub(sodium.crypto_scalarmult_ristretto255(s, A), sodium.crypto_scalarmult_ristretto255(c, D)), b));
  }

  // 8.1 Board hashes and trackers.
  check('the item hash of "election 000…000 01ab"',
    hex(B.boardItemHash('election', new Uint8Array(32), h('01ab'))) === '8de47556063cda07e42c2467acf2ac831dfef08725036b4f2a74400b9e038a6c');
  check('the tracker of the payload "a"', B.tracker(enc.encode('a')) === 'e6fgs3ix6xhxwqsz', B.tracker(enc.encode('a')));

  // Voting codes as members type them.
  const code = hex(x);
  check('a voting code with spaces, dashes and capitals is read',
    B.parseVotingCode(code.toUpperCase().replace(/(.{8})/g, '$1 - ')) && eq(B.parseVotingCode(code), x));
  check('a code of 63 digits is refused', B.parseVotingCode(code.slice(1)) === null);
  check('a code ≥ L is refused', B.parseVotingCode(hex(L)) === null);
  return out;
}
