package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// TestStoryPage_ShowsWhenARealSweepLastCheckedEachSource runs the real
// re-checker against a local page and reads what readers then see.
func TestStoryPage_ShowsWhenARealSweepLastCheckedEachSource(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "<html><head><title>Council minutes</title></head><body><article><p>The vote was 7 to 2.</p></article></body></html>")
		}))
		t.Cleanup(page.Close)
		ctx := context.Background()
		// Only this claim's source is local; the fixture's other sources
		// name hosts that the dial hook below refuses without a connection.
		c := f.addClaim(t, f.story.ID, "The council voted 7 to 2", "unverified", "")
		must(f.svc.LinkSource(ctx, editor, c.ID, claims.NewSourceLink{URL: page.URL + "/minutes", Outlet: "Council", OutletKind: "primary", Stance: "supports"}))(t)
		client := fetch.New(fetch.Options{AllowPrivate: true, PerHostGap: -1, Timeout: 5 * time.Second,
			Resolver: func(ctx context.Context, host string) ([]netip.Addr, error) {
				return nil, fmt.Errorf("tests resolve no names (%s)", host)
			},
			DialHook: func(network, addr string) error {
				if ap, err := netip.ParseAddrPort(addr); err != nil || !ap.Addr().IsLoopback() {
					return fmt.Errorf("test dial to %s refused", addr)
				}
				return nil
			}})
		t.Cleanup(client.Close)
		chk := recheck.New(f.svc, client, recheck.Options{Rand: func() float64 { return 0.5 }})
		if _, err := chk.Sweep(ctx, nil); err != nil {
			t.Fatal(err)
		}

		f.clock.Advance(12 * time.Minute)
		status, body := f.get(t, site.ClaimURL(c.ID))
		if status != http.StatusOK {
			t.Fatalf("claim page: %d", status)
		}
		if !strings.Contains(body, "online, checked 12 minutes ago") {
			t.Fatalf("claim page does not say the source is live and was checked 12 minutes ago:\n%s", body)
		}
		status, body = f.get(t, "/stories/"+f.story.Slug)
		if status != http.StatusOK || !strings.Contains(body, "sources checked 12 minutes ago") {
			t.Fatalf("story page (%d) does not say when the new claim's sources were checked", status)
		}
	})
}
