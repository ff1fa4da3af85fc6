package docs_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/peacesim/peacesim/results/report"
	"github.com/peacesim/peacesim/scenarios"
)

// root is the repository's root, where go.mod is: the tests run in docs/.
const root = ".."

// forbiddenNames are the references to files outside the repository that
// no tracked file may make: the sibling directory of shared files and the
// design document kept there, by file name or by section ("… §2"). They
// are assembled from parts so that this file does not name them itself.
var forbiddenNames = []string{
	".." + "/shared",
	"DESIGN" + ".md",
	"DESIGN" + " §",
}

// listing is the repository's files as a test sees them, relative to root
// with forward slashes, and how they were listed.
type listing struct {
	files []string
	how   string
}

// trackedFiles lists the files git tracks, with git ls-files. Where git or
// the repository's .git is not there (a source archive, a copy), it walks
// the tree instead, leaving out only .git itself. Either way the test log
// says which, and why.
func trackedFiles(t *testing.T) listing {
	t.Helper()
	why := ""
	if _, err := exec.LookPath("git"); err != nil {
		why = "git is not installed"
	} else if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		why = "the tree has no .git"
	} else {
		cmd := exec.Command("git", "-C", root, "ls-files", "-z")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err == nil {
			var files []string
			for _, f := range strings.Split(string(out), "\x00") {
				if f != "" {
					files = append(files, f)
				}
			}
			return listing{files: files, how: "git ls-files"}
		}
		why = fmt.Sprintf("git ls-files failed (%v: %s)", err, strings.TrimSpace(stderr.String()))
	}
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.Name() == ".git" {
			t.Logf("walking the tree: %s left out (git's own files)", rel)
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walking %s: %v", root, err)
	}
	return listing{files: files, how: "a walk of the tree, as " + why}
}

// isBinary reports whether content is not text, as git grep -I judges it:
// a NUL byte in its first 8,000 bytes.
func isBinary(content []byte) bool {
	return bytes.IndexByte(content[:min(len(content), 8000)], 0) >= 0
}

// TestRepositoryStandsAlone: no tracked file outside .ci/ names a file
// outside the repository (forbiddenNames), so that a clone stands alone.
func TestRepositoryStandsAlone(t *testing.T) {
	l := trackedFiles(t)
	t.Logf("files listed by %s: %d", l.how, len(l.files))
	var binary, ci []string
	checked := 0
	for _, f := range l.files {
		if strings.HasPrefix(f, ".ci/") {
			ci = append(ci, f)
			continue
		}
		content, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if errors.Is(err, fs.ErrNotExist) {
			t.Logf("%s: listed but not in the work tree (deleted, not yet committed); not checked", f)
			continue
		} else if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if isBinary(content) {
			binary = append(binary, f)
			continue
		}
		checked++
		for n, line := range strings.Split(string(content), "\n") {
			for _, name := range forbiddenNames {
				if strings.Contains(line, name) {
					t.Errorf("%s:%d: names %q, which is outside the repository: %s", f, n+1, name, strings.TrimSpace(line))
				}
			}
		}
	}
	t.Logf("checked %d text files; not checked: %d under .ci/ %v, %d binary %v", checked, len(ci), ci, len(binary), binary)
	if checked == 0 {
		t.Fatal("no file was checked")
	}
}

// maxTrackedBytes bounds a tracked file: the repository holds sources,
// scenarios, documentation and a few images, and a file past a mebibyte is
// a build output or a data dump that a clone should not carry.
const maxTrackedBytes = 1 << 20

// TestNoLargeFiles: no tracked file is over maxTrackedBytes (a binary left
// by go build at the root once was: .gitignore keeps it out now).
func TestNoLargeFiles(t *testing.T) {
	l := trackedFiles(t)
	for _, f := range l.files {
		info, err := os.Stat(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			continue // listed but deleted: nothing a clone would carry
		}
		if info.Size() > maxTrackedBytes {
			t.Errorf("%s: %d bytes, over %d (a build output? add it to .gitignore and git rm --cached it)", f, info.Size(), maxTrackedBytes)
		}
	}
}

// The parts of Markdown the link check reads.
var (
	// inlineLink is [text](target) or ![alt](target), with an optional title.
	inlineLink = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)`)
	// refLink is a reference definition, [label]: target.
	refLink = regexp.MustCompile(`(?m)^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?`)
	// hrefAttr is an HTML link, <a href="target">.
	hrefAttr = regexp.MustCompile(`\bhref="([^"]*)"`)
	// heading is an ATX heading, "## Text".
	heading = regexp.MustCompile(`^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$`)
	// explicitID is an anchor an HTML element gives: <a id="utility"></a>.
	explicitID = regexp.MustCompile(`\b(?:id|name)="([^"]+)"`)
	// codeSpan is inline code, whose brackets are not links.
	codeSpan = regexp.MustCompile("`+[^`]*`+")
	// linkInHeading is a link inside a heading, whose slug keeps its text.
	linkInHeading = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
)

// selfURL is how this repository's own pages are addressed on the web; a
// link to one is checked as a link to the file in the tree.
var selfURL = regexp.MustCompile(`^https://github\.com/peacesim/peacesim/(?:blob|tree)/main/(.*)$`)

// markdownLine is one line of a Markdown file outside its code blocks.
type markdownLine struct {
	n    int
	text string
}

// proseLines returns the lines of a Markdown file that are not in fenced
// code blocks (``` or ~~~), whose text is code rather than Markdown.
func proseLines(content string) []markdownLine {
	var out []markdownLine
	fence := ""
	for i, line := range strings.Split(content, "\n") {
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			continue
		}
		out = append(out, markdownLine{n: i + 1, text: line})
	}
	return out
}

// slug is the anchor GitHub gives a heading: its text as rendered (code
// and links reduced to their text, emphasis dropped), lower-cased, with
// every character but letters, marks, digits, connector punctuation,
// spaces and hyphens removed and each space made a hyphen.
func slug(text string) string {
	text = linkInHeading.ReplaceAllString(text, "$1")
	text = strings.NewReplacer("`", "", "*", "").Replace(text)
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.Pc):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// anchors returns the fragments a Markdown file answers to: the slug of
// every heading (a repeated one numbered -1, -2, … as GitHub does) and
// every explicit id= or name=.
func anchors(content string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	for _, l := range proseLines(content) {
		if m := heading.FindStringSubmatch(l.text); m != nil {
			s := slug(m[2])
			if k := seen[s]; k > 0 {
				out[fmt.Sprintf("%s-%d", s, k)] = true
			} else {
				out[s] = true
			}
			seen[s]++
		}
		for _, m := range explicitID.FindAllStringSubmatch(l.text, -1) {
			out[m[1]] = true
		}
	}
	return out
}

// linkTargets returns every link target of a Markdown file's prose, with
// the line it starts on. A link may run over several lines of a
// paragraph, so the paragraphs are searched whole.
func linkTargets(content string) []markdownLine {
	var out []markdownLine
	search := func(block []markdownLine) {
		if len(block) == 0 {
			return
		}
		var b strings.Builder
		starts := make([]int, len(block)) // starts[i]: offset of block[i] in b
		for i, l := range block {
			starts[i] = b.Len()
			b.WriteString(l.text)
			b.WriteByte('\n')
		}
		// Code spans keep their length, blanked, so offsets stay lines'.
		text := codeSpan.ReplaceAllStringFunc(b.String(), func(c string) string {
			return strings.Map(func(r rune) rune {
				if r == '\n' {
					return r
				}
				return ' '
			}, c)
		})
		for _, re := range []*regexp.Regexp{inlineLink, refLink, hrefAttr} {
			for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
				i := max(0, sort.SearchInts(starts, m[0]+1)-1)
				out = append(out, markdownLine{n: block[i].n, text: text[m[2]:m[3]]})
			}
		}
	}
	var block []markdownLine
	for _, l := range proseLines(content) {
		if strings.TrimSpace(l.text) == "" || len(block) > 0 && l.n != block[len(block)-1].n+1 {
			search(block)
			block = nil
		}
		if strings.TrimSpace(l.text) != "" {
			block = append(block, l)
		}
	}
	search(block)
	return out
}

// linkedFile resolves a link target of Markdown page from to the file of
// the tree it names, relative to root, and its fragment; external is true
// for a URL of another site (https:, mailto:), which names no file here.
// A link to this repository's own pages on the web names the file.
func linkedFile(from, target string) (file, fragment string, external bool) {
	if m := selfURL.FindStringSubmatch(target); m != nil {
		target = "/" + m[1]
	} else if target == "" || strings.Contains(target, ":") && !strings.HasPrefix(target, "#") {
		return "", "", true
	}
	file, fragment, _ = strings.Cut(target, "#")
	if p, err := url.PathUnescape(file); err == nil {
		file = p
	}
	switch {
	case file == "":
		file = from // #fragment: the page itself
	case strings.HasPrefix(file, "/"):
		file = path.Clean(strings.TrimPrefix(file, "/"))
	default:
		file = path.Join(path.Dir(from), file)
	}
	return file, fragment, false
}

// pageAnchors reads the anchors of Markdown pages, each once.
type pageAnchors map[string]map[string]bool

func (c pageAnchors) of(file string) (map[string]bool, error) {
	if a, ok := c[file]; ok {
		return a, nil
	}
	content, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		return nil, err
	}
	c[file] = anchors(string(content))
	return c[file], nil
}

// check says what is wrong with a link to file#fragment, or "".
func (c pageAnchors) check(file, fragment string) string {
	if file == ".." || strings.HasPrefix(file, "../") {
		return "it leads outside the repository"
	}
	info, err := os.Stat(filepath.Join(root, filepath.FromSlash(file)))
	switch {
	case err != nil:
		return file + " does not exist"
	case fragment == "":
		return ""
	case info.IsDir() || !strings.HasSuffix(file, ".md"):
		return fmt.Sprintf("a #fragment of %s, which is not a Markdown page, cannot be checked", file)
	}
	a, err := c.of(file)
	if err != nil {
		return err.Error()
	}
	if !a[fragment] {
		return fmt.Sprintf("%s has no heading or id %q", file, fragment)
	}
	return ""
}

// TestMarkdownLinksResolve: every relative link of every tracked Markdown
// file names a file or directory that exists, and its #fragment, if any, a
// heading or an explicit id of the target.
func TestMarkdownLinksResolve(t *testing.T) {
	l := trackedFiles(t)
	t.Logf("files listed by %s", l.how)
	pages, links := 0, 0
	cache := pageAnchors{}
	for _, f := range l.files {
		if !strings.HasSuffix(f, ".md") || strings.HasPrefix(f, ".ci/") {
			continue
		}
		content, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		pages++
		for _, link := range linkTargets(string(content)) {
			file, fragment, external := linkedFile(f, link.text)
			if external {
				continue
			}
			links++
			if msg := cache.check(file, fragment); msg != "" {
				t.Errorf("%s:%d: link %q: %s", f, link.n, link.text, msg)
			}
		}
	}
	t.Logf("checked %d relative links in %d Markdown pages", links, pages)
	if pages == 0 || links == 0 {
		t.Fatalf("checked %d links in %d pages: the listing or the parser is broken", links, pages)
	}
}

// sourceAnchor is how docs/sources.md lists a source report: an anchor
// the HTML report links to, docs/sources.md#source-NNN.
var sourceAnchor = regexp.MustCompile(`<a id="source-(\d{3})"></a>`)

// listedSources returns the ids of the reports docs/sources.md lists.
func listedSources(t *testing.T) map[string]bool {
	t.Helper()
	content, err := os.ReadFile("sources.md")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, m := range sourceAnchor.FindAllStringSubmatch(string(content), -1) {
		ids[m[1]] = true
	}
	if len(ids) == 0 {
		t.Fatal(`sources.md lists no report as <a id="source-NNN"></a>`)
	}
	return ids
}

// seedWord is "seed 004", "seeds 003": a citation by the word, whatever the
// number.
var seedWord = regexp.MustCompile(`(?i)\bseeds?\s+(\d{3})\b`)

// digits finds the runs of digits among which citedIDs looks for ids.
var digits = regexp.MustCompile(`\d+`)

// citedIDs returns the source ids a line of a scenario file cites, by the
// rule the shipped scenarios follow (scenarios/miami-2025.toml's header
// and docs/sources.md#citations): a report is cited by its number, three
// digits from 000, as a word of its own anywhere on the line — in a
// comment or a label: "(004)", "(000, 001)", "(003; …)", "(000: …)",
// "004 says", "003's", "seed 004".
//
//   - An id begins with 0. TOML does not allow a number to begin with 0, so
//     such a word is never a value; and the quantities the comments quote
//     ("100 days", "600,000 troops", "1,300 drones") never begin with 0.
//   - A word of its own: no letter, digit or underscore touches it (the
//     file names "000_79aedf7f49e5f43a.txt" of the index and of
//     [scenario] source are not citations), and it is not the part after a
//     separator of a longer number ("600,000", "0.085"); so a list of ids
//     puts a space after each comma, "(000, 001)".
//   - "seed NNN" or "seeds NNN" cites NNN whatever its first digit, so a
//     bogus "seed 104" is caught too.
func citedIDs(line string) []string {
	var ids []string
	for _, loc := range digits.FindAllStringIndex(line, -1) {
		at, end := loc[0], loc[1]
		if end-at != 3 || line[at] != '0' {
			continue
		}
		if before := line[:at]; before != "" {
			r := []rune(before)
			prev := r[len(r)-1]
			if isWordRune(prev) {
				continue
			}
			if (prev == ',' || prev == '.') && len(r) > 1 && unicode.IsDigit(r[len(r)-2]) {
				continue // 600,000 or 0.085
			}
		}
		if after := []rune(line[end:]); len(after) > 0 && isWordRune(after[0]) {
			continue
		}
		ids = append(ids, line[at:end])
	}
	for _, m := range seedWord.FindAllStringSubmatch(line, -1) {
		if !slices.Contains(ids, m[1]) {
			ids = append(ids, m[1])
		}
	}
	return ids
}

func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// scenarioSource is one scenario file's text and the name it is reported
// under.
type scenarioSource struct {
	name string
	src  []byte
}

// shippedScenarios returns the scenario files of scenarios/ and
// scenarios/template/, the embedded library, and the embedded template.
func shippedScenarios(t *testing.T) []scenarioSource {
	t.Helper()
	var out []scenarioSource
	for _, pattern := range []string{"scenarios/*.toml", "scenarios/template/*.toml"} {
		files, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(pattern)))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no file matches %s", pattern)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(root, f)
			out = append(out, scenarioSource{name: filepath.ToSlash(rel), src: src})
		}
	}
	for _, e := range scenarios.Library() {
		src, ok := scenarios.Lookup(e.Name)
		if !ok {
			t.Fatalf("the library lists %s but has no source for it", e.Name)
		}
		out = append(out, scenarioSource{name: "embedded " + e.Name, src: src})
	}
	return append(out, scenarioSource{name: "embedded template", src: scenarios.Template()})
}

// TestScenarioCitationsAreListed: every source id a shipped scenario cites
// (citedIDs), and every id of its header's index of reports (as the HTML
// report reads it, report.ScanProvenance), is a report docs/sources.md
// lists; a scenario with an index indexes every id it cites; and the
// default scenario has an index the HTML report can read.
func TestScenarioCitationsAreListed(t *testing.T) {
	listed := listedSources(t)
	cited := map[string]bool{}
	for _, s := range shippedScenarios(t) {
		var indexed []string
		for _, seed := range report.ScanProvenance(s.src).Seeds {
			if seed.File == "" {
				continue // cited without an index: checked below
			}
			indexed = append(indexed, seed.Ref)
			if !listed[seed.Ref] {
				t.Errorf("%s: its index lists source %s (%s), which docs/sources.md does not list", s.name, seed.Ref, seed.File)
			}
		}
		sc := bufio.NewScanner(bytes.NewReader(s.src))
		for n := 1; sc.Scan(); n++ {
			for _, id := range citedIDs(sc.Text()) {
				cited[id] = true
				if !listed[id] {
					t.Errorf("%s:%d: cites source %s, which docs/sources.md does not list: %s", s.name, n, id, strings.TrimSpace(sc.Text()))
				}
				if len(indexed) > 0 && !slices.Contains(indexed, id) {
					t.Errorf("%s:%d: cites source %s, which its own index (%v) does not list", s.name, n, id, indexed)
				}
			}
		}
	}
	src, _ := scenarios.Lookup(scenarios.Default)
	var indexed []string
	for _, seed := range report.ScanProvenance(src).Seeds {
		if seed.File != "" {
			indexed = append(indexed, seed.Ref)
		}
	}
	if len(indexed) == 0 {
		t.Errorf("the HTML report reads no index of reports in %s's header (lines \"#   NNN = FILE  what it is\")", scenarios.Default)
	}
	t.Logf("sources cited: %v; listed in docs/sources.md: %v; indexed by %s: %v", keys(cited), keys(listed), scenarios.Default, indexed)
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestCitedIDs holds citedIDs to the rule it states.
func TestCitedIDs(t *testing.T) {
	for _, c := range []struct {
		line string
		want []string
	}{
		{`# "Withdrawal of Ukrainian forces from parts of Donetsk Oblast" (004); Russia`, []string{"004"}},
		{`negotiable = true   # "agreements on prisoners" are on the table (000); exchanges, if talks help (001)`, []string{"000", "001"}},
		{`# presidential elections", which Zelenskyy dismissed (000, 001).`, []string{"000", "001"}},
		{`# money (003: "economic & prosperity plan"; 003: €100bn of European funding`, []string{"003", "003"}},
		{`# The 20-point plan as seed 004 reports it`, []string{"004"}},
		{`# on the strength of 003's "closely aligned"`, []string{"003"}},
		{`# a bogus citation, seed 104`, []string{"104"}},
		{`#   000 = 000_79aedf7f49e5f43a.txt  Miami talks`, []string{"000"}},
		{`source = "seeds: 000_79aedf7f49e5f43a.txt, 001_62dff4470f694b25.txt"`, nil},
		{`# Russia demands a cap of 600,000 troops; ~1,300 drones; 0.085; within 100 days`, nil},
		{`troop_cap = 600   # Moscow's demand`, nil},
		{`label = "Miami talks, with Europe's consent needed (its guarantees, 004)"`, []string{"004"}},
	} {
		if got := citedIDs(c.line); !slices.Equal(got, c.want) {
			t.Errorf("citedIDs(%q) = %q, want %q", c.line, got, c.want)
		}
	}
}

// TestExamplesLoad: every scenario of docs/examples loads as it is.
func TestExamplesLoad(t *testing.T) {
	files, err := filepath.Glob("examples/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example scenario in docs/examples (%v)", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := scenarios.Load(f, src); err != nil {
			t.Errorf("%s:\n%v", f, err)
		}
	}
}

// TestWorkedExampleCanonicalForm: the canonical form model.md prints for
// its worked example is the scenario's, and the hash it prints is the
// SHA-256 of that form.
func TestWorkedExampleCanonicalForm(t *testing.T) {
	page, err := os.ReadFile("model.md")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```text\n(canonical = 1\n.*?)```").FindSubmatch(page)
	if block == nil {
		t.Fatal("model.md prints no canonical form (a ```text block starting canonical = 1)")
	}
	const file = "examples/closed-form.toml"
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m, err := scenarios.Load(file, src)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Canonical(); !bytes.Equal(got, block[1]) {
		t.Errorf("model.md's canonical form of %s is not the scenario's; it is now:\n%s", file, got)
	}
	sum := sha256.Sum256(m.Canonical())
	hash := "sha256:" + hex.EncodeToString(sum[:])
	if !bytes.Contains(page, []byte(`"scenario_hash": "`+hash+`"`)) {
		t.Errorf("model.md does not print the worked example's scenario hash %s", hash)
	}
}
