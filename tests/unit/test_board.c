/* test_board.c: the public board and the verifier (src/crypto/board.c,
** election.c, verify.c): honest simulated elections verify for yes/no and
** 1-of-5 questions with 1 and 3 trustees; every kind of tampering in issue
** 3's list makes verification fail, naming the line and type of the item. */
#include "test.h"
#include "../../src/crypto/board.h"
#include "../../src/crypto/election.h"
#include "../../src/crypto/proof.h"
#include "../../src/crypto/verify.h"
#include "../../src/util/mem.h"
#include <stdlib.h>

/* ---- a board as a list of items, for edits that keep the chain ---- */
typedef struct Lines Lines;
struct Lines {
  int n;
  BoardItem *a;   /* owned */
};

static void lines_parse(Lines *L, const Buf *b){
  size_t off = 0;
  char zErr[200];
  L->n = 0;
  L->a = 0;
  for(;;){
    BoardItem it = {0};
    it.iLine = (size_t)L->n + 1;
    int rc = board_next((const unsigned char*)b->z, b->n, &off, &it, zErr, sizeof zErr);
    if( rc<=0 ){ CHECK(rc==0); break; }
    L->a = xrealloc(L->a, (size_t)(L->n+1) * sizeof *L->a);
    L->a[L->n++] = it;
  }
}

static void lines_free(Lines *L){
  for(int i=0; i<L->n; i++) board_item_clear(&L->a[i]);
  free(L->a);
  L->a = 0; L->n = 0;
}

/* Write L as a freshly chained board into *pOut (reset first). */
static void lines_write(const Lines *L, Buf *pOut){
  BoardWriter w;
  buf_reset(pOut);
  board_writer_buf(&w, pOut);
  for(int i=0; i<L->n; i++) board_append(&w, L->a[i].eType, L->a[i].pPayload, L->a[i].nPayload);
}

/* The index of the nth (0-based) item of type t, or -1. */
static int lines_find(const Lines *L, int t, int nth){
  for(int i=0; i<L->n; i++) if( L->a[i].eType==t && nth--==0 ) return i;
  return -1;
}

static void lines_insert(Lines *L, int at, int t, const unsigned char *p, size_t n){
  L->a = xrealloc(L->a, (size_t)(L->n+1) * sizeof *L->a);
  memmove(&L->a[at+1], &L->a[at], (size_t)(L->n-at) * sizeof *L->a);
  memset(&L->a[at], 0, sizeof *L->a);
  L->a[at].eType = t;
  L->a[at].pPayload = xmalloc(n);
  memcpy(L->a[at].pPayload, p, n);
  L->a[at].nPayload = n;
  L->n++;
}

static void lines_remove(Lines *L, int at){
  board_item_clear(&L->a[at]);
  memmove(&L->a[at], &L->a[at+1], (size_t)(L->n-at-1) * sizeof *L->a);
  L->n--;
}

/* The byte range of line iLine (1-based) in b, newline included. */
static void text_line(const Buf *b, int iLine, size_t *pStart, size_t *pLen){
  size_t i = 0;
  for(int k=1; k<iLine; k++){ while( b->z[i]!='\n' ) i++; i++; }
  *pStart = i;
  while( b->z[i]!='\n' ) i++;
  *pLen = i + 1 - *pStart;
}

/* Verify b and check it fails at iLine, item type zType, with zWhy in the
** message. */
static void expect_fail(const Buf *b, size_t iLine, const char *zType, const char *zWhy){
  VerifyReport r;
  int rc = verify_board((const unsigned char*)b->z, b->n, 2, 0, &r);
  CHECK_INT(rc, -1);
  CHECK_INT(r.ok, 0);
  if( r.iFailLine!=iLine || strcmp(r.zFailType, zType) || strstr(r.zFail, zWhy)==0 ){
    test_fail(__FILE__, __LINE__, "expected line %zu (%s): ...%s...; got line %zu (%s): %s",
              iLine, zType, zWhy, r.iFailLine, r.zFailType, r.zFail);
  }
  verify_report_clear(&r);
}

/* Run a demo election into *pBoard and *pD; CHECKs it succeeded. */
static void make_election_k(Buf *pBoard, ElectionDemo *pD, uint32_t nVoter, uint32_t nAnswer,
                            uint32_t nThreshold, uint32_t nTrustee, uint64_t seed){
  BoardWriter w;
  char zErr[200];
  memset(pD, 0, sizeof *pD);
  pD->nVoter = nVoter; pD->nAnswer = nAnswer; pD->nTrustee = nTrustee; pD->seed = seed;
  pD->nThreshold = nThreshold;
  board_writer_buf(&w, pBoard);
  if( election_demo_run(pD, &w, zErr, sizeof zErr) ) test_fail(__FILE__, __LINE__, "demo: %s", zErr);
}
static void make_election(Buf *pBoard, ElectionDemo *pD, uint32_t nVoter, uint32_t nAnswer,
                          uint32_t nTrustee, uint64_t seed){
  make_election_k(pBoard, pD, nVoter, nAnswer, nTrustee, nTrustee, seed);
}

/* The shared fixture for the soundness tests: 30 voters, yes/no, 3
** trustees, with revotes. Built once. */
static Buf gBoard = BUF_INIT;
static ElectionDemo gD;
static Election gE;
static void fixture(void){
  char zErr[200];
  Lines L;
  if( gBoard.n ) return;
  make_election(&gBoard, &gD, 30, 1, 3, 7);
  lines_parse(&L, &gBoard);
  if( election_decode(&gE, L.a[0].pPayload, L.a[0].nPayload, zErr, sizeof zErr) ){
    test_fail(__FILE__, __LINE__, "fixture definition: %s", zErr);
  }
  lines_free(&L);
}

/* The voter whose credential is the first 32 bytes of a ballot payload. */
static int voter_of(const unsigned char *p){
  for(uint32_t v=0; v<gD.nVoter; v++) if( memcmp(gD.aCredPk[v].a, p, 32)==0 ) return (int)v;
  return -1;
}

/* ---------------------------------------------------------------- */

TEST(board_line_format){
  Buf b = BUF_INIT;
  BoardWriter w;
  BoardItem it = {0};
  char zErr[200], zT[BOARD_TRACKER_CHARS+1];
  size_t off = 0;
  unsigned char h1[32];
  board_writer_buf(&w, &b);
  CHECK_INT(board_append(&w, BOARD_ELECTION, (const unsigned char*)"\x01\xab", 2), 0);
  CHECK_INT(board_append(&w, BOARD_RESULT, 0, 0), 0);
  /* second line: its PREV is the first item's hash; an empty payload */
  {
    static const unsigned char aZero[32] = {0};
    char zHex[65], zWant[300];
    board_item_hash(h1, BOARD_ELECTION, aZero, (const unsigned char*)"\x01\xab", 2);
    board_hex(zHex, h1, 32);
    snprintf(zWant, sizeof zWant, "election %064d 01ab\nresult %s \n", 0, zHex);
    CHECK_STR(b.z, zWant);
    /* known answer, computed independently with Python's hashlib.blake2b
    ** (digest_size=32) over the transcript of docs/protocol.md 8.1 */
    CHECK_STR(zHex, "8de47556063cda07e42c2467acf2ac831dfef08725036b4f2a74400b9e038a6c");
  }
  it.iLine = 1;
  CHECK_INT(board_next((unsigned char*)b.z, b.n, &off, &it, zErr, sizeof zErr), 1);
  CHECK(memcmp(it.hash, h1, 32)==0);
  board_item_clear(&it);
  it.iLine = 2;
  CHECK_INT(board_next((unsigned char*)b.z, b.n, &off, &it, zErr, sizeof zErr), 1);
  CHECK(memcmp(it.prev, h1, 32)==0);
  CHECK_INT(it.eType, BOARD_RESULT);
  CHECK_INT(it.nPayload, 0);
  board_item_clear(&it);
  CHECK_INT(board_next((unsigned char*)b.z, b.n, &off, &it, zErr, sizeof zErr), 0);
  /* a writer reopened on the buffer continues the chain */
  {
    BoardWriter w2;
    board_writer_buf(&w2, &b);
    CHECK(memcmp(w2.last, w.last, 32)==0);
  }
  /* malformed lines */
  static const char *azBad[] = {
    "election 00",                                           /* no newline */
    "vote 0000000000000000000000000000000000000000000000000000000000000000 00\n",
    "election 0000000000000000000000000000000000000000000000000000000000000000 0A\n",
    "election 0000000000000000000000000000000000000000000000000000000000000000 0\n",
    "election 000000000000000000000000000000000000000000000000000000000000000 00\n",
    "election 0000000000000000000000000000000000000000000000000000000000000000 00\r\n",
    "election\n",
  };
  for(size_t i=0; i<sizeof azBad/sizeof azBad[0]; i++){
    off = 0;
    it.iLine = 1;
    if( board_next((const unsigned char*)azBad[i], strlen(azBad[i]), &off, &it, zErr, sizeof zErr)!=-1 ){
      test_fail(__FILE__, __LINE__, "accepted bad line %zu", i);
    }
    board_item_clear(&it);
  }
  /* trackers: 16 base32 characters, different for different ballots */
  board_tracker(zT, (const unsigned char*)"a", 1);
  CHECK_STR(zT, "e6fgs3ix6xhxwqsz");   /* Python: base32 of blake2b(...)[:10] */
  CHECK_INT(strlen(zT), 16);
  CHECK(strspn(zT, "abcdefghijklmnopqrstuvwxyz234567")==16);
  {
    char zT2[BOARD_TRACKER_CHARS+1];
    board_tracker(zT2, (const unsigned char*)"b", 1);
    CHECK(strcmp(zT, zT2)!=0);
  }
  buf_reset(&b);
}

/* An honest election verifies, with the demo's own result. */
static void check_complete_k(uint32_t nVoter, uint32_t nAnswer, uint32_t nThreshold,
                             uint32_t nTrustee, uint64_t seed){
  Buf b = BUF_INIT;
  ElectionDemo d;
  VerifyReport r;
  make_election_k(&b, &d, nVoter, nAnswer, nThreshold, nTrustee, seed);
  CHECK_INT(verify_board((const unsigned char*)b.z, b.n, 2, 0, &r), 0);
  if( !r.ok ) test_fail(__FILE__, __LINE__, "line %zu (%s): %s", r.iFailLine, r.zFailType, r.zFail);
  CHECK_INT(r.nCredential, nVoter);
  CHECK_INT(r.nBallot, d.nBallot);
  CHECK_INT(r.nCounted, d.nCounted);
  CHECK(d.nBallot > d.nCounted);               /* someone voted twice */
  CHECK(d.nCounted < nVoter);                  /* someone abstained */
  CHECK_INT(r.election.nTrustee, nTrustee);
  CHECK_INT(r.election.nThreshold, nThreshold);
  CHECK_INT(r.nPartial, nThreshold);            /* only k of the n decrypted */
  CHECK_INT(r.election.nAnswerTotal, nAnswer);
  CHECK(memcmp(r.election.id, d.id, 32)==0);
  for(uint32_t j=0; r.ok && j<nAnswer; j++) CHECK_INT(r.aCount[j], d.aCount[j]);
  /* the trackers the voters were given are on the board, counted */
  for(uint32_t v=0; v<nVoter; v++){
    if( !d.azTracker[v][0] ) continue;
    int found = 0;
    for(size_t k=0; k<r.nBallot; k++){
      if( strcmp(r.aBallot[k].zTracker, d.azTracker[v])==0 ){ found = 1; CHECK(r.aBallot[k].counted); }
    }
    CHECK(found);
  }
  /* one thread gives the same verdict */
  verify_report_clear(&r);
  CHECK_INT(verify_board((const unsigned char*)b.z, b.n, 1, 0, &r), 0);
  verify_report_clear(&r);
  election_demo_clear(&d);
  buf_reset(&b);
}

static void check_complete(uint32_t nVoter, uint32_t nAnswer, uint32_t nTrustee){
  check_complete_k(nVoter, nAnswer, nTrustee, nTrustee, 11);
}

TEST(board_complete_yesno_1_trustee){ check_complete(40, 1, 1); }
/* k of n: the seed picks which k trustees decrypt, so several seeds
** exercise different Lagrange coefficients */
TEST(board_complete_yesno_2_of_3_trustees){
  for(uint64_t seed=1; seed<=4; seed++) check_complete_k(60, 1, 2, 3, seed);
}
TEST(board_complete_1of4_3_of_5_trustees){ check_complete_k(60, 4, 3, 5, 9); }
TEST(board_complete_yesno_1_of_3_trustees){ check_complete_k(60, 1, 1, 3, 2); }
TEST(board_complete_yesno_3_trustees){ check_complete(40, 1, 3); }
TEST(board_complete_1of5_1_trustee){ check_complete(25, 5, 1); }
TEST(board_complete_1of5_3_trustees){ check_complete(25, 5, 3); }

TEST(board_complete_file_append){
  /* appending to a file picks up the chain from its last line */
  char zPath[300], zErr[200];
  BoardWriter w;
  Buf b = BUF_INIT;
  ElectionDemo d;
  VerifyReport r;
  FILE *f;
  snprintf(zPath, sizeof zPath, "%s/board", test_tmpdir());
  memset(&d, 0, sizeof d);
  d.nVoter = 5; d.nAnswer = 2; d.nTrustee = 2; d.seed = 3;
  CHECK_INT(board_writer_open(&w, zPath, zErr, sizeof zErr), 0);
  CHECK_INT(election_demo_run(&d, &w, zErr, sizeof zErr), 0);
  CHECK_INT(board_writer_close(&w), 0);
  /* reopen: the writer's last hash is the board's head */
  CHECK_INT(board_writer_open(&w, zPath, zErr, sizeof zErr), 0);
  f = fopen(zPath, "rb");
  if( f ){
    char a[4096]; size_t n;
    while( (n = fread(a, 1, sizeof a, f))>0 ) buf_append(&b, a, n);
    fclose(f);
  }
  CHECK_INT(verify_board((const unsigned char*)b.z, b.n, 1, 0, &r), 0);
  CHECK(memcmp(r.head, w.last, 32)==0);
  CHECK_INT(board_writer_close(&w), 0);
  verify_report_clear(&r);
  election_demo_clear(&d);
  buf_reset(&b);
}

TEST(board_sound_flipped_ciphertext_byte){
  Buf b = BUF_INIT;
  size_t start, len;
  Lines L;
  fixture();
  lines_parse(&L, &gBoard);
  int iB = lines_find(&L, BOARD_BALLOT, 3);
  lines_free(&L);
  /* in the text, without fixing the chain: the ballot is named, not the
  ** next line whose PREV no longer matches */
  buf_append(&b, gBoard.z, gBoard.n);
  text_line(&b, iB+1, &start, &len);
  size_t iHex = start + strlen("ballot ") + 65 + 2*(32+10);   /* byte 10 of A */
  b.z[iHex] = b.z[iHex]=='0' ? '1' : '0';
  expect_fail(&b, (size_t)iB+1, "ballot", "");
  /* with the chain recomputed: the same ballot fails */
  {
    Buf c = BUF_INIT;
    board_rechain((unsigned char*)b.z, b.n, &c);
    expect_fail(&c, (size_t)iB+1, "ballot", "");
    buf_reset(&c);
  }
  buf_reset(&b);
}

TEST(board_sound_flipped_proof_byte){
  Lines L;
  Buf b = BUF_INIT;
  fixture();
  lines_parse(&L, &gBoard);
  int iB = lines_find(&L, BOARD_BALLOT, 5);
  /* flip a byte of the 0/1 proof: the signature no longer matches */
  L.a[iB].pPayload[32 + 64 + 40] ^= 0x01;
  lines_write(&L, &b);
  expect_fail(&b, (size_t)iB+1, "ballot", "signature does not verify");
  /* the voter's own device re-signs the bad proof: the proof is caught */
  {
    int v = voter_of(L.a[iB].pPayload);
    unsigned char aCtx[64];
    CHECK(v>=0);
    memcpy(aCtx, gE.id, 32); memcpy(aCtx+32, "ballot", 6);
    size_t n = L.a[iB].nPayload;
    CHECK_INT(proof_signature_make(L.a[iB].pPayload + n - 64, aCtx, 38, &gD.aCredSk[v], &gD.aCredPk[v],
                                   L.a[iB].pPayload, n - 64), 0);
    lines_write(&L, &b);
    expect_fail(&b, (size_t)iB+1, "ballot", "question 1, answer 1: the proof that it encrypts 0 or 1 does not verify");
  }
  lines_free(&L);
  buf_reset(&b);
}

TEST(board_sound_ballot_under_another_credential){
  Lines L;
  Buf b = BUF_INIT;
  fixture();
  lines_parse(&L, &gBoard);
  int iB = lines_find(&L, BOARD_BALLOT, 2), iT = lines_find(&L, BOARD_TALLY, 0);
  int v = voter_of(L.a[iB].pPayload), v2 = (v+1) % (int)gD.nVoter;
  size_t n = L.a[iB].nPayload;
  unsigned char *p = xmalloc(n);
  memcpy(p, L.a[iB].pPayload, n);
  /* the server swaps in another voter's credential */
  memcpy(p, gD.aCredPk[v2].a, 32);
  lines_insert(&L, iT, BOARD_BALLOT, p, n);
  lines_write(&L, &b);
  expect_fail(&b, (size_t)iT+1, "ballot", "signature does not verify");
  /* the other voter copies the ballot and signs it as their own: the
  ** proofs are bound to the first credential */
  {
    unsigned char aCtx[64];
    memcpy(aCtx, gE.id, 32); memcpy(aCtx+32, "ballot", 6);
    CHECK_INT(proof_signature_make(p + n - 64, aCtx, 38, &gD.aCredSk[v2], &gD.aCredPk[v2], p, n - 64), 0);
    memcpy(L.a[iT].pPayload, p, n);
    lines_write(&L, &b);
    expect_fail(&b, (size_t)iT+1, "ballot", "proof that it encrypts 0 or 1 does not verify");
  }
  free(p);
  lines_free(&L);
  buf_reset(&b);
}

TEST(board_sound_duplicated_ballot){
  Lines L;
  Buf b = BUF_INIT;
  size_t start, len;
  fixture();
  lines_parse(&L, &gBoard);
  int iB = lines_find(&L, BOARD_BALLOT, 4);
  /* a line copied in place: the chain breaks at the copy */
  text_line(&gBoard, iB+1, &start, &len);
  buf_append(&b, gBoard.z, start + len);
  buf_append(&b, gBoard.z + start, len);
  buf_append(&b, gBoard.z + start + len, gBoard.n - start - len);
  expect_fail(&b, (size_t)iB+2, "ballot", "previous-item hash is not the hash of line");
  /* the same with the chain recomputed: a replay, named with its original */
  lines_insert(&L, iB+1, BOARD_BALLOT, L.a[iB].pPayload, L.a[iB].nPayload);
  lines_write(&L, &b);
  {
    char zWhy[64];
    snprintf(zWhy, sizeof zWhy, "the same ballot as line %d (a replay)", iB+1);
    expect_fail(&b, (size_t)iB+2, "ballot", zWhy);
  }
  /* replaying a voter's older ballot after their newer one (to undo a
  ** revote) is the same thing */
  lines_free(&L);
  lines_parse(&L, &gBoard);
  {
    int iT = lines_find(&L, BOARD_TALLY, 0), iOld = -1;
    for(int i=0; i<iT && iOld<0; i++){
      if( L.a[i].eType!=BOARD_BALLOT ) continue;
      for(int k=i+1; k<iT; k++){
        if( L.a[k].eType==BOARD_BALLOT && memcmp(L.a[k].pPayload, L.a[i].pPayload, 32)==0 ){ iOld = i; break; }
      }
    }
    CHECK(iOld>=0);
    if( iOld>=0 ){
      lines_insert(&L, iT, BOARD_BALLOT, L.a[iOld].pPayload, L.a[iOld].nPayload);
      lines_write(&L, &b);
      expect_fail(&b, (size_t)iT+1, "ballot", "a replay");
    }
  }
  lines_free(&L);
  buf_reset(&b);
}

TEST(board_sound_unknown_credential){
  Lines L;
  Buf b = BUF_INIT, p = BUF_INIT;
  GroupScalar sk;
  GroupPoint pk;
  uint8_t aChoice[1] = { 1 };
  fixture();
  lines_parse(&L, &gBoard);
  int iT = lines_find(&L, BOARD_TALLY, 0);
  elg_keygen(&sk, &pk);
  CHECK_INT(election_ballot_make(&p, &gE, &sk, &pk, aChoice), 0);
  lines_insert(&L, iT, BOARD_BALLOT, (unsigned char*)p.z, p.n);
  lines_write(&L, &b);
  expect_fail(&b, (size_t)iT+1, "ballot", "credential that the credential authority did not publish");
  /* nor can the server publish a credential of its own: it lacks the
  ** authority's key */
  {
    GroupScalar fakeAuth;
    GroupPoint fakePk;
    Buf c = BUF_INIT;
    int iC = lines_find(&L, BOARD_CREDENTIAL, 0);
    elg_keygen(&fakeAuth, &fakePk);
    CHECK_INT(election_credentials_make(&c, &gE, &fakeAuth, &pk, 1, 0, 1), -1);   /* not the authority */
    Election e2 = gE;
    e2.authority = fakePk;
    CHECK_INT(election_credentials_make(&c, &e2, &fakeAuth, &pk, 1, 0, 1), 0);
    lines_insert(&L, iC+1, BOARD_CREDENTIAL, (unsigned char*)c.z, c.n);
    lines_write(&L, &b);
    expect_fail(&b, (size_t)iC+2, "credential", "credential authority's signature does not verify");
    buf_reset(&c);
    group_scalar_wipe(&fakeAuth);
  }
  group_scalar_wipe(&sk);
  lines_free(&L);
  buf_reset(&b);
  buf_reset(&p);
}

TEST(board_sound_reordered_and_truncated){
  Lines L;
  Buf b = BUF_INIT;
  size_t s1, n1, s2, n2;
  fixture();
  lines_parse(&L, &gBoard);
  int iB = lines_find(&L, BOARD_BALLOT, 6), nLine = L.n;
  /* two ballot lines swapped */
  text_line(&gBoard, iB+1, &s1, &n1);
  text_line(&gBoard, iB+2, &s2, &n2);
  buf_append(&b, gBoard.z, s1);
  buf_append(&b, gBoard.z + s2, n2);
  buf_append(&b, gBoard.z + s1, n1);
  buf_append(&b, gBoard.z + s2 + n2, gBoard.n - s2 - n2);
  expect_fail(&b, (size_t)iB+1, "ballot", "previous-item hash");
  /* swapped and re-chained: the board still verifies (order among ballots
  ** of different voters does not matter) unless it moves a revote */
  /* the last line removed */
  buf_reset(&b);
  text_line(&gBoard, nLine, &s1, &n1);
  buf_append(&b, gBoard.z, s1);
  expect_fail(&b, (size_t)nLine, "end", "without a result");
  /* cut in the middle of the last line */
  buf_reset(&b);
  buf_append(&b, gBoard.z, gBoard.n - 5);
  expect_fail(&b, (size_t)nLine, "?", "does not end with a newline");
  /* only the first lines */
  buf_reset(&b);
  text_line(&gBoard, 6, &s1, &n1);
  buf_append(&b, gBoard.z, s1);
  expect_fail(&b, 6, "end", "without a result");
  /* a counted ballot removed (and the chain recomputed): the tally no
  ** longer matches the board */
  {
    int iT = lines_find(&L, BOARD_TALLY, 0);
    lines_remove(&L, iB);
    lines_write(&L, &b);
    expect_fail(&b, (size_t)iT, "tally", "");
  }
  /* empty board, garbage */
  buf_reset(&b);
  expect_fail(&b, 1, "end", "empty");
  buf_append(&b, "\x00\xff garbage\n", 11);
  expect_fail(&b, 1, "?", "");
  lines_free(&L);
  buf_reset(&b);
}

TEST(board_sound_revote_dropped){
  /* the server drops a voter's second ballot: their first would count,
  ** and the published tally (of the second) no longer matches */
  Lines L;
  Buf b = BUF_INIT;
  fixture();
  lines_parse(&L, &gBoard);
  int iT = lines_find(&L, BOARD_TALLY, 0), iNew = -1;
  for(int k=iT-1; k>0 && iNew<0; k--){
    for(int i=1; i<k; i++){
      if( L.a[i].eType==BOARD_BALLOT && L.a[k].eType==BOARD_BALLOT
       && memcmp(L.a[k].pPayload, L.a[i].pPayload, 32)==0 ){ iNew = k; break; }
    }
  }
  CHECK(iNew>0);
  if( iNew>0 ){
    lines_remove(&L, iNew);
    lines_write(&L, &b);
    expect_fail(&b, (size_t)iT, "tally", "is not the sum of the counted ballots");
  }
  lines_free(&L);
  buf_reset(&b);
}

TEST(board_sound_wrong_partial_decryption){
  Lines L;
  Buf b = BUF_INIT;
  fixture();
  lines_parse(&L, &gBoard);
  int iP = lines_find(&L, BOARD_PARTIAL_DECRYPTION, 1);
  /* trustee 2 publishes G instead of its share */
  GroupPoint g;
  group_point_generator(&g);
  memcpy(L.a[iP].pPayload + 8, g.a, 32);
  lines_write(&L, &b);
  expect_fail(&b, (size_t)iP+1, "partial_decryption", "trustee 2's decryption share of tally 1 is wrong");
  lines_free(&L);
  /* a trustee's partial decryption published twice, or missing */
  lines_parse(&L, &gBoard);
  lines_insert(&L, iP+1, BOARD_PARTIAL_DECRYPTION, L.a[iP].pPayload, L.a[iP].nPayload);
  lines_write(&L, &b);
  expect_fail(&b, (size_t)iP+2, "partial_decryption", "already published");
  lines_remove(&L, iP+1);
  lines_remove(&L, iP);
  lines_write(&L, &b);
  expect_fail(&b, (size_t)L.n, "result", "3 of the 3 trustees are needed");
  lines_free(&L);
  buf_reset(&b);
}

TEST(board_sound_result_mismatch){
  Lines L;
  Buf b = BUF_INIT;
  fixture();
  lines_parse(&L, &gBoard);
  int iR = lines_find(&L, BOARD_RESULT, 0);
  L.a[iR].pPayload[24] ^= 1;          /* the yes count, one off */
  lines_write(&L, &b);
  expect_fail(&b, (size_t)iR+1, "result", "count 1");
  L.a[iR].pPayload[24] ^= 1;
  L.a[iR].pPayload[8] ^= 1;           /* the number of ballots counted */
  lines_write(&L, &b);
  expect_fail(&b, (size_t)iR+1, "result", "bucket 1 counts");
  L.a[iR].pPayload[8] ^= 1;
  /* the unchanged items verify (the edit helpers are faithful) */
  lines_write(&L, &b);
  {
    VerifyReport r;
    CHECK_INT(verify_board((const unsigned char*)b.z, b.n, 2, 0, &r), 0);
    verify_report_clear(&r);
  }
  /* the tally altered: named at the tally (the partial decryptions after
  ** it fail too, but later) */
  int iT = lines_find(&L, BOARD_TALLY, 0);
  GroupPoint g;
  group_point_generator(&g);
  memcpy(L.a[iT].pPayload + 24 + 32, g.a, 32);   /* bucket 1's B */
  lines_write(&L, &b);
  expect_fail(&b, (size_t)iT+1, "tally", "is not the sum of the counted ballots");
  lines_free(&L);
  buf_reset(&b);
}

TEST(board_sound_order_of_items){
  Lines L;
  Buf b = BUF_INIT;
  fixture();
  lines_parse(&L, &gBoard);
  int iB = lines_find(&L, BOARD_BALLOT, 0), iC = lines_find(&L, BOARD_CREDENTIAL, 0);
  /* a credential after the first ballot */
  lines_insert(&L, iB+1, BOARD_CREDENTIAL, L.a[iC].pPayload, L.a[iC].nPayload);
  lines_write(&L, &b);
  expect_fail(&b, (size_t)iB+2, "credential", "before the first ballot");
  lines_remove(&L, iB+1);
  /* anything after the result */
  lines_insert(&L, L.n, BOARD_BALLOT, L.a[iB].pPayload, L.a[iB].nPayload);
  lines_write(&L, &b);
  expect_fail(&b, (size_t)L.n, "ballot", "nothing may follow the result");
  lines_remove(&L, L.n-1);
  /* a board that does not start with its definition */
  lines_remove(&L, 0);
  lines_write(&L, &b);
  expect_fail(&b, 1, "trustee_key", "must begin with the election definition");
  lines_free(&L);
  /* a trustee key swapped for another (its proof is then for the wrong key) */
  lines_parse(&L, &gBoard);
  L.a[1].pPayload[0] = 1;
  lines_write(&L, &b);
  expect_fail(&b, 2, "trustee_key", "trustee 2's key where trustee 1's was expected");
  lines_free(&L);
  buf_reset(&b);
}

TEST(board_garbage_never_crashes){
  /* random lines and random edits of a real board: always a clean verdict */
  uint64_t s = 1;
  Buf b = BUF_INIT;
  fixture();
  for(int round=0; round<200; round++){
    VerifyReport r;
    buf_reset(&b);
    buf_append(&b, gBoard.z, gBoard.n);
    for(int k=0; k<3; k++){
      s = s*6364136223846793005ULL + 1442695040888963407ULL;
      size_t at = (size_t)(s>>33) % b.n;
      b.z[at] = (char)(s>>13);
    }
    if( round%2 ){
      Buf c = BUF_INIT;
      board_rechain((unsigned char*)b.z, b.n, &c);
      buf_reset(&b);
      b = c;
    }
    int rc = verify_board((const unsigned char*)b.z, b.n, 1 + round%2, 0, &r);
    CHECK(rc==0 || (r.iFailLine>=1 && r.zFail[0]));
    verify_report_clear(&r);
  }
  buf_reset(&b);
}

/* ---- breakdowns by group, and weights ---- */

TEST(board_buckets_merge_small_groups_known_answers){
  Election e;
  uint32_t aB[8];
  memset(&e, 0, sizeof e);
  e.minGroup = 10;
  /* no groups: one bucket */
  { uint64_t aC[1] = { 7 }; CHECK_INT(election_buckets(&e, aC, aB), 1); CHECK_INT(aB[0], 0); }
  /* 50, 30, 9, 4, 12: groups 3 and 4 merged (13 >= 10) */
  e.nGroup = 5;
  { uint64_t aC[6] = { 0, 50, 30, 9, 4, 12 };
    CHECK_INT(election_buckets(&e, aC, aB), 4);
    CHECK_INT(aB[1], 0); CHECK_INT(aB[2], 1); CHECK_INT(aB[5], 2); CHECK_INT(aB[3], 3); CHECK_INT(aB[4], 3); }
  /* 50, 8, 12: 8 alone would be revealed as total - 62, so the smallest
  ** published group (12) joins it */
  e.nGroup = 3;
  { uint64_t aC[4] = { 0, 50, 8, 12 };
    CHECK_INT(election_buckets(&e, aC, aB), 2);
    CHECK_INT(aB[1], 0); CHECK_INT(aB[2], 1); CHECK_INT(aB[3], 1); }
  /* every group small: one merged bucket, which is the total */
  e.nGroup = 2;
  { uint64_t aC[3] = { 0, 3, 4 };
    CHECK_INT(election_buckets(&e, aC, aB), 1);
    CHECK_INT(aB[1], 0); CHECK_INT(aB[2], 0); }
}

/* An honest election with a breakdown and weights verifies; the buckets
** add up to the totals and none but the merged one is under minGroup. */
static void check_grouped(uint32_t nGroup, int weighted){
  Buf b = BUF_INIT;
  ElectionDemo d;
  VerifyReport r;
  BoardWriter w;
  char zErr[200];
  memset(&d, 0, sizeof d);
  d.nVoter = 300; d.nAnswer = 3; d.nTrustee = 3; d.nThreshold = 2; d.seed = 21;
  d.nGroup = nGroup; d.weighted = weighted;
  board_writer_buf(&w, &b);
  if( election_demo_run(&d, &w, zErr, sizeof zErr) ) test_fail(__FILE__, __LINE__, "demo: %s", zErr);
  CHECK_INT(verify_board((const unsigned char*)b.z, b.n, 2, 0, &r), 0);
  if( !r.ok ) test_fail(__FILE__, __LINE__, "line %zu (%s): %s", r.iFailLine, r.zFailType, r.zFail);
  CHECK_INT(r.nBucket, d.nBucket);
  CHECK_INT(r.weightCounted, d.weightCounted);
  if( weighted ) CHECK(r.weightCounted > r.nCounted); else CHECK_INT(r.weightCounted, r.nCounted);
  uint64_t nCounted = 0;
  for(uint32_t bk=0; r.ok && bk<r.nBucket; bk++){
    nCounted += r.aBucketCounted[bk];
    if( bk+1<r.nBucket ) CHECK(r.aBucketCounted[bk] >= r.election.minGroup);
  }
  CHECK_INT(nCounted, r.nCounted);
  for(uint32_t j=0; r.ok && j<3; j++){
    uint64_t sum = 0;
    for(uint32_t bk=0; bk<r.nBucket; bk++) sum += r.aBucketCount[bk*3 + j];
    CHECK_INT(sum, r.aCount[j]);
    CHECK_INT(r.aCount[j], d.aCount[j]);
  }
  verify_report_clear(&r);
  election_demo_clear(&d);
  buf_reset(&b);
}

TEST(board_complete_breakdown_by_group){ check_grouped(6, 0); }
TEST(board_complete_weighted_delegates){ check_grouped(0, 1); }
TEST(board_complete_weighted_and_grouped){ check_grouped(4, 1); }

/* A weight or group is fixed by the authority's signature; one the
** authority re-signs changes the buckets, and the tally no longer matches. */
TEST(board_sound_weights_and_groups_are_bound){
  Buf board = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
  ElectionDemo d;
  BoardWriter w;
  Election e;
  Lines L;
  char zErr[200];
  memset(&d, 0, sizeof d);
  d.nVoter = 120; d.nAnswer = 1; d.nTrustee = 1; d.seed = 4; d.nGroup = 3; d.weighted = 1;
  board_writer_buf(&w, &board);
  if( election_demo_run(&d, &w, zErr, sizeof zErr) ) test_fail(__FILE__, __LINE__, "demo: %s", zErr);
  lines_parse(&L, &board);
  CHECK_INT(election_decode(&e, L.a[0].pPayload, L.a[0].nPayload, zErr, sizeof zErr), 0);
  int iC = lines_find(&L, BOARD_CREDENTIAL, 0), iT = lines_find(&L, BOARD_TALLY, 0);
  /* the weight edited without the authority's key */
  L.a[iC].pPayload[16] ^= 1;
  lines_write(&L, &b);
  expect_fail(&b, (size_t)iC+1, "credential", "signature does not verify");
  L.a[iC].pPayload[16] ^= 1;
  /* a group that does not exist */
  {
    uint64_t k;
    memcpy(&k, L.a[iC].pPayload, 8);
    GroupPoint *aPk = xcalloc(k, sizeof *aPk);
    for(uint64_t j=0; j<k; j++) memcpy(aPk[j].a, L.a[iC].pPayload + 24 + 32*j, 32);
    CHECK_INT(election_credentials_make(&c, &e, &d.authoritySk, aPk, k, 4, 1), -1);
    /* the same credentials, re-signed with a weight of 1000: the tally's
    ** bucket weights no longer match the board's */
    CHECK_INT(election_credentials_make(&c, &e, &d.authoritySk, aPk, k, L.a[iC].pPayload[8], 1000), 0);
    board_item_clear(&L.a[iC]);
    L.a[iC].eType = BOARD_CREDENTIAL;
    L.a[iC].pPayload = xmalloc(c.n);
    memcpy(L.a[iC].pPayload, c.z, c.n);
    L.a[iC].nPayload = c.n;
    lines_write(&L, &b);
    expect_fail(&b, (size_t)iT+1, "tally", "of weight");
    free(aPk);
  }
  lines_free(&L);
  election_clear(&e);
  election_demo_clear(&d);
  buf_reset(&board); buf_reset(&b); buf_reset(&c);
}
