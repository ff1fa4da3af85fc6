package explorer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// testTrials keeps a run of the default scenario to one chunk.
const testTrials = 4096

// loadDefault is a Config.Load of the embedded default scenario, as the
// command line's loader applies --set arguments.
func loadDefault(_ context.Context, sets []string) (*sim.Model, error) {
	src, _ := scenarios.Lookup(scenarios.Default)
	var opts []scenarios.Option
	for _, s := range sets {
		k, v, err := scenarios.ParseSet(s)
		if err != nil {
			return nil, err
		}
		opts = append(opts, scenarios.Set(k, v))
	}
	return scenarios.Load(scenarios.Default+".toml", src, opts...)
}

// testConfig is a Config of the default scenario at testTrials.
func testConfig() Config {
	return Config{File: scenarios.Default + ".toml", Load: loadDefault, Trials: testTrials, MaxTrials: 1 << 40,
		Timeout: time.Minute, Computations: 2, Waiting: 8, Workers: 2, Version: "test"}
}

// start serves the explorer of cfg on a loopback port until the test ends.
func start(t *testing.T, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	s, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	ts.Config.Handler = s.Handler(ts.Listener.Addr().String())
	ts.Start()
	t.Cleanup(ts.Close)
	return s, ts
}

// call sends a request to the test server and decodes its JSON answer
// into v (when not nil), returning the status.
func call(t *testing.T, ctx context.Context, ts *httptest.Server, method, path string, body []byte, header map[string]string, v any) int {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, ts.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, val := range header {
		if k == "Host" {
			req.Host = val
			continue
		}
		req.Header.Set(k, val)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if ct := res.Header.Get("Content-Type"); path != "/" && !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q, body %s", method, path, ct, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	return res.StatusCode
}

// post runs req and decodes the answer.
func post(t *testing.T, ts *httptest.Server, req runRequest) (int, runAnswer, errorAnswer) {
	t.Helper()
	body, _ := json.Marshal(req)
	var raw json.RawMessage
	status := call(t, context.Background(), ts, http.MethodPost, "/api/run", body, nil, &raw)
	var ans runAnswer
	var bad errorAnswer
	if status == http.StatusOK {
		_ = json.Unmarshal(raw, &ans)
	} else {
		_ = json.Unmarshal(raw, &bad)
	}
	return status, ans, bad
}

// moved is the VALUE that moves control c, as the page writes it, and
// the value the model should then hold: a mean or number halfway to the
// top of its range, another level, the other bool, round 2, an entry off.
func moved(c Control) (value string, want float64) {
	switch c.Kind {
	case kindMean:
		m := (c.Value.(float64) + c.Range[1]) / 2
		var ps []string
		for i := range c.Offset {
			ps = append(ps, strconv.FormatFloat(c.Offset[i]+c.Slope[i]*m, 'g', -1, 64))
		}
		return c.Family + "(" + strings.Join(ps, ", ") + ")", m
	case kindNumber:
		x := (c.Value.(float64) + c.Range[1]) / 2
		return strconv.FormatFloat(x, 'g', -1, 64), x
	case kindLevel:
		for i, l := range c.Levels {
			if l != c.Value.(string) {
				return l, float64(i)
			}
		}
	case kindBool:
		if c.Value.(bool) {
			return "false", 0
		}
		return "true", 1
	case kindRound:
		return "2", 2
	case kindEvidence:
		return "true", 0
	}
	return "", math.NaN()
}

// TestControlsRoundTrip: every control of the default scenario, moved as
// the page moves it, is a --set the server runs, and the model it runs
// holds the value the control says: its key path names that value.
func TestControlsRoundTrip(t *testing.T) {
	s, ts := start(t, testConfig())
	var info scenarioAnswer
	if status := call(t, context.Background(), ts, http.MethodGet, "/api/scenario", nil, nil, &info); status != http.StatusOK {
		t.Fatalf("GET /api/scenario: %d", status)
	}
	kinds := map[string]int{}
	var sets []string
	wants := map[string]float64{}
	for _, c := range info.Controls {
		v, want := moved(c)
		kinds[c.Kind]++
		sets = append(sets, c.Key+"="+v)
		wants[c.Key] = want
	}
	for _, k := range []string{kindMean, kindNumber, kindLevel, kindBool, kindRound, kindEvidence} {
		if kinds[k] == 0 {
			t.Errorf("no control of kind %s in the default scenario", k)
		}
	}
	status, ans, bad := post(t, ts, runRequest{Set: sets})
	if status != http.StatusOK {
		t.Fatalf("every control moved: %d %v", status, bad)
	}
	if len(ans.Set) != len(sets) || !strings.Contains(ans.Command, "--set "+shellQuote(sets[0])) {
		t.Errorf("the command does not hold the edits: %s", ans.Command)
	}
	m, err := s.cfg.Load(context.Background(), sets)
	if err != nil {
		t.Fatal(err)
	}
	if m.Evidence != nil {
		t.Errorf("every evidence entry off, and the model has %d", len(m.Evidence))
	}
	for _, c := range info.Controls {
		if got, ok := valueIn(m, c); ok && math.Abs(got-wants[c.Key]) > 1e-9 {
			t.Errorf("%s moved to %g holds %g", c.Key, wants[c.Key], got)
		} else if !ok && c.Kind != kindEvidence {
			t.Errorf("%s: no such value in the model", c.Key)
		}
	}
}

// valueIn reads the value control c names in m: a Param's mean, a
// package's issue value or a track's first round.
func valueIn(m *sim.Model, c Control) (float64, bool) {
	if i, ok := m.Param(c.Key); ok {
		return m.Params[i].Dist.Mean(), true
	}
	for _, p := range m.Packages {
		if p.ID != c.Package {
			continue
		}
		for i, is := range m.Issues {
			if c.Key == "packages."+p.ID+"."+is.ID {
				return p.Values[i], true
			}
		}
		for t, track := range m.Tracks {
			if c.Key == "packages."+p.ID+".schedule."+track {
				return float64(p.OnTable(t)), true
			}
		}
	}
	return 0, false
}

// TestUnmovedChangesNothing: an edit that sets a value to what the file
// has gives the very tables of no edit, and a package's paired
// difference of exactly 0 in no trial moved; an edit of another package
// leaves every other package's rows as they were when no evidence
// observes it.
func TestUnmovedChangesNothing(t *testing.T) {
	cfg := testConfig()
	cfg.NoEvidence = true
	_, ts := start(t, cfg)
	_, plain, _ := post(t, ts, runRequest{Package: "miami_20_point"})
	for _, set := range []string{"packages.miami_20_point.troop_cap=600", "factors.escalation.value=beta(4, 3)"} {
		status, same, bad := post(t, ts, runRequest{Set: []string{set}, Package: "miami_20_point"})
		if status != http.StatusOK {
			t.Fatalf("%s: %d %v", set, status, bad)
		}
		for f, tb := range plain.Tables {
			if same.Tables[f] != tb {
				t.Errorf("%s, the file's own value: %s differs from the unedited run's", set, f)
			}
		}
		for _, r := range same.Difference.Rows {
			if r.Difference == nil || *r.Difference != 0 || r.Moved != 0 {
				t.Errorf("%s: pathway %s moved: %+v", set, r.Pathway, r)
			}
		}
	}
	_, edited, _ := post(t, ts, runRequest{Set: []string{"packages.us_28_point.troop_cap=900"}, Package: "us_28_point"})
	if edited.Tables["pathways.csv"] == plain.Tables["pathways.csv"] {
		t.Fatal("moving the 28-point plan's cap changes nothing: the test tests nothing")
	}
	for _, line := range strings.Split(plain.Tables["pathways.csv"], "\n") {
		if strings.Contains(line, ",us_28_point,") {
			continue
		}
		if !strings.Contains(edited.Tables["pathways.csv"], line+"\n") && line != "" {
			t.Errorf("another package's row moved: %s", line)
		}
	}
	var moved int64
	for _, r := range edited.Difference.Rows {
		moved += r.Moved
	}
	if moved == 0 {
		t.Error("an edit that moves the pathways moved no trial of its package")
	}
}

// TestBadValue: a value the scenario refuses is 400 with the located
// --set message of its key path, as peacesim run gives it; a malformed
// --set too.
func TestBadValue(t *testing.T) {
	_, ts := start(t, testConfig())
	tests := []struct{ set, want string }{
		{"packages.miami_20_point.troop_cap=abc", `miami-2025.toml: --set packages.miami_20_point.troop_cap=abc: must be a number, not the string "abc"`},
		{"parties.rusia.reservation=0.5", `miami-2025.toml: --set parties.rusia.reservation=0.5: parties.rusia: not in the scenario (did you mean "russia"?)`},
		{"evidence[0].ignore=maybe", `miami-2025.toml: --set evidence[0].ignore=maybe: must be true or false, not the string "maybe"`},
		{"=3", `--set =3: no key before "=": write KEY=VALUE, e.g. --set parties.russia.reservation.framework=0.6`},
	}
	for _, tt := range tests {
		status, _, bad := post(t, ts, runRequest{Set: []string{tt.set}})
		if status != http.StatusBadRequest || len(bad.Problems) != 1 || bad.Problems[0] != tt.want {
			t.Errorf("%s: %d %+v\nwant 400 with %s", tt.set, status, bad, tt.want)
		}
	}
}

// TestRefused: requests from elsewhere than this server's own page, and
// requests beyond the limits, are refused before anything runs.
func TestRefused(t *testing.T) {
	cfg := testConfig()
	cfg.MaxTrials = 1_000_000
	s, ts := start(t, cfg)
	port := ts.URL[strings.LastIndex(ts.URL, ":")+1:]
	foreign := []map[string]string{
		{"Host": "evil.example:" + port},
		{"Host": "127.0.0.1:1" + port},
		{"Host": "127.0.0.1"},
		{"Origin": "http://evil.example"},
		{"Origin": "http://localhost:" + port + "0"},
		{"Origin": "null"},
		{"Sec-Fetch-Site": "cross-site"},
	}
	for _, h := range foreign {
		for _, path := range []string{"/api/scenario", "/"} {
			var e errorAnswer
			if status := call(t, context.Background(), ts, http.MethodGet, path, nil, h, &e); status != http.StatusForbidden || e.Error == "" {
				t.Errorf("GET %s with %v: %d %+v, want 403", path, h, status, e)
			}
		}
		body, _ := json.Marshal(runRequest{})
		if status := call(t, context.Background(), ts, http.MethodPost, "/api/run", body, h, nil); status != http.StatusForbidden {
			t.Errorf("POST with %v: %d, want 403", h, status)
		}
	}
	for _, h := range []map[string]string{{"Host": "localhost:" + port}, {"Origin": ts.URL, "Sec-Fetch-Site": "same-origin"}} {
		if status := call(t, context.Background(), ts, http.MethodGet, "/api/scenario", nil, h, nil); status != http.StatusOK {
			t.Errorf("GET with %v: %d, want 200", h, status)
		}
	}

	huge := runRequest{Set: []string{"scenario.label=" + strings.Repeat("x", maxBody)}}
	body, _ := json.Marshal(huge)
	var e errorAnswer
	if status := call(t, context.Background(), ts, http.MethodPost, "/api/run", body, nil, &e); status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body of %d bytes: %d %+v", len(body), status, e)
	}
	for _, tc := range []struct {
		body string
		want int
	}{
		{`{"trials": 1000001}`, http.StatusBadRequest},
		{`{"trials": -1}`, http.StatusBadRequest},
		{`{"trials": 1e30}`, http.StatusBadRequest},
		{`{"package": "no_such_package"}`, http.StatusBadRequest},
		{`{"file": "/etc/passwd"}`, http.StatusBadRequest},
		{`{"set": "not a list"}`, http.StatusBadRequest},
	} {
		if status := call(t, context.Background(), ts, http.MethodPost, "/api/run", []byte(tc.body), nil, &e); status != tc.want || e.Error == "" {
			t.Errorf("%s: %d %+v, want %d", tc.body, status, e, tc.want)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/run", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "text/plain")
	if res, err := ts.Client().Do(req); err != nil || res.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("a text/plain body: %v %v, want 415", res.StatusCode, err)
	}
	if s.Peak() != 0 {
		t.Errorf("refused requests ran %d computations", s.Peak())
	}
}

// TestCancel: a request whose client goes away stops its computation:
// the run ends with the cancellation, long before its trials would, and
// frees its slot.
func TestCancel(t *testing.T) {
	s, ts := start(t, testConfig())
	ctx, cancel := context.WithCancel(context.Background())
	body, _ := json.Marshal(runRequest{Trials: 1 << 32}) // hours of work
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/api/run", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		_, err := ts.Client().Do(req)
		done <- err
	}()
	waitFor(t, "the computation to start", func() bool { return s.running.Load() == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("the client's request ended with %v", err)
	}
	waitFor(t, "the computation to stop", func() bool { return s.running.Load() == 0 })
	if err := s.lastError(); !errors.Is(err, context.Canceled) {
		t.Errorf("the computation ended with %v, not the cancellation", err)
	}
}

// TestLimits: beyond the computations at once and those waiting, a
// request is refused with 503; past its time, a run is stopped with 503.
func TestLimits(t *testing.T) {
	cfg := testConfig()
	cfg.Computations, cfg.Waiting = 1, 0
	s, ts := start(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	body, _ := json.Marshal(runRequest{Trials: 1 << 32})
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/api/run", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if res, err := ts.Client().Do(req); err == nil {
			res.Body.Close()
		}
	}()
	waitFor(t, "the computation to start", func() bool { return s.running.Load() == 1 })
	status, _, bad := post(t, ts, runRequest{})
	if status != http.StatusServiceUnavailable || !strings.HasPrefix(bad.Error, "busy") {
		t.Errorf("a second request with one slot taken and none to wait: %d %+v", status, bad)
	}
	cancel()
	waitFor(t, "the computation to stop", func() bool { return s.running.Load() == 0 })
	if s.Peak() != 1 {
		t.Errorf("%d computations at once, with one allowed", s.Peak())
	}

	cfg = testConfig()
	cfg.Timeout = 50 * time.Millisecond
	_, ts = start(t, cfg)
	status, _, bad = post(t, ts, runRequest{Trials: 1 << 32})
	if status != http.StatusServiceUnavailable || !strings.Contains(bad.Error, "took longer than the 50ms") {
		t.Errorf("a run past its time: %d %+v", status, bad)
	}
}

// waitFor polls cond until it holds, failing the test after a while.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 20 s for %s", what)
		}
	}
}

// TestPage: the page and its files are served with a policy that lets
// them load nothing from elsewhere; any other path is a JSON 404.
func TestPage(t *testing.T) {
	_, ts := start(t, testConfig())
	for path, kind := range map[string]string{"/": "text/html", "/app.js": "text/javascript", "/style.css": "text/css"} {
		res, err := ts.Client().Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		csp := res.Header.Get("Content-Security-Policy")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), kind) || len(b) == 0 ||
			!strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "connect-src 'self'") {
			t.Errorf("GET %s: %d %q, CSP %q, %d bytes", path, res.StatusCode, res.Header.Get("Content-Type"), csp, len(b))
		}
		// The one address the page names is SVG's namespace, which is no request.
		b = bytes.ReplaceAll(b, []byte("http://www.w3.org/2000/svg"), nil)
		if bytes.Contains(b, []byte("http://")) || bytes.Contains(b, []byte("https://")) {
			t.Errorf("%s names another site", path)
		}
	}
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "/etc/passwd", http.StatusNotFound},
		{http.MethodGet, "/../go.mod", http.StatusNotFound},
		{http.MethodGet, "/api/run", http.StatusNotFound},
		{http.MethodPost, "/api/scenario", http.StatusNotFound},
		{http.MethodDelete, "/", http.StatusMethodNotAllowed},
	} {
		var e errorAnswer
		if status := call(t, context.Background(), ts, tc.method, tc.path, nil, nil, &e); status != tc.want || e.Error == "" {
			t.Errorf("%s %s: %d %+v, want %d", tc.method, tc.path, status, e, tc.want)
		}
	}
}

// TestPanicIsJSON: a handler's bug is a JSON 500 and one line of log,
// not a stack trace.
func TestPanicIsJSON(t *testing.T) {
	var log bytes.Buffer
	h := recoverJSON(&log, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("a bug") }))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "goroutine") || !strings.Contains(w.Body.String(), `"error"`) {
		t.Errorf("%d %s", w.Code, w.Body)
	}
	if strings.Count(log.String(), "\n") != 1 || !strings.Contains(log.String(), "a bug") {
		t.Errorf("log: %q", log.String())
	}
}

// TestCommand: the command quotes for a shell what a shell would split
// or expand, and nothing else.
func TestCommand(t *testing.T) {
	got := command("my file.toml", 1000, 7, true, []string{"factors.escalation.value=beta(4, 3)", "packages.p.nato=renounced", `scenario.label="it's"`})
	want := `peacesim run 'my file.toml' --trials 1000 --seed 7 --evidence none --set 'factors.escalation.value=beta(4, 3)' --set packages.p.nato=renounced --set 'scenario.label="it'\''s"'`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := command("", 5, 0, false, nil); got != "peacesim run --trials 5 --seed 0" {
		t.Errorf("no scenario, no edit: %s", got)
	}
}

// TestServeStops: Serve returns the context's error promptly once it is
// cancelled, with a computation under way.
func TestServeStops(t *testing.T) {
	s, err := New(context.Background(), testConfig())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	ln := ts.Listener
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, s.Handler(ln.Addr().String())) }()
	body, _ := json.Marshal(runRequest{Trials: 1 << 32})
	go func() {
		res, err := http.Post(fmt.Sprintf("http://%s/api/run", ln.Addr()), "application/json", bytes.NewReader(body))
		if err == nil {
			res.Body.Close()
		}
	}()
	waitFor(t, "the computation to start", func() bool { return s.running.Load() == 1 })
	cancel()
	if err := <-served; !errors.Is(err, context.Canceled) {
		t.Errorf("Serve returned %v", err)
	}
	waitFor(t, "the computation to stop", func() bool { return s.running.Load() == 0 })
}

// TestServerSets: the server's --set come first in every run and in its
// command, and a page's edit of the same key replaces the server's; an
// evidence entry the server's sets ignore is offered off, under its own
// index and label, and turning it on conditions on it again.
func TestServerSets(t *testing.T) {
	cfg := testConfig()
	cfg.Sets = []string{"packages.miami_20_point.troop_cap=700", "evidence[1].ignore=true"}
	_, ts := start(t, cfg)
	var info scenarioAnswer
	call(t, context.Background(), ts, http.MethodGet, "/api/scenario", nil, nil, &info)
	if !strings.HasSuffix(info.Command, "--set packages.miami_20_point.troop_cap=700 --set 'evidence[1].ignore=true'") {
		t.Errorf("the scenario's command: %s", info.Command)
	}
	full, err := loadDefault(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var evidence []Control
	for _, c := range info.Controls {
		if c.Kind == kindEvidence {
			evidence = append(evidence, c)
		}
	}
	if len(evidence) != len(full.Evidence) {
		t.Fatalf("%d evidence toggles, the file has %d entries", len(evidence), len(full.Evidence))
	}
	for i, c := range evidence {
		if want := fmt.Sprintf("evidence[%d].ignore", i); c.Key != want || c.Label != full.Evidence[i].Label || c.Value != (i != 1) {
			t.Errorf("toggle %d: %+v, want %s, %q, on %v", i, c, want, full.Evidence[i].Label, i != 1)
		}
	}
	tests := []struct {
		edits, want []string
	}{
		{nil, cfg.Sets},
		{[]string{"packages.miami_20_point.troop_cap=800"}, []string{"evidence[1].ignore=true", "packages.miami_20_point.troop_cap=800"}},
		{[]string{"evidence[1].ignore=false", "factors.escalation.value=0.5"}, []string{"packages.miami_20_point.troop_cap=700", "evidence[1].ignore=false", "factors.escalation.value=0.5"}},
	}
	for _, tt := range tests {
		status, a, bad := post(t, ts, runRequest{Set: tt.edits})
		if status != http.StatusOK || strings.Join(a.Set, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%v: %d %v, sets %v, want %v", tt.edits, status, bad, a.Set, tt.want)
		}
	}
	m, err := loadDefault(context.Background(), tests[2].want)
	if err != nil || len(m.Evidence) != len(full.Evidence) {
		t.Errorf("evidence[1] turned on again: %v, %d entries", err, len(m.Evidence))
	}
}

// TestSeed: a seed is a number or a string of digits, exact to 2⁶⁴ − 1,
// and the answer says it in both forms; anything else is refused.
func TestSeed(t *testing.T) {
	_, ts := start(t, testConfig())
	for body, want := range map[string]string{`{"seed": 7}`: "7", `{"seed": "18446744073709551615"}`: "18446744073709551615"} {
		var a runAnswer
		if status := call(t, context.Background(), ts, http.MethodPost, "/api/run", []byte(body), nil, &a); status != http.StatusOK ||
			a.SeedText != want || strconv.FormatUint(a.Seed, 10) != want || !strings.HasSuffix(a.Command, "--seed "+want) {
			t.Errorf("%s: %d, seed %d %q, %s", body, status, a.Seed, a.SeedText, a.Command)
		}
	}
	for _, body := range []string{`{"seed": -1}`, `{"seed": "x"}`, `{"seed": 1.5}`, `{"seed": "18446744073709551616"}`} {
		var e errorAnswer
		if status := call(t, context.Background(), ts, http.MethodPost, "/api/run", []byte(body), nil, &e); status != http.StatusBadRequest || !strings.Contains(e.Error, "seed must be an integer") {
			t.Errorf("%s: %d %+v", body, status, e)
		}
	}
}
