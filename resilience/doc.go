// Package resilience holds the evidence that the client stays correct
// under load and faults: a rate-limit contention test and a
// fault-injection suite, both against the fake. It has no API of its own.
package resilience
