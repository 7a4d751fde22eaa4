/* cmd_ceremony.c: the commands a real election's participants run, each
** on their own machine with their own files (docs/ceremony.md):
**   mandate trustee keygen|shares|combine|decrypt   a trustee
**   mandate authority keygen|credentials            the credential authority
**   mandate election create|tally|result            the organiser (anyone)
**   mandate election cast                           a voter's device, for tests
** Files are text, one "name value" pair a line, values in lowercase hex;
** secret files are written mode 0600 and never leave their owner. Every
** command that reads the board verifies it first (VERIFY_OPEN) and
** refuses a board that does not verify. */
#include "cli.h"
#include "keyfile.h"
#include "../crypto/board.h"
#include "../crypto/dkg.h"
#include "../crypto/election.h"
#include "../crypto/proof.h"
#include "../crypto/verify.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static void wipe_buf(Buf *b){
  if( b->z ) sodium_memzero(b->z, b->nAlloc);
  buf_reset(b);
}

static int parse_u32(const char *z, const char *zOpt, uint32_t lo, uint32_t hi, uint32_t *pOut){
  char *zEnd;
  unsigned long v;
  errno = 0;
  v = z ? strtoul(z, &zEnd, 10) : 0;
  if( z==0 || errno || zEnd==z || *zEnd || v<lo || v>hi ){
    cli_error("%s must be a whole number from %u to %u", zOpt, lo, hi);
    return -1;
  }
  *pOut = (uint32_t)v;
  return 0;
}

/* ---- the board ---- */

static char *board_path(const char *zDir){
  struct stat st;
  Buf b = BUF_INIT;
  buf_puts(&b, zDir);
  if( stat(zDir, &st)==0 && S_ISDIR(st.st_mode) ) buf_puts(&b, "/board");
  return buf_steal(&b);
}

/* Read and verify the board at zPath (open: it may end before its result).
** On success *r holds the report (caller clears), and the board's bytes
** are left in *pKeep when it is not NULL (caller frees). */
static int board_load_keep(const char *zPath, VerifyReport *r, Buf *pKeep){
  Buf b = BUF_INIT;
  memset(r, 0, sizeof *r);
  if( cli_read_file(zPath, &b) ){ buf_reset(&b); return -1; }
  verify_board((const unsigned char*)buf_str(&b), b.n, (int)sysconf(_SC_NPROCESSORS_ONLN),
               VERIFY_OPEN, r);
  if( pKeep ) *pKeep = b; else buf_reset(&b);
  if( !r->ok ){
    cli_error("%s line %zu (%s): %s", zPath, r->iFailLine, r->zFailType, r->zFail);
    cli_error("%s does not verify: refusing to add to it", zPath);
    verify_report_clear(r);
    if( pKeep ) buf_reset(pKeep);
    return -1;
  }
  return 0;
}

static int board_load(const char *zPath, VerifyReport *r){
  return board_load_keep(zPath, r, 0);
}

static int board_add(const char *zPath, int eType, const Buf *p){
  BoardWriter w;
  char zErr[300];
  if( board_writer_open(&w, zPath, zErr, sizeof zErr) ){ cli_error("%s", zErr); return -1; }
  if( board_append(&w, eType, (const unsigned char*)p->z, p->n) | board_writer_close(&w) ){
    cli_error("%s: write failed", zPath);
    return -1;
  }
  return 0;
}

/* ================================================================ trustee */

static const char zTrusteeUsage[] =
  "usage: mandate trustee keygen --index I --trustees N --threshold K --dir DIR\n"
  "       mandate trustee shares --secret FILE --public FILE... --out FILE\n"
  "       mandate trustee combine --secret FILE --public FILE... --shares FILE...\n"
  "       mandate trustee decrypt --secret FILE --board DIR\n"
  "       mandate trustee destroy --secret FILE\n"
  "\n"
  "A trustee's part of the key ceremony and the count (docs/ceremony.md).\n"
  "N trustees make the election key together; any K of them can decrypt the\n"
  "tally; no one, the server included, ever holds the whole key.\n"
  "\n"
  "  keygen   make this trustee's secret polynomial and box key:\n"
  "           DIR/trustee-I.secret (0600, keep it) and DIR/trustee-I.public (send it)\n"
  "  shares   once every trustee's .public file is in: seal a share for each\n"
  "           other trustee into one file, safe to send to all\n"
  "  combine  once every trustee's shares file is in: open and check the\n"
  "           shares sent to you and keep your key share in your .secret file\n"
  "  decrypt  after the close: verify the board and add your partial decryption\n"
  "           of its tally (refused unless the tally is exactly the board's\n"
  "           counted ballots)\n"
  "  destroy  overwrite and remove a key share no longer needed (an expired\n"
  "           pledge campaign's: docs/pledges.md)\n";

static int trustee_keygen(int argc, char **argv){
  const char *zIndex = 0, *zN = 0, *zK = 0, *zDir = 0;
  const CliOpt aOpt[] = { { "--index", &zIndex, 0 }, { "--trustees", &zN, 0 },
                          { "--threshold", &zK, 0 }, { "--dir", &zDir, 0 }, { 0 } };
  int nPos, rc = cli_parse(argc, argv, aOpt, zTrusteeUsage, 0, 0, &nPos);
  uint32_t i, n, k;
  DkgPolynomial poly;
  GroupPoint aC[DKG_MAX_TRUSTEES];
  unsigned char aBoxPk[DKG_BOX_PUBLIC_BYTES], aBoxSk[DKG_BOX_SECRET_BYTES], aProof[PROOF_KEY_BYTES];
  Buf sec = BUF_INIT, pub = BUF_INIT, path = BUF_INIT;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zDir ){ cli_error("trustee keygen: --dir is required"); return EXIT_USAGE; }
  if( parse_u32(zN, "--trustees", 1, DKG_MAX_TRUSTEES, &n)
   || parse_u32(zK, "--threshold", 1, n, &k)
   || parse_u32(zIndex, "--index", 1, n, &i) ) return EXIT_USAGE;
  group_init();
  dkg_polynomial_random(&poly, k);
  dkg_commitments(aC, &poly);
  crypto_box_keypair(aBoxPk, aBoxSk);
  if( election_trustee_key_proof(aProof, n, k, i-1, &poly.a[0]) ){ cli_error("cannot prove the key (a bug)"); rc = EXIT_USER; goto out; }
  buf_printf(&pub, "# mandate trustee %u of %u (any %u decrypt): public file, send it to the organiser\n"
                   "index %u\ntrustees %u\nthreshold %u\n", i, n, k, i, n, k);
  keyfile_put_hex(&pub, "box", aBoxPk, sizeof aBoxPk);
  for(uint32_t t=0; t<k; t++) keyfile_put_hex(&pub, "commitment", aC[t].a, GROUP_POINT_BYTES);
  keyfile_put_hex(&pub, "proof", aProof, sizeof aProof);
  buf_printf(&sec, "# mandate trustee %u of %u (any %u decrypt): SECRET, keep it on this machine\n"
                   "index %u\ntrustees %u\nthreshold %u\n", i, n, k, i, n, k);
  keyfile_put_hex(&sec, "box", aBoxPk, sizeof aBoxPk);
  keyfile_put_hex(&sec, "box-secret", aBoxSk, sizeof aBoxSk);
  for(uint32_t t=0; t<k; t++) keyfile_put_hex(&sec, "coefficient", poly.a[t].a, GROUP_SCALAR_BYTES);
  for(uint32_t t=0; t<k; t++) keyfile_put_hex(&sec, "commitment", aC[t].a, GROUP_POINT_BYTES);
  rc = EXIT_USER;
  if( mkdir(zDir, 0700) && errno!=EEXIST ){ cli_error("%s: %s", zDir, strerror(errno)); goto out; }
  buf_printf(&path, "%s/trustee-%u.secret", zDir, i);
  if( cli_write_file(path.z, sec.z, sec.n, 0600, CLI_WRITE_NEW) ) goto out;
  printf("secret: %s (mode 0600: keep it, back it up offline)\n", path.z);
  buf_truncate(&path, 0);
  buf_printf(&path, "%s/trustee-%u.public", zDir, i);
  if( cli_write_file(path.z, pub.z, pub.n, 0644, CLI_WRITE_NEW) ) goto out;
  printf("public: %s (send it to the organiser and the other trustees)\n", path.z);
  rc = EXIT_OK;
out:
  dkg_polynomial_wipe(&poly);
  sodium_memzero(aBoxSk, sizeof aBoxSk);
  wipe_buf(&sec); buf_reset(&pub); buf_reset(&path);
  return rc;
}

/* This trustee's secret file. */
typedef struct TrusteeSecret TrusteeSecret;
struct TrusteeSecret {
  KeyFile f;
  uint32_t i, n, k;
  unsigned char box[DKG_BOX_PUBLIC_BYTES], boxSk[DKG_BOX_SECRET_BYTES];
};

static int trustee_secret_read(TrusteeSecret *s, const char *zPath){
  memset(s, 0, sizeof *s);
  if( keyfile_read(&s->f, zPath) ) return -1;
  if( keyfile_u32(&s->f, "trustees", 1, DKG_MAX_TRUSTEES, &s->n)
   || keyfile_u32(&s->f, "threshold", 1, s->n, &s->k)
   || keyfile_u32(&s->f, "index", 1, s->n, &s->i)
   || keyfile_bytes(&s->f, "box", 0, s->box, sizeof s->box)
   || keyfile_bytes(&s->f, "box-secret", 0, s->boxSk, sizeof s->boxSk) ){
    keyfile_clear(&s->f);
    return -1;
  }
  return 0;
}

static void trustee_secret_clear(TrusteeSecret *s){
  keyfile_clear(&s->f);
  sodium_memzero(s->boxSk, sizeof s->boxSk);
}

static int trustee_shares(int argc, char **argv){
  const char *zSecret = 0, *zOut = 0;
  const CliOpt aOpt[] = { { "--secret", &zSecret, 0 }, { "--out", &zOut, 0 }, { 0 } };
  char *azRest[256];
  CliRepeat pub = { "--public", {0}, 0 };
  int nRest, nPos, rc;
  TrusteeSecret s;
  TrusteePublic *aP = 0;
  DkgPolynomial poly;
  Buf out = BUF_INIT;
  if( argc>256 ){ cli_error("too many arguments"); return EXIT_USAGE; }
  if( cli_gather(argc, argv, &pub, 1, &nRest, azRest) ) return EXIT_USAGE;
  rc = cli_parse(nRest, azRest, aOpt, zTrusteeUsage, 0, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zSecret || !zOut ){ cli_error("trustee shares: --secret, --public and --out are required"); return EXIT_USAGE; }
  group_init();
  if( trustee_secret_read(&s, zSecret) ) return EXIT_USER;
  memset(&poly, 0, sizeof poly);
  rc = EXIT_USER;
  if( keyfile_count(&s.f, "coefficient")!=(int)s.k ){
    cli_error("%s: no polynomial (were the shares already combined?)", zSecret); goto out;
  }
  poly.k = s.k;
  for(uint32_t t=0; t<s.k; t++) if( keyfile_scalar(&s.f, "coefficient", (int)t, &poly.a[t]) ) goto out;
  aP = xcalloc(s.n, sizeof *aP);
  if( keyfile_trustee_publics(pub.az, pub.n, aP, s.n, s.k) ) goto out;
  {
    GroupPoint aC[DKG_MAX_TRUSTEES];
    dkg_commitments(aC, &poly);
    for(uint32_t t=0; t<s.k; t++){
      if( !group_point_eq(&aC[t], &aP[s.i-1].aC[t]) ){
        cli_error("the public file given for trustee %u is not this secret's", s.i); goto out;
      }
    }
  }
  buf_printf(&out, "# mandate trustee %u's sealed shares: send this file to every trustee\nfrom %u\n", s.i, s.i);
  for(uint32_t j=1; j<=s.n; j++){
    GroupScalar share;
    unsigned char aBox[DKG_SEALED_SHARE_BYTES];
    char zName[32];
    if( j==s.i ) continue;
    dkg_share(&share, &poly, j);
    int bad = dkg_share_seal(aBox, &share, aP[j-1].box);
    group_scalar_wipe(&share);
    if( bad ){ cli_error("cannot seal the share for trustee %u", j); goto out; }
    snprintf(zName, sizeof zName, "to-%u", j);
    keyfile_put_hex(&out, zName, aBox, sizeof aBox);
  }
  if( cli_write_file(zOut, out.z, out.n, 0644, CLI_WRITE_NEW) ) goto out;
  printf("shares for the other %u trustees sealed in %s: send it to them\n", s.n-1, zOut);
  rc = EXIT_OK;
out:
  dkg_polynomial_wipe(&poly);
  trustee_secret_clear(&s);
  free(aP);
  buf_reset(&out);
  return rc;
}

static int trustee_combine(int argc, char **argv){
  const char *zSecret = 0;
  const CliOpt aOpt[] = { { "--secret", &zSecret, 0 }, { 0 } };
  char *azRest[256], *azRest2[256];
  CliRepeat pub = { "--public", {0}, 0 }, shares = { "--shares", {0}, 0 };
  int nRest, nRest2, nPos, rc;
  TrusteeSecret s;
  TrusteePublic *aP = 0;
  DkgPolynomial poly;
  GroupScalar x;
  Buf sec = BUF_INIT;
  if( argc>256 ){ cli_error("too many arguments"); return EXIT_USAGE; }
  if( cli_gather(argc, argv, &pub, 1, &nRest, azRest)
   || cli_gather(nRest, azRest, &shares, 1, &nRest2, azRest2) ) return EXIT_USAGE;
  rc = cli_parse(nRest2, azRest2, aOpt, zTrusteeUsage, 0, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zSecret ){ cli_error("trustee combine: --secret, --public and --shares are required"); return EXIT_USAGE; }
  group_init();
  if( trustee_secret_read(&s, zSecret) ) return EXIT_USER;
  memset(&poly, 0, sizeof poly);
  group_scalar_zero(&x);
  rc = EXIT_USER;
  if( keyfile_count(&s.f, "coefficient")!=(int)s.k ){
    cli_error("%s: no polynomial (were the shares already combined?)", zSecret); goto out;
  }
  poly.k = s.k;
  for(uint32_t t=0; t<s.k; t++) if( keyfile_scalar(&s.f, "coefficient", (int)t, &poly.a[t]) ) goto out;
  aP = xcalloc(s.n, sizeof *aP);
  if( keyfile_trustee_publics(pub.az, pub.n, aP, s.n, s.k) ) goto out;
  if( (uint32_t)shares.n!=s.n-1 ){ cli_error("%u --shares files expected (one from each other trustee), %d given", s.n-1, shares.n); goto out; }
  dkg_share(&x, &poly, s.i);                  /* our own f_i(i) */
  {
    unsigned char aSeen[DKG_MAX_TRUSTEES] = {0};
    char zName[32];
    snprintf(zName, sizeof zName, "to-%u", s.i);
    aSeen[s.i-1] = 1;
    for(int f=0; f<shares.n; f++){
      KeyFile kf;
      uint32_t from;
      unsigned char aBox[DKG_SEALED_SHARE_BYTES];
      GroupScalar share;
      if( keyfile_read(&kf, shares.az[f]) ) goto out;
      if( keyfile_u32(&kf, "from", 1, s.n, &from) || keyfile_bytes(&kf, zName, 0, aBox, sizeof aBox) ){
        keyfile_clear(&kf); goto out;
      }
      keyfile_clear(&kf);
      if( aSeen[from-1] ){ cli_error("%s: a second shares file from trustee %u", shares.az[f], from); goto out; }
      aSeen[from-1] = 1;
      if( dkg_share_open(&share, aBox, s.box, s.boxSk) ){
        cli_error("%s: the share from trustee %u does not open with your key (not sealed to you, or altered)", shares.az[f], from);
        goto out;
      }
      if( dkg_share_check(aP[from-1].aC, s.k, s.i, &share) ){
        group_scalar_wipe(&share);
        cli_error("%s: the share from trustee %u does not match their public commitments: "
                  "trustee %u is faulty; stop the ceremony and start again without them", shares.az[f], from, from);
        goto out;
      }
      group_scalar_add(&x, &x, &share);
      group_scalar_wipe(&share);
    }
  }
  {
    /* the new secret file: the key share replaces the polynomial */
    GroupPoint aA[DKG_MAX_TRUSTEES], *aAll = xcalloc((size_t)s.n*s.k, sizeof *aAll), y, yx, key;
    for(uint32_t i=0; i<s.n; i++) memcpy(&aAll[(size_t)i*s.k], aP[i].aC, s.k*sizeof *aAll);
    dkg_sum_commitments(aA, aAll, s.n, s.k);
    free(aAll);
    key = aA[0];
    dkg_verification_key(&y, aA, s.k, s.i);
    group_base_mult(&yx, &x);
    if( !group_point_eq(&y, &yx) ){ cli_error("the key share does not match the public verification key (a bug)"); goto out; }
    buf_printf(&sec, "# mandate trustee %u of %u (any %u decrypt): SECRET key share, keep it on this machine\n"
                     "index %u\ntrustees %u\nthreshold %u\n", s.i, s.n, s.k, s.i, s.n, s.k);
    keyfile_put_hex(&sec, "box", s.box, sizeof s.box);
    keyfile_put_hex(&sec, "box-secret", s.boxSk, sizeof s.boxSk);
    keyfile_put_hex(&sec, "share", x.a, GROUP_SCALAR_BYTES);
    keyfile_put_hex(&sec, "verification-key", y.a, GROUP_POINT_BYTES);
    keyfile_put_hex(&sec, "election-key", key.a, GROUP_POINT_BYTES);
    if( cli_write_file(zSecret, sec.z, sec.n, 0600, 0) ) goto out;
    {
      char zY[65];
      board_hex(zY, key.a, 32);
      printf("every share checked; your key share is in %s (the polynomial is erased)\n", zSecret);
      printf("election key %s\n", zY);
      printf("(every trustee must print the same election key: compare them)\n");
    }
  }
  rc = EXIT_OK;
out:
  dkg_polynomial_wipe(&poly);
  group_scalar_wipe(&x);
  trustee_secret_clear(&s);
  free(aP);
  wipe_buf(&sec);
  return rc;
}

static int trustee_decrypt(int argc, char **argv){
  const char *zSecret = 0, *zBoard = 0;
  const CliOpt aOpt[] = { { "--secret", &zSecret, 0 }, { "--board", &zBoard, 0 }, { 0 } };
  int nPos, rc = cli_parse(argc, argv, aOpt, zTrusteeUsage, 0, 0, &nPos);
  TrusteeSecret s;
  GroupScalar x;
  VerifyReport r;
  char *zPath;
  Buf item = BUF_INIT;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zSecret || !zBoard ){ cli_error("trustee decrypt: --secret and --board are required"); return EXIT_USAGE; }
  group_init();
  if( trustee_secret_read(&s, zSecret) ) return EXIT_USER;
  zPath = board_path(zBoard);
  rc = EXIT_USER;
  group_scalar_zero(&x);
  if( keyfile_scalar(&s.f, "share", 0, &x) ){ cli_error("%s: run 'mandate trustee combine' first", zSecret); goto out0; }
  if( board_load(zPath, &r) ) goto out0;
  if( r.election.nTrustee!=s.n || r.election.nThreshold!=s.k ){
    cli_error("this board's election has %u of %u trustees; your key is for %u of %u",
              r.election.nThreshold, r.election.nTrustee, s.k, s.n); goto out;
  }
  if( !r.hasTally ){ cli_error("%s has no tally yet: run 'mandate election tally' after the close", zPath); goto out; }
  if( r.hasResult ){ cli_error("%s already has its result", zPath); goto out; }
  for(uint32_t p=0; p<r.nPartial; p++){
    if( r.aPartialIdx[p]==s.i-1 ){ cli_error("trustee %u has already decrypted this tally", s.i); goto out; }
  }
  /* The verifier has checked that the tally is the sum of exactly the
  ** counted ballots: decrypting r.aSum can reveal nothing but the count. */
  if( election_partial_make(&item, &r.election, s.i-1, &x, r.aSum,
                            (size_t)r.nBucket*r.election.nAnswerTotal) ){
    cli_error("your key share is not trustee %u's in this election", s.i); goto out;
  }
  if( board_add(zPath, BOARD_PARTIAL_DECRYPTION, &item) ) goto out;
  printf("board verified (%zu ballots, %zu counted); trustee %u's partial decryption added (%u of the %u needed)\n",
         r.nBallot, r.nCounted, s.i, r.nPartial+1, r.election.nThreshold);
  rc = EXIT_OK;
out:
  verify_report_clear(&r);
out0:
  group_scalar_wipe(&x);
  trustee_secret_clear(&s);
  free(zPath);
  buf_reset(&item);
  return rc;
}

static const CliSub aTrusteeCmd[] = {
  { "keygen",  "trustee keygen",  trustee_keygen },
  { "shares",  "trustee shares",  trustee_shares },
  { "combine", "trustee combine", trustee_combine },
  { "decrypt", "trustee decrypt", trustee_decrypt },
  { "destroy", "trustee destroy", trustee_cmd_destroy },   /* cmd_pledge.c */
};

int cmd_trustee(int argc, char **argv){
  return cli_subcommand(argc, argv, aTrusteeCmd, (int)(sizeof aTrusteeCmd/sizeof aTrusteeCmd[0]), zTrusteeUsage);
}

/* ============================================================= authority */

static const char zAuthorityUsage[] =
  "usage: mandate authority keygen --dir DIR\n"
  "       mandate authority credentials --secret FILE --board DIR --voters N --out FILE\n"
  "                                     [--group NAME] [--weight W]\n"
  "\n"
  "The credential authority: it alone can issue credentials, so the server\n"
  "cannot cast ballots (docs/ceremony.md).\n"
  "\n"
  "  keygen       DIR/authority.secret (0600) and DIR/authority.public\n"
  "  credentials  make one credential per voter, publish the public halves on\n"
  "               the board (signed) and write the secret halves to FILE (0600),\n"
  "               one line a voter, for the mail merge; then destroy FILE.\n"
  "               --group: the breakdown group (e.g. branch) these voters are in,\n"
  "               when the election has groups; --weight: each one's vote counts W\n"
  "               times (a delegate conference). Run it once per group or weight.\n";

static int authority_keygen(int argc, char **argv){
  const char *zDir = 0;
  const CliOpt aOpt[] = { { "--dir", &zDir, 0 }, { 0 } };
  int nPos, rc = cli_parse(argc, argv, aOpt, zAuthorityUsage, 0, 0, &nPos);
  GroupScalar sk;
  GroupPoint pk;
  Buf sec = BUF_INIT, pub = BUF_INIT, path = BUF_INIT;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zDir ){ cli_error("authority keygen: --dir is required"); return EXIT_USAGE; }
  group_init();
  elg_keygen(&sk, &pk);
  buf_puts(&sec, "# mandate credential authority: SECRET, keep it on this machine\n");
  keyfile_put_hex(&sec, "secret", sk.a, GROUP_SCALAR_BYTES);
  keyfile_put_hex(&sec, "public", pk.a, GROUP_POINT_BYTES);
  buf_puts(&pub, "# mandate credential authority: public key, send it to the organiser\n");
  keyfile_put_hex(&pub, "public", pk.a, GROUP_POINT_BYTES);
  rc = EXIT_USER;
  if( mkdir(zDir, 0700) && errno!=EEXIST ){ cli_error("%s: %s", zDir, strerror(errno)); goto out; }
  buf_printf(&path, "%s/authority.secret", zDir);
  if( cli_write_file(path.z, sec.z, sec.n, 0600, CLI_WRITE_NEW) ) goto out;
  printf("secret: %s (mode 0600)\n", path.z);
  buf_truncate(&path, 0);
  buf_printf(&path, "%s/authority.public", zDir);
  if( cli_write_file(path.z, pub.z, pub.n, 0644, CLI_WRITE_NEW) ) goto out;
  printf("public: %s (send it to the organiser)\n", path.z);
  rc = EXIT_OK;
out:
  group_scalar_wipe(&sk);
  wipe_buf(&sec); buf_reset(&pub); buf_reset(&path);
  return rc;
}

static int authority_credentials(int argc, char **argv){
  const char *zSecret = 0, *zBoard = 0, *zVoters = 0, *zOut = 0, *zGroup = 0, *zWeight = "1";
  const CliOpt aOpt[] = { { "--secret", &zSecret, 0 }, { "--board", &zBoard, 0 },
                          { "--voters", &zVoters, 0 }, { "--out", &zOut, 0 },
                          { "--group", &zGroup, 0 }, { "--weight", &zWeight, 0 }, { 0 } };
  int nPos, rc = cli_parse(argc, argv, aOpt, zAuthorityUsage, 0, 0, &nPos);
  uint32_t nVoter, iGroup = 0, weight;
  KeyFile f;
  GroupScalar sk, *aSk = 0;
  GroupPoint *aPk = 0;
  VerifyReport r;
  char *zPath = 0;
  Buf item = BUF_INIT, out = BUF_INIT;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zSecret || !zBoard || !zVoters || !zOut ){
    cli_error("authority credentials: --secret, --board, --voters and --out are required"); return EXIT_USAGE;
  }
  if( parse_u32(zVoters, "--voters", 1, 10000000, &nVoter)
   || parse_u32(zWeight, "--weight", 1, ELECTION_MAX_WEIGHT, &weight) ) return EXIT_USAGE;
  group_init();
  if( keyfile_read(&f, zSecret) ) return EXIT_USER;
  rc = EXIT_USER;
  memset(&r, 0, sizeof r);
  if( keyfile_scalar(&f, "secret", 0, &sk) ) goto out;
  zPath = board_path(zBoard);
  if( board_load(zPath, &r) ) goto out;
  if( r.nBallot || r.hasTally ){ cli_error("%s: voting has begun; credentials come before the first ballot", zPath); goto out; }
  if( r.election.nGroup ){
    for(uint32_t g=0; zGroup && g<r.election.nGroup; g++){
      if( strcmp(zGroup, r.election.azGroup[g])==0 ) iGroup = g+1;
    }
    if( iGroup==0 ){ cli_error("this election has breakdown groups: --group must name one of them"); rc = EXIT_USAGE; goto out; }
  }else if( zGroup ){
    cli_error("this election has no breakdown groups: leave out --group"); rc = EXIT_USAGE; goto out;
  }
  aSk = xcalloc(nVoter, sizeof *aSk);
  aPk = xcalloc(nVoter, sizeof *aPk);
  for(uint32_t v=0; v<nVoter; v++) elg_keygen(&aSk[v], &aPk[v]);
  buf_puts(&out, "# voter secret-credential public-credential (SECRET: for the mail merge, then destroy)\n");
  for(uint32_t v=0; v<nVoter; v++){
    char zS[65], zP[65];
    board_hex(zS, aSk[v].a, 32);
    board_hex(zP, aPk[v].a, 32);
    buf_printf(&out, "voter-%07zu %s %s\n", r.nCredential + v + 1, zS, zP);
    sodium_memzero(zS, sizeof zS);
  }
  if( cli_write_file(zOut, out.z, out.n, 0600, CLI_WRITE_NEW) ) goto out;
  for(uint32_t v=0; v<nVoter; v+=1000){
    uint32_t n = nVoter - v < 1000 ? nVoter - v : 1000;
    buf_truncate(&item, 0);
    if( election_credentials_make(&item, &r.election, &sk, &aPk[v], n, iGroup, weight) ){
      cli_error("%s is not this election's credential authority key", zSecret); goto out;
    }
    if( board_add(zPath, BOARD_CREDENTIAL, &item) ) goto out;
  }
  printf("%u credentials published on %s; the secret halves are in %s (0600)\n", nVoter, zPath, zOut);
  rc = EXIT_OK;
out:
  if( aSk ) sodium_memzero(aSk, nVoter * sizeof *aSk);
  free(aSk); free(aPk);
  group_scalar_wipe(&sk);
  keyfile_clear(&f);
  verify_report_clear(&r);
  free(zPath);
  buf_reset(&item);
  wipe_buf(&out);
  return rc;
}

static const CliSub aAuthorityCmd[] = {
  { "keygen",      "authority keygen",      authority_keygen },
  { "credentials", "authority credentials", authority_credentials },
};

int cmd_authority(int argc, char **argv){
  return cli_subcommand(argc, argv, aAuthorityCmd, (int)(sizeof aAuthorityCmd/sizeof aAuthorityCmd[0]), zAuthorityUsage);
}

/* ============================================================== election */

static const char zElectionCmdUsage[] =
  "usage: mandate election create --title T --question Q [--answers \"A;B;C\"] [--min M] [--max M]\n"
  "                               [--groups \"G1;G2;...\" [--min-group N]]\n"
  "                               --authority FILE --public FILE... --out DIR\n"
  "       mandate election tally DIR\n"
  "       mandate election result DIR\n"
  "\n"
  "The organiser's steps of a real election (docs/ceremony.md); anyone may\n"
  "run tally and result, and anyone can check them with 'mandate verify'.\n"
  "\n"
  "  create  write the board's first lines: the definition (one question:\n"
  "          yes/no, or choose --min to --max of --answers) and the trustees'\n"
  "          keys, from the authority's and every trustee's .public file.\n"
  "          --groups: a breakdown of the count by these groups (e.g. branches),\n"
  "          fixed now, before any ballot; a group with fewer than --min-group\n"
  "          counted ballots (default 10) is merged so no small group is revealed\n"
  "  tally   after the close: add the encrypted tally of each credential's last ballot\n"
  "  result  once enough trustees have decrypted: combine, and add the counts\n";

/*
** Write a new board in p->zOutDir: the definition and the trustees' keys,
** from the authority's and every trustee's .public file (the shared part
** of `mandate election create` and `mandate ballot create`). Prints why on
** failure. Returns an EXIT_ code; on EXIT_OK p->aId holds the election id
** and p->aKey the election key.
*/
int ceremony_election_create(CeremonyElection *p){
  const char *zMin = p->zMin ? p->zMin : "0", *zMax = p->zMax ? p->zMax : "1";
  int rc;
  Election e;
  TrusteePublic *aP = 0, first;
  CliRepeat pub = { "--public", {0}, 0 };
  KeyFile f;
  char zErr[300], *zPath = 0;
  Buf b = BUF_INIT;
  BoardWriter w;
  if( p->nPublic<1 || p->nPublic>DKG_MAX_TRUSTEES ){ cli_error("1 to %d --public files (one per trustee)", DKG_MAX_TRUSTEES); return EXIT_USAGE; }
  pub.n = p->nPublic;
  for(int i=0; i<p->nPublic; i++) pub.az[i] = p->azPublic[i];
  group_init();
  memset(&e, 0, sizeof e);
  if( keyfile_trustee_public(&first, pub.az[0]) ) return EXIT_USER;
  rc = EXIT_USER;
  aP = xcalloc(first.n, sizeof *aP);
  if( keyfile_trustee_publics(pub.az, pub.n, aP, first.n, first.k) ) goto out;
  if( keyfile_read(&f, p->zAuthority) ) goto out;
  if( keyfile_point(&f, "public", 0, &e.authority) ){ keyfile_clear(&f); goto out; }
  keyfile_clear(&f);
  e.zTitle = xstrdup(p->zTitle);
  e.nTrustee = first.n;
  e.nThreshold = first.k;
  e.aCommit = xcalloc((size_t)first.n*first.k, sizeof *e.aCommit);
  group_point_identity(&e.key);
  for(uint32_t i=0; i<first.n; i++){
    memcpy(&e.aCommit[(size_t)i*first.k], aP[i].aC, first.k * sizeof *e.aCommit);
    group_point_add(&e.key, &e.key, &aP[i].aC[0]);
  }
  e.nQuestion = 1;
  e.aQ = xcalloc(1, sizeof *e.aQ);
  e.aQ[0].zText = xstrdup(p->zQuestion);
  if( p->zAnswers==0 ){
    e.aQ[0].nAnswer = 1;
    e.aQ[0].azLabel = xcalloc(1, sizeof(char*));
    e.aQ[0].azLabel[0] = xstrdup("Yes");
    e.aQ[0].min = 0; e.aQ[0].max = 1;
  }else{
    uint32_t nA = 1, lo, hi;
    for(const char *z=p->zAnswers; *z; z++) nA += *z==';';
    if( nA<2 || nA>ELECTION_MAX_ANSWERS ){ cli_error("--answers: 2 to %d answers separated by ';'", ELECTION_MAX_ANSWERS); rc = EXIT_USAGE; goto out; }
    if( parse_u32(zMin, "--min", 0, nA, &lo) || parse_u32(zMax, "--max", 1, nA, &hi) ){ rc = EXIT_USAGE; goto out; }
    e.aQ[0].nAnswer = nA;
    e.aQ[0].min = lo; e.aQ[0].max = hi;
    e.aQ[0].azLabel = xcalloc(nA, sizeof(char*));
    const char *z = p->zAnswers;
    for(uint32_t j=0; j<nA; j++){
      const char *zEnd = strchr(z, ';');
      size_t n = zEnd ? (size_t)(zEnd-z) : strlen(z);
      e.aQ[0].azLabel[j] = xstrndup(z, n);
      z += n + (zEnd!=0);
    }
  }
  if( p->nGroup>ELECTION_MAX_GROUPS ){ cli_error("at most %d breakdown groups", ELECTION_MAX_GROUPS); goto out; }
  e.minGroup = p->minGroup ? p->minGroup : ELECTION_MIN_GROUP;
  e.nGroup = p->nGroup;
  e.azGroup = xcalloc(p->nGroup ? p->nGroup : 1, sizeof *e.azGroup);
  for(uint32_t g=0; g<p->nGroup; g++) e.azGroup[g] = xstrdup(p->azGroup[g]);
  if( election_finish(&e, zErr, sizeof zErr) ){ cli_error("the election is not valid: %s", zErr); goto out; }
  if( mkdir(p->zOutDir, 0755) && errno!=EEXIST ){ cli_error("%s: %s", p->zOutDir, strerror(errno)); goto out; }
  zPath = board_path(p->zOutDir);
  if( access(zPath, F_OK)==0 ){ cli_error("%s already exists", zPath); goto out; }
  if( board_writer_open(&w, zPath, zErr, sizeof zErr) ){ cli_error("%s", zErr); goto out; }
  election_encode(&e, &b);
  int bad = board_append(&w, BOARD_ELECTION, (unsigned char*)b.z, b.n);
  for(uint32_t i=0; !bad && i<e.nTrustee; i++){
    buf_truncate(&b, 0);
    bad = election_trustee_key_item(&b, &e, i, aP[i].proof)
       || board_append(&w, BOARD_TRUSTEE_KEY, (unsigned char*)b.z, b.n);
  }
  if( board_writer_close(&w) | bad ){ cli_error("%s: cannot write the board", zPath); unlink(zPath); goto out; }
  memcpy(p->aId, e.id, sizeof p->aId);
  memcpy(p->aKey, e.key.a, sizeof p->aKey);
  p->nThreshold = e.nThreshold;
  p->nTrustee = e.nTrustee;
  rc = EXIT_OK;
out:
  election_clear(&e);
  free(aP);
  free(zPath);
  buf_reset(&b);
  return rc;
}

static int election_create(int argc, char **argv){
  const char *zTitle = 0, *zQuestion = 0, *zAnswers = 0, *zMin = "0", *zMax = "1", *zAuth = 0, *zOut = 0;
  const char *zGroups = 0, *zMinGroup = "10";
  const CliOpt aOpt[] = { { "--title", &zTitle, 0 }, { "--question", &zQuestion, 0 },
                          { "--answers", &zAnswers, 0 }, { "--min", &zMin, 0 }, { "--max", &zMax, 0 },
                          { "--groups", &zGroups, 0 }, { "--min-group", &zMinGroup, 0 },
                          { "--authority", &zAuth, 0 }, { "--out", &zOut, 0 }, { 0 } };
  char *azRest[256], **azGroup = 0;
  CliRepeat pub = { "--public", {0}, 0 };
  int nRest, nPos, rc;
  uint32_t minGroup, nGroup = 0;
  CeremonyElection ce;
  if( argc>256 ){ cli_error("too many arguments"); return EXIT_USAGE; }
  if( cli_gather(argc, argv, &pub, 1, &nRest, azRest) ) return EXIT_USAGE;
  rc = cli_parse(nRest, azRest, aOpt, zElectionCmdUsage, 0, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zTitle || !zQuestion || !zAuth || !zOut || pub.n==0 ){
    cli_error("election create: --title, --question, --authority, --public (one per trustee) and --out are required");
    return EXIT_USAGE;
  }
  if( parse_u32(zMinGroup, "--min-group", 1, 1000000, &minGroup) ) return EXIT_USAGE;
  azGroup = xcalloc(ELECTION_MAX_GROUPS, sizeof *azGroup);
  for(const char *z = zGroups; z && *z && nGroup<ELECTION_MAX_GROUPS; ){
    const char *zEnd = strchr(z, ';');
    size_t n = zEnd ? (size_t)(zEnd-z) : strlen(z);
    azGroup[nGroup++] = xstrndup(z, n);
    z += n + (zEnd!=0);
  }
  memset(&ce, 0, sizeof ce);
  ce.zTitle = zTitle; ce.zQuestion = zQuestion; ce.zAnswers = zAnswers;
  ce.zMin = zMin; ce.zMax = zMax;
  ce.azGroup = (const char *const*)azGroup; ce.nGroup = nGroup; ce.minGroup = minGroup;
  ce.zAuthority = zAuth; ce.azPublic = pub.az; ce.nPublic = pub.n; ce.zOutDir = zOut;
  rc = ceremony_election_create(&ce);
  if( rc==EXIT_OK ){
    char zId[65], zY[65], *zPath = board_path(zOut);
    board_hex(zId, ce.aId, 32);
    board_hex(zY, ce.aKey, 32);
    printf("election %s created on %s\n  key %s (%u of %u trustees decrypt)\n", zId, zPath, zY, ce.nThreshold, ce.nTrustee);
    printf("next: mandate authority credentials --board %s ...\n", zOut);
    free(zPath);
  }
  for(uint32_t g=0; g<nGroup; g++) free(azGroup[g]);
  free(azGroup);
  return rc;
}

/*
** Append the tally to the board in zDir (or the board file zDir): the
** shared part of `mandate election tally` and `mandate ballot close`.
** Refuses a board that does not verify or already has its tally. On
** EXIT_OK *pnCounted and *pnBallot (may be NULL) get the counts.
*/
int ceremony_board_tally(const char *zDir, size_t *pnCounted, size_t *pnBallot){
  char *zPath;
  int rc;
  VerifyReport r;
  Buf item = BUF_INIT;
  group_init();
  zPath = board_path(zDir);
  rc = EXIT_USER;
  if( board_load(zPath, &r) ){ free(zPath); return rc; }
  if( r.hasTally ){ cli_error("%s already has its tally", zPath); goto out; }
  election_tally_encode(&item, r.nBucket, r.aBucketCounted, r.aBucketWeight, r.aSum,
                        r.election.nAnswerTotal);
  if( board_add(zPath, BOARD_TALLY, &item) ) goto out;
  if( pnCounted ) *pnCounted = r.nCounted;
  if( pnBallot ) *pnBallot = r.nBallot;
  rc = EXIT_OK;
out:
  verify_report_clear(&r);
  free(zPath);
  buf_reset(&item);
  return rc;
}

static int election_tally(int argc, char **argv){
  const CliOpt aOpt[] = { { 0 } };
  char *azPos[1];
  size_t nCounted = 0, nBallot = 0;
  int nPos, rc = cli_parse(argc, argv, aOpt, zElectionCmdUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 ){ cli_error("election tally: which board?"); return EXIT_USAGE; }
  rc = ceremony_board_tally(azPos[0], &nCounted, &nBallot);
  if( rc==EXIT_OK ){
    printf("voting closed: tally of %zu counted ballots (of %zu cast) added to %s\n", nCounted, nBallot, azPos[0]);
    printf("next: the trustees run 'mandate trustee decrypt --board %s'\n", azPos[0]);
  }
  return rc;
}

/*
** Combine the trustees' partial decryptions on the board in zDir and
** append the result: the shared part of `mandate election result` and
** `mandate ballot result`. Refuses a board that does not verify, has no
** tally, too few partial decryptions, or a result already.
*/
int ceremony_board_result(const char *zDir){
  char *zPath;
  int rc;
  VerifyReport r;
  Buf item = BUF_INIT;
  GroupPoint *aD = 0;
  ElgDlog *pTable = 0;
  group_init();
  zPath = board_path(zDir);
  rc = EXIT_USER;
  if( board_load(zPath, &r) ){ free(zPath); return rc; }
  if( r.hasResult ){ cli_error("%s already has its result", zPath); goto out; }
  if( !r.hasTally || r.nPartial < r.election.nThreshold ){
    cli_error("%s has %u partial decryptions; %u of the %u trustees are needed",
              zPath, r.nPartial, r.election.nThreshold, r.election.nTrustee); goto out;
  }
  {
    size_t nA = r.election.nAnswerTotal, nEntry = (size_t)r.nBucket*nA;
    uint64_t *aCount = xcalloc(nEntry, sizeof *aCount);
    aD = xcalloc(nEntry, sizeof *aD);
    pTable = elg_dlog_new(r.weightCounted, 0);
    if( pTable==0 || election_combine(aD, nEntry, &r.election, r.aPartialIdx, r.nPartial, r.aShare) ){
      cli_error("cannot combine the partial decryptions (a bug)"); free(aCount); goto out;
    }
    for(size_t k=0; k<nEntry; k++){
      GroupPoint m;
      if( elg_unblind(&m, &r.aSum[k], &aD[k]) || elg_dlog(pTable, &m, &aCount[k]) ){
        cli_error("tally %zu does not decrypt to a count (a bug)", k+1); free(aCount); goto out;
      }
    }
    election_result_encode(&item, r.nBucket, r.aBucketCounted, r.aBucketWeight, aCount, nA);
    free(aCount);
  }
  if( board_add(zPath, BOARD_RESULT, &item) ) goto out;
  rc = EXIT_OK;
out:
  free(aD);
  elg_dlog_free(pTable);
  verify_report_clear(&r);
  free(zPath);
  buf_reset(&item);
  return rc;
}

static int election_result(int argc, char **argv){
  const CliOpt aOpt[] = { { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zElectionCmdUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 ){ cli_error("election result: which board?"); return EXIT_USAGE; }
  rc = ceremony_board_result(azPos[0]);
  if( rc==EXIT_OK ) printf("result added to %s; anyone can check it: mandate verify %s\n", azPos[0], azPos[0]);
  return rc;
}

/* Called from cmd_election.c's table. */
int election_cmd_create(int argc, char **argv){ return election_create(argc, argv); }
int election_cmd_tally(int argc, char **argv){ return election_tally(argc, argv); }
int election_cmd_result(int argc, char **argv){ return election_result(argc, argv); }
const char *election_cmd_usage(void){ return zElectionCmdUsage; }

/* ================================================================ ballot */

static const char zBallotUsage[] =
  "usage: mandate election cast DIR --credential HEX --choose yes|no|blank|N[,N...]\n"
  "\n"
  "Cast a ballot on the board in DIR with a voter's secret credential (the\n"
  "second field of the credential authority's line for that voter): encrypt\n"
  "the choice, prove it valid, sign it, check it and append it. Prints the\n"
  "tracker. A voter may cast again; the last ballot counts. For tests and\n"
  "rehearsals: members vote from their own device (issue 5).\n";

static int ballot_cast(int argc, char **argv){
  const char *zCred = 0, *zChoose = 0;
  const CliOpt aOpt[] = { { "--credential", &zCred, 0 }, { "--choose", &zChoose, 0 }, { 0 } };
  char *azPos[1], *zPath = 0, zErr[320], zTracker[BOARD_TRACKER_CHARS+1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zBallotUsage, azPos, 1, &nPos);
  VerifyReport r;
  GroupScalar sk;
  GroupPoint pk;
  uint8_t aChoice[ELECTION_MAX_ANSWERS] = {0};
  Buf item = BUF_INIT, all = BUF_INIT;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zCred || !zChoose ){ cli_error("election cast: DIR, --credential and --choose are required"); return EXIT_USAGE; }
  if( keyfile_credential(zCred, &sk) ) return EXIT_USAGE;
  group_init();
  group_base_mult(&pk, &sk);
  zPath = board_path(azPos[0]);
  rc = EXIT_USER;
  if( board_load_keep(zPath, &r, &all) ) goto out0;
  if( r.hasTally ){ cli_error("%s: voting has closed", zPath); goto out; }
  if( r.election.nQuestion!=1 ){ cli_error("this command casts single-question ballots only"); goto out; }
  if( ceremony_parse_choice(&r.election.aQ[0], zChoose, aChoice) ){ rc = EXIT_USAGE; goto out; }
  if( election_ballot_make(&item, &r.election, &sk, &pk, aChoice) ){
    cli_error("this choice is not allowed by the question"); goto out;
  }
  /* the credential must be on the board: the whole board, with this
  ** ballot, must still verify (open) */
  {
    VerifyReport r2;
    BoardWriter w;
    board_writer_buf(&w, &all);
    memcpy(w.last, r.head, sizeof w.last);
    board_append(&w, BOARD_BALLOT, (unsigned char*)item.z, item.n);
    verify_board((unsigned char*)all.z, all.n, 2, VERIFY_OPEN, &r2);
    int ok = r2.ok;
    if( !ok ) snprintf(zErr, sizeof zErr, "%s", r2.zFail);
    verify_report_clear(&r2);
    if( !ok ){ cli_error("the ballot is refused: %s", zErr); goto out; }
  }
  if( board_add(zPath, BOARD_BALLOT, &item) ) goto out;
  board_tracker(zTracker, (unsigned char*)item.z, item.n);
  printf("ballot cast; your tracker: %s\n", zTracker);
  rc = EXIT_OK;
out:
  verify_report_clear(&r);
out0:
  group_scalar_wipe(&sk);
  free(zPath);
  buf_reset(&item);
  buf_reset(&all);
  return rc;
}

int election_cmd_cast(int argc, char **argv){ return ballot_cast(argc, argv); }

int ceremony_parse_choice(const ElectionQuestion *pQ, const char *zChoose, uint8_t *aChoice){
  memset(aChoice, 0, pQ->nAnswer);
  if( pQ->nAnswer==1 ){
    if( strcmp(zChoose, "yes")==0 ) aChoice[0] = 1;
    else if( strcmp(zChoose, "no")!=0 ){ cli_error("--choose: yes or no"); return -1; }
    return 0;
  }
  if( strcmp(zChoose, "blank")==0 ) return 0;
  for(const char *z=zChoose; *z; ){
    char *zEnd;
    unsigned long j = strtoul(z, &zEnd, 10);
    if( zEnd==z || j<1 || j>pQ->nAnswer || (*zEnd && *zEnd!=',') ){
      cli_error("--choose: answer numbers from 1 to %u separated by commas, or blank", pQ->nAnswer);
      return -1;
    }
    aChoice[j-1] = 1;
    z = *zEnd ? zEnd+1 : zEnd;
  }
  return 0;
}
