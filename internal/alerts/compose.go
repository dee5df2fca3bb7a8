package alerts

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail/envelope"
)

// Limits that keep an alert short enough to read; the claim and story pages
// have the rest.
const (
	maxEvidenceInMail = 10
	maxOpenInMail     = 20
)

// alertView is what the alert and alert_digest mail templates get.
type alertView struct {
	Subject string
	// Brand is who sends the mail: the organisation and its site.
	Brand Brand
	Story linkView
	// Items holds one claim's change for an alert, several for a digest.
	Items []itemView
	// Open lists the story's other claims that are still unresolved;
	// MoreOpen counts those left out.
	Open     []openView
	MoreOpen int
	// Following says what the address follows ("the story “…”").
	Following      string
	ManageURL      string
	UnsubscribeURL string
}

type linkView struct {
	Title string
	URL   string
}

// Brand is the sender every mail names at its top: the organisation
// (CLAIMTRACK_ORGANIZATION) and the site's address.
type Brand struct {
	Org string
	URL string
}

// itemView is one status change.
type itemView struct {
	// Headline leads the subject: the verdict's label for a resolution
	// ("Partly confirmed"), "Correction" or "Reopened" for the other kinds.
	Headline string
	// Change says in a line what happened: "Our verdict: Partly confirmed",
	// "We corrected our verdict: it was Confirmed, it is now Partly confirmed".
	Change     string
	Corrected  bool
	Reopened   bool
	ClaimText  string
	ClaimURL   string
	Status     string
	FromStatus string
	Note       string
	At         string
	Evidence   []evidenceView
	// MoreEvidence counts evidence left out of the mail.
	MoreEvidence int
}

type evidenceView struct {
	Stance    string
	Summary   string
	Source    string
	SourceURL string
}

type openView struct {
	Text   string
	URL    string
	Status string
}

// headline leads the subject of a change of this kind into status: the
// verdict itself when a claim is resolved, so that an inbox never reads
// "Resolved" as "true".
func headline(k Kind, status string) string {
	switch k {
	case KindCorrected:
		return "Correction"
	case KindReopened:
		return "Reopened"
	}
	return status
}

// change says what happened in one line.
func change(k Kind, from, to string) string {
	switch k {
	case KindCorrected:
		return "We corrected our verdict: it was " + from + ", it is now " + to + "."
	case KindReopened:
		return "We reopened this claim: it was " + from + ", it is now " + to + " while we look again."
	}
	return "Our verdict: " + to + " (it was " + from + ")."
}

var stanceLabels = map[claims.Stance]string{
	claims.StanceSupports: "Supports",
	claims.StanceDisputes: "Disputes",
	claims.StanceContext:  "Context",
}

// composeCache holds what one round reads about claims, events and stories,
// so that a thousand mails about one event read the claim once.
type composeCache struct {
	claims  map[int64]*claims.ClaimDetail
	events  map[int64]*claims.Event
	stories map[int64]*claims.StoryDetail
	items   map[int64]itemView // by event id
}

func newComposeCache() *composeCache {
	return &composeCache{
		claims:  map[int64]*claims.ClaimDetail{},
		events:  map[int64]*claims.Event{},
		stories: map[int64]*claims.StoryDetail{},
		items:   map[int64]itemView{},
	}
}

// errGone marks an alert about something readers can no longer see (the
// story was unpublished, the claim withdrawn): it is cancelled, not sent.
var errGone = fmt.Errorf("alerts: the claim or its story is no longer public")

// recipient is who one mail goes to.
type recipient struct {
	sub *Subscriber
	sn  *Subscription
	// manage and unsubscribe are the tokens of this mail's links, made
	// for it (see Worker.mintLinks).
	manage, unsubscribe string
}

// compose builds the mail for rows, all owed to one subscription: one
// alert, or a digest when there are several.
func (w *Worker) compose(ctx context.Context, cache *composeCache, rows []Alert, to recipient) (envelope.Message, error) {
	if err := w.public(ctx, cache, rows); err != nil {
		return envelope.Message{}, err
	}
	first := rows[0]
	story, err := w.story(ctx, cache, first.StoryID)
	if err != nil {
		return envelope.Message{}, err
	}
	v := alertView{
		Brand:          w.brand(),
		Story:          linkView{Title: story.Story.Title, URL: w.url("/stories/" + story.Story.Slug)},
		ManageURL:      w.url("/subscriptions/manage/" + to.manage),
		UnsubscribeURL: w.url("/unsubscribe/" + to.unsubscribe),
	}
	inMail := map[int64]bool{}
	for _, a := range rows {
		it, err := w.item(ctx, cache, a)
		if err != nil {
			return envelope.Message{}, err
		}
		v.Items = append(v.Items, it)
		inMail[a.ClaimID] = true
	}
	vocab := w.svc.claims.Vocabulary()
	for _, c := range story.Claims {
		if inMail[c.ID] || vocab.IsResolved(c.Status) {
			continue
		}
		if len(v.Open) == maxOpenInMail {
			v.MoreOpen++
			continue
		}
		v.Open = append(v.Open, openView{Text: c.Text, URL: w.claimURL(c.ID), Status: vocab.Get(c.Status).Label})
	}
	name := "alert"
	if to.sn.ClaimID != nil {
		v.Following = "the claim “" + v.Items[0].ClaimText + "”"
	} else {
		v.Following = "the story “" + v.Story.Title + "”"
	}
	if len(rows) == 1 {
		v.Subject = v.Items[0].Headline + ": " + v.Items[0].ClaimText
	} else {
		name = "alert_digest"
		v.Subject = digestSubject(rows, v.Story.Title)
	}
	text, html, err := w.views.Render(name, v)
	if err != nil {
		return envelope.Message{}, err
	}
	return envelope.Message{
		To:              to.sub.Email,
		Subject:         v.Subject,
		Text:            text,
		HTML:            html,
		MessageID:       lowest(rows).MessageID(),
		ListUnsubscribe: v.UnsubscribeURL,
	}, nil
}

// digestSubject says what changed: "2 claims resolved in “…”" when every
// row resolved a different claim, "3 updates to claims in “…”" otherwise
// (a correction, a reopening, or one claim changing twice).
func digestSubject(rows []Alert, story string) string {
	claims := map[int64]bool{}
	resolved := true
	for _, a := range rows {
		resolved = resolved && a.Kind == KindResolved && !claims[a.ClaimID]
		claims[a.ClaimID] = true
	}
	if resolved {
		return strconv.Itoa(len(rows)) + " claims resolved in “" + story + "”"
	}
	return strconv.Itoa(len(rows)) + " updates to claims in “" + story + "”"
}

func lowest(rows []Alert) *Alert {
	low := &rows[0]
	for i := range rows {
		if rows[i].ID < low.ID {
			low = &rows[i]
		}
	}
	return low
}

// item describes one row's status change, once per event and round.
func (w *Worker) item(ctx context.Context, cache *composeCache, a Alert) (itemView, error) {
	if it, ok := cache.items[a.EventID]; ok {
		return it, nil
	}
	d, err := w.claim(ctx, cache, a.ClaimID)
	if err != nil {
		return itemView{}, err
	}
	ev, err := w.event(ctx, cache, a.ClaimID, a.EventID)
	if err != nil {
		return itemView{}, err
	}
	vocab := w.svc.claims.Vocabulary()
	to, from := vocab.Get(ev.ToStatus).Label, vocab.Get(ev.FromStatus).Label
	it := itemView{
		Headline:   headline(a.Kind, to),
		Change:     change(a.Kind, from, to),
		Corrected:  a.Kind == KindCorrected,
		Reopened:   a.Kind == KindReopened,
		ClaimText:  d.Claim.Text,
		ClaimURL:   w.claimURL(d.Claim.ID),
		Status:     to,
		FromStatus: from,
		Note:       ev.Note,
		At:         ev.At.UTC().Format("2 January 2006, 15:04 UTC"),
	}
	sources := make(map[int64]claims.LinkedSource, len(d.Sources))
	for _, s := range d.Sources {
		sources[s.ID] = s
	}
	for _, e := range d.Evidence {
		if e.Withdrawn {
			continue
		}
		if len(it.Evidence) == maxEvidenceInMail {
			it.MoreEvidence++
			continue
		}
		ev := evidenceView{Stance: stanceLabels[e.Stance], Summary: e.Summary}
		if e.SourceID != nil {
			// Evidence may cite a source that is not linked to the claim.
			src, ok := sources[*e.SourceID]
			if !ok {
				s, err := w.svc.claims.Source(ctx, *e.SourceID)
				if err != nil {
					return itemView{}, err
				}
				src.Source, sources[s.ID] = *s, claims.LinkedSource{Source: *s}
			}
			ev.Source, ev.SourceURL = src.Outlet, src.URL
			if ev.Source == "" {
				ev.Source = src.Title
			}
		}
		it.Evidence = append(it.Evidence, ev)
	}
	cache.items[a.EventID] = it
	return it, nil
}

func (w *Worker) claim(ctx context.Context, cache *composeCache, id int64) (*claims.ClaimDetail, error) {
	if d, ok := cache.claims[id]; ok {
		return d, nil
	}
	d, err := w.svc.claims.ClaimDetail(ctx, id, false)
	if err != nil {
		return nil, err
	}
	cache.claims[id] = d
	return d, nil
}

// event reads one status_changed event: the newest event of the claim
// below id+1 is the event itself, one indexed row, where the claim's whole
// timeline would be hundreds.
func (w *Worker) event(ctx context.Context, cache *composeCache, claimID, id int64) (*claims.Event, error) {
	if ev, ok := cache.events[id]; ok {
		return ev, nil
	}
	evs, err := w.svc.claims.Timeline(ctx, claimID, false, claims.Page{Limit: 1, Before: id + 1})
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 || evs[0].ID != id {
		return nil, claims.Errorf(claims.ENOTFOUND, "event %d of claim %d not found", id, claimID)
	}
	cache.events[id] = &evs[0]
	return &evs[0], nil
}

func (w *Worker) story(ctx context.Context, cache *composeCache, id int64) (*claims.StoryDetail, error) {
	if d, ok := cache.stories[id]; ok {
		return d, nil
	}
	d, err := w.svc.claims.StoryDetail(ctx, id)
	if err != nil {
		return nil, err
	}
	cache.stories[id] = d
	return d, nil
}

// public reports errGone when readers can no longer see what rows are
// about, so the mail would link to pages that answer 404.
func (w *Worker) public(ctx context.Context, cache *composeCache, rows []Alert) error {
	for _, a := range rows {
		st, err := w.story(ctx, cache, a.StoryID)
		if err != nil {
			return err
		}
		if !st.Story.Published {
			return errGone
		}
		d, err := w.claim(ctx, cache, a.ClaimID)
		if err != nil {
			return err
		}
		if d.Claim.Withdrawn {
			return errGone
		}
	}
	return nil
}

func (w *Worker) url(path string) string { return w.base + path }

func (w *Worker) brand() Brand {
	org := w.opts.Organization
	if org == "" {
		org = "claimtrack"
	}
	return Brand{Org: org, URL: w.url("/")}
}

func (w *Worker) claimURL(id int64) string { return w.url("/claims/" + strconv.FormatInt(id, 10)) }

// trimBase is BaseURL without a trailing slash.
func trimBase(u string) string { return strings.TrimRight(u, "/") }
