// Package syncsh holds the tests of gen/sync.sh (make sync): that a sync
// killed with SIGKILL leaves the tree as it was, or as the next run puts it.
package syncsh
