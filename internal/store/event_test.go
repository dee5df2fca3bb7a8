package store_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestEvents_FiltersPagesAndOrders(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := mustStory(t, db, "s", true)
		other := mustStory(t, db, "other", true)
		c1 := mustClaim(t, db, st.ID, "c1", "unverified")
		c2 := mustClaim(t, db, st.ID, "c2", "unverified")
		ids := map[string]int64{}
		for _, e := range []struct {
			name   string
			story  int64
			claim  *int64
			public bool
		}{
			{"e1", st.ID, &c1.ID, true},
			{"e2", st.ID, &c1.ID, false},
			{"e3", st.ID, &c2.ID, true},
			{"e4", st.ID, nil, true},
			{"e5", other.ID, nil, true},
			{"e6", st.ID, &c1.ID, true},
		} {
			ev := mustEvent(t, db, claims.Event{StoryID: e.story, ClaimID: e.claim, Kind: claims.EventNoteAdded, Note: e.name, Public: e.public})
			ids[e.name] = ev.ID
		}
		tests := []struct {
			name string
			q    claims.EventQuery
			want []string
		}{
			{"claim, newest first", claims.EventQuery{ClaimID: c1.ID}, []string{"e6", "e2", "e1"}},
			{"claim, public only", claims.EventQuery{ClaimID: c1.ID, PublicOnly: true}, []string{"e6", "e1"}},
			{"claim, oldest first", claims.EventQuery{ClaimID: c1.ID, Oldest: true}, []string{"e1", "e2", "e6"}},
			{"story", claims.EventQuery{StoryID: st.ID}, []string{"e6", "e4", "e3", "e2", "e1"}},
			{"story, limit", claims.EventQuery{StoryID: st.ID, Page: claims.Page{Limit: 2}}, []string{"e6", "e4"}},
			{"story, before", claims.EventQuery{StoryID: st.ID, Page: claims.Page{Limit: 2, Before: ids["e4"]}}, []string{"e3", "e2"}},
			{"other story", claims.EventQuery{StoryID: other.ID}, []string{"e5"}},
			{"unknown claim", claims.EventQuery{ClaimID: 999}, []string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, err := db.Events(ctxT(t), tt.q)
				if err != nil {
					t.Fatal(err)
				}
				got := []string{}
				for _, e := range list {
					got = append(got, e.Note)
				}
				if !slices.Equal(got, tt.want) {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			})
		}
	})
}

func TestAppendEvent_PayloadKeptByteForByte(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := mustStory(t, db, "s", true)
		payloads := []string{
			"",
			`{"z":1,"a":[true,null],"m":"é \u003c"}`,
			"{ \"spaced\" :  1 }",
			`[]`,
		}
		for i, p := range payloads {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				ev := claims.Event{StoryID: st.ID, Kind: claims.EventNoteAdded}
				if p != "" {
					ev.Payload = []byte(p)
				}
				ev = mustEvent(t, db, ev)
				list, err := db.Events(ctxT(t), claims.EventQuery{StoryID: st.ID, Page: claims.Page{Limit: 1}})
				if err != nil {
					t.Fatal(err)
				}
				got := list[0].Payload
				if !bytes.Equal(got, []byte(p)) || (p == "") != (got == nil) {
					t.Fatalf("payload %q (nil: %v), want %q", got, got == nil, p)
				}
			})
		}
	})
}

func TestAppendEvent_InvalidJSONPayloadIsInvalid(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := mustStory(t, db, "s", true)
		err := db.AppendEvent(ctxT(t), &claims.Event{StoryID: st.ID, Kind: claims.EventNoteAdded, Payload: []byte(`{"a":`)})
		wantCode(t, err, claims.EINVALID)
	})
}
