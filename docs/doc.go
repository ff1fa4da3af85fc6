// Package docs holds the pages a user reads beyond the README — the
// command line (command-line.md), the model and the scenario format
// (model.md), studies (studies.md), outputs (outputs.md), running on a
// cluster (cluster.md), the default scenario and its sources
// (miami-2025.md, sources.md), performance (performance.md) and the
// choices peacesim makes (decisions.md) — and no code: its tests check
// that the repository stands alone and that its documentation holds
// together. Its commands run as written with make test-docs
// (scripts/test-docs.sh).
//
// They fail when
//
//   - a tracked file is over a mebibyte (a build output, a data dump);
//   - a tracked file outside .ci/ points outside the repository, at files
//     a clone does not have (forbiddenNames lists the names such a
//     reference takes);
//   - a relative link of a tracked Markdown file leads nowhere: its file
//     or directory does not exist, or its #fragment is neither the
//     GitHub-style slug of a heading of the target nor an explicit id= in
//     it (links to this repository's own pages on github.com are checked
//     the same way);
//   - a shipped scenario — scenarios/*.toml, scenarios/template/*.toml and
//     the library embedded in the binary — cites a source report that
//     sources.md does not list (as <a id="source-NNN"></a>), or lists one
//     in its header's index of reports that sources.md lacks; the
//     citation rule is stated at citedIDs;
//   - an example scenario of docs/examples no longer loads, or the worked
//     example's canonical form and hash printed in model.md are no longer
//     the scenario's.
package docs
