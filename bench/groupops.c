/* groupops.c: the cost of libsodium's ristretto255 group operations, the
 * building blocks of every proof and signature check (docs/protocol.md §5).
 * Built and run by bench/verify.sh:  cc -O2 bench/groupops.c -lsodium
 * Usage: groupops [ITERATIONS]   (default 20000)
 * Prints one line per operation, "name microseconds", on one thread:
 *   var_mul   crypto_scalarmult_ristretto255       (variable base, c·A)
 *   base_mul  crypto_scalarmult_ristretto255_base  (fixed base G, s·G)
 *   add       crypto_core_ristretto255_add         (A + B)
 * Each takes and returns encoded points, as the library exports them, so the
 * decoding and encoding are part of the cost. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000;
    if (n < 1 || sodium_init() < 0)
        return 2;
    enum { K = 64 };
    unsigned char s[K][crypto_core_ristretto255_SCALARBYTES];
    unsigned char p[crypto_core_ristretto255_BYTES], q[crypto_core_ristretto255_BYTES];
    for (int i = 0; i < K; i++)
        crypto_core_ristretto255_scalar_random(s[i]);
    crypto_core_ristretto255_random(p);
    unsigned fail = 0;

    /* variable base: each output is the next input, so nothing is hoisted */
    double t0 = now();
    for (long i = 0; i < n; i++) {
        fail |= (unsigned)crypto_scalarmult_ristretto255(q, s[i % K], p) != 0;
        memcpy(p, q, sizeof p);
    }
    double var = (now() - t0) / n;

    t0 = now();
    for (long i = 0; i < n; i++) {
        fail |= (unsigned)crypto_scalarmult_ristretto255_base(q, s[i % K]) != 0;
        s[i % K][0] ^= q[0]; /* next scalars depend on this output */
        s[i % K][31] &= 0x0f; /* and stay below L */
    }
    double base = (now() - t0) / n;

    crypto_core_ristretto255_random(p);
    crypto_core_ristretto255_random(q);
    long na = n * 2;
    t0 = now();
    for (long i = 0; i < na; i++)
        fail |= (unsigned)crypto_core_ristretto255_add(p, p, q) != 0;
    double add = (now() - t0) / na;

    if (fail) {
        fprintf(stderr, "groupops: a libsodium call failed\n");
        return 1;
    }
    printf("var_mul %.3f\nbase_mul %.3f\nadd %.3f\n", var * 1e6, base * 1e6, add * 1e6);
    printf("# checksum %02x\n", p[0]);
    return 0;
}
