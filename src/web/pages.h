/* pages.h: every page (page_*) and JSON (api_*) handler the route table
** in routes.c points at, and the few helpers the page files share. */
#ifndef MANDATE_PAGES_H
#define MANDATE_PAGES_H
#include "http.h"
#include "gate.h"
#include "../domain/register.h"
#include <jansson.h>

#define PAGE_SIZE 50    /* members per page */

/* page_static.c */
void page_style_css(Req *req);
void page_healthz(Req *req);
void page_favicon(Req *req);
void page_script(Req *req);
void page_noscript_css(Req *req);

/* page_vote.c: the member's voting page (public) */
void page_vote(Req *req);
void api_vote(Req *req);

/* page_login.c */
void page_root(Req *req);
void page_login_form(Req *req);
void page_login(Req *req);
void page_logout(Req *req);
void api_me(Req *req);

/* page_readiness.c */
void page_readiness(Req *req);
void api_readiness(Req *req);
void page_unit(Req *req);
void api_unit(Req *req);

/* page_members.c */
void page_members(Req *req);
void api_members(Req *req);
void page_member(Req *req);
void api_member(Req *req);
void page_conversation_add(Req *req);
void api_conversation_add(Req *req);

/* page_dispute.c */
void page_disputes(Req *req);
void api_disputes(Req *req);
void page_dispute(Req *req);
void api_dispute(Req *req);
void api_dispute_members(Req *req);
void api_dispute_timeline(Req *req);
void page_dispute_ics(Req *req);
void page_dispute_register(Req *req);
void page_dispute_ballot_notice(Req *req);
void page_dispute_result_notice(Req *req);
void page_dispute_action_notice(Req *req);
void page_dispute_sample_paper(Req *req);
void page_notice_css(Req *req);

/* page_action.c */
void page_action(Req *req);
void api_action(Req *req);
void page_action_one(Req *req);
void api_action_one(Req *req);
void page_action_create(Req *req);
void api_action_create(Req *req);

/* page_turnout.c: a statutory ballot's turnout; the public "I've posted" page */
void page_turnout(Req *req);
void api_turnout(Req *req);
void page_turnout_update(Req *req);
void api_turnout_update(Req *req);
void page_posted_form(Req *req);
void page_posted(Req *req);

/* page_ballot.c: online ballots: the public intake, turnout, not voted */
void api_ballot_cast(Req *req);
void page_ballots(Req *req);
void api_ballots(Req *req);
void page_ballot(Req *req);
void api_ballot(Req *req);
void page_ballot_not_voted(Req *req);
void api_ballot_not_voted(Req *req);
void page_ballot_contact(Req *req);
void page_ballot_result(Req *req);
void api_ballot_result(Req *req);
/* page_ballot_officer.c: an officer runs a ballot from the web */
void page_ballot_new(Req *req);
void page_ballot_create(Req *req);
void page_ballot_voters(Req *req);
void page_ballot_close(Req *req);
void page_ballot_publish(Req *req);
void api_ballot_credentials(Req *req);
struct Ballot;
void ballot_officer_steps(Req *req, const struct Ballot *pB, const char *zNow);
/* page_ballot_trustee.c: a trustee decrypts in their browser */
void page_ballot_trustee(Req *req);
void api_ballot_tally(Req *req);
void api_ballot_decrypt(Req *req);
void api_ballot_contact(Req *req);

/* page_delivery.c: did the voting codes arrive; a member asks for their code again */
void page_ballot_delivery(Req *req);
void api_ballot_delivery(Req *req);
void page_ballot_delivery_import(Req *req);
void api_ballot_delivery_import(Req *req);
void page_ballot_resend_csv(Req *req);
void page_vote_resend(Req *req);
/* The "Lost your voting code?" form of ballot zCode's voting page. */
void vote_resend_form(Req *req, const char *zCode);

/* page_reminders.c: measured reminder waves: turnout of the reminded and the held out */
void page_ballot_reminders(Req *req);
void page_ballot_reminders_schedule(Req *req);
void api_ballot_reminders(Req *req);

/* page_pledge.c: pledge campaigns (officer), public progress, the member's
** signing page and the public intake */
void page_pledges(Req *req);
void api_pledges(Req *req);
void page_pledge_new(Req *req);
void page_pledge_create(Req *req);
void api_pledge_create(Req *req);
void page_pledge_progress(Req *req);
void api_pledge_progress(Req *req);
void page_pledge_member(Req *req);
void api_pledge_credential(Req *req);
void api_pledge_receipt(Req *req);
void api_pledge_sign(Req *req);
void api_pledge_withdraw(Req *req);

/* A JSON string, or null for NULL or "". New reference. */
json_t *api_str(const char *z);

/* The summary of a member that lists show (number, names, status, unit,
** address kind, whether email and mobile are held). New reference. */
json_t *api_member_summary(const Member *m);

/* Write a table of members (number, name, status, workplace when
** showPlace, ballot address, email, mobile) to the page; nothing but a
** note when n==0. A workplace's own page leaves the workplace out. */
void page_member_table(Req *req, const Member *a, int n, int showPlace);

/* page_board.c: the public board and a member's receipt */
void page_ballot_board(Req *req);
void page_ballot_receipt(Req *req);
void api_ballot_receipt(Req *req);

#endif
