package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// A story write is announced to listeners on other connections when it
// commits, and never when it rolls back.
func TestListenStoryChanges_HearsCommittedWritesOnly(t *testing.T) {
	t.Parallel()
	writer, heard := writerAndListener(t)

	svc := claims.NewService(writer, claims.DefaultVocabulary(), nil)
	// The listener hears only its own schema: ids of other tests never arrive.
	var rolledBack int64
	_ = writer.Tx(ctxT(t), func(ctx context.Context) error {
		st, err := svc.CreateStory(ctx, editor, claims.NewStory{Title: "Never committed"})
		if err != nil {
			t.Fatal(err)
		}
		rolledBack = st.ID
		return errors.New("roll back")
	})
	st, err := svc.CreateStory(ctxT(t), editor, claims.NewStory{Title: "Committed"})
	if err != nil {
		t.Fatal(err)
	}
	if st.ID == rolledBack {
		t.Fatalf("the committed story reused id %d", st.ID)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ch := <-heard:
			id := ch.StoryID
			if id == rolledBack {
				t.Fatalf("heard story %d, whose write rolled back", id)
			}
			if id == st.ID {
				return
			}
		case <-deadline:
			t.Fatalf("never heard of story %d", st.ID)
		}
	}
}

// A write confined to some claims tells the listeners which; one naming
// more claims than a notification can carry is told as a change to all the
// story's claims, and a story write as one.
func TestListenStoryChanges_CarriesTheClaimsAWriteChanged(t *testing.T) {
	t.Parallel()
	writer, heard := writerAndListener(t)

	svc := claims.NewService(writer, claims.DefaultVocabulary(), nil)
	st, err := svc.CreateStory(ctxT(t), editor, claims.NewStory{Title: "Many claims"})
	if err != nil {
		t.Fatal(err)
	}
	next := func(what string) claims.StoryChange {
		t.Helper()
		for {
			select {
			case got := <-heard:
				if got.StoryID == st.ID {
					return got
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%s: never heard of story %d", what, st.ID)
			}
		}
	}
	if got := next("the story's creation"); !got.AllClaims() {
		t.Errorf("the story's creation was heard as a change to claims %v alone", got.Claims)
	}
	many := make([]int64, 1000) // 19 digits each: far over NOTIFY's 8000 bytes
	for i := range many {
		many[i] = 1_000_000_000_000_000_000 + int64(i)
	}
	for _, tc := range []struct {
		name      string
		sent      claims.StoryChange
		wantWhole bool
	}{
		{"three claims", claims.StoryChange{StoryID: st.ID, Claims: []int64{3, 14, 15}}, false},
		{"a thousand claims", claims.StoryChange{StoryID: st.ID, Claims: many}, true},
		{"the story", claims.WholeStory(st.ID), true},
	} {
		if _, err := writer.BumpStoryRevision(ctxT(t), tc.sent); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := next(tc.name)
		if got.AllClaims() != tc.wantWhole || (!tc.wantWhole && !slices.Equal(got.Claims, tc.sent.Claims)) {
			t.Errorf("%s: heard claims %v (all: %v), want %v (all: %v)", tc.name, got.Claims, got.AllClaims(), tc.sent.Claims, tc.wantWhole)
		}
	}
}

// writerAndListener opens two connections to a fresh PostgreSQL schema: one
// to write through, and one listening for story changes, which it sends on
// the channel it returns once the listener is up.
func writerAndListener(t *testing.T) (*store.DB, <-chan claims.StoryChange) {
	t.Helper()
	dsn := storetest.PostgresDSN(t)
	writer, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { writer.Close() })
	listener, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	heard, up := make(chan claims.StoryChange, 16), make(chan bool, 4)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		listener.ListenStoryChanges(ctx, func(ch claims.StoryChange) { heard <- ch }, func(ok bool) { up <- ok })
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-up:
	case <-time.After(10 * time.Second):
		t.Fatal("the listener never came up")
	}
	return writer, heard
}
