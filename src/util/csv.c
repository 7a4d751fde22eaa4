/* csv.c: an RFC 4180 CSV reader over a buffer in memory, and the matching
** field writer. The reader copies each record's fields into one buffer it
** owns and reuses, so reading a large file does no allocation per field. */
#include "csv.h"
#include "buf.h"
#include "mem.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct CsvReader {
  const unsigned char *z;  /* borrowed: the input */
  size_t n;                /* bytes in z */
  size_t i;                /* next byte to read */
  size_t iBody;            /* first byte after the byte-order mark, if any */
  long long nLine;         /* 1-based line of z[i] */
  char *aOut;              /* owned: this record's fields, each NUL-ended */
  size_t nOut;             /* bytes of aOut in use */
  size_t nOutAlloc;        /* bytes allocated for aOut */
  size_t *aOff;            /* owned: offset in aOut of each field */
  char **azField;          /* owned: pointers handed out in CsvRow */
  int nFieldAlloc;         /* slots in aOff and azField */
  char *zErr;              /* owned: the error that stopped the reader */
};

/* Byte classes. In an unquoted field every byte not CC_TEXT needs a look;
** in a quoted field a comma is plain text too. */
#define CC_TEXT  0
#define CC_COMMA 1
#define CC_LF    2
#define CC_CR    3
#define CC_QUOTE 4
#define CC_NUL   5
#define CC_HIGH  6   /* 0x80 and up: part of a multi-byte UTF-8 sequence */
static const unsigned char aClass[256] = {
  5,0,0,0,0,0,0,0,0,0,2,0,0,3,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,4,0,0,0,0,0,0,0,0,0,1,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,
  6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,
  6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,
  6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,
  6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,
  6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,
  6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,
  6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,
};

/* Length of the valid UTF-8 sequence at z[0..n-1] (n>=1, z[0]>=0x80), or 0. */
static int utf8_len(const unsigned char *z, size_t n){
  unsigned c = z[0];
  int nByte;
  unsigned lo = 0x80, hi = 0xbf;   /* allowed range of the second byte */
  if( c>=0xc2 && c<=0xdf ) nByte = 2;
  else if( c>=0xe0 && c<=0xef ){
    nByte = 3;
    if( c==0xe0 ) lo = 0xa0;       /* no overlong forms */
    if( c==0xed ) hi = 0x9f;       /* no UTF-16 surrogates */
  }else if( c>=0xf0 && c<=0xf4 ){
    nByte = 4;
    if( c==0xf0 ) lo = 0x90;
    if( c==0xf4 ) hi = 0x8f;       /* nothing above U+10FFFF */
  }else return 0;
  if( n<(size_t)nByte || z[1]<lo || z[1]>hi ) return 0;
  for(int k=2; k<nByte; k++){
    if( (z[k]&0xc0)!=0x80 ) return 0;
  }
  return nByte;
}

/* Stop the reader with "line L, column C: zWhat" about byte iAt, which is on
** line nLine. The column counts characters, not bytes, from the line start. */
static int fail(CsvReader *r, size_t iAt, long long nLine, const char *zWhat){
  size_t iStart = iAt;
  while( iStart>r->iBody && r->z[iStart-1]!='\n' && r->z[iStart-1]!='\r' ){
    iStart--;
  }
  long long nCol = 1;
  for(size_t k=iStart; k<iAt; k++){
    if( (r->z[k]&0xc0)!=0x80 ) nCol++;
  }
  Buf b = BUF_INIT;
  buf_printf(&b, "line %lld, column %lld: %s", nLine, nCol, zWhat);
  free(r->zErr);
  r->zErr = buf_steal(&b);
  r->i = r->n;
  return -1;
}

/* Stop the reader: z[iAt] does not start a valid UTF-8 sequence. */
static int fail_utf8(CsvReader *r, size_t iAt){
  char zMsg[100];
  snprintf(zMsg, sizeof zMsg, "expected UTF-8 text, found byte 0x%02X"
           " (save the file as \"CSV UTF-8\")", r->z[iAt]);
  return fail(r, iAt, r->nLine, zMsg);
}

/* Make room for nMore more bytes in aOut. */
static void out_reserve(CsvReader *r, size_t nMore){
  if( r->nOut + nMore <= r->nOutAlloc ) return;
  size_t nNew = r->nOutAlloc ? r->nOutAlloc*2 : 4096;
  while( nNew < r->nOut + nMore ) nNew *= 2;
  r->aOut = xrealloc(r->aOut, nNew);
  r->nOutAlloc = nNew;
}

/* Copy z[iFrom..iTo-1] to the end of aOut. */
static void out_append(CsvReader *r, size_t iFrom, size_t iTo){
  size_t nByte = iTo - iFrom;
  out_reserve(r, nByte + 1);
  memcpy(r->aOut + r->nOut, r->z + iFrom, nByte);
  r->nOut += nByte;
}

/*
** Open a reader over z[0..n-1], which is borrowed and must outlive it.
** A UTF-8 byte-order mark at the start is skipped. Free with csv_close().
*/
CsvReader *csv_open(const char *z, size_t n){
  CsvReader *r = xcalloc(1, sizeof *r);
  r->z = (const unsigned char*)z;
  r->n = z ? n : 0;
  if( r->n>=3 && memcmp(z, "\xef\xbb\xbf", 3)==0 ) r->i = 3;
  r->iBody = r->i;
  r->nLine = 1;
  return r;
}

/*
** Free the reader and the fields of the last record it returned.
*/
void csv_close(CsvReader *r){
  if( r==0 ) return;
  free(r->aOut);
  free(r->aOff);
  free(r->azField);
  free(r->zErr);
  free(r);
}

/* Read the next record into *pRow: 1, 0 at the end, or -1 with r->zErr set. */
static int read_record(CsvReader *r, CsvRow *pRow){
  const unsigned char *z = r->z;
  size_t n = r->n, i = r->i;
  int nField = 0;

  if( r->zErr ) return -1;
  while( i<n && (z[i]=='\n' || z[i]=='\r') ){    /* skip blank lines */
    if( z[i]=='\n' || i+1>=n || z[i+1]!='\n' ) r->nLine++;
    i++;
  }
  if( i>=n ){ r->i = n; return 0; }
  long long nFirst = r->nLine;
  r->nOut = 0;
  for(;;){
    if( nField>=r->nFieldAlloc ){
      if( r->nFieldAlloc>=INT_MAX/4 ){
        return fail(r, i, r->nLine, "expected fewer fields in one record");
      }
      r->nFieldAlloc = r->nFieldAlloc ? r->nFieldAlloc*2 : 32;
      r->aOff = xrealloc(r->aOff, r->nFieldAlloc*sizeof r->aOff[0]);
      r->azField = xrealloc(r->azField, r->nFieldAlloc*sizeof r->azField[0]);
    }
    r->aOff[nField] = r->nOut;
    if( i<n && z[i]=='"' ){
      /* A quoted field: copy the runs between quotes, count the newlines. */
      size_t iQuote = i++, iRun = i;
      long long nQuoteLine = r->nLine;
      for(;;){
        while( i<n && aClass[z[i]]<=CC_COMMA ) i++;
        if( i>=n ){
          return fail(r, iQuote, nQuoteLine,
                      "expected a closing quote for the field that opens here");
        }
        unsigned c = aClass[z[i]];
        if( c==CC_QUOTE ){
          out_append(r, iRun, i);
          if( i+1<n && z[i+1]=='"' ){ i++; iRun = i++; continue; }
          i++;
          break;
        }
        if( c==CC_HIGH ){
          int nByte = utf8_len(z+i, n-i);
          if( nByte==0 ) return fail_utf8(r, i);
          i += nByte;
          continue;
        }
        if( c==CC_NUL ) return fail(r, i, r->nLine, "expected text, found a NUL byte");
        if( c==CC_LF || i+1>=n || z[i+1]!='\n' ) r->nLine++;   /* CRLF counts once */
        i++;
      }
      if( i<n && z[i]!=',' && z[i]!='\n' && z[i]!='\r' ){
        return fail(r, i, r->nLine,
                    "expected a comma or the end of the line after a closing quote");
      }
    }else{
      /* An unquoted field runs to the next comma or line end. */
      size_t iStart = i;
      for(;;){
        while( i<n && aClass[z[i]]==CC_TEXT ) i++;
        if( i>=n ) break;
        unsigned c = aClass[z[i]];
        if( c==CC_QUOTE ){ i++; continue; }   /* tolerated: 5'10" */
        if( c==CC_HIGH ){
          int nByte = utf8_len(z+i, n-i);
          if( nByte==0 ) return fail_utf8(r, i);
          i += nByte;
          continue;
        }
        if( c==CC_NUL ) return fail(r, i, r->nLine, "expected text, found a NUL byte");
        break;   /* comma, CR or LF */
      }
      out_append(r, iStart, i);
    }
    r->aOut[r->nOut++] = 0;   /* out_append() reserved this byte */
    nField++;
    if( i<n && z[i]==',' ){ i++; continue; }
    if( i<n ){             /* CR, LF or CRLF */
      if( z[i]=='\r' && i+1<n && z[i+1]=='\n' ) i++;
      i++;
      r->nLine++;
    }
    break;
  }
  for(int k=0; k<nField; k++) r->azField[k] = r->aOut + r->aOff[k];
  r->i = i;
  pRow->line = nFirst>INT_MAX ? INT_MAX : (int)nFirst;
  pRow->nField = nField;
  pRow->azField = r->azField;
  return 1;
}

/*
** Read the next record into *pRow: see csv.h. On error *pzErr gets a
** message (caller frees with free()) and every later call fails the same
** way; otherwise *pzErr is set to NULL.
*/
int csv_read(CsvReader *r, CsvRow *pRow, char **pzErr){
  int rc = read_record(r, pRow);
  *pzErr = rc<0 ? xstrdup(r->zErr) : 0;
  return rc;
}

/*
** Bytes of the input consumed so far, for a progress bar.
*/
size_t csv_offset(const CsvReader *r){
  return r->i;
}

/*
** Append z (NULL counts as "") to pBuf as one CSV field. The field is quoted,
** with quotes doubled, only when it holds a comma, quote, CR or LF.
*/
void csv_write_field(Buf *pBuf, const char *z){
  if( z==0 ) z = "";
  size_t n = strcspn(z, ",\"\r\n");
  if( z[n]==0 ){ buf_append(pBuf, z, n); return; }
  buf_putc(pBuf, '"');
  for(;;){
    const char *zQ = strchr(z, '"');
    if( zQ==0 ){ buf_puts(pBuf, z); break; }
    buf_append(pBuf, z, (size_t)(zQ - z) + 1);
    buf_putc(pBuf, '"');
    z = zQ + 1;
  }
  buf_putc(pBuf, '"');
}
