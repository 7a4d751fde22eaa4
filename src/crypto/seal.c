/* seal.c: names sealed to a threshold key (see seal.h and docs/pledges.md,
** "Sealing"). The Diffie–Hellman part and the trustees' shares use the
** group interface and the ballot engine's decryption proof; the symmetric
** part is libsodium's XChaCha20-Poly1305 (IETF). */
#include "seal.h"
#include "dkg.h"
#include "elgamal.h"
#include "hash.h"
#include "proof.h"
#include "../util/mem.h"
#include <string.h>

size_t seal_bytes(size_t n){
  return SEAL_OVERHEAD + (n/SEAL_PAD + 1)*SEAL_PAD;
}

/* key = BLAKE2b-256 transcript (SEAL_TAG_KEY, A, K). */
static void seal_key(unsigned char *aKey, const GroupPoint *pA, const GroupPoint *pK){
  HashTranscript h;
  hash_start_sized(&h, SEAL_TAG_KEY, SEAL_KEY_BYTES);
  hash_put_point(&h, pA);
  hash_put_point(&h, pK);
  hash_finish(&h, aKey);
}

/*
** Seal p[0..n): r random, A = r·G, K = r·Y, key from (A, K), a random
** 24-byte nonce, and the plaintext padded (0x80 then zeros to a multiple
** of SEAL_PAD) encrypted with pAd as associated data.
*/
int seal_make(Buf *pOut, const GroupPoint *pY, const unsigned char *pAd, size_t nAd,
              const void *p, size_t n){
  GroupScalar r;
  GroupPoint a, k;
  unsigned char aKey[SEAL_KEY_BYTES], aNonce[SEAL_NONCE_BYTES];
  unsigned char *aPlain, *aCipher;
  size_t nPad, nTotal;
  unsigned long long nCipher = 0;
  int rc = -1;
  if( n>SEAL_MAX_PLAIN || elg_public_key_check(pY) ) return -1;
  nTotal = seal_bytes(n);
  nPad = nTotal - SEAL_OVERHEAD;
  aPlain = xcalloc(1, nPad);
  aCipher = xmalloc(nPad + SEAL_MAC_BYTES);
  if( n ) memcpy(aPlain, p, n);
  aPlain[n] = 0x80;
  group_scalar_random(&r);
  group_base_mult(&a, &r);
  if( group_mult(&k, &r, pY) ) goto out;
  seal_key(aKey, &a, &k);
  group_random_bytes(aNonce, sizeof aNonce);
  if( crypto_aead_xchacha20poly1305_ietf_encrypt(aCipher, &nCipher, aPlain, nPad,
                                                 pAd, nAd, 0, aNonce, aKey) ) goto out;
  buf_append(pOut, a.a, GROUP_POINT_BYTES);
  buf_append(pOut, aNonce, sizeof aNonce);
  buf_append(pOut, aCipher, (size_t)nCipher);
  rc = 0;
out:
  group_scalar_wipe(&r);
  sodium_memzero(&k, sizeof k);
  sodium_memzero(aKey, sizeof aKey);
  sodium_memzero(aPlain, nPad);
  free(aPlain);
  free(aCipher);
  return rc;
}

int seal_ephemeral(GroupPoint *pA, const unsigned char *aSealed, size_t nSealed){
  if( nSealed < SEAL_OVERHEAD + SEAL_PAD || (nSealed - SEAL_OVERHEAD) % SEAL_PAD ) return -1;
  if( group_point_decode(pA, aSealed) || group_point_is_identity(pA) ) return -1;
  return 0;
}

/* The statement a trustee's share proves: the ciphertext (A, O), so the
** ballot engine's decryption proof (protocol.md 5.3) applies unchanged. */
static void share_statement(ElgCiphertext *c, const GroupPoint *pA){
  c->a = *pA;
  group_point_identity(&c->b);
}

int seal_share_make(GroupPoint *pD, unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                    const GroupScalar *pShare, const GroupPoint *pVk, const GroupPoint *pA){
  ElgCiphertext c;
  GroupPoint y;
  group_base_mult(&y, pShare);
  if( !group_point_eq(&y, pVk) || group_point_is_identity(pA) ) return -1;
  share_statement(&c, pA);
  return proof_decrypt_make(pD, aProof, pCtx, nCtx, pShare, pVk, &c);
}

int seal_share_verify(const unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                      const GroupPoint *pVk, const GroupPoint *pA, const GroupPoint *pD){
  ElgCiphertext c;
  if( group_point_is_identity(pA) ) return -1;
  share_statement(&c, pA);
  return proof_decrypt_verify(aProof, pCtx, nCtx, pVk, &c, pD);
}

int seal_combine(GroupPoint *pK, const uint32_t *aIdx, size_t nIdx, const GroupPoint *aD){
  GroupPoint acc, t;
  GroupScalar lambda;
  if( nIdx==0 ) return -1;
  group_point_identity(&acc);
  for(size_t i=0; i<nIdx; i++){
    if( dkg_lagrange(&lambda, aIdx, nIdx, i) ) return -1;
    if( group_mult(&t, &lambda, &aD[i]) || group_point_add(&acc, &acc, &t) ) return -1;
  }
  *pK = acc;
  return 0;
}

int seal_open(Buf *pOut, const GroupPoint *pK, const unsigned char *pAd, size_t nAd,
              const unsigned char *aSealed, size_t nSealed){
  GroupPoint a;
  unsigned char aKey[SEAL_KEY_BYTES], *aPlain;
  unsigned long long nPlain = 0;
  size_t nCipher, n;
  int rc = -1;
  if( nSealed > SEAL_MAX_BYTES || seal_ephemeral(&a, aSealed, nSealed) ) return -1;
  nCipher = nSealed - GROUP_POINT_BYTES - SEAL_NONCE_BYTES;
  aPlain = xmalloc(nCipher);
  seal_key(aKey, &a, pK);
  if( crypto_aead_xchacha20poly1305_ietf_decrypt(aPlain, &nPlain, 0,
        aSealed + GROUP_POINT_BYTES + SEAL_NONCE_BYTES, nCipher,
        pAd, nAd, aSealed + GROUP_POINT_BYTES, aKey)==0 ){
    /* remove the padding: the last 0x80, zeros after it */
    for(n = (size_t)nPlain; n>0 && aPlain[n-1]==0; n--){}
    if( n>0 && aPlain[n-1]==0x80 ){
      buf_append(pOut, aPlain, n-1);
      rc = 0;
    }
  }
  sodium_memzero(aKey, sizeof aKey);
  sodium_memzero(aPlain, nCipher);
  free(aPlain);
  return rc;
}
