/* ratelimit.h: counts failed logins per username and per client address in
** memory, and says when to refuse. Thread-safe: one mutex inside. */
#ifndef MANDATE_RATELIMIT_H
#define MANDATE_RATELIMIT_H
#include <stdint.h>

#define RL_WINDOW        (15*60)  /* seconds a window of failures lasts */
#define RL_MAX_PER_USER  5        /* failures per username per window */
#define RL_MAX_PER_IP    20       /* failures per client address per window */

typedef struct RateLimit RateLimit;

/* A new, empty limiter. Free with ratelimit_free(). */
RateLimit *ratelimit_new(void);
void ratelimit_free(RateLimit *p);

/* May a login for zUser from zIp be tried at time now? Returns 0 if yes;
** otherwise the number of seconds until it may (for Retry-After). */
int ratelimit_check(RateLimit *p, const char *zUser, const char *zIp, int64_t now);

/* Record a failed login. */
void ratelimit_fail(RateLimit *p, const char *zUser, const char *zIp, int64_t now);

/* Record a successful login: the username's count starts again (the
** address's does not, so one address cannot guess across many accounts
** by logging into its own between guesses). */
void ratelimit_success(RateLimit *p, const char *zUser, int64_t now);

#endif
