// Package storyfile reads and writes claimtrack's story file: one whole
// story (its fields, sources, claims with their links, evidence,
// appearances and watches) as YAML, for import and export. docs/import.md describes the
// format. Parse gives the domain's claims.StoryFile with the line of every
// item, so that problems found later can still name the line; Format
// writes one back.
package storyfile

import (
	"bytes"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Version names this format in a file's "format" entry.
const Version = "claimtrack-story/1"

// MaxSize bounds a file Parse reads; the longest real story is far below.
const MaxSize = 1 << 20

// header opens every file Format writes.
const header = "# A claimtrack story file: see docs/import.md. Import it with `claimtrack import FILE`.\n"

// The y* types give Format its key order and names; Parse reads through
// yaml.Node instead, so that it knows every item's line.
type yStory struct {
	Format       string         `yaml:"format"`
	Slug         string         `yaml:"slug,omitempty"`
	Title        string         `yaml:"title"`
	Published    *bool          `yaml:"published,omitempty"`
	Summary      string         `yaml:"summary,omitempty"`
	Context      []yQA          `yaml:"context,omitempty"`
	Perspectives *yPerspectives `yaml:"perspectives,omitempty"`
	Facts        []yFact        `yaml:"facts,omitempty"`
	Sources      []ySource      `yaml:"sources,omitempty"`
	Claims       []yClaim       `yaml:"claims,omitempty"`
}

type yQA struct {
	Question string `yaml:"question"`
	Answer   string `yaml:"answer"`
}

type yPerspectives struct {
	Agree []string `yaml:"agree,omitempty"`
	Split []string `yaml:"split,omitempty"`
}

type yFact struct {
	Text    string   `yaml:"text"`
	Sources []string `yaml:"sources,omitempty,flow"`
}

type ySource struct {
	Ref          string `yaml:"ref"`
	URL          string `yaml:"url,omitempty"`
	Outlet       string `yaml:"outlet"`
	Kind         string `yaml:"kind"`
	Title        string `yaml:"title,omitempty"`
	ChecksPaused *bool  `yaml:"checks_paused,omitempty"`
}

type yClaim struct {
	ID              int64         `yaml:"id,omitempty"`
	Text            string        `yaml:"text"`
	Status          string        `yaml:"status,omitempty"`
	WhatWouldSettle string        `yaml:"what_would_settle,omitempty"`
	ReviewBy        string        `yaml:"review_by,omitempty"`
	Sources         []yLink       `yaml:"sources,omitempty"`
	Evidence        []yEvidence   `yaml:"evidence,omitempty"`
	Appearances     []yAppearance `yaml:"appearances,omitempty"`
	Watches         *yWatches     `yaml:"watches,omitempty"`
}

type yAppearance struct {
	URL        string `yaml:"url,omitempty"`
	Outlet     string `yaml:"outlet,omitempty"`
	AppearedAt string `yaml:"appeared_at,omitempty"`
	Claimant   string `yaml:"claimant,omitempty"`
}

type yLink struct {
	Source string `yaml:"source"`
	Stance string `yaml:"stance"`
}

type yEvidence struct {
	Summary string `yaml:"summary"`
	Stance  string `yaml:"stance"`
	Source  string `yaml:"source,omitempty"`
	Quote   string `yaml:"quote,omitempty"`
}

type yWatches struct {
	Phrases []string  `yaml:"phrases,omitempty"`
	Numbers []yNumber `yaml:"numbers,omitempty"`
}

type yNumber struct {
	Label      string `yaml:"label,omitempty"`
	Source     string `yaml:"source,omitempty"`
	Pattern    string `yaml:"pattern"`
	Selector   string `yaml:"selector,omitempty"`
	Comparison string `yaml:"comparison"`
	Propose    string `yaml:"propose,omitempty"`
}

// Format writes f as a story file. The same story always gives the same
// bytes, so two exports compare equal byte for byte when nothing changed.
func Format(f *claims.StoryFile) ([]byte, error) {
	y := yStory{Format: Version, Slug: f.Slug, Title: f.Title, Published: f.Published, Summary: f.Summary}
	for _, qa := range f.Context {
		y.Context = append(y.Context, yQA(qa))
	}
	if !f.Perspectives.Empty() {
		y.Perspectives = &yPerspectives{Agree: f.Perspectives.Agree, Split: f.Perspectives.Split}
	}
	for _, ff := range f.Facts {
		y.Facts = append(y.Facts, yFact{Text: ff.Text, Sources: ff.Sources})
	}
	for _, s := range f.Sources {
		y.Sources = append(y.Sources, ySource{Ref: s.Ref, URL: s.URL, Outlet: s.Outlet, Kind: s.Kind, Title: s.Title, ChecksPaused: s.ChecksPaused})
	}
	for _, c := range f.Claims {
		yc := yClaim{ID: c.ID, Text: c.Text, Status: c.Status, WhatWouldSettle: c.WhatWouldSettle}
		if c.ReviewBy != nil {
			yc.ReviewBy = formatTime(*c.ReviewBy)
		}
		for _, l := range c.Sources {
			yc.Sources = append(yc.Sources, yLink{Source: l.Source, Stance: l.Stance})
		}
		for _, e := range c.Evidence {
			yc.Evidence = append(yc.Evidence, yEvidence{Summary: e.Summary, Stance: e.Stance, Source: e.Source, Quote: e.Quote})
		}
		for _, a := range c.Appearances {
			ya := yAppearance{URL: a.URL, Outlet: a.Outlet, Claimant: a.Claimant}
			if a.AppearedAt != nil {
				ya.AppearedAt = formatTime(*a.AppearedAt)
			}
			yc.Appearances = append(yc.Appearances, ya)
		}
		if w := c.Watches; w != nil {
			yc.Watches = &yWatches{Phrases: w.Phrases}
			for _, n := range w.Numbers {
				yc.Watches.Numbers = append(yc.Watches.Numbers, yNumber{Label: n.Label, Source: n.Source, Pattern: n.Pattern,
					Selector: n.Selector, Comparison: n.Comparison, Propose: n.Propose})
			}
		}
		y.Claims = append(y.Claims, yc)
	}
	var buf bytes.Buffer
	buf.WriteString(header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(y); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// formatTime writes a review date or an appearance's date as a plain date when it is midnight UTC
// (as dates typed by editors are), else as an RFC 3339 time.
func formatTime(t time.Time) string {
	t = t.UTC()
	if t.Equal(t.Truncate(24 * time.Hour)) {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}
