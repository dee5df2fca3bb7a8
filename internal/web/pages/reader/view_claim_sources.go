package reader

import (
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// sourcesParam is the query parameter of a claim page's later pages of
// sources: the id of the last source of the page before.
const sourcesParam = "sources"

// SourcePager places a page of a claim's sources among them all; its zero
// value (one page holds them all) draws nothing.
type SourcePager struct {
	// Total is how many sources the claim has ("1,234"); Count says how
	// many the page shows of them ("Showing 30 of 1,234 sources").
	Total, Count string
	// NextURL is the page of the next sources; FirstURL leads back from a
	// later page to the first.
	NextURL, FirstURL string
}

// NewSourcePager describes the page of sources d holds, on the page at
// base (the claim's address).
func NewSourcePager(base string, d *claims.ClaimDetail) SourcePager {
	sp := d.SourcePage
	p := SourcePager{Total: view.Count(sp.Total)}
	if sp.After == 0 && sp.Next == 0 {
		return p
	}
	p.Count = "Showing " + view.Count(len(d.Sources)) + " of " + view.Plural(sp.Total, "source") + ", in the order they were linked."
	if sp.After != 0 {
		p.FirstURL = base + "#sources-h"
	}
	if sp.Next != 0 {
		p.NextURL = base + "?" + sourcesParam + "=" + strconv.FormatInt(sp.Next, 10) + "#sources-h"
	}
	return p
}

// SourcesAfter reads the ?sources= of a claim's page: 0 when absent;
// anything but a source id is ENOTFOUND, as a page that does not exist.
func SourcesAfter(c echo.Context) (int64, error) {
	return pageParam(c, sourcesParam, "no such page of the sources")
}
