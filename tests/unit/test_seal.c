/* test_seal.c: names sealed to a threshold key (src/crypto/seal.c): a
** round trip opened by k of n trustees from a real key ceremony, fewer
** than k cannot open, a wrong share is caught by its proof, and the
** associated data binds a sealed name to its campaign and pledge. */
#include "test.h"
#include "../../src/crypto/dkg.h"
#include "../../src/crypto/proof.h"
#include "../../src/crypto/seal.h"
#include "../../src/util/buf.h"
#include <string.h>

#define N 3
#define K 2

/* A dealer-free ceremony of N trustees, K to open: shares x_j, keys Y_j, Y. */
static void ceremony(GroupScalar *aX, GroupPoint *aVk, GroupPoint *pY){
  DkgPolynomial aPoly[N];
  GroupPoint aC[N*K], aA[K];
  for(int i=0; i<N; i++){ dkg_polynomial_random(&aPoly[i], K); dkg_commitments(&aC[i*K], &aPoly[i]); }
  for(int j=0; j<N; j++){
    group_scalar_zero(&aX[j]);
    for(int i=0; i<N; i++){
      GroupScalar s;
      dkg_share(&s, &aPoly[i], (uint32_t)j+1);
      group_scalar_add(&aX[j], &aX[j], &s);
    }
  }
  dkg_sum_commitments(aA, aC, N, K);
  *pY = aA[0];
  for(int j=0; j<N; j++) dkg_verification_key(&aVk[j], aA, K, (uint32_t)j+1);
  for(int i=0; i<N; i++) dkg_polynomial_wipe(&aPoly[i]);
}

static const unsigned char aAd[] = "campaign-id......pledge-id";
static const unsigned char aCtx[] = "mandate/test/seal";

TEST(seal_round_trip_k_of_n){
  GroupScalar aX[N];
  GroupPoint aVk[N], y, a, aD[N], kk;
  Buf sealed = BUF_INIT, plain = BUF_INIT;
  const char zName[] = "Asha Patel\0The ceiling over bay 3 is sagging";
  group_init();
  ceremony(aX, aVk, &y);
  CHECK(seal_make(&sealed, &y, aAd, sizeof aAd, zName, sizeof zName)==0);
  CHECK_INT(sealed.n, seal_bytes(sizeof zName));
  CHECK_INT((sealed.n - SEAL_OVERHEAD) % SEAL_PAD, 0);
  CHECK(memmem(sealed.z, sealed.n, "Asha", 4)==0);
  CHECK(seal_ephemeral(&a, (unsigned char*)sealed.z, sealed.n)==0);
  /* every pair of trustees opens it */
  for(uint32_t p=0; p<N; p++){
    for(uint32_t q=p+1; q<N; q++){
      uint32_t aIdx[2] = { p+1, q+1 };
      unsigned char aProof[PROOF_DECRYPT_BYTES];
      GroupPoint aPair[2];
      CHECK(seal_share_make(&aPair[0], aProof, aCtx, sizeof aCtx, &aX[p], &aVk[p], &a)==0);
      CHECK(seal_share_verify(aProof, aCtx, sizeof aCtx, &aVk[p], &a, &aPair[0])==0);
      CHECK(seal_share_make(&aPair[1], aProof, aCtx, sizeof aCtx, &aX[q], &aVk[q], &a)==0);
      CHECK(seal_share_verify(aProof, aCtx, sizeof aCtx, &aVk[q], &a, &aPair[1])==0);
      CHECK(seal_combine(&kk, aIdx, 2, aPair)==0);
      buf_truncate(&plain, 0);
      CHECK(seal_open(&plain, &kk, aAd, sizeof aAd, (unsigned char*)sealed.z, sealed.n)==0);
      CHECK_INT(plain.n, sizeof zName);
      CHECK(plain.n==sizeof zName && memcmp(plain.z, zName, sizeof zName)==0);
    }
  }
  /* all three also open it */
  {
    uint32_t aIdx[N] = { 1, 2, 3 };
    unsigned char aProof[PROOF_DECRYPT_BYTES];
    for(int j=0; j<N; j++) CHECK(seal_share_make(&aD[j], aProof, aCtx, sizeof aCtx, &aX[j], &aVk[j], &a)==0);
    CHECK(seal_combine(&kk, aIdx, N, aD)==0);
    buf_truncate(&plain, 0);
    CHECK(seal_open(&plain, &kk, aAd, sizeof aAd, (unsigned char*)sealed.z, sealed.n)==0);
  }
  buf_reset(&sealed); buf_reset(&plain);
}

TEST(seal_fewer_than_k_cannot_open){
  GroupScalar aX[N];
  GroupPoint aVk[N], y, a, d, kk;
  Buf sealed = BUF_INIT, plain = BUF_INIT;
  unsigned char aProof[PROOF_DECRYPT_BYTES];
  group_init();
  ceremony(aX, aVk, &y);
  CHECK(seal_make(&sealed, &y, aAd, sizeof aAd, "Ben Okafor", 10)==0);
  CHECK(seal_ephemeral(&a, (unsigned char*)sealed.z, sealed.n)==0);
  for(uint32_t j=0; j<N; j++){
    uint32_t idx = j+1;
    CHECK(seal_share_make(&d, aProof, aCtx, sizeof aCtx, &aX[j], &aVk[j], &a)==0);
    /* one trustee alone: its share as K, or "combined" alone */
    CHECK(seal_open(&plain, &d, aAd, sizeof aAd, (unsigned char*)sealed.z, sealed.n)!=0);
    CHECK(seal_combine(&kk, &idx, 1, &d)==0);
    CHECK(seal_open(&plain, &kk, aAd, sizeof aAd, (unsigned char*)sealed.z, sealed.n)!=0);
  }
  /* the server's material alone: the public key and A */
  CHECK(seal_open(&plain, &y, aAd, sizeof aAd, (unsigned char*)sealed.z, sealed.n)!=0);
  CHECK(seal_open(&plain, &a, aAd, sizeof aAd, (unsigned char*)sealed.z, sealed.n)!=0);
  CHECK_INT(plain.n, 0);
  buf_reset(&sealed); buf_reset(&plain);
}

TEST(seal_wrong_share_caught_by_its_proof){
  GroupScalar aX[N], bad;
  GroupPoint aVk[N], y, a, d, dBad;
  Buf sealed = BUF_INIT;
  unsigned char aProof[PROOF_DECRYPT_BYTES];
  group_init();
  ceremony(aX, aVk, &y);
  CHECK(seal_make(&sealed, &y, aAd, sizeof aAd, "Chen Li", 7)==0);
  CHECK(seal_ephemeral(&a, (unsigned char*)sealed.z, sealed.n)==0);
  /* a trustee cannot make a share with a key that is not theirs */
  CHECK(seal_share_make(&d, aProof, aCtx, sizeof aCtx, &aX[1], &aVk[0], &a)!=0);
  /* a good proof, but a different share published with it */
  CHECK(seal_share_make(&d, aProof, aCtx, sizeof aCtx, &aX[0], &aVk[0], &a)==0);
  group_scalar_random(&bad);
  group_mult(&dBad, &bad, &a);
  CHECK(seal_share_verify(aProof, aCtx, sizeof aCtx, &aVk[0], &a, &dBad)!=0);
  /* trustee 2's share presented as trustee 1's */
  CHECK(seal_share_make(&d, aProof, aCtx, sizeof aCtx, &aX[1], &aVk[1], &a)==0);
  CHECK(seal_share_verify(aProof, aCtx, sizeof aCtx, &aVk[0], &a, &d)!=0);
  /* a proof made for another context (another campaign) */
  CHECK(seal_share_verify(aProof, (const unsigned char*)"other", 5, &aVk[1], &a, &d)!=0);
  CHECK(seal_share_verify(aProof, aCtx, sizeof aCtx, &aVk[1], &a, &d)==0);
  buf_reset(&sealed);
}

TEST(seal_bound_to_its_associated_data){
  GroupScalar x;
  GroupPoint y, a, k;
  Buf sealed = BUF_INIT, plain = BUF_INIT;
  group_init();
  group_scalar_random(&x);
  group_base_mult(&y, &x);
  CHECK(seal_make(&sealed, &y, aAd, sizeof aAd, "Dana Hughes", 11)==0);
  CHECK(seal_ephemeral(&a, (unsigned char*)sealed.z, sealed.n)==0);
  group_mult(&k, &x, &a);
  CHECK(seal_open(&plain, &k, aAd, sizeof aAd, (unsigned char*)sealed.z, sealed.n)==0);
  CHECK(plain.n==11 && memcmp(plain.z, "Dana Hughes", 11)==0);
  /* moved to another pledge (other associated data), or altered: refused */
  CHECK(seal_open(&plain, &k, (const unsigned char*)"another pledge", 14, (unsigned char*)sealed.z, sealed.n)!=0);
  sealed.z[sealed.n-1] ^= 1;
  CHECK(seal_open(&plain, &k, aAd, sizeof aAd, (unsigned char*)sealed.z, sealed.n)!=0);
  /* names of different lengths seal to the same size */
  {
    Buf s1 = BUF_INIT, s2 = BUF_INIT;
    seal_make(&s1, &y, aAd, sizeof aAd, "Al", 2);
    seal_make(&s2, &y, aAd, sizeof aAd, "Bartholomew Featherstonehaugh-Smythe", 36);
    CHECK_INT(s1.n, s2.n);
    buf_reset(&s1); buf_reset(&s2);
  }
  CHECK(seal_make(&plain, &y, aAd, sizeof aAd, "x", SEAL_MAX_PLAIN+1)!=0);
  buf_reset(&sealed); buf_reset(&plain);
}
