/* demo_delivery.c: did the demo ballot's voting codes arrive? The
** credential authority's delivery report for REF26 as it would hand it back
** after sending (docs/ballots.md: delivery.csv), made up for the demo and
** imported through delivery_import(), as `mandate ballot delivery CODE
** --import` does: letters for members with neither email nor mobile (and
** for the few whose codes the demo prints), the rest by email or text
** message, most sent before the opening, some re-sent, a few bounced with
** the reasons real SMTP servers give. Then two members ask for their code
** again on the voting page (delivery_resend_request). */
#include "demo.h"
#include "ballot.h"
#include "delivery.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Why an email bounced: what the outbox records of a receiving server's refusal. */
static const char *const azBounce[] = {
  "the recipient was refused: 550 5.1.1 no such user here",
  "the recipient was refused: 550 5.1.1 the email account that you tried to reach does not exist",
  "the recipient was refused: 552 5.2.2 mailbox full",
  "bounced after it was sent: 550 5.7.1 message rejected as spam by content filtering",
  "the recipient was refused: 550 5.2.1 mailbox disabled, not accepting messages",
};
#define N_BOUNCE (int)(sizeof azBounce / sizeof azBounce[0])

/* One voter as the report needs them. */
typedef struct DlvVoter DlvVoter;
struct DlvVoter {
  int64_t voterNo;
  char zEmail[200], zMobile[20];
  int voted;
};

/* The k-th uniform number in [0,1) of row i's random bytes (k < 4). */
static double draw(const unsigned char *aRnd, int64_t i, int k){
  uint32_t v;
  memcpy(&v, aRnd + (size_t)i*16 + (size_t)k*4, 4);
  return (double)v / 4294967296.0;
}

/* Whether no other of the n voters a[] has zMobile (the demo's made-up
** numbers repeat): a request by it then names one member. */
static int mobile_unique(const DlvVoter *a, int64_t n, const char *zMobile){
  int64_t k = 0;
  for(int64_t i=0; i<n && k<2; i++) if( strcmp(a[i].zMobile, zMobile)==0 ) k++;
  return k==1;
}

static int is_free(const DemoFreeVoter *aFree, int nFree, int64_t voterNo){
  for(int i=0; i<nFree; i++) if( aFree[i].voterNo==voterNo ) return 1;
  return 0;
}

int demo_ballot_delivery(Db *db, const char *zCode, const DemoFreeVoter *aFree, int nFree,
                         uint64_t seed, DemoDelivery *pOut, char **pzErr){
  Ballot b;
  DlvVoter *a = 0;
  int64_t n = 0, nAlloc = 0, tOpens, iBounced = -1, iLost = -1;
  unsigned char aSeed[randombytes_SEEDBYTES], *aRnd = 0, *aBounce = 0;
  char zNow[BALLOT_TIME], *zErr = 0;
  Buf csv = BUF_INIT;
  DeliveryImport imp;
  int rc = -1, r;
  memset(pOut, 0, sizeof *pOut);
  if( ballot_load(db, zCode, &b)!=0 ) return buf_error(pzErr, "no ballot %s", zCode);
  ballot_now(zNow);
  tOpens = ballot_time_seconds(b.zOpens);
  DbStmt *s = db_prepare(db,
    "SELECT v.voter_no, coalesce(m.email,''), coalesce(m.mobile,''), v.voted_at IS NOT NULL"
    " FROM ballot_voters v JOIN members m ON m.id=v.member_id WHERE v.ballot_id=? ORDER BY v.voter_no");
  db_bind_int(s, 1, b.id);
  while( (r = db_step(s))==DB_ROW ){
    if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 256; a = xrealloc(a, (size_t)nAlloc*sizeof *a); }
    a[n].voterNo = db_col_int(s, 0);
    db_col_copy(s, 1, a[n].zEmail, sizeof a[n].zEmail);
    db_col_copy(s, 2, a[n].zMobile, sizeof a[n].zMobile);
    a[n].voted = (int)db_col_int(s, 3);
    n++;
  }
  db_finalize(s);
  if( r!=DB_DONE ){ buf_error(pzErr, "%s", db_errmsg(db)); goto out; }
  memset(aSeed, 0, sizeof aSeed);
  memcpy(aSeed, &seed, sizeof seed);
  memcpy(aSeed + 8, "demo-delivery", 13);
  aRnd = xmalloc((size_t)(n ? n : 1)*16);
  randombytes_buf_deterministic(aRnd, (size_t)(n ? n : 1)*16, aSeed);
  /* who bounced: of the members with an email address who have not voted
  ** (nor are printed for the newcomer), 3% and at least three, by draw */
  aBounce = xcalloc((size_t)(n ? n : 1), 1);
  {
    int64_t *aElig = xcalloc((size_t)(n ? n : 1), sizeof *aElig), nElig = 0, nBounce;
    for(int64_t i=0; i<n; i++){
      if( a[i].zEmail[0] && !a[i].voted && !is_free(aFree, nFree, a[i].voterNo) ) aElig[nElig++] = i;
    }
    nBounce = nElig*3/100 > 3 ? nElig*3/100 : nElig < 3 ? nElig : 3;
    for(int64_t k=0; k<nBounce; k++){        /* a partial selection sort on draw 1: nBounce is small */
      int64_t best = k;
      for(int64_t j=k+1; j<nElig; j++) if( draw(aRnd, aElig[j], 1) < draw(aRnd, aElig[best], 1) ) best = j;
      int64_t t = aElig[k]; aElig[k] = aElig[best]; aElig[best] = t;
      aBounce[aElig[k]] = 1;
    }
    free(aElig);
  }
  buf_puts(&csv, DELIVERY_HEADER "\r\n");
  for(int64_t i=0; i<n; i++){
    const DlvVoter *v = &a[i];
    const char *zChannel, *zState = "sent", *zDetail = "";
    int resends = 0;
    int64_t t = tOpens - 45*60 + (int64_t)(draw(aRnd, i, 0)*1800);   /* sent just before the opening */
    char zAt[BALLOT_TIME];
    if( is_free(aFree, nFree, v->voterNo) || (!v->zEmail[0] && !v->zMobile[0]) ){
      zChannel = "letter";
      zState = "printed";
      t = tOpens - 3*86400 + 10*3600 + (int64_t)(draw(aRnd, i, 0)*7200);
      pOut->nPrinted++;
    }else if( aBounce[i] ){
      zChannel = "email";
      zState = "bounced";
      zDetail = azBounce[(int)(draw(aRnd, i, 2)*N_BOUNCE) % N_BOUNCE];
      t += 60 + (int64_t)(draw(aRnd, i, 3)*1200);
      pOut->nBounced++;
      if( iBounced<0 && v->zMobile[0] && mobile_unique(a, n, v->zMobile) ) iBounced = i;
    }else{
      zChannel = v->zEmail[0] ? "email" : "sms";
      if( draw(aRnd, i, 1) > 0.94 ){        /* sent again: a member asked, or it seemed lost */
        resends = draw(aRnd, i, 2) < 0.8 ? 1 : 2;
        t = tOpens + 2*3600 + (int64_t)(draw(aRnd, i, 3)*28*3600);
        pOut->nResent++;
      }else{
        pOut->nSent++;
        if( iLost<0 && !v->voted && v->zEmail[0] && !is_free(aFree, nFree, v->voterNo) ) iLost = i;
      }
    }
    ballot_time_iso(t, zAt);
    buf_printf(&csv, "%s,voter-%07lld,%s,%s,%d,%s,", b.zCode, (long long)v->voterNo, zChannel, zState, resends, zAt);
    if( zDetail[0] ) buf_printf(&csv, "\"%s\"", zDetail);   /* no quote in them to double */
    buf_puts(&csv, "\r\n");
  }
  if( delivery_import(db, &b, "delivery.csv", csv.z, csv.n, zNow, &imp, &zErr) ){
    buf_error(pzErr, "the delivery report: %s", zErr);
    free(zErr);
    goto out;
  }
  /* asked for their code again: one whose email bounced, by text message;
  ** one who lost theirs, by email */
  for(int k=0; k<2; k++){
    int64_t i = k==0 ? iBounced : iLost, nRec = 0;
    const char *zWhy = 0;
    char zAsked[BALLOT_TIME];
    if( i<0 ) continue;
    ballot_time_iso(ballot_time_seconds(zNow) - (k==0 ? 3*3600+17*60 : 41*60), zAsked);
    r = delivery_resend_request(db, &b, k==0 ? a[i].zMobile : a[i].zEmail, zAsked, &nRec, &zWhy);
    if( r<0 ){ buf_error(pzErr, "%s", db_errmsg(db)); goto out; }
    if( r>0 ){ buf_error(pzErr, "a request for a code again: %s", zWhy); goto out; }
    pOut->nRequest += nRec;
  }
  rc = 0;
out:
  free(a);
  free(aRnd);
  free(aBounce);
  buf_reset(&csv);
  return rc;
}
