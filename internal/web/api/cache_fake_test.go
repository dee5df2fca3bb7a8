package api

import "github.com/claimtrack/claimtrack/internal/web/httpx"

// fakeCache is a page cache without expiry or single flight: what the
// handlers ask of the cache, not how the real one keeps pages fresh.
type fakeCache struct {
	pages   map[string]*httpx.Asset
	reached map[string]bool
}

func newFakeCache() *fakeCache {
	return &fakeCache{pages: map[string]*httpx.Asset{}, reached: map[string]bool{}}
}

func (f *fakeCache) Get(key string) *httpx.Asset { return f.pages[key] }

func (f *fakeCache) Fill(key string, render func() (int64, []byte, error)) (*httpx.Asset, error) {
	return f.FillAsset(key, func() (int64, *httpx.Asset, error) {
		id, b, err := render()
		if err != nil {
			return id, nil, err
		}
		return id, httpx.NewPageAsset(b), nil
	})
}

func (f *fakeCache) FillClaim(key string, _ int64, render func() (int64, []byte, error)) (*httpx.Asset, error) {
	return f.Fill(key, render)
}

func (f *fakeCache) FillAsset(key string, render func() (int64, *httpx.Asset, error)) (*httpx.Asset, error) {
	_, a, err := render()
	if err != nil {
		return nil, err
	}
	f.pages[key] = a
	return a, nil
}

func (f *fakeCache) Reach(key string)        { f.reached[key] = true }
func (f *fakeCache) Reached(key string) bool { return f.reached[key] }

// dropAll forgets every page and mark, as the real cache does after a write.
func (f *fakeCache) dropAll() { clear(f.pages); clear(f.reached) }
