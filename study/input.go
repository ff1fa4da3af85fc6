package study

import "fmt"

// An InputError is an experiment's refusal of what it was asked — an
// option outside its range, a key path the model does not have — as
// opposed to a failure while it ran. It is the caller's to fix: the command
// line reports it as bad input (exit status 2), naming the flag that set
// Option.
type InputError struct {
	// Option is the name of the options field at fault, as the experiment's
	// Options struct spells it (e.g. "Inputs"); empty when what is wrong is
	// not one option but the model as a whole.
	Option string
	// Item, when the option is a list, is the element at fault as the
	// caller wrote it (a group's name, say); empty when the option as a
	// whole is.
	Item string
	// Msg says what is wrong and, where it helps, what would do instead.
	Msg string
}

// Error returns "Option: Msg", "Option Item: Msg" when an item is at
// fault, or Msg alone without an option.
func (e *InputError) Error() string {
	switch {
	case e.Option == "":
		return e.Msg
	case e.Item != "":
		return e.Option + " " + e.Item + ": " + e.Msg
	}
	return e.Option + ": " + e.Msg
}

// Inputf returns an *InputError of option with a message formatted as by
// fmt.Sprintf.
func Inputf(option, format string, a ...any) error {
	return &InputError{Option: option, Msg: fmt.Sprintf(format, a...)}
}
