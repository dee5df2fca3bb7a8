package storyfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// maxProblems bounds how many problems one refused file reports.
const maxProblems = 50

// maxRefLen bounds a source's name in the file.
const maxRefLen = 100

// Parse reads a story file. It checks the file's shape (known keys only,
// the right kinds of values, sources that exist and are cited, stances
// and outlet kinds that exist) and returns every problem found as a
// *claims.FileError naming the lines; what needs the database (statuses
// in force, addresses, lengths) is checked when the file is applied.
func Parse(data []byte) (*claims.StoryFile, error) {
	if len(data) > MaxSize {
		return nil, fileError(claims.FileLine{Message: fmt.Sprintf("the file is larger than %d bytes", MaxSize)})
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fileError(claims.FileLine{Line: 1, Message: "the file is empty"})
		}
		return nil, fileError(syntaxProblem(err))
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, fileError(syntaxProblem(err))
		}
		return nil, fileError(claims.FileLine{Line: next.Line, Message: "a file holds one story; a second document starts here"})
	}
	p := &parser{}
	f := p.story(&doc)
	if len(p.problems) > 0 {
		sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
		if len(p.problems) > maxProblems {
			p.problems = append(p.problems[:maxProblems], claims.FileLine{Message: "and more problems"})
		}
		return nil, &claims.FileError{Problems: p.problems}
	}
	return f, nil
}

func fileError(p claims.FileLine) error { return &claims.FileError{Problems: []claims.FileLine{p}} }

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// syntaxProblem turns a YAML syntax error into a problem at its line.
func syntaxProblem(err error) claims.FileLine {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return claims.FileLine{Line: n, Message: "not valid YAML: " + msg[len(m[0]):]}
	}
	return claims.FileLine{Line: 1, Message: "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// story reads the document's root.
func (p *parser) story(doc *yaml.Node) *claims.StoryFile {
	f := &claims.StoryFile{Lines: map[string]int{}}
	root := doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		root = doc.Content[0]
	}
	line := func(key string, v *yaml.Node) { f.Lines[key] = v.Line }
	refs := map[string]*yaml.Node{}
	cited := map[string]bool{}
	var links, factRefs []refUse
	p.fields(root, "the story", map[string]func(*yaml.Node){
		"format": func(v *yaml.Node) {
			if s := p.str(v, "format"); s != Version {
				p.errorf(v, "this is format %q; claimtrack reads %q", s, Version)
			}
		},
		"slug":    func(v *yaml.Node) { line("slug", v); f.Slug = p.str(v, "the slug") },
		"title":   func(v *yaml.Node) { line("title", v); f.Title = p.text(v, "the title") },
		"summary": func(v *yaml.Node) { line("summary", v); f.Summary = p.str(v, "the summary") },
		"published": func(v *yaml.Node) {
			line("published", v)
			f.Published = p.boolean(v, "published")
		},
		"context": func(v *yaml.Node) {
			line("context", v)
			f.Context = items(p, v, "context", func(item *yaml.Node) (qa claims.QA) {
				p.fields(item, "a context entry", map[string]func(*yaml.Node){
					"question": func(v *yaml.Node) { qa.Question = p.text(v, "the question") },
					"answer":   func(v *yaml.Node) { qa.Answer = p.text(v, "the answer") },
				}, "question", "answer")
				return qa
			})
		},
		"perspectives": func(v *yaml.Node) {
			line("perspectives", v)
			p.fields(v, "perspectives", map[string]func(*yaml.Node){
				"agree": func(v *yaml.Node) { f.Perspectives.Agree = p.strings(v, "agree") },
				"split": func(v *yaml.Node) { f.Perspectives.Split = p.strings(v, "split") },
			})
		},
		"facts": func(v *yaml.Node) {
			line("facts", v)
			f.Facts = items(p, v, "facts", func(item *yaml.Node) claims.FileFact {
				ff := claims.FileFact{Line: item.Line}
				p.fields(item, "a fact", map[string]func(*yaml.Node){
					"text": func(v *yaml.Node) { ff.Text = p.text(v, "the fact") },
					"sources": func(v *yaml.Node) {
						ff.Sources = p.strings(v, "the fact's sources")
						for _, ref := range ff.Sources {
							factRefs = append(factRefs, refUse{ref: ref, line: v.Line})
						}
					},
				}, "text")
				return ff
			})
		},
		"sources": func(v *yaml.Node) {
			line("sources", v)
			p.list(v, "sources", func(item *yaml.Node) {
				s := p.source(item)
				if s.Ref == "" {
					return
				}
				if first, dup := refs[s.Ref]; dup {
					p.errorf(item, "source %q is listed twice (first at line %d)", s.Ref, first.Line)
					return
				}
				refs[s.Ref] = item
				f.Sources = append(f.Sources, s)
			})
		},
		"claims": func(v *yaml.Node) {
			line("claims", v)
			ids := map[int64]int{}
			p.list(v, "claims", func(item *yaml.Node) {
				c, uses := p.claim(item)
				if c.ID != 0 {
					if first, dup := ids[c.ID]; dup {
						p.errorf(item, "claim id %d is used twice (first at line %d)", c.ID, first)
					}
					ids[c.ID] = c.Line
				}
				links = append(links, uses...)
				f.Claims = append(f.Claims, c)
			})
		},
	}, "title")
	// A fact's citation must name a source, but does not make the source
	// part of the story: only the claims do.
	for i, u := range append(links, factRefs...) {
		if refs[u.ref] == nil {
			p.problems = append(p.problems, claims.FileLine{Line: u.line, Message: fmt.Sprintf("no source is named %q in the file's sources", u.ref)})
		}
		if i < len(links) {
			cited[u.ref] = true
		}
	}
	for ref, n := range refs {
		if !cited[ref] {
			p.errorf(n, "source %q is not cited by any claim, evidence or watch", ref)
		}
	}
	return f
}

// refUse is a citation of a source by name, checked once all are read.
type refUse struct {
	ref  string
	line int
}

func (p *parser) source(n *yaml.Node) claims.FileSource {
	s := claims.FileSource{Line: n.Line}
	p.fields(n, "a source", map[string]func(*yaml.Node){
		"ref": func(v *yaml.Node) {
			s.Ref = strings.TrimSpace(p.text(v, "the source's ref"))
			if len(s.Ref) > maxRefLen {
				p.errorf(v, "a source's ref is limited to %d characters", maxRefLen)
			}
		},
		"url":    func(v *yaml.Node) { s.URL = p.str(v, "the source's url") },
		"outlet": func(v *yaml.Node) { s.Outlet = p.text(v, "the source's outlet") },
		"kind": func(v *yaml.Node) {
			s.Kind = p.str(v, "the source's kind")
			if _, err := claims.ParseOutletKind(s.Kind); err != nil && v.Kind == yaml.ScalarNode {
				p.errorf(v, "%s", claims.ErrorMessage(err))
			}
		},
		"title":         func(v *yaml.Node) { s.Title = p.str(v, "the source's title") },
		"checks_paused": func(v *yaml.Node) { s.ChecksPaused = p.boolean(v, "checks_paused") },
	}, "ref", "outlet", "kind")
	return s
}

func (p *parser) stance(v *yaml.Node) string {
	s := p.str(v, "the stance")
	if _, err := claims.ParseStance(s); err != nil && v.Kind == yaml.ScalarNode {
		p.errorf(v, "%s", claims.ErrorMessage(err))
	}
	return s
}

func (p *parser) claim(n *yaml.Node) (claims.FileClaim, []refUse) {
	c := claims.FileClaim{Line: n.Line, Lines: map[string]int{}}
	var uses []refUse
	cite := func(ref string, v *yaml.Node) {
		if ref != "" {
			uses = append(uses, refUse{ref, v.Line})
		}
	}
	line := func(key string, v *yaml.Node) { c.Lines[key] = v.Line }
	p.fields(n, "a claim", map[string]func(*yaml.Node){
		"id": func(v *yaml.Node) {
			line("id", v)
			id, err := strconv.ParseInt(v.Value, 10, 64)
			if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || err != nil || id <= 0 {
				p.errorf(v, "a claim's id must be a positive whole number")
				return
			}
			c.ID = id
		},
		"text":              func(v *yaml.Node) { line("text", v); c.Text = p.text(v, "the claim's text") },
		"status":            func(v *yaml.Node) { line("status", v); c.Status = p.str(v, "the status") },
		"what_would_settle": func(v *yaml.Node) { line("what_would_settle", v); c.WhatWouldSettle = p.str(v, "what_would_settle") },
		"review_by":         func(v *yaml.Node) { line("review_by", v); c.ReviewBy = p.time(v, "review_by") },
		"sources": func(v *yaml.Node) {
			line("sources", v)
			seen := map[string]bool{}
			p.list(v, "a claim's sources", func(item *yaml.Node) {
				l := claims.FileLink{Line: item.Line}
				p.fields(item, "a claim's source", map[string]func(*yaml.Node){
					"source": func(v *yaml.Node) { l.Source = strings.TrimSpace(p.text(v, "the source")); cite(l.Source, v) },
					"stance": func(v *yaml.Node) { l.Stance = p.stance(v) },
				}, "source", "stance")
				if seen[l.Source] && l.Source != "" {
					p.errorf(item, "source %q is cited twice for this claim", l.Source)
				}
				seen[l.Source] = true
				c.Sources = append(c.Sources, l)
			})
		},
		"evidence": func(v *yaml.Node) {
			line("evidence", v)
			c.Evidence = items(p, v, "evidence", func(item *yaml.Node) claims.FileEvidence { return p.evidence(item, cite) })
		},
		"appearances": func(v *yaml.Node) {
			line("appearances", v)
			c.Appearances = items(p, v, "appearances", p.appearance)
		},
		"watches": func(v *yaml.Node) {
			line("watches", v)
			if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				return
			}
			w := &claims.FileWatches{Line: v.Line}
			if p.fields(v, "watches", map[string]func(*yaml.Node){
				"phrases": func(v *yaml.Node) { w.Phrases = p.strings(v, "phrases") },
				"numbers": func(v *yaml.Node) {
					w.Numbers = items(p, v, "numbers", func(item *yaml.Node) claims.FileNumberWatch { return p.number(item, cite) })
				},
			}) {
				c.Watches = w
			}
		},
	}, "text")
	return c, uses
}

func (p *parser) evidence(n *yaml.Node, cite func(string, *yaml.Node)) claims.FileEvidence {
	e := claims.FileEvidence{Line: n.Line}
	p.fields(n, "evidence", map[string]func(*yaml.Node){
		"summary": func(v *yaml.Node) { e.Summary = p.text(v, "the evidence's summary") },
		"stance":  func(v *yaml.Node) { e.Stance = p.stance(v) },
		"source":  func(v *yaml.Node) { e.Source = strings.TrimSpace(p.str(v, "the source")); cite(e.Source, v) },
		"quote":   func(v *yaml.Node) { e.Quote = p.str(v, "the quote") },
	}, "summary", "stance")
	return e
}

func (p *parser) number(n *yaml.Node, cite func(string, *yaml.Node)) claims.FileNumberWatch {
	w := claims.FileNumberWatch{Line: n.Line}
	p.fields(n, "a number watch", map[string]func(*yaml.Node){
		"label":      func(v *yaml.Node) { w.Label = p.str(v, "the label") },
		"source":     func(v *yaml.Node) { w.Source = strings.TrimSpace(p.str(v, "the source")); cite(w.Source, v) },
		"pattern":    func(v *yaml.Node) { w.Pattern = p.text(v, "the pattern") },
		"selector":   func(v *yaml.Node) { w.Selector = p.str(v, "the selector") },
		"comparison": func(v *yaml.Node) { w.Comparison = p.text(v, "the comparison") },
		"propose":    func(v *yaml.Node) { w.Propose = p.str(v, "propose") },
	}, "pattern", "comparison")
	return w
}

func (p *parser) appearance(n *yaml.Node) claims.FileAppearance {
	a := claims.FileAppearance{Line: n.Line}
	if p.fields(n, "an appearance", map[string]func(*yaml.Node){
		"url":         func(v *yaml.Node) { a.URL = p.str(v, "the appearance's url") },
		"outlet":      func(v *yaml.Node) { a.Outlet = p.str(v, "the appearance's outlet") },
		"appeared_at": func(v *yaml.Node) { a.AppearedAt = p.time(v, "appeared_at") },
		"claimant":    func(v *yaml.Node) { a.Claimant = p.str(v, "the claimant") },
	}) && strings.TrimSpace(a.URL) == "" && strings.TrimSpace(a.Outlet) == "" {
		p.errorf(n, "an appearance needs a url or an outlet")
	}
	return a
}
