package view

import (
	"errors"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
)

// FetchFailure explains why an article pasted or looked up could not be
// read, with the status to answer; 0 for an error that is not the
// asker's to fix.
func FetchFailure(err error) (int, string) {
	switch {
	case err == nil:
		return 0, ""
	case errors.Is(err, fetch.ErrRefused):
		return http.StatusUnprocessableEntity, "claimtrack does not fetch this address: it is on a private or local network, " +
			"or uses a port that is not allowed. Nothing was requested."
	case errors.Is(err, fetch.ErrDNS):
		return http.StatusBadGateway, "The site could not be found: its name does not resolve. Check the address."
	case errors.Is(err, fetch.ErrTimeout):
		return http.StatusBadGateway, "The site did not answer in time. Try again later, or link the source by hand on the claim's page."
	case errors.Is(err, fetch.ErrTooManyRedirects):
		return http.StatusBadGateway, "The page redirects too many times; paste the article's final address."
	case errors.Is(err, fetch.ErrNetwork):
		return http.StatusBadGateway, "The site could not be reached: the connection failed."
	case claims.ErrorCode(err) == claims.EINVALID:
		return http.StatusUnprocessableEntity, claims.ErrorMessage(err)
	}
	return 0, ""
}
