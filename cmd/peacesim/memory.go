package main

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
)

// memoryLimit is what a run's aggregates may take: three quarters of the
// machine's memory, so that a scenario too large for it is refused with a
// message (sim.ErrTooLarge) instead of the process running out of memory;
// 0, no limit, where the memory cannot be read.
func memoryLimit() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	return memTotal(b) / 4 * 3
}

// memTotal reads the MemTotal line of /proc/meminfo ("MemTotal: 24683596 kB")
// as bytes; 0 when there is none.
func memTotal(meminfo []byte) int64 {
	sc := bufio.NewScanner(bytes.NewReader(meminfo))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "MemTotal:" && f[2] == "kB" {
			if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil && kb > 0 {
				return kb << 10
			}
		}
	}
	return 0
}

// memory is the memory a run or a study may take: the options' own limit
// (tests set one), else memoryLimit's.
func (o *ScenarioOptions) memory() int64 {
	if o.memLimit > 0 {
		return o.memLimit
	}
	return memoryLimit()
}
