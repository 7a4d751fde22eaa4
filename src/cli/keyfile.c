/* keyfile.c: the participants' key files (docs/ceremony.md): text, one
** "name value" pair a line, values in lowercase hex; reading them with
** every value checked, writing lines, gathering options that repeat
** (--public A --public B), and reading and checking trustees' public files
** (a proof of knowledge of each trustee's key). Used by the ceremony, ballot
** and pledge commands. */
#include "keyfile.h"
#include "cli.h"
#include "../crypto/board.h"
#include "../crypto/dkg.h"
#include "../util/mem.h"
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void keyfile_clear(KeyFile *f){
  if( f->text.z ) sodium_memzero(f->text.z, f->text.nAlloc);
  buf_reset(&f->text);
  f->n = 0;
}

int keyfile_read(KeyFile *f, const char *zPath){
  memset(f, 0, sizeof *f);
  f->zPath = zPath;
  if( cli_read_file(zPath, &f->text) ){ keyfile_clear(f); return -1; }
  buf_append(&f->text, "", 1);
  for(char *z = f->text.z; *z; ){
    char *zEnd = strchr(z, '\n'), *zSp;
    if( zEnd ) *zEnd = 0;
    if( *z && *z!='#' ){
      if( (zSp = strchr(z, ' '))==0 || f->n==512 ){
        cli_error("%s: \"%.40s\" is not a \"name value\" line", zPath, z);
        keyfile_clear(f);
        return -1;
      }
      *zSp = 0;
      f->azName[f->n] = z;
      f->azValue[f->n++] = zSp+1;
    }
    if( !zEnd ) break;
    z = zEnd+1;
  }
  return 0;
}

/* The iNth (0-based) value named zName, or NULL. */
const char *keyfile_get(const KeyFile *f, const char *zName, int iNth){
  for(int i=0; i<f->n; i++){
    if( strcmp(f->azName[i], zName)==0 && iNth-- == 0 ) return f->azValue[i];
  }
  return 0;
}

int keyfile_count(const KeyFile *f, const char *zName){
  int n = 0;
  for(int i=0; i<f->n; i++) n += strcmp(f->azName[i], zName)==0;
  return n;
}

int keyfile_u32(const KeyFile *f, const char *zName, uint32_t lo, uint32_t hi, uint32_t *pOut){
  const char *z = keyfile_get(f, zName, 0);
  char *zEnd;
  unsigned long v;
  if( z==0 ){ cli_error("%s: no \"%s\" line", f->zPath, zName); return -1; }
  v = strtoul(z, &zEnd, 10);
  if( *zEnd || zEnd==z || v<lo || v>hi ){ cli_error("%s: bad \"%s\" value", f->zPath, zName); return -1; }
  *pOut = (uint32_t)v;
  return 0;
}

int keyfile_bytes(const KeyFile *f, const char *zName, int iNth, unsigned char *a, size_t n){
  const char *z = keyfile_get(f, zName, iNth);
  if( z==0 || board_unhex(a, n, z) ){
    cli_error("%s: \"%s\" must be %zu bytes in lowercase hex", f->zPath, zName, n);
    return -1;
  }
  return 0;
}

int keyfile_point(const KeyFile *f, const char *zName, int iNth, GroupPoint *p){
  unsigned char a[GROUP_POINT_BYTES];
  if( keyfile_bytes(f, zName, iNth, a, sizeof a) ) return -1;
  if( group_point_decode(p, a) ){ cli_error("%s: \"%s\" is not a group element", f->zPath, zName); return -1; }
  return 0;
}

int keyfile_scalar(const KeyFile *f, const char *zName, int iNth, GroupScalar *s){
  unsigned char a[GROUP_SCALAR_BYTES];
  int rc = keyfile_bytes(f, zName, iNth, a, sizeof a);
  if( rc==0 && group_scalar_decode(s, a) ){ cli_error("%s: \"%s\" is not a scalar", f->zPath, zName); rc = -1; }
  sodium_memzero(a, sizeof a);
  return rc;
}

void keyfile_put_hex(Buf *b, const char *zName, const unsigned char *a, size_t n){
  char *z = xmalloc(2*n+1);
  board_hex(z, a, n);
  buf_printf(b, "%s %s\n", zName, z);
  sodium_memzero(z, 2*n+1);
  free(z);
}

/* One trustee's public file, with its proof of knowledge of its key. */
int keyfile_trustee_public(TrusteePublic *p, const char *zPath){
  KeyFile f;
  int rc = -1;
  if( keyfile_read(&f, zPath) ) return -1;
  if( keyfile_u32(&f, "trustees", 1, DKG_MAX_TRUSTEES, &p->n)
   || keyfile_u32(&f, "threshold", 1, p->n, &p->k)
   || keyfile_u32(&f, "index", 1, p->n, &p->i)
   || keyfile_bytes(&f, "box", 0, p->box, sizeof p->box) ) goto out;
  if( keyfile_count(&f, "commitment")!=(int)p->k ){
    cli_error("%s: %u commitments expected", zPath, p->k); goto out;
  }
  for(uint32_t t=0; t<p->k; t++) if( keyfile_point(&f, "commitment", (int)t, &p->aC[t]) ) goto out;
  {
    unsigned char aCtx[64];
    size_t nCtx = dkg_context(aCtx, p->n, p->k, p->i-1);
    if( keyfile_bytes(&f, "proof", 0, p->proof, sizeof p->proof) ) goto out;
    if( proof_key_verify(p->proof, aCtx, nCtx, &p->aC[0]) ){
      cli_error("%s: trustee %u's proof of knowledge of their key does not verify", zPath, p->i);
      goto out;
    }
  }
  rc = 0;
out:
  keyfile_clear(&f);
  return rc;
}

int keyfile_trustee_publics(const char *const *azPath, int nPath, TrusteePublic *a, uint32_t n, uint32_t k){
  if( (uint32_t)nPath!=n ){ cli_error("%u --public files expected (one per trustee), %d given", n, nPath); return -1; }
  memset(a, 0, n * sizeof *a);
  for(int f=0; f<nPath; f++){
    TrusteePublic p;
    if( keyfile_trustee_public(&p, azPath[f]) ) return -1;
    if( p.n!=n || p.k!=k ){ cli_error("%s: a ceremony of %u of %u, not %u of %u", azPath[f], p.k, p.n, k, n); return -1; }
    if( a[p.i-1].i ){ cli_error("%s: trustee %u's public file given twice", azPath[f], p.i); return -1; }
    a[p.i-1] = p;
  }
  return 0;
}

int keyfile_credential(const char *zHex, GroupScalar *pSk){
  unsigned char a[GROUP_SCALAR_BYTES];
  int rc = 0;
  if( !zHex || board_unhex(a, sizeof a, zHex) || group_scalar_decode(pSk, a) || group_scalar_is_zero(pSk) ){
    cli_error("--credential must be the 64 hex digits of a secret credential");
    rc = -1;
  }
  sodium_memzero(a, sizeof a);
  return rc;
}
