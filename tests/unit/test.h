/* test.h: the unit test harness. Each test file declares tests with TEST();
** they register themselves at start-up and test_main.c runs them all and
** prints "N passed, N failed". */
#ifndef MANDATE_TEST_H
#define MANDATE_TEST_H
#include <stdio.h>
#include <string.h>

typedef void (*TestFn)(void);
void test_register(const char *zName, TestFn fn);
void test_fail(const char *zFile, int line, const char *zFmt, ...)
  __attribute__((format(printf,3,4)));
const char *test_tmpdir(void);   /* a fresh directory per run; borrowed */

#define TEST(name) \
  static void name(void); \
  __attribute__((constructor)) static void name##_register(void){ \
    test_register(#name, name); } \
  static void name(void)

/* Each CHECK records a failure and carries on; the test fails if any did. */
#define CHECK(cond) do{ if(!(cond)) test_fail(__FILE__,__LINE__,"%s",#cond); }while(0)
#define CHECK_INT(a,b) do{ long long a_=(long long)(a), b_=(long long)(b); \
  if(a_!=b_) test_fail(__FILE__,__LINE__,"%s == %lld, expected %lld",#a,a_,b_); }while(0)
#define CHECK_STR(a,b) do{ const char *a_=(a), *b_=(b); \
  if(a_==0 || b_==0 ? a_!=b_ : strcmp(a_,b_)!=0) \
    test_fail(__FILE__,__LINE__,"%s == \"%s\", expected \"%s\"",#a, \
              a_?a_:"(null)", b_?b_:"(null)"); }while(0)
#define CHECK_CONTAINS(hay,needle) do{ const char *h_=(hay), *n_=(needle); \
  if(h_==0 || strstr(h_,n_)==0) test_fail(__FILE__,__LINE__, \
    "%s does not contain \"%s\"",#hay,n_); }while(0)

#endif
