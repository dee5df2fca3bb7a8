package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

type matchBody struct {
	Items []struct {
		ClaimID     int64   `json:"claim_id"`
		ClaimText   string  `json:"claim_text"`
		Status      string  `json:"status"`
		StatusLabel string  `json:"status_label"`
		StorySlug   string  `json:"story_slug"`
		URL         string  `json:"url"`
		Score       float64 `json:"score"`
		Match       bool    `json:"match"`
		Sentence    string  `json:"sentence"`
	} `json:"items"`
}

func postMatch(t *testing.T, h http.Handler, body, client string) (*http.Response, matchBody) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/api/v1/match", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = client + ":4000"
	res := serve(h, req)
	var mb matchBody
	if res.StatusCode == http.StatusOK {
		if err := json.NewDecoder(res.Body).Decode(&mb); err != nil {
			t.Fatal(err)
		}
	}
	return res, mb
}

func TestAPIMatch_FindsTheClaimsATextRepeatsAndNotTheOnesItDenies(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, csvc, _ := newTestServer(t, db)
		open, draft := searchWorld(t, csvc)
		text := `HARLOW — Engineers found cracks in the wall of the Harlow dam, the board's report says. ` +
			`The board denied that the reservoir was drained in May. The cracks were hidden from inspectors, a rumour says.`
		res, mb := postMatch(t, h, `{"text":`+strings.TrimSpace(mustJSON(t, text))+`}`, "192.0.2.1")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		if len(mb.Items) == 0 || mb.Items[0].ClaimID != open.ID || !mb.Items[0].Match || mb.Items[0].StatusLabel != "Disputed" ||
			!strings.HasPrefix(mb.Items[0].Sentence, "HARLOW — Engineers found cracks") || mb.Items[0].StorySlug != "dam" {
			t.Fatalf("items: %+v", mb.Items)
		}
		for _, it := range mb.Items[1:] {
			if it.Match {
				t.Errorf("a second match: %+v (the reservoir sentence is a denial)", it)
			}
			if it.ClaimID == draft.ID {
				t.Errorf("a draft claim was offered to a reader: %+v", it)
			}
		}

		res, _ = postMatch(t, h, `{"text":`+mustJSON(t, strings.Repeat("word ", search.MaxMatchText/5+1))+`}`, "192.0.2.1")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a text over 100 KB: status %d, want 422", res.StatusCode)
		}
		// The limit counts per client: another client still gets answers.
		for i := 2; i <= search.MatchesPerClient; i++ {
			if res, _ := postMatch(t, h, `{"text":"cracks in the dam"}`, "192.0.2.1"); res.StatusCode != http.StatusOK {
				t.Fatalf("request %d: status %d", i, res.StatusCode)
			}
		}
		if res, _ := postMatch(t, h, `{"text":"cracks in the dam"}`, "192.0.2.1"); res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("request %d: status %d, want 429", search.MatchesPerClient+1, res.StatusCode)
		}
		if res, _ := postMatch(t, h, `{"text":"cracks in the dam"}`, "192.0.2.2"); res.StatusCode != http.StatusOK {
			t.Fatalf("another client: status %d", res.StatusCode)
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
