/* notices.h: the printable documents of a statutory industrial-action ballot
** beyond the notice of ballot (dispute.c): the notice of the result to
** members and employers (TULRCA s231, s231A), the notice of industrial
** action to each employer (s234A) and the sample voting paper (s226A(1)(b),
** s229); and the stylesheet every notice shares. Each is drafted from the
** dispute, the register and the regime data, judged with law.c. What each
** says and why: docs/disputes.md. */
#ifndef MANDATE_NOTICES_H
#define MANDATE_NOTICES_H
#include "dispute.h"
#include "law.h"
#include "../util/buf.h"

/* The stylesheet of every notice, for screen and print (static). */
/* The stylesheet of every notice, for screen and print (static). */
const char *notice_css(void);

/* The start and end of every printable notice (dispute.c's notice of
** ballot too): head, inline stylesheet, title, <main>. */
void notice_doc_begin(Buf *h, const char *zTitle, const Dispute *pD);
void notice_doc_end(Buf *h);

/* Replace the first inline <style>...</style> in the document pHtml with
** <link rel="stylesheet" href="zHref"> (for a web server whose Content
** Security Policy forbids inline styles). zHref must be a trusted path. */
void notice_link_css(Buf *pHtml, const char *zHref);

/* A drafted document. */
typedef struct NoticeDoc NoticeDoc;
struct NoticeDoc {
  Buf html;                 /* owned: the printable HTML document */
  Buf summary;              /* owned: what was drafted, plain text, a line each */
  int nWarn;
  char **azWarn;            /* owned: what to check before sending, in words */
  int nNotice;              /* employers the document has a notice for */
};

/* Free what a document owns and zero it. */
void notice_doc_clear(NoticeDoc *p);

/* The figures of a ballot's result. */
typedef struct NoticeResult NoticeResult;
struct NoticeResult {
  const char *zOpens;       /* ISO: the day the ballot opened (picks the rules) */
  const char *zCloses;      /* ISO: the day it closed; may be NULL */
  const char *zQuestion;    /* "strike" or "short_of_strike" */
  long long nEntitled;      /* entitled to vote; <0: the register's count */
  long long nVotes;         /* votes cast, spoiled papers included */
  long long nYes, nNo;
  long long nSpoiled;       /* spoiled or otherwise invalid; <0: votes - yes - no */
  int importantPublicService; /* most of those entitled work in one (s226(2B)) */
};

/* Draft the notice of the result of dispute *pD's ballot (TULRCA s231 to
** the members entitled to vote, s231A to every employer party that employs
** any of them): the number entitled, votes cast, Yes, No, spoiled, and
** whether each threshold of the dispute's regime was met, judged by
** law_thresholds() on zOpens. Returns 0; -1 with *pzErr (caller frees) when
** the figures do not add up or the store fails. Free *pOut with
** notice_doc_clear() either way. */
int notice_result(Db *db, const LawSet *pLaw, const Dispute *pD, const NoticeResult *p,
                  const char *zToday, NoticeDoc *pOut, char **pzErr);

/* Industrial action to give notice of. */
typedef struct NoticeAction NoticeAction;
struct NoticeAction {
  const char *zGiven;       /* ISO: the day each employer receives the notice */
  int continuous;           /* 1: continuous action from azDate[0]; 0: discontinuous, on each date */
  int nDate;
  const char *const *azDate;/* ISO dates, ascending (at least one) */
  const char *zAction;      /* "strike" or "short_of_strike" */
  int byAgreement;          /* the shorter notice period agreed with the employer */
  const char *zBallotCloses;/* ISO: the close of the ballot, to check the mandate; may be NULL */
  const char *zBallotOpens; /* ISO: its opening day; may be NULL (then zBallotCloses) */
};

/* Draft the notice of industrial action (TULRCA s234A) of dispute *pD to
** each employer party that employs members in its constituency: the
** categories and workplaces of the employees concerned with the numbers in
** each, how they were reached, whether the action is continuous or
** discontinuous and its dates. The notice period is the regime's
** action_notice rule in force on zGiven (law_action_notice()); a date
** before the earliest day it allows, or after the mandate when the ballot's
** close is known, is an error. Returns 0; 1 when no party employs anyone in
** scope; -1 with *pzErr (caller frees). Free *pOut with notice_doc_clear(). */
int notice_action(Db *db, const LawSet *pLaw, const Dispute *pD, const NoticeAction *p,
                  const char *zToday, NoticeDoc *pOut, char **pzErr);

/* What to put on the sample voting paper. */
typedef struct NoticeSample NoticeSample;
struct NoticeSample {
  const char *zOpens;       /* ISO: the opening day (picks the rules, dates the deadline) */
  const char *zReturnBy;    /* ISO: the date by which papers must be returned; may be NULL */
  int askStrike;            /* ask the strike question */
  int askShort;             /* ask the action-short-of-a-strike question */
  const char *zScrutineer;  /* the independent scrutineer; NULL: a blank to fill */
  const char *zReturnTo;    /* the return address; NULL: a blank */
  const char *zCaller;      /* who may call the action; NULL: a blank */
  const char *zShortTypes;  /* the types of action short of a strike; NULL: a blank */
  const char *zPeriod;      /* when the action is expected; NULL: a blank */
};

/* Draft the sample voting paper of dispute *pD (TULRCA s226A(1)(b): each
** employer must receive it not later than the regime's sample_paper day)
** with the questions, the statements and the items the regime's
** voting_paper rule lists for the version in force on zOpens (s229), the
** dispute's issue as its summary where the version asks for one, and
** blanks where the caller gave nothing (each a warning). Returns 0; 1 when
** the regime lists no voting-paper content; -1 with *pzErr (caller frees).
** Free *pOut with notice_doc_clear(). */
int notice_sample_paper(const LawSet *pLaw, const Dispute *pD, const NoticeSample *p,
                        const char *zToday, NoticeDoc *pOut, char **pzErr);

#endif
