package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The explorer's check: peacesim serve started here, its page loaded in
// the browser as a user loads it, a slider and a select moved with the
// keyboard, and what the page then shows compared with what peacesim run
// prints for the same values.

// ExplorerOptions say which peacesim to serve and where the screenshots
// go.
type ExplorerOptions struct {
	Peacesim string        // the peacesim binary
	Trials   int           // the server's --trials
	PNG      string        // the screenshot at Width
	PhonePNG string        // the screenshot at a phone's width
	Width    int           // the first pass's viewport width
	Chromium string        // "" looks for chromium on PATH
	Timeout  time.Duration // for the whole check
}

// answerWait bounds how long the page may take to show one answer: the
// explorer answers within a second; a slow machine gets ample slack.
const answerWait = 30 * time.Second

// RunExplorer serves the default scenario with opts.Peacesim and checks
// its page. An error means the check could not run.
func RunExplorer(ctx context.Context, opts ExplorerOptions) (*Report, error) {
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	chromium, err := FindChromium(opts.Chromium)
	if err != nil {
		return nil, err
	}
	var serverLog strings.Builder
	origin, stop, err := startServer(ctx, opts.Peacesim, opts.Trials, &serverLog)
	if err != nil {
		return nil, fmt.Errorf("%w\n%s", err, serverLog.String())
	}
	defer stop()
	allow := func(url string) bool {
		return strings.HasPrefix(url, origin+"/") || url == origin || strings.HasPrefix(url, "blob:"+origin+"/") || strings.HasPrefix(url, "data:")
	}

	ctx, cancelBrowser, rec, err := startBrowser(ctx, chromium, opts.Width, allow)
	if err != nil {
		return nil, err
	}
	defer cancelBrowser()

	rep := &Report{}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(opts.Width), viewportHeight), chromedp.Navigate(origin+"/")); err != nil {
		return nil, fmt.Errorf("loading %s: %w", origin, err)
	}
	first, err := waitAnswer(ctx, 0)
	if err != nil {
		return nil, err
	}
	rep.add("first answer", first.Status, first.problems()...)
	problems, detail := sameAsRun(ctx, opts.Peacesim, first)
	rep.add("first answer is peacesim run", detail, problems...)

	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](watchStatus)); err != nil {
		return nil, fmt.Errorf("watching the page's status: %w", err)
	}
	moved, err := moveControls(ctx)
	if err != nil {
		return nil, err
	}
	second, err := waitAnswer(ctx, first.Done, moved...)
	if err != nil {
		return nil, fmt.Errorf("after the keyboard moved %s: %w", strings.Join(moved, " and "), err)
	}
	problems = second.problems()
	rep.add("a slider and a select moved by keyboard", fmt.Sprintf("%s → %s", strings.Join(moved, ", "), second.Command), problems...)
	seen, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.statusSeen`))
	if err != nil {
		return nil, fmt.Errorf("reading the statuses the page showed: %w", err)
	}
	rep.add("a computing state while a move runs", strings.Join(seen, " → "), computingProblems(seen)...)
	problems, detail = sameAsRun(ctx, opts.Peacesim, second)
	rep.add("the moved answer is peacesim run", detail, problems...)

	problems, detail, err = keyboardReach(ctx)
	if err != nil {
		return nil, err
	}
	rep.add("keyboard reaches every control", detail, problems...)

	if err := layoutAndShot(ctx, rep, opts.Width, opts.PNG); err != nil {
		return nil, err
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, phoneHeight)); err != nil {
		return nil, fmt.Errorf("emulating a phone's viewport: %w", err)
	}
	if err := layoutAndShot(ctx, rep, phoneWidth, opts.PhonePNG); err != nil {
		return nil, err
	}

	// The screenshots show the moved answer; then the page is reopened
	// from its URL, and reset.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(opts.Width), viewportHeight)); err != nil {
		return nil, err
	}
	problems, err = reopenAndReset(ctx, first, second)
	if err != nil {
		return nil, err
	}
	rep.add("the URL reopens the view, Reset returns to the file", "the page reloaded from its URL, then Reset pressed with the keyboard", problems...)

	// The server, stopped, has said all it will: nothing but the
	// interruption is expected.
	stop()
	var logged []string
	for _, line := range strings.Split(strings.TrimSpace(serverLog.String()), "\n") {
		if line != "" && line != "peacesim: interrupted" {
			logged = append(logged, line)
		}
	}
	rep.add("server's stderr", count(len(logged), "line")+" besides its interruption", logged...)

	reqs, console := rec.stop()
	rep.Requests = reqs
	rep.add("requests", requestsDetail(reqs, allow, origin), requestProblems(reqs, allow, origin)...)
	rep.add("console", count(len(console), "error")+" (console.error, uncaught exceptions, the browser's log)", console...)
	return rep, nil
}

// startServer runs peacesim serve on a free loopback port and returns its
// origin (http://127.0.0.1:PORT), read from the first line of its stdout.
func startServer(ctx context.Context, peacesim string, trials int, stderr io.Writer) (origin string, stop func(), err error) {
	cmd := exec.CommandContext(ctx, peacesim, "serve", "--addr", "127.0.0.1:0", "--trials", fmt.Sprint(trials))
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("starting %s serve: %w", peacesim, err)
	}
	var once sync.Once
	stop = func() { once.Do(func() { interrupt(cmd) }) }
	line, err := bufio.NewReader(out).ReadString('\n')

	if err != nil {
		stop()
		return "", nil, fmt.Errorf("%s serve printed no URL: %v", peacesim, err)
	}
	go io.Copy(io.Discard, out)
	url := strings.TrimSpace(line)
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/") {
		stop()
		return "", nil, fmt.Errorf("the first line of %s serve is %q, not its URL", peacesim, url)
	}
	return strings.TrimSuffix(url, "/"), stop, nil
}

// interrupt stops the server as Ctrl-C does, and kills it if it has not
// stopped within 5 s.
func interrupt(cmd *exec.Cmd) {
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

// browser is the recorder of a started browser and how to stop it
// recording.
type browser struct {
	rec  *recorder
	done func()
}

// stop ends the answering of paused requests and returns what was
// recorded.
func (b *browser) stop() ([]Request, []string) {
	b.done()
	return b.rec.results()
}

// startBrowser starts chromium at width, with every request paused
// before it is sent and let through only when allow says so.
func startBrowser(ctx context.Context, chromium string, width int, allow func(string) bool) (context.Context, func(), *browser, error) {
	allocOpts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.DisableGPU, chromedp.WindowSize(width, viewportHeight))
	if os.Geteuid() == 0 {
		allocOpts = append(allocOpts, chromedp.NoSandbox)
	}
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, allocOpts...)
	rec := newRecorder(allow)
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithListener(rec.listen))
	cancel := func() { cancelTab(); cancelAlloc() }
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, nil, nil, fmt.Errorf("starting %s: %w", chromium, err)
	}
	answerCtx, stopAnswer := context.WithCancel(ctx)
	answered := make(chan struct{})
	go func() { defer close(answered); rec.answer(answerCtx) }()
	b := &browser{rec: rec, done: func() { stopAnswer(); <-answered }}
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		b.done()
		cancel()
		return nil, nil, nil, fmt.Errorf("enabling request interception: %w", err)
	}
	return ctx, func() { b.done(); cancel() }, b, nil
}

// shownAnswer is what the page shows of its latest answer: the status
// line, the command and its parts, the pathways table's raw values, and
// the text of the pathways.csv it offers for download.
type shownAnswer struct {
	Done     int               `json:"done"`
	Busy     bool              `json:"busy"`
	Status   string            `json:"status"`
	Problems string            `json:"problems"`
	Command  string            `json:"command"`
	Sets     []string          `json:"sets"`
	Trials   string            `json:"trials"`
	Seed     string            `json:"seed"`
	Cells    map[string]string `json:"cells"` // "package pathway" → probability as in the CSV
	CSV      string            `json:"csv"`
}

// problems are what is wrong with the answer as shown.
func (a shownAnswer) problems() []string {
	var out []string
	if !strings.HasPrefix(a.Status, "Done") {
		out = append(out, "the status reads "+a.Status)
	}
	if a.Problems != "" {
		out = append(out, "the page shows problems: "+a.Problems)
	}
	if len(a.Cells) == 0 {
		out = append(out, "the pathways table is empty")
	}
	return out
}

// readAnswer reads the page's latest answer.
const readAnswer = `(async () => {
  const r = document.getElementById('results');
  const c = document.getElementById('command');
  const cells = {};
  for (const td of document.querySelectorAll('#pathways td[data-value]')) cells[td.dataset.package + ' ' + td.dataset.pathway] = td.dataset.value;
  const problems = document.getElementById('problems');
  // Everything read before the download is fetched: a newer answer may
  // be drawn meanwhile, and is then read again.
  const a = {
    done: Number(r.dataset.done || 0), busy: r.getAttribute('aria-busy') === 'true',
    status: document.getElementById('status').textContent,
    problems: problems.hidden ? '' : problems.textContent,
    command: c.textContent, sets: JSON.parse(c.dataset.sets || '[]'), trials: c.dataset.trials || '', seed: c.dataset.seed || '',
    cells, csv: '',
  };
  const link = document.querySelector('#download-list a[download="pathways.csv"]');
  a.csv = link ? await (await fetch(link.href)).text() : '';
  if (Number(r.dataset.done || 0) !== a.done) a.busy = true;
  return a;
})()`

// watchStatus records, in window.statusSeen, every text the page's status
// line shows from now on, prefixed "busy: " while the results are marked
// aria-busy: the computing state lasts a fraction of a second, too short to
// be caught by reading the page now and then.
const watchStatus = `(() => {
  window.statusSeen = [];
  const s = document.getElementById('status'), r = document.getElementById('results');
  new MutationObserver(() => window.statusSeen.push((r.getAttribute('aria-busy') === 'true' ? 'busy: ' : '') + s.textContent))
    .observe(s, { childList: true, characterData: true, subtree: true });
  return true;
})()`

// computingProblems is what is wrong with the statuses a move showed, in
// order: the results marked busy with "Computing…" before the answer, and
// the last status the answer's, not busy.
func computingProblems(seen []string) []string {
	var out []string
	computing := slices.IndexFunc(seen, func(s string) bool { return strings.HasPrefix(s, "busy: Computing") })
	if computing < 0 {
		out = append(out, "no status read \"Computing…\" with the results marked aria-busy")
	}
	if len(seen) == 0 || !strings.HasPrefix(seen[len(seen)-1], "Done") {
		out = append(out, "the last status is not the answer's \"Done\", not busy")
	}
	return out
}

// waitAnswer waits until the page shows an answer after the after-th
// that sets every key given, and no request is under way.
func waitAnswer(ctx context.Context, after int, keys ...string) (shownAnswer, error) {
	deadline := time.Now().Add(answerWait)
	for {
		a, err := chromedp.Run(ctx, chromedp.Evaluate[shownAnswer](readAnswer, chromedp.EvalAwaitPromise))
		if err != nil {
			return a, fmt.Errorf("reading the page: %w", err)
		}
		if a.Done > after && !a.Busy && setsAll(a.Sets, keys) {
			return a, nil
		}
		if time.Now().After(deadline) {
			return a, fmt.Errorf("the page showed no answer within %v: its status reads %q", answerWait, a.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// setsAll reports whether sets (KEY=VALUE) set every key of keys.
func setsAll(sets, keys []string) bool {
	for _, k := range keys {
		if !slices.ContainsFunc(sets, func(s string) bool { return strings.HasPrefix(s, k+"=") }) {
			return false
		}
	}
	return true
}

// sameAsRun runs peacesim run with the command's values and --format
// csv, and compares its stdout with the pathways.csv the page offers and
// with every cell of the page's table.
func sameAsRun(ctx context.Context, peacesim string, a shownAnswer) (problems []string, detail string) {
	args := []string{"run", "--trials", a.Trials, "--seed", a.Seed}
	for _, s := range a.Sets {
		args = append(args, "--set", s)
	}
	out, err := exec.CommandContext(ctx, peacesim, append(args, "--format", "csv")...).Output()
	if err != nil {
		return []string{fmt.Sprintf("peacesim %s --format csv: %v", strings.Join(args, " "), err)}, ""
	}
	if string(out) != a.CSV {
		problems = append(problems, fmt.Sprintf("the page's pathways.csv (%d bytes) is not what peacesim run --format csv prints (%d bytes)", len(a.CSV), len(out)))
	}
	rows, err := csv.NewReader(strings.NewReader(string(out))).ReadAll()
	if err != nil || len(rows) < 2 {
		return append(problems, fmt.Sprintf("peacesim run printed no CSV: %v", err)), ""
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, r := range rows[1:] {
		key := r[col["package"]] + " " + r[col["pathway"]]
		if got, ok := a.Cells[key]; !ok || got != r[col["probability"]] {
			problems = append(problems, fmt.Sprintf("the table's cell %s shows %q, peacesim run prints %q", key, got, r[col["probability"]]))
		}
	}
	if len(a.Cells) != len(rows)-1 {
		problems = append(problems, fmt.Sprintf("the table has %d cells, peacesim run prints %d rows", len(a.Cells), len(rows)-1))
	}
	return problems, fmt.Sprintf("%d cells and pathways.csv equal to peacesim %s --format csv", len(a.Cells), strings.Join(args, " "))
}

// moveControls moves, with the keyboard, the first slider of the
// package's terms that can move right and its first select, and returns
// their key paths.
func moveControls(ctx context.Context) ([]string, error) {
	type picked struct {
		Slider, Select string
		Up             bool
	}
	p, err := chromedp.Run(ctx, chromedp.Evaluate[picked](`(() => {
  const slider = [...document.querySelectorAll('#terms-controls input[type=range]')].find((i) => Number(i.value) < Number(i.max));
  const select = document.querySelector('#terms-controls select');
  return { slider: slider ? slider.closest('[data-key]').dataset.key : '', select: select ? select.closest('[data-key]').dataset.key : '',
    up: select ? select.selectedIndex === select.options.length - 1 : false };
})()`))
	if err != nil {
		return nil, fmt.Errorf("finding the controls: %w", err)
	}
	if p.Slider == "" || p.Select == "" {
		return nil, errors.New("the package's terms have no slider that can move or no select")
	}
	focus := func(key, tag string) chromedp.Action[chromedp.Void] {
		js := fmt.Sprintf(`document.querySelector('[data-key=%s] %s').focus()`, jsString(key), tag)
		return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[any](js)(ctx, t)
			if errors.Is(err, chromedp.ErrJSUndefined) {
				err = nil
			}
			return chromedp.Void{}, err
		}
	}
	key := kb.ArrowDown
	if p.Up {
		key = kb.ArrowUp
	}
	err = chromedp.Do(ctx,
		focus(p.Slider, "input"), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight),
		focus(p.Select, "select"), chromedp.KeyEvent(key))
	if err != nil {
		return nil, fmt.Errorf("moving the controls: %w", err)
	}
	return []string{p.Slider, p.Select}, nil
}

// reopenAndReset reloads the page from the URL it shows, which must
// bring back the moved answer's edits (its command), then presses Reset
// with the keyboard, which must bring back the first answer's.
func reopenAndReset(ctx context.Context, first, moved shownAnswer) ([]string, error) {
	here, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
	if err != nil {
		return nil, err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(here)); err != nil {
		return nil, fmt.Errorf("reopening %s: %w", here, err)
	}
	var problems []string
	again, err := waitAnswer(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("reopening %s: %w", here, err)
	}
	if again.Command != moved.Command {
		problems = append(problems, fmt.Sprintf("reopened from %s, the page runs %s, not %s", here, again.Command, moved.Command))
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.getElementById('reset').focus(), true)`)); err != nil {
		return nil, err
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		return nil, err
	}
	reset, err := waitAnswer(ctx, again.Done)
	if err != nil {
		return nil, fmt.Errorf("after Reset: %w", err)
	}
	if reset.Command != first.Command || len(reset.Sets) != 0 {
		problems = append(problems, fmt.Sprintf("after Reset the page runs %s, not %s", reset.Command, first.Command))
	}
	return problems, nil
}

// jsString quotes s for a script.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// keyboardReach presses Tab from the top of the page until focus comes
// round again, and reports every control (input, select, button, link)
// that it never reached.
func keyboardReach(ctx context.Context) (problems []string, detail string, err error) {
	const mark = `(() => { const e = document.activeElement; if (!e || e === document.body) return ''; if (!e.dataset.tabSeen) e.dataset.tabSeen = '1'; return e.id || e.textContent || e.tagName; })()`
	total, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);
  return [...document.querySelectorAll('input, select, button, a[href]')].filter((e) => e.checkVisibility()).length; })()`))
	if err != nil {
		return nil, "", fmt.Errorf("counting the controls: %w", err)
	}
	for i := 0; i < total+10; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			return nil, "", fmt.Errorf("pressing Tab: %w", err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](mark)); err != nil {
			return nil, "", fmt.Errorf("reading the focus: %w", err)
		}
	}
	missed, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('input, select, button, a[href]')]
  .filter((e) => e.checkVisibility() && !e.dataset.tabSeen)
  .map((e) => (e.labels && e.labels[0] ? e.labels[0].textContent : e.id || e.textContent || e.tagName).trim())`))
	if err != nil {
		return nil, "", fmt.Errorf("listing the controls: %w", err)
	}
	for _, m := range missed {
		problems = append(problems, "Tab never reaches "+m)
	}
	return problems, fmt.Sprintf("%d controls, %d reached by Tab", total, total-len(missed)), nil
}

// layoutAndShot checks that the page is no wider than the viewport at
// width, and takes the full-page screenshot into path.
func layoutAndShot(ctx context.Context, rep *Report, width int, path string) error {
	// No focus ring in the picture, and the layout settled at the new width.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement ? (document.activeElement.blur(), true) : false`)); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Sleep(200*time.Millisecond)); err != nil {
		return err
	}
	detail, problems, err := sideways(ctx, "a user")
	if err != nil {
		return err
	}
	rep.add(fmt.Sprintf("overflow at %d px", width), detail, problems...)
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return fmt.Errorf("taking the screenshot: %w", err)
	}
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		return err
	}
	rep.add(fmt.Sprintf("png at %d px", width), fmt.Sprintf("%s, %d bytes", path, len(shot)), checkPNG(shot, width)...)
	return nil
}
