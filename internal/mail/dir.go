package mail

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	netmail "net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// nameTime is the time prefix of an .eml file name: fixed width, UTC, so
// names sort in the order the messages were written.
const nameTime = "20060102T150405.000000000Z"

// Bounds for the admin page's view of the mail folder.
const (
	DefaultListLimit = 50
	MaxListLimit     = 500
	// MaxReadBytes is the largest .eml Read returns; claimtrack's own mails
	// are a few kilobytes.
	MaxReadBytes = 10 << 20
)

// ErrInvalidName is returned by Read for a name that is not one of Dir's
// .eml files (a path, a hidden or temporary file, another extension).
var ErrInvalidName = errors.New("mail: not a mail file name")

// Dir is the development sink: each message becomes one .eml file, the
// exact bytes an SMTP server would receive as DATA, which any mail client
// opens. It is safe for concurrent use.
type Dir struct {
	dir  string
	opts Options
	comp composer
}

// NewDir returns a sink writing into dir, which is created with the first
// message (so an installation that sends nothing has no empty folder).
func NewDir(dir, from string, opts Options) (*Dir, error) {
	if dir == "" {
		return nil, errors.New("mail: a mail directory is required")
	}
	comp, err := newComposer(from, opts)
	if err != nil {
		return nil, err
	}
	return &Dir{dir: dir, opts: opts, comp: comp}, nil
}

// Path returns the directory the sink writes into.
func (d *Dir) Path() string { return d.dir }

// Send writes m to <dir>/<time>-<message id>.eml. The file appears whole or
// not at all (written under a hidden temporary name, then renamed), so List
// never shows half a message.
func (d *Dir) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return &SendError{Err: err}
	}
	now := d.opts.now()
	msg, err := d.comp.build(m, now)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return &SendError{Permanent: true, Err: err}
	}
	id := strings.Trim(msg.GetMessageID(), "<>")
	local := id[:strings.LastIndexByte(id, '@')]
	name := now.UTC().Format(nameTime) + "-" + local + ".eml"
	if err := writeAtomic(d.dir, name, buf.Bytes()); err != nil {
		return &SendError{Err: err}
	}
	d.opts.logger().Info("mail written",
		"path", filepath.Join(d.dir, name),
		"to", m.To,
		"subject", HeaderText(m.Subject),
		"message_id", "<"+id+">")
	return nil
}

func writeAtomic(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("mail: creating %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*.eml")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// Entry describes one .eml file for a listing.
type Entry struct {
	Name string
	Size int64
	// Time is when the file was written, read from its name.
	Time time.Time
	// To, Subject (decoded) and MessageID come from the file's headers; they
	// are empty when the file cannot be parsed.
	To        string
	Subject   string
	MessageID string
}

// List returns up to limit .eml files in dir, newest first. limit <= 0 means
// DefaultListLimit; it is capped at MaxListLimit. A missing dir is an empty
// list: nothing has been sent yet.
func List(dir string, limit int) ([]Entry, error) {
	if limit <= 0 {
		limit = DefaultListLimit
	}
	limit = min(limit, MaxListLimit)
	des, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("mail: listing %s: %w", dir, err)
	}
	var names []string
	for _, de := range des {
		if de.Type().IsRegular() && validName(de.Name()) {
			names = append(names, de.Name())
		}
	}
	slices.Sort(names)
	slices.Reverse(names)
	names = names[:min(len(names), limit)]

	entries := make([]Entry, 0, len(names))
	for _, name := range names {
		e, err := readEntry(dir, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed since ReadDir
		}
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return entries, nil
}

func readEntry(dir, name string) (Entry, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return Entry{}, err
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		return Entry{}, err
	}
	e := Entry{Name: name, Size: fi.Size(), Time: fi.ModTime()}
	if len(name) > len(nameTime) {
		if t, err := time.Parse(nameTime, name[:len(nameTime)]); err == nil {
			e.Time = t
		}
	}
	// Headers only: a bounded read keeps a listing cheap whatever the bodies.
	msg, err := netmail.ReadMessage(bufio.NewReader(io.LimitReader(f, 64<<10)))
	if err != nil {
		return e, nil
	}
	var dec mime.WordDecoder
	e.To = msg.Header.Get("To")
	e.MessageID = msg.Header.Get("Message-Id")
	e.Subject = msg.Header.Get("Subject")
	if s, err := dec.DecodeHeader(e.Subject); err == nil {
		e.Subject = s
	}
	return e, nil
}

// Read returns the bytes of the .eml file name in dir. A name that is not a
// plain .eml file name gives ErrInvalidName; a missing file an error
// matching fs.ErrNotExist.
func Read(dir, name string) ([]byte, error) {
	if !validName(name) {
		return nil, ErrInvalidName
	}
	// os.Root keeps the open inside dir even if the name check were wrong.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	defer func() { _ = root.Close() }()
	f, err := root.Open(name)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	defer func() { _ = f.Close() }()
	data, err := io.ReadAll(io.LimitReader(f, MaxReadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("mail: reading %s: %w", name, err)
	}
	if len(data) > MaxReadBytes {
		return nil, fmt.Errorf("mail: %s is larger than %d bytes", name, MaxReadBytes)
	}
	return data, nil
}

func validName(name string) bool {
	return strings.HasSuffix(name, ".eml") && len(name) > len(".eml") &&
		!strings.HasPrefix(name, ".") && !strings.ContainsAny(name, `/\`) &&
		!strings.Contains(name, "..") && filepath.Base(name) == name
}
