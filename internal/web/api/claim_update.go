package api

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// claimUpdateRequest holds the fields a claim edit may change; absent ones
// stay as they are. Version is the lock (or If-Match). ReviewBy "" clears
// the review date.
type claimUpdateRequest struct {
	Status          *string `json:"status"`
	Note            string  `json:"note"`
	Text            *string `json:"text"`
	WhatWouldSettle *string `json:"what_would_settle"`
	ReviewBy        *string `json:"review_by"`
	// AssigneeID is a user id; null takes the claim back (see assignee).
	AssigneeID optionalID `json:"assignee_id"`
	Version    *int       `json:"version"`
}

// ClaimUpdate edits a claim or moves its status if nobody changed it
// since the client read it; a stale edit gets the claim as it now stands.
func (h *Handler) ClaimUpdate(c echo.Context) error {
	id, req, err := httpx.IDAndBody[claimUpdateRequest](c, false)
	if err != nil {
		return err
	}
	version, ifMatch, err := httpx.LockVersion(c, req.Version)
	if err != nil {
		return err
	}
	p := claims.ClaimPatch{Status: req.Status, Text: req.Text, WhatWouldSettle: req.WhatWouldSettle, Note: req.Note, Version: version,
		AssigneeID: req.AssigneeID.patch()}
	if req.ReviewBy != nil {
		if p.ReviewBy, err = parseAPIReviewBy(*req.ReviewBy); err != nil {
			return err
		}
	}
	cl, err := h.Writer.UpdateClaim(c.Request().Context(), httpx.ActorOf(c), id, p)
	if err != nil {
		return httpx.StaleEdit(err, ifMatch, func(cur claims.Claim) any { return h.toAPIClaimRecord(cur) })
	}
	return httpx.WriteVersioned(c, cl.Version, h.toAPIClaimRecord(*cl))
}

// parseAPIReviewBy reads a review date as RFC 3339 or a plain date (midnight
// UTC); "" clears it, which the domain spells as the zero time.
func parseAPIReviewBy(v string) (*time.Time, error) {
	if v == "" {
		return &time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339, time.DateOnly} {
		if t, err := time.Parse(layout, v); err == nil {
			return &t, nil
		}
	}
	return nil, claims.Invalid("review_by", "review_by must be a date like 2026-05-01 or an RFC 3339 time")
}
