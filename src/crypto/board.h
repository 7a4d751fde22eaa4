/* board.h: the public board: an append-only, hash-chained text file of
** items, one a line: "TYPE PREV PAYLOAD\n", PREV the BLAKE2b-256 hash of
** the item before, PAYLOAD the item's bytes in lowercase hex. Parsing,
** hashing, O(1) appending (to a file or to memory) and re-chaining. The
** byte format is docs/protocol.md section 8.1. */
#ifndef MANDATE_BOARD_H
#define MANDATE_BOARD_H
#include "../util/buf.h"
#include "hash.h"
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BOARD_HASH_BYTES    32                /* BLAKE2b-256 */
#define BOARD_MAX_PAYLOAD   (8u*1024u*1024u)  /* bytes, before hex */
#define BOARD_TRACKER_CHARS 16                /* base32 of 10 hash bytes */
#define BOARD_TAG_ITEM      "mandate/v1/board/item"
#define BOARD_TAG_ELECTION  "mandate/v1/board/election"
#define BOARD_TAG_TRACKER   "mandate/v1/board/tracker"

/* Item types, in the order they may appear on a board. */
typedef enum BoardType {
  BOARD_NONE = 0,
  BOARD_ELECTION,            /* the election definition; always line 1 */
  BOARD_TRUSTEE_KEY,         /* a trustee's key with its proof of knowledge */
  BOARD_CREDENTIAL,          /* a batch of credential public keys, signed by the authority */
  BOARD_BALLOT,              /* an encrypted, signed ballot */
  BOARD_TALLY,               /* the homomorphic sum of the counted ballots */
  BOARD_PARTIAL_DECRYPTION,  /* one trustee's decryption shares with proofs */
  BOARD_RESULT,              /* the counts; always the last line */
  /* a pledge board (pledge_board.h, docs/pledges.md); never on a ballot board */
  BOARD_PLEDGE_CAMPAIGN,     /* the campaign definition; always line 1 */
  BOARD_PLEDGE_CREDENTIAL,   /* a batch of pledge credentials, signed by the authority */
  BOARD_PLEDGE,              /* a signed pledge: actions chosen, the sealed name's commitment */
  BOARD_PLEDGE_WITHDRAWAL,   /* a signed withdrawal */
  BOARD_PLEDGE_OPENING,      /* one trustee's partial openings with proofs */
  BOARD_PLEDGE_OPENED,       /* the names opened, counted; always the last line */
  BOARD_PLEDGE_EXPIRY,       /* the sealed names destroyed; always the last line */
  BOARD_TYPE_COUNT
} BoardType;

const char *board_type_name(int eType);   /* "ballot"; "?" if unknown; static */

/* Board hashes are hash.h transcripts with a 32-byte BLAKE2b output:
** hash_start_sized(&h, tag, BOARD_HASH_BYTES). */

/* One parsed line. */
typedef struct BoardItem BoardItem;
struct BoardItem {
  int eType;                              /* a BoardType */
  size_t iLine;                           /* 1-based line number */
  unsigned char prev[BOARD_HASH_BYTES];   /* hash of the item before (zeros on line 1) */
  unsigned char hash[BOARD_HASH_BYTES];   /* this item's hash */
  unsigned char *pPayload;                /* owned; decoded bytes (NULL when empty) */
  size_t nPayload;
};

/* Split off the next line of a[0..n) at *pOff and parse it into *pItem
** (whose iLine the caller sets). Returns 1 with a line parsed, 0 at the end
** of input, -1 on a malformed line (with a message in zErr; *pOff is then
** unchanged). Payload freed with board_item_clear(). */
int  board_next(const unsigned char *a, size_t n, size_t *pOff, BoardItem *pItem,
                char *zErr, size_t nErr);
void board_item_clear(BoardItem *pItem);
void board_item_hash(unsigned char *aOut, int eType, const unsigned char *aPrev,
                     const unsigned char *pPayload, size_t nPayload);

/* The tracker of a ballot: base32 (RFC 4648, lowercase, no padding) of the
** first 10 bytes of BLAKE2b-256("mandate/v1/board/tracker", payload).
** Writes BOARD_TRACKER_CHARS characters and a NUL to zOut. */
void board_tracker(char *zOut, const unsigned char *pPayload, size_t nPayload);
void board_ballot_hash(unsigned char *aOut, const unsigned char *pPayload, size_t nPayload);
void board_tracker_of_hash(char *zOut, const unsigned char *aHash);
/* A tracker as a member types it (any case; spaces and dashes ignored)
** back to the 10 hash bytes it encodes, into aOut[0..9]. 0, or -1 when it
** is not BOARD_TRACKER_CHARS base32 characters. */
#define BOARD_TRACKER_BYTES 10
int  board_tracker_parse(const char *zIn, unsigned char aOut[BOARD_TRACKER_BYTES]);

/* Lowercase hex. */
void board_hex(char *zOut, const unsigned char *a, size_t n);   /* 2n chars + NUL */
/* Exactly 2n lowercase hex digits z (NUL-terminated) into a[0..n). 0 or -1. */
int  board_unhex(unsigned char *a, size_t n, const char *z);

/* An appender. Holds only the last hash, so each append is O(1) whatever
** the board's length. Writes to a FILE (fsync'd by board_writer_close) or
** to a Buf in memory. */
typedef struct BoardWriter BoardWriter;
struct BoardWriter {
  FILE *pFile;                            /* owned when set */
  Buf *pBuf;                              /* borrowed when set */
  unsigned char last[BOARD_HASH_BYTES];   /* hash of the last item (zeros if none) */
  size_t nItem;                           /* items appended through this writer */
  int err;                                /* set after a write error */
};
void board_writer_buf(BoardWriter *w, Buf *pBuf);
int  board_writer_open(BoardWriter *w, const char *zPath, char *zErr, size_t nErr);
int  board_append(BoardWriter *w, int eType, const unsigned char *p, size_t n);
int  board_writer_close(BoardWriter *w);

/* Rewrite a[0..n) with every PREV field recomputed, so edits to payloads
** keep a consistent chain (tests and the fuzzer use it to reach the checks
** behind the chain). Lines that do not parse are copied unchanged. */
void board_rechain(const unsigned char *a, size_t n, Buf *pOut);

#endif
