/* seal.h: sealing bytes (a pledge signer's name and statement) to a
** threshold key, so that only k of the n trustees together can open them.
** Hybrid encryption: an ephemeral Diffie–Hellman with the campaign key
** Y (A = r·G, K = r·Y), a key derived from A and K with BLAKE2b, and
** XChaCha20-Poly1305 over the padded bytes with caller-chosen associated
** data. Opening: each trustee publishes D_j = x_j·A with a Chaum–Pedersen
** proof under their verification key; any k proofs-checked shares combine
** (Lagrange) to K. Byte layouts: docs/pledges.md, "Sealing". */
#ifndef MANDATE_SEAL_H
#define MANDATE_SEAL_H
#include "group.h"
#include "../util/buf.h"
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#define SEAL_TAG_KEY      "mandate/v1/seal/key"
#define SEAL_NONCE_BYTES  crypto_aead_xchacha20poly1305_ietf_NPUBBYTES   /* 24 */
#define SEAL_MAC_BYTES    crypto_aead_xchacha20poly1305_ietf_ABYTES      /* 16 */
#define SEAL_KEY_BYTES    crypto_aead_xchacha20poly1305_ietf_KEYBYTES    /* 32 */
#define SEAL_PAD          256      /* plaintexts are padded to a multiple of this */
#define SEAL_MAX_PLAIN    4000     /* bytes before padding */
#define SEAL_OVERHEAD     (GROUP_POINT_BYTES + SEAL_NONCE_BYTES + SEAL_MAC_BYTES)
#define SEAL_MAX_BYTES    (SEAL_OVERHEAD + 4096)

/* The size of the sealed form of n plaintext bytes (n <= SEAL_MAX_PLAIN):
** SEAL_OVERHEAD plus n+1 rounded up to a multiple of SEAL_PAD. */
size_t seal_bytes(size_t n);

/* Seal p[0..n) to the key pY with associated data pAd[0..nAd), appending
** A ‖ nonce ‖ ciphertext to pOut. Returns 0, or -1 if n is too long or
** pY is not a usable key (nothing appended). */
int seal_make(Buf *pOut, const GroupPoint *pY, const unsigned char *pAd, size_t nAd,
              const void *p, size_t n);

/* The ephemeral point A of a sealed blob (its first 32 bytes, decoded).
** Returns 0, or -1 if the blob is too short or A is not a valid, non-identity point. */
int seal_ephemeral(GroupPoint *pA, const unsigned char *aSealed, size_t nSealed);

/* A trustee's share of an opening: D = x·A and a proof (PROOF_DECRYPT_BYTES)
** that log_G(Y_j) = log_A(D), under the context pCtx. pVk is Y_j = x·G.
** Returns 0, or -1 (a bad point, or pShare not matching pVk). */
int seal_share_make(GroupPoint *pD, unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                    const GroupScalar *pShare, const GroupPoint *pVk, const GroupPoint *pA);
/* 0 if the proof shows D = x_j·A for the x_j behind pVk, else -1. */
int seal_share_verify(const unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                      const GroupPoint *pVk, const GroupPoint *pA, const GroupPoint *pD);

/* K = Σ λ_i·D_i over the trustees aIdx[0..nIdx) (1-based, distinct; the
** caller checks there are at least k). Returns 0 or -1. */
int seal_combine(GroupPoint *pK, const uint32_t *aIdx, size_t nIdx, const GroupPoint *aD);

/* Open a sealed blob with K = r·Y (from seal_combine, or x·A with a
** whole key): the plaintext, padding removed, is appended to pOut.
** Returns 0, or -1 if the blob was not sealed under this K with this
** associated data, or was altered (nothing appended). */
int seal_open(Buf *pOut, const GroupPoint *pK, const unsigned char *pAd, size_t nAd,
              const unsigned char *aSealed, size_t nSealed);

#endif
