package mail_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/mail"
)

// stepClock returns a clock that starts at start and advances by one second
// per reading.
func stepClock(start time.Time) func() time.Time {
	t := start.Add(-time.Second)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

func newDir(t *testing.T, dir string, logs *bytes.Buffer) *mail.Dir {
	t.Helper()
	opts := mail.Options{
		BaseURL: testBaseURL,
		Now:     stepClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)),
		Logger:  slog.New(slog.NewTextHandler(logs, nil)),
	}
	d, err := mail.NewDir(dir, testFrom, opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDir_WritesAParseableEMLWithTheHeadersSMTPWouldSend(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "mail")
	var logs bytes.Buffer
	d := newDir(t, dir, &logs)
	m := alertMessage()

	if err := d.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Name() != "20260301T120000.000000000Z-outbox-42.eml" {
		t.Fatalf("files in %s = %v, want only 20260301T120000.000000000Z-outbox-42.eml", dir, files)
	}
	path := filepath.Join(dir, files[0].Name())
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fromDir := parseMail(t, data)
	fromSMTP := parseMail(t, deliver(t, m).Data)

	for _, name := range []string{"From", "To", "Subject", "Message-Id", "List-Unsubscribe",
		"List-Unsubscribe-Post", "Auto-Submitted", "Mime-Version"} {
		if got, want := fromDir.Header.Get(name), fromSMTP.Header.Get(name); got != want || got == "" {
			t.Errorf("%s: .eml has %q, SMTP got %q", name, got, want)
		}
	}
	if d, _ := fromDir.Header.Date(); !d.Equal(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("Date = %v, want the injected clock's 2026-03-01 12:00 UTC", d)
	}
	parts := bodyParts(t, fromDir)
	if parts["text/html"] != m.HTML || !strings.Contains(parts["text/plain"], "is now resolved") {
		t.Errorf("parts = %q", parts)
	}
	if !strings.Contains(logs.String(), "path="+path) || !strings.Contains(logs.String(), "message_id=<outbox-42@claims.example.org>") {
		t.Errorf("log does not name the file and Message-ID:\n%s", logs.String())
	}
}

func TestDir_ListShowsNewestFirstAndAtMostTheLimit(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	d := newDir(t, dir, &logs)
	for i := 1; i <= 5; i++ {
		m := simpleMessage()
		m.Subject = fmt.Sprintf("Resolved: claim nº%d", i)
		m.MessageID = fmt.Sprintf("outbox-%d", i)
		if err := d.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	// Neither a leftover temporary file nor a stranger is listed.
	for _, name := range []string{".tmp-123.eml", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	entries, err := mail.List(dir, 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Subject+" | "+e.MessageID+" | "+e.To+" | "+e.Time.Format(time.TimeOnly))
		if e.Size <= 0 {
			t.Errorf("%s has size %d", e.Name, e.Size)
		}
	}
	want := []string{
		"Resolved: claim nº5 | <outbox-5@claims.example.org> | <reader@example.net> | 12:00:04",
		"Resolved: claim nº4 | <outbox-4@claims.example.org> | <reader@example.net> | 12:00:03",
		"Resolved: claim nº3 | <outbox-3@claims.example.org> | <reader@example.net> | 12:00:02",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("List =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	all, err := mail.List(dir, 0)
	if err != nil || len(all) != 5 {
		t.Errorf("List(dir, 0) = %d entries (%v), want all 5 under the default limit", len(all), err)
	}
}

func TestDir_ListOfAMissingFolderIsEmpty(t *testing.T) {
	entries, err := mail.List(filepath.Join(t.TempDir(), "never-created"), 10)
	if err != nil || len(entries) != 0 {
		t.Errorf("List = %v, %v; want no entries and no error", entries, err)
	}
}

func TestDir_ReadReturnsOnlyFilesOfTheMailFolder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "mail")
	var logs bytes.Buffer
	d := newDir(t, dir, &logs)
	if err := d.Send(context.Background(), simpleMessage()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "secret.eml"), []byte("not yours"), 0o600); err != nil {
		t.Fatal(err)
	}
	entries, err := mail.List(dir, 1)
	if err != nil || len(entries) != 1 {
		t.Fatalf("List = %v, %v", entries, err)
	}

	data, err := mail.Read(dir, entries[0].Name)
	if err != nil {
		t.Fatalf("Read(%q): %v", entries[0].Name, err)
	}
	if s := decodedSubject(t, parseMail(t, data)); s != simpleMessage().Subject {
		t.Errorf("Read gave a message with Subject %q", s)
	}

	for _, name := range []string{"../secret.eml", "mail/../../secret.eml", "/etc/passwd.eml", `..\secret.eml`,
		".tmp-1.eml", "notes.txt", ".eml", ""} {
		if _, err := mail.Read(dir, name); !errors.Is(err, mail.ErrInvalidName) {
			t.Errorf("Read(%q) error = %v, want ErrInvalidName", name, err)
		}
	}
	if _, err := mail.Read(dir, "20990101T000000.000000000Z-gone.eml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read of a missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestDir_CancelledContextWritesNothing(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	d := newDir(t, dir, &logs)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	err := d.Send(ctx, simpleMessage())
	if !errors.Is(err, context.Canceled) || !mail.IsTemporary(err) {
		t.Errorf("Send error = %v, want a temporary context.Canceled", err)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("files written: %v", files)
	}
}

func TestDir_InvalidMessageIsPermanentAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	d := newDir(t, dir, &logs)
	m := simpleMessage()
	m.To = "a@example.net\r\nBcc: evil@example.org"

	if err := d.Send(context.Background(), m); !mail.IsPermanent(err) {
		t.Errorf("Send error = %v, want permanent", err)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("files written: %v", files)
	}
}

func TestNew_WithoutSMTPURLWritesFilesAndWithOneSendsMail(t *testing.T) {
	dir := t.TempDir()
	s, err := mail.New("", testFrom, dir, mail.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*mail.Dir); !ok {
		t.Fatalf("New without a URL gave %T, want *mail.Dir", s)
	}
	if err := s.Send(context.Background(), simpleMessage()); err != nil {
		t.Fatal(err)
	}
	if entries, _ := mail.List(dir, 10); len(entries) != 1 {
		t.Errorf("%d files in the mail folder, want 1", len(entries))
	}

	srv := startServer(t, serverConfig{})
	opts, _ := testOptions(t)
	s, err = mail.New(srv.URL("smtp", ""), testFrom, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := send(t, s, simpleMessage()); err != nil {
		t.Fatal(err)
	}
	if len(srv.Mails()) != 1 {
		t.Errorf("server received %d messages, want 1", len(srv.Mails()))
	}
}
