package store_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

const fillRows = 3

// openStore opens dsn (migrating nothing) and closes it when the test ends.
func openStore(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func dumpOf(t *testing.T, db *store.DB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := db.Dump(t.Context(), &buf, store.DumpOptions{}); err != nil {
		t.Fatalf("Dump (%s): %v", db.Dialect(), err)
	}
	return buf.Bytes()
}

func restoreInto(t *testing.T, db *store.DB, data []byte) store.DumpStats {
	t.Helper()
	stats, err := db.Restore(t.Context(), bytes.NewReader(data), store.DumpOptions{})
	if err != nil {
		t.Fatalf("Restore (%s): %v", db.Dialect(), err)
	}
	return stats
}

// sameDump fails t with the first line where got differs from want.
func sameDump(t *testing.T, what string, want, got []byte) {
	t.Helper()
	if bytes.Equal(want, got) {
		return
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			t.Fatalf("%s: the dumps differ at line %d:\nwant %s\ngot  %s", what, i+1, w, g)
		}
	}
}

// dumpTables lists the tables a dump holds with their row counts.
func tablesInDump(t *testing.T, data []byte) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for line := range strings.SplitSeq(string(data), "\n") {
		var h struct {
			Table string `json:"table"`
			Rows  int64  `json:"rows"`
		}
		if strings.HasPrefix(line, `{"table"`) {
			if err := json.Unmarshal([]byte(line), &h); err != nil {
				t.Fatal(err)
			}
			out[h.Table] = h.Rows
		}
	}
	return out
}

// sqliteTables lists the tables of the SQLite file at path as SQLite itself
// does, apart from its own, goose's and the full-text indexes (derived
// data that the triggers rebuild, named *_fts and *_fts_*).
func sqliteTableNames(t *testing.T, path string) []string {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sqlite_sequence', 'goose_db_version') AND name NOT LIKE '%\\_fts' ESCAPE '\\' AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	return names
}

func TestDump_CarriesEveryTableBetweenSQLiteAndPostgresUnchanged(t *testing.T) {
	ctx := t.Context()
	srcPath := storetest.SQLiteDSN(t)
	src := openStore(t, srcPath)
	if err := store.FillEveryTable(ctx, src, fillRows); err != nil {
		t.Fatalf("%v (a new table may need FillEveryTable taught how to fill it)", err)
	}
	// Stories up to 10 were handed out and the last ones deleted: a restore
	// must not hand out 4 to 10 again, links to them went out in mail.
	if err := store.RaiseLastID(ctx, src, "stories", 10); err != nil {
		t.Fatal(err)
	}
	original := dumpOf(t, src)

	got := tablesInDump(t, original)
	want := sqliteTableNames(t, srcPath)
	if !slices.Equal(slices.Sorted(maps.Keys(got)), want) {
		t.Fatalf("the dump holds tables %v, the database %v", slices.Sorted(maps.Keys(got)), want)
	}
	for table, n := range got {
		if n != fillRows {
			t.Errorf("table %s: %d rows dumped, want %d", table, n, fillRows)
		}
	}

	targets := storetest.UnmigratedDSNs(t)
	if _, ok := targets[store.DialectPostgres]; !ok {
		t.Logf("%s is not set: SQLite to SQLite only", storetest.EnvPostgres)
	}
	for dialect, dsn := range targets {
		t.Run(dialect, func(t *testing.T) {
			db := openStore(t, dsn)
			stats := restoreInto(t, db, original)
			if stats.Tables != len(want) || stats.Rows != int64(len(want)*fillRows) {
				t.Errorf("restored %+v, want %d tables of %d rows", stats, len(want), fillRows)
			}
			if err := db.Ping(ctx); err != nil {
				t.Fatalf("the restored database is not ready: %v", err)
			}
			again := dumpOf(t, db)
			sameDump(t, "after a restore into "+dialect, original, again)

			// And back into a new SQLite file.
			back := openStore(t, filepath.Join(t.TempDir(), "back.db"))
			restoreInto(t, back, again)
			sameDump(t, "after a restore back into sqlite", original, dumpOf(t, back))

			// Ids carry over (the dumps hold them), so links keep working;
			// new rows follow the highest id ever handed out.
			fresh := &claims.Story{Slug: "after-restore", Title: "After"}
			if err := db.CreateStory(ctx, fresh); err != nil {
				t.Fatal(err)
			}
			if fresh.ID != 11 {
				t.Errorf("the first story after the restore got id %d, want 11", fresh.ID)
			}
		})
	}
}

// filledDump returns a dump of a SQLite database filled by FillEveryTable.
func filledDump(t *testing.T) []byte {
	t.Helper()
	src := storetest.SQLite(t)
	if err := store.FillEveryTable(t.Context(), src, fillRows); err != nil {
		t.Fatal(err)
	}
	return dumpOf(t, src)
}

func TestRestore_RefusesADatabaseWithDataAndLeavesItAlone(t *testing.T) {
	data := filledDump(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustStory(t, db, "already-here", true)
		_, err := db.Restore(t.Context(), bytes.NewReader(data), store.DumpOptions{})
		if claims.ErrorCode(err) != claims.ECONFLICT || !strings.Contains(claims.ErrorMessage(err), "not empty") {
			t.Fatalf("Restore into a database with a story: %v, want ECONFLICT naming it not empty", err)
		}
		if n, err := db.CountStories(t.Context()); err != nil || n != 1 {
			t.Errorf("%d stories after the refused restore (err %v), want the 1 there before", n, err)
		}
	})
}

func TestRestore_RefusesBadDumpsAndWritesNothing(t *testing.T) {
	data := filledDump(t)
	lines := strings.SplitAfter(string(data), "\n")
	var header map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &header); err != nil {
		t.Fatal(err)
	}
	newer := func() string {
		h := map[string]any{}
		for k, v := range header {
			h[k] = v
		}
		h["schema_version"] = header["schema_version"].(float64) + 1
		b, _ := json.Marshal(h)
		return string(b) + "\n" + strings.Join(lines[1:], "")
	}()
	for _, tc := range []struct {
		name, dump, code, says string
	}{
		{"from a newer schema", newer, claims.EINVALID, "newer than this claimtrack knows"},
		{"without its closing line", strings.Join(lines[:len(lines)-2], ""), claims.EINVALID, "cut short"},
		{"cut in the middle of a table", strings.Join(lines[:len(lines)/2], ""), claims.EINVALID, "cut short"},
		{"not a dump at all", "id,slug\n1,x\n", claims.EINVALID, "not a claimtrack dump"},
		{"with a row of the wrong shape", strings.Replace(string(data), `[1,`, `["one",`, 1), claims.EINVALID, "is not a valid int value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for dialect, dsn := range storetest.UnmigratedDSNs(t) {
				t.Run(dialect, func(t *testing.T) {
					db := openStore(t, dsn)
					_, err := db.Restore(t.Context(), strings.NewReader(tc.dump), store.DumpOptions{})
					if claims.ErrorCode(err) != tc.code || !strings.Contains(claims.ErrorMessage(err), tc.says) {
						t.Fatalf("Restore: %v, want %s saying %q", err, tc.code, tc.says)
					}
					current, _, err := db.MigrationStatus(t.Context())
					if err != nil {
						t.Fatal(err)
					}
					if current > 0 {
						if n, err := store.CountRows(t.Context(), db, "stories"); err != nil || n != 0 {
							t.Errorf("%d stories after the refused restore (err %v), want none", n, err)
						}
					}
				})
			}
		})
	}
}

func TestDump_FailsLoudlyOnAColumnItCannotCarry(t *testing.T) {
	odd := map[string]string{
		store.DialectSQLite:   "CREATE TABLE odd_things (id INTEGER PRIMARY KEY, amount NUMERIC)",
		store.DialectPostgres: "CREATE TABLE odd_things (id BIGINT PRIMARY KEY, amount JSONB)",
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := store.ExecSQL(t.Context(), db, odd[db.Dialect()]); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		_, err := db.Dump(t.Context(), &buf, store.DumpOptions{})
		if err == nil || !strings.Contains(err.Error(), "odd_things") || !strings.Contains(err.Error(), "amount") {
			t.Fatalf("Dump with a column of an unknown type: %v, want an error naming odd_things.amount", err)
		}
	})
}

func TestDump_ReportsProgressOnLargeTables(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for i := range 5 {
			mustStory(t, db, fmt.Sprintf("story-%d", i), true)
		}
		var data, progress bytes.Buffer
		if _, err := db.Dump(t.Context(), &data, store.DumpOptions{Progress: &progress, ProgressRows: 2}); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"dump: stories 2/5 rows\n", "dump: stories 4/5 rows\n", "dump: stories done, 5 rows\n", "dump: finished, "} {
			if !strings.Contains(progress.String(), want) {
				t.Errorf("progress lacks %q:\n%s", want, progress.String())
			}
		}
		progress.Reset()
		fresh := openStore(t, filepath.Join(t.TempDir(), "fresh.db"))
		if _, err := fresh.Restore(t.Context(), &data, store.DumpOptions{Progress: &progress, ProgressRows: 2}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(progress.String(), "restore: stories 4/5 rows\n") {
			t.Errorf("restore progress lacks the stories:\n%s", progress.String())
		}
	})
}

// BenchmarkDumpRestore moves a database of 1,000 rows in every table: a dump
// from SQLite, then a restore of it into a new, migrated database of each
// dialect under test. Rows per second are reported.
func BenchmarkDumpRestore(b *testing.B) {
	const perTable = 1000
	ctx := b.Context()
	src := storetest.SQLite(b)
	if err := store.FillEveryTable(ctx, src, perTable); err != nil {
		b.Fatal(err)
	}
	var data bytes.Buffer
	stats, err := src.Dump(ctx, &data, store.DumpOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("dump/sqlite", func(b *testing.B) {
		for b.Loop() {
			if _, err := src.Dump(ctx, io.Discard, store.DumpOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(stats.Rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	for _, dialect := range []string{store.DialectSQLite, store.DialectPostgres} {
		b.Run("restore/"+dialect, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				dsn, ok := storetest.UnmigratedDSNs(b)[dialect]
				if !ok {
					b.Skipf("%s is not set", storetest.EnvPostgres)
				}
				db, err := store.Open(ctx, dsn, store.Options{})
				if err != nil {
					b.Fatal(err)
				}
				// Migrating is the same for any size; rows are what is timed.
				if err := db.Migrate(ctx); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := db.Restore(ctx, bytes.NewReader(data.Bytes()), store.DumpOptions{}); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				_ = db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(stats.Rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
