// Package demo loads claimtrack's demo story, modelled on real coverage of a
// leaked Meta recording, into an empty database so a first start has
// something to show.
package demo

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// errTaken means another instance created the demo story between our count
// and our insert.
var errTaken = errors.New("demo: the story was created concurrently")

// Load writes the demo story when the database has no stories, and reports
// whether it did. Everything, including the check for an empty database,
// runs in one transaction: a crash half-way leaves nothing behind, so the
// next start loads the story again from scratch rather than finding a half
// story it would have to repair, and two instances starting together on one
// PostgreSQL database load it once (the loser hits the unique slug and
// backs off).
//
// The demo's timeline is dated in November 2026, so Load writes through a
// service of its own whose clock steps through those dates; the caller's
// service then serves the result.
func Load(ctx context.Context, store claims.Store, vocab *claims.Vocabulary) (loaded bool, err error) {
	err = store.Tx(ctx, func(ctx context.Context) error {
		n, err := store.CountStories(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		clk := &clock{}
		if err := write(ctx, claims.NewService(store, vocab, clk.now), clk); err != nil {
			return err
		}
		loaded = true
		return nil
	})
	if errors.Is(err, errTaken) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("demo: load: %w", err)
	}
	return loaded, nil
}

// clock hands out the time it was set to, a second later on each call, so
// that events written together keep their order.
type clock struct{ t time.Time }

func (c *clock) set(t time.Time) { c.t = t }

func (c *clock) now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

// step is one write of the demo's story, done at its time.
type step struct {
	at time.Time
	do func(ctx context.Context) error
}

func write(ctx context.Context, svc *claims.Service, clk *clock) error {
	ct, err := readContent()
	if err != nil {
		return err
	}
	actor := claims.ActorDemo
	clk.set(day(12, 8, 30))
	st, err := svc.CreateStory(ctx, actor, ct.story())
	if claims.ErrorCode(err) == claims.ECONFLICT {
		return errTaken
	}
	if err != nil {
		return err
	}

	// The claims and their sources go in on the first morning; evidence and
	// verdicts follow over the next days, in time order across claims.
	clk.set(day(12, 9, 0))
	var later []step
	sourceIDs := map[string]int64{}
	for _, spec := range ct.Claims {
		c, err := svc.AddClaim(ctx, actor, st.ID, claims.NewClaim{
			Text: spec.Text, Status: "unverified", WhatWouldSettle: spec.Settle,
			Note: "Reported in coverage of the leaked recording; not yet checked.",
		})
		if err != nil {
			return fmt.Errorf("claim %q: %w", spec.Text, err)
		}
		for _, l := range spec.Links {
			o := ct.Outlets[l.Outlet]
			in := claims.NewSourceLink{URL: o.URL, Outlet: o.Outlet, OutletKind: o.Kind, Title: o.Title, Stance: string(l.Stance)}
			ls, err := svc.LinkSource(ctx, actor, c.ID, in)
			if err != nil {
				return fmt.Errorf("claim %q, source %s: %w", spec.Text, l.Outlet, err)
			}
			// The addresses are made up on real outlets' sites: checking
			// them would send those sites requests for pages that never
			// existed, and tell readers of the demo that they had gone.
			if err := svc.PauseChecks(ctx, ls.Source.ID, true); err != nil {
				return err
			}
			sourceIDs[l.Outlet] = ls.Source.ID
		}
		later = append(later, evidenceSteps(svc, c.ID, spec.Evidence, ct.Outlets)...)
		later = append(later, verdictSteps(svc, c.ID, spec.Verdicts)...)
	}
	if err := writeFacts(ctx, svc, st.Slug, ct.Facts, sourceIDs); err != nil {
		return err
	}
	sort.SliceStable(later, func(i, j int) bool { return later[i].at.Before(later[j].at) })
	for _, s := range later {
		clk.set(s.at)
		if err := s.do(ctx); err != nil {
			return err
		}
	}
	return nil
}

func evidenceSteps(svc *claims.Service, claimID int64, list []proof, outlets map[string]outlet) []step {
	var steps []step
	for _, p := range list {
		in := claims.NewEvidence{Summary: p.Summary, Stance: string(p.Stance)}
		if p.Outlet != "" {
			in.SourceURL, in.Outlet = outlets[p.Outlet].URL, outlets[p.Outlet].Outlet
		}
		steps = append(steps, step{p.At, func(ctx context.Context) error {
			_, err := svc.AddEvidence(ctx, claims.ActorDemo, claimID, in)
			return err
		}})
	}
	return steps
}

// verdictSteps change a claim's status through UpdateClaim, reading the
// claim's version first as an editor's form would.
func verdictSteps(svc *claims.Service, claimID int64, list []verdict) []step {
	var steps []step
	for _, v := range list {
		steps = append(steps, step{v.At, func(ctx context.Context) error {
			d, err := svc.ClaimDetail(ctx, claimID, false)
			if err != nil {
				return err
			}
			_, err = svc.UpdateClaim(ctx, claims.ActorDemo, claimID, claims.ClaimPatch{
				Status: &v.Status, Note: v.Note, Version: d.Claim.Version,
			})
			return err
		}})
	}
	return steps
}

// writeFacts gives the story its facts once their sources are linked.
func writeFacts(ctx context.Context, svc *claims.Service, slug string, facts []fact, sourceIDs map[string]int64) error {
	var list []claims.Fact
	for _, f := range facts {
		cf := claims.Fact{Text: f.Text}
		for _, o := range f.Outlets {
			id, ok := sourceIDs[o]
			if !ok {
				return fmt.Errorf("demo: fact %q cites %s, which no claim links", f.Text, o)
			}
			cf.SourceIDs = append(cf.SourceIDs, id)
		}
		list = append(list, cf)
	}
	st, err := svc.StoryBySlug(ctx, slug)
	if err != nil {
		return err
	}
	_, err = svc.UpdateStory(ctx, claims.ActorDemo, slug, claims.StoryPatch{Facts: &list, Version: st.Version})
	return err
}
