package app

import (
	"bytes"
	"compress/gzip"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/demo"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestDumpRestore_MovesAnInstallationAndItsClaimLinksKeepWorking(t *testing.T) {
	src := filepath.Join(t.TempDir(), "data", "claimtrack.db")
	m := start(t, src, nil)
	var st apiStory
	getJSON(t, "http://"+m.Addr()+"/api/v1/stories/"+demo.Slug, &st)
	if len(st.Claims) == 0 {
		t.Fatal("the demo story has no claims")
	}
	if _, err := m.Auth().CreateUser(t.Context(), "chief@newsroom.example", "Chief", auth.RoleAdmin, cliPassword); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	file := filepath.Join(t.TempDir(), "claimtrack.dump.gz")
	out, errOut, err := runCommand(t, map[string]string{"CLAIMTRACK_DATABASE": src}, "dump", file)
	if err != nil || !strings.Contains(out, "dumped ") {
		t.Fatalf("dump: %v\n%s%s", err, out, errOut)
	}
	if !strings.Contains(errOut, "dump: claims done, ") {
		t.Errorf("dump showed no progress on stderr:\n%s", errOut)
	}
	original, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCommand(t, map[string]string{"CLAIMTRACK_DATABASE": src}, "dump", file); err == nil ||
		!strings.Contains(err.Error(), "exists already") {
		t.Errorf("a second dump onto the same file: %v, want a refusal", err)
	}

	for dialect, dsn := range storetest.UnmigratedDSNs(t) {
		t.Run("into "+dialect, func(t *testing.T) {
			env := map[string]string{"CLAIMTRACK_DATABASE": dsn}
			out, errOut, err := runCommand(t, env, "restore", file)
			if err != nil || !strings.Contains(out, "restored ") {
				t.Fatalf("restore: %v\n%s%s", err, out, errOut)
			}
			// A second restore would mix two installations.
			if _, _, err := runCommand(t, env, "restore", file); err == nil || !strings.Contains(err.Error(), "not empty") {
				t.Errorf("a second restore: %v, want a refusal", err)
			}

			again := filepath.Join(t.TempDir(), "again.dump.gz")
			if _, errOut, err := runCommand(t, env, "dump", again); err != nil {
				t.Fatalf("dump again: %v\n%s", err, errOut)
			}
			if !bytes.Equal(gunzip(t, original), gunzip(t, readFile(t, again))) {
				t.Error("the dump of the restored database differs from the original dump")
			}

			// The restored installation serves the same claims under the
			// same links, has its admin, and loads no second demo story.
			m := start(t, dsn, nil)
			base := "http://" + m.Addr()
			for _, c := range st.Claims {
				status, page := get(t, base+"/claims/"+strconv.FormatInt(c.ID, 10))
				if status != http.StatusOK || !strings.Contains(page, html.EscapeString(c.Text)) {
					t.Errorf("/claims/%d = %d, want the claim %q", c.ID, status, c.Text)
				}
			}
			var list apiStoryList
			getJSON(t, base+"/api/v1/stories", &list)
			if len(list.Items) != 1 {
				t.Errorf("%d stories after the restore, want the demo story once", len(list.Items))
			}
			if m.SetupURL() != "" {
				t.Error("a setup link was printed although the restored installation has its admin")
			}
			if _, _, err := m.Auth().Login(t.Context(), "chief@newsroom.example", cliPassword, ""); err != nil {
				t.Errorf("the admin cannot sign in after the restore: %v", err)
			}
		})
	}
}

func TestBackupCommand_CopiesTheLiveDatabaseIntoAWorkingFile(t *testing.T) {
	src := filepath.Join(t.TempDir(), "claimtrack.db")
	start(t, src, nil) // serving while the backup runs
	file := filepath.Join(t.TempDir(), "copy.db")
	out, errOut, err := runCommand(t, map[string]string{"CLAIMTRACK_DATABASE": src}, "backup", file)
	if err != nil || !strings.Contains(out, "backed up to "+file) || !strings.Contains(errOut, "integrity check ok") {
		t.Fatalf("backup: %v\n%s%s", err, out, errOut)
	}
	if _, _, err := runCommand(t, map[string]string{"CLAIMTRACK_DATABASE": src}, "backup", file); err == nil {
		t.Error("a second backup overwrote the first")
	}
	m := start(t, file, map[string]string{"CLAIMTRACK_DEMO": "off"})
	if status, _ := get(t, "http://"+m.Addr()+"/stories/"+demo.Slug); status != http.StatusOK {
		t.Errorf("the copy does not serve the demo story: %d", status)
	}
}

func TestDumpCommands_NameWhatIsMissing(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "c.db")
	env := map[string]string{"CLAIMTRACK_DATABASE": dsn}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"dump"}, "usage: claimtrack dump FILE"},
		{[]string{"restore", "--database", "x.db"}, "usage: claimtrack restore FILE"},
		{[]string{"restore", filepath.Join(t.TempDir(), "none.dump")}, "no such file"},
		{[]string{"backup", "-"}, "give a file name"},
		{[]string{"dump", filepath.Join(t.TempDir(), "x.dump")}, "no SQLite database at"},
	} {
		_, _, err := runCommand(t, env, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
	}
	if _, err := os.Stat(dsn); err == nil {
		t.Errorf("a failed command created the database %s", dsn)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
