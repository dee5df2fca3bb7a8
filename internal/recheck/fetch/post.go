package fetch

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
)

// MaxPostAnswer is how much of an answer Post keeps.
const MaxPostAnswer = 4 << 10

// Post sends body to rawURL under the same rules as Get (scheme, port and
// address rules, checked again at dial time after DNS) and the client's
// total timeout, for webhooks. It follows no redirect: a receiver that
// moved must be registered again, so a redirect cannot lead a signed
// delivery somewhere an admin never chose. Politeness does not apply: the
// receiver asked for these requests. It returns the answer's status and at
// most MaxPostAnswer bytes of its body. Errors match Get's.
func (c *Client) Post(ctx context.Context, rawURL, contentType string, body []byte, header http.Header) (status int, answer []byte, err error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0, nil, &Error{Kind: ErrRefused, URL: rawURL, Err: err}
	}
	target, _, err := c.checkURL(u)
	if err != nil {
		return 0, nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(pctx, http.MethodPost, target.String(), bytes.NewReader(body))
	if err != nil {
		return 0, nil, &Error{Kind: ErrRefused, URL: rawURL, Err: err}
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", c.opts.UserAgent)
	hc := &http.Client{
		Transport:     c.transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, classify(ctx, pctx, rawURL, err)
	}
	defer resp.Body.Close()
	answer, err = io.ReadAll(io.LimitReader(resp.Body, MaxPostAnswer))
	if err != nil {
		return 0, nil, classify(ctx, pctx, rawURL, err)
	}
	return resp.StatusCode, answer, nil
}
