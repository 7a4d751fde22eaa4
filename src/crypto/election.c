/* election.c: the election definition, the payloads of trustee keys,
** credentials and ballots (make and verify), and a simulated election from
** keys to result. Every decoder checks each length against the bytes left
** before reading, so arbitrary input is safe (fuzz/fuzz_board.c). */
#include "election.h"
#include "dkg.h"
#include "proof.h"
#include "../util/mem.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- reading payloads: a cursor that never reads past its end ---- */
typedef struct Rd Rd;
struct Rd {
  const unsigned char *a;   /* borrowed */
  size_t n, i;              /* size, offset */
};

static const unsigned char *rd_take(Rd *r, size_t n){
  if( n > r->n - r->i ) return 0;
  r->i += n;
  return r->a + r->i - n;
}

static int rd_u64(Rd *r, uint64_t *pV){
  const unsigned char *p = rd_take(r, 8);
  uint64_t v = 0;
  if( p==0 ) return -1;
  for(int i=0; i<8; i++) v |= (uint64_t)p[i] << (8*i);
  *pV = v;
  return 0;
}

static int rd_point(Rd *r, GroupPoint *pOut){
  const unsigned char *p = rd_take(r, GROUP_POINT_BYTES);
  if( p==0 ) return -1;
  return group_point_decode(pOut, p);
}

/* A string of at most nMax bytes without control characters (so it can be
** printed safely). *pz is malloc'd. */
static int rd_str(Rd *r, size_t nMax, char **pz){
  uint64_t n;
  const unsigned char *p;
  if( rd_u64(r, &n) || n>nMax || (p = rd_take(r, (size_t)n))==0 ) return -1;
  for(size_t i=0; i<n; i++) if( p[i]<0x20 || p[i]==0x7f ) return -1;
  *pz = xstrndup((const char*)p, (size_t)n);
  return 0;
}

/* ---- writing ---- */
static void put_u64(Buf *b, uint64_t v){
  unsigned char a[8];
  for(int i=0; i<8; i++) a[i] = (unsigned char)(v >> (8*i));
  buf_append(b, a, 8);
}
static void put_str(Buf *b, const char *z){
  size_t n = strlen(z);
  put_u64(b, n);
  buf_append(b, z, n);
}
static void put_point(Buf *b, const GroupPoint *p){ buf_append(b, p->a, GROUP_POINT_BYTES); }

/*
** Append the definition's bytes (protocol.md 8.2) to pOut.
*/
void election_encode(const Election *e, Buf *pOut){
  put_u64(pOut, ELECTION_VERSION);
  put_str(pOut, e->zTitle);
  put_point(pOut, &e->authority);
  put_u64(pOut, e->nTrustee);
  put_u64(pOut, e->nThreshold);
  for(size_t i=0; i<(size_t)e->nTrustee*e->nThreshold; i++) put_point(pOut, &e->aCommit[i]);
  put_point(pOut, &e->key);
  put_u64(pOut, e->nQuestion);
  for(uint32_t q=0; q<e->nQuestion; q++){
    const ElectionQuestion *pQ = &e->aQ[q];
    put_str(pOut, pQ->zText);
    put_u64(pOut, pQ->nAnswer);
    put_u64(pOut, pQ->min);
    put_u64(pOut, pQ->max);
    for(uint32_t j=0; j<pQ->nAnswer; j++) put_str(pOut, pQ->azLabel[j]);
  }
  put_u64(pOut, e->nGroup);
  put_u64(pOut, e->minGroup);
  for(uint32_t g=0; g<e->nGroup; g++) put_str(pOut, e->azGroup[g]);
}

/*
** Check a definition's rules (limits, question ranges, the election key is
** the sum of the trustee keys, no key is the identity) and fill its derived
** fields: the id, nAnswerTotal, nBallotBytes. Returns 0, or -1 with a
** message in zErr.
*/
int election_finish(Election *e, char *zErr, size_t nErr){
  GroupPoint sum;
  Buf b = BUF_INIT;
  HashTranscript h;
  size_t nSum = 0;
  if( e->nTrustee<1 || e->nTrustee>ELECTION_MAX_TRUSTEES ){
    snprintf(zErr, nErr, "between 1 and %d trustees expected", ELECTION_MAX_TRUSTEES); return -1;
  }
  if( e->nQuestion<1 || e->nQuestion>ELECTION_MAX_QUESTIONS ){
    snprintf(zErr, nErr, "between 1 and %d questions expected", ELECTION_MAX_QUESTIONS); return -1;
  }
  if( elg_public_key_check(&e->authority) ){
    snprintf(zErr, nErr, "the credential authority's key is not a valid key"); return -1;
  }
  if( e->nThreshold<1 || e->nThreshold>e->nTrustee ){
    snprintf(zErr, nErr, "the threshold must be from 1 to the number of trustees (%u)", e->nTrustee);
    return -1;
  }
  for(uint32_t i=0; i<e->nTrustee; i++){
    const GroupPoint *pC0 = &e->aCommit[(size_t)i*e->nThreshold];
    if( elg_public_key_check(pC0) ){
      snprintf(zErr, nErr, "trustee %u's key is not a valid key", i+1); return -1;
    }
    for(uint32_t m=0; m<i; m++){
      if( group_point_eq(&e->aCommit[(size_t)m*e->nThreshold], pC0) ){
        snprintf(zErr, nErr, "trustees %u and %u have the same key", m+1, i+1); return -1;
      }
    }
  }
  {
    /* Y = Σ C_i,0 = A_0; each trustee's verification key Y_j = Σ_t j^t·A_t */
    GroupPoint *aA = xcalloc(e->nThreshold, sizeof *aA);
    int bad = dkg_sum_commitments(aA, e->aCommit, e->nTrustee, e->nThreshold);
    sum = aA[0];
    free(e->aTrusteeKey);
    e->aTrusteeKey = xcalloc(e->nTrustee, sizeof *e->aTrusteeKey);
    for(uint32_t i=0; !bad && i<e->nTrustee; i++){
      bad = dkg_verification_key(&e->aTrusteeKey[i], aA, e->nThreshold, i+1)
         || elg_public_key_check(&e->aTrusteeKey[i]);
      if( bad ) snprintf(zErr, nErr, "trustee %u's verification key is not a valid key", i+1);
    }
    free(aA);
    if( bad ){
      if( !zErr[0] ) snprintf(zErr, nErr, "a trustee's commitment is not a group element");
      return -1;
    }
  }
  if( elg_public_key_check(&e->key) || !group_point_eq(&sum, &e->key) ){
    snprintf(zErr, nErr, "the election key is not the sum of the trustees' keys"); return -1;
  }
  e->nAnswerTotal = 0;
  e->nBallotBytes = GROUP_POINT_BYTES + PROOF_SIGNATURE_BYTES;
  for(uint32_t q=0; q<e->nQuestion; q++){
    const ElectionQuestion *pQ = &e->aQ[q];
    if( pQ->nAnswer<1 || pQ->nAnswer>ELECTION_MAX_ANSWERS ){
      snprintf(zErr, nErr, "question %u: between 1 and %d answers expected", q+1, ELECTION_MAX_ANSWERS);
      return -1;
    }
    if( pQ->nAnswer==1 ? (pQ->min!=0 || pQ->max!=1)
                       : (pQ->min>pQ->max || pQ->max<1 || pQ->max>pQ->nAnswer) ){
      snprintf(zErr, nErr, "question %u: choosing %llu to %llu of %u answers is not allowed",
               q+1, (unsigned long long)pQ->min, (unsigned long long)pQ->max, pQ->nAnswer);
      return -1;
    }
    e->nAnswerTotal += pQ->nAnswer;
    e->nBallotBytes += pQ->nAnswer * (size_t)(ELG_CIPHERTEXT_BYTES + PROOF_01_BYTES);
    if( pQ->nAnswer>1 ) nSum += proof_sum_bytes(pQ->min, pQ->max);
  }
  e->nBallotBytes += nSum;
  if( e->nGroup>ELECTION_MAX_GROUPS || e->minGroup<1 || e->minGroup>1000000 ){
    snprintf(zErr, nErr, "up to %d groups, merged below 1 to 1,000,000 ballots, expected", ELECTION_MAX_GROUPS);
    return -1;
  }
  for(uint32_t g=0; g<e->nGroup; g++){
    for(uint32_t g2=0; g2<g; g2++){
      if( strcmp(e->azGroup[g], e->azGroup[g2])==0 ){
        snprintf(zErr, nErr, "groups %u and %u have the same name", g2+1, g+1); return -1;
      }
    }
  }
  election_encode(e, &b);
  hash_start_sized(&h, BOARD_TAG_ELECTION, BOARD_HASH_BYTES);
  hash_put_bytes(&h, b.z, b.n);
  hash_finish(&h, e->id);
  buf_reset(&b);
  return 0;
}

/*
** Decode a definition from a[0..n) into *e (which the caller clears with
** election_clear() whatever the outcome) and check it (election_finish).
** Returns 0, or -1 with a message in zErr.
*/
int election_decode(Election *e, const unsigned char *a, size_t n, char *zErr, size_t nErr){
  Rd r = { a, n, 0 };
  uint64_t v, nT, nK, nQ;
  memset(e, 0, sizeof *e);
  if( nErr ) zErr[0] = 0;
  if( rd_u64(&r, &v) || v!=ELECTION_VERSION ){
    snprintf(zErr, nErr, "unknown definition version"); return -1;
  }
  if( rd_str(&r, ELECTION_MAX_TEXT, &e->zTitle) ){ snprintf(zErr, nErr, "bad title"); return -1; }
  if( rd_point(&r, &e->authority) ){ snprintf(zErr, nErr, "bad credential authority key"); return -1; }
  if( rd_u64(&r, &nT) || nT<1 || nT>ELECTION_MAX_TRUSTEES ){
    snprintf(zErr, nErr, "bad number of trustees"); return -1;
  }
  e->nTrustee = (uint32_t)nT;
  if( rd_u64(&r, &nK) || nK<1 || nK>nT ){
    snprintf(zErr, nErr, "bad threshold: from 1 to the number of trustees expected"); return -1;
  }
  e->nThreshold = (uint32_t)nK;
  e->aCommit = xcalloc(nT*nK, sizeof *e->aCommit);
  for(uint64_t i=0; i<nT*nK; i++){
    if( rd_point(&r, &e->aCommit[i]) ){
      snprintf(zErr, nErr, "trustee %u's commitment %u is not a group element",
               (unsigned)(i/nK)+1, (unsigned)(i%nK)+1); return -1;
    }
  }
  if( rd_point(&r, &e->key) ){ snprintf(zErr, nErr, "the election key is not a group element"); return -1; }
  if( rd_u64(&r, &nQ) || nQ<1 || nQ>ELECTION_MAX_QUESTIONS ){
    snprintf(zErr, nErr, "bad number of questions"); return -1;
  }
  e->aQ = xcalloc(nQ, sizeof *e->aQ);
  e->nQuestion = (uint32_t)nQ;
  for(uint32_t q=0; q<e->nQuestion; q++){
    ElectionQuestion *pQ = &e->aQ[q];
    if( rd_str(&r, ELECTION_MAX_TEXT, &pQ->zText) || rd_u64(&r, &v)
     || v<1 || v>ELECTION_MAX_ANSWERS || rd_u64(&r, &pQ->min) || rd_u64(&r, &pQ->max) ){
      e->nQuestion = q+1;
      snprintf(zErr, nErr, "question %u is malformed", q+1); return -1;
    }
    pQ->nAnswer = (uint32_t)v;
    pQ->azLabel = xcalloc(v, sizeof *pQ->azLabel);
    for(uint32_t j=0; j<pQ->nAnswer; j++){
      if( rd_str(&r, ELECTION_MAX_LABEL, &pQ->azLabel[j]) ){
        snprintf(zErr, nErr, "question %u, answer %u: bad label", q+1, j+1); return -1;
      }
    }
  }
  if( rd_u64(&r, &v) || v>ELECTION_MAX_GROUPS || rd_u64(&r, &e->minGroup) ){
    snprintf(zErr, nErr, "bad breakdown groups"); return -1;
  }
  e->azGroup = xcalloc(v ? v : 1, sizeof *e->azGroup);
  e->nGroup = (uint32_t)v;
  for(uint32_t g=0; g<e->nGroup; g++){
    if( rd_str(&r, ELECTION_MAX_LABEL, &e->azGroup[g]) ){
      snprintf(zErr, nErr, "group %u: bad name", g+1); return -1;
    }
  }
  if( r.i!=r.n ){ snprintf(zErr, nErr, "%zu bytes too many", r.n - r.i); return -1; }
  return election_finish(e, zErr, nErr);
}

/*
** Free what *e owns; *e may be reused. Safe on a zeroed or partly decoded
** definition.
*/
void election_clear(Election *e){
  free(e->zTitle);
  free(e->aTrusteeKey);
  free(e->aCommit);
  for(uint32_t q=0; e->aQ && q<e->nQuestion; q++){
    free(e->aQ[q].zText);
    for(uint32_t j=0; e->aQ[q].azLabel && j<e->aQ[q].nAnswer; j++) free(e->aQ[q].azLabel[j]);
    free(e->aQ[q].azLabel);
  }
  free(e->aQ);
  for(uint32_t g=0; e->azGroup && g<e->nGroup; g++) free(e->azGroup[g]);
  free(e->azGroup);
  memset(e, 0, sizeof *e);
}

static void le64(unsigned char *a, uint64_t v){
  for(int i=0; i<8; i++) a[i] = (unsigned char)(v >> (8*i));
}

/*
** The context of a ballot's proofs for question iQuestion (0-based):
** id ‖ credential ‖ LE64(iQuestion), 72 bytes. Returns its length.
*/
size_t election_ctx_ballot(unsigned char *aCtx, const Election *e,
                           const GroupPoint *pCred, uint32_t iQuestion){
  memcpy(aCtx, e->id, ELECTION_ID_BYTES);
  memcpy(aCtx+32, pCred->a, GROUP_POINT_BYTES);
  le64(aCtx+64, iQuestion);
  return 72;
}

/*
** The context of trustee iTrustee's proofs (key and decryption):
** id ‖ LE64(iTrustee), 40 bytes. Returns its length.
*/
size_t election_ctx_trustee(unsigned char *aCtx, const Election *e, uint32_t iTrustee){
  memcpy(aCtx, e->id, ELECTION_ID_BYTES);
  le64(aCtx+32, iTrustee);
  return 40;
}

/* The context of a signature: id ‖ zWhat ("ballot" or "credentials"). */
static size_t sig_ctx(unsigned char *aCtx, const Election *e, const char *zWhat){
  size_t n = strlen(zWhat);
  memcpy(aCtx, e->id, ELECTION_ID_BYTES);
  memcpy(aCtx+ELECTION_ID_BYTES, zWhat, n);
  return ELECTION_ID_BYTES + n;
}

/*
** Trustee i's proof of knowledge of a_i,0 (the constant of their
** polynomial, whose commitment C_i,0 is their part of the election key),
** made at key generation: it stops a rogue key C_i,0 = Y' − Σ others.
*/
int election_trustee_key_proof(unsigned char *aProof, uint32_t nTrustee, uint32_t nThreshold,
                               uint32_t iTrustee, const GroupScalar *pA0){
  unsigned char aCtx[64];
  GroupPoint c0;
  size_t nCtx = dkg_context(aCtx, nTrustee, nThreshold, iTrustee);
  group_base_mult(&c0, pA0);
  return proof_key_make(aProof, aCtx, nCtx, pA0, &c0);
}

int election_trustee_key_check(const Election *e, uint32_t iTrustee, const unsigned char *aProof){
  unsigned char aCtx[64];
  size_t nCtx = dkg_context(aCtx, e->nTrustee, e->nThreshold, iTrustee);
  if( iTrustee>=e->nTrustee ) return -1;
  return proof_key_verify(aProof, aCtx, nCtx, &e->aCommit[(size_t)iTrustee*e->nThreshold]);
}

/*
** Trustee iTrustee's key item: LE64(i) ‖ C_i,0 ‖ proof of knowledge of
** a_i,0. Returns 0, or -1 if the proof does not verify.
*/
int election_trustee_key_item(Buf *pOut, const Election *e, uint32_t iTrustee,
                              const unsigned char *aProof){
  if( iTrustee>=e->nTrustee || election_trustee_key_check(e, iTrustee, aProof) ) return -1;
  put_u64(pOut, iTrustee);
  put_point(pOut, &e->aCommit[(size_t)iTrustee*e->nThreshold]);
  buf_append(pOut, aProof, PROOF_KEY_BYTES);
  return 0;
}

/*
** Trustee iTrustee's partial decryption of the tally: for each answer the
** share D = x_i·A and its proof under the verification key Y_i. Returns
** 0, or -1 if pShare is not trustee i's key share.
*/
int election_partial_make(Buf *pOut, const Election *e, uint32_t iTrustee,
                          const GroupScalar *pShare, const ElgCiphertext *aTally, size_t nEntry){
  unsigned char aCtx[72];
  size_t nCtx, start = pOut->n;
  GroupPoint y;
  if( iTrustee>=e->nTrustee ) return -1;
  group_base_mult(&y, pShare);
  if( !group_point_eq(&y, &e->aTrusteeKey[iTrustee]) ) return -1;
  nCtx = election_ctx_trustee(aCtx, e, iTrustee);
  put_u64(pOut, iTrustee);
  for(size_t k=0; k<nEntry; k++){
    GroupPoint d;
    unsigned char aProof[PROOF_DECRYPT_BYTES];
    if( proof_decrypt_make(&d, aProof, aCtx, nCtx, pShare, &y, &aTally[k]) ){
      buf_truncate(pOut, start);
      return -1;
    }
    put_point(pOut, &d);
    buf_append(pOut, aProof, sizeof aProof);
  }
  return 0;
}

int election_combine(GroupPoint *aD, size_t nEntry, const Election *e,
                     const uint32_t *aIdx, size_t nIdx, const GroupPoint *aShare){
  uint32_t aX[DKG_MAX_TRUSTEES];
  if( nIdx<e->nThreshold || nIdx>DKG_MAX_TRUSTEES ) return -1;
  for(size_t i=0; i<nIdx; i++){
    if( aIdx[i]>=e->nTrustee ) return -1;
    aX[i] = aIdx[i] + 1;                /* trustee i holds f(i+1) */
  }
  for(size_t k=0; k<nEntry; k++) group_point_identity(&aD[k]);
  for(size_t i=0; i<nIdx; i++){
    GroupScalar lambda;
    if( dkg_lagrange(&lambda, aX, nIdx, i) ) return -1;
    for(size_t k=0; k<nEntry; k++){
      GroupPoint t;
      if( group_mult(&t, &lambda, &aShare[i*nEntry + k]) ) return -1;
      if( group_point_add(&aD[k], &aD[k], &t) ) return -1;
    }
  }
  return 0;
}

/*
** A credential item: LE64(k) ‖ k public keys ‖ the authority's signature on
** those bytes. Returns 0, or -1 if nCred is 0 or too many, or pAuthSk is
** not the secret of e's authority key.
*/
int election_credentials_make(Buf *pOut, const Election *e, const GroupScalar *pAuthSk,
                              const GroupPoint *aCred, size_t nCred,
                              uint32_t iGroup, uint64_t weight){
  unsigned char aCtx[64], aSig[PROOF_SIGNATURE_BYTES];
  size_t nCtx = sig_ctx(aCtx, e, "credentials"), start = pOut->n;
  GroupPoint y;
  if( nCred<1 || nCred>ELECTION_MAX_CRED_BATCH ) return -1;
  if( (e->nGroup==0 ? iGroup!=0 : (iGroup<1 || iGroup>e->nGroup))
   || weight<1 || weight>ELECTION_MAX_WEIGHT ) return -1;
  group_base_mult(&y, pAuthSk);
  if( !group_point_eq(&y, &e->authority) ) return -1;
  put_u64(pOut, nCred);
  put_u64(pOut, iGroup);
  put_u64(pOut, weight);
  for(size_t i=0; i<nCred; i++) put_point(pOut, &aCred[i]);
  if( proof_signature_make(aSig, aCtx, nCtx, pAuthSk, &e->authority,
                           pOut->z + start, pOut->n - start) ){
    buf_truncate(pOut, start);
    return -1;
  }
  buf_append(pOut, aSig, sizeof aSig);
  return 0;
}

/*
** A ballot for the choices aChoice[0..nAnswerTotal) (each 0 or 1, within
** each question's [min, max]), cast with credential (pCredSk, pCred):
** protocol.md 8.4. Returns 0, or -1 if the choices break a rule.
*/
int election_ballot_make(Buf *pOut, const Election *e, const GroupScalar *pCredSk,
                         const GroupPoint *pCred, const uint8_t *aChoice){
  size_t start = pOut->n, k = 0;
  unsigned char aCtx[72], aSig[PROOF_SIGNATURE_BYTES];
  ElgCiphertext *aCt = xcalloc(e->nAnswerTotal, sizeof *aCt);
  GroupScalar *aR = xcalloc(e->nAnswerTotal, sizeof *aR);
  uint64_t *aM = xcalloc(e->nAnswerTotal, sizeof *aM);
  int rc = -1;
  put_point(pOut, pCred);
  for(uint32_t q=0; q<e->nQuestion; q++){
    const ElectionQuestion *pQ = &e->aQ[q];
    size_t nCtx = election_ctx_ballot(aCtx, e, pCred, q);
    for(uint32_t j=0; j<pQ->nAnswer; j++, k++){
      unsigned char aEnc[ELG_CIPHERTEXT_BYTES], aProof[PROOF_01_BYTES];
      if( aChoice[k]>1 ) goto out;
      aM[k] = aChoice[k];
      group_scalar_random(&aR[k]);
      if( elg_encrypt(&aCt[k], &e->key, aM[k], &aR[k]) ) goto out;
      if( proof_01_make(aProof, aCtx, nCtx, &e->key, &aCt[k], aM[k], &aR[k]) ) goto out;
      elg_ciphertext_encode(aEnc, &aCt[k]);
      buf_append(pOut, aEnc, sizeof aEnc);
      buf_append(pOut, aProof, sizeof aProof);
    }
  }
  k = 0;
  for(uint32_t q=0; q<e->nQuestion; q++){
    const ElectionQuestion *pQ = &e->aQ[q];
    if( pQ->nAnswer>1 ){
      size_t nCtx = election_ctx_ballot(aCtx, e, pCred, q);
      size_t nProof = proof_sum_bytes(pQ->min, pQ->max);
      unsigned char *aProof = xmalloc(nProof);
      int bad = proof_sum_make(aProof, aCtx, nCtx, &e->key, &aCt[k], pQ->nAnswer,
                               &aM[k], &aR[k], pQ->min, pQ->max);
      if( !bad ) buf_append(pOut, aProof, nProof);
      free(aProof);
      if( bad ) goto out;
    }
    k += pQ->nAnswer;
  }
  {
    size_t nCtx = sig_ctx(aCtx, e, "ballot");
    if( proof_signature_make(aSig, aCtx, nCtx, pCredSk, pCred,
                             pOut->z + start, pOut->n - start) ) goto out;
    buf_append(pOut, aSig, sizeof aSig);
  }
  rc = 0;
out:
  for(size_t i=0; i<e->nAnswerTotal; i++) group_scalar_wipe(&aR[i]);
  free(aCt); free(aR); free(aM);
  if( rc ) buf_truncate(pOut, start);
  return rc;
}

/*
** Verify a ballot's layout, its credential's signature and every proof.
** The credential's membership is not checked here. Points are decoded and
** validated first, then the signature (a failure means the ballot was
** altered or not made with this credential), then the proofs (a failure
** with a good signature means the voter's device made a bad ballot).
*/
int election_ballot_verify(const Election *e, const unsigned char *a, size_t n,
                           ElgCiphertext *aCtOut, char *zErr, size_t nErr){
  Rd r = { a, n, 0 };
  GroupPoint cred;
  unsigned char aCtx[72];
  ElgCiphertext *aCt = aCtOut ? aCtOut : xcalloc(e->nAnswerTotal, sizeof *aCt);
  const unsigned char **apProof = xcalloc(e->nAnswerTotal, sizeof *apProof);
  size_t k = 0;
  int rc = -1;
  if( n!=e->nBallotBytes ){
    snprintf(zErr, nErr, "the ballot is %zu bytes, this election's are %zu", n, e->nBallotBytes);
    goto out;
  }
  if( rd_point(&r, &cred) || group_point_is_identity(&cred) ){
    snprintf(zErr, nErr, "the credential is not a valid key"); goto out;
  }
  for(uint32_t q=0; q<e->nQuestion; q++){
    for(uint32_t j=0; j<e->aQ[q].nAnswer; j++, k++){
      if( elg_ciphertext_decode(&aCt[k], rd_take(&r, ELG_CIPHERTEXT_BYTES)) ){
        snprintf(zErr, nErr, "question %u, answer %u: the ciphertext is not a pair of group elements", q+1, j+1);
        goto out;
      }
      apProof[k] = rd_take(&r, PROOF_01_BYTES);
    }
  }
  {
    size_t nCtx = sig_ctx(aCtx, e, "ballot");
    if( proof_signature_verify(a + n - PROOF_SIGNATURE_BYTES, aCtx, nCtx, &cred,
                               a, n - PROOF_SIGNATURE_BYTES) ){
      snprintf(zErr, nErr, "the credential's signature does not verify (the ballot was altered, or not cast with this credential)");
      goto out;
    }
  }
  k = 0;
  for(uint32_t q=0; q<e->nQuestion; q++){
    const ElectionQuestion *pQ = &e->aQ[q];
    size_t nCtx = election_ctx_ballot(aCtx, e, &cred, q);
    for(uint32_t j=0; j<pQ->nAnswer; j++){
      if( proof_01_verify(apProof[k+j], aCtx, nCtx, &e->key, &aCt[k+j]) ){
        snprintf(zErr, nErr, "question %u, answer %u: the proof that it encrypts 0 or 1 does not verify", q+1, j+1);
        goto out;
      }
    }
    if( pQ->nAnswer>1 ){
      size_t nProof = proof_sum_bytes(pQ->min, pQ->max);
      const unsigned char *p = rd_take(&r, nProof);
      if( p==0 || proof_sum_verify(p, nProof, aCtx, nCtx, &e->key, &aCt[k], pQ->nAnswer,
                                   pQ->min, pQ->max) ){
        snprintf(zErr, nErr, "question %u: the proof that %llu to %llu answers are chosen does not verify",
                 q+1, (unsigned long long)pQ->min, (unsigned long long)pQ->max);
        goto out;
      }
    }
    k += pQ->nAnswer;
  }
  rc = 0;
out:
  if( aCt!=aCtOut ) free(aCt);
  free(apProof);
  return rc;
}

void election_tally_encode(Buf *pOut, uint32_t nBucket, const uint64_t *aCounted,
                           const uint64_t *aWeight, const ElgCiphertext *aCt, size_t nAnswer){
  put_u64(pOut, nBucket);
  for(uint32_t bk=0; bk<nBucket; bk++){
    put_u64(pOut, aCounted[bk]);
    put_u64(pOut, aWeight[bk]);
    for(size_t j=0; j<nAnswer; j++){
      unsigned char a[ELG_CIPHERTEXT_BYTES];
      elg_ciphertext_encode(a, &aCt[bk*nAnswer + j]);
      buf_append(pOut, a, sizeof a);
    }
  }
}

void election_result_encode(Buf *pOut, uint32_t nBucket, const uint64_t *aCounted,
                            const uint64_t *aWeight, const uint64_t *aCount, size_t nAnswer){
  put_u64(pOut, nBucket);
  for(uint32_t bk=0; bk<nBucket; bk++){
    put_u64(pOut, aCounted[bk]);
    put_u64(pOut, aWeight[bk]);
    for(size_t j=0; j<nAnswer; j++) put_u64(pOut, aCount[bk*nAnswer + j]);
  }
}

uint32_t election_buckets(const Election *e, const uint64_t *aCounted, uint32_t *aBucket){
  uint32_t nPublished = 0, nOther = 0;
  uint64_t other = 0;
  const uint32_t OTHER = UINT32_MAX;
  if( e->nGroup==0 ){ aBucket[0] = 0; return 1; }
  aBucket[0] = OTHER;                   /* "no group" never holds ballots here */
  for(uint32_t g=1; g<=e->nGroup; g++){
    if( aCounted[g] >= e->minGroup ){ aBucket[g] = 0; nPublished++; }
    else{ aBucket[g] = OTHER; other += aCounted[g]; nOther++; }
  }
  /* a small remainder would be revealed by total − published: fold the
  ** smallest published groups (lowest index first on ties) into it */
  while( nOther>0 && other < e->minGroup && nPublished>0 ){
    uint32_t best = 0;
    for(uint32_t g=1; g<=e->nGroup; g++){
      if( aBucket[g]==0 && (best==0 || aCounted[g] < aCounted[best]) ) best = g;
    }
    aBucket[best] = OTHER;
    other += aCounted[best];
    nOther++;
    nPublished--;
  }
  uint32_t b = 0;
  for(uint32_t g=1; g<=e->nGroup; g++) if( aBucket[g]==0 ) aBucket[g] = b++;
  for(uint32_t g=0; g<=e->nGroup; g++) if( aBucket[g]==OTHER ) aBucket[g] = b;
  return b + (nOther>0);
}

int election_weigh(ElgCiphertext *pOut, const ElgCiphertext *c, uint64_t w){
  GroupScalar s;
  if( w==1 ){ *pOut = *c; return 0; }
  group_scalar_from_u64(&s, w);
  if( group_mult(&pOut->a, &s, &c->a) || group_mult(&pOut->b, &s, &c->b) ) return -1;
  return 0;
}

/* A point read and decoded once: its bytes into *pPt, its decoding into *pElem. */
static int rd_elem(Rd *r, GroupPoint *pPt, GroupElem *pElem){
  const unsigned char *p = rd_take(r, GROUP_POINT_BYTES);
  if( p==0 || group_elem_decode(pElem, p) ) return -1;
  memcpy(pPt->a, p, GROUP_POINT_BYTES);
  return 0;
}

/*
** The batch form of election_ballot_verify: check the ballot's layout and
** decode its points (each once), then add its signature and every proof
** to the batch b, to be checked with many other ballots' (proof.h). On
** success aCt and aDec (nAnswerTotal each) hold its ciphertexts. Returns
** 0, or -1 with a message in zErr for a ballot that fails on its own (bad
** size or point, malformed proof); a false proof is found only when the
** batch is checked, and election_ballot_verify then says which.
*/
int election_ballot_batch(const Election *e, const unsigned char *a, size_t n, ProofBatch *b,
                          ElgCiphertext *aCt, ElgDecoded *aDec, char *zErr, size_t nErr){
  Rd r = { a, n, 0 };
  GroupPoint cred;
  GroupElem *pCredElem = group_elem_array(1);
  unsigned char aCtx[72];
  const unsigned char *pProof;
  size_t k = 0;
  int rc = -1;
  if( n!=e->nBallotBytes ){
    snprintf(zErr, nErr, "the ballot is %zu bytes, this election's are %zu", n, e->nBallotBytes);
    goto out;
  }
  if( rd_elem(&r, &cred, pCredElem) || group_point_is_identity(&cred) ){
    snprintf(zErr, nErr, "the credential is not a valid key"); goto out;
  }
  {
    size_t nCtx = sig_ctx(aCtx, e, "ballot");
    if( proof_batch_add_signature_decoded(b, a + n - PROOF_SIGNATURE_BYTES, aCtx, nCtx, &cred,
                                          pCredElem, a, n - PROOF_SIGNATURE_BYTES) ){
      snprintf(zErr, nErr, "the credential's signature is malformed"); goto out;
    }
  }
  for(uint32_t q=0; q<e->nQuestion; q++){
    size_t nCtx = election_ctx_ballot(aCtx, e, &cred, q);
    for(uint32_t j=0; j<e->aQ[q].nAnswer; j++, k++){
      if( rd_elem(&r, &aCt[k].a, &aDec[k].a) || rd_elem(&r, &aCt[k].b, &aDec[k].b) ){
        snprintf(zErr, nErr, "question %u, answer %u: the ciphertext is not a pair of group elements", q+1, j+1);
        goto out;
      }
      pProof = rd_take(&r, PROOF_01_BYTES);
      if( proof_batch_add_01_decoded(b, pProof, aCtx, nCtx, &e->key, &aCt[k], &aDec[k]) ){
        snprintf(zErr, nErr, "question %u, answer %u: the proof that it encrypts 0 or 1 is malformed", q+1, j+1);
        goto out;
      }
    }
  }
  k = 0;
  for(uint32_t q=0; q<e->nQuestion; q++){
    const ElectionQuestion *pQ = &e->aQ[q];
    if( pQ->nAnswer>1 ){
      size_t nCtx = election_ctx_ballot(aCtx, e, &cred, q);
      size_t nProof = proof_sum_bytes(pQ->min, pQ->max);
      pProof = rd_take(&r, nProof);
      if( pProof==0 || proof_batch_add_sum_decoded(b, pProof, nProof, aCtx, nCtx, &e->key, &aCt[k],
                                                   &aDec[k], pQ->nAnswer, pQ->min, pQ->max) ){
        snprintf(zErr, nErr, "question %u: the proof that %llu to %llu answers are chosen is malformed",
                 q+1, (unsigned long long)pQ->min, (unsigned long long)pQ->max);
        goto out;
      }
    }
    k += pQ->nAnswer;
  }
  rc = 0;
out:
  free(pCredElem);
  return rc;
}

/* ---- the simulated election ---- */

static uint64_t splitmix(uint64_t *s){
  uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z>>30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z>>27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z>>31);
}

/* Making the demo's ballots on every core: block [i0, i0+n) of the casts,
** cast k by voter aCastV[k] with choices aCastChoice[k*nAnswer ...],
** into aBallot[k-i0]. Threads take every nThread-th cast. */
#define DEMO_BLOCK 4096
typedef struct DemoMaker DemoMaker;
struct DemoMaker {
  const Election *e;
  const ElectionDemo *d;
  const uint32_t *aCastV;
  const uint8_t *aCastChoice;
  size_t i0, n;
  Buf *aBallot;             /* DEMO_BLOCK buffers, reused */
  int nThread;
};
typedef struct DemoThread DemoThread;
struct DemoThread { DemoMaker *m; int iThread; int rc; };

static void *demo_make_thread(void *pArg){
  DemoThread *t = pArg;
  DemoMaker *m = t->m;
  for(size_t k=(size_t)t->iThread; k<m->n && t->rc==0; k+=(size_t)m->nThread){
    uint32_t v = m->aCastV[m->i0+k];
    buf_truncate(&m->aBallot[k], 0);
    t->rc = election_ballot_make(&m->aBallot[k], m->e, &m->d->aCredSk[v], &m->d->aCredPk[v],
                                 &m->aCastChoice[(m->i0+k)*m->d->nAnswer]);
  }
  return 0;
}

static int demo_make_block(DemoMaker *m){
  DemoThread aT[16];
  pthread_t aId[16];
  long nCpu = sysconf(_SC_NPROCESSORS_ONLN);
  int rc = 0;
  m->nThread = nCpu<1 ? 1 : nCpu>16 ? 16 : (int)nCpu;
  for(int i=0; i<m->nThread; i++){
    aT[i].m = m; aT[i].iThread = i; aT[i].rc = 0;
    if( i>0 && pthread_create(&aId[i], 0, demo_make_thread, &aT[i]) ){
      demo_make_thread(&aT[i]);
      aT[i].iThread = -1;           /* done inline */
    }
  }
  demo_make_thread(&aT[0]);
  for(int i=1; i<m->nThread; i++){
    if( aT[i].iThread>=0 ) pthread_join(aId[i], 0);
  }
  for(int i=0; i<m->nThread; i++) rc |= aT[i].rc;
  return rc;
}

/* A voter's group, 1..nGroup, uneven: group g about twice as likely as
** group g+1, so the last groups are small and get merged. */
static uint32_t demo_group(uint32_t nGroup, uint64_t *s){
  for(uint32_t g=1; g<nGroup; g++) if( splitmix(s)%2==0 ) return g;
  return nGroup;
}

/* A random choice: yes/no 60% yes; 1-of-n 5% blank, else skewed to the
** first answers. */
static void demo_choose(uint8_t *aChoice, uint32_t nAnswer, uint64_t *s){
  memset(aChoice, 0, nAnswer);
  if( nAnswer==1 ){ aChoice[0] = splitmix(s)%100 < 60; return; }
  if( splitmix(s)%100 < 5 ) return;
  uint64_t a = splitmix(s)%nAnswer, b = splitmix(s)%nAnswer;
  aChoice[a<b ? a : b] = 1;
}

/*
** Run a whole election on board w: definition, trustee keys, credentials,
** ballots (5% of voters abstain, 10% vote twice; the second counts), tally,
** partial decryptions and result. The secrets and the outcome are left in
** *d (election_demo_clear frees them). Returns 0, or -1 with zErr.
*/
int election_demo_run(ElectionDemo *d, BoardWriter *w, char *zErr, size_t nErr){
  Election e;
  Buf b = BUF_INIT;
  uint64_t s = d->seed;
  uint8_t *aLast = 0;                 /* nVoter x nAnswer: counted choices */
  unsigned char *aVoted = 0;          /* nVoter: 0 none, 1 once, 2 twice */
  ElgCiphertext *aTally = 0;
  ElgCiphertext *aCounted = 0;        /* nVoter x nAnswer: last ballot's ciphertexts */
  GroupPoint *aD = 0;
  ElgDlog *pTable = 0;
  uint32_t *aRevote = 0, nRevote = 0;
  unsigned char *aKeyProof = 0;       /* nTrustee proofs of knowledge */
  uint32_t *aGroup = 0;               /* nVoter: breakdown group, 0 if none */
  uint64_t *aWeight = 0;              /* nVoter */
  uint64_t *aBucketCounted = 0, *aBucketWeight = 0, *aBucketCount = 0;
  size_t nEntry = 0;                  /* buckets × answers */
  int rc = -1;
  memset(&e, 0, sizeof e);
  group_init();
  if( d->nVoter<1 || d->nAnswer<1 || d->nAnswer>ELECTION_MAX_ANSWERS
   || d->nTrustee<1 || d->nTrustee>ELECTION_MAX_TRUSTEES ){
    snprintf(zErr, nErr, "voters >= 1, answers 1..%d, trustees 1..%d",
             ELECTION_MAX_ANSWERS, ELECTION_MAX_TRUSTEES);
    goto out;
  }
  d->aTrusteeSk = xcalloc(d->nTrustee, sizeof *d->aTrusteeSk);
  d->aDecrypted = xcalloc(d->nTrustee, 1);
  d->aCredSk = xcalloc(d->nVoter, sizeof *d->aCredSk);
  d->aCredPk = xcalloc(d->nVoter, sizeof *d->aCredPk);
  d->azTracker = xcalloc(d->nVoter, sizeof *d->azTracker);
  d->aCount = xcalloc(d->nAnswer, sizeof *d->aCount);
  aLast = xcalloc((size_t)d->nVoter, d->nAnswer);
  aVoted = xcalloc(d->nVoter, 1);
  aRevote = xcalloc(d->nVoter, sizeof *aRevote);
  aCounted = xcalloc((size_t)d->nVoter * d->nAnswer, sizeof *aCounted);
  aGroup = xcalloc(d->nVoter, sizeof *aGroup);
  aWeight = xcalloc(d->nVoter, sizeof *aWeight);
  if( d->nGroup>ELECTION_MAX_GROUPS ){
    snprintf(zErr, nErr, "at most %d groups", ELECTION_MAX_GROUPS);
    goto out;
  }

  /* the key ceremony (dkg.h), simulated: each trustee's polynomial and
  ** commitments; each share checked as its recipient would; x_j = Σ f_i(j) */
  if( d->nThreshold==0 ) d->nThreshold = d->nTrustee;
  if( d->nThreshold>d->nTrustee ){
    snprintf(zErr, nErr, "the threshold (%u) is more than the trustees (%u)", d->nThreshold, d->nTrustee);
    goto out;
  }
  e.zTitle = xstrdup("Demo ballot (simulated election)");
  e.nTrustee = d->nTrustee;
  e.nThreshold = d->nThreshold;
  e.aCommit = xcalloc((size_t)d->nTrustee*d->nThreshold, sizeof *e.aCommit);
  aKeyProof = xcalloc(d->nTrustee, PROOF_KEY_BYTES);
  group_point_identity(&e.key);
  for(uint32_t i=0; i<d->nTrustee; i++){
    DkgPolynomial poly;
    dkg_polynomial_random(&poly, d->nThreshold);
    dkg_commitments(&e.aCommit[(size_t)i*d->nThreshold], &poly);
    if( election_trustee_key_proof(aKeyProof + (size_t)i*PROOF_KEY_BYTES, d->nTrustee,
                                   d->nThreshold, i, &poly.a[0]) ) goto bug;
    group_point_add(&e.key, &e.key, &e.aCommit[(size_t)i*d->nThreshold]);
    for(uint32_t j=0; j<d->nTrustee; j++){
      GroupScalar share;
      dkg_share(&share, &poly, j+1);
      if( dkg_share_check(&e.aCommit[(size_t)i*d->nThreshold], d->nThreshold, j+1, &share) ) goto bug;
      group_scalar_add(&d->aTrusteeSk[j], &d->aTrusteeSk[j], &share);
      group_scalar_wipe(&share);
    }
    dkg_polynomial_wipe(&poly);
  }
  { GroupPoint y; elg_keygen(&d->authoritySk, &y); e.authority = y; }
  e.nQuestion = 1;
  e.aQ = xcalloc(1, sizeof *e.aQ);
  e.aQ[0].nAnswer = d->nAnswer;
  e.aQ[0].azLabel = xcalloc(d->nAnswer, sizeof(char*));
  if( d->nAnswer==1 ){
    e.aQ[0].zText = xstrdup("Are you prepared to take strike action?");
    e.aQ[0].azLabel[0] = xstrdup("Yes");
    e.aQ[0].min = 0; e.aQ[0].max = 1;
  }else{
    e.aQ[0].zText = xstrdup("Which option do you prefer? (one, or none)");
    for(uint32_t j=0; j<d->nAnswer; j++){
      char z[32];
      snprintf(z, sizeof z, "Option %u", j+1);
      e.aQ[0].azLabel[j] = xstrdup(z);
    }
    e.aQ[0].min = 0; e.aQ[0].max = 1;
  }
  e.minGroup = ELECTION_MIN_GROUP;
  e.nGroup = d->nGroup;
  e.azGroup = xcalloc(d->nGroup ? d->nGroup : 1, sizeof *e.azGroup);
  for(uint32_t g=0; g<d->nGroup; g++){
    char z[32];
    snprintf(z, sizeof z, "Branch %u", g+1);
    e.azGroup[g] = xstrdup(z);
  }
  if( election_finish(&e, zErr, nErr) ) goto out;
  memcpy(d->id, e.id, sizeof d->id);
  election_encode(&e, &b);
  if( board_append(w, BOARD_ELECTION, (unsigned char*)b.z, b.n) ) goto write_err;

  for(uint32_t i=0; i<d->nTrustee; i++){
    buf_truncate(&b, 0);
    if( election_trustee_key_item(&b, &e, i, aKeyProof + (size_t)i*PROOF_KEY_BYTES) ) goto bug;
    if( board_append(w, BOARD_TRUSTEE_KEY, (unsigned char*)b.z, b.n) ) goto write_err;
  }

  /* credentials, in batches of one group and one weight (a counting sort
  ** of the voters by group and weight) */
  for(uint32_t v=0; v<d->nVoter; v++){
    elg_keygen(&d->aCredSk[v], &d->aCredPk[v]);
    aGroup[v] = d->nGroup ? demo_group(d->nGroup, &s) : 0;
    aWeight[v] = d->weighted ? 1 + splitmix(&s)%7 : 1;
  }
  {
    uint32_t nKey = (d->nGroup+1)*8, *aStart = xcalloc(nKey+1, sizeof *aStart);
    uint32_t *aOrder = xcalloc(d->nVoter, sizeof *aOrder);
    GroupPoint *aPk = xcalloc(d->nVoter, sizeof *aPk);
    int bad = 0;
    for(uint32_t v=0; v<d->nVoter; v++) aStart[aGroup[v]*8 + aWeight[v] + 1]++;
    for(uint32_t k=0; k<nKey; k++) aStart[k+1] += aStart[k];
    for(uint32_t v=0; v<d->nVoter; v++) aOrder[aStart[aGroup[v]*8 + aWeight[v]]++] = v;
    for(uint32_t i=0; i<d->nVoter && !bad; ){
      uint32_t v0 = aOrder[i], n = 0;
      while( i+n<d->nVoter && n<1000 && aGroup[aOrder[i+n]]==aGroup[v0]
          && aWeight[aOrder[i+n]]==aWeight[v0] ){
        aPk[n] = d->aCredPk[aOrder[i+n]];
        n++;
      }
      buf_truncate(&b, 0);
      bad = election_credentials_make(&b, &e, &d->authoritySk, aPk, n, aGroup[v0], aWeight[v0]);
      if( !bad && board_append(w, BOARD_CREDENTIAL, (unsigned char*)b.z, b.n) ) bad = 2;
      i += n;
    }
    free(aStart); free(aOrder); free(aPk);
    if( bad==2 ) goto write_err;
    if( bad ) goto bug;
  }

  /* ballots: everyone in turn, then the revotes. Who votes what is drawn
  ** in order from the seed; the ballots are then made on every core, a
  ** block at a time, and appended in that order. */
  {
    size_t nCast = 0, nCastAlloc = (size_t)d->nVoter + d->nVoter/8 + 16;
    uint32_t *aCastV = xcalloc(nCastAlloc, sizeof *aCastV);
    uint8_t *aCastChoice = xcalloc(nCastAlloc, d->nAnswer);
    int bad = 0;
    for(uint32_t pass=0; pass<2; pass++){
      uint32_t nTurn = pass==0 ? d->nVoter : nRevote;
      for(uint32_t t=0; t<nTurn; t++){
        uint32_t v = pass==0 ? t : aRevote[t];
        if( pass==0 && d->nVoter>2 && splitmix(&s)%100 < 5 ) continue;   /* abstains */
        if( nCast==nCastAlloc ){
          nCastAlloc *= 2;
          aCastV = xrealloc(aCastV, nCastAlloc * sizeof *aCastV);
          aCastChoice = xrealloc(aCastChoice, nCastAlloc * d->nAnswer);
        }
        demo_choose(&aCastChoice[nCast*d->nAnswer], d->nAnswer, &s);
        aCastV[nCast++] = v;
        if( pass==0 && splitmix(&s)%100 < 10 ) aRevote[nRevote++] = v;
      }
    }
    DemoMaker mk;
    memset(&mk, 0, sizeof mk);
    mk.e = &e; mk.d = d; mk.aCastV = aCastV; mk.aCastChoice = aCastChoice;
    mk.aBallot = xcalloc(DEMO_BLOCK, sizeof *mk.aBallot);
    for(size_t i0=0; i0<nCast && !bad; i0+=DEMO_BLOCK){
      mk.i0 = i0;
      mk.n = nCast-i0 < DEMO_BLOCK ? nCast-i0 : DEMO_BLOCK;
      if( demo_make_block(&mk) ){ bad = 1; break; }
      for(size_t k=0; k<mk.n && !bad; k++){
        uint32_t v = aCastV[i0+k];
        Buf *pB = &mk.aBallot[k];
        if( board_append(w, BOARD_BALLOT, (unsigned char*)pB->z, pB->n) ){ bad = 2; break; }
        board_tracker(d->azTracker[v], (unsigned char*)pB->z, pB->n);
        memcpy(aLast + (size_t)v*d->nAnswer, &aCastChoice[(i0+k)*d->nAnswer], d->nAnswer);
        aVoted[v]++;
        d->nBallot++;
        for(uint32_t j=0; j<d->nAnswer; j++){
          const unsigned char *p = (unsigned char*)pB->z + GROUP_POINT_BYTES
                                 + (size_t)j*(ELG_CIPHERTEXT_BYTES + PROOF_01_BYTES);
          if( elg_ciphertext_decode(&aCounted[(size_t)v*d->nAnswer + j], p) ) bad = 1;
        }
      }
    }
    for(size_t k=0; k<DEMO_BLOCK; k++) buf_reset(&mk.aBallot[k]);
    free(mk.aBallot); free(aCastV); free(aCastChoice);
    if( bad==2 ) goto write_err;
    if( bad ) goto bug;
  }

  /* the tally: each voter's last ballot times their weight, summed in
  ** the bucket of their group */
  {
    uint64_t *aGroupCounted = xcalloc(d->nGroup+1, sizeof *aGroupCounted);
    uint32_t *aBucket = xcalloc(d->nGroup+1, sizeof *aBucket);
    for(uint32_t v=0; v<d->nVoter; v++) if( aVoted[v] ) aGroupCounted[aGroup[v]]++;
    d->nBucket = election_buckets(&e, aGroupCounted, aBucket);
    nEntry = (size_t)d->nBucket * d->nAnswer;
    aTally = xcalloc(nEntry, sizeof *aTally);
    aD = xcalloc(nEntry, sizeof *aD);
    aBucketCounted = xcalloc(d->nBucket, sizeof *aBucketCounted);
    aBucketWeight = xcalloc(d->nBucket, sizeof *aBucketWeight);
    aBucketCount = xcalloc(nEntry, sizeof *aBucketCount);
    for(size_t k=0; k<nEntry; k++) elg_ciphertext_zero(&aTally[k]);
    int bad = 0;
    for(uint32_t v=0; v<d->nVoter && !bad; v++){
      if( !aVoted[v] ) continue;
      uint32_t bk = aBucket[aGroup[v]];
      d->nCounted++;
      d->weightCounted += aWeight[v];
      aBucketCounted[bk]++;
      aBucketWeight[bk] += aWeight[v];
      for(uint32_t j=0; j<d->nAnswer && !bad; j++){
        ElgCiphertext c;
        bad = election_weigh(&c, &aCounted[(size_t)v*d->nAnswer + j], aWeight[v])
           || elg_add(&aTally[(size_t)bk*d->nAnswer + j], &aTally[(size_t)bk*d->nAnswer + j], &c);
        d->aCount[j] += aWeight[v] * aLast[(size_t)v*d->nAnswer + j];
        aBucketCount[(size_t)bk*d->nAnswer + j] += aWeight[v] * aLast[(size_t)v*d->nAnswer + j];
      }
    }
    free(aGroupCounted); free(aBucket);
    if( bad ) goto bug;
  }
  buf_truncate(&b, 0);
  election_tally_encode(&b, d->nBucket, aBucketCounted, aBucketWeight, aTally, d->nAnswer);
  if( board_append(w, BOARD_TALLY, (unsigned char*)b.z, b.n) ) goto write_err;

  /* k of the n trustees decrypt (which ones follows the seed): each
  ** publishes its shares; D combines them with Lagrange coefficients */
  {
    uint32_t aIdx[DKG_MAX_TRUSTEES], first = (uint32_t)(splitmix(&s) % d->nTrustee);
    GroupPoint *aShare = xcalloc((size_t)d->nThreshold*nEntry, sizeof *aShare);
    int bad = 0;
    for(uint32_t t=0; t<d->nThreshold && !bad; t++){
      uint32_t i = (first + t) % d->nTrustee;
      aIdx[t] = i;
      d->aDecrypted[i] = 1;
      buf_truncate(&b, 0);
      bad = election_partial_make(&b, &e, i, &d->aTrusteeSk[i], aTally, nEntry);
      for(size_t k=0; !bad && k<nEntry; k++){
        bad = group_point_decode(&aShare[(size_t)t*nEntry + k],
                                 (unsigned char*)b.z + 8 + k*(GROUP_POINT_BYTES+PROOF_DECRYPT_BYTES));
      }
      if( !bad && board_append(w, BOARD_PARTIAL_DECRYPTION, (unsigned char*)b.z, b.n) ){
        free(aShare);
        goto write_err;
      }
    }
    if( !bad ) bad = election_combine(aD, nEntry, &e, aIdx, d->nThreshold, aShare);
    free(aShare);
    if( bad ) goto bug;
  }

  /* the result: m·G = B − D, m by baby-step giant-step */
  pTable = elg_dlog_new(d->weightCounted, 0);
  if( pTable==0 ) goto bug;
  for(size_t k=0; k<nEntry; k++){
    GroupPoint m;
    uint64_t count;
    if( elg_unblind(&m, &aTally[k], &aD[k]) || elg_dlog(pTable, &m, &count) ) goto bug;
    if( count!=aBucketCount[k] ) goto bug;
  }
  buf_truncate(&b, 0);
  election_result_encode(&b, d->nBucket, aBucketCounted, aBucketWeight, aBucketCount, d->nAnswer);
  if( board_append(w, BOARD_RESULT, (unsigned char*)b.z, b.n) ) goto write_err;
  rc = 0;
  goto out;

write_err:
  snprintf(zErr, nErr, "cannot write the board");
  goto out;
bug:
  snprintf(zErr, nErr, "internal error making an item (a bug)");
out:
  election_clear(&e);
  buf_reset(&b);
  free(aLast); free(aVoted); free(aRevote); free(aTally); free(aD);
  free(aCounted); free(aKeyProof);
  free(aGroup); free(aWeight); free(aBucketCounted); free(aBucketWeight); free(aBucketCount);
  elg_dlog_free(pTable);
  return rc;
}

void election_demo_clear(ElectionDemo *d){
  if( d->aTrusteeSk ) sodium_memzero(d->aTrusteeSk, d->nTrustee * sizeof *d->aTrusteeSk);
  if( d->aCredSk ) sodium_memzero(d->aCredSk, d->nVoter * sizeof *d->aCredSk);
  group_scalar_wipe(&d->authoritySk);
  free(d->aTrusteeSk); free(d->aDecrypted); free(d->aCredSk); free(d->aCredPk); free(d->azTracker); free(d->aCount);
  d->aTrusteeSk = 0; d->aDecrypted = 0; d->aCredSk = 0; d->aCredPk = 0; d->azTracker = 0; d->aCount = 0;
}
