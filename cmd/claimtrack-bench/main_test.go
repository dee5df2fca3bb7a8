package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSubcommands_RunInATinyConfiguration keeps every subcommand working:
// each runs once, small and short, against the real binary (built once).
// It asserts what the reports say, never a timing.
func TestSubcommands_RunInATinyConfiguration(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real binary")
	}
	bin := filepath.Join(t.TempDir(), "claimtrack")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/claimtrack/claimtrack/cmd/claimtrack").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Setenv("CLAIMTRACK_BENCH_BIN", bin)
	cases := []struct {
		name  string
		args  []string
		needs []string // tools on PATH, or the case is skipped
		want  []string
	}{
		{"page", []string{"page", "-d", "1s", "-rounds", "1", "-c", "4", "-warmup", "1s"}, []string{"wrk", "nginx"},
			[]string{"| identity | minimal Go |", "| gzip | claimtrack |", "req/s"}},
		{"developing", []string{"developing", "-d", "2s", "-rate", "20", "-every", "500ms"}, nil,
			[]string{"GET /stories/:slug", "reads older than a write answered before they began: 0", "writer's next read missing its write: 0", "renders"}},
		{"load", []string{"load", "-d", "3s", "-rate", "20", "-writes", "6", "-stories", "1", "-sweep", "1s"}, nil,
			[]string{"GET /stories/:slug", "PATCH /api/v1/claims/:id", "POST /api/v1/claims/:id/sources", "| RSS MB | goroutines |", "claim page reads"}},
		{"scale", []string{"scale", "-sizes", "1", "-db", "sqlite", "-sources", "20", "-subscribers", "20", "-stories", "5",
			"-claims", "2", "-events", "5", "-reads", "5"}, nil,
			[]string{"| sources swept | sqlite | 1x | 20 |", "| subscribers of one story (fan-out) | sqlite | 1x | 20 |",
				"| stories x 2 claims (claims) | sqlite | 1x | 10 |", "| events on one claim | sqlite | 1x | 5 |"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, tool := range c.needs {
				if _, err := exec.LookPath(tool); err != nil {
					if _, err := os.Stat("/usr/sbin/" + tool); err != nil {
						if os.Getenv("CLAIMTRACK_REQUIRE_BENCH_TOOLS") != "" {
							t.Fatalf("%s is not installed (CLAIMTRACK_REQUIRE_BENCH_TOOLS is set)", tool)
						}
						t.Skipf("%s is not installed", tool)
					}
				}
			}
			var out bytes.Buffer
			stdout := os.Stdout
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() { _, _ = out.ReadFrom(r); close(done) }()
			os.Stdout = w
			err = run(t.Context(), c.args, w)
			os.Stdout = stdout
			w.Close()
			<-done
			if err != nil {
				t.Fatalf("%s: %v\n%s", c.name, err, out.String())
			}
			for _, want := range c.want {
				if !strings.Contains(out.String(), want) {
					t.Errorf("%s's report lacks %q:\n%s", c.name, want, out.String())
				}
			}
		})
	}
}

func TestSubcommands_HaveHelp(t *testing.T) {
	for _, c := range commands {
		var out bytes.Buffer
		if err := run(t.Context(), []string{c.name, "--help"}, &out); err != nil {
			t.Fatalf("%s --help: %v", c.name, err)
		}
		if !strings.Contains(out.String(), "usage: claimtrack-bench "+c.name) || !strings.Contains(out.String(), "-d") && c.name != "scale" {
			t.Errorf("%s --help says:\n%s", c.name, out.String())
		}
	}
}
