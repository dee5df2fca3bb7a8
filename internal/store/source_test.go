package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestCreateSource_KnownURLIsConflictButURLlessSourcesRepeat(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		first := mustSource(t, db, "https://reuters.example/a", "Reuters", claims.OutletWire)
		dup := &claims.Source{URL: "https://reuters.example/a", Outlet: "Again", OutletKind: claims.OutletWire}
		wantCode(t, db.CreateSource(ctxT(t), dup), claims.ECONFLICT)

		print1 := mustSource(t, db, "", "The Print Daily", claims.OutletIndependent)
		print2 := mustSource(t, db, "", "The Print Daily", claims.OutletIndependent)
		if print1.ID == print2.ID {
			t.Fatal("two URL-less sources got the same id")
		}
		got, err := db.SourceByURL(ctxT(t), "https://reuters.example/a")
		if err != nil || got.ID != first.ID {
			t.Fatalf("SourceByURL = %+v, %v; want source %d", got, err, first.ID)
		}
		if got.State != claims.SourceUnchecked {
			t.Errorf("state %q, want unchecked", got.State)
		}
	})
}

func TestCreateSource_EmptyStateBecomesUnchecked(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := &claims.Source{URL: "https://x.example/", Outlet: "X", OutletKind: claims.OutletSocial}
		if err := db.CreateSource(ctxT(t), s); err != nil {
			t.Fatal(err)
		}
		got, _ := db.SourceByID(ctxT(t), s.ID)
		if got.State != claims.SourceUnchecked || got.CreatedAt.IsZero() {
			t.Fatalf("stored %+v, want state unchecked and a creation time", got)
		}
	})
}

// linked lists a claim's current links as "outlet:stance".
func linked(t *testing.T, db *store.DB, claimID int64) []string {
	t.Helper()
	list, err := db.SourcesByClaim(ctxT(t), claimID)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, l := range list {
		out = append(out, fmt.Sprintf("%s:%s", l.Outlet, l.Stance))
	}
	return out
}

func TestLinkSource_LinkUnlinkAndRelink(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := mustStory(t, db, "s", true)
		c := mustClaim(t, db, st.ID, "claim", "unverified")
		ap := mustSource(t, db, "https://ap.example/", "AP", claims.OutletWire)
		bbc := mustSource(t, db, "https://bbc.example/", "BBC", claims.OutletIndependent)
		ctx := ctxT(t)

		steps := []struct {
			name string
			do   func() error
			code string
			want []string
		}{
			{"link", func() error { return db.LinkSource(ctx, c.ID, ap.ID, claims.StanceSupports) }, "", []string{"AP:supports"}},
			{"link another", func() error { return db.LinkSource(ctx, c.ID, bbc.ID, claims.StanceDisputes) }, "", []string{"AP:supports", "BBC:disputes"}},
			{"link again", func() error { return db.LinkSource(ctx, c.ID, ap.ID, claims.StanceContext) }, claims.ECONFLICT, []string{"AP:supports", "BBC:disputes"}},
			{"unlink", func() error { return db.UnlinkSource(ctx, c.ID, ap.ID) }, "", []string{"BBC:disputes"}},
			{"unlink again", func() error { return db.UnlinkSource(ctx, c.ID, ap.ID) }, claims.ENOTFOUND, []string{"BBC:disputes"}},
			{"relink restores with the new stance", func() error { return db.LinkSource(ctx, c.ID, ap.ID, claims.StanceContext) }, "", []string{"BBC:disputes", "AP:context"}},
		}
		for _, s := range steps {
			err := s.do()
			if code := claims.ErrorCode(err); code != s.code {
				t.Fatalf("%s: error code %q (%v), want %q", s.name, code, err, s.code)
			}
			if got := linked(t, db, c.ID); !slices.Equal(got, s.want) {
				t.Fatalf("%s: linked %v, want %v", s.name, got, s.want)
			}
		}
	})
}
