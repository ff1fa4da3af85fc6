package explorer

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// guard refuses, before any handler runs, a request not addressed to
// this server as a browser on this machine addresses it: a Host that is
// not port on localhost or an IP address (a DNS name that resolves here
// is how a page on another site rebinds to a local server), an Origin
// other than the Host's own, or a browser's cross-site fetch. The page
// and the API then talk to nothing else: the Content-Security-Policy
// allows the page its own scripts, styles and API, and no other request.
func guard(port string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if msg := refuse(port, r); msg != "" {
			writeError(w, http.StatusForbidden, msg, nil)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' blob:; img-src 'self' data: blob:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// refuse says why a request is refused, or "" to answer it.
func refuse(port string, r *http.Request) string {
	host, p, err := net.SplitHostPort(r.Host)
	if err != nil || p != port || !(host == "localhost" || net.ParseIP(strings.Trim(host, "[]")) != nil) {
		return fmt.Sprintf("Host %q is not this server: open it as http://127.0.0.1:%s/ (a name other than localhost is refused, against DNS rebinding)", r.Host, port)
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Scheme != "http" || u.Host != r.Host {
			return fmt.Sprintf("Origin %q is not this server's page: another site cannot drive it", o)
		}
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return "a cross-site request: another site cannot drive this server"
	}
	return ""
}

// recoverJSON answers a handler's panic, which is a bug, with a JSON 500
// and one line in log: never a stack trace to the client.
func recoverJSON(log io.Writer, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				fmt.Fprintf(log, "peacesim: serve: %s %s: internal error: %v\n", r.Method, r.URL.Path, v)
				writeError(w, http.StatusInternalServerError, "internal error (the server's log says more)", nil)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
