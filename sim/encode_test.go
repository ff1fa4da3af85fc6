package sim

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

// TestAggregateBinary: an aggregate written and read back is the same
// aggregate, merges as it would have, and gives the same result; bytes
// that are not one are refused, never a panic.
func TestAggregateBinary(t *testing.T) {
	m := twoParty()
	for _, opt := range []Options{
		{Trials: 3*ChunkSize + 5, Seed: 2, Paired: true, Chunks: ChunkRange{0, 2}},
		{Trials: 3*ChunkSize + 5, Seed: 2, Lean: true, Chunks: ChunkRange{2, 4}},
	} {
		a, err := Simulate(context.Background(), m, opt)
		if err != nil {
			t.Fatal(err)
		}
		b, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back Aggregate
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(&back, a) {
			t.Errorf("%+v: read back, the aggregate differs", opt)
		}
		r1, _ := a.Result(m)
		r2, err := back.Result(m)
		if err != nil || !reflect.DeepEqual(r1, r2) {
			t.Errorf("the result of the aggregate read back differs: %v", err)
		}
		// Every truncation is refused.
		for n := 0; n < len(b); n += 1 + n/7 {
			var x Aggregate
			if err := x.UnmarshalBinary(b[:n]); !errors.Is(err, ErrFormat) {
				t.Fatalf("%d of %d bytes: err = %v, want ErrFormat", n, len(b), err)
			}
		}
		// Another version is refused.
		c := append([]byte(nil), b...)
		c[len(aggregateMagic)]++
		var x Aggregate
		if err := x.UnmarshalBinary(c); !errors.Is(err, ErrFormat) {
			t.Errorf("another version: err = %v", err)
		}
	}
}

// FuzzAggregateBinary: whatever the bytes, reading them never panics, and
// what reads back writes back to the same bytes.
func FuzzAggregateBinary(f *testing.F) {
	a, _ := Simulate(context.Background(), twoParty(), Options{Trials: 100, Seed: 1, Paired: true})
	b, _ := a.MarshalBinary()
	f.Add(b)
	f.Add([]byte(aggregateMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		var x Aggregate
		if err := x.UnmarshalBinary(data); err != nil {
			return
		}
		again, _ := x.MarshalBinary()
		if string(again) != string(data) {
			t.Error("an aggregate read back writes other bytes")
		}
	})
}
