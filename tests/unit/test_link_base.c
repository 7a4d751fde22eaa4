/* test_link_base.c: the union's public web address in members' mail
** (mail.link_base, a reminder wave's link base): https:// anywhere, plain
** http:// only to this machine, nothing that could break out of a link. */
#include "test.h"
#include "../../src/domain/outbox.h"

TEST(link_base_https_and_loopback_http){
  CHECK(outbox_link_base_ok("https://union.example.org"));
  CHECK(outbox_link_base_ok("https://union.example.org/"));
  CHECK(outbox_link_base_ok("https://union.example.org:8443/ballots"));
  CHECK(outbox_link_base_ok("http://127.0.0.1:8080"));
  CHECK(outbox_link_base_ok("http://localhost"));
  CHECK(outbox_link_base_ok("http://localhost:8080/"));
  CHECK(outbox_link_base_ok("http://[::1]:8080"));
}

TEST(link_base_refused){
  CHECK(!outbox_link_base_ok(0));
  CHECK(!outbox_link_base_ok(""));
  CHECK(!outbox_link_base_ok("union.example.org"));
  CHECK(!outbox_link_base_ok("javascript:alert(1)"));
  CHECK(!outbox_link_base_ok("http://union.example.org"));      /* plain http beyond this machine */
  CHECK(!outbox_link_base_ok("http://127.evil.example.org"));
  CHECK(!outbox_link_base_ok("http://localhost.evil.example.org"));
  CHECK(!outbox_link_base_ok("https://"));
  CHECK(!outbox_link_base_ok("https://:443"));
  CHECK(!outbox_link_base_ok("https://user:pw@union.example.org"));
  CHECK(!outbox_link_base_ok("https://union.example.org/a b"));
  CHECK(!outbox_link_base_ok("https://union.example.org/\"><script>"));
  CHECK(!outbox_link_base_ok("https://union.example.org/'"));
  CHECK(!outbox_link_base_ok("https://uni\xc3\xb6n.example.org"));
}
