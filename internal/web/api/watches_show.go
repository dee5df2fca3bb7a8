package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// Watches is a claim's watches, as GET returns them and PUT takes them
// back (version, phrases and numbers; the rest is read-only).
type Watches struct {
	ClaimID   int64         `json:"claim_id"`
	Version   int           `json:"version"`
	Phrases   []string      `json:"phrases"`
	Numbers   []NumberWatch `json:"numbers"`
	UpdatedAt *time.Time    `json:"updated_at"`
	UpdatedBy string        `json:"updated_by"`
	// Signals are what each watch and quoted passage last saw on each
	// source.
	Signals []Signal `json:"signals"`
}

// NumberWatch is a figure an editor watches in a claim's sources.
type NumberWatch struct {
	Label      string `json:"label"`
	SourceID   *int64 `json:"source_id"`
	Pattern    string `json:"pattern"`
	Selector   string `json:"selector"`
	Comparison string `json:"comparison"`
	Propose    string `json:"propose"`
}

// Signal is a phrase an editor watches for in a claim's sources.
type Signal struct {
	SourceID  int64     `json:"source_id"`
	Key       string    `json:"key"`
	State     string    `json:"state"`
	Value     string    `json:"value"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toAPIWatches(w claims.Watches, states []claims.SignalState) Watches {
	out := Watches{ClaimID: w.ClaimID, Version: w.Version, Phrases: nonNil(w.Phrases), Numbers: []NumberWatch{},
		UpdatedAt: httpx.UTCPtr(w.UpdatedAt), UpdatedBy: w.UpdatedBy, Signals: []Signal{}}
	for _, n := range w.Numbers {
		out.Numbers = append(out.Numbers, NumberWatch(n))
	}
	for _, st := range states {
		out.Signals = append(out.Signals, Signal{SourceID: st.SourceID, Key: st.Key, State: st.State, Value: st.Value, UpdatedAt: httpx.UTC(st.UpdatedAt)})
	}
	return out
}

// WatchesShow returns a claim's watches and what they last saw.
func (h *Handler) WatchesShow(c echo.Context) error {
	cw, err := httpx.ByPathID(c, h.Reader.Watches)
	if err != nil {
		return err
	}
	return writeWatches(c, cw)
}

// writeWatches answers with a claim's watches and what they last saw, their
// version as the ETag, as GET and PUT both do.
func writeWatches(c echo.Context, cw *claims.ClaimWatches) error {
	c.Response().Header().Set("ETag", `"`+strconv.Itoa(cw.Watches.Version)+`"`)
	return httpx.WritePrivateJSON(c, http.StatusOK, toAPIWatches(cw.Watches, cw.States))
}
