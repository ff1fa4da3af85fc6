package study

import (
	"errors"
	"fmt"
	"testing"
)

// TestInputError: an InputError reads "Option: message" ("Option Item:
// message" with an item at fault, the message alone without an option)
// and survives wrapping.
func TestInputError(t *testing.T) {
	err := fmt.Errorf("sensitivity: %w", Inputf("Inputs", "no uncertain input %q", "x"))
	var ie *InputError
	if !errors.As(err, &ie) || ie.Option != "Inputs" {
		t.Fatalf("errors.As(%v) = %v, %+v", err, ie != nil, ie)
	}
	if got, want := ie.Error(), `Inputs: no uncertain input "x"`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := (&InputError{Option: "Groups", Item: "russia", Msg: "no uncertain input"}).Error(), "Groups russia: no uncertain input"; got != want {
		t.Errorf("Error() with an item = %q, want %q", got, want)
	}
	if got, want := (&InputError{Msg: "no negotiable issue"}).Error(), "no negotiable issue"; got != want {
		t.Errorf("Error() without an option = %q, want %q", got, want)
	}
}
