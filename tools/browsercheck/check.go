package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
)

// The second pass's viewport: a phone's, in CSS pixels (an iPhone 12 to 15).
const (
	phoneWidth  = 390
	phoneHeight = 844
)

// viewportHeight is the height of the first pass's viewport in CSS pixels;
// the screenshot covers the whole page whatever it is.
const viewportHeight = 900

// overflowSlack is how far, in CSS pixels, the page may reach past the
// viewport: layout rounds a fractional width up by less than a pixel.
const overflowSlack = 1

//go:embed inspect.js
var inspectJS string

//go:embed overflow.js
var overflowJS string

// Options say what to check and where to write what the browser made.
type Options struct {
	File     string        // the HTML report
	PNG      string        // where to write the full-page screenshot
	PDF      string        // where to write the page printed on A4
	Width    int           // the viewport's width in CSS pixels for the first pass
	Chromium string        // the browser; "" looks for chromium on PATH
	Timeout  time.Duration // for the whole check, browser start included
}

// A Check is one thing a reader relies on. It passes when it has no
// problems; Detail says what was found (counts) either way.
type Check struct {
	Name     string
	Detail   string
	Problems []string
}

// OK reports whether the check passed.
func (c Check) OK() bool { return len(c.Problems) == 0 }

// A Report is the outcome of every check, in the order they ran, and the
// requests the page made.
type Report struct {
	Checks   []Check
	Requests []Request
}

// Failures lists each problem of each failed check, one line each.
func (r *Report) Failures() []string {
	var out []string
	for _, c := range r.Checks {
		for _, p := range c.Problems {
			out = append(out, c.Name+": "+p)
		}
	}
	return out
}

// Check returns the check of that name, or false.
func (r *Report) Check(name string) (Check, bool) {
	for _, c := range r.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

func (r *Report) add(name, detail string, problems ...string) {
	r.Checks = append(r.Checks, Check{Name: name, Detail: detail, Problems: problems})
}

// FindChromium returns the path of the browser: path when given, else
// chromium or chromium-browser on PATH.
func FindChromium(path string) (string, error) {
	if path != "" {
		return exec.LookPath(path)
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chromium is not on PATH: install Debian's chromium (apt-get install chromium) or give -chromium PATH")
}

// Run loads opts.File in a headless Chromium and checks it. An error means
// the check could not run (no browser, no file, the browser failed); a page
// that fails a check gives a Report with problems and no error.
func Run(ctx context.Context, opts Options) (*Report, error) {
	abs, err := filepath.Abs(opts.File)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, err
	} else if fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not an HTML file", opts.File)
	}
	chromium, err := FindChromium(opts.Chromium)
	if err != nil {
		return nil, err
	}
	self := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()

	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	allocOpts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.DisableGPU,
		chromedp.WindowSize(opts.Width, viewportHeight),
	)
	if os.Geteuid() == 0 {
		// Chromium's sandbox refuses to run as root.
		allocOpts = append(allocOpts, chromedp.NoSandbox)
	}
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, allocOpts...)
	defer cancelAlloc()

	rec := newRecorder(func(url string) bool { return allowed(self, url) })
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithListener(rec.listen))
	defer cancelTab()

	// Start the browser, then pause every request before it is sent, so
	// the recorder can fail those that leave the file.
	if err := chromedp.Do(ctx); err != nil {
		return nil, fmt.Errorf("starting %s: %w", chromium, err)
	}
	answerCtx, stopAnswer := context.WithCancel(ctx)
	answered := make(chan struct{})
	go func() { defer close(answered); rec.answer(answerCtx) }()
	defer func() { stopAnswer(); <-answered }()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{
		Patterns: []*fetch.RequestPattern{{URLPattern: "*"}},
	}); err != nil {
		return nil, fmt.Errorf("enabling request interception: %w", err)
	}

	rep := &Report{}
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(int64(opts.Width), viewportHeight),
		chromedp.Navigate(self),
	); err != nil {
		return nil, fmt.Errorf("loading %s: %w", self, err)
	}

	page, err := inspect(ctx)
	if err != nil {
		return nil, err
	}
	rep.add("title", fmt.Sprintf("%q", page.Title), nonEmpty(page.Title, "the document has no <title>")...)
	rep.add("lang", fmt.Sprintf("<html lang=%q>", page.Lang), nonEmpty(page.Lang, "<html> has no lang")...)
	if err := checkLayout(ctx, rep, page, opts.Width); err != nil {
		return nil, err
	}

	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return nil, fmt.Errorf("taking the screenshot: %w", err)
	}
	if err := os.WriteFile(opts.PNG, shot, 0o644); err != nil {
		return nil, err
	}
	rep.add("png", fmt.Sprintf("%s, %d bytes", opts.PNG, len(shot)), checkPNG(shot, opts.Width)...)

	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPrintBackground(),
	))
	if err != nil {
		return nil, fmt.Errorf("printing to PDF: %w", err)
	}
	if err := os.WriteFile(opts.PDF, pdf, 0o644); err != nil {
		return nil, err
	}
	pages := pdfPages(pdf)
	var pdfProblems []string
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		pdfProblems = append(pdfProblems, "the browser's output does not start with %PDF-")
	}
	if pages < 1 {
		pdfProblems = append(pdfProblems, "the PDF has no page")
	}
	rep.add("pdf", fmt.Sprintf("%s, A4, %d bytes, %s", opts.PDF, len(pdf), count(pages, "page")), pdfProblems...)

	if opts.Width != phoneWidth {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, phoneHeight)); err != nil {
			return nil, fmt.Errorf("emulating a phone's viewport: %w", err)
		}
		page, err := inspect(ctx)
		if err != nil {
			return nil, err
		}
		if err := checkLayout(ctx, rep, page, phoneWidth); err != nil {
			return nil, err
		}
	}

	// Stop answering before reading what was recorded: no request is
	// let through unseen after this point.
	stopAnswer()
	<-answered
	reqs, console := rec.results()
	rep.Requests = reqs
	allow := func(url string) bool { return allowed(self, url) }
	rep.add("requests", requestsDetail(reqs, allow, "the file itself or data: URLs"), requestProblems(reqs, allow, "the file")...)
	rep.add("console", count(len(console), "error")+" (console.error, uncaught exceptions, the browser's log)", console...)
	return rep, nil
}

func nonEmpty(s, problem string) []string {
	if s == "" {
		return []string{problem}
	}
	return nil
}

// pageFacts is what inspect.js finds; its fields are named as in the script.
type pageFacts struct {
	Title  string    `json:"title"`
	Lang   string    `json:"lang"`
	Tables []element `json:"tables"`
	Charts []element `json:"charts"`
}

type element struct {
	Width   float64 `json:"width"`
	Height  float64 `json:"height"`
	Shown   bool    `json:"shown"`
	Caption string  `json:"caption"`
	Alt     string  `json:"alt"`
}

// name says which table or chart it is, for a problem's line.
func (e element) name(kind string, i int) string {
	s := fmt.Sprintf("%s %d", kind, i+1)
	if e.Caption != "" {
		s += fmt.Sprintf(" (%q)", clip(e.Caption, 60))
	}
	return s
}

// count says "1 chart", "2 charts".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func inspect(ctx context.Context) (pageFacts, error) {
	facts, err := chromedp.Run(ctx, chromedp.Evaluate[pageFacts](inspectJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return facts, fmt.Errorf("inspecting the page: %w", err)
	}
	return facts, nil
}

// checkLayout adds the checks that depend on the viewport's width: the
// tables and the charts are shown, and the page is no wider than the
// viewport.
func checkLayout(ctx context.Context, rep *Report, page pageFacts, width int) error {
	at := fmt.Sprintf(" at %d px", width)

	var problems []string
	if len(page.Tables) == 0 {
		problems = append(problems, "the page has no <table>")
	}
	shown := 0
	for i, t := range page.Tables {
		if t.Shown {
			shown++
			continue
		}
		problems = append(problems, fmt.Sprintf("%s is not visible (%.0f×%.0f px)", t.name("table", i), t.Width, t.Height))
	}
	rep.add("tables"+at, fmt.Sprintf("%d of %d visible", shown, len(page.Tables)), problems...)

	problems = nil
	shown, named := 0, 0
	for i, c := range page.Charts {
		if c.Shown {
			shown++
		} else {
			problems = append(problems, fmt.Sprintf("%s is not visible (%.0f×%.0f px)", c.name("chart", i), c.Width, c.Height))
		}
		if c.Alt != "" {
			named++
		} else {
			problems = append(problems, c.name("chart", i)+" has no text alternative (aria-label, aria-labelledby or <title>)")
		}
	}
	rep.add("charts"+at, fmt.Sprintf("%s, %d visible, %d with a text alternative", count(len(page.Charts), "chart"), shown, named), problems...)

	detail, problems, err := sideways(ctx, "a reader")
	if err != nil {
		return err
	}
	rep.add("overflow"+at, detail, problems...)
	return nil
}

// sideways measures whether the page is wider than its viewport: the
// check's detail, and the problems, naming who would scroll sideways and
// the elements that stick out.
func sideways(ctx context.Context, who string) (detail string, problems []string, err error) {
	type overflow struct {
		ScrollWidth int      `json:"scrollWidth"`
		InnerWidth  int      `json:"innerWidth"`
		Wide        []string `json:"wide"`
	}
	o, err := chromedp.Run(ctx, chromedp.Evaluate[overflow](overflowJS))
	if err != nil {
		return "", nil, fmt.Errorf("measuring the page's width: %w", err)
	}
	if o.ScrollWidth > o.InnerWidth+overflowSlack {
		problems = append(problems, fmt.Sprintf("the page is %d px wide in a viewport of %d px: %s scrolls sideways", o.ScrollWidth, o.InnerWidth, who))
		for _, w := range o.Wide {
			problems = append(problems, "  "+w)
		}
	}
	return fmt.Sprintf("page %d px wide, viewport %d px", o.ScrollWidth, o.InnerWidth), problems, nil
}

// checkPNG: the screenshot decodes as a PNG as wide as the viewport.
func checkPNG(b []byte, width int) []string {
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return []string{"the screenshot does not decode as a PNG: " + err.Error()}
	}
	if cfg.Width != width {
		return []string{fmt.Sprintf("the screenshot is %d px wide, not %d", cfg.Width, width)}
	}
	return nil
}

// pageObject matches a PDF's page objects, "/Type /Page", and not the page
// tree's "/Type /Pages".
var pageObject = regexp.MustCompile(`/Type\s*/Page\b`)

// pdfPages counts the page objects of a PDF. Chromium writes them
// uncompressed; a PDF that hides them in object streams counts 0.
func pdfPages(b []byte) int {
	return len(pageObject.FindAllIndex(b, -1))
}

func requestsDetail(reqs []Request, allow func(string) bool, where string) string {
	local := 0
	for _, r := range reqs {
		if allow(r.URL) {
			local++
		}
	}
	return fmt.Sprintf("%s, %d to %s", count(len(reqs), "request"), local, where)
}

// requestProblems: every request that allow refuses (one that leaves
// where, the file itself or the server), and whether it was stopped
// before it was sent.
func requestProblems(reqs []Request, allow func(string) bool, where string) []string {
	var out []string
	for _, r := range reqs {
		if allow(r.URL) {
			continue
		}
		what := "blocked before it was sent"
		if !r.Blocked {
			what = "NOT blocked before it was sent"
		}
		out = append(out, fmt.Sprintf("request leaves %s: URL: %s (%s)", where, clip(r.URL, 200), what))
	}
	return out
}

// summary is the one line printed for a check.
func (c Check) summary() string {
	status := "PASS"
	if !c.OK() {
		status = "FAIL"
	}
	return fmt.Sprintf("%s: %s: %s", status, c.Name, c.Detail)
}

// problemsText indents a failed check's problems under its line.
func (c Check) problemsText() string {
	var b strings.Builder
	for _, p := range c.Problems {
		b.WriteString("    " + p + "\n")
	}
	return b.String()
}
