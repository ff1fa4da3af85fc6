package explorer

import (
	"embed"
	"io/fs"
	"net/http"
)

// pageFiles are the page: its HTML, its stylesheet and its script, all
// of its own, with nothing fetched from elsewhere.
//
//go:embed page
var pageFiles embed.FS

// pageHandler serves the page's files; any other path is a 404.
func pageHandler() http.Handler {
	sub, err := fs.Sub(pageFiles, "page")
	if err != nil {
		panic(err) // the embedded folder is there by construction
	}
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			writeError(w, http.StatusMethodNotAllowed, r.Method+" "+r.URL.Path+": the page is read with GET", nil)
			return
		}
		switch r.URL.Path {
		case "/", "/app.js", "/style.css":
			w.Header().Set("Cache-Control", "no-cache")
			files.ServeHTTP(w, r)
		default:
			writeError(w, http.StatusNotFound, "no such page: the explorer is at /", nil)
		}
	})
}
