package explorer

import (
	"strconv"
	"strings"
)

// command is the command line that reproduces a run: peacesim run with
// the scenario argument, the trials and seed always (the [run] defaults
// of a file may change), --evidence none when the server runs without
// evidence, and every override in order, each argument quoted for a
// POSIX shell where it needs to be.
func command(scenario string, trials int64, seed uint64, noEvidence bool, sets []string) string {
	args := []string{"peacesim", "run"}
	if scenario != "" {
		args = append(args, scenario)
	}
	args = append(args, "--trials", strconv.FormatInt(trials, 10), "--seed", strconv.FormatUint(seed, 10))
	if noEvidence {
		args = append(args, "--evidence", "none")
	}
	for _, s := range sets {
		args = append(args, "--set", s)
	}
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	return strings.Join(args, " ")
}

// shellQuote writes s as one word of a POSIX shell: as it is when it
// holds only characters no shell treats specially, else in single
// quotes, where a single quote of s closes them, is escaped with a
// backslash and opens them again.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,/:=@%+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
