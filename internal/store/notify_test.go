package store_test

import (
	"context"
	"errors"
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
	dsn := storetest.PostgresDSN(t)
	writer, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	listener, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()

	heard, up := make(chan int64, 16), make(chan bool, 4)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		listener.ListenStoryChanges(ctx, func(ch claims.StoryChange) { heard <- ch.StoryID }, func(ok bool) { up <- ok })
	}()
	defer func() { cancel(); <-done }()
	select {
	case <-up:
	case <-time.After(10 * time.Second):
		t.Fatal("the listener never came up")
	}

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
		case id := <-heard:
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
