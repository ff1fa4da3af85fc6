package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// A Request is one request of the page, as the browser's network and fetch
// domains reported it.
type Request struct {
	URL string
	// Blocked: the request was paused before it was sent, and the browser
	// accepted to fail it with net::ERR_BLOCKED_BY_CLIENT: it never left.
	Blocked bool
	// Answered: a response arrived for it (from the file, or a data: URL).
	Answered bool
}

// recorder collects what the page does while it loads and while it is
// checked: its requests, its console errors and its uncaught exceptions. It
// also decides which requests may go on: the file itself and data: URLs.
//
// listen runs in the tab's message loop, so it only records and queues;
// answer sends the fetch domain's replies from a goroutine of its own.
type recorder struct {
	allow func(url string) bool // the requests that may go on

	mu       sync.Mutex
	requests []*Request
	byURL    map[string]*Request
	console  []string
	paused   []*fetch.EventRequestPaused // waiting for answer
	wake     chan struct{}               // has room for one signal
}

func newRecorder(allow func(url string) bool) *recorder {
	return &recorder{allow: allow, byURL: map[string]*Request{}, wake: make(chan struct{}, 1)}
}

// allowed reports whether the page may load url: only the report itself and
// data: URLs, which carry their bytes in the URL. A fragment does not make
// another file.
func allowed(self, url string) bool {
	if strings.HasPrefix(url, "data:") {
		return true
	}
	url, _, _ = strings.Cut(url, "#")
	return url == self
}

// request returns the record of url, making it on first sight. Called with
// r.mu held.
func (r *recorder) request(url string) *Request {
	req := r.byURL[url]
	if req == nil {
		req = &Request{URL: url}
		r.byURL[url] = req
		r.requests = append(r.requests, req)
	}
	return req
}

func (r *recorder) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *fetch.EventRequestPaused:
		r.request(ev.Request.URL)
		r.paused = append(r.paused, ev)
		select {
		case r.wake <- struct{}{}:
		default:
		}
	case *network.EventRequestWillBeSent:
		r.request(ev.Request.URL)
	case *network.EventResponseReceived:
		r.request(ev.Response.URL).Answered = true
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			r.console = append(r.console, fmt.Sprintf("console.%s: %s", ev.Type, argsText(ev.Args)))
		}
	case *runtime.EventExceptionThrown:
		r.console = append(r.console, "uncaught exception: "+exceptionText(ev.ExceptionDetails))
	case *log.EventEntryAdded:
		e := ev.Entry
		// A request that leaves the file is reported as a request; the
		// browser's "Failed to load resource" about it says nothing more.
		if e.Level != log.EntryLevelError || (e.Source == log.EntrySourceNetwork && !r.allow(e.URL)) {
			return
		}
		msg := fmt.Sprintf("log (%s): %s", e.Source, e.Text)
		if e.URL != "" {
			msg += " at " + e.URL
		}
		r.console = append(r.console, msg)
	}
}

// answer lets the paused requests that are allowed go on, and fails the
// others before they are sent, until ctx ends.
func (r *recorder) answer(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		}
		r.mu.Lock()
		paused := r.paused
		r.paused = nil
		r.mu.Unlock()
		for _, ev := range paused {
			if r.allow(ev.Request.URL) {
				_, err := chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				r.noteError(ctx, ev, err)
				continue
			}
			_, err := chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{
				RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient,
			})
			r.noteError(ctx, ev, err)
			if err == nil {
				r.mu.Lock()
				r.request(ev.Request.URL).Blocked = true
				r.mu.Unlock()
			}
		}
	}
}

// noteError records a reply to the fetch domain that failed while the
// check still runs: the request may then be stuck, or have gone out.
func (r *recorder) noteError(ctx context.Context, ev *fetch.EventRequestPaused, err error) {
	if err == nil || ctx.Err() != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.console = append(r.console, fmt.Sprintf("browsercheck could not answer the paused request for %s: %v", ev.Request.URL, err))
}

// results returns copies of the requests and the console errors so far.
func (r *recorder) results() ([]Request, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	reqs := make([]Request, len(r.requests))
	for i, req := range r.requests {
		reqs[i] = *req
	}
	return reqs, append([]string(nil), r.console...)
}

// argsText joins a console call's arguments as the console shows them:
// strings as they are, other values as JSON or their description.
func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		parts = append(parts, objectText(a))
	}
	return strings.Join(parts, " ")
}

func objectText(o *runtime.RemoteObject) string {
	switch {
	case o == nil:
		return ""
	case len(o.Value) > 0:
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
		return string(o.Value)
	case o.UnserializableValue != "":
		return string(o.UnserializableValue)
	case o.Description != "":
		return o.Description
	}
	return string(o.Type)
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "(no details)"
	}
	text := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		text = d.Exception.Description
	}
	if d.URL != "" {
		text += fmt.Sprintf(" at %s:%d", d.URL, d.LineNumber+1)
	}
	return text
}
