package httpx

import (
	"sync"
	"testing"
)

func TestRequestIDs_UniqueAcrossBlocksAndConcurrentRequests(t *testing.T) {
	g := NewRequestIDs()
	const workers, each = 8, 3 * idBlockSize
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				v := g.take()
				if len(v) != 1 || cap(v) != 1 || !validRequestID(v[0]) {
					t.Errorf("header value %q (cap %d) is not one well-formed id", v, cap(v))
					return
				}
				mu.Lock()
				if seen[v[0]] {
					t.Errorf("id %q handed out twice", v[0])
				}
				seen[v[0]] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != workers*each {
		t.Errorf("%d distinct ids for %d requests", len(seen), workers*each)
	}
}
