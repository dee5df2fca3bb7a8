package demo

import (
	"bytes"
	_ "embed"
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Slug and Title of the demo story.
const (
	Slug  = "meta-audio-employee-tracking-ai"
	Title = "Leaked audio fuels unverified claims that Meta tracked staff computer use to train AI"
)

// The demo's newsroom worked on the story in November 2026.
func day(d, hour, minute int) time.Time {
	return time.Date(2026, time.November, d, hour, minute, 0, 0, time.UTC)
}

// storyYAML is the demo story as its newsroom wrote it up: the story, the
// outlets it cites, its claims and what happened to each, and its facts.
// It is text, not code, so that it reads and is edited as the prose it is.
//
//go:embed story.yaml
var storyYAML []byte

// content is what story.yaml holds. Its keys are the field names below in
// lower case (yaml's default), and the story's context and perspectives
// are the domain's types.
type content struct {
	Summary      string
	Context      []claims.QA
	Perspectives claims.Perspectives
	Outlets      map[string]outlet
	Claims       []claimSpec
	Facts        []fact
}

// outlet is a source the demo cites. The URLs are only displayed (the demo
// never fetches them); print and wire copy has none.
type outlet struct {
	Outlet string
	Kind   string
	URL    string
	Title  string
}

// link cites an outlet, by its key in Outlets, for a claim with a stance.
type link struct {
	Outlet string
	Stance claims.Stance
}

// proof is a piece of evidence added at a given time; Outlet may be empty,
// and must name an outlet with a URL otherwise.
type proof struct {
	At      time.Time
	Stance  claims.Stance
	Outlet  string
	Summary string
}

// verdict is a status change with the note that explains it.
type verdict struct {
	At     time.Time
	Status string
	Note   string
}

// claimSpec is one claim of the demo and what happened to it. Print and
// wire sources have no URL, so each becomes its own source: a claim cites
// each of them once only, or the page would list it twice.
type claimSpec struct {
	Text     string
	Settle   string
	Links    []link
	Evidence []proof
	Verdicts []verdict
}

// fact is one of the story's facts, citing outlets by their key in Outlets.
type fact struct {
	Text    string
	Outlets []string
}

// readContent reads story.yaml; a key it does not know is an error, so a
// misspelt one cannot drop part of the story unseen.
func readContent() (*content, error) {
	dec := yaml.NewDecoder(bytes.NewReader(storyYAML))
	dec.KnownFields(true)
	var c content
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("demo: story.yaml: %w", err)
	}
	return &c, nil
}

func (c *content) story() claims.NewStory {
	return claims.NewStory{Slug: Slug, Title: Title, Summary: c.Summary, Context: c.Context,
		Perspectives: c.Perspectives, Published: true}
}
