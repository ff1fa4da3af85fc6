package sim

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// The binary form of an Aggregate, so that the shards of a run, written by
// separate processes or machines, can be merged (results/README.md documents
// it). All integers are little-endian:
//
//	magic      "peacesim-aggregate\n" (19 bytes)
//	version    uint32 (aggregateVersion)
//	seed       uint64
//	shape      uint64 × 7 (packages, parties, tracks, pathways, red lines,
//	           staked cells, rule cells), then uint8 × 2 (paired, lean)
//	chunks     uint64 n, then n × (first, end) int64
//	trials     int64
//	counts     for each of pathway, accept, violated, pivotal, blocked,
//	           blocks, sole, aOnly, bOnly, histCell, hist: uint64 n, then
//	           n × int64
//	margins    uint64 n, then n × (min, max float64 bits; clamped int64;
//	           sum hi, lo, sumSq hi, lo uint64)
//
// An aggregate is written between chunks, so the float sums of a chunk in
// progress are 0 and are not stored.
const aggregateMagic = "peacesim-aggregate\n"

// aggregateVersion changes whenever the binary form or the meaning of a
// count does, so that shards of different versions are not merged.
const aggregateVersion = 1

// ErrFormat reports bytes that are not an Aggregate of this version.
var ErrFormat = errors.New("not an aggregate of this peacesim version")

// MarshalBinary writes the aggregate in its binary form.
func (a *Aggregate) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	w := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) } // a bytes.Buffer does not fail
	b.WriteString(aggregateMagic)
	w(uint32(aggregateVersion))
	w(a.seed)
	s := a.shape
	for _, n := range []int{s.packages, s.parties, s.tracks, s.pathways, s.redLines, s.stakedCells, s.ruleCells} {
		w(uint64(n))
	}
	w([2]uint8{uint8(bit(s.paired)), uint8(bit(s.lean))})
	w(uint64(len(a.chunks)))
	for _, c := range a.chunks {
		w([2]int64{c.First, c.End})
	}
	w(a.trials)
	for _, xs := range a.countSlices() {
		w(uint64(len(*xs)))
		w(*xs)
	}
	hc := make([]int64, len(a.histCell))
	for i, c := range a.histCell {
		hc[i] = int64(c)
	}
	w(uint64(len(hc)))
	w(hc)
	w(uint64(len(a.chunk)))
	for i := range a.chunk {
		c, t := a.chunk[i], a.total[i]
		w([2]uint64{math.Float64bits(c.min), math.Float64bits(c.max)})
		w(c.clamped)
		w([4]uint64{t.sum.hi, t.sum.lo, t.sumSq.hi, t.sumSq.lo})
	}
	return b.Bytes(), nil
}

// countSlices are the aggregate's integer counts, in the order of the
// binary form.
func (a *Aggregate) countSlices() []*[]int64 {
	return []*[]int64{&a.pathway, &a.accept, &a.violated, &a.pivotal, &a.blocked, &a.blocks, &a.sole,
		&a.aOnly, &a.bOnly, &a.hist}
}

// maxEncodedLen bounds a slice length read from the binary form, so that
// corrupt bytes cannot ask for an allocation larger than the input itself
// could hold.
func maxEncodedLen(left, size int) uint64 { return uint64(left / size) }

// UnmarshalBinary reads an aggregate in its binary form; bytes that are
// not one (another version, a truncated or corrupt file) are an error
// wrapping ErrFormat.
func (a *Aggregate) UnmarshalBinary(data []byte) error {
	r := bytes.NewReader(data)
	bad := func(what string) error { return fmt.Errorf("%w: %s", ErrFormat, what) }
	magic := make([]byte, len(aggregateMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != aggregateMagic {
		return bad("no aggregate header")
	}
	var version uint32
	read := func(v any) bool { return binary.Read(r, binary.LittleEndian, v) == nil }
	if !read(&version) || version != aggregateVersion {
		return bad(fmt.Sprintf("version %d, this peacesim reads %d", version, aggregateVersion))
	}
	var out Aggregate
	var dims [7]uint64
	var flags [2]uint8
	if !read(&out.seed) || !read(&dims) || !read(&flags) {
		return bad("truncated header")
	}
	for _, d := range dims {
		if d > 1<<40 {
			return bad("impossible sizes")
		}
	}
	out.shape = shape{packages: int(dims[0]), parties: int(dims[1]), tracks: int(dims[2]), pathways: int(dims[3]),
		redLines: int(dims[4]), stakedCells: int(dims[5]), ruleCells: int(dims[6]), paired: flags[0] == 1, lean: flags[1] == 1}
	length := func(size int) (int, bool) {
		var n uint64
		if !read(&n) || n > maxEncodedLen(r.Len(), size) {
			return 0, false
		}
		return int(n), true
	}
	n, ok := length(16)
	if !ok {
		return bad("truncated chunks")
	}
	for range n {
		var c [2]int64
		if !read(&c) || c[0] < 0 || c[0] >= c[1] {
			return bad("bad chunk range")
		}
		out.chunks = append(out.chunks, ChunkRange{First: c[0], End: c[1]})
	}
	if !read(&out.trials) || out.trials < 0 {
		return bad("truncated trials")
	}
	for _, xs := range out.countSlices() {
		n, ok := length(8)
		if !ok {
			return bad("truncated counts")
		}
		*xs = make([]int64, n)
		if !read(*xs) {
			return bad("truncated counts")
		}
	}
	if n, ok = length(8); !ok {
		return bad("truncated histogram index")
	}
	hc := make([]int64, n)
	if !read(hc) {
		return bad("truncated histogram index")
	}
	out.histCell = make([]int, n)
	for i, c := range hc {
		if c < -1 || c > 1<<40 {
			return bad("bad histogram index")
		}
		out.histCell[i] = int(c)
	}
	if n, ok = length(56); !ok {
		return bad("truncated margins")
	}
	out.chunk, out.total = make([]chunkMargin, n), make([]marginTotal, n)
	for i := range n {
		var ext [2]uint64
		var sums [4]uint64
		if !read(&ext) || !read(&out.chunk[i].clamped) || !read(&sums) {
			return bad("truncated margins")
		}
		out.chunk[i].min, out.chunk[i].max = math.Float64frombits(ext[0]), math.Float64frombits(ext[1])
		out.total[i] = marginTotal{sum: int128{sums[0], sums[1]}, sumSq: int128{sums[2], sums[3]}}
	}
	if r.Len() != 0 {
		return bad("trailing bytes")
	}
	if err := out.consistent(); err != nil {
		return bad(err.Error())
	}
	*a = out
	return nil
}

// consistent checks that the lengths of an aggregate's slices fit its
// shape, so that Merge and Result index them safely.
func (a *Aggregate) consistent() error {
	s := a.shape
	K, W, cells := s.packages, s.pathways, s.packages*s.parties*s.tracks
	want := map[string][2]int{
		"pathway": {len(a.pathway), K * W}, "accept": {len(a.accept), cells},
		"violated": {len(a.violated), K * s.redLines}, "pivotal": {len(a.pivotal), K * s.redLines},
		"blocked": {len(a.blocked), K * W}, "blocks": {len(a.blocks), K * s.ruleCells}, "sole": {len(a.sole), K * s.ruleCells},
		"aOnly": {len(a.aOnly), s.pairs() * W}, "bOnly": {len(a.bOnly), s.pairs() * W},
		"histCell": {len(a.histCell), cells}, "margins": {len(a.chunk), cells},
	}
	hist := K * s.stakedCells * marginBins
	if s.lean {
		hist = 0
	}
	want["hist"] = [2]int{len(a.hist), hist}
	for name, n := range want {
		if n[0] != n[1] {
			return fmt.Errorf("%s has %d entries for a shape that needs %d", name, n[0], n[1])
		}
	}
	for _, c := range a.histCell {
		if !s.lean && c >= 0 && (c+1)*marginBins > len(a.hist) {
			return fmt.Errorf("a histogram index beyond the histograms")
		}
	}
	return nil
}
