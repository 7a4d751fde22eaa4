/* ballot_trustee.h: the server's side of a trustee decrypting in their
** browser (/ballots/CODE/trustee; docs/ballots.md "Trustees"): what the
** page needs to decrypt (the tally on the verified board, the trustees'
** verification keys, who has decrypted), and the check and append of the
** partial decryption it sends back. The trustee's key never reaches the
** server; the server never decrypts. */
#ifndef MANDATE_BALLOT_TRUSTEE_H
#define MANDATE_BALLOT_TRUSTEE_H
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* The verified board zBoard's tally for its trustees: {"election_id",
** "trustees","threshold","entries" (buckets x answers),"tally":[128 hex
** digits: A ‖ B, in the order the partial decryption lists them],
** "verification_keys":[64 hex digits, trustee 1 first],"decrypted":[1-based
** trustees],"needed","has_result"}. NULL with zWhy when the board does not
** verify or has no tally yet. Caller decrefs. */
json_t *ballot_trustee_tally_json(const char *zBoard, char *zWhy, size_t nWhy);

/* Take a trustee's partial decryption a[0..n) (docs/protocol.md 8.4): under
** the board's lock, append it to a copy of the board in memory and verify
** that copy as `mandate verify` would (the proofs, the trustee not
** already in, the result not yet out); only then append it to the board
** (fsync). Returns 0 (*piTrustee 1-based, *pnHave decryptions now on the
** board, *pnNeed the threshold), 1 when refused (zWhy says why), -1 when
** the board cannot be read or written (zWhy). */
int ballot_trustee_partial_add(const char *zBoard, const unsigned char *a, size_t n,
                               uint32_t *piTrustee, uint32_t *pnHave, uint32_t *pnNeed,
                               char *zWhy, size_t nWhy);

#endif
