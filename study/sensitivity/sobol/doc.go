// Package sobol estimates the variance-based (Sobol') sensitivity indices
// of one model output from Saltelli's design, with Jansen's estimators and
// bootstrap percentile intervals. It knows nothing of the model: the
// caller evaluates it on the design and hands the outputs over.
//
// # Design
//
// Saltelli et al. (2010, §3) draw two independent N×k sample matrices A and
// B of the k inputs. For each input i, A_B^(i) is A with column i taken
// from B. The caller evaluates the model f on the rows of all of them:
//
//	yA[j] = f(A_j), yB[j] = f(B_j), yAB[i][j] = f(A_B^(i)_j), j < N,
//
// which costs N(k+2) model evaluations. An "input" may be a group of
// inputs whose columns are taken from B together; its indices are then the
// group's.
//
// # Estimators
//
// With V the variance of the 2N outputs yA and yB together (divided by
// 2N), Jansen's (1999) estimators, Saltelli et al. (2010) Table 2 (f), are
//
//	S_i  = (V − (1/2N) Σ_j (yB_j − yAB_ij)²) / V   first order
//	ST_i =      (1/2N) Σ_j (yA_j − yAB_ij)²  / V   total effect
//
// S_i is the share of V that input i explains alone; ST_i the share it
// explains with all its interactions, so ST_i − S_i is its interactions'
// share. ST_i is never negative and is exactly 0 when changing input i
// never changes the output; S_i is never above 1 but may fall below 0 by
// sampling error. Neither is clamped. When the outputs of A and B never
// vary, V = 0 and every index is undefined: they are NaN.
//
// # Intervals
//
// Each interval is a bootstrap percentile interval (Efron and Tibshirani
// 1993, §13.3), the resampling Archer, Saltelli and Sobol' (1997) proposed
// for these indices: the N rows of the design are resampled with
// replacement, a row j carrying yA_j, yB_j and every yAB_ij together, V,
// S_i and ST_i are computed again on each replicate, and the interval at
// level L runs from the (1−L)/2 to the (1+L)/2 quantile of the replicates
// (gonum's stat.Quantile, Empirical: a replicate's value, no
// interpolation). The point estimate is the full sample's, not the
// replicates' mean. Resampling rows treats them as independent, which
// they are when A and B are plain Monte Carlo samples; for quasi-random
// (Sobol' sequence) designs the intervals are only approximate.
//
// The replicates are drawn once, by NewBootstrap, as each row's
// multiplicity in each replicate, and shared by every output of a design.
// Indices then adds each row's vector of multiplicities, scaled by each of
// the row's terms, into that term's sums: O(R·N·k) work for R replicates,
// spread over the processors, except that an input's terms vanish on the
// rows where it leaves the output unchanged, which are skipped. For an
// indicator output, where an input changes the output on a few percent of
// the rows, that is most of the work.
//
// # References
//
// Saltelli A, Annoni P, Azzini I, Campolongo F, Ratto M, Tarantola S (2010).
// Variance based sensitivity analysis of model output. Design and estimator
// for the total sensitivity index. Comput. Phys. Commun. 181, 259–270.
//
// Jansen MJW (1999). Analysis of variance designs for model output.
// Comput. Phys. Commun. 117, 35–43.
//
// Archer GEB, Saltelli A, Sobol' IM (1997). Sensitivity measures,
// ANOVA-like techniques and the use of bootstrap. J. Stat. Comput. Simul.
// 58, 99–120.
//
// Efron B, Tibshirani RJ (1993). An Introduction to the Bootstrap.
// Chapman & Hall.
package sobol
