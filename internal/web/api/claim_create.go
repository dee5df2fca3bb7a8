package api

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// claimCreateRequest holds the only fields a new claim takes from a client.
type claimCreateRequest struct {
	Text            string `json:"text"`
	Status          string `json:"status"`
	WhatWouldSettle string `json:"what_would_settle"`
}

// ClaimCreate adds a claim to a story.
func (h *Handler) ClaimCreate(c echo.Context) error {
	var req claimCreateRequest
	if err := httpx.DecodeJSON(c, &req, false); err != nil {
		return err
	}
	cl, err := h.Writer.AddClaimToStory(c.Request().Context(), httpx.ActorOf(c), c.Param("slug"), claims.NewClaim{
		Text: req.Text, Status: req.Status, WhatWouldSettle: req.WhatWouldSettle})
	if err != nil {
		return err
	}
	return httpx.WriteCreated(c, h.toAPIClaimRecord(*cl))
}
