package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// skipEnv names the variable that lets the browser's tests skip on a
// machine without chromium. Without it they fail: a check that cannot run
// must not look like a check that passed.
const skipEnv = "BROWSERCHECK_SKIP_NO_CHROMIUM"

// testTimeout bounds one check, browser start included.
const testTimeout = 60 * time.Second

func needChromium(t *testing.T) {
	t.Helper()
	if _, err := FindChromium(""); err != nil {
		if os.Getenv(skipEnv) == "1" {
			t.Skipf("%s=1: skipping the browser's test: %v", skipEnv, err)
		}
		t.Fatalf("%v\n(the browser's tests need chromium; set %s=1 to skip them)", err, skipEnv)
	}
}

// check runs Run on file with the default width, its outputs in a
// temporary directory.
func check(t *testing.T, file string) *Report {
	t.Helper()
	needChromium(t)
	dir := t.TempDir()
	rep, err := Run(context.Background(), Options{
		File:    file,
		PNG:     filepath.Join(dir, "page.png"),
		PDF:     filepath.Join(dir, "page.pdf"),
		Width:   1280,
		Timeout: testTimeout,
	})
	if err != nil {
		t.Fatalf("Run(%s): %v", file, err)
	}
	return rep
}

// writeHTML writes a page of the test into a temporary directory.
func writeHTML(t *testing.T, html string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(file, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// wantChecks are the checks of a run at 1280 px, in the order they run.
var wantChecks = []string{
	"title", "lang",
	"tables at 1280 px", "charts at 1280 px", "overflow at 1280 px",
	"png", "pdf",
	"tables at 390 px", "charts at 390 px", "overflow at 390 px",
	"requests", "console",
}

func TestSamplePassesEveryCheck(t *testing.T) {
	t.Parallel()
	rep := check(t, "testdata/sample.html")
	var names []string
	for _, c := range rep.Checks {
		names = append(names, c.Name)
		if !c.OK() {
			t.Errorf("%s failed: %s", c.Name, strings.Join(c.Problems, "; "))
		}
	}
	if strings.Join(names, ",") != strings.Join(wantChecks, ",") {
		t.Errorf("checks %q, want %q", names, wantChecks)
	}
	for _, name := range []string{"charts at 1280 px", "charts at 390 px"} {
		if c, _ := rep.Check(name); !strings.HasPrefix(c.Detail, "2 charts, 2 visible, 2 with") {
			t.Errorf("%s: %q, want the sample's 2 charts visible and named", name, c.Detail)
		}
	}
	if c, _ := rep.Check("pdf"); !strings.Contains(c.Detail, "page") {
		t.Errorf("pdf: %q", c.Detail)
	}
}

func TestBadFailsOnRequestAndConsole(t *testing.T) {
	t.Parallel()
	rep := check(t, "testdata/bad.html")
	for _, c := range rep.Checks {
		if c.Name != "requests" && c.Name != "console" && !c.OK() {
			t.Errorf("%s failed: %s", c.Name, strings.Join(c.Problems, "; "))
		}
	}
	req, _ := rep.Check("requests")
	if want := "request leaves the file: URL: https://example.com/x.png (blocked before it was sent)"; len(req.Problems) != 1 || req.Problems[0] != want {
		t.Errorf("requests: problems %q, want [%q]", req.Problems, want)
	}
	con, _ := rep.Check("console")
	if len(con.Problems) != 1 || con.Problems[0] != "console.error: boom" {
		t.Errorf("console: problems %q, want [\"console.error: boom\"]", con.Problems)
	}
	found := false
	for _, r := range rep.Requests {
		if r.URL == "https://example.com/x.png" {
			found = true
			if !r.Blocked || r.Answered {
				t.Errorf("request for %s: blocked %v, answered %v; want blocked before it was sent, never answered", r.URL, r.Blocked, r.Answered)
			}
		}
	}
	if !found {
		t.Errorf("requests %+v: none for https://example.com/x.png", rep.Requests)
	}
}

// TestExternalHostNotContacted points every kind of subresource at a
// server of the test's own, and counts the connections it accepts: the
// blocking must happen in the browser, before a request is sent.
func TestExternalHostNotContacted(t *testing.T) {
	t.Parallel()
	var conns, hits atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	u := srv.URL
	file := writeHTML(t, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="`+u+`/style.css">
<style>body { background: url(`+u+`/bg.png); }</style>
<script src="`+u+`/app.js"></script>
</head><body>
<table><caption>c</caption><tr><th scope="row">a</th><td>1</td></tr></table>
<img src="`+u+`/x.png" alt="x">
</body></html>`)
	rep := check(t, file)

	if n := conns.Load(); n != 0 {
		t.Errorf("the server accepted %d connections (%d requests), want none", n, hits.Load())
	}
	req, _ := rep.Check("requests")
	for _, path := range []string{"/style.css", "/bg.png", "/app.js", "/x.png"} {
		want := "request leaves the file: URL: " + u + path + " (blocked before it was sent)"
		if !contains(req.Problems, want) {
			t.Errorf("requests: problems %q lack %q", req.Problems, want)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestChecksFail: each check fails on a page that breaks it, and says why.
func TestChecksFail(t *testing.T) {
	t.Parallel()
	const table = `<table><caption>c</caption><tr><th scope="row">a</th><td>1</td></tr></table>`
	const chart = `<figure><svg role="img" aria-label="a chart" viewBox="0 0 10 10" width="100" height="100"><rect width="10" height="10"/></svg></figure>`
	head := func(extra string) string {
		return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>` + extra + `</head><body>`
	}
	tests := []struct {
		name  string
		html  string
		check string // the check that fails
		want  string // in one of its problems
	}{
		{"no title", `<!DOCTYPE html><html lang="en"><body>` + table, "title", "no <title>"},
		{"no lang", `<!DOCTYPE html><html><head><title>t</title></head><body>` + table, "lang", "no lang"},
		{"no table", head("") + chart, "tables at 1280 px", "no <table>"},
		{"hidden table", head(`<style>table { display: none }</style>`) + table, "tables at 1280 px", `table 1 ("c") is not visible (0×0 px)`},
		{"invisible table", head(`<style>table { visibility: hidden }</style>`) + table, "tables at 1280 px", `table 1 ("c") is not visible`},
		{"chart of no size", head(`<style>svg { width: 0 }</style>`) + table + chart, "charts at 1280 px", "chart 1 is not visible (0×"},
		{"chart without a name", head("") + table + `<figure><svg viewBox="0 0 10 10" width="100" height="100"><rect width="10" height="10"/></svg><figcaption>Fig</figcaption></figure>`,
			"charts at 1280 px", `chart 1 ("Fig") has no text alternative`},
		{"too wide for a phone", head("") + table + `<div class="wide" style="width: 600px; height: 10px"></div>`,
			"overflow at 390 px", "the page is 608 px wide in a viewport of 390 px"},
		{"hidden on a phone", head(`<style>@media (max-width: 500px) { table { display: none } }</style>`) + table,
			"tables at 390 px", "is not visible"},
		{"uncaught exception", head("") + table + `<script>null.x</script>`, "console", "uncaught exception: TypeError"},
		{"another local file", head("") + table + `<img src="other.png" alt="x">`, "requests", "/other.png (blocked before it was sent)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep := check(t, writeHTML(t, tt.html))
			c, ok := rep.Check(tt.check)
			if !ok {
				t.Fatalf("no check %q in %+v", tt.check, rep.Checks)
			}
			if c.OK() {
				t.Fatalf("%s passed (%s), want a failure with %q", tt.check, c.Detail, tt.want)
			}
			if !strings.Contains(strings.Join(c.Problems, "\n"), tt.want) {
				t.Errorf("%s: problems %q, want one with %q", tt.check, c.Problems, tt.want)
			}
		})
	}
}

func TestTableInsideScrollingWrapperFitsAPhone(t *testing.T) {
	t.Parallel()
	rep := check(t, writeHTML(t, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>
<div style="overflow-x: auto"><table style="width: 900px"><caption>c</caption><tr><th scope="row">a</th><td>1</td></tr></table></div>
</body></html>`))
	if c, _ := rep.Check("overflow at 390 px"); !c.OK() {
		t.Errorf("a wide table in a scrolling wrapper: %q", c.Problems)
	}
}

func TestRunWithoutChromium(t *testing.T) {
	_, err := Run(context.Background(), Options{
		File: "testdata/sample.html", PNG: "x.png", PDF: "x.pdf", Width: 1280,
		Chromium: filepath.Join(t.TempDir(), "no-such-browser"),
	})
	if err == nil {
		t.Fatal("Run with a browser that does not exist: no error")
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // on stderr
	}{
		{"no file", []string{"-png", "a.png", "-pdf", "a.pdf"}, "want one HTML file, got 0"},
		{"two files", []string{"-png", "a.png", "-pdf", "a.pdf", "a.html", "b.html"}, "want one HTML file, got 2"},
		{"no png", []string{"-pdf", "a.pdf", "a.html"}, "-png is required"},
		{"no pdf", []string{"-png", "a.png", "a.html"}, "-pdf is required"},
		{"narrow", []string{"-png", "a.png", "-pdf", "a.pdf", "-width", "100", "a.html"}, "-width 100: want 390 to 10000"},
		{"unknown flag", []string{"-colour", "a.html"}, "flag provided but not defined: -colour"},
		{"serve without screenshots", []string{"-serve", "peacesim"}, "-serve, -png and -png-phone are required"},
		{"serve with a file", []string{"-serve", "peacesim", "-png", "a.png", "-png-phone", "b.png", "a.html"}, "-serve takes no file, got 1"},
		{"serve with no trials", []string{"-serve", "peacesim", "-png", "a.png", "-png-phone", "b.png", "-trials", "0"}, "-trials 0: want ≥ 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tt.args, &stdout, &stderr); code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q, want %q", stderr.String(), tt.want)
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	needChromium(t)
	tests := []struct {
		file string
		code int
		want string
	}{
		{"testdata/sample.html", 0, "12 checks, 0 failed"},
		{"testdata/bad.html", 1, "2 failures:\n  - requests: request leaves the file: URL: https://example.com/x.png"},
		{"testdata/missing.html", 1, "FAIL: cannot check testdata/missing.html"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			var stdout, stderr bytes.Buffer
			args := []string{"-png", filepath.Join(dir, "p.png"), "-pdf", filepath.Join(dir, "p.pdf"), tt.file}
			if code := run(context.Background(), args, &stdout, &stderr); code != tt.code {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, stdout.String())
			}
			if !strings.Contains(stdout.String(), tt.want) {
				t.Errorf("stdout lacks %q:\n%s", tt.want, stdout.String())
			}
		})
	}
}

func TestPhoneWidthScreenshot(t *testing.T) {
	t.Parallel()
	needChromium(t)
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"-phone", "-png", filepath.Join(dir, "p.png"), "-pdf", filepath.Join(dir, "p.pdf"), "testdata/sample.html"}
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if strings.Contains(stdout.String(), "1280 px") || !strings.Contains(stdout.String(), "overflow at 390 px") {
		t.Errorf("-phone: want checks at 390 px only:\n%s", stdout.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, "p.png"))
	if err != nil {
		t.Fatal(err)
	}
	if p := checkPNG(b, phoneWidth); p != nil {
		t.Error(p)
	}
}

func TestAllowed(t *testing.T) {
	const self = "file:///tmp/r/report.html"
	tests := []struct {
		url  string
		want bool
	}{
		{self, true},
		{self + "#figure-2", true},
		{"data:image/png;base64,iVBORw0KGgo=", true},
		{"file:///tmp/r/other.png", false},
		{"file:///tmp/r/report.html.png", false},
		{"https://example.com/x.png", false},
		{"http://127.0.0.1:8080/", false},
		{"about:blank", false},
	}
	for _, tt := range tests {
		if got := allowed(self, tt.url); got != tt.want {
			t.Errorf("allowed(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
}

func TestPDFPages(t *testing.T) {
	tests := []struct {
		name string
		pdf  string
		want int
	}{
		{"tree only", "<</Type /Pages /Count 0 /Kids []>>", 0},
		{"two pages", "<</Type /Pages /Count 2>> <</Type /Page /Parent 1 0 R>> <</Type/Page>>", 2},
		{"no type", "%PDF-1.4", 0},
	}
	for _, tt := range tests {
		if got := pdfPages([]byte(tt.pdf)); got != tt.want {
			t.Errorf("%s: %d pages, want %d", tt.name, got, tt.want)
		}
	}
}
