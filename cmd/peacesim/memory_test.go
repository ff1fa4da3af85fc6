package main

import "testing"

func TestMemTotal(t *testing.T) {
	tests := []struct {
		name, meminfo string
		want          int64
	}{
		{"linux", "MemTotal:       24683596 kB\nMemFree:        23651024 kB\n", 24683596 << 10},
		{"not first", "Foo: 1 kB\nMemTotal: 2 kB\n", 2 << 10},
		{"missing", "MemFree: 5 kB\n", 0},
		{"garbage", "MemTotal: lots kB\n", 0},
		{"empty", "", 0},
	}
	for _, tt := range tests {
		if got := memTotal([]byte(tt.meminfo)); got != tt.want {
			t.Errorf("%s: memTotal = %d, want %d", tt.name, got, tt.want)
		}
	}
}
