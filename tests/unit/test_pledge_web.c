/* test_pledge_web.c: the domain functions the web's pledge pages use:
** the sealed plaintext's layout, and reading the trustees' and the
** authority's pasted public files. */
#include "test.h"
#include "../../src/domain/pledge.h"
#include "../../src/crypto/group.h"
#include <stdlib.h>
#include <string.h>

TEST(pledge_plaintext_is_name_statement_number){
  Buf b = BUF_INIT;
  char zErr[200];
  CHECK(pledge_plaintext(&b, "Asha Patel", "Mould in the waiting room", "M0000042", zErr, sizeof zErr)==0);
  CHECK(b.n==strlen("Asha Patel")+1+strlen("Mould in the waiting room")+1+strlen("M0000042"));
  CHECK(strcmp(b.z, "Asha Patel")==0);
  CHECK(memcmp(b.z + b.n - 8, "M0000042", 8)==0);
  buf_reset(&b);
  CHECK(pledge_plaintext(&b, "", 0, 0, zErr, sizeof zErr)==-1);
  CHECK(pledge_plaintext(&b, "A\x01" "B", 0, 0, zErr, sizeof zErr)==-1);
  CHECK(pledge_plaintext(&b, "Asha", 0, "M0000000000000000000000000000000000", zErr, sizeof zErr)==-1);
  CHECK(b.n==0);
}

TEST(pledge_keys_parse_reads_pasted_public_files){
  GroupPoint auth, *aC = 0, g;
  GroupScalar x;
  uint32_t n = 0, k = 0;
  char zErr[300], zHex[65];
  Buf t = BUF_INIT;
  group_init();
  group_scalar_random(&x);
  group_base_mult(&g, &x);
  for(int i=0; i<32; i++) snprintf(zHex + 2*i, 3, "%02x", g.a[i]);
  /* trustee 2's file before trustee 1's, and the authority's after */
  buf_printf(&t, "# trustee 2\nindex 2\ntrustees 2\nthreshold 1\nbox 00\ncommitment %s\nproof 00\n", zHex);
  buf_printf(&t, "# trustee 1\nindex 1\ntrustees 2\nthreshold 1\ncommitment %s\n", zHex);
  buf_printf(&t, "# authority\npublic %s\n", zHex);
  CHECK(pledge_keys_parse(t.z, t.z, &auth, &n, &k, &aC, zErr, sizeof zErr)==0);
  CHECK(n==2 && k==1);
  CHECK(aC && group_point_eq(&aC[1], &g) && group_point_eq(&auth, &g));
  free(aC); aC = 0;
  /* a trustee missing */
  CHECK(pledge_keys_parse("index 1\ntrustees 2\nthreshold 1\ncommitment 00\n", t.z, &auth, &n, &k, &aC, zErr, sizeof zErr)==-1);
  CHECK(aC==0);
  /* no authority */
  buf_reset(&t);
  buf_printf(&t, "index 1\ntrustees 1\nthreshold 1\ncommitment %s\n", zHex);
  CHECK(pledge_keys_parse(t.z, t.z, &auth, &n, &k, &aC, zErr, sizeof zErr)==-1);
  CHECK(strstr(zErr, "authority")!=0);
  buf_reset(&t);
}
