package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// The API side of the fact-checker's desk: facts on the wire, the
// assignee field of a claim edit and the list of claims by assignee.

// Fact is one of a story's facts.
type Fact struct {
	Text      string  `json:"text"`
	SourceIDs []int64 `json:"source_ids"`
}

func toAPIFacts(facts []claims.Fact) []Fact {
	out := make([]Fact, 0, len(facts))
	for _, f := range facts {
		out = append(out, Fact{Text: f.Text, SourceIDs: nonNilIDs(f.SourceIDs)})
	}
	return out
}

func fromAPIFacts(in []Fact) []claims.Fact {
	out := make([]claims.Fact, len(in))
	for i, f := range in {
		out[i] = claims.Fact{Text: f.Text, SourceIDs: f.SourceIDs}
	}
	return out
}

func nonNilIDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// optionalID tells an absent JSON field from an explicit null: a PATCH
// leaves an absent assignee alone and clears a null one.
type optionalID struct {
	Set bool
	ID  *int64
}

// UnmarshalJSON records that the field was present.
func (o *optionalID) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(b, []byte("null")) {
		o.ID = nil
		return nil
	}
	var id int64
	if err := json.Unmarshal(b, &id); err != nil || id < 1 {
		return claims.Invalid("assignee_id", "assignee_id must be a user id or null")
	}
	o.ID = &id
	return nil
}

// patch is the domain's spelling: nil leaves it, a pointer to 0 clears it.
func (o optionalID) patch() *int64 {
	if !o.Set {
		return nil
	}
	if o.ID == nil {
		var zero int64
		return &zero
	}
	return o.ID
}

// ClaimList lists open claims newest first, paged; ?assignee=me (or a
// user id) keeps those assigned to that editor.
func (h *Handler) ClaimList(c echo.Context) error {
	p, err := httpx.PageParams(c)
	if err != nil {
		return err
	}
	q := claims.ClaimQuery{OpenOnly: true, Page: httpx.FetchPage(p)}
	switch v := c.QueryParam("assignee"); v {
	case "":
	case "me":
		q.AssigneeID = httpx.ActorOf(c).UserID
	default:
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			return httpx.Malformed("assignee", `assignee must be "me" or a user id`)
		}
		q.AssigneeID = id
	}
	if q.AssigneeID == 0 && c.QueryParam("assignee") != "" {
		// An API token of no user: nobody is "me".
		return httpx.WriteJSON(c, http.StatusOK, httpx.ListBody[ClaimRecord]{Items: []ClaimRecord{}})
	}
	list, err := h.Reader.ListClaims(c.Request().Context(), q)
	if err != nil {
		return err
	}
	body := httpx.Paged(p, list, func(r claims.ClaimRef) int64 { return r.ID }, func(r claims.ClaimRef) ClaimRecord {
		return h.toAPIClaimRecord(r.Claim)
	})
	return httpx.WriteJSON(c, http.StatusOK, body)
}
