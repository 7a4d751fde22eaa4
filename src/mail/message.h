/* message.h: an email as RFC 5322 text: the headers (Date, Message-ID,
** From, To, Subject encoded per RFC 2047 when it is not plain ASCII,
** MIME-Version, Content-Type, Content-Transfer-Encoding) and a UTF-8 plain
** text body in quoted-printable (RFC 2045), every line CRLF-ended and at
** most 76 characters. Pure functions over bytes: no store, no network. */
#ifndef MANDATE_MAIL_MESSAGE_H
#define MANDATE_MAIL_MESSAGE_H
#include "../util/buf.h"
#include <stdint.h>

/* One message to format. Every string is borrowed, UTF-8. */
typedef struct MailMessage MailMessage;
struct MailMessage {
  const char *zFromAddr;   /* the sender's address (addr-spec, ASCII) */
  const char *zFromName;   /* the sender's display name, or NULL */
  const char *zTo;         /* the recipient's address (addr-spec, ASCII) */
  const char *zSubject;    /* any UTF-8; control characters become spaces */
  const char *zBody;       /* UTF-8; lines end in \n or \r\n */
  const char *zMessageId;  /* "unique@domain", without the angle brackets */
  int64_t tDate;           /* the Date header, Unix seconds (UTC) */
};

/* Longest line (without its CRLF) mail_format() writes, in bytes. */
#define MAIL_MAX_LINE 78

/* Append message *p to pOut as RFC 5322 text with CRLF line ends, ready
** for SMTP DATA (libcurl dot-stuffs lines that begin with "."). Returns 0,
** or -1 with zErr[nErr] saying what is wrong: an address that is not plain
** ASCII or holds spaces, CR, LF or angle brackets, a Message-ID without an
** "@", a subject or body that is not UTF-8. */
int mail_format(const MailMessage *p, Buf *pOut, char *zErr, size_t nErr);

/* Append the value of a header whose name (with its ": ") already took
** nUsed columns on the line: plain when zText is printable ASCII without
** "=?" (folded at spaces to keep lines within 78 columns), else as RFC 2047
** "=?UTF-8?B?...?=" encoded-words of whole characters, each line within 76
** columns. Control characters (CR and LF included) become spaces first, so
** no value can start a header of its own. zText must be UTF-8. */
void mail_header_text(Buf *pOut, const char *zText, size_t nUsed);

/* Append zBody as quoted-printable (RFC 2045 6.7): "=", control characters
** and bytes over 127 as =XX, a space or tab that ends a line as =20 or =09,
** hard line breaks as CRLF, soft breaks ("=" CRLF) so no line passes 76
** characters. An "=XX" is never split. Ends with a CRLF. */
void mail_qp_encode(Buf *pOut, const char *zBody);

/* The RFC 5322 date of t (UTC): "Mon, 23 Nov 2026 10:00:00 +0000" into
** zOut, which holds at least 32 bytes. Independent of the locale. */
void mail_date(int64_t t, char *zOut);

/* 1 when z[0..n-1] is well-formed UTF-8 (no overlongs, no surrogates). */
int mail_utf8_ok(const char *z, size_t n);

/* 1 when z is a plain-ASCII addr-spec fit for an SMTP envelope and a
** header: one "@", no spaces, controls, quotes, angle brackets or commas. */
int mail_addr_ok(const char *z);

#endif
