/* message.c: format an email as RFC 5322 text with a quoted-printable UTF-8
** body and RFC 2047 encoded headers (see message.h and docs/mail.md). */
#include "message.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int mail_utf8_ok(const char *z, size_t n){
  const unsigned char *p = (const unsigned char*)z;
  size_t i = 0;
  while( i<n ){
    unsigned c = p[i];
    size_t k;
    unsigned cp;
    if( c<0x80 ){ i++; continue; }
    else if( c>=0xC2 && c<=0xDF ){ k = 1; cp = c & 0x1F; }
    else if( c>=0xE0 && c<=0xEF ){ k = 2; cp = c & 0x0F; }
    else if( c>=0xF0 && c<=0xF4 ){ k = 3; cp = c & 0x07; }
    else return 0;
    if( i+k>=n ) return 0;
    for(size_t j=1; j<=k; j++){
      if( (p[i+j] & 0xC0)!=0x80 ) return 0;
      cp = (cp<<6) | (p[i+j] & 0x3F);
    }
    if( (k==2 && cp<0x800) || (k==3 && (cp<0x10000 || cp>0x10FFFF))
        || (cp>=0xD800 && cp<=0xDFFF) ) return 0;
    i += k+1;
  }
  return 1;
}

int mail_addr_ok(const char *z){
  if( z==0 ) return 0;
  size_t n = strlen(z);
  const char *zAt = strchr(z, '@');
  if( n<3 || n>254 || zAt==0 || zAt==z || zAt[1]==0 || strchr(zAt+1, '@') ) return 0;
  for(size_t i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    if( c<=0x20 || c>=0x7F || strchr("<>\"(),;:\\[]", c) ) return 0;
  }
  return 1;
}

void mail_date(int64_t t, char *zOut){
  static const char *const azDay[] = { "Sun","Mon","Tue","Wed","Thu","Fri","Sat" };
  static const char *const azMon[] = { "Jan","Feb","Mar","Apr","May","Jun",
                                       "Jul","Aug","Sep","Oct","Nov","Dec" };
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  snprintf(zOut, 32, "%s, %d %s %04d %02d:%02d:%02d +0000", azDay[tm.tm_wday % 7],
           tm.tm_mday, azMon[tm.tm_mon % 12], tm.tm_year+1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Columns used on the last line of pOut so far. */
static size_t line_len(const Buf *pOut){
  size_t n = 0;
  while( n<pOut->n && pOut->z[pOut->n-1-n]!='\n' ) n++;
  return n;
}

/* Plain printable ASCII that no decoder would take for an encoded-word. */
static int plain_ascii(const char *z){
  for(const char *p=z; *p; p++){
    if( (unsigned char)*p<0x20 || (unsigned char)*p>=0x7F ) return 0;
    if( p[0]=='=' && p[1]=='?' ) return 0;
  }
  return 1;
}

/* Append the bytes of one RFC 2047 encoded-word holding z[0..n-1]. */
static void encoded_word(Buf *pOut, const char *z, size_t n){
  char zB64[128];
  sodium_bin2base64(zB64, sizeof zB64, (const unsigned char*)z, n,
                    sodium_base64_VARIANT_ORIGINAL);
  buf_puts(pOut, "=?UTF-8?B?");
  buf_puts(pOut, zB64);
  buf_puts(pOut, "?=");
}

void mail_header_text(Buf *pOut, const char *zText, size_t nUsed){
  /* Controls (CR and LF above all) become spaces: a value never ends the
  ** header it is in. */
  Buf clean = BUF_INIT;
  for(const char *p=zText ? zText : ""; *p; p++){
    unsigned char c = (unsigned char)*p;
    buf_putc(&clean, (c<0x20 || c==0x7F) ? ' ' : (char)c);
  }
  const char *z = buf_str(&clean);
  if( plain_ascii(z) ){
    /* Words separated by single spaces, folded before a space when the
    ** line would pass MAIL_MAX_LINE. */
    size_t col = nUsed;
    int first = 1;
    const char *p = z;
    while( *p ){
      while( *p==' ' ) p++;
      size_t n = 0;
      while( p[n] && p[n]!=' ' ) n++;
      if( n==0 ) break;
      if( !first ){
        if( col+1+n > MAIL_MAX_LINE ){ buf_puts(pOut, "\r\n "); col = 1; }
        else{ buf_putc(pOut, ' '); col++; }
      }
      buf_append(pOut, p, n);
      col += n;
      first = 0;
      p += n;
    }
  }else{
    /* Encoded-words of whole UTF-8 characters. A line holding encoded-words
    ** is at most 76 columns (RFC 2047 s2): the first after the header name,
    ** the rest after the one space that folds them. Each word is 12 bytes
    ** of "=?UTF-8?B?" and "?=" around base64 that holds 3 bytes in 4. */
    size_t n = strlen(z), i = 0, col = nUsed;
    while( i<n ){
      size_t room = col<76 ? 76-col : 0;
      if( room<12+8 ){               /* not even two characters fit: fold */
        buf_puts(pOut, "\r\n ");
        col = 1;
        continue;
      }
      size_t nMax = (room-12)/4*3, k = 0;
      while( i+k<n ){               /* take whole characters up to nMax bytes */
        size_t c = 1;
        while( i+k+c<n && (((unsigned char)z[i+k+c]) & 0xC0)==0x80 ) c++;
        if( k+c>nMax ) break;
        k += c;
      }
      if( k==0 ) k = 1;              /* can't happen with nMax>=6; never loop */
      if( i>0 ){ buf_puts(pOut, "\r\n "); col = 1; }
      size_t nBefore = pOut->n;
      encoded_word(pOut, z+i, k);
      col += pOut->n - nBefore;
      i += k;
    }
  }
  buf_reset(&clean);
}

void mail_qp_encode(Buf *pOut, const char *zBody){
  static const char zHex[] = "0123456789ABCDEF";
  const unsigned char *p = (const unsigned char*)(zBody ? zBody : "");
  while( 1 ){
    size_t nLine = 0;
    while( p[nLine] && p[nLine]!='\n' ) nLine++;
    size_t nText = nLine;
    if( nText && p[nText-1]=='\r' ) nText--;      /* CRLF in: one line break */
    size_t col = 0;
    for(size_t i=0; i<nText; i++){
      unsigned char c = p[i];
      char zTok[4];
      size_t nTok;
      int last = i+1==nText;
      if( (c>=33 && c<=126 && c!='=') || ((c==' ' || c=='\t') && !last) ){
        zTok[0] = (char)c; nTok = 1;
      }else{
        zTok[0] = '='; zTok[1] = zHex[c>>4]; zTok[2] = zHex[c&15]; nTok = 3;
      }
      /* A soft break ("=" then CRLF) keeps every line within 76, "=" included. */
      if( col+nTok > 75 ){ buf_puts(pOut, "=\r\n"); col = 0; }
      buf_append(pOut, zTok, nTok);
      col += nTok;
    }
    buf_puts(pOut, "\r\n");
    if( p[nLine]==0 ) break;
    p += nLine+1;
    if( *p==0 ) break;                             /* the body ended with \n */
  }
}

/* Set zErr to a message and return -1. */
static int format_fail(char *zErr, size_t nErr, const char *zWhy){
  snprintf(zErr, nErr, "%s", zWhy);
  return -1;
}

int mail_format(const MailMessage *p, Buf *pOut, char *zErr, size_t nErr){
  if( !mail_addr_ok(p->zFromAddr) ){
    return format_fail(zErr, nErr, "the sender's address (mail.from) is not a plain address like ballots@example.org");
  }
  if( !mail_addr_ok(p->zTo) ){
    return format_fail(zErr, nErr, "the recipient is not a plain ASCII address like name@example.org");
  }
  if( p->zMessageId==0 || !mail_addr_ok(p->zMessageId) ){
    return format_fail(zErr, nErr, "the Message-ID is not of the form unique@domain");
  }
  const char *zSubject = p->zSubject ? p->zSubject : "";
  const char *zBody = p->zBody ? p->zBody : "";
  if( !mail_utf8_ok(zSubject, strlen(zSubject)) ) return format_fail(zErr, nErr, "the subject is not UTF-8");
  if( !mail_utf8_ok(zBody, strlen(zBody)) ) return format_fail(zErr, nErr, "the body is not UTF-8");
  if( p->zFromName && !mail_utf8_ok(p->zFromName, strlen(p->zFromName)) ){
    return format_fail(zErr, nErr, "the sender's name (mail.from_name) is not UTF-8");
  }
  char zDate[32];
  mail_date(p->tDate, zDate);
  buf_printf(pOut, "Date: %s\r\n", zDate);
  buf_printf(pOut, "Message-ID: <%s>\r\n", p->zMessageId);
  buf_puts(pOut, "From: ");
  if( p->zFromName && p->zFromName[0] ){
    if( plain_ascii(p->zFromName) ){
      buf_putc(pOut, '"');                        /* a quoted-string */
      for(const char *q=p->zFromName; *q; q++){
        if( *q=='"' || *q=='\\' ) buf_putc(pOut, '\\');
        buf_putc(pOut, *q);
      }
      buf_putc(pOut, '"');
    }else{
      mail_header_text(pOut, p->zFromName, 6);
    }
    if( line_len(pOut)+2+strlen(p->zFromAddr)+1 > MAIL_MAX_LINE ) buf_puts(pOut, "\r\n");
    buf_printf(pOut, " <%s>\r\n", p->zFromAddr);
  }else{
    buf_printf(pOut, "%s\r\n", p->zFromAddr);
  }
  buf_printf(pOut, "To: %s\r\n", p->zTo);
  buf_puts(pOut, "Subject: ");
  mail_header_text(pOut, zSubject, 9);
  buf_puts(pOut, "\r\n"
                 "MIME-Version: 1.0\r\n"
                 "Content-Type: text/plain; charset=UTF-8\r\n"
                 "Content-Transfer-Encoding: quoted-printable\r\n"
                 "Auto-Submitted: auto-generated\r\n"
                 "\r\n");
  mail_qp_encode(pOut, zBody);
  return 0;
}
