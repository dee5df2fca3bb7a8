package httpx

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/labstack/echo/v4"
)

// HeaderRequestID carries the request id, in and out.
const HeaderRequestID = "X-Request-Id"

// RequestIDs makes request ids unique per process (a random prefix and a
// counter) without reading the random source on every request. They are
// made in blocks, one string and one slice of header values for
// idBlockSize requests: two allocations per request were a tenth of what
// the cached page's own work cost.
type RequestIDs struct {
	prefix string
	n      atomic.Uint64
	block  atomic.Pointer[idBlock]
}

// idBlock is a run of ready header values; next counts those taken.
type idBlock struct {
	values []string
	next   atomic.Int64
}

const idBlockSize = 64

// NewRequestIDs starts a process's run of request ids.
func NewRequestIDs() *RequestIDs {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return &RequestIDs{prefix: hex.EncodeToString(b[:]) + "-"}
}

// take returns a new id as a header value of its own (capacity one, so
// that nothing appended to it reaches the next id).
func (g *RequestIDs) take() []string {
	for {
		b := g.block.Load()
		if b != nil {
			if i := b.next.Add(1) - 1; i < idBlockSize {
				return b.values[i : i+1 : i+1]
			}
		}
		// Of racing requests one block wins; the others' ids go unused,
		// which costs uniqueness nothing.
		g.block.CompareAndSwap(b, g.newBlock())
	}
}

func (g *RequestIDs) newBlock() *idBlock {
	first := g.n.Add(idBlockSize) - idBlockSize + 1
	buf := make([]byte, 0, idBlockSize*(len(g.prefix)+4))
	var ends [idBlockSize]int
	for i := range ends {
		buf = append(buf, g.prefix...)
		buf = strconv.AppendUint(buf, first+uint64(i), 36)
		ends[i] = len(buf)
	}
	all := string(buf)
	b := &idBlock{values: make([]string, idBlockSize)}
	start := 0
	for i, end := range ends {
		b.values[i], start = all[start:end], end
	}
	return b
}

// Assign keeps a well-formed X-Request-Id from the client (a proxy's) and
// otherwise makes one, and echoes it in the response, where every log line
// of the request reads it from.
func (g *RequestIDs) Assign(c echo.Context) { g.AssignTo(c.Request().Header, c.Response().Header()) }

// AssignTo is Assign on plain headers; it returns the id.
func (g *RequestIDs) AssignTo(in, out http.Header) string {
	if v := in[HeaderRequestID]; len(v) == 1 && validRequestID(v[0]) {
		out[HeaderRequestID] = v
		return v[0]
	}
	id := g.take()
	out[HeaderRequestID] = id
	return id[0]
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
