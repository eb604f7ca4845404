package bench

import (
	"context"
	"runtime"
	"strconv"
	"testing"

	"github.com/ccloud-go/networking/wrapper"
)

// Sub-benchmarks are named client=floor|generated|wrapper, so that
// `benchstat -col /client` puts them side by side with ratios.

func BenchmarkGetNetworkLinkService(b *testing.B) {
	srv := newCanned(b, 0)
	ctx := context.Background()
	for _, c := range clients(b, srv.srv.URL) {
		b.Run("client="+c.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime(b)
			for b.Loop() {
				if err := c.get(ctx); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

func BenchmarkListPage100(b *testing.B) {
	srv := newCanned(b, 0)
	ctx := context.Background()
	for _, c := range clients(b, srv.srv.URL) {
		b.Run("client="+c.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime(b)
			for b.Loop() {
				n, err := c.listPage(ctx)
				if err != nil || n != 100 {
					b.Fatal(n, err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

func BenchmarkAll5000(b *testing.B) {
	srv := newCanned(b, 5000)
	ctx := context.Background()
	for _, c := range clients(b, srv.srv.URL) {
		b.Run("client="+c.name, func(b *testing.B) {
			b.ReportAllocs()
			srv.requests.Store(0)
			cpu := cpuTime(b)
			for b.Loop() {
				n, err := c.all(ctx)
				if err != nil || n != 5000 {
					b.Fatal(n, err)
				}
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(srv.requests.Load())/float64(b.N), "requests/op")
		})
	}
}

// BenchmarkAllPeakHeap walks 5,000 and 50,000 items with the wrapper and
// reports the largest live heap seen at page boundaries, above the heap in use
// before the walk (which holds the test server's canned pages): it must not
// grow with the total, since All holds one page at a time.
func BenchmarkAllPeakHeap(b *testing.B) {
	for _, total := range []int{5000, 50000} {
		srv := newCanned(b, total)
		c, err := wrapper.New(wrapper.WithBaseURL(srv.srv.URL), wrapper.WithAPIKey(benchKey, benchSecret), wrapper.WithHTTPClient(newHTTPClient()))
		if err != nil {
			b.Fatal(err)
		}
		b.Run("items="+strconv.Itoa(total), func(b *testing.B) {
			var peak uint64
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			base := ms.HeapAlloc
			for b.Loop() {
				runtime.GC()
				n := 0
				for _, err := range c.PrivateLinkAccesses().All(context.Background(), env, nil) {
					if err != nil {
						b.Fatal(err)
					}
					if n++; n%1000 == 999 { // just before the next page is fetched
						runtime.GC() // count what is live, not garbage awaiting collection
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc))
					}
				}
				if n != total {
					b.Fatal(n)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-live-heap-MiB")
		})
	}
}
