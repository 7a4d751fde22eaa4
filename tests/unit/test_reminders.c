/* test_reminders.c: the statistics of measured reminder waves against
** hand-computed and published values (Newcombe 1998, "Interval estimation
** for the difference between independent proportions", Statistics in
** Medicine 17:873-890, method 10), the plain sentence, and the hold-out
** draw: its size, reproducible from the seed, different for another. */
#include "test.h"
#include "../../src/domain/reminders.h"
#include <math.h>
#include <sodium.h>
#include <string.h>

#define NEAR(a, b) (fabs((a)-(b)) < 5e-5)

TEST(reminders_wilson_interval){
  double lo, hi;
  /* Newcombe 1998 (single proportion) example: 81 of 263 -> 0.2553 to 0.3662. */
  reminder_wilson(81, 263, &lo, &hi);
  CHECK(NEAR(lo, 0.2553));
  CHECK(NEAR(hi, 0.3662));
  /* 0 of 10 by hand: centre = 1.9208/13.8415, half the same: 0 to 0.2775. */
  reminder_wilson(0, 10, &lo, &hi);
  CHECK(NEAR(lo, 0.0));
  CHECK(NEAR(hi, 0.2775));
}

TEST(reminders_newcombe_difference){
  ReminderDiff d;
  /* Newcombe 1998, example (a): 56/70 - 48/80 = 0.2000, 0.0524 to 0.3339. */
  CHECK_INT(reminder_diff(56, 70, 48, 80, &d), 0);
  CHECK(NEAR(d.diff, 0.2));
  CHECK(NEAR(d.lo, 0.0524));
  CHECK(NEAR(d.hi, 0.3339));
  /* Example (d): 5/56 - 0/29 = 0.0893, -0.0381 to 0.1926: a zero cell. */
  CHECK_INT(reminder_diff(5, 56, 0, 29, &d), 0);
  CHECK(NEAR(d.diff, 0.0893));
  CHECK(NEAR(d.lo, -0.0381));
  CHECK(NEAR(d.hi, 0.1926));
  /* Equal groups: symmetric about zero. */
  CHECK_INT(reminder_diff(6, 10, 6, 10, &d), 0);
  CHECK(NEAR(d.diff, 0.0));
  CHECK(NEAR(d.lo, -d.hi));
  /* An empty group: no difference can be said. */
  CHECK_INT(reminder_diff(3, 10, 0, 0, &d), -1);
}

TEST(reminders_sentence){
  ReminderDiff d;
  char z[200];
  reminder_diff(56, 70, 48, 80, &d);
  reminder_sentence(&d, z, sizeof z);
  CHECK_STR(z, "the reminder raised turnout by 20.0 points (95% CI 5.2 to 33.4)");
  reminder_diff(48, 80, 56, 70, &d);
  reminder_sentence(&d, z, sizeof z);
  CHECK_STR(z, "the reminder lowered turnout by 20.0 points (95% CI -33.4 to -5.2)");
  reminder_diff(5, 56, 0, 29, &d);
  reminder_sentence(&d, z, sizeof z);
  CHECK_CONTAINS(z, "made no clear difference: +8.9 points (95% CI -3.8 to 19.3");
}

TEST(reminders_holdout_draw){
  unsigned char aSeed[32], aOther[32], aHeld[1000], aAgain[1000], aThird[1000];
  int64_t aNo[1000];
  memset(aSeed, 7, sizeof aSeed);
  memset(aOther, 9, sizeof aOther);
  for(int i=0; i<1000; i++) aNo[i] = 1000 + 3*i;
  CHECK_INT(reminder_holdout_count(1000, 10), 100);
  CHECK_INT(reminder_holdout_count(25, 10), 3);     /* 2.5 rounds up */
  CHECK_INT(reminder_holdout_count(24, 10), 2);
  CHECK_INT(reminder_holdout_count(7, 0), 0);
  reminder_draw(aSeed, aNo, 1000, 10, aHeld);
  reminder_draw(aSeed, aNo, 1000, 10, aAgain);
  reminder_draw(aOther, aNo, 1000, 10, aThird);
  int nHeld = 0;
  for(int i=0; i<1000; i++) nHeld += aHeld[i];
  CHECK_INT(nHeld, 100);
  CHECK(memcmp(aHeld, aAgain, sizeof aHeld)==0);
  CHECK(memcmp(aHeld, aThird, sizeof aHeld)!=0);
  /* Not simply the first or the last voters. */
  int nFirst = 0;
  for(int i=0; i<100; i++) nFirst += aHeld[i];
  CHECK(nFirst>0 && nFirst<100);
  /* Each voter's lot depends on their number and the seed, not on the
  ** others' order: reversing the list holds out the same voters. */
  int64_t aRev[1000];
  unsigned char aHeldRev[1000];
  for(int i=0; i<1000; i++) aRev[i] = aNo[999-i];
  reminder_draw(aSeed, aRev, 1000, 10, aHeldRev);
  int same = 1;
  for(int i=0; i<1000; i++) if( aHeldRev[i]!=aHeld[999-i] ) same = 0;
  CHECK(same);
}
