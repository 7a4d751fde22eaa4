/* board.c: the public board's line format, item hashes, trackers and an
** O(1) appender. A line is "TYPE SP PREV SP PAYLOAD LF" with PREV and
** PAYLOAD in lowercase hex; nothing else is accepted (no CR, no uppercase,
** no spaces elsewhere), so every board has exactly one byte form. */
#include "board.h"
#include "group.h"
#include "../util/mem.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const azTypeName[BOARD_TYPE_COUNT] = {
  "?", "election", "trustee_key", "credential", "ballot", "tally",
  "partial_decryption", "result",
  "pledge_campaign", "pledge_credential", "pledge", "pledge_withdrawal",
  "pledge_opening", "pledge_opened", "pledge_expiry",
};

/*
** The name of item type eType as written on the board; "?" for none.
*/
const char *board_type_name(int eType){
  if( eType<=0 || eType>=BOARD_TYPE_COUNT ) return "?";
  return azTypeName[eType];
}

static int board_type_from(const unsigned char *z, size_t n){
  for(int i=1; i<BOARD_TYPE_COUNT; i++){
    if( strlen(azTypeName[i])==n && memcmp(azTypeName[i], z, n)==0 ) return i;
  }
  return BOARD_NONE;
}

/*
** An item's hash: BLAKE2b-256 of the transcript (BOARD_TAG_ITEM, type
** name, prev, payload). Written to aOut (32 bytes).
*/
void board_item_hash(unsigned char *aOut, int eType, const unsigned char *aPrev,
                     const unsigned char *pPayload, size_t nPayload){
  HashTranscript h;
  const char *zType = board_type_name(eType);
  hash_start_sized(&h, BOARD_TAG_ITEM, BOARD_HASH_BYTES);
  hash_put_bytes(&h, zType, strlen(zType));
  hash_put_bytes(&h, aPrev, BOARD_HASH_BYTES);
  hash_put_bytes(&h, pPayload, nPayload);
  hash_finish(&h, aOut);
}

/*
** The hash that identifies a ballot: BLAKE2b-256 of (BOARD_TAG_TRACKER,
** payload), 32 bytes to aOut. Its first 10 bytes make the tracker.
*/
void board_ballot_hash(unsigned char *aOut, const unsigned char *pPayload, size_t nPayload){
  HashTranscript h;
  hash_start_sized(&h, BOARD_TAG_TRACKER, BOARD_HASH_BYTES);
  hash_put_bytes(&h, pPayload, nPayload);
  hash_finish(&h, aOut);
}

/*
** The tracker for a ballot hash: base32 of its first 10 bytes.
*/
void board_tracker_of_hash(char *zOut, const unsigned char *aHash){
  static const char zAlpha[] = "abcdefghijklmnopqrstuvwxyz234567";
  /* 10 bytes = 80 bits = 16 groups of 5 bits, most significant first */
  for(int i=0; i<BOARD_TRACKER_CHARS; i++){
    int bit = i*5, v = 0;
    for(int k=0; k<5; k++, bit++){
      v = (v<<1) | ((aHash[bit/8] >> (7 - bit%8)) & 1);
    }
    zOut[i] = zAlpha[v];
  }
  zOut[BOARD_TRACKER_CHARS] = 0;
}

int board_tracker_parse(const char *zIn, unsigned char aOut[BOARD_TRACKER_BYTES]){
  int nChar = 0, bit = 0;
  memset(aOut, 0, BOARD_TRACKER_BYTES);
  for(const char *z=zIn; *z; z++){
    int c = *z, v;
    if( c==' ' || c=='-' || c=='\t' ) continue;
    if( c>='A' && c<='Z' ) c += 'a'-'A';
    if( c>='a' && c<='z' ) v = c-'a';
    else if( c>='2' && c<='7' ) v = 26 + c-'2';
    else return -1;
    if( nChar++==BOARD_TRACKER_CHARS ) return -1;
    for(int k=4; k>=0; k--, bit++){
      if( (v>>k) & 1 ) aOut[bit/8] |= (unsigned char)(0x80 >> (bit%8));
    }
  }
  return nChar==BOARD_TRACKER_CHARS ? 0 : -1;
}

/*
** The ballot tracker: base32 of the first 10 bytes of the ballot hash.
*/
void board_tracker(char *zOut, const unsigned char *pPayload, size_t nPayload){
  unsigned char a[BOARD_HASH_BYTES];
  board_ballot_hash(a, pPayload, nPayload);
  board_tracker_of_hash(zOut, a);
}

/*
** Lowercase hex of a[0..n) into zOut (2n characters and a NUL).
*/
void board_hex(char *zOut, const unsigned char *a, size_t n){
  static const char zHex[] = "0123456789abcdef";
  for(size_t i=0; i<n; i++){
    zOut[2*i] = zHex[a[i]>>4];
    zOut[2*i+1] = zHex[a[i]&15];
  }
  zOut[2*n] = 0;
}

/* Lowercase hex digit values plus one; 0 for anything else (a table: a
** board of a million ballots is 800 MB of hex). */
static const unsigned char aHexVal1[256] = {
  ['0']=1, ['1']=2, ['2']=3, ['3']=4, ['4']=5, ['5']=6, ['6']=7, ['7']=8, ['8']=9, ['9']=10,
  ['a']=11, ['b']=12, ['c']=13, ['d']=14, ['e']=15, ['f']=16,
};

/* Decode 2n lowercase hex digits z into a. Returns 0, or -1 at the first
** character that is not one; *piBad gets its offset. */
static int unhex(unsigned char *a, const unsigned char *z, size_t n, size_t *piBad){
  for(size_t i=0; i<n; i++){
    int hi = aHexVal1[z[2*i]] - 1, lo = aHexVal1[z[2*i+1]] - 1;
    if( (hi|lo)<0 ){ *piBad = hi<0 ? 2*i : 2*i+1; return -1; }
    a[i] = (unsigned char)(hi<<4 | lo);
  }
  return 0;
}

int board_unhex(unsigned char *a, size_t n, const char *z){
  size_t iBad;
  if( strlen(z)!=2*n ) return -1;
  return unhex(a, (const unsigned char*)z, n, &iBad);
}

/*
** Parse the line starting at a[*pOff]. On success the item's payload is
** malloc'd (caller clears with board_item_clear), its hash computed, and
** *pOff moved past the newline.
*/
int board_next(const unsigned char *a, size_t n, size_t *pOff, BoardItem *pItem,
               char *zErr, size_t nErr){
  size_t i = *pOff, iEnd, iSp1, iSp2, nHex, iBad = 0;
  const unsigned char *pNl;
  size_t iLine = pItem->iLine;
  memset(pItem, 0, sizeof *pItem);
  pItem->iLine = iLine;
  if( i>=n ) return 0;
  pNl = memchr(a+i, '\n', n-i);
  if( pNl==0 ){
    snprintf(zErr, nErr, "the line does not end with a newline (truncated?)");
    return -1;
  }
  iEnd = (size_t)(pNl - a);
  for(iSp1=i; iSp1<iEnd && a[iSp1]!=' '; iSp1++){}
  if( iSp1==iEnd ){ snprintf(zErr, nErr, "expected \"TYPE PREV PAYLOAD\""); return -1; }
  pItem->eType = board_type_from(a+i, iSp1-i);
  if( pItem->eType==BOARD_NONE ){
    snprintf(zErr, nErr, "unknown item type '%.*s'", (int)((iSp1-i)>32 ? 32 : iSp1-i), (const char*)a+i);
    for(char *z=zErr; *z; z++) if( (unsigned char)*z<0x20 || (unsigned char)*z>=0x7f ) *z = '?';
    return -1;
  }
  iSp2 = iSp1 + 1 + 2*BOARD_HASH_BYTES;
  if( iSp2>=iEnd || a[iSp2]!=' ' ){
    snprintf(zErr, nErr, "expected a 64-digit previous-item hash after the type");
    return -1;
  }
  if( unhex(pItem->prev, a+iSp1+1, BOARD_HASH_BYTES, &iBad) ){
    snprintf(zErr, nErr, "the previous-item hash is not lowercase hex");
    return -1;
  }
  nHex = iEnd - iSp2 - 1;
  if( nHex%2 ){ snprintf(zErr, nErr, "the payload has an odd number of hex digits"); return -1; }
  if( nHex/2 > BOARD_MAX_PAYLOAD ){ snprintf(zErr, nErr, "the payload is too long"); return -1; }
  pItem->nPayload = nHex/2;
  pItem->pPayload = pItem->nPayload ? xmalloc(pItem->nPayload) : 0;
  if( unhex(pItem->pPayload, a+iSp2+1, pItem->nPayload, &iBad) ){
    snprintf(zErr, nErr, "the payload is not lowercase hex (column %zu)", iSp2+2+iBad-i);
    board_item_clear(pItem);
    return -1;
  }
  board_item_hash(pItem->hash, pItem->eType, pItem->prev, pItem->pPayload, pItem->nPayload);
  *pOff = iEnd + 1;
  return 1;
}

/*
** Free an item's payload; the item may be reused.
*/
void board_item_clear(BoardItem *pItem){
  free(pItem->pPayload);
  pItem->pPayload = 0;
  pItem->nPayload = 0;
}

/* Write one line to w. */
static int board_write_line(BoardWriter *w, int eType, const unsigned char *aPrev,
                            const unsigned char *p, size_t n){
  const char *zType = board_type_name(eType);
  char zPrev[2*BOARD_HASH_BYTES+1];
  char *zHex = xmalloc(2*n+1);
  board_hex(zPrev, aPrev, BOARD_HASH_BYTES);
  board_hex(zHex, p, n);
  if( w->pBuf ){
    buf_printf(w->pBuf, "%s %s %s\n", zType, zPrev, zHex);
  }else if( fprintf(w->pFile, "%s %s %s\n", zType, zPrev, zHex)<0 ){
    w->err = 1;
  }
  free(zHex);
  return w->err ? -1 : 0;
}

/*
** Append items to a memory buffer (which may already hold a board; the
** writer continues from its last line).
*/
void board_writer_buf(BoardWriter *w, Buf *pBuf){
  memset(w, 0, sizeof *w);
  w->pBuf = pBuf;
  if( pBuf->n ){
    size_t i = pBuf->n - 1, off;
    BoardItem it = {0};
    char zErr[8];
    while( i>0 && pBuf->z[i-1]!='\n' ) i--;
    off = i;
    if( board_next((unsigned char*)pBuf->z, pBuf->n, &off, &it, zErr, sizeof zErr)==1 ){
      memcpy(w->last, it.hash, BOARD_HASH_BYTES);
    }
    board_item_clear(&it);
  }
}

/*
** Open the board file zPath for appending, creating it (mode 0644: the
** board is public) if missing. Only the last line is read, to learn the
** hash to chain from, so opening costs O(one line). Returns 0, or -1 with
** a message in zErr. Close with board_writer_close().
*/
int board_writer_open(BoardWriter *w, const char *zPath, char *zErr, size_t nErr){
  int fd;
  struct stat st;
  memset(w, 0, sizeof *w);
  fd = open(zPath, O_RDWR|O_CREAT|O_APPEND|O_CLOEXEC, 0644);
  if( fd<0 || fstat(fd, &st) ){
    snprintf(zErr, nErr, "%s: %s", zPath, strerror(errno));
    if( fd>=0 ) close(fd);
    return -1;
  }
  if( fchmod(fd, 0644) ){ /* the umask may have narrowed it; best effort */ }
  if( st.st_size>0 ){
    /* read back from the end to the start of the last line */
    off_t end = st.st_size, start = end - 1;
    unsigned char c;
    Buf line = BUF_INIT;
    BoardItem it = {0};
    size_t off = 0;
    if( pread(fd, &c, 1, end-1)!=1 || c!='\n' ){
      snprintf(zErr, nErr, "%s: the last line is incomplete", zPath);
      close(fd);
      return -1;
    }
    while( start>0 && pread(fd, &c, 1, start-1)==1 && c!='\n' ) start--;
    line.z = xmalloc((size_t)(end-start)+1);
    line.nAlloc = (size_t)(end-start)+1;
    if( pread(fd, line.z, (size_t)(end-start), start)!=(ssize_t)(end-start) ){
      snprintf(zErr, nErr, "%s: %s", zPath, strerror(errno));
      buf_reset(&line); close(fd);
      return -1;
    }
    line.n = (size_t)(end-start);
    if( board_next((unsigned char*)line.z, line.n, &off, &it, zErr, nErr)!=1 ){
      buf_reset(&line); close(fd);
      return -1;
    }
    memcpy(w->last, it.hash, BOARD_HASH_BYTES);
    board_item_clear(&it);
    buf_reset(&line);
  }
  w->pFile = fdopen(fd, "a");
  if( w->pFile==0 ){
    snprintf(zErr, nErr, "%s: %s", zPath, strerror(errno));
    close(fd);
    return -1;
  }
  return 0;
}

/*
** Append one item of type eType with payload p[0..n), chained to the last.
** Returns 0, or -1 on a write error (remembered: close also fails).
*/
int board_append(BoardWriter *w, int eType, const unsigned char *p, size_t n){
  unsigned char h[BOARD_HASH_BYTES];
  if( w->err ) return -1;
  if( board_write_line(w, eType, w->last, p, n) ) return -1;
  board_item_hash(h, eType, w->last, p, n);
  memcpy(w->last, h, sizeof h);
  w->nItem++;
  return 0;
}

/*
** Flush and sync a file writer and close it. Returns 0, or -1 if any write
** failed. A memory writer needs no closing but may be passed here.
*/
int board_writer_close(BoardWriter *w){
  int rc = w->err ? -1 : 0;
  if( w->pFile ){
    if( fflush(w->pFile) || fsync(fileno(w->pFile)) ) rc = -1;
    if( fclose(w->pFile) ) rc = -1;
    w->pFile = 0;
  }
  return rc;
}

/*
** Copy a[0..n) to *pOut with every parsable line's PREV replaced by the
** hash of the line before as rewritten.
*/
void board_rechain(const unsigned char *a, size_t n, Buf *pOut){
  BoardWriter w;
  size_t off = 0;
  board_writer_buf(&w, pOut);
  memset(w.last, 0, sizeof w.last);
  while( off<n ){
    BoardItem it = {0};
    char zErr[100];
    size_t before = off;
    int rc = board_next(a, n, &off, &it, zErr, sizeof zErr);
    if( rc==1 ){
      board_append(&w, it.eType, it.pPayload, it.nPayload);
    }else{
      const unsigned char *pNl = memchr(a+before, '\n', n-before);
      size_t nLine = pNl ? (size_t)(pNl - (a+before)) + 1 : n - before;
      buf_append(pOut, a+before, nLine);
      off = before + nLine;
    }
    board_item_clear(&it);
  }
}
