/* msm.h: multi-scalar multiplication, Σ s_i·P_i over decoded points, in
** VARIABLE time: for verifiers, on public data only (never a secret scalar
** or a point whose use must not leak). Batch verification (proof.h's
** ProofBatch) reduces thousands of proof equations to one such sum.
** Straus (interleaved width-5 NAF) for small n, Pippenger's bucket method
** with signed digits for large n; both on libdecaf's point addition.
** Costs per point are in docs/protocol.md section 7 (bench/groupops.c). */
#ifndef MANDATE_MSM_H
#define MANDATE_MSM_H
#include "group.h"
#include <stddef.h>

/* Below this many points msm_non_secret() uses Straus, else Pippenger
** (the crossover measured on this machine: Straus ~11.5 µs a point at
** any n; Pippenger 14 µs at n = 32, 11 µs at 64, 7 µs at 512). */
#define MSM_STRAUS_MAX 48

void msm_non_secret(GroupElem *pOut, const GroupScalar *aS, const GroupElem *aP, size_t n);

/* The two methods, for tests and benchmarks. nWindow = 0 for Pippenger
** chooses the window width from n. */
void msm_straus(GroupElem *pOut, const GroupScalar *aS, const GroupElem *aP, size_t n);
void msm_pippenger(GroupElem *pOut, const GroupScalar *aS, const GroupElem *aP, size_t n,
                   unsigned nWindow);

#endif
