package main

import (
	"bufio"
	"io"
)

// writeBuffered writes a command's results to stdout through a buffer: a
// CSV of a large scenario is many small writes. The error is write's, or
// else the flush's.
func writeBuffered(stdout io.Writer, write func(w io.Writer) error) error {
	w := bufio.NewWriter(stdout)
	err := write(w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}
