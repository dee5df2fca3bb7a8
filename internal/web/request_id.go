package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/labstack/echo/v4"
)

const headerRequestID = "X-Request-Id"

// requestIDs makes request ids unique per process (a random prefix and a
// counter) without reading the random source on every request.
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return &requestIDs{prefix: hex.EncodeToString(b[:]) + "-"}
}

func (g *requestIDs) next() string {
	var buf [32]byte
	b := append(buf[:0], g.prefix...)
	b = strconv.AppendUint(b, g.n.Add(1), 36)
	return string(b)
}

// assign keeps a well-formed X-Request-Id from the client (a proxy's) and
// otherwise makes one, and echoes it in the response, where every log line
// of the request reads it from.
func (g *requestIDs) assign(c echo.Context) { g.assignTo(c.Request().Header, c.Response().Header()) }

// assignTo is assign on plain headers; it returns the id.
func (g *requestIDs) assignTo(in, out http.Header) string {
	if v := in[headerRequestID]; len(v) == 1 && validRequestID(v[0]) {
		out[headerRequestID] = v
		return v[0]
	}
	id := g.next()
	out[headerRequestID] = []string{id}
	return id
}

// validRequestID accepts short ids of plain characters, so a client cannot
// smuggle control characters or log syntax through the header.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		ok := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.' || b == ':'
		if !ok {
			return false
		}
	}
	return true
}

// requestIDOf returns the id assign gave the request.
func requestIDOf(c echo.Context) string {
	if v := c.Response().Header()[headerRequestID]; len(v) > 0 {
		return v[0]
	}
	return ""
}
