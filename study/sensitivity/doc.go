// Package sensitivity explains a model's probabilities by its uncertain
// inputs (sim.Model.Inputs, named by key path): which inputs drive each
// package's chance of each pathway, and in which ranges of them a pathway
// becomes likely.
//
//   - RunTornado fixes each input (or group of inputs, a Unit) at a low and
//     a high percentile of its distribution while every other input keeps
//     its draws, on the same trials, and reports the swing with a paired
//     interval: one at a time, local, cheap.
//   - RunSobol evaluates the model on Saltelli's design (sim.Saltelli) and
//     estimates Sobol first-order and total-effect indices with Jansen's
//     estimators and bootstrap intervals (package sobol): global, with the
//     interactions a tornado cannot see.
//   - Discover runs the trials with their draws and finds PRIM's boxes
//     (package prim): scenario discovery.
//
// A program that asks what peacesim sensitivity and discover answer calls
// Analyse with AnalysisOptions (inputs and groups by key path, chosen by
// ChooseUnits; which analyses; Plan says what they will cost first) and
// DiscoverModel with DiscoveryOptions; options they cannot honour are an
// *study.InputError. ParseGroup, ParseRange and AnalysisOptions.SetMethods
// read the options as text, as the command line and a web form give them.
//
// Every analysis runs on sim's per-input random streams, so an input that
// cannot move a pathway leaves it exactly unchanged, and every result is
// the same for any number of workers. It knows nothing of files or flags,
// but that its refusals suggest the command line's remedies (--set,
// --group) in the words a user of peacesim reads.
package sensitivity
