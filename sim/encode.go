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
// The aggregate of a run with a timeline has version 2 (timelineVersion):
// after the shape's flags, uint64 × 2 (rounds, the round reported), and
// after the counts of bOnly, those of reachedBy and outcomeBy. Without a
// timeline the form is version 1's, byte for byte.
//
// The aggregate of a run with evidence has version 3 (evidenceVersion):
// after the shape's flags, uint64 × 2 (rounds and the round reported, 0
// and 0 without a timeline), uint64 × 2 (the number of weight classes C
// and the evidence's key), int64 (the trials run, before evidence) and
// uint64 n and n × int64 (the trials that reproduce each of the n
// entries), C × float64 bits (the classes' weights) and the prior's
// inputs; then the chunks; then for each
// class in turn its trials, counts (as version 2's with a timeline,
// version 1's without), histogram index and margins.
//
// An aggregate is written between chunks, so the float sums of a chunk in
// progress are 0 and are not stored.
const aggregateMagic = "peacesim-aggregate\n"

// aggregateVersion changes whenever the binary form or the meaning of a
// count does, so that shards of different versions are not merged.
const aggregateVersion = 1

// timelineVersion is the version of the binary form of an aggregate of a
// run with a timeline: version 1's with the rounds' counts.
const timelineVersion = 2

// evidenceVersion is the version of the binary form of an aggregate of a
// run with evidence: its weight classes' counts, one after the other.
const evidenceVersion = 3

// ErrFormat reports bytes that are not an Aggregate of this version.
var ErrFormat = errors.New("not an aggregate of this peacesim version")

// MarshalBinary writes the aggregate in its binary form.
func (a *Aggregate) MarshalBinary() ([]byte, error) {
	if a.shape.noMargins {
		return nil, errors.New("the aggregate of a run without margins (Options.NoMargins) has no binary form: a shard counts them")
	}
	var b bytes.Buffer
	w := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) } // a bytes.Buffer does not fail
	b.WriteString(aggregateMagic)
	s := a.shape
	switch {
	case s.classes > 0:
		w(uint32(evidenceVersion))
	case s.rounds > 0:
		w(uint32(timelineVersion))
	default:
		w(uint32(aggregateVersion))
	}
	w(a.seed)
	for _, n := range []int{s.packages, s.parties, s.tracks, s.pathways, s.redLines, s.stakedCells, s.ruleCells} {
		w(uint64(n))
	}
	w([2]uint8{uint8(bit(s.paired)), uint8(bit(s.lean))})
	if s.rounds > 0 || s.classes > 0 {
		w([2]uint64{uint64(s.rounds), uint64(s.round)})
	}
	if s.classes > 0 {
		w([2]uint64{uint64(s.classes), s.evidence})
		w(a.prior)
		w(uint64(len(a.seen)))
		w(a.seen)
		for _, x := range a.classWeights() {
			w(math.Float64bits(x))
		}
		writeInputs(w, a.priorInputs)
	}
	w(uint64(len(a.chunks)))
	for _, c := range a.chunks {
		w([2]int64{c.First, c.End})
	}
	for _, part := range a.parts() {
		part.writeClass(w)
	}
	return b.Bytes(), nil
}

// classWeights are the weights of a's classes: 1 for its one class
// without soft evidence.
func (a *Aggregate) classWeights() []float64 {
	if a.weights == nil {
		return []float64{1}
	}
	return a.weights
}

// writeClass writes the counts of one weight class with w.
func (a *Aggregate) writeClass(w func(any)) {
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
	writeMargins(w, a.chunk, a.total)
	if a.shape.classes > 0 {
		writeInputs(w, a.inputs)
	}
}

// writeInputs writes the tally of a run's posterior inputs: uint64 n,
// then n × (min, max float64 bits; clamped int64; sum hi, lo, sumSq hi,
// lo uint64), then n·marginBins × int64, the histograms.
func writeInputs(w func(any), t *inputTally) {
	w(uint64(len(t.chunk)))
	writeMargins(w, t.chunk, t.total)
	w(t.hist)
}

// writeMargins writes each cell's extremes, clamped count and sums:
// (min, max float64 bits; clamped int64; sum hi, lo, sumSq hi, lo uint64).
func writeMargins(w func(any), chunk []chunkMargin, total []marginTotal) {
	for i := range chunk {
		c, t := chunk[i], total[i]
		w([2]uint64{math.Float64bits(c.min), math.Float64bits(c.max)})
		w(c.clamped)
		w([4]uint64{t.sum.hi, t.sum.lo, t.sumSq.hi, t.sumSq.lo})
	}
}

// readMargins reads what writeMargins wrote into chunk and total,
// reporting whether the bytes held them all.
func (d *aggregateDecoder) readMargins(chunk []chunkMargin, total []marginTotal) bool {
	for i := range chunk {
		var ext [2]uint64
		var sums [4]uint64
		if !d.read(&ext) || !d.read(&chunk[i].clamped) || !d.read(&sums) {
			return false
		}
		chunk[i].min, chunk[i].max = math.Float64frombits(ext[0]), math.Float64frombits(ext[1])
		total[i] = marginTotal{sum: int128{sums[0], sums[1]}, sumSq: int128{sums[2], sums[3]}}
	}
	return true
}

// inputs reads what writeInputs wrote.
func (d *aggregateDecoder) inputs() (*inputTally, error) {
	n, ok := d.length(56 + 8*marginBins)
	if !ok {
		return nil, notAggregate("truncated inputs")
	}
	t := newInputTally(n)
	if !d.readMargins(t.chunk, t.total) || !d.read(t.hist) {
		return nil, notAggregate("truncated inputs")
	}
	return t, nil
}

// classInputs reads a weight class's posterior inputs, of as many as the
// prior's.
func (d *aggregateDecoder) classInputs(out *Aggregate) error {
	t, err := d.inputs()
	if err != nil {
		return err
	}
	out.inputs = t
	return nil
}

// countSlices are the aggregate's integer counts, in the order of the
// binary form.
func (a *Aggregate) countSlices() []*[]int64 {
	if a.shape.rounds > 0 {
		return []*[]int64{&a.pathway, &a.accept, &a.violated, &a.pivotal, &a.blocked, &a.blocks, &a.sole,
			&a.aOnly, &a.bOnly, &a.reachedBy, &a.outcomeBy, &a.hist}
	}
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
	d := &aggregateDecoder{r: bytes.NewReader(data)}
	var out Aggregate
	// The parts of the binary form, in order.
	for _, part := range []func(*Aggregate) error{d.header, d.chunks} {
		if err := part(&out); err != nil {
			return err
		}
	}
	parts := []func(*Aggregate) error{d.trials, d.counts, d.histCells, d.margins}
	if out.shape.classes > 0 {
		parts = append(parts, d.classInputs)
	}
	for _, class := range out.parts() {
		for _, part := range parts {
			if err := part(class); err != nil {
				return err
			}
		}
		if err := class.consistent(); err != nil {
			return notAggregate(err.Error())
		}
		if class.inputs != nil && len(class.inputs.chunk) != len(out.priorInputs.chunk) {
			return notAggregate("a class with another number of inputs")
		}
	}
	if out.shape.classes == 0 {
		out.prior = out.trials
	}
	if d.r.Len() != 0 {
		return notAggregate("trailing bytes")
	}
	*a = out
	return nil
}

// notAggregate is an error wrapping ErrFormat that says what is wrong.
func notAggregate(what string) error { return fmt.Errorf("%w: %s", ErrFormat, what) }

// aggregateDecoder reads the parts of an aggregate's binary form in turn,
// each into the aggregate it is given, and says which part is missing or
// wrong.
type aggregateDecoder struct{ r *bytes.Reader }

// read reads one little-endian value or slice into v.
func (d *aggregateDecoder) read(v any) bool { return binary.Read(d.r, binary.LittleEndian, v) == nil }

// length reads the length of a slice whose elements take size bytes,
// refusing one longer than the bytes left could hold.
func (d *aggregateDecoder) length(size int) (int, bool) {
	var n uint64
	if !d.read(&n) || n > maxEncodedLen(d.r.Len(), size) {
		return 0, false
	}
	return int(n), true
}

// header reads the magic, the version, the seed and the shape.
func (d *aggregateDecoder) header(out *Aggregate) error {
	magic := make([]byte, len(aggregateMagic))
	if _, err := io.ReadFull(d.r, magic); err != nil || string(magic) != aggregateMagic {
		return notAggregate("no aggregate header")
	}
	var version uint32
	if !d.read(&version) || version < aggregateVersion || version > evidenceVersion {
		return notAggregate(fmt.Sprintf("version %d, this peacesim reads %d to %d", version, aggregateVersion, evidenceVersion))
	}
	var dims [7]uint64
	var flags [2]uint8
	if !d.read(&out.seed) || !d.read(&dims) || !d.read(&flags) {
		return notAggregate("truncated header")
	}
	for _, n := range dims {
		if n > 1<<40 {
			return notAggregate("impossible sizes")
		}
	}
	out.shape = shape{packages: int(dims[0]), parties: int(dims[1]), tracks: int(dims[2]), pathways: int(dims[3]),
		redLines: int(dims[4]), stakedCells: int(dims[5]), ruleCells: int(dims[6]), paired: flags[0] == 1, lean: flags[1] == 1}
	out.reachedBy, out.outcomeBy = []int64{}, []int64{}
	if version >= timelineVersion {
		if err := d.rounds(out, version == evidenceVersion); err != nil {
			return err
		}
	}
	if version == evidenceVersion {
		return d.evidence(out)
	}
	return nil
}

// rounds reads the timeline's rounds and the round reported; with
// evidence, 0 and 0 say there is no timeline.
func (d *aggregateDecoder) rounds(out *Aggregate, evidence bool) error {
	var rounds [2]uint64
	if !d.read(&rounds) {
		return notAggregate("truncated header")
	}
	if evidence && rounds == [2]uint64{} {
		return nil
	}
	if rounds[0] < 1 || rounds[0] > MaxRounds || rounds[1] < 1 || rounds[1] > rounds[0] {
		return notAggregate("impossible rounds")
	}
	out.shape.rounds, out.shape.round = int(rounds[0]), int(rounds[1])
	return nil
}

// evidence reads the weight classes of a run with evidence, their
// weights and the trials run, and makes the aggregates of the classes
// after the first.
func (d *aggregateDecoder) evidence(out *Aggregate) error {
	var ev [2]uint64
	if !d.read(&ev) || !d.read(&out.prior) {
		return notAggregate("truncated evidence")
	}
	n, ok := d.length(8)
	if !ok || n > MaxEvidence {
		return notAggregate("truncated evidence")
	}
	out.seen = make([]int64, n)
	if !d.read(out.seen) {
		return notAggregate("truncated evidence")
	}
	if ev[0] < 1 || ev[0] > 1<<MaxSoftEvidence || out.prior < 0 {
		return notAggregate("impossible evidence classes")
	}
	out.shape.classes, out.shape.evidence = int(ev[0]), ev[1]
	weights := make([]float64, ev[0])
	for c := range weights {
		var bits uint64
		if !d.read(&bits) {
			return notAggregate("truncated evidence")
		}
		weights[c] = math.Float64frombits(bits)
		if !(weights[c] > 0 && weights[c] <= 1) {
			return notAggregate("impossible class weight")
		}
	}
	prior, err := d.inputs()
	if err != nil {
		return err
	}
	out.priorInputs = prior
	if len(weights) > 1 {
		out.weights = weights
		for range len(weights) - 1 {
			out.more = append(out.more, &Aggregate{seed: out.seed, shape: out.shape, reachedBy: []int64{}, outcomeBy: []int64{}})
		}
	}
	return nil
}

// chunks reads the ranges of chunks the aggregate counts.
func (d *aggregateDecoder) chunks(out *Aggregate) error {
	n, ok := d.length(16)
	if !ok {
		return notAggregate("truncated chunks")
	}
	for range n {
		var c [2]int64
		if !d.read(&c) || c[0] < 0 || c[0] >= c[1] {
			return notAggregate("bad chunk range")
		}
		out.chunks = append(out.chunks, ChunkRange{First: c[0], End: c[1]})
	}
	return nil
}

// trials reads the number of trials counted.
func (d *aggregateDecoder) trials(out *Aggregate) error {
	if !d.read(&out.trials) || out.trials < 0 {
		return notAggregate("truncated trials")
	}
	return nil
}

// counts reads the integer counts, in the order of countSlices.
func (d *aggregateDecoder) counts(out *Aggregate) error {
	for _, xs := range out.countSlices() {
		n, ok := d.length(8)
		if !ok {
			return notAggregate("truncated counts")
		}
		*xs = make([]int64, n)
		if !d.read(*xs) {
			return notAggregate("truncated counts")
		}
	}
	return nil
}

// histCells reads the index of each cell's margin histogram (-1 for none).
func (d *aggregateDecoder) histCells(out *Aggregate) error {
	n, ok := d.length(8)
	if !ok {
		return notAggregate("truncated histogram index")
	}
	hc := make([]int64, n)
	if !d.read(hc) {
		return notAggregate("truncated histogram index")
	}
	out.histCell = make([]int, n)
	for i, c := range hc {
		if c < -1 || c > 1<<40 {
			return notAggregate("bad histogram index")
		}
		out.histCell[i] = int(c)
	}
	return nil
}

// margins reads each cell's margin extremes, clamped count and sums.
func (d *aggregateDecoder) margins(out *Aggregate) error {
	n, ok := d.length(56)
	if !ok {
		return notAggregate("truncated margins")
	}
	out.chunk, out.total = make([]chunkMargin, n), make([]marginTotal, n)
	if !d.readMargins(out.chunk, out.total) {
		return notAggregate("truncated margins")
	}
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
		"reachedBy": {len(a.reachedBy), K * s.rounds * W}, "outcomeBy": {len(a.outcomeBy), K * s.rounds * W},
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
