package plot

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// cancelAfter is a context that its own Err cancels: the n-th call
// returns nil, as if the cancellation came just after that check, and
// every later call context.Canceled; Done is closed from the n-th call.
// It shows where a drawing looks at its context, and that it stops there.
type cancelAfter struct {
	context.Context
	left atomic.Int64
	once sync.Once
	done chan struct{}
}

func newCancelAfter(n int64) *cancelAfter {
	c := &cancelAfter{Context: context.Background(), done: make(chan struct{})}
	c.left.Store(n)
	return c
}

func (c *cancelAfter) Done() <-chan struct{} { return c.done }

func (c *cancelAfter) Err() error {
	select {
	case <-c.done:
		return context.Canceled
	default:
	}
	if c.left.Add(-1) <= 0 {
		c.once.Do(func() { close(c.done) })
	}
	return nil
}

// countingCanvas counts what is drawn on it: strokes, fills, texts and
// images.
type countingCanvas struct {
	vg.CanvasSizer
	n int
}

func (c *countingCanvas) Stroke(p vg.Path) { c.n++; c.CanvasSizer.Stroke(p) }
func (c *countingCanvas) Fill(p vg.Path)   { c.n++; c.CanvasSizer.Fill(p) }
func (c *countingCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.n++
	c.CanvasSizer.FillString(f, pt, s)
}
func (c *countingCanvas) DrawImage(r vg.Rectangle, img image.Image) {
	c.n++
	c.CanvasSizer.DrawImage(r, img)
}

// TestDrawCancelled: a chart drawn on a cancelCanvas stops drawing at
// the first stroke, fill or text after its context is done, at any point
// of the drawing.
func TestDrawCancelled(t *testing.T) {
	c, err := New(read(t, "sweep_one"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	w, h := c.Size()
	all := &countingCanvas{CanvasSizer: vgsvg.New(w, h)}
	c.Draw(draw.New(cancelCanvas{all, context.Background()}))
	if all.n < 100 {
		t.Fatalf("the chart drew %d strokes, fills and texts; want a panel's worth", all.n)
	}
	for _, n := range []int64{1, 10, int64(all.n / 2), int64(all.n - 1)} {
		some := &countingCanvas{CanvasSizer: vgsvg.New(w, h)}
		c.Draw(draw.New(cancelCanvas{some, newCancelAfter(n)}))
		if some.n != int(n) {
			t.Errorf("cancelled after %d of %d: %d drawn", n, all.n, some.n)
		}
	}
}

// TestEncodeCancelled: a cancelled encoding stops and says so at each
// of the checks it makes: before the canvas, while a PNG's canvas is made,
// between strokes, before the encoding and at its writes; and WriteFile
// then leaves no file.
func TestEncodeCancelled(t *testing.T) {
	d := read(t, "run")
	// A PNG large enough that its canvas takes milliseconds to make.
	c, err := New(d, Options{Width: px(1000), Height: px(1000)})
	if err != nil {
		t.Fatal(err)
	}
	const never = math.MaxInt64
	counted := newCancelAfter(never)
	if err := c.EncodeContext(counted, &bytes.Buffer{}, "png"); err != nil {
		t.Fatal(err)
	}
	checks := never - counted.left.Load()
	for _, n := range []int64{1, 2, checks / 2, checks - 1} {
		var buf bytes.Buffer
		if err := c.EncodeContext(newCancelAfter(n), &buf, "png"); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled at check %d of %d: %v; want context.Canceled", n, checks, err)
		}
		if n < checks/2 && buf.Len() > 0 {
			t.Errorf("cancelled at check %d, before the encoding: %d bytes written", n, buf.Len())
		}
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	for _, format := range Formats() {
		out := filepath.Join(dir, "chart."+format)
		for _, ctx := range []context.Context{cancelled, newCancelAfter(20)} {
			if _, err := WriteFile(ctx, d, FileOptions{Out: out}); !errors.Is(err, context.Canceled) {
				t.Errorf("WriteFile of %s: %v; want context.Canceled", format, err)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("cancelled writes left %d files, %s first", len(entries), entries[0].Name())
	}
}

// TestWritePNG: a PNG of more than fastPNG pixels is compressed at
// BestSpeed, and holds the same pixels; one of fewer is the bytes
// png.Encode writes, as before the faster level.
func TestWritePNG(t *testing.T) {
	for _, side := range []int{100, 3163} { // 3163² > fastPNG
		// White, as a chart mostly is, with a line across it.
		img := image.NewRGBA(image.Rect(0, 0, side, side))
		for i := range img.Pix {
			img.Pix[i] = 0xff
		}
		for i := range side {
			img.SetRGBA(i, i, color.RGBA{0x44, 0x01, 0x54, 0xff})
		}
		var fast, plain bytes.Buffer
		if err := writePNG(&fast, img); err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(&plain, img); err != nil {
			t.Fatal(err)
		}
		if large := side*side > fastPNG; large == bytes.Equal(fast.Bytes(), plain.Bytes()) {
			t.Errorf("%d × %d pixels: the same bytes as png.Encode is %v, want %v", side, side, !large, large)
		}
		got, err := png.Decode(&fast)
		if err != nil {
			t.Fatal(err)
		}
		if rgba, ok := got.(*image.RGBA); !ok || !bytes.Equal(rgba.Pix, img.Pix) {
			t.Errorf("%d × %d pixels: the PNG does not decode to its image", side, side)
		}
	}
}
