package main

import (
	"errors"

	"github.com/peacesim/peacesim/scenarios"
)

// appendProblems adds the problems of err to ps; an error that is not
// scenarios.Problems (the loader's contract says it should be) becomes one
// problem of the file rather than being lost.
func appendProblems(ps scenarios.Problems, file string, err error) scenarios.Problems {
	var problems scenarios.Problems
	if errors.As(err, &problems) {
		return append(ps, problems...)
	}
	return append(ps, scenarios.Problem{File: file, Msg: err.Error()})
}
