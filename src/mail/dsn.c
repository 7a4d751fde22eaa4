/* dsn.c: read delivery status notifications (RFC 3464) with GMime, to
** learn which of our messages bounced after the provider took them. See
** dsn.h; used by `mandate outbox bounces` (src/cli/cmd_bounces.c). */
#include "dsn.h"
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t gInit = PTHREAD_ONCE_INIT;
static void dsn_init(void){ g_mime_init(); }

/* Copy z into zOut[nOut], whitespace runs (folding included) as one space. */
static void copy_squeezed(char *zOut, size_t nOut, const char *z){
  size_t j = 0;
  int space = 0;
  for(; z && *z && j+1<nOut; z++){
    unsigned char c = (unsigned char)*z;
    if( c==' ' || c=='\t' || c=='\r' || c=='\n' ){ space = j>0; continue; }
    if( c<0x20 || c==0x7f ) continue;
    if( space && j+2<nOut ) zOut[j++] = ' ';
    space = 0;
    zOut[j++] = (char)c;
  }
  zOut[j] = 0;
}

/* A block of header fields parsed as a message with no body. Caller
** unrefs; NULL when GMime finds no headers. */
static GMimeMessage *headers_parse(const char *z, size_t n){
  GByteArray *a = g_byte_array_new();
  g_byte_array_append(a, (const guint8*)z, (guint)n);
  g_byte_array_append(a, (const guint8*)"\n\n", 2);
  GMimeStream *st = g_mime_stream_mem_new_with_byte_array(a);   /* owns a */
  GMimeParser *p = g_mime_parser_new_with_stream(st);
  GMimeMessage *m = g_mime_parser_construct_message(p, 0);
  g_object_unref(p);
  g_object_unref(st);
  return m;
}

/* The decoded content of a leaf part, into a new byte array (caller
** frees with g_byte_array_free(a, TRUE)); NULL if none. */
static GByteArray *part_content(GMimeObject *o){
  if( !GMIME_IS_PART(o) ) return 0;
  GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(o));
  if( w==0 ) return 0;
  GMimeStream *st = g_mime_stream_mem_new();
  g_mime_data_wrapper_write_to_stream(w, st);
  GByteArray *a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(st));
  g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(st), FALSE);   /* the array is ours now */
  g_object_unref(st);
  return a;
}

/* What the parts of one message say, gathered by scan_part(). */
typedef struct Scan Scan;
struct Scan {
  int isDsn;                  /* a delivery-status part was found */
  int nFailed, nDelayed, nOther;
  DsnReport r;
};

/* One per-recipient group of a delivery-status part. */
static void scan_recipient(Scan *s, const char *z, size_t n){
  GMimeMessage *h = headers_parse(z, n);
  if( h==0 ) return;
  const char *zAction = g_mime_object_get_header(GMIME_OBJECT(h), "Action");
  const char *zStatus = g_mime_object_get_header(GMIME_OBJECT(h), "Status");
  const char *zDiag = g_mime_object_get_header(GMIME_OBJECT(h), "Diagnostic-Code");
  char zA[32];
  copy_squeezed(zA, sizeof zA, zAction);
  if( zA[0]==0 ){ g_object_unref(h); return; }   /* the per-message group */
  int failed = g_ascii_strcasecmp(zA, "failed")==0;
  int first = s->nFailed==0 && s->nDelayed==0 && s->nOther==0;
  if( failed ) s->nFailed++;
  else if( g_ascii_strcasecmp(zA, "delayed")==0 ) s->nDelayed++;
  else s->nOther++;
  if( first || (failed && s->nFailed==1) ){
    copy_squeezed(s->r.zStatus, sizeof s->r.zStatus, zStatus);
    if( zDiag && zDiag[0] ) copy_squeezed(s->r.zWhy, sizeof s->r.zWhy, zDiag);
    else snprintf(s->r.zWhy, sizeof s->r.zWhy, "%s", zA);
  }
  g_object_unref(h);
}

/* A message/delivery-status part: groups of fields split by blank lines. */
static void scan_status(Scan *s, GMimeObject *o){
  GByteArray *a = part_content(o);
  if( a==0 ) return;
  const char *z = (const char*)a->data;
  size_t n = a->len, i = 0, start = 0;
  s->isDsn = 1;
  while( i<n ){
    size_t e = i;
    while( e<n && z[e]!='\n' ) e++;
    if( e==i || (e==i+1 && z[i]=='\r') ){      /* a blank line ends a group */
      if( i>start ) scan_recipient(s, z+start, i-start);
      start = e+1;
    }
    i = e+1;
  }
  if( n>start ) scan_recipient(s, z+start, n-start);
  g_byte_array_free(a, TRUE);
}

/* Each part of the report, in order (GMime walks nested multiparts). */
static void scan_part(GMimeObject *parent, GMimeObject *o, gpointer pArg){
  Scan *s = (Scan*)pArg;
  (void)parent;
  GMimeContentType *ct = g_mime_object_get_content_type(o);
  if( ct==0 ) return;
  if( g_mime_content_type_is_type(ct, "message", "delivery-status")
      || g_mime_content_type_is_type(ct, "message", "global-delivery-status") ){
    scan_status(s, o);
  }else if( GMIME_IS_MESSAGE_PART(o) ){
    GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
    const char *zId = m ? g_mime_message_get_message_id(m) : 0;
    if( zId && s->r.zMessageId[0]==0 ) copy_squeezed(s->r.zMessageId, sizeof s->r.zMessageId, zId);
  }else if( g_mime_content_type_is_type(ct, "text", "rfc822-headers")
            || g_mime_content_type_is_type(ct, "message", "global-headers") ){
    GByteArray *a = part_content(o);
    if( a ){
      GMimeMessage *h = headers_parse((const char*)a->data, a->len);
      const char *zId = h ? g_mime_message_get_message_id(h) : 0;
      if( zId && s->r.zMessageId[0]==0 ) copy_squeezed(s->r.zMessageId, sizeof s->r.zMessageId, zId);
      if( h ) g_object_unref(h);
      g_byte_array_free(a, TRUE);
    }
  }
}

/* What message m is. */
static void judge(GMimeMessage *m, DsnReport *pOut){
  Scan s;
  memset(&s, 0, sizeof s);
  g_mime_message_foreach(m, scan_part, &s);
  *pOut = s.r;
  if( !s.isDsn ){
    pOut->kind = DSN_NOT_DSN;
    snprintf(pOut->zWhy, sizeof pOut->zWhy, "not a delivery status notification (RFC 3464)");
  }else if( s.r.zMessageId[0]==0 ){
    pOut->kind = DSN_NO_ID;
    snprintf(pOut->zWhy, sizeof pOut->zWhy, "the report does not quote the original message's Message-ID");
  }else if( s.nFailed ){
    pOut->kind = DSN_FAILED;
  }else if( s.nDelayed ){
    pOut->kind = DSN_DELAYED;
  }else{
    pOut->kind = DSN_DELIVERED;
  }
}

int dsn_read(const char *zText, size_t n, int isMbox,
             void (*xReport)(void *pArg, const DsnReport *p), void *pArg){
  pthread_once(&gInit, dsn_init);
  GMimeStream *st = g_mime_stream_mem_new_with_buffer(zText, n);
  GMimeParser *p = g_mime_parser_new_with_stream(st);
  int nMsg = 0;
  g_mime_parser_set_format(p, isMbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
  while( !g_mime_parser_eos(p) ){
    GMimeMessage *m = g_mime_parser_construct_message(p, 0);
    if( m==0 ) break;
    DsnReport r;
    judge(m, &r);
    xReport(pArg, &r);
    g_object_unref(m);
    nMsg++;
    if( !isMbox ) break;
  }
  g_object_unref(p);
  g_object_unref(st);
  return nMsg ? nMsg : -1;
}
