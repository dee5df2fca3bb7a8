package store_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func mustSnapshot(t *testing.T, db *store.DB, sourceID int64, at time.Time, gz []byte, diff string) *claims.Snapshot {
	t.Helper()
	s := &claims.Snapshot{SourceID: sourceID, At: at, TextGz: gz, Diff: diff}
	if err := db.CreateSnapshot(ctxT(t), s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSnapshotsBySource_NewestFirstPagedAndWithoutText(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		src := mustSource(t, db, "https://courier.example/dam", "Courier", claims.OutletIndependent)
		other := mustSource(t, db, "https://wire.example/dam", "Wire", claims.OutletWire)
		t0 := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		base := mustSnapshot(t, db, src.ID, t0, []byte("gz-1"), "")
		mustSnapshot(t, db, other.ID, t0, []byte("gz-other"), "")
		second := mustSnapshot(t, db, src.ID, t0.Add(time.Hour), []byte("gz-2"), "- Old sentence.\n+ New sentence.\n")
		third := mustSnapshot(t, db, src.ID, t0.Add(2*time.Hour), []byte("gz-3"), "+ Another one.\n")

		page1, err := db.SnapshotsBySource(ctxT(t), src.ID, claims.Page{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(page1) != 2 || page1[0].ID != third.ID || page1[1].ID != second.ID {
			t.Fatalf("first page %+v, want snapshots %d and %d", page1, third.ID, second.ID)
		}
		if page1[1].Diff != "- Old sentence.\n+ New sentence.\n" || !page1[1].At.Equal(t0.Add(time.Hour)) {
			t.Errorf("listed snapshot %+v lost its diff or time", page1[1])
		}
		for _, s := range page1 {
			if s.TextGz != nil {
				t.Errorf("listed snapshot %d carries its text", s.ID)
			}
		}
		page2, err := db.SnapshotsBySource(ctxT(t), src.ID, claims.Page{Limit: 2, Before: page1[1].ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(page2) != 1 || page2[0].ID != base.ID {
			t.Fatalf("second page %+v, want only the baseline %d", page2, base.ID)
		}
	})
}

func TestSnapshotByID_ReturnsTheTextAndUnknownIsNotFound(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		src := mustSource(t, db, "https://courier.example/dam", "Courier", claims.OutletIndependent)
		// Bytes that are not valid UTF-8 must round-trip through BLOB/BYTEA.
		gz := []byte{0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x80}
		s := mustSnapshot(t, db, src.ID, time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC), gz, "+ A sentence.\n")
		got, err := db.SnapshotByID(ctxT(t), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.TextGz, gz) || got.SourceID != src.ID || got.Diff != "+ A sentence.\n" {
			t.Fatalf("SnapshotByID = %+v", got)
		}
		_, err = db.SnapshotByID(ctxT(t), s.ID+100)
		wantCode(t, err, claims.ENOTFOUND)
	})
}

func TestLastSnapshotTimes_NewestPerSourceInOneCallAndNoneForSourcesWithout(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := mustSource(t, db, "https://a.example/", "A", claims.OutletWire)
		b := mustSource(t, db, "https://b.example/", "B", claims.OutletWire)
		never := mustSource(t, db, "https://c.example/", "C", claims.OutletWire)
		t0 := time.Date(2026, 11, 20, 8, 0, 0, 123456000, time.UTC)
		mustSnapshot(t, db, a.ID, t0, []byte("1"), "")
		mustSnapshot(t, db, b.ID, t0.Add(time.Hour), []byte("2"), "")
		mustSnapshot(t, db, a.ID, t0.Add(48*time.Hour), []byte("3"), "+ x\n")

		got, err := db.LastSnapshotTimes(ctxT(t), []int64{a.ID, b.ID, never.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || !got[a.ID].Equal(t0.Add(48*time.Hour)) || !got[b.ID].Equal(t0.Add(time.Hour)) {
			t.Fatalf("LastSnapshotTimes = %v, want A at %v and B at %v", got, t0.Add(48*time.Hour), t0.Add(time.Hour))
		}
		if _, ok := got[never.ID]; ok {
			t.Error("a source without snapshots has a last copy")
		}
		if got[a.ID].Location() != time.UTC {
			t.Errorf("time %v is not UTC", got[a.ID])
		}
		empty, err := db.LastSnapshotTimes(ctxT(t), nil)
		if err != nil || len(empty) != 0 {
			t.Fatalf("no sources: %v, %v", empty, err)
		}
	})
}
