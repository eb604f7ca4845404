package wrapper

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// A create cancelled at each wait of its settling returns at once, with
// its outcome unknown and the context's error (never a known failure, nor
// a success, nor the reason the wait would have ended with), and leaves no
// goroutine behind. Every window is an hour long: a create that waited one
// out instead would hold the test until go test's own timeout, and would
// end with another reason than context.Canceled.
func TestCreateCancelledAtEachSettleWaitIsUnknownAndPrompt(t *testing.T) {
	long := fastRetries()
	long.SettleDelay, long.MaxSettle = time.Hour, 2*time.Hour

	type setup struct {
		// run starts the create through c with ctx, arranging for cancel
		// to be called once it waits; it returns its result.
		run func(t *testing.T, ctx context.Context, cancel context.CancelFunc) error
	}
	cases := map[string]func(t *testing.T, tr *http.Transport) setup{
		// The answer is lost after the store, and the store stays out of
		// the lists: the create waits for its attempt's window.
		"waiting for an attempt's window": func(t *testing.T, tr *http.Transport) setup {
			h := newHiding(t)
			c := h.client(t, WithRetryPolicy(long), WithHTTPClient(&http.Client{Transport: tr}))
			return setup{run: func(t *testing.T, ctx context.Context, cancel context.CancelFunc) error {
				h.set(func() {
					h.lose = true
					h.onStore = func(id string) {
						h.set(func() { h.hidden[id] = true })
						time.AfterFunc(20*time.Millisecond, cancel) // once the create reads, and waits
					}
				})
				_, err := c.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
				return err
			}}
		},
		// The answer is lost after the store, the store shows at once, and
		// this program has learned that stores take an hour to show: the
		// create waits for what its attempt stored to have had that long.
		"waiting out a learned lag": func(t *testing.T, tr *http.Transport) setup {
			h := newHiding(t)
			c := h.client(t, WithRetryPolicy(long), WithHTTPClient(&http.Client{Transport: tr}))
			op := beginCreate(c.serverKey, "setup", nil, time.Now())
			op.rec.learn(time.Hour)
			op.rec.end(op, 0, nil, time.Time{}, 0)
			t.Cleanup(func() { // the port may serve another test's server later
				op.rec.mu.Lock()
				op.rec.slowest, op.rec.slowestAt = 0, time.Time{}
				op.rec.mu.Unlock()
			})
			return setup{run: func(t *testing.T, ctx context.Context, cancel context.CancelFunc) error {
				h.set(func() {
					h.lose = true
					h.onStore = func(string) { time.AfterFunc(20*time.Millisecond, cancel) }
				})
				_, err := c.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
				return err
			}}
		},
		// An identical create's attempt stored and its answer is held; this
		// create is answered 500 with nothing stored and reads that
		// resource: it waits for the other's answer.
		"waiting for another create's answer": func(t *testing.T, tr *http.Transport) setup {
			stored, release := make(chan struct{}), make(chan struct{})
			var fr *front
			var afterFailure atomic.Bool
			var cancelB atomic.Pointer[context.CancelFunc]
			fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
				switch {
				case r.Method == http.MethodPost && n == 1:
					storeAndHoldAnswer(fr.f, w, r, stored, release)
					return true
				case r.Method == http.MethodPost:
					writeFailure(w, http.StatusInternalServerError, "not stored")
					afterFailure.Store(true)
					return true
				case r.Method == http.MethodGet && afterFailure.Load():
					if f := cancelB.Load(); f != nil {
						time.AfterFunc(20*time.Millisecond, *f)
					}
				}
				return false
			}, fake.WithoutUniqueness())
			a := fr.client(t, WithRetryPolicy(long), WithHTTPClient(&http.Client{Transport: tr}))
			b := fr.client(t, WithRetryPolicy(long), WithHTTPClient(&http.Client{Transport: tr}))
			return setup{run: func(t *testing.T, ctx context.Context, cancel context.CancelFunc) error {
				cancelB.Store(&cancel)
				var wg sync.WaitGroup
				var errA error
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errA = a.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
				}()
				<-stored
				_, err := b.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
				close(release)
				wg.Wait()
				assert.NoError(t, errA, "A's answer came")
				return err
			}}
		},
		// The server holds the create until the caller gives up, then
		// stores it: the create is cancelled while its attempt is on its
		// way, and may have stored.
		"waiting for the create's own answer": func(t *testing.T, tr *http.Transport) setup {
			var fr *front
			var cancelled atomic.Pointer[context.CancelFunc]
			var stored atomic.Int64
			fr = newFront(t, func(w http.ResponseWriter, r *http.Request, _ int) bool {
				if r.Method != http.MethodPost {
					return false
				}
				body, err := io.ReadAll(r.Body) // so that the server sees the client go
				require.NoError(t, err)
				if f := cancelled.Load(); f != nil {
					(*f)()
				}
				<-r.Context().Done() // the client gave up
				r.Body = io.NopCloser(bytes.NewReader(body))
				fr.f.ServeHTTP(httptest.NewRecorder(), r) // and now it stores
				stored.Add(1)
				return true
			}, fake.WithoutUniqueness())
			c := fr.client(t, WithRetryPolicy(long), WithHTTPClient(&http.Client{Transport: tr}))
			return setup{run: func(t *testing.T, ctx context.Context, cancel context.CancelFunc) error {
				cancelled.Store(&cancel)
				_, err := c.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
				fr.srv.Close() // waits for the handler, which stores
				assert.EqualValues(t, 1, stored.Load(), "the setup: the server stored")
				return err
			}}
		},
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			tr := &http.Transport{}
			s := mk(t, tr)
			before := runtime.NumGoroutine()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			err := s.run(t, ctx, cancel)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrOutcomeUnknown), "cancelled while a store may show: unknown, got %v", err)
			assert.True(t, errors.Is(err, context.Canceled), "the reason is the cancellation: %v", err)
			tr.CloseIdleConnections()
			after := runtime.NumGoroutine()
			for i := 0; i < 200 && after > before; i++ { // goroutines that are ending
				time.Sleep(5 * time.Millisecond)
				after = runtime.NumGoroutine()
			}
			assert.LessOrEqual(t, after, before, "goroutines left by the create")
			t.Logf("%s: %v; goroutines before %d, after %d", name, err, before, after)
		})
	}
}
