package httpx

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"sync/atomic"

	"github.com/labstack/echo/v4"
)

// HeaderRequestID carries the request id, in and out.
const HeaderRequestID = "X-Request-Id"

// RequestIDs makes request ids unique per process (a random prefix and a
// counter) without reading the random source on every request.
type RequestIDs struct {
	prefix string
	n      atomic.Uint64
}

// NewRequestIDs starts a process's run of request ids.
func NewRequestIDs() *RequestIDs {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return &RequestIDs{prefix: hex.EncodeToString(b[:]) + "-"}
}

func (g *RequestIDs) next() string {
	var buf [32]byte
	b := append(buf[:0], g.prefix...)
	b = strconv.AppendUint(b, g.n.Add(1), 36)
	return string(b)
}

// Assign keeps a well-formed X-Request-Id from the client (a proxy's) and
// otherwise makes one, and echoes it in the response, where every log line
// of the request reads it from.
func (g *RequestIDs) Assign(c echo.Context) {
	h := c.Response().Header()
	if in := c.Request().Header[HeaderRequestID]; len(in) == 1 && validRequestID(in[0]) {
		h[HeaderRequestID] = in
		return
	}
	h[HeaderRequestID] = []string{g.next()}
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

// RequestIDOf returns the id Assign gave the request.
func RequestIDOf(c echo.Context) string {
	if v := c.Response().Header()[HeaderRequestID]; len(v) > 0 {
		return v[0]
	}
	return ""
}
