/* verify.c: the verifier. Three passes over a board held in memory:
**   1. in order: parse each line, check the chain and the order of item
**      types, decode every payload, check trustee keys, credential
**      batches and partial decryptions, and keep the ballots' bookkeeping
**      (known credential, no replayed ballot, last ballot per credential);
**   2. the ballots' signatures and proofs, split over threads, each thread
**      also summing the counted ballots' ciphertexts;
**   3. the tally against that sum, and the result against the tally and
**      the partial decryptions.
** Every failure is recorded with its line; the report names the lowest,
** so the answer does not depend on the order or threads of the checks. */
#include "verify.h"
#include "proof.h"
#include "../util/mem.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- a set of 32-byte keys, each with a value (open addressing) ---- */
typedef struct KeySlot KeySlot;
struct KeySlot {
  unsigned char k[32];
  size_t v1;            /* value + 1; 0 = empty */
};
typedef struct KeySet KeySet;
struct KeySet {
  KeySlot *a;           /* owned */
  size_t nSlot, nUsed;  /* nSlot is a power of two, at most half used */
};

static size_t keyset_home(const KeySet *s, const unsigned char *k){
  uint64_t h = 0;
  memcpy(&h, k, 8);     /* keys are hashes or random points: well spread */
  return (size_t)(h * UINT64_C(0x9E3779B97F4A7C15) >> 17) & (s->nSlot - 1);
}

/* The slot holding k, or the empty slot where it would go. */
static KeySlot *keyset_find(const KeySet *s, const unsigned char *k){
  size_t i = keyset_home(s, k);
  while( s->a[i].v1 && memcmp(s->a[i].k, k, 32) ) i = (i+1) & (s->nSlot-1);
  return &s->a[i];
}

/* Insert k -> v. Returns 0, or the existing value + 1 if k is present. */
static size_t keyset_add(KeySet *s, const unsigned char *k, size_t v){
  KeySlot *p;
  if( 2*(s->nUsed+1) > s->nSlot ){
    KeySet t = { 0, s->nSlot ? 2*s->nSlot : 1024, 0 };
    t.a = xcalloc(t.nSlot, sizeof *t.a);
    for(size_t i=0; i<s->nSlot; i++){
      if( s->a[i].v1 ){ *keyset_find(&t, s->a[i].k) = s->a[i]; t.nUsed++; }
    }
    free(s->a);
    *s = t;
  }
  p = keyset_find(s, k);
  if( p->v1 ) return p->v1;
  memcpy(p->k, k, 32);
  p->v1 = v + 1;
  s->nUsed++;
  return 0;
}

/* The value of k + 1, or 0 if absent. */
static size_t keyset_get(const KeySet *s, const unsigned char *k){
  return s->nSlot ? keyset_find(s, k)->v1 : 0;
}

/* ---- the verifier's state ---- */
typedef struct Ballot Ballot;
struct Ballot {
  unsigned char *p;     /* owned payload */
  size_t n;
  size_t iLine;
  size_t iCred;         /* index into aCredLast */
};

typedef struct Verifier Verifier;
struct Verifier {
  VerifyReport *r;
  Election *e;               /* &r->election once decoded */
  size_t failLine;           /* lowest failing line so far; SIZE_MAX if none */
  KeySet creds;              /* credential key -> index */
  size_t *aCredLast;         /* per credential: ballot index + 1 of its last ballot */
  uint32_t *aCredGroup;      /* per credential: its breakdown group (0 if none) */
  uint64_t *aCredWeight;     /* per credential: its weight */
  size_t nCred, nCredAlloc;
  uint32_t *aBucket;         /* per group 0..nGroup: its tally bucket */
  uint32_t nBucket;          /* buckets, from the counted ballots (0 until computed) */
  uint64_t *aBucketCounted;  /* nBucket: counted ballots */
  uint64_t *aBucketWeight;   /* nBucket: their total weight */
  KeySet seen;               /* ballot hash -> ballot index */
  Ballot *aBallot;
  size_t nBallot, nBallotAlloc;
  uint32_t nTrusteeKey;      /* trustee_key items seen */
  int hasTally;
  size_t iTallyLine;
  ElgCiphertext *aTally;     /* nBucket × nAnswerTotal, as published */
  uint32_t nPartial;
  unsigned char *aPartialSeen;   /* nTrustee flags */
  uint32_t *aPartialIdx;     /* nPartial trustees (0-based), in board order */
  GroupPoint *aShare;        /* nTrustee × nAnswerTotal: their shares, same order */
  int hasResult;
  size_t iResultLine;
  unsigned char *pResultRaw; /* owned copy of the result payload, checked in pass 3 */
  size_t nResultRaw;
  uint64_t *aResult;         /* nBucket × nAnswerTotal */
  ElgCiphertext *aSum;       /* nBucket × nAnswerTotal: weighted sums of the counted ballots (pass 2) */
};

/* Record a failure at iLine unless an earlier line already failed. */
static void vfail(Verifier *v, size_t iLine, const char *zType, const char *zFmt, ...)
  __attribute__((format(printf,4,5)));
static void vfail(Verifier *v, size_t iLine, const char *zType, const char *zFmt, ...){
  va_list ap;
  if( iLine >= v->failLine ) return;
  v->failLine = iLine;
  snprintf(v->r->zFailType, sizeof v->r->zFailType, "%s", zType);
  va_start(ap, zFmt);
  vsnprintf(v->r->zFail, sizeof v->r->zFail, zFmt, ap);
  va_end(ap);
}

static int rd_u64(const unsigned char *p, uint64_t *pV){
  uint64_t x = 0;
  for(int i=0; i<8; i++) x |= (uint64_t)p[i] << (8*i);
  *pV = x;
  return 0;
}

/* trustee_key: LE64 i ‖ Y_i ‖ proof (104 bytes). */
static int check_trustee_key(Verifier *v, const BoardItem *it){
  const char *zT = "trustee_key";
  uint64_t i;
  if( it->nPayload!=8+32+PROOF_KEY_BYTES ){ vfail(v, it->iLine, zT, "a trustee key item is 104 bytes, not %zu", it->nPayload); return -1; }
  rd_u64(it->pPayload, &i);
  if( i!=v->nTrusteeKey ){ vfail(v, it->iLine, zT, "trustee %llu's key where trustee %u's was expected", (unsigned long long)i+1, v->nTrusteeKey+1); return -1; }
  if( memcmp(it->pPayload+8, v->e->aCommit[(size_t)i*v->e->nThreshold].a, 32) ){
    vfail(v, it->iLine, zT, "trustee %llu's key differs from the election definition's", (unsigned long long)i+1); return -1;
  }
  if( election_trustee_key_check(v->e, (uint32_t)i, it->pPayload+40) ){
    vfail(v, it->iLine, zT, "trustee %llu's proof of knowledge of their key does not verify", (unsigned long long)i+1); return -1;
  }
  v->nTrusteeKey++;
  return 0;
}

/* credential: LE64 k ‖ LE64 group ‖ LE64 weight ‖ k keys ‖ the authority's signature. */
static int check_credentials(Verifier *v, const BoardItem *it){
  const char *zT = "credential";
  uint64_t k, group, weight;
  unsigned char aCtx[64];
  if( it->nPayload < 24 + PROOF_SIGNATURE_BYTES ){ vfail(v, it->iLine, zT, "too short"); return -1; }
  rd_u64(it->pPayload, &k);
  rd_u64(it->pPayload+8, &group);
  rd_u64(it->pPayload+16, &weight);
  if( k<1 || k>ELECTION_MAX_CRED_BATCH || it->nPayload != 24 + 32*k + PROOF_SIGNATURE_BYTES ){
    vfail(v, it->iLine, zT, "a batch of %llu credentials cannot be %zu bytes", (unsigned long long)k, it->nPayload);
    return -1;
  }
  memcpy(aCtx, v->e->id, ELECTION_ID_BYTES);
  memcpy(aCtx+ELECTION_ID_BYTES, "credentials", 11);
  if( proof_signature_verify(it->pPayload + it->nPayload - PROOF_SIGNATURE_BYTES, aCtx,
                             ELECTION_ID_BYTES+11, &v->e->authority,
                             it->pPayload, it->nPayload - PROOF_SIGNATURE_BYTES) ){
    vfail(v, it->iLine, zT, "the credential authority's signature does not verify");
    return -1;
  }
  if( v->e->nGroup==0 ? group!=0 : (group<1 || group>v->e->nGroup) ){
    vfail(v, it->iLine, zT, "group %llu: this election's groups are %s", (unsigned long long)group,
          v->e->nGroup ? "1 to its number of groups" : "none (0)");
    return -1;
  }
  if( weight<1 || weight>ELECTION_MAX_WEIGHT ){
    vfail(v, it->iLine, zT, "weight %llu: from 1 to %d expected", (unsigned long long)weight, ELECTION_MAX_WEIGHT);
    return -1;
  }
  for(uint64_t j=0; j<k; j++){
    const unsigned char *p = it->pPayload + 24 + 32*j;
    GroupPoint y;
    size_t old;
    if( group_point_decode(&y, p) || group_point_is_identity(&y) ){
      vfail(v, it->iLine, zT, "credential %llu of the batch is not a valid key", (unsigned long long)j+1);
      return -1;
    }
    if( (old = keyset_add(&v->creds, p, v->nCred))!=0 ){
      vfail(v, it->iLine, zT, "credential %llu of the batch was already published", (unsigned long long)j+1);
      return -1;
    }
    if( v->nCred==v->nCredAlloc ){
      v->nCredAlloc = v->nCredAlloc ? 2*v->nCredAlloc : 1024;
      v->aCredLast = xrealloc(v->aCredLast, v->nCredAlloc * sizeof *v->aCredLast);
      v->aCredGroup = xrealloc(v->aCredGroup, v->nCredAlloc * sizeof *v->aCredGroup);
      v->aCredWeight = xrealloc(v->aCredWeight, v->nCredAlloc * sizeof *v->aCredWeight);
    }
    v->aCredGroup[v->nCred] = (uint32_t)group;
    v->aCredWeight[v->nCred] = weight;
    v->aCredLast[v->nCred++] = 0;
  }
  return 0;
}

/* ballot: bookkeeping only (proofs in pass 2). Takes the payload. */
static int check_ballot(Verifier *v, BoardItem *it){
  const char *zT = "ballot";
  unsigned char h[BOARD_HASH_BYTES];
  size_t iCred1, old;
  Ballot *b;
  if( it->nPayload!=v->e->nBallotBytes ){
    vfail(v, it->iLine, zT, "the ballot is %zu bytes, this election's are %zu", it->nPayload, v->e->nBallotBytes);
    return -1;
  }
  iCred1 = keyset_get(&v->creds, it->pPayload);
  if( iCred1==0 ){
    vfail(v, it->iLine, zT, "cast with a credential that the credential authority did not publish");
    return -1;
  }
  board_ballot_hash(h, it->pPayload, it->nPayload);
  if( (old = keyset_add(&v->seen, h, v->nBallot))!=0 ){
    vfail(v, it->iLine, zT, "the same ballot as line %zu (a replay)", v->aBallot[old-1].iLine);
    return -1;
  }
  if( v->nBallot==v->nBallotAlloc ){
    v->nBallotAlloc = v->nBallotAlloc ? 2*v->nBallotAlloc : 1024;
    v->aBallot = xrealloc(v->aBallot, v->nBallotAlloc * sizeof *v->aBallot);
    v->r->aBallot = xrealloc(v->r->aBallot, v->nBallotAlloc * sizeof *v->r->aBallot);
  }
  b = &v->aBallot[v->nBallot];
  b->p = it->pPayload; b->n = it->nPayload; b->iLine = it->iLine; b->iCred = iCred1-1;
  it->pPayload = 0; it->nPayload = 0;
  VerifyBallot *pr = &v->r->aBallot[v->nBallot];
  pr->iLine = b->iLine;
  pr->counted = 0;
  board_tracker_of_hash(pr->zTracker, h);
  v->aCredLast[b->iCred] = v->nBallot + 1;
  v->nBallot++;
  v->r->nBallot = v->nBallot;
  return 0;
}

/* The buckets of the tally, from the counted ballots per group (all
** ballots are read: the tally has come, or the board has ended). */
static void compute_buckets(Verifier *v){
  uint64_t *aGroupCounted;
  if( v->nBucket ) return;
  aGroupCounted = xcalloc(v->e->nGroup+1, sizeof *aGroupCounted);
  v->aBucket = xcalloc(v->e->nGroup+1, sizeof *v->aBucket);
  for(size_t c=0; c<v->nCred; c++) if( v->aCredLast[c] ) aGroupCounted[v->aCredGroup[c]]++;
  v->nBucket = election_buckets(v->e, aGroupCounted, v->aBucket);
  v->aBucketCounted = xcalloc(v->nBucket, sizeof *v->aBucketCounted);
  v->aBucketWeight = xcalloc(v->nBucket, sizeof *v->aBucketWeight);
  for(size_t c=0; c<v->nCred; c++){
    if( !v->aCredLast[c] ) continue;
    v->aBucketCounted[v->aBucket[v->aCredGroup[c]]]++;
    v->aBucketWeight[v->aBucket[v->aCredGroup[c]]] += v->aCredWeight[c];
  }
  free(aGroupCounted);
}

/* tally: LE64 nBucket ‖ per bucket: LE64 counted ‖ LE64 weight ‖
** nAnswerTotal ciphertexts. The layout and the counts here; that each
** ciphertext is the sum of its bucket's ballots in pass 3. */
static int check_tally(Verifier *v, const BoardItem *it){
  const char *zT = "tally";
  size_t nA = v->e->nAnswerTotal, per = 16 + nA*ELG_CIPHERTEXT_BYTES;
  uint64_t nBucket;
  compute_buckets(v);
  if( it->nPayload < 8 ){ vfail(v, it->iLine, zT, "too short"); return -1; }
  rd_u64(it->pPayload, &nBucket);
  if( nBucket!=v->nBucket ){
    vfail(v, it->iLine, zT, "the tally has %llu buckets; the counted ballots make %u (groups of at least %llu, the rest merged)",
          (unsigned long long)nBucket, v->nBucket, (unsigned long long)v->e->minGroup);
    return -1;
  }
  if( it->nPayload != 8 + v->nBucket*per ){
    vfail(v, it->iLine, zT, "the tally is %zu bytes, this election's are %zu", it->nPayload, 8 + v->nBucket*per);
    return -1;
  }
  v->aTally = xcalloc((size_t)v->nBucket*nA, sizeof *v->aTally);
  for(uint32_t bk=0; bk<v->nBucket; bk++){
    const unsigned char *p = it->pPayload + 8 + bk*per;
    uint64_t counted, weight;
    rd_u64(p, &counted);
    rd_u64(p+8, &weight);
    if( counted!=v->aBucketCounted[bk] || weight!=v->aBucketWeight[bk] ){
      vfail(v, it->iLine, zT, "bucket %u says %llu ballots of weight %llu were counted; the board has %llu of weight %llu",
            bk+1, (unsigned long long)counted, (unsigned long long)weight,
            (unsigned long long)v->aBucketCounted[bk], (unsigned long long)v->aBucketWeight[bk]);
      return -1;
    }
    for(size_t k=0; k<nA; k++){
      if( elg_ciphertext_decode(&v->aTally[bk*nA + k], p + 16 + k*ELG_CIPHERTEXT_BYTES) ){
        vfail(v, it->iLine, zT, "bucket %u, ciphertext %zu is not a pair of group elements", bk+1, k+1);
        return -1;
      }
    }
  }
  v->hasTally = 1;
  v->iTallyLine = it->iLine;
  return 0;
}

/* partial_decryption: LE64 i ‖ nBucket × nAnswerTotal × (D ‖ proof). */
static int check_partial(Verifier *v, const BoardItem *it){
  const char *zT = "partial_decryption";
  size_t nEntry = (size_t)v->nBucket * v->e->nAnswerTotal;
  uint64_t i;
  unsigned char aCtx[72];
  if( it->nPayload != 8 + nEntry*(32+PROOF_DECRYPT_BYTES) ){
    vfail(v, it->iLine, zT, "a partial decryption is %zu bytes here, not %zu", 8 + nEntry*(32+PROOF_DECRYPT_BYTES), it->nPayload);
    return -1;
  }
  rd_u64(it->pPayload, &i);
  if( i>=v->e->nTrustee ){ vfail(v, it->iLine, zT, "there is no trustee %llu", (unsigned long long)i+1); return -1; }
  if( v->aPartialSeen[i] ){ vfail(v, it->iLine, zT, "trustee %llu has already published a partial decryption", (unsigned long long)i+1); return -1; }
  size_t nCtx = election_ctx_trustee(aCtx, v->e, (uint32_t)i);
  if( v->aShare==0 ) v->aShare = xcalloc((size_t)v->e->nTrustee*nEntry, sizeof *v->aShare);
  for(size_t k=0; k<nEntry; k++){
    const unsigned char *p = it->pPayload + 8 + k*(32+PROOF_DECRYPT_BYTES);
    GroupPoint d;
    if( group_point_decode(&d, p)
     || proof_decrypt_verify(p+32, aCtx, nCtx, &v->e->aTrusteeKey[i], &v->aTally[k], &d) ){
      vfail(v, it->iLine, zT, "trustee %llu's decryption share of tally %zu is wrong (its proof does not verify)",
            (unsigned long long)i+1, k+1);
      return -1;
    }
    v->aShare[(size_t)v->nPartial*nEntry + k] = d;
  }
  v->aPartialSeen[i] = 1;
  v->aPartialIdx[v->nPartial++] = (uint32_t)i;
  return 0;
}

/* Pass 1 for one item: its place in the order, then its contents. */
static int check_item(Verifier *v, BoardItem *it){
  int t = it->eType;
  const char *zT = board_type_name(t);
  if( it->iLine==1 ){
    char zErr[200];
    if( t!=BOARD_ELECTION ){ vfail(v, 1, zT, "the board must begin with the election definition"); return -1; }
    if( election_decode(&v->r->election, it->pPayload, it->nPayload, zErr, sizeof zErr) ){
      vfail(v, 1, zT, "the election definition is invalid: %s", zErr);
      return -1;
    }
    v->r->hasElection = 1;
    v->e = &v->r->election;
    v->aPartialSeen = xcalloc(v->e->nTrustee, 1);
    v->aPartialIdx = xcalloc(v->e->nTrustee, sizeof *v->aPartialIdx);
    return 0;
  }
  if( v->hasResult ){ vfail(v, it->iLine, zT, "nothing may follow the result"); return -1; }
  if( v->nTrusteeKey < v->e->nTrustee ){
    if( t!=BOARD_TRUSTEE_KEY ){ vfail(v, it->iLine, zT, "trustee %u's key was expected here", v->nTrusteeKey+1); return -1; }
    return check_trustee_key(v, it);
  }
  switch( t ){
    case BOARD_CREDENTIAL:
      if( v->nBallot || v->hasTally ){ vfail(v, it->iLine, zT, "credentials must all be published before the first ballot"); return -1; }
      return check_credentials(v, it);
    case BOARD_BALLOT:
      if( v->hasTally ){ vfail(v, it->iLine, zT, "a ballot after the tally"); return -1; }
      return check_ballot(v, it);
    case BOARD_TALLY:
      if( v->hasTally ){ vfail(v, it->iLine, zT, "a second tally"); return -1; }
      return check_tally(v, it);
    case BOARD_PARTIAL_DECRYPTION:
      if( !v->hasTally ){ vfail(v, it->iLine, zT, "a partial decryption before the tally"); return -1; }
      return check_partial(v, it);
    case BOARD_RESULT:
      if( !v->hasTally || v->nPartial < v->e->nThreshold ){
        vfail(v, it->iLine, zT, "the result comes with %u partial decryptions; %u of the %u trustees are needed",
              v->nPartial, v->e->nThreshold, v->e->nTrustee);
        return -1;
      }
      v->hasResult = 1;
      v->iResultLine = it->iLine;
      v->pResultRaw = it->pPayload; v->nResultRaw = it->nPayload;
      it->pPayload = 0; it->nPayload = 0;
      return 0;
    default:
      vfail(v, it->iLine, zT, "a %s item is not allowed here", zT);
      return -1;
  }
}

/* ---- pass 2: ballots on threads ---- */
typedef struct Worker Worker;
struct Worker {
  Verifier *v;
  size_t lo, hi;              /* ballot indexes [lo, hi) */
  size_t stopLine;            /* check only ballots before this line */
  size_t failLine;            /* first failure here, SIZE_MAX if none */
  char zFail[320];
  ElgCiphertext *aSum;        /* owned: per bucket, weighted sum of counted ballots in [lo, hi) */
};

/* Ballots are checked in chunks: each chunk's signatures and proofs go
** into one batch (proof.h), checked with one multi-scalar multiplication;
** a chunk that fails is searched for its first bad ballot, which is then
** checked on its own for the message. */
#define VERIFY_CHUNK 512

/* The ballot (index into [lo, lo+n)) whose batch items include item i:
** aFirst[j] is ballot lo+j's first item. */
static size_t ballot_of_item(const size_t *aFirst, size_t n, size_t i){
  size_t lo = 0, hi = n;
  while( hi-lo>1 ){
    size_t mid = (lo+hi)/2;
    if( aFirst[mid] <= i ) lo = mid; else hi = mid;
  }
  return lo;
}

/* The first bad ballot of the chunk [c0, c0+n), found by the batch:
** record its failure with the single check's message. Returns 1 if one
** was found. */
static int worker_chunk_fail(Worker *w, ProofBatch *pb, size_t c0, const size_t *aFirst, size_t n){
  size_t iItem = proof_batch_first_bad(pb);
  size_t j;
  if( iItem>=proof_batch_count(pb) ) return 0;
  j = ballot_of_item(aFirst, n, iItem);
  {
    const Ballot *pB = &w->v->aBallot[c0+j];
    ElgCiphertext *aCt = xcalloc(w->v->e->nAnswerTotal, sizeof *aCt);
    if( election_ballot_verify(w->v->e, pB->p, pB->n, aCt, w->zFail, sizeof w->zFail)==0 ){
      snprintf(w->zFail, sizeof w->zFail, "its proofs fail in a batch but not alone (a bug)");
    }
    free(aCt);
    w->failLine = pB->iLine;
  }
  return 1;
}

static void *worker_run(void *pArg){
  Worker *w = pArg;
  const Election *e = w->v->e;
  size_t nA = e->nAnswerTotal, nEntry = (size_t)w->v->nBucket * nA;
  ElgCiphertext *aCt = xcalloc(nA, sizeof *aCt);
  ElgDecoded *aDec = (ElgDecoded*)group_elem_array(2*nA);
  ElgDecoded *aSum = (ElgDecoded*)group_elem_array(2*(nEntry ? nEntry : 1));
  ElgDecoded *pW = (ElgDecoded*)group_elem_array(2);
  size_t *aFirst = xcalloc(VERIFY_CHUNK, sizeof *aFirst);
  ProofBatch *pb = proof_batch_new();
  w->aSum = xcalloc(nEntry ? nEntry : 1, sizeof *w->aSum);
  for(size_t k=0; k<nEntry; k++) elg_decoded_zero(&aSum[k]);
  for(size_t c0=w->lo; c0<w->hi && w->failLine==SIZE_MAX; c0+=VERIFY_CHUNK){
    size_t n = 0;
    proof_batch_reset(pb);
    for(size_t b=c0; b<w->hi && b<c0+VERIFY_CHUNK; b++){
      const Ballot *pB = &w->v->aBallot[b];
      if( pB->iLine >= w->stopLine ) break;
      aFirst[n] = proof_batch_count(pb);
      if( election_ballot_batch(e, pB->p, pB->n, pb, aCt, aDec, w->zFail, sizeof w->zFail) ){
        /* malformed: it fails, unless an earlier ballot of the chunk does */
        if( proof_batch_count(pb)>0 && proof_batch_check_range(pb, 0, aFirst[n])
         && worker_chunk_fail(w, pb, c0, aFirst, n) ) break;
        /* the single check's message: it says first what a voter or an
        ** auditor needs first (an altered ballot fails its signature) */
        election_ballot_verify(e, pB->p, pB->n, aCt, w->zFail, sizeof w->zFail);
        w->failLine = pB->iLine;
        break;
      }
      n++;
      if( w->v->aCredLast[pB->iCred]==b+1 ){
        uint64_t weight = w->v->aCredWeight[pB->iCred];
        ElgDecoded *aS = &aSum[(size_t)w->v->aBucket[w->v->aCredGroup[pB->iCred]] * nA];
        for(size_t k=0; k<nA; k++){
          if( weight==1 ){
            elg_decoded_add(&aS[k], &aS[k], &aDec[k]);
          }else{
            GroupScalar sw;
            group_scalar_from_u64(&sw, weight);
            group_elem_mult(&pW->a, &sw, &aDec[k].a);
            group_elem_mult(&pW->b, &sw, &aDec[k].b);
            elg_decoded_add(&aS[k], &aS[k], pW);
          }
        }
      }
    }
    if( w->failLine!=SIZE_MAX ) break;
    if( n>0 && proof_batch_check(pb) && !worker_chunk_fail(w, pb, c0, aFirst, n) ){
      w->failLine = w->v->aBallot[c0].iLine;
      snprintf(w->zFail, sizeof w->zFail, "a batch of ballots fails but no ballot in it does (a bug)");
    }
    if( n==0 ) break;                  /* stopLine reached */
  }
  for(size_t k=0; k<nEntry; k++) elg_decoded_encode(&w->aSum[k], &aSum[k]);
  proof_batch_free(pb);
  free(aFirst); free(aCt); free(aDec); free(aSum); free(pW);
  return 0;
}

static void check_ballots(Verifier *v, int nThread){
  Worker *aW;
  pthread_t *aT;
  size_t nA = v->e->nAnswerTotal;
  struct timespec t0, t1;
  if( nThread<1 ) nThread = 1;
  if( nThread>16 ) nThread = 16;
  if( (size_t)nThread > v->nBallot/64 + 1 ) nThread = (int)(v->nBallot/64 + 1);
  v->r->nThread = nThread;
  aW = xcalloc((size_t)nThread, sizeof *aW);
  aT = xcalloc((size_t)nThread, sizeof *aT);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for(int i=0; i<nThread; i++){
    aW[i].v = v;
    aW[i].lo = v->nBallot * (size_t)i / (size_t)nThread;
    aW[i].hi = v->nBallot * (size_t)(i+1) / (size_t)nThread;
    aW[i].stopLine = v->failLine;
    aW[i].failLine = SIZE_MAX;
    if( i>0 && pthread_create(&aT[i], 0, worker_run, &aW[i]) ){
      worker_run(&aW[i]);           /* no thread: do it here */
      aT[i] = 0;
      aW[i].lo = SIZE_MAX;          /* mark as done inline */
    }
  }
  worker_run(&aW[0]);
  for(int i=1; i<nThread; i++){
    if( aW[i].lo!=SIZE_MAX ) pthread_join(aT[i], 0);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  v->r->secBallots = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec)/1e9;
  for(int i=0; i<nThread; i++){
    if( aW[i].failLine!=SIZE_MAX ) vfail(v, aW[i].failLine, "ballot", "%s", aW[i].zFail);
    for(size_t k=0; k<(size_t)v->nBucket*nA; k++) elg_add(&v->aSum[k], &v->aSum[k], &aW[i].aSum[k]);
    free(aW[i].aSum);
  }
  free(aW);
  free(aT);
}

/* ---- pass 3: the tally and the result ---- */
static void check_tally_and_result(Verifier *v){
  size_t nA = v->e->nAnswerTotal, nEntry = (size_t)v->nBucket*nA, per = 16 + 8*nA;
  GroupPoint *aD;
  if( !v->hasTally || v->iTallyLine >= v->failLine ) return;
  for(size_t k=0; k<nEntry; k++){
    if( !group_point_eq(&v->aSum[k].a, &v->aTally[k].a) || !group_point_eq(&v->aSum[k].b, &v->aTally[k].b) ){
      if( v->nBucket==1 ){
        vfail(v, v->iTallyLine, "tally", "ciphertext %zu is not the sum of the counted ballots", k%nA+1);
      }else{
        vfail(v, v->iTallyLine, "tally", "bucket %zu, ciphertext %zu is not the sum of the bucket's counted ballots",
              k/nA+1, k%nA+1);
      }
      return;
    }
  }
  if( !v->hasResult || v->iResultLine >= v->failLine ) return;
  {
    const unsigned char *p = v->pResultRaw;
    uint64_t nBucket;
    if( v->nResultRaw != 8 + v->nBucket*per ){
      vfail(v, v->iResultLine, "result", "the result is %zu bytes, this election's are %zu", v->nResultRaw, 8 + v->nBucket*per);
      return;
    }
    rd_u64(p, &nBucket);
    if( nBucket!=v->nBucket ){
      vfail(v, v->iResultLine, "result", "the result has %llu buckets, the tally %u", (unsigned long long)nBucket, v->nBucket);
      return;
    }
    v->aResult = xcalloc(nEntry ? nEntry : 1, sizeof *v->aResult);
    for(uint32_t bk=0; bk<v->nBucket; bk++){
      uint64_t counted, weight;
      rd_u64(p + 8 + bk*per, &counted);
      rd_u64(p + 8 + bk*per + 8, &weight);
      if( counted!=v->aBucketCounted[bk] || weight!=v->aBucketWeight[bk] ){
        vfail(v, v->iResultLine, "result", "bucket %u counts %llu ballots of weight %llu; the tally %llu of weight %llu",
              bk+1, (unsigned long long)counted, (unsigned long long)weight,
              (unsigned long long)v->aBucketCounted[bk], (unsigned long long)v->aBucketWeight[bk]);
        return;
      }
      for(size_t k=0; k<nA; k++) rd_u64(p + 8 + bk*per + 16 + 8*k, &v->aResult[bk*nA + k]);
    }
  }
  aD = xcalloc(nEntry ? nEntry : 1, sizeof *aD);
  if( election_combine(aD, nEntry, v->e, v->aPartialIdx, v->nPartial, v->aShare) ){
    vfail(v, v->iResultLine, "result", "the partial decryptions cannot be combined");
    free(aD);
    return;
  }
  for(size_t k=0; k<nEntry; k++){
    GroupPoint m, mG;
    GroupScalar s;
    if( v->aResult[k] > v->aBucketWeight[k/nA] ){
      vfail(v, v->iResultLine, "result", "bucket %zu, count %zu (%llu) is more than the ballots counted",
            k/nA+1, k%nA+1, (unsigned long long)v->aResult[k]);
      break;
    }
    group_scalar_from_u64(&s, v->aResult[k]);
    group_base_mult(&mG, &s);
    if( elg_unblind(&m, &v->aTally[k], &aD[k]) || !group_point_eq(&m, &mG) ){
      vfail(v, v->iResultLine, "result", "bucket %zu, count %zu (%llu) does not match the decrypted tally",
            k/nA+1, k%nA+1, (unsigned long long)v->aResult[k]);
      break;
    }
  }
  free(aD);
}

/*
** Verify the board a[0..n) using nThread threads for the ballots. Fills *r
** (which the caller clears with verify_report_clear, whatever the outcome):
** r->ok = 1 and the counts when everything holds; otherwise r->iFailLine,
** r->zFailType and r->zFail name the first item that fails. Returns 0 if
** the board verifies, -1 if not. Never reads outside a[0..n).
*/
int verify_board(const unsigned char *a, size_t n, int nThread, int flags, VerifyReport *r){
  Verifier v;
  static const unsigned char aZero[BOARD_HASH_BYTES] = {0};
  size_t off = 0, iLast = 0;
  int lastType = BOARD_NONE;
  memset(r, 0, sizeof *r);
  memset(&v, 0, sizeof v);
  v.r = r;
  v.failLine = SIZE_MAX;
  group_init();
  for(size_t iLine=1; ; iLine++){
    BoardItem it = {0};
    char zErr[160];
    int rc;
    it.iLine = iLine;
    rc = board_next(a, n, &off, &it, zErr, sizeof zErr);
    if( rc==0 ) break;
    if( rc<0 ){ vfail(&v, iLine, "?", "%s", zErr); break; }
    r->nItem = iLine;
    if( memcmp(it.prev, iLast ? r->head : aZero, BOARD_HASH_BYTES) ){
      if( iLast ) vfail(&v, iLine, board_type_name(it.eType), "its previous-item hash is not the hash of line %zu (lines removed, inserted, reordered or altered)", iLast);
      else vfail(&v, iLine, board_type_name(it.eType), "the first item's previous-item hash must be zero");
      board_item_clear(&it);
      break;
    }
    memcpy(r->head, it.hash, BOARD_HASH_BYTES);
    iLast = iLine;
    lastType = it.eType;
    rc = check_item(&v, &it);
    board_item_clear(&it);
    if( rc ) break;
  }
  if( v.failLine==SIZE_MAX ){
    if( iLast==0 ) vfail(&v, 1, "end", "the board is empty");
    else if( !v.hasResult && !(flags & VERIFY_OPEN) ){
      vfail(&v, iLast+1, "end", "the board ends after line %zu (%s) without a result: truncated, or the election is still open",
            iLast, board_type_name(lastType));
    }
  }
  r->nCredential = v.nCred;
  r->nPartial = v.nPartial;
  if( v.e ){
    for(size_t c=0; c<v.nCred; c++){
      if( v.aCredLast[c] ){ r->nCounted++; r->aBallot[v.aCredLast[c]-1].counted = 1; }
    }
    compute_buckets(&v);
    v.aSum = xcalloc((size_t)v.nBucket*v.e->nAnswerTotal, sizeof *v.aSum);
    for(size_t k=0; k<(size_t)v.nBucket*v.e->nAnswerTotal; k++) elg_ciphertext_zero(&v.aSum[k]);
    check_ballots(&v, nThread);
    check_tally_and_result(&v);
  }
  if( v.e ){
    r->nBucket = v.nBucket;
    r->aBucketOfGroup = v.aBucket; v.aBucket = 0;
    r->aBucketCounted = v.aBucketCounted; v.aBucketCounted = 0;
    r->aBucketWeight = v.aBucketWeight; v.aBucketWeight = 0;
    for(uint32_t bk=0; bk<r->nBucket; bk++) r->weightCounted += r->aBucketWeight[bk];
  }
  if( v.failLine==SIZE_MAX ){
    r->ok = 1;
    if( v.aResult ){
      size_t nA = v.e->nAnswerTotal;
      r->aCount = xcalloc(nA, sizeof *r->aCount);
      for(size_t k=0; k<(size_t)v.nBucket*nA; k++) r->aCount[k%nA] += v.aResult[k];
      r->aBucketCount = v.aResult;
      v.aResult = 0;
    }
    r->hasTally = v.hasTally;
    r->hasResult = v.hasResult;
    r->aSum = v.aSum; v.aSum = 0;
    r->aPartialIdx = v.aPartialIdx; v.aPartialIdx = 0;
    r->aShare = v.aShare; v.aShare = 0;
  }else{
    r->iFailLine = v.failLine;
  }
  for(size_t b=0; b<v.nBallot; b++) free(v.aBallot[b].p);
  free(v.aBallot);
  free(v.creds.a); free(v.seen.a); free(v.aCredLast);
  free(v.aTally); free(v.aPartialSeen); free(v.aPartialIdx); free(v.aShare); free(v.aResult); free(v.aSum);
  free(v.aCredGroup); free(v.aCredWeight); free(v.aBucket); free(v.aBucketCounted); free(v.aBucketWeight);
  free(v.pResultRaw);
  return r->ok ? 0 : -1;
}

/*
** Free what a report owns.
*/
void verify_report_clear(VerifyReport *r){
  election_clear(&r->election);
  free(r->aBallot);
  free(r->aCount);
  free(r->aSum);
  free(r->aBucketOfGroup); free(r->aBucketCounted); free(r->aBucketWeight); free(r->aBucketCount);
  free(r->aPartialIdx);
  free(r->aShare);
  memset(r, 0, sizeof *r);
}
