/* groupops.c: the cost of the group operations behind every proof check,
 * in both libraries (libsodium's encoded API, libdecaf's decoded points),
 * of a multi-scalar multiplication (src/crypto/msm.c), and of verifying
 * 0/1 proofs, signatures and whole yes/no ballots one at a time and in
 * batches (src/crypto/proof.c). docs/protocol.md section 7 quotes it.
 * Built by bench/verify.sh against the project's objects:
 *   cc -O2 -I/usr/include/decaf bench/groupops.c build/src/crypto/{group,msm,
 *      proof,hash,elgamal}.o build/src/util/mem.o -lsodium -ldecaf -lm
 * Usage: groupops [ITERATIONS]   (default 20000; smaller is quicker, noisier)
 * Prints "name value" lines on one thread (µs unless the name says):
 *   sodium_var_mul sodium_base_mul sodium_add sodium_decode   libsodium,
 *       encoded in and out (each call decodes its inputs, encodes its output)
 *   decaf_var_mul decaf_base_mul decaf_add decaf_double_mul_ns decaf_decode
 *   decaf_encode   libdecaf on decoded points (decode/encode priced apart)
 *   var_mul base_mul add   the cheaper library's figure for each (the floor
 *       bench/verify.sh multiplies by its operation counts)
 *   msm_ns_point_N, msm128_ns_point_N   ns per point of Σ s_i·P_i at
 *       N = 64, 1024, 32768, full-size and 128-bit scalars
 *   verify01_single_per_s, verify01_batch_per_s, sig_single_per_s,
 *   sig_batch_per_s, ballot_yesno_single_per_s, ballot_yesno_batch_per_s:
 *       verifications per second on one core (batch chunks of 4,096; a
 *       yes/no ballot = one 0/1 proof + one signature by its credential) */
#include "../src/crypto/elgamal.h"
#include "../src/crypto/group.h"
#include "../src/crypto/msm.h"
#include "../src/crypto/proof.h"
#include <decaf/point_255.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);   /* CPU time: the machine is shared */
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned fail;

/* libsodium, encoded points: as before this issue */
static void bench_sodium(long n, double *pVar, double *pBase, double *pAdd, double *pDec)
{
    enum { K = 64 };
    unsigned char s[K][32], p[32], q[32];
    for (int i = 0; i < K; i++)
        crypto_core_ristretto255_scalar_random(s[i]);
    crypto_core_ristretto255_random(p);
    double t0 = now();
    for (long i = 0; i < n; i++) {
        fail |= (unsigned)crypto_scalarmult_ristretto255(q, s[i % K], p) != 0;
        memcpy(p, q, sizeof p);
    }
    *pVar = (now() - t0) / n * 1e6;
    t0 = now();
    for (long i = 0; i < n; i++) {
        fail |= (unsigned)crypto_scalarmult_ristretto255_base(q, s[i % K]) != 0;
        s[i % K][0] ^= q[0];
        s[i % K][31] &= 0x0f;
    }
    *pBase = (now() - t0) / n * 1e6;
    crypto_core_ristretto255_random(q);
    t0 = now();
    for (long i = 0; i < 2 * n; i++)
        fail |= (unsigned)crypto_core_ristretto255_add(p, p, q) != 0;
    *pAdd = (now() - t0) / (2 * n) * 1e6;
    t0 = now();
    for (long i = 0; i < n; i++)
        fail |= (unsigned)crypto_core_ristretto255_is_valid_point(p) != 1;
    *pDec = (now() - t0) / n * 1e6;
}

/* libdecaf through group.h's GroupElem */
static void bench_decaf(long n, double *pVar, double *pBase, double *pAdd)
{
    GroupScalar s[64], t;
    GroupElem p, q, r;
    unsigned char enc[32];
    for (int i = 0; i < 64; i++)
        group_scalar_random(&s[i]);
    group_scalar_random(&t);
    group_elem_base_mult(&p, &t);
    q = p;
    double t0 = now();
    for (long i = 0; i < 50 * n; i++)
        group_elem_add(&q, &q, &p);
    double add0 = (now() - t0) / (50 * n) * 1e6;   /* subtracted from base_mul's loop */
    t0 = now();
    for (long i = 0; i < n; i++)
        group_elem_mult(&q, &s[i % 64], &q);
    *pVar = (now() - t0) / n * 1e6;
    printf("decaf_var_mul %.3f\n", *pVar);
    t0 = now();
    for (long i = 0; i < n; i++) {
        group_elem_base_mult(&r, &s[i % 64]);
        group_elem_add(&q, &q, &r);
    }
    *pBase = (now() - t0) / n * 1e6 - add0;
    printf("decaf_base_mul %.3f\n", *pBase);
    t0 = now();
    for (long i = 0; i < 50 * n; i++)
        group_elem_add(&q, &q, &p);
    *pAdd = (now() - t0) / (50 * n) * 1e6;
    printf("decaf_add %.3f\n", *pAdd);
    t0 = now();
    for (long i = 0; i < n; i++)
        group_elem_double_mult_non_secret(&q, &s[i % 64], &s[(i + 1) % 64], &q);
    printf("decaf_double_mul_ns %.3f\n", (now() - t0) / n * 1e6);
    t0 = now();
    for (long i = 0; i < n; i++)
        group_elem_encode(enc, &q);
    printf("decaf_encode %.3f\n", (now() - t0) / n * 1e6);
    t0 = now();
    for (long i = 0; i < n; i++)
        fail |= (unsigned)group_elem_decode(&r, enc) != 0;
    printf("decaf_decode %.3f\n", (now() - t0) / n * 1e6);
}

static void bench_msm(size_t n, int half)
{
    GroupScalar *aS = malloc(n * sizeof *aS), t;
    GroupElem *aP = group_elem_array(n), r;
    group_scalar_random(&t);
    group_elem_base_mult(&aP[0], &t);
    for (size_t i = 0; i < n; i++) {
        group_scalar_random(&aS[i]);
        if (half)
            memset(aS[i].a + 16, 0, 16);
        if (i)
            group_elem_add(&aP[i], &aP[i - 1], &aP[0]);
    }
    int rep = n < 2000 ? (int)(20000 / n) : 1;
    double t0 = now();
    for (int k = 0; k < rep; k++)
        msm_non_secret(&r, aS, aP, n);
    printf("msm%s_ns_point_%zu %.0f\n", half ? "128" : "", n, (now() - t0) / rep / n * 1e9);
    free(aS);
    free(aP);
}

#define CTXN 72
typedef struct Ballot Ballot;
struct Ballot {
    GroupPoint cred;
    ElgCiphertext c;
    unsigned char proof[PROOF_01_BYTES];
    unsigned char sig[PROOF_SIGNATURE_BYTES];
};

static void bench_proofs(size_t n)
{
    GroupScalar x, r, cx;
    GroupPoint y;
    unsigned char ctx[CTXN];
    Ballot *a = malloc(n * sizeof *a);
    ProofBatch *b = proof_batch_new();
    size_t chunk = 4096;
    memset(ctx, 7, sizeof ctx);
    elg_keygen(&x, &y);
    elg_keygen(&cx, &a[0].cred);
    for (size_t i = 0; i < n; i++) {
        a[i].cred = a[0].cred;
        group_scalar_random(&r);
        fail |= (unsigned)elg_encrypt(&a[i].c, &y, i & 1, &r);
        fail |= (unsigned)proof_01_make(a[i].proof, ctx, CTXN, &y, &a[i].c, i & 1, &r);
        fail |= (unsigned)proof_signature_make(a[i].sig, ctx, CTXN, &cx, &a[i].cred, a[i].proof, 96);
    }
    double t0 = now();
    for (size_t i = 0; i < n; i++)
        fail |= (unsigned)proof_01_verify(a[i].proof, ctx, CTXN, &y, &a[i].c);
    double single01 = (now() - t0) / n;
    t0 = now();
    for (size_t i = 0; i < n; i++)
        fail |= (unsigned)proof_signature_verify(a[i].sig, ctx, CTXN, &a[i].cred, a[i].proof, 96);
    double singleSig = (now() - t0) / n;
    t0 = now();
    for (size_t i = 0; i < n; i++) {
        fail |= (unsigned)proof_batch_add_01(b, a[i].proof, ctx, CTXN, &y, &a[i].c);
        if (proof_batch_count(b) == chunk || i + 1 == n) {
            fail |= (unsigned)proof_batch_check(b);
            proof_batch_reset(b);
        }
    }
    double batch01 = (now() - t0) / n;
    t0 = now();
    for (size_t i = 0; i < n; i++) {
        fail |= (unsigned)proof_batch_add_signature(b, a[i].sig, ctx, CTXN, &a[i].cred, a[i].proof, 96);
        if (proof_batch_count(b) == chunk || i + 1 == n) {
            fail |= (unsigned)proof_batch_check(b);
            proof_batch_reset(b);
        }
    }
    double batchSig = (now() - t0) / n;
    t0 = now();
    for (size_t i = 0; i < n; i++) {
        fail |= (unsigned)proof_batch_add_signature(b, a[i].sig, ctx, CTXN, &a[i].cred, a[i].proof, 96);
        fail |= (unsigned)proof_batch_add_01(b, a[i].proof, ctx, CTXN, &y, &a[i].c);
        if (proof_batch_count(b) >= 2 * chunk || i + 1 == n) {
            fail |= (unsigned)proof_batch_check(b);
            proof_batch_reset(b);
        }
    }
    double batchBallot = (now() - t0) / n;
    printf("verify01_single_per_s %.0f\n", 1 / single01);
    printf("verify01_batch_per_s %.0f\n", 1 / batch01);
    printf("sig_single_per_s %.0f\n", 1 / singleSig);
    printf("sig_batch_per_s %.0f\n", 1 / batchSig);
    printf("ballot_yesno_single_per_s %.0f\n", 1 / (single01 + singleSig));
    printf("ballot_yesno_batch_per_s %.0f\n", 1 / batchBallot);
    printf("batch_bytes_per_ballot %.0f\n", (double)proof_batch_bytes(b) / (2 * chunk));
    proof_batch_free(b);
    free(a);
    group_scalar_wipe(&x);
    group_scalar_wipe(&cx);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000;
    double var, base, add, dec;
    if (n < 1 || sodium_init() < 0)
        return 2;
    group_init();
    bench_sodium(n, &var, &base, &add, &dec);
    printf("sodium_var_mul %.3f\nsodium_base_mul %.3f\nsodium_add %.3f\nsodium_decode %.3f\n",
           var, base, add, dec);
    double dvar, dbase, dadd;
    bench_decaf(n, &dvar, &dbase, &dadd);
    /* the floor figures: encoded libsodium vs decoded libdecaf, cheaper of each */
    printf("var_mul %.3f\nbase_mul %.3f\nadd %.3f\n", var < dvar ? var : dvar,
           base < dbase ? base : dbase, add < dadd ? add : dadd);
    fflush(stdout);
    bench_msm(64, 0);
    bench_msm(1024, 0);
    bench_msm(32768, 0);
    bench_msm(64, 1);
    bench_msm(1024, 1);
    bench_msm(32768, 1);
    bench_proofs((size_t)(n / 2 < 2000 ? 2000 : n / 2));
    if (fail) {
        fprintf(stderr, "groupops: an operation failed\n");
        return 1;
    }
    return 0;
}
