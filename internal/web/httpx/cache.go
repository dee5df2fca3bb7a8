package httpx

// PageCache keeps rendered responses until the story they show changes or
// they grow too old. Fill and FillAsset render a missing entry once however
// many requests miss it at the same time.
type PageCache interface {
	Get(key string) *Asset
	Fill(key string, render func() (storyID int64, body []byte, err error)) (*Asset, error)
	FillAsset(key string, render func() (storyID int64, out *Asset, err error)) (*Asset, error)
	// FillClaim is Fill for claimID's own page, which a write to its story
	// drops only when the write is about that claim or the whole story.
	FillClaim(key string, claimID int64, render func() (storyID int64, body []byte, err error)) (*Asset, error)
	// Reach marks key as linked from a page served; Reached asks whether it
	// was, so that cursors nobody was given cannot fill the cache.
	Reach(key string)
	Reached(key string) bool
}
