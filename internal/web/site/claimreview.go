package site

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// ClaimReview is schema.org ClaimReview (https://schema.org/ClaimReview), as search tools
// read it from a page's JSON-LD and from GET /api/v1/claimreview.
type ClaimReview struct {
	Context       string       `json:"@context,omitempty"`
	Type          string       `json:"@type"`
	URL           string       `json:"url"`
	ClaimReviewed string       `json:"claimReviewed"`
	DatePublished string       `json:"datePublished"`
	Author        organization `json:"author"`
	ReviewRating  ratingLD     `json:"reviewRating"`
	ItemReviewed  claimLD      `json:"itemReviewed"`
	// Correction tells that an earlier verdict was replaced by this one.
	Correction *correctionLD `json:"correction,omitempty"`
}

// correctionLD is a schema.org CorrectionComment.
type correctionLD struct {
	Type          string `json:"@type"`
	Text          string `json:"text"`
	DatePublished string `json:"datePublished"`
}

type organization struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type ratingLD struct {
	Type          string `json:"@type"`
	RatingValue   int    `json:"ratingValue"`
	BestRating    int    `json:"bestRating"`
	WorstRating   int    `json:"worstRating"`
	AlternateName string `json:"alternateName"`
}

type claimLD struct {
	Type            string         `json:"@type"`
	Appearance      []creativeWork `json:"appearance,omitempty"`
	FirstAppearance *creativeWork  `json:"firstAppearance,omitempty"`
	// Author is who made the claim, where an appearance records it.
	Author *personLD `json:"author,omitempty"`
}

type creativeWork struct {
	Type          string        `json:"@type"`
	URL           string        `json:"url,omitempty"`
	DatePublished string        `json:"datePublished,omitempty"`
	Publisher     *organization `json:"publisher,omitempty"`
}

type personLD struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// ClaimReview describes a resolved claim as schema.org ClaimReview, with
// the correction that changed an earlier verdict.
func (s Site) ClaimReview(r claims.Review) ClaimReview {
	ld := ClaimReview{Context: "https://schema.org", Type: "ClaimReview", URL: s.Abs(ClaimURL(r.Claim.ID)),
		ClaimReviewed: r.Claim.Text, DatePublished: r.ReviewedAt.UTC().Format(time.DateOnly),
		Author: organization{Type: "Organization", Name: s.Organization, URL: s.BaseURL},
		ReviewRating: ratingLD{Type: "Rating", RatingValue: r.Status.Rating, BestRating: r.BestRating,
			WorstRating: r.WorstRating, AlternateName: r.Status.Label},
		ItemReviewed: claimLD{Type: "Claim"}}
	// Recorded appearances come first, earliest first; then the sources'
	// addresses they do not already name.
	seen := map[string]bool{}
	for _, a := range r.Appeared {
		w := creativeWork{Type: "CreativeWork", URL: a.URL}
		if a.AppearedAt != nil {
			w.DatePublished = a.AppearedAt.UTC().Format(time.DateOnly)
		}
		if a.Outlet != "" {
			w.Publisher = &organization{Type: "Organization", Name: a.Outlet}
		}
		seen[a.URL] = true
		ld.ItemReviewed.Appearance = append(ld.ItemReviewed.Appearance, w)
		if a.Claimant != "" && ld.ItemReviewed.Author == nil {
			ld.ItemReviewed.Author = &personLD{Type: "Person", Name: a.Claimant}
		}
	}
	for _, u := range r.Appearances {
		if !seen[u] {
			ld.ItemReviewed.Appearance = append(ld.ItemReviewed.Appearance, creativeWork{Type: "CreativeWork", URL: u})
		}
	}
	if e := r.Correction; e != nil {
		text := "Was " + s.Vocab.Get(e.FromStatus).Label + ", now " + s.Vocab.Get(e.ToStatus).Label + "."
		if e.Note != "" {
			text += " " + e.Note
		}
		ld.Correction = &correctionLD{Type: "CorrectionComment", Text: text, DatePublished: e.At.UTC().Format(time.DateOnly)}
	}
	if len(ld.ItemReviewed.Appearance) > 0 {
		first := ld.ItemReviewed.Appearance[0]
		ld.ItemReviewed.FirstAppearance = &first
	}
	return ld
}
