/* ballot_trustee.c: the tally a trustee's browser decrypts, and the check
** and append of the partial decryption it sends back (ballot_trustee.h).
** The checks are the verifier's own: the board with the new line must
** verify as `mandate verify` verifies it. */
#include "ballot_trustee.h"
#include "../crypto/board.h"
#include "../crypto/election.h"
#include "../crypto/verify.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The whole of the open file fd into pOut. 0 or -1. */
static int fd_read_all(int fd, Buf *pOut){
  char a[65536];
  ssize_t k;
  while( (k = read(fd, a, sizeof a))!=0 ){
    if( k<0 ){ if( errno==EINTR ) continue; return -1; }
    buf_append(pOut, a, (size_t)k);
  }
  return 0;
}

/* Open zBoard (locked exclusively when lock), read and verify it (a board
** still being counted is fine). Returns the fd (>=0) with *pBoard and *pR
** filled, or -1 with zWhy. */
static int board_open_verified(const char *zBoard, int lock, Buf *pBoard, VerifyReport *pR,
                               char *zWhy, size_t nWhy){
  int fd = open(zBoard, O_RDONLY|O_CLOEXEC);
  memset(pR, 0, sizeof *pR);
  if( fd<0 || (lock && flock(fd, LOCK_EX)) || fd_read_all(fd, pBoard) ){
    snprintf(zWhy, nWhy, "cannot read the ballot's board: %s", strerror(errno));
    if( fd>=0 ) close(fd);
    return -1;
  }
  verify_board((const unsigned char*)buf_str(pBoard), pBoard->n, 2, VERIFY_OPEN, pR);
  if( !pR->ok ){
    snprintf(zWhy, nWhy, "the board does not verify (line %zu, %s): %s", pR->iFailLine, pR->zFailType, pR->zFail);
    close(fd);
    return -1;
  }
  return fd;
}

/* The last tally served, for the board file as it was then (size and
** modification time): a trustee page asks for it again and again, and
** verifying a large board each time would let anyone load the server.
** Any addition to the board changes its size, and so the key. */
static pthread_mutex_t tallyMutex = PTHREAD_MUTEX_INITIALIZER;
static struct {
  char *zBoard;                 /* owned */
  off_t size;
  struct timespec mtime;
  json_t *p;                    /* owned */
} tallyCache;

static json_t *tally_json_verified(const char *zBoard, char *zWhy, size_t nWhy);

json_t *ballot_trustee_tally_json(const char *zBoard, char *zWhy, size_t nWhy){
  struct stat st;
  json_t *p = 0;
  int haveStat = stat(zBoard, &st)==0;
  pthread_mutex_lock(&tallyMutex);
  if( haveStat && tallyCache.p && strcmp(tallyCache.zBoard, zBoard)==0 && tallyCache.size==st.st_size
   && tallyCache.mtime.tv_sec==st.st_mtim.tv_sec && tallyCache.mtime.tv_nsec==st.st_mtim.tv_nsec ){
    p = json_deep_copy(tallyCache.p);
  }
  pthread_mutex_unlock(&tallyMutex);
  if( p ) return p;
  p = tally_json_verified(zBoard, zWhy, nWhy);
  if( p && haveStat ){
    pthread_mutex_lock(&tallyMutex);
    free(tallyCache.zBoard);
    json_decref(tallyCache.p);
    tallyCache.zBoard = xstrdup(zBoard);
    tallyCache.size = st.st_size;
    tallyCache.mtime = st.st_mtim;
    tallyCache.p = json_deep_copy(p);
    pthread_mutex_unlock(&tallyMutex);
  }
  return p;
}

static json_t *tally_json_verified(const char *zBoard, char *zWhy, size_t nWhy){
  Buf b = BUF_INIT;
  VerifyReport r;
  json_t *p = 0;
  int fd = board_open_verified(zBoard, 0, &b, &r, zWhy, nWhy);
  buf_reset(&b);
  if( fd<0 ){ verify_report_clear(&r); return 0; }
  close(fd);
  if( !r.hasTally ){
    snprintf(zWhy, nWhy, "the ballot has no tally yet: an officer closes it after voting ends");
  }else{
    const Election *e = &r.election;
    size_t nEntry = (size_t)r.nBucket * e->nAnswerTotal;
    char zHex[2*2*GROUP_POINT_BYTES+1];
    unsigned char aCt[2*GROUP_POINT_BYTES];
    json_t *aTally = json_array(), *aKey = json_array(), *aDone = json_array();
    for(size_t j=0; j<nEntry; j++){
      group_point_encode(aCt, &r.aSum[j].a);
      group_point_encode(aCt+GROUP_POINT_BYTES, &r.aSum[j].b);
      board_hex(zHex, aCt, sizeof aCt);
      json_array_append_new(aTally, json_string(zHex));
    }
    for(uint32_t i=0; i<e->nTrustee; i++){
      board_hex(zHex, e->aTrusteeKey[i].a, GROUP_POINT_BYTES);
      json_array_append_new(aKey, json_string(zHex));
    }
    for(uint32_t i=0; i<r.nPartial; i++) json_array_append_new(aDone, json_integer(r.aPartialIdx[i]+1));
    board_hex(zHex, e->id, sizeof e->id);
    p = json_pack("{s:s,s:i,s:i,s:I,s:o,s:o,s:o,s:b}", "election_id", zHex, "trustees", (int)e->nTrustee,
                  "threshold", (int)e->nThreshold, "entries", (json_int_t)nEntry, "tally", aTally,
                  "verification_keys", aKey, "decrypted", aDone, "has_result", r.hasResult);
  }
  verify_report_clear(&r);
  return p;
}

int ballot_trustee_partial_add(const char *zBoard, const unsigned char *a, size_t n,
                               uint32_t *piTrustee, uint32_t *pnHave, uint32_t *pnNeed,
                               char *zWhy, size_t nWhy){
  Buf b = BUF_INIT;
  VerifyReport r, r2;
  BoardWriter w;
  int rc = 1;
  memset(&r2, 0, sizeof r2);
  int fd = board_open_verified(zBoard, 1, &b, &r, zWhy, nWhy);
  if( fd<0 ){ buf_reset(&b); verify_report_clear(&r); return -1; }
  if( !r.hasTally ){ snprintf(zWhy, nWhy, "the ballot has no tally yet: an officer closes it after voting ends"); goto out; }
  if( r.hasResult ){ snprintf(zWhy, nWhy, "the result is already published: no more decryptions are needed"); goto out; }
  if( n<8 ){ snprintf(zWhy, nWhy, "a partial decryption starts with the trustee's index (8 bytes)"); goto out; }
  uint32_t i0 = a[0] | (uint32_t)a[1]<<8 | (uint32_t)a[2]<<16 | (uint32_t)a[3]<<24;
  for(uint32_t p=0; p<r.nPartial; p++){
    if( r.aPartialIdx[p]==i0 ){ snprintf(zWhy, nWhy, "trustee %u has already decrypted this tally", i0+1); goto out; }
  }
  /* the board with the new line, verified as a whole */
  board_writer_buf(&w, &b);
  board_append(&w, BOARD_PARTIAL_DECRYPTION, a, n);
  verify_board((const unsigned char*)buf_str(&b), b.n, 2, VERIFY_OPEN, &r2);
  if( !r2.ok ){ snprintf(zWhy, nWhy, "the partial decryption is refused: %s", r2.zFail); goto out; }
  if( r2.nPartial!=r.nPartial+1 ){ snprintf(zWhy, nWhy, "the partial decryption is refused"); goto out; }
  {
    char zErr[300];
    if( board_writer_open(&w, zBoard, zErr, sizeof zErr) ){ snprintf(zWhy, nWhy, "%s", zErr); rc = -1; goto out; }
    if( board_append(&w, BOARD_PARTIAL_DECRYPTION, a, n) | board_writer_close(&w) ){
      snprintf(zWhy, nWhy, "cannot write the ballot's board");
      rc = -1;
      goto out;
    }
  }
  *piTrustee = i0+1;
  *pnHave = r2.nPartial;
  *pnNeed = r.election.nThreshold;
  rc = 0;
out:
  close(fd);
  buf_reset(&b);
  verify_report_clear(&r);
  verify_report_clear(&r2);
  return rc;
}
