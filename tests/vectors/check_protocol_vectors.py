#!/usr/bin/env python3
"""check_protocol_vectors.py: an independent check of docs/protocol.md's
known-answer vectors, written from the document and RFC 9496 alone: a
pure-Python ristretto255 (decode, encode, addition, scalar multiplication)
and hashlib's BLAKE2b. It re-derives the ElGamal vector and verifies the
0/1 proof, the signature and the decryption proof of section 5 equation by
equation. Part of `make test` (tests/run.sh):
    python3 tests/vectors/check_protocol_vectors.py
Prints one line per check, then "N passed, N failed"; exits 1 if any fails."""
import hashlib
import sys

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = (-121665 * pow(121666, P - 2, P)) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def neg(x): return (-x) % P
def is_neg(x): return x % P & 1
def ct_abs(x): return neg(x) if is_neg(x) else x % P


def sqrt_ratio_m1(u, v):
    r = (u * pow(v, 3, P)) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    check = v * r * r % P
    correct = check == u % P
    flipped = check == neg(u)
    flipped_i = check == neg(u) * SQRT_M1 % P
    if flipped or flipped_i:
        r = r * SQRT_M1 % P
    return (correct or flipped), ct_abs(r)


INVSQRT_A_MINUS_D = sqrt_ratio_m1(1, (-1 - D) % P)[1]
assert INVSQRT_A_MINUS_D == 54469307008909316920995813868745141605393597292927456921205312896311721017578


def decode(b):
    s = int.from_bytes(b, 'little')
    if len(b) != 32 or s >= P or is_neg(s):
        return None
    ss = s * s % P
    u1, u2 = (1 - ss) % P, (1 + ss) % P
    u2sq = u2 * u2 % P
    v = (neg(D * u1 * u1) - u2sq) % P
    ok, inv = sqrt_ratio_m1(1, v * u2sq % P)
    den_x = inv * u2 % P
    den_y = inv * den_x * v % P
    x = ct_abs(2 * s * den_x)
    y = u1 * den_y % P
    t = x * y % P
    if not ok or is_neg(t) or y == 0:
        return None
    return (x, y, 1, t)


def encode(pt):
    x0, y0, z0, t0 = pt
    u1 = (z0 + y0) * (z0 - y0) % P
    u2 = x0 * y0 % P
    _, inv = sqrt_ratio_m1(1, u1 * u2 * u2 % P)
    den1, den2 = inv * u1 % P, inv * u2 % P
    z_inv = den1 * den2 * t0 % P
    if is_neg(t0 * z_inv):
        x, y, den_inv = y0 * SQRT_M1 % P, x0 * SQRT_M1 % P, den1 * INVSQRT_A_MINUS_D % P
    else:
        x, y, den_inv = x0, y0, den2
    if is_neg(x * z_inv):
        y = neg(y)
    return ct_abs(den_inv * (z0 - y)).to_bytes(32, 'little')


def add(p, q):
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = t1 * 2 * D * t2 % P
    d = z1 * 2 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


IDENT = (0, 1, 1, 0)


def mul(k, p):
    r = IDENT
    k %= L
    while k:
        if k & 1:
            r = add(r, p)
        p = add(p, p)
        k >>= 1
    return r


def negpt(p): return (neg(p[0]), p[1], p[2], neg(p[3]))


G = decode(bytes.fromhex('e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76'))


def le64(n): return n.to_bytes(8, 'little')


def transcript(*elems):
    out = b''
    for e in elems:
        e = e.encode() if isinstance(e, str) else e
        out += le64(len(e)) + e
    return out


def challenge(*elems):
    return int.from_bytes(hashlib.blake2b(transcript(*elems), digest_size=64).digest(), 'little') % L


def sc(b): return int.from_bytes(b, 'little')


def sc_bytes(n): return (n % L).to_bytes(32, 'little')


failed = 0


checks = 0
def check(name, cond):
    global failed, checks
    checks += 1
    print(('ok   ' if cond else 'FAIL ') + name)
    failed += 0 if cond else 1


# RFC 9496 A.1 (a sample) via repeated addition
check('RFC 9496: 2G', encode(add(G, G)).hex() == '6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919')
check('RFC 9496: 15G', encode(mul(15, G)).hex() == 'e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e')
check('RFC 9496: a bad encoding is refused', decode(bytes.fromhex('f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')) is None)

# section 4: the second ElGamal vector
x = challenge('mandate/v1/test-vector', 'secret key')
r = challenge('mandate/v1/test-vector', 'randomness')
check('x', sc_bytes(x).hex() == '2c7d44f826f693ba6407a2d218edaa3bef72a64af3cebc78144a575e5a447f0f')
check('r', sc_bytes(r).hex() == '9a51f02541e3fc93e99b001ea25da84cac85ec512d7cc94943082eff29469305')
Y = mul(x, G)
A = mul(r, G)
B = add(G, mul(r, Y))
Yb, Ab, Bb = encode(Y), encode(A), encode(B)
check('Y', Yb.hex() == '0684b66fd6c5685b9c65fb73e6fdeec875d36a6dfc3db798e5e33d586b3cd63a')
check('A ‖ B', (Ab + Bb).hex() == 'ea2ee82c56eceea8aa72e5bb0a2198a4d00841da973bfe7f59b5fa48e94d226c'
      'c0d9097e6da38194917b5a1a7d284eb4efb4c157d27cc7e1e0073e92b6c62667')
ctx = b'election-2026-0001'

# 5.1: 0/1 proof a0 b0 a1 b1 c0 s0 s1
p01 = bytes.fromhex(
    '82bcf5674f50f0a48590a5fafdb1b51b970a1c5a3e155cc6c30876c5e731071b'
    '1e21ba2ab480c058364de609c6f4c266c0b3e6c06993a2aa4e6751a901d0f915'
    '74dde0ff7279e7e55c82f54814428336d4b4e07b0736aa005e0e1d7868dc5743'
    '707d432418c4002c43b5636ecac98fc3fb9e3ed3a5f29b91421a85fd0338a93c'
    '40802355914cebedbb3072c8caa3419fbe47693e006cd05c9f0a946d26fc7e03'
    '14928b4af497177c97af6f06ce9d98c71a63ebcd9d1c5e24dfefa2e7b1266b06'
    '3ae4315262e4d0afd851682137e35d1d38daf51a49efd4ff9718bc8cc7461807')
a0, b0, a1, b1 = (p01[32 * i:32 * i + 32] for i in range(4))
c0, s0, s1 = sc(p01[128:160]), sc(p01[160:192]), sc(p01[192:224])
check('0/1 proof: scalars canonical', c0 < L and s0 < L and s1 < L)
check('0/1 proof: commitments decode', all(decode(p) is not None for p in (a0, b0, a1, b1)))
c = challenge('mandate/v1/proof/01', ctx, Yb, le64(1), Ab, Bb, le64(0), le64(1), a0, b0, a1, b1)
c1 = (c - c0) % L
print('     c  =', sc_bytes(c).hex())
print('     c1 =', sc_bytes(c1).hex())
for v, cv, sv, av, bv in ((0, c0, s0, a0, b0), (1, c1, s1, a1, b1)):
    Bv = add(B, negpt(mul(v, G)))
    check('0/1 proof: a_%d = s_%d·G − c_%d·A' % (v, v, v), encode(add(mul(sv, G), negpt(mul(cv, A)))) == av)
    check('0/1 proof: b_%d = s_%d·Y − c_%d·(B − %d·G)' % (v, v, v, v), encode(add(mul(sv, Y), negpt(mul(cv, Bv)))) == bv)

# 5.5: signature R s on "ballot"
sig = bytes.fromhex('ba1b16821211cb13d1a9b42a3e56be2a0a0162320186315797d3898e0c586606'
                    'bc84f073acd7822126511e9867cb4ca6949ae7ae3a388388f7755f1d0bf36105')
R, s = sig[:32], sc(sig[32:])
c = challenge('mandate/v1/signature', ctx, Yb, b'ballot', R)
check('signature: R = s·G − c·Y', s < L and encode(add(mul(s, G), negpt(mul(c, Y)))) == R)

# 5.3: decryption proof a b s, share D = x·A
Db = bytes.fromhex('385d392080a88afee7698503374776f7b2ea96b652e41894df32750d05684318')
dp = bytes.fromhex('f0b8218d94c047568022b886c56c1f05b17aedf779f439f2abbb8f3e5f5d3e0a'
                   'a0b0b07582d45405c60a8ab6b330af0d376c128e51a14ac0b42c561a79a1dd27'
                   '5ff01b2f2fe1f8cba0a232a1e44744ffbe6fda97c44ca00e5435e777211c860f')
check('decryption: D = x·A', encode(mul(x, A)) == Db)
a, b, s = dp[:32], dp[32:64], sc(dp[64:])
c = challenge('mandate/v1/proof/decrypt', ctx, Yb, Ab, Bb, Db, a, b)
check('decryption: a = s·G − c·Y', encode(add(mul(s, G), negpt(mul(c, Y)))) == a)
check('decryption: b = s·A − c·D', encode(add(mul(s, A), negpt(mul(c, decode(Db))))) == b)
print('%d passed, %d failed' % (checks - failed, failed))
sys.exit(1 if failed else 0)
