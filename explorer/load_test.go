package explorer

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoad is the load test of docs/explorer.md, run by make
// test-explorer (it takes PEACESIM_LOAD, a duration, and is skipped
// without it): 20 clients, each moving sliders as a user does — a request,
// often aborted by the next before its answer — for that long against one
// server at the default trials. Every answer must be the one a request of
// the same edits gets alone, the computations at once must stay within
// the cap, and afterwards a fresh client is answered. It reports the
// answers' times (median and worst) and the process's peak RSS.
func TestLoad(t *testing.T) {
	d := os.Getenv("PEACESIM_LOAD")
	if d == "" {
		t.Skip("PEACESIM_LOAD=30s runs the load test (make test-explorer)")
	}
	length, err := time.ParseDuration(d)
	if err != nil {
		t.Fatalf("PEACESIM_LOAD=%s: %v", d, err)
	}
	cfg := testConfig()
	cfg.Trials = 0 // the scenario's own: 100,000
	cfg.Computations, cfg.Waiting = 2, 32
	s, ts := start(t, cfg)

	// The edits the clients make, each answered alone first.
	edits := [][]string{nil}
	for _, v := range []string{"600", "700", "800", "900", "1000"} {
		edits = append(edits, []string{"packages.miami_20_point.troop_cap=" + v})
	}
	for _, v := range []string{"0.3", "0.45", "0.6"} {
		edits = append(edits, []string{"parties.russia.reservation.framework=normal(" + v + ", 0.12)", "evidence[1].ignore=true"})
	}
	want := make([]string, len(edits))
	for i, e := range edits {
		status, a, bad := post(t, ts, runRequest{Set: e, Package: "miami_20_point"})
		if status != http.StatusOK {
			t.Fatalf("%v: %d %v", e, status, bad)
		}
		want[i] = fingerprint(a)
	}
	// One client alone, as at a table: three rounds of every edit.
	var alone []time.Duration
	for n := range 3 * len(edits) {
		start := time.Now()
		if status, _, bad := post(t, ts, runRequest{Set: edits[n%len(edits)], Package: "miami_20_point"}); status != http.StatusOK {
			t.Fatalf("%d %v", status, bad)
		}
		alone = append(alone, time.Since(start))
	}
	sort.Slice(alone, func(i, j int) bool { return alone[i] < alone[j] })
	t.Logf("one client alone at the default trials: %d answers, median %v, worst %v",
		len(alone), alone[len(alone)/2].Round(time.Millisecond), alone[len(alone)-1].Round(time.Millisecond))

	const clients = 20
	var (
		mu        sync.Mutex
		times     []time.Duration
		answered  atomic.Int64
		aborted   atomic.Int64
		refused   atomic.Int64
		wrong     atomic.Int64
		firstFail string
	)
	end := time.Now().Add(length)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; time.Now().Before(end); n++ {
				i := (c + n) % len(edits)
				body, _ := json.Marshal(runRequest{Set: edits[i], Package: "miami_20_point"})
				// Every third move is overtaken by the next before it is
				// answered, as a dragged slider's are.
				timeout := time.Duration(0)
				if n%3 == 2 {
					timeout = 50 * time.Millisecond
				}
				start := time.Now()
				status, a, err := postTimed(ts.URL, body, timeout)
				switch {
				case err != nil && timeout > 0:
					aborted.Add(1)
					continue
				case err != nil:
					t.Errorf("client %d: %v", c, err)
					return
				case status == http.StatusServiceUnavailable:
					refused.Add(1)
					continue
				case status != http.StatusOK:
					t.Errorf("client %d: %d", c, status)
					return
				}
				if fingerprint(a) != want[i] {
					wrong.Add(1)
					mu.Lock()
					if firstFail == "" {
						firstFail = fmt.Sprintf("%v: %s", edits[i], a.Command)
					}
					mu.Unlock()
				}
				answered.Add(1)
				mu.Lock()
				times = append(times, time.Since(start))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wrong.Load() > 0 {
		t.Errorf("%d answers differ from the same request's alone, the first: %s", wrong.Load(), firstFail)
	}
	if s.Peak() > int64(cfg.Computations) {
		t.Errorf("%d computations at once, over the cap of %d", s.Peak(), cfg.Computations)
	}
	if len(times) == 0 {
		t.Fatal("no answer under load")
	}
	waitFor(t, "the computations to end", func() bool { return s.running.Load() == 0 })
	fresh := time.Now()
	if status, _, bad := post(t, ts, runRequest{Package: "us_28_point"}); status != http.StatusOK {
		t.Errorf("a fresh client after the load: %d %v", status, bad)
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	t.Logf("%d clients for %v: %d answers, all correct: %v; %d aborted by the client, %d refused as busy; at most %d computations at once (cap %d)",
		clients, length, answered.Load(), wrong.Load() == 0, aborted.Load(), refused.Load(), s.Peak(), cfg.Computations)
	t.Logf("answer times under load: median %v, worst %v; a fresh client afterwards: %v; peak RSS %s",
		times[len(times)/2].Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond), time.Since(fresh).Round(time.Millisecond), peakRSS())
}

// fingerprint is what must be the same in two answers of the same edits.
func fingerprint(a runAnswer) string {
	var b strings.Builder
	b.WriteString(a.Command)
	files := slices.Clone(a.Files)
	for _, f := range files {
		b.WriteString(f + "\n" + a.Tables[f])
	}
	if a.Difference != nil {
		d, _ := json.Marshal(a.Difference)
		b.Write(d)
	}
	return b.String()
}

// postTimed posts body, giving up (as an aborted fetch does) after
// timeout when it is not 0.
func postTimed(url string, body []byte, timeout time.Duration) (int, runAnswer, error) {
	client := &http.Client{Timeout: timeout}
	res, err := client.Post(url+"/api/run", "application/json", strings.NewReader(string(body)))
	if err != nil {
		return 0, runAnswer{}, err
	}
	defer res.Body.Close()
	var a runAnswer
	if res.StatusCode == http.StatusOK {
		if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
			return 0, a, err
		}
	}
	return res.StatusCode, a, nil
}

// peakRSS is the process's peak resident set (VmHWM of /proc/self/status),
// or "unknown" where there is none.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
