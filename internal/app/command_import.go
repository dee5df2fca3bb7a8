package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/storyfile"
)

// ActorImport writes what "claimtrack import" imports; it is the system,
// not a user, so status changes open no review item.
var ActorImport = claims.Actor{Name: "import"}

// importCommand runs "claimtrack import FILE…" ("-" reads standard input):
// each file is one story, imported in its own transaction, with what changed
// printed per file. Whatever follows a status change or an event in the
// server (alerts, webhook deliveries) follows it here too.
// A file with problems imports nothing and its problems are printed with
// their lines; the command then goes on with the next file and fails at
// the end.
func importCommand(ctx context.Context, env Env, args []string) error {
	line, err := parseCLI(env, spec("import"), args)
	if err != nil {
		return quietHelp(err)
	}
	files := line.args
	if len(files) == 0 {
		return errors.New("usage: claimtrack import FILE… (story files as described in docs/import.md)")
	}
	db, svcs, err := openServices(ctx, env, line.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	var failed int
	for _, name := range files {
		if err := importFile(ctx, env, svcs.claims, name); err != nil {
			failed++
			printImportError(env.Stderr, name, err)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files not imported", failed, len(files))
	}
	return nil
}

func importFile(ctx context.Context, env Env, svc *claims.Service, name string) error {
	var data []byte
	var err error
	if name == "-" && env.Stdin != nil {
		data, err = readAtMost(env.Stdin, storyfile.MaxSize)
	} else {
		data, err = readLimited(name, storyfile.MaxSize)
	}
	if err != nil {
		return err
	}
	f, err := storyfile.Parse(data)
	if err != nil {
		return err
	}
	rep, err := svc.ImportStory(ctx, ActorImport, name, f)
	if err != nil {
		return err
	}
	printReport(env.Stdout, name, rep)
	return nil
}

// readLimited reads a file, refusing one larger than limit without
// reading it all.
func readLimited(name string, limit int64) ([]byte, error) {
	fh, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return readAtMost(fh, limit)
}

func readAtMost(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("the file is larger than %d bytes", limit)
	}
	return data, nil
}

func printReport(w io.Writer, name string, rep *claims.ImportReport) {
	switch {
	case rep.Created:
		fmt.Fprintf(w, "%s: created story %q with %d changes\n", name, rep.Slug, len(rep.Changes))
	case rep.Changed():
		fmt.Fprintf(w, "%s: updated story %q with %d changes\n", name, rep.Slug, len(rep.Changes))
	default:
		fmt.Fprintf(w, "%s: story %q already matches the file; nothing changed\n", name, rep.Slug)
	}
	for _, c := range rep.Changes {
		fmt.Fprintf(w, "  %s\n", c)
	}
	for _, k := range rep.Kept {
		fmt.Fprintf(w, "  kept: %s\n", k)
	}
}

func printImportError(w io.Writer, name string, err error) {
	var fe *claims.FileError
	if !errors.As(err, &fe) {
		fmt.Fprintf(w, "%s: not imported: %v\n", name, err)
		return
	}
	fmt.Fprintf(w, "%s: not imported, nothing was changed:\n", name)
	for _, p := range fe.Problems {
		fmt.Fprintf(w, "%s:%d: %s\n", name, p.Line, p.Message)
	}
}
