package claims

import (
	"fmt"
	"strings"
	"time"
)

// StoryFile is a whole story as an import or export file holds it: the
// story's own fields, the sources its claims cite, and its claims with
// their links, evidence, watches and appearances. The file format itself (YAML) lives
// elsewhere; this is what it parses to. Line fields say where each item
// was in the file, so that problems found while applying it can name the
// line; they are zero for a story read from the database.
type StoryFile struct {
	Slug         string
	Title        string
	Summary      string
	Context      []QA
	Perspectives Perspectives
	// Published nil leaves an existing story as it is (a new one is a draft).
	Published *bool
	// Facts are the story's facts, citing sources by Ref.
	Facts   []FileFact
	Sources []FileSource
	Claims  []FileClaim
	// Lines maps a story field ("slug", "title", "summary", "context",
	// "perspectives", "facts", "published") to its line.
	Lines map[string]int
}

// FileFact is one of the story's facts; Sources are Refs of sources the
// file's claims cite.
type FileFact struct {
	Text    string
	Sources []string
	Line    int
}

// FileSource is a source the file's claims cite, under a name (Ref) that
// is local to the file.
type FileSource struct {
	Ref    string
	URL    string
	Outlet string
	Kind   string
	Title  string
	// ChecksPaused nil leaves an existing source as it is.
	ChecksPaused *bool
	Line         int
}

// FileClaim is one claim of the file. ID, when set, is the claim's id as
// an export wrote it; it lets a reworded claim update the claim it was.
type FileClaim struct {
	ID              int64
	Text            string
	Status          string
	WhatWouldSettle string
	ReviewBy        *time.Time
	Sources         []FileLink
	Evidence        []FileEvidence
	// Watches nil leaves the claim's watches as they are.
	Watches *FileWatches
	// Appearances are where the claim was made, earliest first.
	Appearances []FileAppearance
	Line        int
	// Lines maps a claim field ("id", "text", "status", "what_would_settle",
	// "review_by", "sources", "evidence", "watches", "appearances") to its
	// line.
	Lines map[string]int
}

// FileLink cites a source (by its Ref) for a claim with a stance.
type FileLink struct {
	Source string
	Stance string
	Line   int
}

// FileEvidence is a piece of evidence; Source is a Ref or empty.
type FileEvidence struct {
	Summary string
	Stance  string
	Source  string
	Quote   string
	Line    int
}

// FileAppearance is one place the claim was made (see Appearance).
type FileAppearance struct {
	URL        string
	Outlet     string
	AppearedAt *time.Time
	Claimant   string
	Line       int
}

// FileWatches are a claim's watches; number watches name their source by Ref.
type FileWatches struct {
	Phrases []string
	Numbers []FileNumberWatch
	Line    int
}

// FileNumberWatch is a number watch whose source, if any, is a Ref.
type FileNumberWatch struct {
	Label      string
	Source     string
	Pattern    string
	Selector   string
	Comparison string
	Propose    string
	Line       int
}

// FileLine is a message about a file, at a line (0 when no line applies):
// a problem with it or a change it made.
type FileLine struct {
	Line    int
	Message string
}

func (p FileLine) String() string {
	if p.Line == 0 {
		return p.Message
	}
	return fmt.Sprintf("line %d: %s", p.Line, p.Message)
}

// FileError is a file that was refused, with every problem found. Nothing
// of a refused file is imported. It counts as EINVALID.
type FileError struct {
	Problems []FileLine
}

func (e *FileError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return strings.Join(parts, "; ")
}

// Unwrap makes a FileError read as EINVALID to ErrorCode and ErrorMessage.
func (e *FileError) Unwrap() error { return &Error{Code: EINVALID, Message: e.Error()} }

// ImportReport says what an import changed, item by item.
type ImportReport struct {
	Slug    string
	StoryID int64
	// Created is set when the import created the story.
	Created bool
	// Changes are what the import wrote, each at the file line it came from.
	Changes []FileLine
	// Kept are things the file did not change on purpose: claims the file
	// does not list, source details a file cannot change.
	Kept []FileLine
}

// Changed reports whether the import wrote anything.
func (r *ImportReport) Changed() bool { return len(r.Changes) > 0 }

func (r *ImportReport) change(line int, format string, args ...any) {
	r.Changes = append(r.Changes, FileLine{Line: line, Message: fmt.Sprintf(format, args...)})
}

func (r *ImportReport) keep(line int, format string, args ...any) {
	r.Kept = append(r.Kept, FileLine{Line: line, Message: fmt.Sprintf(format, args...)})
}
