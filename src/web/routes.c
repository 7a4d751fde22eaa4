/* routes.c: the dispatch table. Every address the server answers is a row
** here, with its method, handler, flags and declared parameters; the gate
** (gate.c) checks all of them before the handler runs. */
#include "gate.h"
#include "pages.h"

/* Parameters, one list per family of routes. */
static const Param aLoginGet[] = {
  { "next", P_QUERY, PK_LINE, 0, 1, 200, "the page to return to" },
  { 0 }
};
static const Param aLoginPost[] = {
  { "username", P_FORM, PK_LINE, 1, 1, 63, "the username" },
  { "password", P_FORM, PK_TEXT, 1, 1, USERS_MAX_PASSWORD, "the password" },
  { "next", P_FORM, PK_LINE, 0, 1, 200, "the page to return to" },
  { 0 }
};
static const Param aReadiness[] = {
  { "unit", P_QUERY, PK_CODE, 0, 0, 0, "the unit code" },
  { "levels", P_QUERY, PK_INT, 0, 1, 10, "levels" },
  { 0 }
};
static const Param aUnit[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the unit code" },
  { 0 }
};
static const Param aMembers[] = {
  { "q", P_QUERY, PK_LINE, 0, 1, 100, "the search text" },
  { "page", P_QUERY, PK_INT, 0, 1, 1000000, "the page number" },
  { "unit", P_QUERY, PK_CODE, 0, 0, 0, "the unit code" },
  { 0 }
};
static const Param aMember[] = {
  { "number", P_PATH, PK_NUMBER, 1, 0, 0, "the membership number" },
  { 0 }
};
static const Param aConversation[] = {
  { "number", P_PATH, PK_NUMBER, 1, 0, 0, "the membership number" },
  { "held_on", P_FORM, PK_DATE, 0, 0, 0, "the date" },
  { "assessment", P_FORM, PK_INT, 0, 0, 5, "the assessment" },
  { "issues", P_FORM, PK_LINE, 0, 1, 400, "the issues" },
  { "notes", P_FORM, PK_TEXT, 0, 1, 1000, "the notes" },
  { 0 }
};

/* page_dispute.c */
static const Param aDispute[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the dispute code" },
  { "class", P_QUERY, PK_LINE, 0, 1, 20, "the class" },
  { "page", P_QUERY, PK_INT, 0, 1, 1000000, "the page number" },
  { "opens", P_QUERY, PK_DATE, 0, 0, 0, "opens (the day the ballot opens)" },
  { "closes", P_QUERY, PK_DATE, 0, 0, 0, "closes (the day the ballot closes)" },
  { 0 }
};
static const Param aDisputeCode[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the dispute code" },
  { 0 }
};
static const Param aBallotNotice[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the dispute code" },
  { "opens", P_QUERY, PK_DATE, 1, 0, 0, "opens (the day the ballot opens)" },
  { "closes", P_QUERY, PK_DATE, 0, 0, 0, "closes (the day the ballot closes)" },
  { 0 }
};
static const Param aResultNotice[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the dispute code" },
  { "opens", P_QUERY, PK_DATE, 1, 0, 0, "opens (the day the ballot opened)" },
  { "closes", P_QUERY, PK_DATE, 0, 0, 0, "closes (the day the ballot closed)" },
  { "entitled", P_QUERY, PK_INT, 0, 1, 100000000, "entitled (the number entitled to vote)" },
  { "votes", P_QUERY, PK_INT, 1, 0, 100000000, "votes (the votes cast)" },
  { "yes", P_QUERY, PK_INT, 1, 0, 100000000, "yes (the Yes votes)" },
  { "no", P_QUERY, PK_INT, 1, 0, 100000000, "no (the No votes)" },
  { "spoiled", P_QUERY, PK_INT, 0, 0, 100000000, "spoiled (the spoiled papers)" },
  { "question", P_QUERY, PK_LINE, 0, 1, 20, "the question" },
  { "ips", P_QUERY, PK_INT, 0, 0, 1, "ips (important public service: 1)" },
  { 0 }
};
static const Param aActionNotice[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the dispute code" },
  { "given", P_QUERY, PK_DATE, 0, 0, 0, "given (the day the employer receives notice)" },
  { "starts", P_QUERY, PK_DATE, 0, 0, 0, "starts (the day continuous action starts)" },
  { "dates", P_QUERY, PK_LINE, 0, 1, 800, "dates (the days of discontinuous action)" },
  { "action", P_QUERY, PK_LINE, 0, 1, 20, "the action" },
  { "by_agreement", P_QUERY, PK_INT, 0, 0, 1, "by_agreement (1)" },
  { "ballot_opens", P_QUERY, PK_DATE, 0, 0, 0, "ballot_opens (the day the ballot opened)" },
  { "ballot_closes", P_QUERY, PK_DATE, 0, 0, 0, "ballot_closes (the day the ballot closed)" },
  { 0 }
};
static const Param aSamplePaper[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the dispute code" },
  { "opens", P_QUERY, PK_DATE, 1, 0, 0, "opens (the day the ballot opens)" },
  { "return_by", P_QUERY, PK_DATE, 0, 0, 0, "return_by (the day papers must be back)" },
  { "question", P_QUERY, PK_LINE, 0, 1, 20, "the question" },
  { "scrutineer", P_QUERY, PK_LINE, 0, 1, 200, "the scrutineer" },
  { "return_to", P_QUERY, PK_LINE, 0, 1, 300, "the return address" },
  { "caller", P_QUERY, PK_LINE, 0, 1, 200, "who may call action" },
  { "short_types", P_QUERY, PK_LINE, 0, 1, 300, "the types of action short of a strike" },
  { "period", P_QUERY, PK_LINE, 0, 1, 300, "the period of action" },
  { 0 }
};

static const Param aActionList[] = {
  { "compare", P_QUERY, PK_LINE, 0, 1, 400, "the scenario codes to compare" },
  { 0 }
};
static const Param aActionOne[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the scenario code" },
  { 0 }
};
static const Param aActionCreate[] = {
  { "code", P_FORM, PK_CODE, 1, 0, 0, "the scenario code" },
  { "title", P_FORM, PK_LINE, 1, 1, 200, "the title" },
  { "kind", P_FORM, PK_LINE, 1, 1, 20, "the kind of action" },
  { "starts_on", P_FORM, PK_DATE, 1, 0, 0, "the first day" },
  { "days", P_FORM, PK_INT, 1, 1, 366, "the days in the plan" },
  { "action_days", P_FORM, PK_LINE, 0, 1, 200, "the days with action" },
  { "units", P_FORM, PK_LINE, 0, 1, 1000, "the unit codes" },
  { "dispute", P_FORM, PK_CODE, 0, 0, 0, "the dispute code" },
  { "pay", P_FORM, PK_LINE, 0, 1, 20, "the strike pay" },
  { "levy", P_FORM, PK_LINE, 0, 1, 20, "the levy" },
  { "balance", P_FORM, PK_LINE, 0, 1, 20, "the fund balance" },
  { "income", P_FORM, PK_LINE, 0, 1, 20, "the fund income" },
  { 0 }
};

/* A statutory ballot's turnout (page_turnout.c) */
static const Param aTurnout[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the dispute code" },
  { 0 }
};
static const Param aTurnoutUpdate[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the dispute code" },
  { "returned", P_FORM, PK_INT, 1, 0, 100000000, "the number of papers returned" },
  { "on", P_FORM, PK_DATE, 1, 0, 0, "the day of the scrutineer's figure" },
  { "unit", P_FORM, PK_CODE, 0, 0, 0, "the workplace code" },
  { 0 }
};
static const Param aPosted[] = {
  { "token", P_PATH, PK_TOKEN, 1, 0, 0, "the link" },
  { 0 }
};

/* Online ballots (page_ballot.c) */
static const Param aBallotCode[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the ballot code" },
  { 0 }
};
static const Param aBallotReceipt[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the ballot code" },
  { "t", P_QUERY, PK_LINE, 0, 0, 64, "t (the receipt number)" },
  { 0 }
};
static const Param aBallotNotVoted[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the ballot code" },
  { "unit", P_QUERY, PK_CODE, 0, 0, 0, "the unit code" },
  { 0 }
};
static const Param aBallotCreate[] = {
  { "code", P_FORM, PK_CODE, 1, 0, 0, "the ballot code" },
  { "title", P_FORM, PK_LINE, 1, 1, 200, "the title" },
  { "kind", P_FORM, PK_LINE, 1, 1, 16, "the kind of ballot" },
  { "question", P_FORM, PK_TEXT, 1, 1, 1000, "the question" },
  { "answers", P_FORM, PK_LINE, 0, 0, 1000, "the answers" },
  { "units", P_FORM, PK_LINE, 0, 0, 2000, "the unit codes" },   /* none: the delegates of "weights" */
  { "employer", P_FORM, PK_LINE, 0, 0, 200, "the employer" },
  { "category", P_FORM, PK_LINE, 0, 0, 100, "the category" },
  { "employment_type", P_FORM, PK_LINE, 0, 0, 40, "the employment type" },
  { "opens", P_FORM, PK_LINE, 1, 10, 25, "opens (when voting opens)" },
  { "closes", P_FORM, PK_LINE, 1, 10, 25, "closes (when voting closes)" },
  { "regime", P_FORM, PK_LINE, 1, 1, 63, "the regime" },
  { "breakdown", P_FORM, PK_LINE, 0, 0, 3, "breakdown" },
  { "weights", P_FORM, PK_TEXT, 0, 0, 60000, "the delegates' weights" },
  { "trustees", P_FORM, PK_TEXT, 1, 1, 20000, "the trustees' public files" },
  { "authority", P_FORM, PK_TEXT, 1, 1, 2000, "the authority's public file" },
  { 0 }
};
static const Param aBallotContact[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the ballot code" },
  { "number", P_FORM, PK_NUMBER, 1, 0, 0, "the membership number" },
  { "outcome", P_FORM, PK_LINE, 1, 1, 20, "the outcome of the call" },
  { "unit", P_FORM, PK_CODE, 0, 0, 0, "the unit code" },
  { 0 }
};

/* Scheduling a reminder wave (page_reminders.c): every field optional at
** the gate, so that the form comes back with every reason at once */
static const Param aReminderSchedule[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the ballot code" },
  { "channel", P_FORM, PK_LINE, 0, 0, 10, "the channel" },
  { "send_at", P_FORM, PK_LINE, 0, 0, 25, "when to send" },
  { "holdout", P_FORM, PK_LINE, 0, 0, 8, "the hold-out share" },
  { "subject", P_FORM, PK_LINE, 0, 0, 200, "the subject" },
  { "message", P_FORM, PK_TEXT, 0, 0, 50000, "the message" },
  { "link_base", P_FORM, PK_LINE, 0, 0, 200, "the link base" },
  { 0 }
};

/* The member's voting page (page_vote.c) */
static const Param aVote[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the vote's code" },
  { 0 }
};

/* Did the voting codes arrive? A code again (page_delivery.c) */
static const Param aDeliveryImport[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the ballot code" },
  { "report", P_FORM, PK_TEXT, 1, 1, REQ_MAX_BODY, "the delivery report" },
  { 0 }
};
static const Param aResendCsv[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the ballot code" },
  { "all", P_FORM, PK_INT, 0, 0, 1, "all (1: every request)" },
  { 0 }
};
static const Param aVoteResend[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the vote's code" },
  { "contact", P_FORM, PK_LINE, 1, 1, 254, "your email address or mobile number" },
  { 0 }
};

/* Pledge campaigns (page_pledge.c) */
static const Param aPledgeCode[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the campaign code" },
  { 0 }
};
static const Param aPledgeMember[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the campaign code" },
  { "receipt", P_QUERY, PK_TOKEN, 0, 0, 0, "the receipt" },
  { 0 }
};
static const Param aPledgeCredential[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the campaign code" },
  { "key", P_PATH, PK_TOKEN, 1, 0, 0, "the credential's public key" },
  { 0 }
};
static const Param aPledgeReceipt[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the campaign code" },
  { "receipt", P_PATH, PK_TOKEN, 1, 0, 0, "the receipt" },
  { 0 }
};
static const Param aPledgeCreate[] = {
  { "code", P_FORM, PK_CODE, 1, 0, 0, "the campaign code" },
  { "title", P_FORM, PK_LINE, 1, 1, 200, "the title" },
  { "template", P_FORM, PK_LINE, 1, 1, 30, "the template" },
  { "text", P_FORM, PK_TEXT, 0, 0, 20000, "the text" },
  { "deadline", P_FORM, PK_DATE, 1, 0, 0, "the deadline" },
  { "units", P_FORM, PK_LINE, 0, 0, 2000, "the unit codes" },
  { "employers", P_FORM, PK_LINE, 0, 0, 2000, "the employers" },
  { "categories", P_FORM, PK_LINE, 0, 0, 1000, "the categories" },
  { "actions", P_FORM, PK_TEXT, 0, 0, 4000, "the actions" },
  { "trigger", P_FORM, PK_LINE, 0, 1, 40, "the trigger" },
  { "keys_from", P_FORM, PK_CODE, 0, 0, 0, "the campaign to take the keys from" },
  { "keys", P_FORM, PK_TEXT, 0, 0, 60000, "the public key files" },
  { 0 }
};

const Route aRoute[] = {
  /* pattern                                 method  handler                flags              params */
  { "/",                                     "GET",  page_root,             0,                 0 },
  { "/healthz",                              "GET",  page_healthz,          R_PUBLIC,          0 },
  { "/static/style.css",                     "GET",  page_style_css,        R_PUBLIC|R_STATIC, 0 },
  { "/favicon.ico",                          "GET",  page_favicon,          R_PUBLIC|R_STATIC, 0 },
  /* the browser's ballot code (web_assets.h), versioned: cached for a year */
  { "/static/js/:version/:name",             "GET",  page_script,           R_PUBLIC|R_STATIC, 0 },
  { "/static/noscript.css",                  "GET",  page_noscript_css,     R_PUBLIC|R_STATIC, 0 },
  /* the member's voting page: public, the voting code is their key (page_vote.c) */
  { "/vote/:code",                           "GET",  page_vote,             R_PUBLIC,          aVote },
  { "/api/v1/vote/:code",                    "GET",  api_vote,              R_PUBLIC|R_API,    aVote },
  { "/login",                                "GET",  page_login_form,       R_PUBLIC,          aLoginGet },
  { "/login",                                "POST", page_login,            R_PUBLIC|R_LOGIN,  aLoginPost },
  { "/logout",                               "POST", page_logout,           0,                 0 },
  { "/readiness",                            "GET",  page_readiness,        0,                 aReadiness },
  { "/units/:code",                          "GET",  page_unit,             0,                 aUnit },
  { "/members",                              "GET",  page_members,          0,                 aMembers },
  { "/members/:number",                      "GET",  page_member,           0,                 aMember },
  { "/members/:number/conversations",        "POST", page_conversation_add, 0,                 aConversation },
  { "/api/v1/me",                            "GET",  api_me,                R_API,             0 },
  { "/api/v1/readiness",                     "GET",  api_readiness,         R_API,             aReadiness },
  { "/api/v1/units/:code",                   "GET",  api_unit,              R_API,             aUnit },
  { "/api/v1/members",                       "GET",  api_members,           R_API,             aMembers },
  { "/api/v1/members/:number",               "GET",  api_member,            R_API,             aMember },
  { "/api/v1/members/:number/conversations", "POST", api_conversation_add,  R_API,             aConversation },
  { "/action",                               "GET",  page_action,           0,                 aActionList },
  { "/action",                               "POST", page_action_create,    0,                 aActionCreate },
  { "/action/:code",                         "GET",  page_action_one,       0,                 aActionOne },
  { "/api/v1/action",                        "GET",  api_action,            R_API,             aActionList },
  { "/api/v1/action",                        "POST", api_action_create,     R_API,             aActionCreate },
  { "/api/v1/action/:code",                  "GET",  api_action_one,        R_API,             aActionOne },
  { "/static/notice.css",                    "GET",  page_notice_css,       R_PUBLIC|R_STATIC, 0 },
  { "/disputes",                             "GET",  page_disputes,         0,                 0 },
  { "/disputes/:code",                       "GET",  page_dispute,          0,                 aDispute },
  { "/disputes/:code/timeline.ics",          "GET",  page_dispute_ics,      0,                 aDispute },
  { "/disputes/:code/scrutineer-register.csv", "GET", page_dispute_register, 0,                aDisputeCode },
  { "/disputes/:code/ballot-notice",         "GET",  page_dispute_ballot_notice, 0,            aBallotNotice },
  { "/disputes/:code/result-notice",         "GET",  page_dispute_result_notice, 0,            aResultNotice },
  { "/disputes/:code/action-notice",         "GET",  page_dispute_action_notice, 0,            aActionNotice },
  { "/disputes/:code/sample-paper",          "GET",  page_dispute_sample_paper, 0,             aSamplePaper },
  { "/api/v1/disputes",                      "GET",  api_disputes,          R_API,             0 },
  { "/api/v1/disputes/:code",                "GET",  api_dispute,           R_API,             aDispute },
  { "/api/v1/disputes/:code/members",        "GET",  api_dispute_members,   R_API,             aDispute },
  { "/api/v1/disputes/:code/timeline",       "GET",  api_dispute_timeline,  R_API,             aDispute },
  /* the public "I've posted my vote" link: no session; its POST is checked
  ** like the login form's (double-submit cookie, per-address rate limit) */
  { "/posted/:token",                        "GET",  page_posted_form,      R_PUBLIC,          aPosted },
  { "/posted/:token",                        "POST", page_posted,           R_PUBLIC|R_LOGIN,  aPosted },
  { "/disputes/:code/turnout",               "GET",  page_turnout,          0,                 aTurnout },
  { "/disputes/:code/turnout",               "POST", page_turnout_update,   0,                 aTurnoutUpdate },
  { "/api/v1/disputes/:code/turnout",        "GET",  api_turnout,           R_API,             aTurnout },
  { "/api/v1/disputes/:code/turnout",        "POST", api_turnout_update,    R_API,             aTurnoutUpdate },
  /* online ballots: the cast is public (no session, no CSRF: a ballot is
  ** signed by its voter's credential), its failures rate limited */
  { "/api/v1/ballots/:code/cast",            "POST", api_ballot_cast,       R_PUBLIC|R_API|R_RAW, aBallotCode },
  /* a trustee decrypts in their browser: public, a partial decryption proves itself (page_ballot_trustee.c) */
  { "/ballots/:code/trustee",                "GET",  page_ballot_trustee,   R_PUBLIC,          aBallotCode },
  { "/api/v1/ballots/:code/tally",           "GET",  api_ballot_tally,      R_PUBLIC|R_API,    aBallotCode },
  /* the public board and a member's receipt (page_board.c) */
  { "/ballots/:code/board",                  "GET",  page_ballot_board,     R_PUBLIC,          aBallotCode },
  { "/ballots/:code/receipt",                "GET",  page_ballot_receipt,   R_PUBLIC,          aBallotReceipt },
  { "/api/v1/ballots/:code/receipt",         "GET",  api_ballot_receipt,    R_PUBLIC|R_API,    aBallotReceipt },
  { "/api/v1/ballots/:code/decrypt",         "POST", api_ballot_decrypt,    R_PUBLIC|R_API|R_RAW, aBallotCode },
  { "/ballots",                              "GET",  page_ballots,          0,                 0 },
  { "/ballots/new",                          "GET",  page_ballot_new,       0,                 0 },
  { "/ballots/new",                          "POST", page_ballot_create,    0,                 aBallotCreate },
  { "/ballots/:code/voters.csv",             "GET",  page_ballot_voters,    0,                 aBallotCode },
  /* the credential authority's board and credentials.public, from the officer's page (credentials.js) */
  { "/api/v1/ballots/:code/credentials",     "POST", api_ballot_credentials, R_API|R_JSON|R_UPLOAD, aBallotCode },
  { "/ballots/:code/close",                  "POST", page_ballot_close,     0,                 aBallotCode },
  { "/ballots/:code/publish",                "POST", page_ballot_publish,   0,                 aBallotCode },
  { "/ballots/:code",                        "GET",  page_ballot,           0,                 aBallotCode },
  { "/ballots/:code/not-voted",              "GET",  page_ballot_not_voted, 0,                 aBallotNotVoted },
  { "/ballots/:code/not-voted",              "POST", page_ballot_contact,   0,                 aBallotContact },
  { "/ballots/:code/result",                 "GET",  page_ballot_result,    0,                 aBallotCode },
  { "/api/v1/ballots/:code/result",          "GET",  api_ballot_result,     R_API,             aBallotCode },
  { "/api/v1/ballots",                       "GET",  api_ballots,           R_API,             0 },
  { "/api/v1/ballots/:code",                 "GET",  api_ballot,            R_API,             aBallotCode },
  { "/api/v1/ballots/:code/not-voted",       "GET",  api_ballot_not_voted,  R_API,             aBallotNotVoted },
  { "/api/v1/ballots/:code/not-voted",       "POST", api_ballot_contact,    R_API,             aBallotContact },
  /* did the voting codes arrive? (page_delivery.c): officers import the
  ** authority's report and download the members' requests for a code again */
  { "/ballots/:code/delivery",               "GET",  page_ballot_delivery,  0,                 aBallotCode },
  { "/ballots/:code/delivery",               "POST", page_ballot_delivery_import, 0,           aDeliveryImport },
  { "/ballots/:code/resend-requests.csv",    "POST", page_ballot_resend_csv, 0,                aResendCsv },
  { "/api/v1/ballots/:code/delivery",        "GET",  api_ballot_delivery,   R_API,             aBallotCode },
  { "/api/v1/ballots/:code/delivery",        "POST", api_ballot_delivery_import, R_API,        aDeliveryImport },
  /* a member asks for their code again: public, checked like the login
  ** form (double-submit cookie), rate limited per address */
  { "/vote/:code/resend",                    "POST", page_vote_resend,      R_PUBLIC|R_LOGIN,  aVoteResend },
  /* measured reminder waves (page_reminders.c) */
  { "/ballots/:code/reminders",              "GET",  page_ballot_reminders, 0,                 aBallotCode },
  { "/ballots/:code/reminders",              "POST", page_ballot_reminders_schedule, 0,        aReminderSchedule },
  { "/api/v1/ballots/:code/reminders",       "GET",  api_ballot_reminders,  R_API,             aBallotCode },
  /* pledge campaigns: the list and create form (officers), public progress,
  ** the member's signing page and the public intake (no session, no CSRF:
  ** each pledge is signed with its member's pledge credential) */
  { "/pledges",                              "GET",  page_pledges,          0,                 0 },
  { "/pledges",                              "POST", page_pledge_create,    0,                 aPledgeCreate },
  { "/pledges/new",                          "GET",  page_pledge_new,       0,                 0 },
  { "/pledges/:code/progress",               "GET",  page_pledge_progress,  R_PUBLIC,          aPledgeCode },
  { "/pledge/:code",                         "GET",  page_pledge_member,    R_PUBLIC,          aPledgeMember },
  { "/api/v1/pledges",                       "GET",  api_pledges,           R_API,             0 },
  { "/api/v1/pledges",                       "POST", api_pledge_create,     R_API,             aPledgeCreate },
  { "/api/v1/pledges/:code/progress",        "GET",  api_pledge_progress,   R_PUBLIC|R_API,    aPledgeCode },
  { "/api/v1/pledges/:code/credentials/:key", "GET", api_pledge_credential, R_PUBLIC|R_API,    aPledgeCredential },
  { "/api/v1/pledges/:code/receipts/:receipt", "GET", api_pledge_receipt,   R_PUBLIC|R_API,    aPledgeReceipt },
  { "/api/v1/pledges/:code/sign",            "POST", api_pledge_sign,       R_PUBLIC|R_API|R_RAW, aPledgeCode },
  { "/api/v1/pledges/:code/withdraw",        "POST", api_pledge_withdraw,   R_PUBLIC|R_API|R_RAW, aPledgeCode },
  { 0 }
};
