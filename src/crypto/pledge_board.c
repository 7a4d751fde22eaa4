/* pledge_board.c: a pledge campaign's public board: the payloads of its
** items and the verifier that recounts it (see pledge_board.h and
** docs/pledges.md, "The pledge board"). */
#include "pledge_board.h"
#include "dkg.h"
#include "hash.h"
#include "seal.h"
#include "../util/mem.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const azTemplate[] = { "section44", "undated_resignation", "strike", "solidarity" };

int pledge_template_valid(const char *z){
  for(size_t i=0; z && i<sizeof azTemplate/sizeof azTemplate[0]; i++) if( strcmp(z, azTemplate[i])==0 ) return 1;
  return 0;
}

/* ---- encoding helpers ---- */

static void put_le64(Buf *b, uint64_t v){
  unsigned char a[8];
  for(int i=0; i<8; i++) a[i] = (unsigned char)(v >> (8*i));
  buf_append(b, a, 8);
}

static void put_str(Buf *b, const char *z){
  size_t n = z ? strlen(z) : 0;
  put_le64(b, n);
  if( n ) buf_append(b, z, n);
}

static uint64_t get_le64_at(const unsigned char *a){
  uint64_t v = 0;
  for(int i=7; i>=0; i--) v = (v<<8) | a[i];
  return v;
}

/* A bounds-checked reader. */
typedef struct Reader Reader;
struct Reader { const unsigned char *a; size_t n, off; int bad; };

static uint64_t rd_le64(Reader *r){
  if( r->bad || r->n - r->off < 8 ){ r->bad = 1; return 0; }
  r->off += 8;
  return get_le64_at(r->a + r->off - 8);
}

/* A UTF-8 string of at most nMax bytes without NULs; owned copy. */
static char *rd_str(Reader *r, size_t nMax){
  uint64_t n = rd_le64(r);
  char *z;
  if( r->bad || n>nMax || r->n - r->off < n ){ r->bad = 1; return 0; }
  if( memchr(r->a + r->off, 0, (size_t)n) ){ r->bad = 1; return 0; }
  z = xstrndup((const char*)r->a + r->off, (size_t)n);
  r->off += (size_t)n;
  return z;
}

static int rd_point(Reader *r, GroupPoint *p){
  if( r->bad || r->n - r->off < GROUP_POINT_BYTES || group_point_decode(p, r->a + r->off) ){ r->bad = 1; return -1; }
  r->off += GROUP_POINT_BYTES;
  return 0;
}

/* ---- the campaign definition ---- */

void pledge_campaign_encode(const PledgeCampaign *c, Buf *pOut){
  put_le64(pOut, PLEDGE_VERSION);
  put_str(pOut, c->zCode); put_str(pOut, c->zTitle); put_str(pOut, c->zTemplate);
  put_str(pOut, c->zText); put_str(pOut, c->zScope); put_str(pOut, c->zDeadline);
  buf_append(pOut, c->authority.a, GROUP_POINT_BYTES);
  put_le64(pOut, c->nTrustee);
  put_le64(pOut, c->nThreshold);
  for(size_t i=0; i<(size_t)c->nTrustee*c->nThreshold; i++) buf_append(pOut, c->aCommit[i].a, GROUP_POINT_BYTES);
  put_le64(pOut, c->nAction);
  for(uint32_t a=0; a<c->nAction; a++){
    put_str(pOut, c->aAction[a].zLabel);
    put_le64(pOut, c->aAction[a].kind);
    put_le64(pOut, c->aAction[a].value);
    put_le64(pOut, c->aAction[a].every);
  }
  put_le64(pOut, c->nGroup);
  for(uint32_t g=0; g<c->nGroup; g++) put_str(pOut, c->azGroup[g]);
}

static int fail(char *zErr, size_t nErr, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(zErr, nErr, zFmt, ap);
  va_end(ap);
  return -1;
}

/*
** Check a filled definition and derive its id, key and verification keys.
** Returns 0, or -1 with a message.
*/
int pledge_campaign_finish(PledgeCampaign *c, char *zErr, size_t nErr){
  Buf b = BUF_INIT;
  HashTranscript h;
  GroupPoint aA[PLEDGE_MAX_TRUSTEES];
  if( !c->zCode || !*c->zCode || strlen(c->zCode)>PLEDGE_MAX_LABEL ) return fail(zErr, nErr, "the code must be 1 to %d bytes", PLEDGE_MAX_LABEL);
  if( !c->zTitle || !*c->zTitle || strlen(c->zTitle)>PLEDGE_MAX_LABEL ) return fail(zErr, nErr, "the title must be 1 to %d bytes", PLEDGE_MAX_LABEL);
  if( !pledge_template_valid(c->zTemplate) ) return fail(zErr, nErr, "the template must be section44, undated_resignation, strike or solidarity");
  if( !c->zText || !*c->zText || strlen(c->zText)>PLEDGE_MAX_TEXT ) return fail(zErr, nErr, "the text must be 1 to %d bytes", PLEDGE_MAX_TEXT);
  if( c->zScope && strlen(c->zScope)>PLEDGE_MAX_TEXT ) return fail(zErr, nErr, "the scope description is too long");
  if( !c->zDeadline || strlen(c->zDeadline)!=10 ) return fail(zErr, nErr, "the deadline must be a YYYY-MM-DD date");
  if( group_point_is_identity(&c->authority) ) return fail(zErr, nErr, "the authority key may not be the identity");
  if( c->nTrustee<1 || c->nTrustee>PLEDGE_MAX_TRUSTEES || c->nThreshold<1 || c->nThreshold>c->nTrustee )
    return fail(zErr, nErr, "trustees: k of n with 1 <= k <= n <= %d", PLEDGE_MAX_TRUSTEES);
  if( c->nAction<1 || c->nAction>PLEDGE_MAX_ACTIONS ) return fail(zErr, nErr, "1 to %d actions", PLEDGE_MAX_ACTIONS);
  for(uint32_t a=0; a<c->nAction; a++){
    const PledgeAction *p = &c->aAction[a];
    if( !p->zLabel || !*p->zLabel || strlen(p->zLabel)>PLEDGE_MAX_LABEL ) return fail(zErr, nErr, "action %u: a label of 1 to %d bytes", a+1, PLEDGE_MAX_LABEL);
    if( p->kind>PLEDGE_TRIGGER_PERCENT || p->every>1 || p->value<1
     || (p->kind==PLEDGE_TRIGGER_PERCENT && p->value>100) || p->value>100000000 )
      return fail(zErr, nErr, "action %u: the trigger must be N >= 1 or X%% with 1 <= X <= 100", a+1);
  }
  if( c->nGroup<1 || c->nGroup>PLEDGE_MAX_GROUPS ) return fail(zErr, nErr, "the scope must hold 1 to %d workplaces", PLEDGE_MAX_GROUPS);
  for(uint32_t g=0; g<c->nGroup; g++){
    if( !c->azGroup[g] || !*c->azGroup[g] || strlen(c->azGroup[g])>PLEDGE_MAX_LABEL ) return fail(zErr, nErr, "workplace %u: a label of 1 to %d bytes", g+1, PLEDGE_MAX_LABEL);
  }
  for(uint32_t i=0; i<c->nTrustee; i++){
    if( group_point_is_identity(&c->aCommit[(size_t)i*c->nThreshold]) ) return fail(zErr, nErr, "trustee %u's key is the identity", i+1);
  }
  if( dkg_sum_commitments(aA, c->aCommit, c->nTrustee, c->nThreshold) ) return fail(zErr, nErr, "a commitment is not a group element");
  c->key = aA[0];
  if( group_point_is_identity(&c->key) ) return fail(zErr, nErr, "the campaign key is the identity");
  free(c->aTrusteeKey);
  c->aTrusteeKey = xcalloc(c->nTrustee, sizeof *c->aTrusteeKey);
  for(uint32_t j=0; j<c->nTrustee; j++){
    if( dkg_verification_key(&c->aTrusteeKey[j], aA, c->nThreshold, j+1) ) return fail(zErr, nErr, "trustee %u's verification key", j+1);
  }
  pledge_campaign_encode(c, &b);
  hash_start_sized(&h, PLEDGE_TAG_CAMPAIGN, PLEDGE_ID_BYTES);
  hash_put_bytes(&h, b.z, b.n);
  hash_finish(&h, c->id);
  buf_reset(&b);
  return 0;
}

int pledge_campaign_decode(PledgeCampaign *c, const unsigned char *a, size_t n, char *zErr, size_t nErr){
  Reader r = { a, n, 0, 0 };
  uint64_t v, nT, nK, nA, nG;
  memset(c, 0, sizeof *c);
  v = rd_le64(&r);
  if( !r.bad && v!=PLEDGE_VERSION ) return fail(zErr, nErr, "version %llu is not %d", (unsigned long long)v, PLEDGE_VERSION);
  c->zCode = rd_str(&r, PLEDGE_MAX_LABEL); c->zTitle = rd_str(&r, PLEDGE_MAX_LABEL);
  c->zTemplate = rd_str(&r, PLEDGE_MAX_LABEL); c->zText = rd_str(&r, PLEDGE_MAX_TEXT);
  c->zScope = rd_str(&r, PLEDGE_MAX_TEXT); c->zDeadline = rd_str(&r, 10);
  rd_point(&r, &c->authority);
  nT = rd_le64(&r); nK = rd_le64(&r);
  if( r.bad || nT<1 || nT>PLEDGE_MAX_TRUSTEES || nK<1 || nK>nT ) goto bad;
  c->nTrustee = (uint32_t)nT; c->nThreshold = (uint32_t)nK;
  c->aCommit = xcalloc((size_t)(nT*nK), sizeof *c->aCommit);
  for(size_t i=0; i<nT*nK; i++) rd_point(&r, &c->aCommit[i]);
  nA = rd_le64(&r);
  if( r.bad || nA<1 || nA>PLEDGE_MAX_ACTIONS ) goto bad;
  c->nAction = (uint32_t)nA;
  c->aAction = xcalloc((size_t)nA, sizeof *c->aAction);
  for(uint32_t i=0; i<nA; i++){
    c->aAction[i].zLabel = rd_str(&r, PLEDGE_MAX_LABEL);
    uint64_t kind = rd_le64(&r), value = rd_le64(&r), every = rd_le64(&r);
    if( kind>1 || every>1 ){ r.bad = 1; break; }
    c->aAction[i].kind = (uint32_t)kind; c->aAction[i].value = value; c->aAction[i].every = (uint32_t)every;
  }
  nG = rd_le64(&r);
  if( r.bad || nG<1 || nG>PLEDGE_MAX_GROUPS ) goto bad;
  c->nGroup = (uint32_t)nG;
  c->azGroup = xcalloc((size_t)nG, sizeof *c->azGroup);
  for(uint32_t g=0; g<nG; g++) c->azGroup[g] = rd_str(&r, PLEDGE_MAX_LABEL);
  if( r.bad ) goto bad;
  if( r.off!=n ) return fail(zErr, nErr, "%zu bytes after the definition", n - r.off);
  return pledge_campaign_finish(c, zErr, nErr);
bad:
  return fail(zErr, nErr, "truncated or malformed at byte %zu", r.off);
}

void pledge_campaign_clear(PledgeCampaign *c){
  free(c->zCode); free(c->zTitle); free(c->zTemplate); free(c->zText); free(c->zScope); free(c->zDeadline);
  free(c->aCommit);
  for(uint32_t a=0; c->aAction && a<c->nAction; a++) free(c->aAction[a].zLabel);
  free(c->aAction);
  for(uint32_t g=0; c->azGroup && g<c->nGroup; g++) free(c->azGroup[g]);
  free(c->azGroup);
  free(c->aTrusteeKey);
  memset(c, 0, sizeof *c);
}

/* ---- contexts and hashes ---- */

static size_t ctx_of(unsigned char *aCtx, const char *zTag, const PledgeCampaign *c){
  size_t n = strlen(zTag);
  memcpy(aCtx, zTag, n);
  memcpy(aCtx + n, c->id, PLEDGE_ID_BYTES);
  return n + PLEDGE_ID_BYTES;
}

size_t pledge_ctx_open(unsigned char *aCtx, const PledgeCampaign *c, uint32_t iTrustee){
  size_t n = ctx_of(aCtx, PLEDGE_TAG_OPEN, c);
  for(int i=0; i<8; i++) aCtx[n+i] = (unsigned char)((uint64_t)iTrustee >> (8*i));
  return n + 8;
}

void pledge_seal_ad(unsigned char *aAd, const PledgeCampaign *c, const GroupPoint *pCred){
  memcpy(aAd, c->id, PLEDGE_ID_BYTES);
  memcpy(aAd + PLEDGE_ID_BYTES, pCred->a, GROUP_POINT_BYTES);
}

void pledge_sealed_hash(unsigned char *aOut, const unsigned char *aSealed, size_t nSealed){
  HashTranscript h;
  hash_start_sized(&h, PLEDGE_TAG_SEALED, 32);
  hash_put_bytes(&h, aSealed, nSealed);
  hash_finish(&h, aOut);
}

/* ---- items ---- */

int pledge_credentials_make(Buf *pOut, const PledgeCampaign *c, const GroupScalar *pAuthSk,
                            uint32_t iGroup, const GroupPoint *aCred, size_t nCred){
  unsigned char aCtx[PLEDGE_CTX_BYTES], aSig[PROOF_SIGNATURE_BYTES];
  size_t nCtx = ctx_of(aCtx, PLEDGE_TAG_CREDENTIALS, c), iStart = pOut->n;
  GroupPoint y;
  group_base_mult(&y, pAuthSk);
  if( !group_point_eq(&y, &c->authority) || iGroup<1 || iGroup>c->nGroup
   || nCred<1 || nCred>PLEDGE_MAX_CRED_BATCH ) return -1;
  put_le64(pOut, iGroup);
  put_le64(pOut, nCred);
  for(size_t i=0; i<nCred; i++) buf_append(pOut, aCred[i].a, GROUP_POINT_BYTES);
  if( proof_signature_make(aSig, aCtx, nCtx, pAuthSk, &c->authority,
                           pOut->z + iStart, pOut->n - iStart) ){ buf_truncate(pOut, iStart); return -1; }
  buf_append(pOut, aSig, sizeof aSig);
  return 0;
}

int pledge_item_make(Buf *pOut, const PledgeCampaign *c, const GroupScalar *pCredSk,
                     uint64_t seq, uint64_t actions, const GroupPoint *pA,
                     const unsigned char *aSealedHash){
  unsigned char aCtx[PLEDGE_CTX_BYTES], aSig[PROOF_SIGNATURE_BYTES];
  size_t nCtx = ctx_of(aCtx, PLEDGE_TAG_PLEDGE, c), iStart = pOut->n;
  GroupPoint pk;
  group_base_mult(&pk, pCredSk);
  buf_append(pOut, pk.a, GROUP_POINT_BYTES);
  put_le64(pOut, seq);
  put_le64(pOut, actions);
  buf_append(pOut, pA->a, GROUP_POINT_BYTES);
  buf_append(pOut, aSealedHash, 32);
  if( proof_signature_make(aSig, aCtx, nCtx, pCredSk, &pk, pOut->z + iStart, pOut->n - iStart) ){
    buf_truncate(pOut, iStart); return -1;
  }
  buf_append(pOut, aSig, sizeof aSig);
  return 0;
}

int pledge_withdraw_make(Buf *pOut, const PledgeCampaign *c, const GroupScalar *pCredSk, uint64_t seq){
  unsigned char aCtx[PLEDGE_CTX_BYTES], aSig[PROOF_SIGNATURE_BYTES];
  size_t nCtx = ctx_of(aCtx, PLEDGE_TAG_WITHDRAW, c), iStart = pOut->n;
  GroupPoint pk;
  group_base_mult(&pk, pCredSk);
  buf_append(pOut, pk.a, GROUP_POINT_BYTES);
  put_le64(pOut, seq);
  if( proof_signature_make(aSig, aCtx, nCtx, pCredSk, &pk, pOut->z + iStart, pOut->n - iStart) ){
    buf_truncate(pOut, iStart); return -1;
  }
  buf_append(pOut, aSig, sizeof aSig);
  return 0;
}

int pledge_opening_make(Buf *pOut, const PledgeCampaign *c, uint32_t iTrustee,
                        const GroupScalar *pShare, const GroupPoint *aA, size_t n){
  unsigned char aCtx[PLEDGE_CTX_BYTES], aProof[PROOF_DECRYPT_BYTES];
  size_t nCtx = pledge_ctx_open(aCtx, c, iTrustee), iStart = pOut->n;
  if( iTrustee>=c->nTrustee ) return -1;
  put_le64(pOut, iTrustee);
  put_le64(pOut, n);
  for(size_t i=0; i<n; i++){
    GroupPoint d;
    if( seal_share_make(&d, aProof, aCtx, nCtx, pShare, &c->aTrusteeKey[iTrustee], &aA[i]) ){
      buf_truncate(pOut, iStart); return -1;
    }
    buf_append(pOut, d.a, GROUP_POINT_BYTES);
    buf_append(pOut, aProof, sizeof aProof);
  }
  return 0;
}

void pledge_opened_encode(Buf *pOut, uint64_t nOpened, const uint64_t *aActionCount, uint32_t nAction){
  put_le64(pOut, nOpened);
  for(uint32_t a=0; a<nAction; a++) put_le64(pOut, aActionCount[a]);
}

void pledge_expiry_encode(Buf *pOut, uint64_t nDestroyed, const char *zDate){
  put_le64(pOut, nDestroyed);
  put_str(pOut, zDate);
}

static int item_parse(PledgeItem *p, const PledgeCampaign *c, const unsigned char *a, size_t n,
                      int bPledge, char *zErr, size_t nErr){
  unsigned char aCtx[PLEDGE_CTX_BYTES];
  size_t nBody = bPledge ? PLEDGE_ITEM_BYTES - PROOF_SIGNATURE_BYTES : PLEDGE_WITHDRAW_BYTES - PROOF_SIGNATURE_BYTES;
  size_t nCtx = ctx_of(aCtx, bPledge ? PLEDGE_TAG_PLEDGE : PLEDGE_TAG_WITHDRAW, c);
  memset(p, 0, sizeof *p);
  if( n!=nBody + PROOF_SIGNATURE_BYTES ) return fail(zErr, nErr, "%zu bytes, expected %zu", n, nBody + PROOF_SIGNATURE_BYTES);
  if( group_point_decode(&p->cred, a) || group_point_is_identity(&p->cred) ) return fail(zErr, nErr, "the credential is not a group element");
  p->seq = get_le64_at(a + 32);
  if( bPledge ){
    p->actions = get_le64_at(a + 40);
    if( group_point_decode(&p->a, a + 48) || group_point_is_identity(&p->a) ) return fail(zErr, nErr, "the sealed name's point is not valid");
    memcpy(p->sealedHash, a + 80, 32);
    if( p->actions==0 || (c->nAction<64 && (p->actions >> c->nAction)) ) return fail(zErr, nErr, "the actions chosen are not the campaign's");
  }
  if( proof_signature_verify(a + nBody, aCtx, nCtx, &p->cred, a, nBody) ) return fail(zErr, nErr, "the credential's signature does not verify");
  return 0;
}

int pledge_item_parse(PledgeItem *p, const PledgeCampaign *c, const unsigned char *a, size_t n, char *zErr, size_t nErr){
  return item_parse(p, c, a, n, 1, zErr, nErr);
}
int pledge_withdraw_parse(PledgeItem *p, const PledgeCampaign *c, const unsigned char *a, size_t n, char *zErr, size_t nErr){
  return item_parse(p, c, a, n, 0, zErr, nErr);
}

/* ---- the verifier ---- */

typedef struct Verifier Verifier;
struct Verifier {
  PledgeReport *r;
  uint32_t *aSlot;       /* open-addressing table of credential indexes + 1 */
  size_t nSlot;          /* a power of two, at least twice nCred */
  size_t nCredAlloc, nPledgeAlloc;
};

static void vfail(Verifier *v, size_t iLine, int eType, const char *zFmt, ...){
  va_list ap;
  PledgeReport *r = v->r;
  if( !r->ok ) return;
  r->ok = 0;
  r->iFailLine = iLine;
  r->zFailType = board_type_name(eType);
  va_start(ap, zFmt);
  vsnprintf(r->zFail, sizeof r->zFail, zFmt, ap);
  va_end(ap);
}

static size_t slot_of(const Verifier *v, const GroupPoint *pk){
  return (size_t)get_le64_at(pk->a) & (v->nSlot - 1);
}

/* The index of credential pk, or -1. */
static int64_t cred_find(const Verifier *v, const GroupPoint *pk){
  if( v->nSlot==0 ) return -1;
  for(size_t s = slot_of(v, pk); v->aSlot[s]; s = (s+1) & (v->nSlot-1)){
    uint32_t i = v->aSlot[s] - 1;
    if( group_point_eq(&v->r->aCred[i].pk, pk) ) return i;
  }
  return -1;
}

static void cred_index(Verifier *v, uint32_t i){
  size_t s = slot_of(v, &v->r->aCred[i].pk);
  while( v->aSlot[s] ) s = (s+1) & (v->nSlot-1);
  v->aSlot[s] = i + 1;
}

static void cred_grow(Verifier *v, size_t nMore){
  PledgeReport *r = v->r;
  if( r->nCred + nMore > v->nCredAlloc ){
    v->nCredAlloc = (r->nCred + nMore)*2;
    r->aCred = xrealloc(r->aCred, v->nCredAlloc * sizeof *r->aCred);
  }
  if( 2*(r->nCred + nMore) > v->nSlot ){
    size_t nNew = v->nSlot ? v->nSlot : 1024;
    while( nNew < 4*(r->nCred + nMore) ) nNew *= 2;
    free(v->aSlot);
    v->aSlot = xcalloc(nNew, sizeof *v->aSlot);
    v->nSlot = nNew;
    for(uint32_t i=0; i<r->nCred; i++) cred_index(v, i);
  }
}

static int check_credentials(Verifier *v, const BoardItem *it){
  PledgeReport *r = v->r;
  unsigned char aCtx[PLEDGE_CTX_BYTES];
  size_t nCtx = ctx_of(aCtx, PLEDGE_TAG_CREDENTIALS, &r->c), nBody;
  uint64_t iGroup, nCred;
  if( it->nPayload < 16 + PROOF_SIGNATURE_BYTES ){ vfail(v, it->iLine, it->eType, "too short"); return -1; }
  iGroup = get_le64_at(it->pPayload);
  nCred = get_le64_at(it->pPayload + 8);
  if( iGroup<1 || iGroup>r->c.nGroup ){ vfail(v, it->iLine, it->eType, "workplace %llu is not in the campaign", (unsigned long long)iGroup); return -1; }
  if( nCred<1 || nCred>PLEDGE_MAX_CRED_BATCH || it->nPayload != 16 + nCred*GROUP_POINT_BYTES + PROOF_SIGNATURE_BYTES ){
    vfail(v, it->iLine, it->eType, "the batch's length does not match its count"); return -1;
  }
  nBody = it->nPayload - PROOF_SIGNATURE_BYTES;
  if( proof_signature_verify(it->pPayload + nBody, aCtx, nCtx, &r->c.authority, it->pPayload, nBody) ){
    vfail(v, it->iLine, it->eType, "not signed by the campaign's credential authority"); return -1;
  }
  cred_grow(v, (size_t)nCred);
  for(uint64_t i=0; i<nCred; i++){
    PledgeCred *p = &r->aCred[r->nCred];
    if( group_point_decode(&p->pk, it->pPayload + 16 + i*GROUP_POINT_BYTES) || group_point_is_identity(&p->pk) ){
      vfail(v, it->iLine, it->eType, "credential %llu is not a group element", (unsigned long long)i+1); return -1;
    }
    if( cred_find(v, &p->pk)>=0 ){ vfail(v, it->iLine, it->eType, "credential %llu was already published", (unsigned long long)i+1); return -1; }
    p->iGroup = (uint32_t)iGroup;
    p->seq = 0;
    p->iLive = -1;
    cred_index(v, (uint32_t)r->nCred);
    r->nCred++;
    r->aInScope[0]++;
    r->aInScope[iGroup]++;
  }
  return 0;
}

int pledge_credentials_parse(const PledgeCampaign *c, const unsigned char *a, size_t n,
                             uint32_t *piGroup, size_t *pnCred, char *zErr, size_t nErr){
  unsigned char aCtx[PLEDGE_CTX_BYTES];
  size_t nCtx = ctx_of(aCtx, PLEDGE_TAG_CREDENTIALS, c), nBody;
  uint64_t iGroup, nCred;
  GroupPoint pk;
  if( n < 16 + PROOF_SIGNATURE_BYTES ) return fail(zErr, nErr, "the batch is too short");
  iGroup = get_le64_at(a);
  nCred = get_le64_at(a + 8);
  if( iGroup<1 || iGroup>c->nGroup ) return fail(zErr, nErr, "workplace %llu is not in the campaign", (unsigned long long)iGroup);
  if( nCred<1 || nCred>PLEDGE_MAX_CRED_BATCH || n != 16 + nCred*GROUP_POINT_BYTES + PROOF_SIGNATURE_BYTES ){
    return fail(zErr, nErr, "the batch's length does not match its count");
  }
  nBody = n - PROOF_SIGNATURE_BYTES;
  if( proof_signature_verify(a + nBody, aCtx, nCtx, &c->authority, a, nBody) ){
    return fail(zErr, nErr, "not signed by the campaign's credential authority");
  }
  for(uint64_t i=0; i<nCred; i++){
    if( group_point_decode(&pk, a + 16 + i*GROUP_POINT_BYTES) || group_point_is_identity(&pk) ){
      return fail(zErr, nErr, "credential %llu is not a group element", (unsigned long long)i+1);
    }
  }
  *piGroup = (uint32_t)iGroup;
  *pnCred = (size_t)nCred;
  return 0;
}

static int check_pledge(Verifier *v, const BoardItem *it, int bPledge){
  PledgeReport *r = v->r;
  PledgeItem p;
  char zErr[200];
  int64_t iCred;
  PledgeCred *pc;
  if( (bPledge ? pledge_item_parse : pledge_withdraw_parse)(&p, &r->c, it->pPayload, it->nPayload, zErr, sizeof zErr) ){
    vfail(v, it->iLine, it->eType, "%s", zErr); return -1;
  }
  iCred = cred_find(v, &p.cred);
  if( iCred<0 ){ vfail(v, it->iLine, it->eType, "the credential was not issued by the authority"); return -1; }
  pc = &r->aCred[iCred];
  if( p.seq != pc->seq + 1 ){
    vfail(v, it->iLine, it->eType, "sequence number %llu, expected %llu (a replayed or reordered item)",
          (unsigned long long)p.seq, (unsigned long long)pc->seq + 1); return -1;
  }
  if( !bPledge && pc->iLive<0 ){ vfail(v, it->iLine, it->eType, "a withdrawal with no pledge to withdraw"); return -1; }
  pc->seq = p.seq;
  if( pc->iLive>=0 ){
    r->aPledge[pc->iLive].live = 0;
    if( !bPledge ) r->aPledge[pc->iLive].withdrawn = 1;
    r->nLive--;
    pc->iLive = -1;
  }
  if( !bPledge ){ r->nWithdrawal++; return 0; }
  if( r->nPledge == v->nPledgeAlloc ){
    v->nPledgeAlloc = v->nPledgeAlloc ? 2*v->nPledgeAlloc : 256;
    r->aPledge = xrealloc(r->aPledge, v->nPledgeAlloc * sizeof *r->aPledge);
  }
  PledgeEntry *e = &r->aPledge[r->nPledge];
  memset(e, 0, sizeof *e);
  e->iLine = it->iLine;
  e->iCred = (uint32_t)iCred;
  e->actions = p.actions;
  e->a = p.a;
  memcpy(e->sealedHash, p.sealedHash, 32);
  memcpy(e->hash, it->hash, BOARD_HASH_BYTES);
  e->live = 1;
  pc->iLive = (int64_t)r->nPledge;
  r->nPledge++;
  r->nLive++;
  return 0;
}

int pledge_action_met_in(const PledgeReport *r, uint32_t a, uint32_t g){
  const PledgeAction *p = &r->c.aAction[a];
  uint64_t n = r->aCount[(size_t)a*(r->c.nGroup+1) + g], nIn = r->aInScope[g];
  if( p->kind==PLEDGE_TRIGGER_COUNT ) return n >= p->value;
  return nIn>0 && n*100 >= p->value*nIn;
}

/* Count the live pledges by action and workplace, and decide each trigger. */
static void count(PledgeReport *r){
  size_t nG = r->c.nGroup + 1;
  memset(r->aCount, 0, (size_t)r->c.nAction * nG * sizeof *r->aCount);
  for(size_t i=0; i<r->nPledge; i++){
    const PledgeEntry *e = &r->aPledge[i];
    if( !e->live ) continue;
    for(uint32_t a=0; a<r->c.nAction; a++){
      if( !((e->actions >> a) & 1) ) continue;
      r->aCount[(size_t)a*nG]++;
      r->aCount[(size_t)a*nG + r->aCred[e->iCred].iGroup]++;
    }
  }
  r->metMask = 0;
  for(uint32_t a=0; a<r->c.nAction; a++){
    int met;
    if( r->c.aAction[a].every ){
      met = r->aInScope[0] > 0;
      for(uint32_t g=1; met && g<nG; g++) if( r->aInScope[g] && !pledge_action_met_in(r, a, g) ) met = 0;
    }else{
      met = pledge_action_met_in(r, a, 0);
    }
    if( met ) r->metMask |= (uint64_t)1 << a;
  }
}

static int check_opening(Verifier *v, const BoardItem *it){
  PledgeReport *r = v->r;
  const PledgeCampaign *c = &r->c;
  unsigned char aCtx[PLEDGE_CTX_BYTES];
  uint64_t iT, nEntry;
  size_t nCtx;
  if( r->nOpening==0 ){
    count(r);
    if( r->metMask==0 ){ vfail(v, it->iLine, it->eType, "an opening, but no action's trigger is met"); return -1; }
    r->aToOpen = xcalloc(r->nLive ? r->nLive : 1, sizeof *r->aToOpen);
    for(size_t i=0; i<r->nPledge; i++){
      if( r->aPledge[i].live && (r->aPledge[i].actions & r->metMask) ) r->aToOpen[r->nToOpen++] = i;
    }
    r->aOpenIdx = xcalloc(c->nTrustee, sizeof *r->aOpenIdx);
    r->aShare = xcalloc((size_t)c->nTrustee * (r->nToOpen ? r->nToOpen : 1), sizeof *r->aShare);
  }
  if( it->nPayload < 16 ){ vfail(v, it->iLine, it->eType, "too short"); return -1; }
  iT = get_le64_at(it->pPayload);
  nEntry = get_le64_at(it->pPayload + 8);
  if( iT>=c->nTrustee ){ vfail(v, it->iLine, it->eType, "trustee %llu is not one of the %u", (unsigned long long)iT+1, c->nTrustee); return -1; }
  for(uint32_t o=0; o<r->nOpening; o++){
    if( r->aOpenIdx[o]==iT+1 ){ vfail(v, it->iLine, it->eType, "trustee %llu has already opened", (unsigned long long)iT+1); return -1; }
  }
  if( nEntry!=r->nToOpen ){
    vfail(v, it->iLine, it->eType, "opens %llu pledges; exactly the %zu counted pledges of the met actions may be opened",
          (unsigned long long)nEntry, r->nToOpen); return -1;
  }
  if( it->nPayload != 16 + nEntry*(GROUP_POINT_BYTES + PROOF_DECRYPT_BYTES) ){ vfail(v, it->iLine, it->eType, "the length does not match the count"); return -1; }
  nCtx = pledge_ctx_open(aCtx, c, (uint32_t)iT);
  for(size_t i=0; i<r->nToOpen; i++){
    const unsigned char *p = it->pPayload + 16 + i*(GROUP_POINT_BYTES + PROOF_DECRYPT_BYTES);
    GroupPoint *pD = &r->aShare[(size_t)r->nOpening*r->nToOpen + i];
    const PledgeEntry *e = &r->aPledge[r->aToOpen[i]];
    if( group_point_decode(pD, p)
     || seal_share_verify(p + GROUP_POINT_BYTES, aCtx, nCtx, &c->aTrusteeKey[iT], &e->a, pD) ){
      vfail(v, it->iLine, it->eType, "trustee %llu's share for the pledge on line %zu does not verify",
            (unsigned long long)iT+1, e->iLine); return -1;
    }
  }
  r->aOpenIdx[r->nOpening++] = (uint32_t)iT + 1;
  return 0;
}

static int check_item(Verifier *v, BoardItem *it){
  PledgeReport *r = v->r;
  int t = it->eType;
  char zErr[200];
  if( it->iLine==1 ){
    if( t!=BOARD_PLEDGE_CAMPAIGN ){ vfail(v, 1, t, "a pledge board begins with the campaign definition"); return -1; }
    if( pledge_campaign_decode(&r->c, it->pPayload, it->nPayload, zErr, sizeof zErr) ){
      vfail(v, 1, t, "the campaign definition is invalid: %s", zErr); return -1;
    }
    r->hasCampaign = 1;
    r->aInScope = xcalloc((size_t)r->c.nGroup + 1, sizeof *r->aInScope);
    r->aCount = xcalloc((size_t)r->c.nAction * (r->c.nGroup + 1), sizeof *r->aCount);
    return 0;
  }
  if( r->hasOpened || r->hasExpiry ){ vfail(v, it->iLine, t, "nothing may follow the %s", r->hasOpened ? "names opened" : "expiry"); return -1; }
  switch( t ){
    case BOARD_PLEDGE_CREDENTIAL:
      if( r->nOpening ){ vfail(v, it->iLine, t, "credentials after an opening"); return -1; }
      return check_credentials(v, it);
    case BOARD_PLEDGE:
    case BOARD_PLEDGE_WITHDRAWAL:
      if( r->nOpening ){ vfail(v, it->iLine, t, "the pledges were frozen by the first opening"); return -1; }
      return check_pledge(v, it, t==BOARD_PLEDGE);
    case BOARD_PLEDGE_OPENING:
      return check_opening(v, it);
    case BOARD_PLEDGE_OPENED: {
      uint64_t nOpened;
      if( r->nOpening < r->c.nThreshold ){
        vfail(v, it->iLine, t, "%u openings; %u of the %u trustees are needed", r->nOpening, r->c.nThreshold, r->c.nTrustee); return -1;
      }
      if( it->nPayload != 8 + 8*(size_t)r->c.nAction ){ vfail(v, it->iLine, t, "the length is not 8 + 8 per action"); return -1; }
      nOpened = get_le64_at(it->pPayload);
      if( nOpened != r->nToOpen ){ vfail(v, it->iLine, t, "%llu names opened; the board counts %zu", (unsigned long long)nOpened, r->nToOpen); return -1; }
      for(uint32_t a=0; a<r->c.nAction; a++){
        uint64_t want = ((r->metMask >> a) & 1) ? r->aCount[(size_t)a*(r->c.nGroup+1)] : 0;
        if( get_le64_at(it->pPayload + 8 + 8*a) != want ){
          vfail(v, it->iLine, t, "action %u: %llu signatories given, the board counts %llu", a+1,
                (unsigned long long)get_le64_at(it->pPayload + 8 + 8*a), (unsigned long long)want); return -1;
        }
      }
      r->hasOpened = 1;
      r->nOpened = nOpened;
      return 0;
    }
    case BOARD_PLEDGE_EXPIRY: {
      Reader rd = { it->pPayload, it->nPayload, 0, 0 };
      uint64_t nDestroyed = rd_le64(&rd);
      char *zDate = rd_str(&rd, 10);
      int bad = rd.bad || rd.off!=it->nPayload;
      free(zDate);
      if( bad ){ vfail(v, it->iLine, t, "malformed"); return -1; }
      if( r->nOpening ){ vfail(v, it->iLine, t, "an opened campaign does not expire"); return -1; }
      if( nDestroyed != r->nLive ){ vfail(v, it->iLine, t, "%llu sealed names destroyed; the board holds %zu", (unsigned long long)nDestroyed, r->nLive); return -1; }
      r->hasExpiry = 1;
      r->nDestroyed = nDestroyed;
      return 0;
    }
    default:
      vfail(v, it->iLine, t, "a %s item is not allowed on a pledge board", board_type_name(t));
      return -1;
  }
}

void pledge_board_verify(const unsigned char *a, size_t n, PledgeReport *r){
  Verifier v;
  size_t off = 0, iLine = 0;
  unsigned char last[BOARD_HASH_BYTES] = {0};
  memset(r, 0, sizeof *r);
  memset(&v, 0, sizeof v);
  v.r = r;
  r->ok = 1;
  group_init();
  for(;;){
    BoardItem it = {0};
    char zErr[200];
    int rc;
    it.iLine = ++iLine;
    rc = board_next(a, n, &off, &it, zErr, sizeof zErr);
    if( rc==0 ) break;
    if( rc<0 ){ vfail(&v, iLine, BOARD_NONE, "%s", zErr); break; }
    if( memcmp(it.prev, last, BOARD_HASH_BYTES) ){
      vfail(&v, iLine, it.eType, iLine==1 ? "the first item's previous-item hash must be zero"
                                          : "its previous-item hash is not the hash of the line before (lines removed, inserted, reordered or altered)");
      board_item_clear(&it);
      break;
    }
    memcpy(last, it.hash, BOARD_HASH_BYTES);
    rc = check_item(&v, &it);
    board_item_clear(&it);
    if( rc ) break;
    r->nItem++;
  }
  if( r->ok && !r->hasCampaign ) vfail(&v, 1, BOARD_NONE, "the board is empty");
  memcpy(r->head, last, BOARD_HASH_BYTES);
  if( r->hasCampaign && r->nOpening==0 ) count(r);
  free(v.aSlot);
}

void pledge_report_clear(PledgeReport *r){
  pledge_campaign_clear(&r->c);
  free(r->aCred); free(r->aPledge); free(r->aCount); free(r->aInScope);
  free(r->aToOpen); free(r->aOpenIdx); free(r->aShare);
  memset(r, 0, sizeof *r);
}
