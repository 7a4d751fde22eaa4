/* test_law.c: unit tests for the legal regimes (src/domain/law.c): loading
** and validating data/regimes, thresholds at and around every boundary,
** which version a date picks, timelines across month ends, weekends and
** bank holidays, and the iCalendar export. Every expected figure is worked
** out by hand in the comment beside it. */
#include "test.h"
#include "../../src/domain/law.h"
#include <stdlib.h>

/* The repository's regimes (unit tests run from the repository root). */
static LawSet *load(void){
  LawSet *pSet = 0;
  char *zErr = 0;
  setenv("MANDATE_REGIMES", "data/regimes", 1);
  if( law_load(0, &pSet, &zErr) ){
    test_fail(__FILE__, __LINE__, "law_load: %s", zErr);
    free(zErr);
    return 0;
  }
  return pSet;
}

/* Judge a result; returns the verdict (caller clears) or fails the test. */
static int judge(LawSet *pSet, const char *zRegime, const char *zOn, long long n,
                 long long v, long long y, long long no, int ips, LawVerdict *pV){
  static const char *const azIps[] = { "important_public_service", 0 };
  LawBallot b = { n, v, y, no<0 ? 0 : no, no>=0, zOn, ips ? azIps : 0 };
  char *zErr = 0;
  int rc = law_thresholds(pSet, zRegime, &b, pV, &zErr);
  free(zErr);
  return rc;
}

/* The check for rule zRule, or NULL. */
static const LawCheck *check_of(const LawVerdict *pV, const char *zRule){
  for(int i=0; i<pV->nCheck; i++) if( strcmp(pV->aCheck[i].zRule, zRule)==0 ) return &pV->aCheck[i];
  return 0;
}

static int any_contains(char **az, int n, const char *z){
  for(int i=0; i<n; i++) if( strstr(az[i], z) ) return 1;
  return 0;
}

TEST(law_loads_the_regimes){
  LawSet *pSet = load();
  if( !pSet ) return;
  CHECK_INT(law_regime_count(pSet), 4);   /* three statutes and the union's own rulebook */
  CHECK(law_regime(pSet, "union-rules-majority")!=0);
  CHECK_STR(json_string_value(json_object_get(law_regime_at(pSet, 0), "id")), "au-fwa-2009");
  CHECK(law_regime(pSet, "gb-tulrca-2016")!=0);
  CHECK(law_regime(pSet, "gb-era-2025")!=0);
  CHECK(law_regime(pSet, "nope")==0);
  CHECK_STR(law_holiday(pSet, "england-and-wales", "2026-04-06", 0), "Easter Monday");
  CHECK_STR(law_holiday(pSet, "england-and-wales", "2027-12-28", 0), "Boxing Day (substitute day)");
  CHECK(law_holiday(pSet, "england-and-wales", "2026-04-07", 0)==0);
  int covered = 1;
  CHECK(law_holiday(pSet, "england-and-wales", "2029-01-01", &covered)==0);
  CHECK_INT(covered, 0);
  law_free(pSet);
}

TEST(law_turnout_boundaries){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawVerdict v;
  const LawCheck *c;
  /* exactly 50%: 500 of 1000 -> met, margin 0 */
  CHECK_INT(judge(pSet, "gb-tulrca-2016", "2025-06-01", 1000, 500, 400, -1, 0, &v), 0);
  c = check_of(&v, "turnout");
  CHECK(c && c->met && c->margin==0 && c->nRequired==500);
  CHECK_INT(v.mandate, 1);
  law_verdict_clear(&v);
  /* 499 of 1000: one vote short */
  judge(pSet, "gb-tulrca-2016", "2025-06-01", 1000, 499, 400, -1, 0, &v);
  c = check_of(&v, "turnout");
  CHECK(c && !c->met && c->margin==-1);
  CHECK_INT(v.mandate, 0);
  law_verdict_clear(&v);
  /* 49.99%: 4999 of 10000 -> not met, value 49.99 */
  judge(pSet, "gb-tulrca-2016", "2025-06-01", 10000, 4999, 4000, -1, 0, &v);
  c = check_of(&v, "turnout");
  CHECK(c && !c->met && c->margin==-1 && c->value>49.989 && c->value<49.991);
  law_verdict_clear(&v);
  /* odd roll: 50% of 1001 is 500.5, so 501 are needed */
  judge(pSet, "gb-tulrca-2016", "2025-06-01", 1001, 500, 400, -1, 0, &v);
  c = check_of(&v, "turnout");
  CHECK(c && !c->met && c->nRequired==501 && c->margin==-1);
  law_verdict_clear(&v);
  judge(pSet, "gb-tulrca-2016", "2025-06-01", 1001, 501, 400, -1, 0, &v);
  c = check_of(&v, "turnout");
  CHECK(c && c->met && c->margin==0);
  law_verdict_clear(&v);
  law_free(pSet);
}

TEST(law_ips_forty_percent){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawVerdict v;
  const LawCheck *c;
  /* exactly 40% of 1000 entitled vote yes */
  judge(pSet, "gb-tulrca-2016", "2025-06-01", 1000, 600, 400, 200, 1, &v);
  c = check_of(&v, "ips_support");
  CHECK(c && c->met && c->margin==0 && c->nRequired==400);
  CHECK_INT(v.mandate, 1);
  law_verdict_clear(&v);
  /* 399: not met, so no mandate although turnout and majority are met */
  judge(pSet, "gb-tulrca-2016", "2025-06-01", 1000, 600, 399, 201, 1, &v);
  c = check_of(&v, "ips_support");
  CHECK(c && !c->met && c->margin==-1);
  CHECK(check_of(&v, "turnout")->met && check_of(&v, "majority")->met);
  CHECK_INT(v.mandate, 0);
  law_verdict_clear(&v);
  /* 40% of 1001 is 400.4: 401 needed */
  judge(pSet, "gb-tulrca-2016", "2025-06-01", 1001, 600, 400, -1, 1, &v);
  c = check_of(&v, "ips_support");
  CHECK(c && !c->met && c->nRequired==401);
  law_verdict_clear(&v);
  /* without the flag the rule is not applied, and says so */
  judge(pSet, "gb-tulrca-2016", "2025-06-01", 1000, 600, 399, -1, 0, &v);
  CHECK(check_of(&v, "ips_support")==0);
  CHECK_INT(v.nCheck, 2);
  CHECK_INT(v.mandate, 1);
  CHECK(any_contains(v.azNote, v.nNote, "important_public_service"));
  law_verdict_clear(&v);
  law_free(pSet);
}

TEST(law_majority_ties){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawVerdict v;
  const LawCheck *c;
  /* a tie is not a majority: 250 of 500 */
  judge(pSet, "gb-era-2025", "2026-03-02", 1000, 500, 250, 250, 0, &v);
  c = check_of(&v, "majority");
  CHECK(c && !c->met && c->nRequired==251 && c->margin==-1);
  CHECK_INT(v.mandate, 0);
  law_verdict_clear(&v);
  judge(pSet, "gb-era-2025", "2026-03-02", 1000, 500, 251, 249, 0, &v);
  CHECK(check_of(&v, "majority")->met && check_of(&v, "majority")->margin==0);
  CHECK_INT(v.mandate, 1);
  law_verdict_clear(&v);
  /* spoiled papers count: 500 cast, 250 yes, 240 no, 10 spoiled -> no majority */
  judge(pSet, "gb-era-2025", "2026-03-02", 1000, 500, 250, 240, 0, &v);
  CHECK(!check_of(&v, "majority")->met);
  law_verdict_clear(&v);
  /* odd: 251 of 501 is more than 250.5 */
  judge(pSet, "gb-era-2025", "2026-03-02", 1000, 501, 251, -1, 0, &v);
  CHECK(check_of(&v, "majority")->met);
  law_verdict_clear(&v);
  judge(pSet, "gb-era-2025", "2026-03-02", 1000, 501, 250, -1, 0, &v);
  CHECK(!check_of(&v, "majority")->met);
  law_verdict_clear(&v);
  law_free(pSet);
}

TEST(law_au_valid_votes){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawVerdict v;
  /* 50 of 100 voted (exactly 50%: met); 25 yes, 20 no, 5 informal:
  ** valid 45, more than half is 23 -> met by 2 */
  judge(pSet, "au-fwa-2009", "2026-03-02", 100, 50, 25, 20, 0, &v);
  CHECK(check_of(&v, "turnout")->met && check_of(&v, "turnout")->margin==0);
  CHECK(check_of(&v, "majority")->met && check_of(&v, "majority")->margin==2);
  CHECK_INT(v.mandate, 1);
  law_verdict_clear(&v);
  /* without --no all 50 are taken as valid: 26 needed, 25 is short */
  judge(pSet, "au-fwa-2009", "2026-03-02", 100, 50, 25, -1, 0, &v);
  CHECK(!check_of(&v, "majority")->met && check_of(&v, "majority")->margin==-1);
  law_verdict_clear(&v);
  /* 49 of 100 voted */
  judge(pSet, "au-fwa-2009", "2026-03-02", 100, 49, 40, 9, 0, &v);
  CHECK(!check_of(&v, "turnout")->met);
  CHECK_INT(v.mandate, 0);
  law_verdict_clear(&v);
  law_free(pSet);
}

TEST(law_date_picks_the_version){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawVerdict v;
  /* gb-era-2025: the 40% test applies to ballots opened up to 2026-02-17 */
  judge(pSet, "gb-era-2025", "2026-02-17", 1000, 600, 399, 201, 1, &v);
  CHECK(check_of(&v, "ips_support")!=0);
  CHECK_INT(v.mandate, 0);
  law_verdict_clear(&v);
  /* ... and is repealed (ERA 2025 s69) for ballots opened from 2026-02-18 */
  judge(pSet, "gb-era-2025", "2026-02-18", 1000, 600, 399, 201, 1, &v);
  CHECK(check_of(&v, "ips_support")==0);
  CHECK_INT(v.mandate, 1);
  CHECK(any_contains(v.azNote, v.nNote, "ERA 2025 s69"));
  law_verdict_clear(&v);
  /* the 50% turnout repeal (s65) has no commencement date: still applied */
  judge(pSet, "gb-era-2025", "2026-11-23", 1000, 499, 400, -1, 0, &v);
  CHECK(check_of(&v, "turnout") && !check_of(&v, "turnout")->met);
  CHECK(any_contains(v.azNote, v.nNote, "s65"));
  law_verdict_clear(&v);
  /* gb-tulrca-2016 after its end: still judged, with a note */
  judge(pSet, "gb-tulrca-2016", "2026-03-01", 1000, 600, 400, -1, 0, &v);
  CHECK(any_contains(v.azNote, v.nNote, "outside"));
  law_verdict_clear(&v);
  /* before the 2016 Act: no threshold rule in force -> no mandate */
  judge(pSet, "gb-tulrca-2016", "2016-06-01", 1000, 600, 400, -1, 0, &v);
  CHECK_INT(v.nCheck, 0);
  CHECK_INT(v.mandate, 0);
  law_verdict_clear(&v);
  law_free(pSet);
}

TEST(law_threshold_input_checked){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawVerdict v;
  CHECK_INT(judge(pSet, "gb-era-2025", "2026-03-02", 100, 101, 50, -1, 0, &v), -1);
  CHECK_INT(v.nCheck, 0);
  CHECK_INT(judge(pSet, "gb-era-2025", "2026-03-02", 100, 60, 40, 21, 0, &v), -1);
  CHECK_INT(judge(pSet, "gb-era-2025", "2026-03-02", 100, 60, 61, -1, 0, &v), -1);
  CHECK_INT(judge(pSet, "gb-era-2025", "2026-03-02", 0, 0, 0, -1, 0, &v), -1);
  CHECK_INT(judge(pSet, "gb-era-2025", "2026-02-30", 100, 60, 40, -1, 0, &v), -1);
  CHECK_INT(judge(pSet, "xx-none", "2026-03-02", 100, 60, 40, -1, 0, &v), -1);
  /* the edges that are allowed: nobody voted; everyone voted yes */
  CHECK_INT(judge(pSet, "gb-era-2025", "2026-03-02", 100, 0, 0, 0, 0, &v), 0);
  CHECK_INT(v.mandate, 0);
  law_verdict_clear(&v);
  CHECK_INT(judge(pSet, "gb-era-2025", "2026-03-02", 100, 100, 100, 0, 0, &v), 0);
  CHECK_INT(v.mandate, 1);
  law_verdict_clear(&v);
  law_free(pSet);
}

/* Compute a timeline or fail; caller clears. */
static int tl(LawSet *pSet, const char *zRegime, const char *zOpens, const char *zCloses,
              const char *zToday, LawTimeline *pT){
  char *zErr = 0;
  int rc = law_timeline(pSet, zRegime, zOpens, zCloses, zToday, pT, &zErr);
  free(zErr);
  return rc;
}

#define DATE(t,k) law_timeline_date(&(t), k)

TEST(law_timeline_2016){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawTimeline t;
  CHECK_INT(tl(pSet, "gb-tulrca-2016", "2025-01-06", "2025-01-31", "2024-12-01", &t), 0);
  CHECK_STR(DATE(t, "ballot_notice_by"), "2024-12-30");   /* 6 Jan - 7, across the year end */
  CHECK_STR(DATE(t, "sample_paper_by"), "2025-01-03");    /* 6 Jan - 3 */
  CHECK_STR(DATE(t, "result_by"), "2025-02-01");          /* planned: close + 1 */
  CHECK_STR(DATE(t, "earliest_action"), "2025-02-15");    /* 1 Feb + 14 */
  CHECK_STR(DATE(t, "earliest_action_by_agreement"), "2025-02-08");  /* 1 Feb + 7 */
  CHECK_STR(DATE(t, "mandate_expires"), "2025-07-30");    /* 6 months beginning with 31 Jan */
  CHECK_STR(DATE(t, "mandate_expires_extended"), "2025-10-30");      /* 9 months */
  CHECK_STR(DATE(t, "reballot_closes_by"), "2025-07-16"); /* +1 +14 = 31 Jul, the day after expiry */
  CHECK_STR(DATE(t, "reballot_opens_by"), "2025-06-21");  /* same 26-day ballot */
  CHECK_STR(DATE(t, "reballot_notice_by"), "2025-06-14");
  /* result_by is a Saturday: move to Monday 3 Feb */
  CHECK(any_contains(t.azWarn, t.nWarn, "result_by 2025-02-01 is a Saturday"));
  CHECK(any_contains(t.azWarn, t.nWarn, "Monday 2025-02-03"));
  CHECK(!any_contains(t.azWarn, t.nWarn, "window too short"));
  /* events are in date order */
  for(int i=1; i<t.nEvent; i++) CHECK(strcmp(t.aEvent[i-1].zDate, t.aEvent[i].zDate)<=0);
  law_timeline_clear(&t);
  law_free(pSet);
}

TEST(law_timeline_month_ends){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawTimeline t;
  /* leap year: 1 March 2024 - 3 = 27 Feb; - 7 = 23 Feb */
  tl(pSet, "gb-tulrca-2016", "2024-03-01", "2024-03-22", "2024-01-01", &t);
  CHECK_STR(DATE(t, "sample_paper_by"), "2024-02-27");
  CHECK_STR(DATE(t, "ballot_notice_by"), "2024-02-23");
  CHECK_STR(DATE(t, "mandate_expires"), "2024-09-21");    /* 22 Sep - 1 */
  law_timeline_clear(&t);
  /* closing 31 Aug: no 31 Feb, so the earlier reading: 28 Feb - 1 */
  tl(pSet, "gb-tulrca-2016", "2025-08-04", "2025-08-31", "2025-01-01", &t);
  CHECK_STR(DATE(t, "mandate_expires"), "2026-02-27");
  CHECK_STR(DATE(t, "mandate_expires_extended"), "2026-05-30");
  law_timeline_clear(&t);
  /* ERA 2025: 12 months, no extension */
  tl(pSet, "gb-era-2025", "2026-03-02", "2026-03-20", "2026-01-01", &t);
  CHECK_STR(DATE(t, "mandate_expires"), "2027-03-19");
  CHECK(DATE(t, "mandate_expires_extended")==0);
  CHECK_STR(DATE(t, "earliest_action"), "2026-03-31");    /* 21 Mar + 10 */
  CHECK(DATE(t, "earliest_action_by_agreement")==0);
  law_timeline_clear(&t);
  law_free(pSet);
}

TEST(law_timeline_weekend_and_bank_holiday){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawTimeline t;
  /* opens Tue 10 Mar 2026: sample paper by Sat 7 Mar -> Fri 6 Mar */
  tl(pSet, "gb-era-2025", "2026-03-10", "2026-03-27", "2026-01-01", &t);
  CHECK_STR(DATE(t, "sample_paper_by"), "2026-03-07");
  CHECK(any_contains(t.azWarn, t.nWarn, "sample_paper_by 2026-03-07 is a Saturday"));
  CHECK(any_contains(t.azWarn, t.nWarn, "Friday 2026-03-06"));
  CHECK(!any_contains(t.azWarn, t.nWarn, "ballot_notice_by 2026-03-03"));   /* Tue 3 Mar */
  law_timeline_clear(&t);
  /* opens Thu 9 Apr 2026: sample paper by Easter Monday 6 Apr; Good Friday
  ** and the weekend before it, so the working day before is Thu 2 Apr */
  tl(pSet, "gb-era-2025", "2026-04-09", "2026-04-30", "2026-01-01", &t);
  CHECK_STR(DATE(t, "sample_paper_by"), "2026-04-06");
  CHECK(any_contains(t.azWarn, t.nWarn, "Easter Monday"));
  CHECK(any_contains(t.azWarn, t.nWarn, "Thursday 2026-04-02"));
  law_timeline_clear(&t);
  /* past the bank-holiday table: said so */
  tl(pSet, "gb-era-2025", "2029-03-06", "2029-03-27", "2029-01-01", &t);
  CHECK(any_contains(t.azWarn, t.nWarn, "does not cover"));
  law_timeline_clear(&t);
  law_free(pSet);
}

TEST(law_timeline_era_commencement){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawTimeline t;
  /* closes 16 Feb 2026: notice given 17 Feb, before ERA: 14 days; mandate 6 months */
  tl(pSet, "gb-era-2025", "2026-01-19", "2026-02-16", "2026-01-01", &t);
  CHECK_STR(DATE(t, "earliest_action"), "2026-03-03");
  CHECK_STR(DATE(t, "mandate_expires"), "2026-08-15");
  law_timeline_clear(&t);
  /* closes 17 Feb: notice given 18 Feb, under ERA: 10 days (18 Feb + 10) */
  tl(pSet, "gb-era-2025", "2026-01-19", "2026-02-17", "2026-01-01", &t);
  CHECK_STR(DATE(t, "earliest_action"), "2026-02-28");
  CHECK_STR(DATE(t, "mandate_expires"), "2026-08-16");    /* opened before 18 Feb: 6 months */
  law_timeline_clear(&t);
  /* opens 18 Feb: 12 months */
  tl(pSet, "gb-era-2025", "2026-02-18", "2026-03-06", "2026-01-01", &t);
  CHECK_STR(DATE(t, "mandate_expires"), "2027-03-05");
  law_timeline_clear(&t);
  law_free(pSet);
}

TEST(law_timeline_warnings){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawTimeline t;
  char *zErr = 0;
  /* mandate to 18 Jun 2026 (6 months beginning with 19 Dec 2025) */
  tl(pSet, "gb-tulrca-2016", "2025-12-01", "2025-12-19", "2026-05-07", &t);
  CHECK_STR(DATE(t, "mandate_expires"), "2026-06-18");
  CHECK(any_contains(t.azWarn, t.nWarn, "within six weeks"));   /* 42 days */
  law_timeline_clear(&t);
  tl(pSet, "gb-tulrca-2016", "2025-12-01", "2025-12-19", "2026-05-06", &t);
  CHECK(!any_contains(t.azWarn, t.nWarn, "within six weeks"));  /* 43 days */
  law_timeline_clear(&t);
  tl(pSet, "gb-tulrca-2016", "2025-12-01", "2025-12-19", "2026-06-19", &t);
  CHECK(any_contains(t.azWarn, t.nWarn, "ended on 2026-06-18"));
  law_timeline_clear(&t);
  /* a ballot open 10 days (inclusive), and a notice deadline already past */
  tl(pSet, "gb-era-2025", "2026-11-25", "2026-12-04", "2026-11-23", &t);
  CHECK(any_contains(t.azWarn, t.nWarn, "open 10 days"));
  CHECK(any_contains(t.azWarn, t.nWarn, "window too short: ballot_notice_by was 2026-11-18"));
  law_timeline_clear(&t);
  /* closes before it opens */
  CHECK_INT(law_timeline(pSet, "gb-era-2025", "2026-12-04", "2026-12-03", "2026-11-23", &t, &zErr), -1);
  CHECK_CONTAINS(zErr, "before it opens");
  free(zErr);
  law_free(pSet);
}

TEST(law_timeline_au){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawTimeline t;
  /* declared Fri 18 Dec 2026: 3 working days Mon 21, Tue 22, Wed 23 -> Thu 24;
  ** 30 days starting on 18 Dec -> 16 Jan; +30 -> 15 Feb */
  tl(pSet, "au-fwa-2009", "2026-12-07", "2026-12-18", "2026-11-23", &t);
  CHECK_STR(DATE(t, "earliest_action"), "2026-12-24");
  CHECK_STR(DATE(t, "action_must_start_by"), "2027-01-16");
  CHECK_STR(DATE(t, "action_must_start_by_extended"), "2027-02-15");
  CHECK(DATE(t, "mandate_expires")==0);
  CHECK(DATE(t, "ballot_notice_by")==0);
  CHECK(DATE(t, "reballot_closes_by")==0);
  CHECK(any_contains(t.azNote, t.nNote, "only weekends"));
  law_timeline_clear(&t);
  law_free(pSet);
}

TEST(law_timeline_json_and_ics){
  LawSet *pSet = load();
  if( !pSet ) return;
  LawTimeline t;
  tl(pSet, "gb-tulrca-2016", "2025-01-06", "2025-01-31", "2025-01-01", &t);
  json_t *p = law_timeline_json(&t);
  CHECK_STR(json_string_value(json_object_get(p, "ballot_notice_by")), "2024-12-30");
  CHECK_STR(json_string_value(json_object_get(p, "mandate_expires")), "2025-07-30");
  CHECK(json_is_array(json_object_get(p, "warnings")));
  json_decref(p);
  char *z = law_timeline_ics(&t, "2025-01-01");
  CHECK(strncmp(z, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30)==0);
  CHECK_CONTAINS(z, "DTSTART;VALUE=DATE:20241230\r\n");
  CHECK_CONTAINS(z, "UID:gb-tulrca-2016-20250106-mandate_expires@mandate\r\n");
  CHECK_CONTAINS(z, "DTSTAMP:20250101T000000Z\r\n");
  size_t n = strlen(z);
  CHECK(n>17 && strcmp(z+n-15, "END:VCALENDAR\r\n")==0);
  /* every line ends CRLF and is at most 75 octets */
  int nBad = 0, nEvents = 0;
  for(const char *zLine = z; *zLine; ){
    const char *zEnd = strstr(zLine, "\r\n");
    if( zEnd==0 || memchr(zLine, '\n', (size_t)(zEnd-zLine)) || zEnd-zLine>75 ){ nBad++; break; }
    if( strncmp(zLine, "BEGIN:VEVENT\r\n", 14)==0 ) nEvents++;
    zLine = zEnd+2;
  }
  CHECK_INT(nBad, 0);
  CHECK_INT(nEvents, t.nEvent);
  free(z);
  law_timeline_clear(&t);
  law_free(pSet);
}

/* Write zText to zDir/zName. */
static void put(const char *zDir, const char *zName, const char *zText){
  char zPath[512];
  snprintf(zPath, sizeof zPath, "%s/%s", zDir, zName);
  FILE *fp = fopen(zPath, "w");
  if( fp ){ fputs(zText, fp); fclose(fp); }
}

TEST(law_malformed_files_named){
  char zDir[400];
  snprintf(zDir, sizeof zDir, "%s/regimes-bad", test_tmpdir());
  char zCmd[500];
  snprintf(zCmd, sizeof zCmd, "mkdir -p '%s'", zDir);
  if( system(zCmd) ){ CHECK(0); return; }
  put(zDir, "broken.json", "{\"format\": \"mandate-regime/1\",\n  \"id\": \"broken\",,}\n");
  put(zDir, "xx-bad.json",
    "{\"format\":\"mandate-regime/1\",\"id\":\"xx-bad\",\"title\":\"t\",\"jurisdiction\":\"j\",\"law\":\"l\","
    "\"applies\":{\"from\":\"2020-01-01\",\"until\":null},\"holidays\":null,\"sources\":{\"S1\":\"s\"},"
    "\"rules\":[{\"id\":\"a\",\"title\":\"a\",\"kind\":\"turnout_pct\",\"decided_by\":\"ballot_opens\","
    "\"versions\":[{\"from\":\"2020-01-01\",\"params\":{},\"section\":\"s1\",\"status\":\"in force\",\"source\":\"S1\"}]},"
    "{\"id\":\"b\",\"title\":\"b\",\"kind\":\"turnout_min_pct\",\"decided_by\":\"ballot_opens\","
    "\"versions\":[{\"from\":\"2020-13-01\",\"params\":{},\"section\":\"\",\"status\":\"maybe\",\"source\":\"S9\"}]}]}");
  put(zDir, "README.txt", "not read");
  LawSet *pSet = 0;
  char *zErr = 0;
  CHECK_INT(law_load(zDir, &pSet, &zErr), -1);
  CHECK(pSet==0);
  CHECK_CONTAINS(zErr, "broken.json: line 2");
  CHECK_CONTAINS(zErr, "xx-bad.json: rule 'a': unknown kind 'turnout_pct'");
  CHECK_CONTAINS(zErr, "xx-bad.json: rule 'b' version 1: 'from' must be a date");
  CHECK_CONTAINS(zErr, "'section' must name the statute section");
  CHECK_CONTAINS(zErr, "'status' must be one of");
  CHECK_CONTAINS(zErr, "source 'S9' is not in");
  CHECK_CONTAINS(zErr, "params.pct must be a number");
  CHECK(strstr(zErr ? zErr : "", "README")==0);
  free(zErr);
  /* a directory that is not there */
  CHECK_INT(law_load("/nonexistent/regimes", &pSet, &zErr), -1);
  CHECK_CONTAINS(zErr, "/nonexistent/regimes: cannot read");
  free(zErr);
}
