// Package study groups the experiments peacesim runs over a compiled
// sim.Model, and holds only what they share, the InputError of a study
// given options it cannot honour. Each subpackage is one kind of
// study, an options struct and a function a Go program calls with a
// context.Context:
//
//   - sweep: a grid or a Latin hypercube of values, every point on the same
//     trials;
//   - sensitivity: which uncertain inputs drive each pathway (a tornado,
//     Sobol indices with its estimator package sensitivity/sobol) and in
//     which of their ranges a pathway is likely (PRIM, sensitivity/prim);
//   - bargain: the bargaining geometry of each track (zones of agreement,
//     the Pareto frontier, the Nash and Kalai–Smorodinsky solutions);
//   - search: the packages most likely to reach a pathway, and the
//     smallest repair of a package;
//   - space: the negotiable space that bargain and search move in;
//   - whatif: a package as edited against the same package unedited, on
//     the same trials (the explorer's paired difference).
//
// A study varies values through sim's own types, never by reading a
// scenario again, and knows nothing of files or flags: the command line
// (cmd/peacesim) and the explorer call the same functions. A study refuses
// options it cannot honour with an *InputError, the caller's to fix; any
// other error is a failure of the run.
package study
