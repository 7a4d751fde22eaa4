/* test_normalize.c: unit tests for the contact-data normalisers
** (src/util/normalize.c): the forms members' data really arrives in, what
** is refused and why, and the date arithmetic. */
#include "test.h"
#include "../../src/util/normalize.h"
#include <stdlib.h>

typedef int (*NormFn)(const char*, char*, const char**);

/* Run xNorm on zIn: the normal form, or "ERR:<why>" on failure. Checks on
** the way that the normal form is a fixed point. Returns a static buffer. */
static const char *norm(NormFn xNorm, const char *zIn){
  static char zRes[NORM_MAX + 32];
  char zOut[NORM_MAX], zAgain[NORM_MAX];
  const char *zWhy = 0;
  if( xNorm(zIn, zOut, &zWhy)!=0 ){
    snprintf(zRes, sizeof zRes, "ERR:%s", zWhy ? zWhy : "(null)");
    return zRes;
  }
  if( xNorm(zOut, zAgain, &zWhy)!=0 || strcmp(zOut, zAgain)!=0 ){
    snprintf(zRes, sizeof zRes, "NOT IDEMPOTENT:%s", zOut);
    return zRes;
  }
  snprintf(zRes, sizeof zRes, "%s", zOut);
  return zRes;
}

#define EMAIL_ERR    "ERR:an email address like name@example.org"
#define MOBILE_ERR   "ERR:a UK mobile number like 07700 900123"
#define POSTCODE_ERR "ERR:a UK postcode like SW1A 1AA"
#define DATE_ERR     "ERR:a date like 2024-03-06 or 06/03/2024"

TEST(norm_email_accepts){
  CHECK_STR(norm(norm_email, " Jo.Bloggs@Example.ORG "), "Jo.Bloggs@example.org");
  CHECK_STR(norm(norm_email, "jo@example.org"), "jo@example.org");
  CHECK_STR(norm(norm_email, "jo+union@mail.example.co.uk"), "jo+union@mail.example.co.uk");
  CHECK_STR(norm(norm_email, "o'neill@x-y.example"), "o'neill@x-y.example");
  CHECK_STR(norm(norm_email, "\tjo@EXAMPLE.org\r\n"), "jo@example.org");
  CHECK_STR(norm(norm_email, "\xc2\xa0jo@example.org\xc2\xa0"), "jo@example.org");
  CHECK_STR(norm(norm_email, "zo\xc3\xab@example.org"), "zo\xc3\xab@example.org");
}

TEST(norm_email_rejects){
  static const char *azBad[] = {
    "", "   ", "jo", "jo@", "@example.org", "jo@example", "jo@@example.org",
    "jo@bar@example.org", "jo bloggs@example.org", "jo@exa mple.org",
    "Jo <jo@example.org>", "jo@.example.org", "jo@example..org",
    "jo@example.org.", "jo@-example.org", "jo@example-.org", ".jo@example.org",
    "jo.@example.org", "j..o@example.org", "jo@1.2.3.4", "jo@example.org,",
    "jo@exam_ple.org", "jo\xff@example.org", "jo\"x\"@example.org",
  };
  for(size_t i=0; i<sizeof azBad/sizeof azBad[0]; i++){
    const char *zRes = norm(norm_email, azBad[i]);
    if( strcmp(zRes, EMAIL_ERR)!=0 ) test_fail(__FILE__, __LINE__,
        "norm_email(\"%s\") gave \"%s\"", azBad[i], zRes);
  }
}

TEST(norm_email_length_limits){
  char zIn[400];
  memset(zIn, 'a', 64);
  strcpy(zIn+64, "@example.org");
  CHECK_STR(norm(norm_email, zIn), zIn);           /* 64-byte local part */
  memset(zIn, 'a', 65);
  strcpy(zIn+65, "@example.org");
  CHECK_STR(norm(norm_email, zIn), EMAIL_ERR);
  /* 254 bytes in all is the limit: a@ + labels of 50 + ... */
  strcpy(zIn, "a@");
  while( strlen(zIn)<240 ) strcat(zIn, "bbbbbbbbb.");
  size_t n = strlen(zIn);
  while( n<251 ) zIn[n++] = 'c';
  strcpy(zIn+n, "org");                             /* 254 bytes */
  CHECK_INT(strlen(zIn), 254);
  CHECK_STR(norm(norm_email, zIn), zIn);
  strcpy(zIn+n, "orgx");
  CHECK_STR(norm(norm_email, zIn), EMAIL_ERR);
  memset(zIn, 'a', 399); zIn[399] = 0;
  CHECK_STR(norm(norm_email, zIn), EMAIL_ERR);
}

TEST(norm_uk_mobile_accepts){
  static const char *azGood[] = {
    "07700900123", "07700 900123", "07700-900-123", "(07700) 900123",
    "+447700900123", "+44 7700 900123", "+44 (0)7700 900123",
    "+44(0)7700-900123", "0044 7700 900123", "0044 (0)7700 900123",
    "447700900123", "44 7700 900123", "+44 07700 900123", "7700900123",
    " 07700.900.123 ", "(+44) 7700 900123", ("07700\xc2\xa0" "900123"),
  };
  for(size_t i=0; i<sizeof azGood/sizeof azGood[0]; i++){
    const char *zRes = norm(norm_uk_mobile, azGood[i]);
    if( strcmp(zRes, "+447700900123")!=0 ) test_fail(__FILE__, __LINE__,
        "norm_uk_mobile(\"%s\") gave \"%s\"", azGood[i], zRes);
  }
  CHECK_STR(norm(norm_uk_mobile, "07624 123456"), "+447624123456"); /* Isle of Man */
  CHECK_STR(norm(norm_uk_mobile, "07912 345678"), "+447912345678");
}

TEST(norm_uk_mobile_rejects){
  static const char *azBad[] = {
    "", "0770090012", "077009001234", "+4477009001234", "+1 202 555 0143",
    "+33 6 12 34 56 78", "07700 900123 ext 4", "07700/900123", "0770O900123",
    "+", "++447700900123", "07000 123456", "07600 123456", "00 7700 900123",
    "0044", "447700 90012", "44+7700900123", "+44 7700 +900123",
  };
  for(size_t i=0; i<sizeof azBad/sizeof azBad[0]; i++){
    const char *zRes = norm(norm_uk_mobile, azBad[i]);
    if( strncmp(zRes, MOBILE_ERR, strlen(MOBILE_ERR))!=0 ) test_fail(__FILE__,
        __LINE__, "norm_uk_mobile(\"%s\") gave \"%s\"", azBad[i], zRes);
  }
}

TEST(norm_uk_mobile_refuses_landlines){
  CHECK_CONTAINS(norm(norm_uk_mobile, "020 7946 0000"), "not a landline");
  CHECK_CONTAINS(norm(norm_uk_mobile, "+44 20 7946 0000"), "not a landline");
  CHECK_CONTAINS(norm(norm_uk_mobile, "0113 496 0000"), "not a landline");
  CHECK_CONTAINS(norm(norm_uk_mobile, "01632 960000"), MOBILE_ERR);
}

TEST(norm_postcode_shapes){
  CHECK_STR(norm(norm_postcode, "sw1a1aa"), "SW1A 1AA");     /* AA9A 9AA */
  CHECK_STR(norm(norm_postcode, " SW1A  1AA "), "SW1A 1AA");
  CHECK_STR(norm(norm_postcode, "m1 1ae"), "M1 1AE");        /* A9 9AA */
  CHECK_STR(norm(norm_postcode, "B33 8TH"), "B33 8TH");      /* A99 9AA */
  CHECK_STR(norm(norm_postcode, "CR2 6XH"), "CR2 6XH");      /* AA9 9AA */
  CHECK_STR(norm(norm_postcode, "DN55 1PT"), "DN55 1PT");    /* AA99 9AA */
  CHECK_STR(norm(norm_postcode, "W1A 0AX"), "W1A 0AX");      /* A9A 9AA */
  CHECK_STR(norm(norm_postcode, "ec1a 1bb"), "EC1A 1BB");
  CHECK_STR(norm(norm_postcode, "gir 0aa"), "GIR 0AA");
  CHECK_STR(norm(norm_postcode, "LS1\xc2\xa0" "1AA"), "LS1 1AA");
}

TEST(norm_postcode_rejects){
  static const char *azBad[] = {
    "", "SW1A", "SW1A 1A", "SW1A 1AAA", "SW1A1AA1", "1W1A 1AA", "SWAA 1AA",
    "S11A 1AA", "SW1A AAA", "SW1A 11A", "SW1A 1A1", "SW1A-1AA", "SW1A 1AO",
    "QW1A 1AA", "SZ1 1AA", "W1I 0AX", "EC1C 1BB", "A1 1AA.", "90210",
    "LS1 1ÄA", "GIR 0AB",
  };
  for(size_t i=0; i<sizeof azBad/sizeof azBad[0]; i++){
    const char *zRes = norm(norm_postcode, azBad[i]);
    if( strcmp(zRes, POSTCODE_ERR)!=0 ) test_fail(__FILE__, __LINE__,
        "norm_postcode(\"%s\") gave \"%s\"", azBad[i], zRes);
  }
}

TEST(norm_date_forms){
  CHECK_STR(norm(norm_date, "2024-03-06"), "2024-03-06");
  CHECK_STR(norm(norm_date, "06/03/2024"), "2024-03-06");    /* day first */
  CHECK_STR(norm(norm_date, "6/3/2024"), "2024-03-06");
  CHECK_STR(norm(norm_date, "2024-3-6"), "2024-03-06");
  CHECK_STR(norm(norm_date, " 31/12/1999 "), "1999-12-31");
  CHECK_STR(norm(norm_date, "1900-01-01"), "1900-01-01");
  CHECK_STR(norm(norm_date, "31/12/2100"), "2100-12-31");
}

TEST(norm_date_rejects){
  static const char *azBad[] = {
    "", "2024", "2024-03", "2024/03/06", "06-03-2024", "06/03/24", "6.3.2024",
    "2024-13-01", "2024-00-10", "2024-01-00", "00/01/2024", "2024-03-06T10:00",
    "20240306", "2024-03-066", "+2024-03-06", "12024-03-06", "March 6 2024",
    "2024-03-06 x",
  };
  for(size_t i=0; i<sizeof azBad/sizeof azBad[0]; i++){
    const char *zRes = norm(norm_date, azBad[i]);
    if( strcmp(zRes, DATE_ERR)!=0 ) test_fail(__FILE__, __LINE__,
        "norm_date(\"%s\") gave \"%s\"", azBad[i], zRes);
  }
  CHECK_STR(norm(norm_date, "1899-12-31"), "ERR:a year from 1900 to 2100");
  CHECK_STR(norm(norm_date, "01/01/2101"), "ERR:a year from 1900 to 2100");
}

TEST(norm_date_leap_days){
  CHECK_STR(norm(norm_date, "29/02/2024"), "2024-02-29");
  CHECK_STR(norm(norm_date, "2000-02-29"), "2000-02-29");    /* 400 rule */
  CHECK_CONTAINS(norm(norm_date, "29/02/2023"), "a day that exists");
  CHECK_CONTAINS(norm(norm_date, "1900-02-29"), "a day that exists"); /* 100 rule */
  CHECK_CONTAINS(norm(norm_date, "2100-02-29"), "a day that exists");
  CHECK_CONTAINS(norm(norm_date, "31/04/2024"), "a day that exists");
  CHECK_STR(norm(norm_date, "30/04/2024"), "2024-04-30");
}

TEST(date_days_known_values){
  CHECK_INT(date_to_days("1970-01-01"), 0);
  CHECK_INT(date_to_days("1970-01-02"), 1);
  CHECK_INT(date_to_days("2000-03-01"), 11017);
  CHECK_INT(date_to_days("2024-03-06"), 19788);
  CHECK_INT(date_to_days("1900-01-01"), -25567);
  CHECK_INT(date_to_days("2100-12-31"), 47846);
  CHECK_INT(date_to_days("2024-02-30"), -1);
  CHECK_INT(date_to_days("06/03/2024"), -1);
  CHECK_INT(date_to_days("2024-3-6"), -1);
  CHECK_INT(date_to_days(""), -1);
  char z[11];
  date_from_days(0, z);      CHECK_STR(z, "1970-01-01");
  date_from_days(-1, z);     CHECK_STR(z, "1969-12-31");
  date_from_days(19782, z);  CHECK_STR(z, "2024-02-29");
  date_from_days(-25567, z); CHECK_STR(z, "1900-01-01");
  date_from_days(-100000000L, z); CHECK_STR(z, "0001-01-01");  /* clamped */
  date_from_days(100000000L, z);  CHECK_STR(z, "9999-12-31");
}

TEST(date_days_round_trip){
  /* Every day from 1900 to 2100: from_days(to_days(d)) == d, consecutive. */
  char z[11], zPrev[11] = "";
  long nFirst = date_to_days("1900-01-01"), nLast = date_to_days("2100-12-31");
  int nBad = 0;
  for(long d=nFirst; d<=nLast; d++){
    date_from_days(d, z);
    if( date_to_days(z)!=d || strcmp(z, zPrev)<=0 ) nBad++;
    memcpy(zPrev, z, sizeof z);
  }
  CHECK_INT(nBad, 0);
  CHECK_INT(nLast - nFirst + 1, 201*365 + 49);   /* 49 leap years in 1900..2100 */
}

TEST(date_today_env){
  char z[11];
  const char *zOld = getenv("MANDATE_TODAY");
  char *zSave = zOld ? strdup(zOld) : 0;
  setenv("MANDATE_TODAY", "2024-03-06", 1);
  date_today(z);
  CHECK_STR(z, "2024-03-06");
  setenv("MANDATE_TODAY", "29/02/2028", 1);
  date_today(z);
  CHECK_STR(z, "2028-02-29");
  setenv("MANDATE_TODAY", "not a date", 1);   /* ignored: real today */
  date_today(z);
  CHECK(date_to_days(z) > date_to_days("2024-01-01"));
  unsetenv("MANDATE_TODAY");
  date_today(z);
  CHECK_INT(strlen(z), 10);
  CHECK(date_to_days(z) > date_to_days("2024-01-01"));
  if( zSave ){ setenv("MANDATE_TODAY", zSave, 1); free(zSave); }
}
