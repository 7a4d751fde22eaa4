/* normalize.h: check and normalise the contact data the register holds:
** email addresses, UK mobile numbers, UK postcodes and dates.
** Each returns 0 and writes the normal form to zOut (at least NORM_MAX bytes),
** or returns -1 and sets *pzWhy to a static phrase saying what was expected. */
#ifndef MANDATE_NORMALIZE_H
#define MANDATE_NORMALIZE_H

#define NORM_MAX 256

/* " Jo.Bloggs@Example.ORG " -> "Jo.Bloggs@example.org": trims, lowercases the
** domain, checks one @, a dotted domain, no spaces, at most 254 bytes. */
int norm_email(const char *zIn, char *zOut, const char **pzWhy);

/* "07700 900123", "+44 (0)7700-900123", "447700900123" -> "+447700900123".
** Only UK mobiles (07xxx xxxxxx, eleven digits nationally) are accepted. */
int norm_uk_mobile(const char *zIn, char *zOut, const char **pzWhy);

/* "sw1a1aa", " SW1A  1AA" -> "SW1A 1AA": checks the UK postcode shapes
** (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA) and GIR 0AA. */
int norm_postcode(const char *zIn, char *zOut, const char **pzWhy);

/* "2024-03-06" or "06/03/2024" (UK day first) -> "2024-03-06"; checks the
** day exists in that month and year. */
int norm_date(const char *zIn, char *zOut, const char **pzWhy);

/* Days since 1970-01-01 for an ISO date already normalised; -1 if invalid. */
long date_to_days(const char *zIso);

/* Today's date as YYYY-MM-DD in UTC, or $MANDATE_TODAY when set (tests and
** demos use that to be deterministic). zOut holds at least 11 bytes. */
void date_today(char *zOut);

/* zOut (11 bytes) = the ISO date nDays after 1970-01-01. */
void date_from_days(long nDays, char *zOut);

#endif
