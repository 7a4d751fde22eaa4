/* keyfile.h: the participants' key files: "name value" lines, values in
** lowercase hex (docs/ceremony.md). A secret file is wiped from memory by
** keyfile_clear. Every reader prints what is wrong (at the CLI's edge) and
** returns -1. */
#ifndef MANDATE_KEYFILE_H
#define MANDATE_KEYFILE_H
#include "../crypto/dkg.h"
#include "../crypto/group.h"
#include "../crypto/proof.h"
#include "../util/buf.h"
#include <stddef.h>
#include <stdint.h>

typedef struct KeyFile KeyFile;
struct KeyFile {
  const char *zPath;     /* borrowed, for messages */
  Buf text;              /* owned; the file with each line's separators NUL'd */
  char *azName[512];     /* borrowed from text */
  char *azValue[512];
  int n;
};

/* One trustee's public file, read and checked. */
typedef struct TrusteePublic TrusteePublic;
struct TrusteePublic {
  uint32_t i, n, k;                          /* i 1-based */
  unsigned char box[DKG_BOX_PUBLIC_BYTES];
  GroupPoint aC[DKG_MAX_TRUSTEES];
  unsigned char proof[PROOF_KEY_BYTES];
};

void keyfile_clear(KeyFile *f);
int keyfile_read(KeyFile *f, const char *zPath);
const char *keyfile_get(const KeyFile *f, const char *zName, int iNth);
int keyfile_count(const KeyFile *f, const char *zName);
int keyfile_u32(const KeyFile *f, const char *zName, uint32_t lo, uint32_t hi, uint32_t *pOut);
int keyfile_bytes(const KeyFile *f, const char *zName, int iNth, unsigned char *a, size_t n);
int keyfile_point(const KeyFile *f, const char *zName, int iNth, GroupPoint *p);
int keyfile_scalar(const KeyFile *f, const char *zName, int iNth, GroupScalar *s);
void keyfile_put_hex(Buf *b, const char *zName, const unsigned char *a, size_t n);
int keyfile_trustee_public(TrusteePublic *p, const char *zPath);
/* The public files of all n trustees (azPath[0..nPath), any order): one
** each, agreeing on n and k, each proof checked; a[i-1] is trustee i's. */
int keyfile_trustee_publics(const char *const *azPath, int nPath, TrusteePublic *a, uint32_t n, uint32_t k);

/* A voter's or signer's secret credential given on the command line (64
** hex digits): 0, or -1 after printing. */
int keyfile_credential(const char *zHex, GroupScalar *pSk);

#endif
