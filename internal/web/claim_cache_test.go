package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
)

// A reader's claim page is rendered once and then served without the
// database until a write to its story; another story's write keeps it, and
// the writer's next read shows the write.
func TestClaimPage_RenderedOncePerStoryRevisionAndFollowsEveryWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newCountedFixture(t, db)
		ctx := context.Background()
		target := fmt.Sprintf("/claims/%d", f.open.ID)
		for i := range 3 {
			status, body, n := f.cost(t, target)
			if status != http.StatusOK || !strings.Contains(body, "Two outlets report the clip was edited") {
				t.Fatalf("GET %s = %d, lacks its evidence:\n%s", target, status, body)
			}
			if i > 0 && n != 0 {
				t.Errorf("GET %s again cost %d statements, want 0 (cached)", target, n)
			}
		}
		if got := f.renders(t, "claim"); got != 1 {
			t.Errorf("the claim page rendered %d times for one revision, want 1", got)
		}

		f.addClaim(t, f.draft.ID, "A claim of another story", "unverified", "")
		if _, _, n := f.cost(t, target); n != 0 {
			t.Errorf("after another story's write the claim page cost %d statements, want 0 (still cached)", n)
		}

		must(f.svc.UpdateClaim(ctx, editor, f.open.ID, claims.ClaimPatch{Status: ptr("refuted"),
			Note: "Splices found in the recording", Version: f.open.Version}))(t)
		if _, body := f.get(t, target); !strings.Contains(body, "Splices found in the recording") {
			t.Error("the writer's next read of the claim page lacks the status change's note")
		}
		must(f.svc.AddEvidence(ctx, editor, f.open.ID, claims.NewEvidence{Summary: "A lab confirmed the splices", Stance: "disputes"}))(t)
		if _, body := f.get(t, target); !strings.Contains(body, "A lab confirmed the splices") {
			t.Error("the writer's next read of the claim page lacks the new evidence")
		}
		if got := f.renders(t, "claim"); got != 3 {
			t.Errorf("the claim page rendered %d times for three revisions, want 3", got)
		}

		// Earlier pages of the timeline are read afresh.
		res := f.do(t, http.MethodGet, target+"?before=1", nil)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s?before=1 = %d, want 404 (no events before the first)", target, res.StatusCode)
		}
		if _, _, n := f.cost(t, target+fmt.Sprintf("?before=%d", 1<<40)); n == 0 {
			t.Error("an earlier page of the timeline was served from the cache")
		}
	})
}

// An editor's claim page (its link to the claim editor, the claims of
// drafts) is never kept, and never handed to a reader.
func TestClaimPage_EditorsPageIsNeitherKeptNorShownToReaders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, svc, asvc := newTestServer(t, db)
		ctx := context.Background()
		st := must(svc.CreateStory(ctx, editor, claims.NewStory{Slug: "published", Title: "Published story", Published: true}))(t)
		c := must(svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The bridge is closed", Status: "unverified"}))(t)
		draft := must(svc.CreateStory(ctx, editor, claims.NewStory{Slug: "draft", Title: "Draft story"}))(t)
		hidden := must(svc.AddClaim(ctx, editor, draft.ID, claims.NewClaim{Text: "A claim of a draft", Status: "unverified"}))(t)
		cookie := loginAs(t, h, asvc, auth.RoleEditor)
		get := func(target string, signedIn bool) (int, string) {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			if signedIn {
				req.AddCookie(cookie)
			}
			res := serve(h, req)
			return res.StatusCode, readAll(t, res.Body)
		}

		for _, target := range []string{fmt.Sprintf("/claims/%d", c.ID), fmt.Sprintf("/claims/%d", hidden.ID)} {
			get(target, false) // a reader first, so a cached page exists when there is one
			status, body := get(target, true)
			if status != http.StatusOK || !strings.Contains(body, "desk-strip") {
				t.Errorf("the editor's GET %s = %d, without the link to the claim editor", target, status)
			}
			status, body = get(target, false)
			if strings.Contains(body, "desk-strip") || strings.Contains(body, "A claim of a draft") {
				t.Errorf("a reader's GET %s after the editor's (%d) shows the editor's page", target, status)
			}
		}
		if status, _ := get(fmt.Sprintf("/claims/%d", hidden.ID), false); status != http.StatusNotFound {
			t.Errorf("a reader's GET of a draft's claim = %d, want 404", status)
		}
	})
}

// Two instances on one PostgreSQL database: a write through one shows on
// the other's cached claim page within a second.
func TestPeers_ClaimPageShowsAWriteThroughAnotherInstanceWithinASecond(t *testing.T) {
	t.Parallel()
	dsn := storetest.PostgresDSN(t)
	a, b := startInstance(t, dsn), startInstance(t, dsn)
	a.waitUp(t, true)
	b.waitUp(t, true)
	ctx := context.Background()
	st := must(a.svc.CreateStory(ctx, editor, claims.NewStory{Slug: "shared-claim", Title: "Shared story", Published: true}))(t)
	c := must(a.svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The audio is authentic", Status: "unverified"}))(t)
	target := fmt.Sprintf("/claims/%d", c.ID)
	// The notifications of A's writes may still be on their way and drop
	// the page B caches: read until B holds it, or the check proves nothing.
	for i := 0; b.srv.pages.Get(reader.ClaimKey(c.ID)) == nil; i++ {
		if i == 50 {
			t.Fatal("B never cached the claim page")
		}
		b.page(t, target)
		time.Sleep(20 * time.Millisecond)
	}
	must(a.svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"),
		Note: "Forensic lab report published", Version: c.Version}))(t)
	if !strings.Contains(a.page(t, target), "Forensic lab report published") {
		t.Fatal("the writer did not see its own status change at once")
	}
	deadline := time.Now().Add(time.Second)
	for !strings.Contains(b.page(t, target), "Forensic lab report published") {
		if time.Now().After(deadline) {
			t.Fatal("instance B showed A's status change on the claim page late by more than 1 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
