package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/match"
)

// Matching limits.
const (
	// MaxMatchText bounds the text of one matching request, in bytes.
	MaxMatchText = 100 << 10
	// MatchesPerClient is how many matching requests (API calls and
	// article lookups together) a client may make within RequestWindow.
	MatchesPerClient = 60
	// RequestWindow is the window of the rate limit; it is the
	// subscriptions' window, whose table the count shares.
	RequestWindow = time.Hour
	// candidatesPerSentence is how many claims the index proposes for each
	// sentence before re-ranking.
	candidatesPerSentence = 20
	// queryWordsPerSentence bounds the words of a sentence sent to the
	// index (long sentences say more than one thing; their first words
	// carry the claim in news writing).
	queryWordsPerSentence = 16
	// reportFloor is the lowest score listed at all: below it a claim
	// merely shares a word or two with the text.
	reportFloor = 0.25
	// maxItems bounds the claims one text is matched to.
	maxItems = 50
	// maxSentences bounds the sentences of a text read.
	maxSentences = 3000
)

// requestKind is the kind under which matching requests are counted in
// the subscriptions' request table.
const requestKind = "match-client"

// MatchItem is a tracked claim a text repeats, or comes close to.
type MatchItem struct {
	Claim       ClaimText
	StatusLabel string
	Resolved    bool
	// Score is in [0, 1]; Match says it reaches the threshold.
	Score float64
	Match bool
	// Sentence is the text's sentence that comes closest to the claim.
	Sentence string
}

// Match splits text into sentences and returns the published claims they
// come closest to, best first, with match set for those reaching the
// threshold. clientAddr is counted against MatchesPerClient ("" counts
// nothing, for editors' own checks). EINVALID for an empty or too long
// text, ERATELIMITED past the limit.
func (s *Service) Match(ctx context.Context, clientAddr, text string) ([]MatchItem, error) {
	if err := checkText(text); err != nil {
		return nil, err
	}
	if err := s.countRequest(ctx, clientAddr); err != nil {
		return nil, err
	}
	return s.matchSentences(ctx, sentencesOf(text), false)
}

// sentencesOf splits text into at most maxSentences sentences.
func sentencesOf(text string) []string {
	sentences := match.Sentences(text)
	if len(sentences) > maxSentences {
		sentences = sentences[:maxSentences]
	}
	return sentences
}

// Tracked returns the claims, drafts included, that a claim's text being
// entered repeats or comes close to: an editor's "already tracked?" check.
// EINVALID for an empty or too long text.
func (s *Service) Tracked(ctx context.Context, text string) ([]MatchItem, error) {
	if err := checkText(text); err != nil {
		return nil, err
	}
	return s.matchSentences(ctx, []string{strings.TrimSpace(text)}, true)
}

func checkText(text string) error {
	switch {
	case strings.TrimSpace(text) == "":
		return claims.Invalid("text", "give the text to match")
	case len(text) > MaxMatchText:
		return claims.Invalid("text", "the text is longer than %d KB; send the article's text in parts", MaxMatchText>>10)
	case !utf8.ValidString(text):
		return claims.Invalid("text", "the text is not valid UTF-8")
	}
	return nil
}

// CountRequest counts a matching request by clientAddr against
// MatchesPerClient ("" counts nothing). ERATELIMITED past the limit.
func (s *Service) CountRequest(ctx context.Context, clientAddr string) error {
	return s.countRequest(ctx, clientAddr)
}

func (s *Service) countRequest(ctx context.Context, clientAddr string) error {
	if clientAddr == "" {
		return nil
	}
	now := s.now().UTC()
	sum := sha256.Sum256([]byte(clientAddr))
	n, err := s.store.CountSubscribeRequest(ctx, requestKind, hex.EncodeToString(sum[:]), now, now.Add(-RequestWindow))
	if err != nil {
		return err
	}
	if n > MatchesPerClient {
		return claims.Errorf(claims.ERATELIMITED, "too many matching requests from your address; try again in an hour")
	}
	return nil
}

func (s *Service) matchSentences(ctx context.Context, sentences []string, drafts bool) ([]MatchItem, error) {
	analysed := map[int64]*match.Text{}
	claimsByID := map[int64]ClaimText{}
	best := map[int64]MatchItem{}
	for _, sent := range sentences {
		words := match.QueryWords(sent, queryWordsPerSentence)
		if len(words) < 2 {
			continue
		}
		found, err := s.store.MatchCandidates(ctx, words, drafts, candidatesPerSentence)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			continue
		}
		cands := make([]match.Candidate, 0, len(found))
		for _, c := range found {
			a, ok := analysed[c.ID]
			if !ok {
				a = match.Analyze(c.Text)
				analysed[c.ID], claimsByID[c.ID] = a, c
			}
			cands = append(cands, match.Candidate{ID: c.ID, Text: a})
		}
		for _, r := range match.Rank(match.Analyze(sent), cands) {
			if r.Score < reportFloor {
				break
			}
			if prev, ok := best[r.ID]; ok && prev.Score >= r.Score {
				continue
			}
			c := claimsByID[r.ID]
			st := s.vocab.Get(c.Status)
			best[r.ID] = MatchItem{Claim: c, StatusLabel: st.Label, Resolved: st.Resolved, Score: round(r.Score),
				Match: r.Score >= s.threshold, Sentence: sent}
		}
	}
	out := make([]MatchItem, 0, len(best))
	for _, it := range best {
		out = append(out, it)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Claim.ID < out[j].Claim.ID
	})
	if len(out) > maxItems {
		out = out[:maxItems]
	}
	return out, nil
}

// round keeps three decimals: more would promise a precision the score
// does not have.
func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
