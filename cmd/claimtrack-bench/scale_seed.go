package main

import (
	"context"
	"fmt"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
)

// seedBatch is how many items one transaction writes while seeding: the
// service's rules run for each, the commits do not.
const seedBatch = 500

var seeder = claims.Actor{Name: "Bench", Role: "editor"}

// seeded is what a dimension's seeding made, to measure against.
type seeded struct {
	slug    string
	claimID int64
	version int
	source  int64
}

// inBatches runs fn for i in [0, n) in transactions of seedBatch.
func inBatches(ctx context.Context, db *store.DB, n int, fn func(ctx context.Context, i int) error) error {
	for start := 0; start < n; start += seedBatch {
		err := db.Tx(ctx, func(ctx context.Context) error {
			for i := start; i < min(n, start+seedBatch); i++ {
				if err := fn(ctx, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// seedStory makes a published story with n claims.
func seedStory(ctx context.Context, svc *claims.Service, slug string, n int) ([]claims.Claim, error) {
	if _, err := svc.CreateStory(ctx, seeder, claims.NewStory{Slug: slug, Title: "Scale story " + slug,
		Summary: "A story the scale bench fills.", Published: true}); err != nil {
		return nil, err
	}
	in := make([]claims.NewClaim, n)
	for i := range in {
		in[i] = claims.NewClaim{Text: fmt.Sprintf("Claim %d of %s", i+1, slug), Status: "unverified",
			WhatWouldSettle: "A document that settles it"}
	}
	st, err := svc.PublicStory(ctx, slug)
	if err != nil {
		return nil, err
	}
	return svc.AddClaims(ctx, seeder, st.ID, in)
}

// seedSources links n sources on the origin to the 100 claims of a story.
func seedSources(ctx context.Context, db *store.DB, svc *claims.Service, originURL string, n int) (seeded, error) {
	cs, err := seedStory(ctx, svc, "scale-sources", 100)
	if err != nil {
		return seeded{}, err
	}
	var first int64
	err = inBatches(ctx, db, n, func(ctx context.Context, i int) error {
		ls, err := svc.LinkSource(ctx, seeder, cs[i%len(cs)].ID, claims.NewSourceLink{URL: fmt.Sprintf("%s/article/%d", originURL, i),
			Outlet: "Loopback News", OutletKind: "independent", Title: fmt.Sprintf("Article %d", i), Stance: "supports"})
		if err == nil && first == 0 {
			first = ls.ID
		}
		return err
	})
	return seeded{slug: "scale-sources", claimID: cs[0].ID, source: first}, err
}

// seedSubscribers makes n confirmed subscribers of a one-claim story.
func seedSubscribers(ctx context.Context, db *store.DB, svc *claims.Service, n int) (seeded, error) {
	cs, err := seedStory(ctx, svc, "scale-subscribers", 1)
	if err != nil {
		return seeded{}, err
	}
	storyID, now := cs[0].StoryID, time.Now()
	err = inBatches(ctx, db, n, func(ctx context.Context, i int) error {
		sub := &alerts.Subscriber{Email: fmt.Sprintf("reader%06d@example.org", i), ManageHash: fmt.Sprintf("manage-%06d", i), CreatedAt: now}
		if err := db.CreateSubscriber(ctx, sub); err != nil {
			return err
		}
		return db.CreateSubscription(ctx, &alerts.Subscription{SubscriberID: sub.ID, StoryID: &storyID,
			UnsubscribeHash: fmt.Sprintf("unsub-%06d", i), CreatedAt: now, ConfirmedAt: &now})
	})
	return seeded{slug: "scale-subscribers", claimID: cs[0].ID, version: cs[0].Version}, err
}

// seedStories makes n stories of perStory claims each.
func seedStories(ctx context.Context, db *store.DB, svc *claims.Service, n, perStory int) (seeded, error) {
	var first seeded
	err := inBatches(ctx, db, n, func(ctx context.Context, i int) error {
		slug := fmt.Sprintf("story-%d", i+1)
		cs, err := seedStory(ctx, svc, slug, perStory)
		if err == nil && i == 0 {
			first = seeded{slug: slug, claimID: cs[0].ID}
		}
		return err
	})
	return first, err
}

// seedEvents gives one claim n notes on its timeline.
func seedEvents(ctx context.Context, db *store.DB, svc *claims.Service, n int) (seeded, error) {
	cs, err := seedStory(ctx, svc, "scale-events", 1)
	if err != nil {
		return seeded{}, err
	}
	// Status changes, not internal notes: the public timeline (the claim
	// page, the timeline API) must hold every seeded event for the walk's
	// time per event to mean anything.
	statuses := [2]string{"investigating", "unverified"}
	version := cs[0].Version
	err = inBatches(ctx, db, n, func(ctx context.Context, i int) error {
		c, err := svc.UpdateClaim(ctx, seeder, cs[0].ID, claims.ClaimPatch{Status: &statuses[i%2],
			Note: fmt.Sprintf("Change %d: the figures were checked again.", i+1), Version: version})
		if err != nil {
			return err
		}
		version = c.Version
		return nil
	})
	return seeded{slug: "scale-events", claimID: cs[0].ID}, err
}
