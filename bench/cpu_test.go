package bench

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used (user and system). Wall
// time on a shared machine swings with its other load; CPU time much less,
// so the benchmarks also report cpu-ns/op. It counts the in-process test
// server too, which does the same work for every client.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds cpu-ns/op for the loop that began at start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}
