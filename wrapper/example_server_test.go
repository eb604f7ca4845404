package wrapper_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// exampleServer is a small in-memory stand-in for the private link access
// API so that the examples run without an account: creates start in
// PROVISIONING and are READY on the second read; lists page by offset.
func exampleServer() *httptest.Server {
	var mu sync.Mutex
	type entry struct {
		doc   map[string]any
		reads int
	}
	var order []string
	items := map[string]*entry{}
	const collection = "/networking/v1/private-link-accesses"
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost && r.URL.Path == collection:
			var body map[string]any
			_ = json.NewDecoder(r.Body).Decode(&body)
			id := fmt.Sprintf("pla-%03d", len(order)+1)
			doc := map[string]any{"api_version": "networking/v1", "kind": "PrivateLinkAccess", "id": id,
				"metadata": map[string]any{"self": "http://" + r.Host + collection + "/" + id},
				"spec":     body["spec"], "status": map[string]any{"phase": "PROVISIONING"}}
			items[id] = &entry{doc: doc}
			order = append(order, id)
			w.WriteHeader(http.StatusAccepted)
			_ = json.NewEncoder(w).Encode(doc)
		case r.Method == http.MethodGet && r.URL.Path == collection:
			size, _ := strconv.Atoi(r.URL.Query().Get("page_size"))
			off, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Query().Get("page_token"), "o"))
			var data []any
			for i := off; i < len(order) && i < off+size; i++ {
				data = append(data, items[order[i]].doc)
			}
			meta := map[string]any{}
			if off+size < len(order) {
				meta["next"] = fmt.Sprintf("http://%s%s?page_token=o%d", r.Host, collection, off+size)
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"api_version": "networking/v1", "kind": "PrivateLinkAccessList", "metadata": meta, "data": data})
		case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, collection+"/"):
			e, ok := items[strings.TrimPrefix(r.URL.Path, collection+"/")]
			if !ok {
				w.WriteHeader(http.StatusNotFound)
				_, _ = w.Write([]byte(`{"errors":[{"status":"404","title":"Not Found"}]}`))
				return
			}
			if e.reads++; e.reads >= 2 {
				e.doc["status"] = map[string]any{"phase": "READY"}
			}
			_ = json.NewEncoder(w).Encode(e.doc)
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"errors":[{"status":"404","title":"Not Found"}]}`))
		}
	}))
}
