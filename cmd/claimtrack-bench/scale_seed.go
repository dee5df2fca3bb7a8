package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
)

// Seeding is not what the table measures, so the many items of a dimension
// (sources, subscribers, stories) go in through the store's bulk inserts,
// seedChunk items a transaction, as the rows the service's one-by-one
// writes leave (TestSeeding_WritesWhatTheServiceWrites holds the two
// together). The few items around them, and the events whose order of
// versions is the point, go through the service.
var seedChunk = 5000

// seedBatch is how many service calls one transaction makes.
const seedBatch = 500

var seeder = claims.Actor{Name: "Bench", Role: "editor"}

// seeded is what a dimension's seeding made, to measure against.
type seeded struct {
	slug    string
	claimID int64
	version int
	source  int64
}

// inChunks runs fn for each [start, end) of [0, n), size at a time, each in
// its own transaction.
func inChunks(ctx context.Context, db *store.DB, n, size int, fn func(ctx context.Context, start, end int) error) error {
	for start := 0; start < n; start += size {
		end := min(n, start+size)
		if err := db.Tx(ctx, func(ctx context.Context) error { return fn(ctx, start, end) }); err != nil {
			return err
		}
	}
	return nil
}

// seedStory makes a published story with n claims through the service.
func seedStory(ctx context.Context, svc *claims.Service, slug string, n int) ([]claims.Claim, error) {
	st, err := svc.CreateStory(ctx, seeder, storyIn(slug))
	if err != nil {
		return nil, err
	}
	in := make([]claims.NewClaim, n)
	for i := range in {
		in[i] = claimIn(slug, i)
	}
	return svc.AddClaims(ctx, seeder, st.ID, in)
}

func storyIn(slug string) claims.NewStory {
	return claims.NewStory{Slug: slug, Title: "Scale story " + slug, Summary: "A story the scale bench fills.", Published: true}
}

func claimIn(slug string, i int) claims.NewClaim {
	return claims.NewClaim{Text: fmt.Sprintf("Claim %d of %s", i+1, slug), Status: "unverified",
		WhatWouldSettle: "A document that settles it"}
}

func sourceIn(originURL string, i int) claims.NewSourceLink {
	return claims.NewSourceLink{URL: fmt.Sprintf("%s/article/%d", originURL, i), Outlet: "Loopback News",
		OutletKind: "independent", Title: fmt.Sprintf("Article %d", i), Stance: "supports"}
}

func payload(m map[string]any) json.RawMessage {
	b, err := json.Marshal(m)
	if err != nil {
		panic(err) // strings and booleans only
	}
	return b
}

// seedSources links n sources on the origin to the 100 claims of a story,
// as n calls of LinkSource would.
func seedSources(ctx context.Context, db *store.DB, svc *claims.Service, originURL string, n int) (seeded, error) {
	cs, err := seedStory(ctx, svc, "scale-sources", 100)
	if err != nil {
		return seeded{}, err
	}
	out := seeded{slug: "scale-sources", claimID: cs[0].ID}
	err = inChunks(ctx, db, n, seedChunk, func(ctx context.Context, start, end int) error {
		now := time.Now()
		srcs := make([]claims.Source, 0, end-start)
		stances := make([]claims.Stance, 0, end-start)
		for i := start; i < end; i++ {
			in := sourceIn(originURL, i)
			url, err := claims.NormalizeURL(in.URL)
			if err != nil {
				return err
			}
			kind, err := claims.ParseOutletKind(in.OutletKind)
			if err != nil {
				return err
			}
			stance, err := claims.ParseStance(in.Stance)
			if err != nil {
				return err
			}
			srcs = append(srcs, claims.Source{URL: url, Outlet: in.Outlet, OutletKind: kind, Title: in.Title,
				State: claims.SourceUnchecked, CreatedAt: now})
			stances = append(stances, stance)
		}
		if err := db.InsertSources(ctx, srcs); err != nil {
			return err
		}
		links := make([]store.SourceLink, len(srcs))
		evs := make([]claims.Event, len(srcs))
		for j, s := range srcs {
			c := cs[(start+j)%len(cs)]
			links[j] = store.SourceLink{ClaimID: c.ID, SourceID: s.ID, Stance: stances[j], At: now}
			evs[j] = claims.Event{At: now, StoryID: c.StoryID, ClaimID: &c.ID, SourceID: &srcs[j].ID,
				Kind: claims.EventSourceLinked, Actor: seeder.Name, Public: true,
				Payload: payload(map[string]any{"stance": string(stances[j]), "url": s.URL, "outlet": s.Outlet})}
		}
		if start == 0 {
			out.source = srcs[0].ID
		}
		if err := db.InsertLinks(ctx, links); err != nil {
			return err
		}
		if err := db.InsertEvents(ctx, evs); err != nil {
			return err
		}
		return db.AddStoryRevisions(ctx, cs[0].StoryID, len(srcs))
	})
	return out, err
}

// seedSubscribers makes n confirmed subscribers of a one-claim story.
func seedSubscribers(ctx context.Context, db *store.DB, svc *claims.Service, n int) (seeded, error) {
	cs, err := seedStory(ctx, svc, "scale-subscribers", 1)
	if err != nil {
		return seeded{}, err
	}
	storyID, now := cs[0].StoryID, time.Now()
	err = inChunks(ctx, db, n, seedChunk, func(ctx context.Context, start, end int) error {
		subs := make([]alerts.Subscriber, 0, end-start)
		for i := start; i < end; i++ {
			subs = append(subs, subscriberIn(i, now))
		}
		if err := db.InsertSubscribers(ctx, subs); err != nil {
			return err
		}
		subns := make([]alerts.Subscription, len(subs))
		for j := range subs {
			subns[j] = subscriptionIn(start+j, subs[j].ID, storyID, now)
		}
		return db.InsertSubscriptions(ctx, subns)
	})
	return seeded{slug: "scale-subscribers", claimID: cs[0].ID, version: cs[0].Version}, err
}

func subscriberIn(i int, now time.Time) alerts.Subscriber {
	return alerts.Subscriber{Email: fmt.Sprintf("reader%06d@example.org", i), ManageHash: fmt.Sprintf("manage-%06d", i), CreatedAt: now}
}

func subscriptionIn(i int, subscriberID, storyID int64, now time.Time) alerts.Subscription {
	return alerts.Subscription{SubscriberID: subscriberID, StoryID: &storyID,
		UnsubscribeHash: fmt.Sprintf("unsub-%06d", i), CreatedAt: now, ConfirmedAt: &now}
}

// seedStories makes n stories of perStory claims each, as CreateStory and
// AddClaims would: a story's revision counts its creation and each claim.
func seedStories(ctx context.Context, db *store.DB, n, perStory int) (seeded, error) {
	var first seeded
	err := inChunks(ctx, db, n, max(1, seedChunk/max(perStory, 1)), func(ctx context.Context, start, end int) error {
		now := time.Now()
		sts := make([]claims.Story, 0, end-start)
		for i := start; i < end; i++ {
			in := storyIn(fmt.Sprintf("story-%d", i+1))
			sts = append(sts, claims.Story{Slug: in.Slug, Title: in.Title, Summary: in.Summary, Published: in.Published,
				CreatedAt: now, UpdatedAt: now, Version: 1, Revision: int64(2 + perStory)})
		}
		if err := db.InsertStories(ctx, sts); err != nil {
			return err
		}
		cs := make([]claims.Claim, 0, len(sts)*perStory)
		for _, st := range sts {
			for k := range perStory {
				in := claimIn(st.Slug, k)
				cs = append(cs, claims.Claim{StoryID: st.ID, Text: in.Text, Status: in.Status, WhatWouldSettle: in.WhatWouldSettle,
					Position: k + 1, Version: 1, CreatedAt: now, UpdatedAt: now})
			}
		}
		if err := db.InsertClaims(ctx, cs); err != nil {
			return err
		}
		evs := make([]claims.Event, 0, len(sts)+len(cs))
		for j, st := range sts {
			evs = append(evs, claims.Event{At: now, StoryID: st.ID, Kind: claims.EventStoryCreated, Actor: seeder.Name,
				Payload: payload(map[string]any{"slug": st.Slug, "title": st.Title, "published": st.Published})})
			for k := range perStory {
				c := &cs[j*perStory+k]
				evs = append(evs, claims.Event{At: now, StoryID: st.ID, ClaimID: &c.ID, Kind: claims.EventClaimCreated,
					Actor: seeder.Name, ToStatus: c.Status, Public: true})
			}
		}
		if start == 0 && len(cs) > 0 {
			first = seeded{slug: sts[0].Slug, claimID: cs[0].ID}
		}
		return db.InsertEvents(ctx, evs)
	})
	return first, err
}

// seedEvents gives one claim n status changes through the service.
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
	err = inChunks(ctx, db, n, seedBatch, func(ctx context.Context, start, end int) error {
		for i := start; i < end; i++ {
			c, err := svc.UpdateClaim(ctx, seeder, cs[0].ID, claims.ClaimPatch{Status: &statuses[i%2],
				Note: fmt.Sprintf("Change %d: the figures were checked again.", i+1), Version: version})
			if err != nil {
				return err
			}
			version = c.Version
		}
		return nil
	})
	return seeded{slug: "scale-events", claimID: cs[0].ID}, err
}

// analyze vacuums a freshly seeded PostgreSQL database and gathers its
// planner statistics, as autovacuum has long done on a running instance's:
// without them the planner takes 10,000 events of one claim for a few dozen
// and reads them all to sort out the newest 50.
func analyze(ctx context.Context, dsn string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "VACUUM ANALYZE")
	return err
}
