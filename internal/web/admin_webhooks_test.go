package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/webhooks"
)

func TestAdminWebhooks_AdminsRegisterEndpointsAndReadTheirLog(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		csvc := claims.NewService(db, claims.DefaultVocabulary(), nil)
		asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
		hooks := webhooks.NewService(db, csvc, webhooks.Options{BaseURL: "https://claims.example.org"})
		h := New(Options{Service: csvc, Auth: asvc, Webhooks: hooks, Logger: slog.New(slog.DiscardHandler),
			BaseURL: "https://claims.example.org"}).Handler()
		admin, editor := loginAs(t, h, asvc, auth.RoleAdmin), loginAs(t, h, asvc, auth.RoleEditor)
		get := func(target string, cookie *http.Cookie) (int, string) {
			req := mustRequest(t, http.MethodGet, target)
			req.AddCookie(cookie)
			res := serve(h, req)
			return res.StatusCode, readAll(t, res.Body)
		}
		if status, _ := get("/admin/webhooks", editor); status != http.StatusForbidden {
			t.Errorf("an editor got %d from /admin/webhooks, want 403", status)
		}

		// A plain-http URL is refused, the form keeps what was typed.
		res := postForm(t, h, "/admin/webhooks", url.Values{"url": {"http://hooks.example.org/<in>"}, "kinds": {"status_changed"}}, []*http.Cookie{admin})
		body := readAll(t, res.Body)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "must use https") ||
			!strings.Contains(body, `value="http://hooks.example.org/&lt;in&gt;"`) || !strings.Contains(body, `value="status_changed" checked`) {
			t.Fatalf("refused form: %d\n%s", res.StatusCode, body)
		}

		res = postForm(t, h, "/admin/webhooks", url.Values{"url": {"https://hooks.example.org/in"},
			"kinds": {"status_changed", webhooks.KindClaimResolved}}, []*http.Cookie{admin})
		body = readAll(t, res.Body)
		secret := regexp.MustCompile(`whsec_[A-Za-z0-9_-]+`).FindString(body)
		if res.StatusCode != http.StatusCreated || secret == "" || !strings.Contains(body, "shown only now") {
			t.Fatalf("created: %d, secret %q\n%s", res.StatusCode, secret, body)
		}
		list, err := hooks.Endpoints(context.Background())
		if err != nil || len(list) != 1 || list[0].Secret != secret {
			t.Fatalf("endpoints %+v, %v; want the one whose secret the page showed", list, err)
		}
		if _, listing := get("/admin/webhooks", admin); strings.Contains(listing, secret) {
			t.Error("the list shows the secret again")
		}

		// An event of a published story is queued and shows in the log.
		st := must(csvc.CreateStory(context.Background(), claims.Actor{Name: "Desk"}, claims.NewStory{Slug: "s", Title: "S", Published: true}))(t)
		c := must(csvc.AddClaim(context.Background(), claims.Actor{Name: "Desk"}, st.ID, claims.NewClaim{Text: "C"}))(t)
		must(csvc.UpdateClaim(context.Background(), claims.Actor{Name: "Desk"}, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: "n", Version: c.Version}))(t)
		link := "/admin/webhooks/" + strconv.FormatInt(list[0].ID, 10)
		status, page := get(link, admin)
		if status != http.StatusOK || strings.Count(page, "<td>queued</td>") != 2 || !strings.Contains(page, "Claim resolved") {
			t.Fatalf("endpoint page: %d\n%s", status, page)
		}

		res = postForm(t, h, link+"/active", url.Values{"active": {"off"}}, []*http.Cookie{admin})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("switch off: %d", res.StatusCode)
		}
		_, page = get(link, admin)
		if !strings.Contains(page, "switched off") || strings.Count(page, "<td>failed</td>") != 2 {
			t.Errorf("after switching off:\n%s", page)
		}
	})
}
