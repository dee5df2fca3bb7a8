package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"sort"
	"strings"
	"sync"
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
	candidatesPerSentence = 10
	// commonWordFloor is the fewest claims a word must be held by before it
	// counts as too common to read (see retrieve).
	commonWordFloor = 1000
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
	cands, err := s.retrieve(ctx, sentences, drafts)
	if err != nil {
		return nil, err
	}
	best := map[int64]MatchItem{}
	for i, sent := range sentences {
		if len(cands.bySentence[i]) == 0 {
			continue
		}
		list := make([]match.Candidate, 0, len(cands.bySentence[i]))
		for _, id := range cands.bySentence[i] {
			c, ok := cands.texts[id]
			if !ok {
				continue // not visible
			}
			list = append(list, match.Candidate{ID: id, Text: s.analysed.get(id, c.Text)})
		}
		for _, r := range match.Rank(match.Analyze(sent), list) {
			if r.Score < reportFloor {
				break
			}
			if prev, ok := best[r.ID]; ok && prev.Score >= r.Score {
				continue
			}
			c := cands.texts[r.ID]
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

// candidates are the claims proposed for each sentence of a text.
type candidates struct {
	bySentence [][]int64
	texts      map[int64]ClaimText
}

// retrieve proposes claims for every sentence with one batch of index
// reads for the whole text: each word's claims are read once, and a
// sentence's candidates are the claims sharing the most weight of its
// words, a word weighing ln(1 + N/df) (the rarer, the more). Words held by
// more than a hundredth of the claims (and at least commonWordFloor) weigh
// nothing and are not read: they tell no claim apart. Such words are
// remembered for commonTTL, so that they cost one read an hour, not one per
// text.
func (s *Service) retrieve(ctx context.Context, sentences []string, drafts bool) (candidates, error) {
	c := candidates{bySentence: make([][]int64, len(sentences)), texts: map[int64]ClaimText{}}
	words := make([][]string, len(sentences))
	var all []string
	for i, sent := range sentences {
		ws := match.QueryWords(sent, queryWordsPerSentence)
		if len(ws) < 2 {
			continue
		}
		for j, w := range ws {
			ws[j] = strings.ToLower(w)
		}
		words[i] = ws
		all = append(all, ws...)
	}
	if len(all) == 0 {
		return c, nil
	}
	now := s.now()
	n, err := s.common.claims(ctx, s.store, now)
	if err != nil {
		return c, err
	}
	all = s.common.drop(all, now)
	postings, err := s.store.ClaimPostings(ctx, all, max(commonWordFloor, n/100))
	if err != nil {
		return c, err
	}
	s.common.mark(postings, now)
	idf := map[string]float64{}
	for w, ids := range postings {
		if len(ids) > 0 {
			idf[w] = math.Log(1 + float64(n)/float64(len(ids)))
		}
	}
	want := map[int64]bool{}
	for i, ws := range words {
		acc := map[int64]float64{}
		for _, w := range ws {
			for _, id := range postings[w] {
				acc[id] += idf[w]
			}
		}
		ids := topIDs(acc, candidatesPerSentence)
		c.bySentence[i] = ids
		for _, id := range ids {
			want[id] = true
		}
	}
	ids := make([]int64, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
	texts, err := s.store.ClaimTexts(ctx, ids, drafts)
	if err != nil {
		return c, err
	}
	for _, t := range texts {
		c.texts[t.ID] = t
	}
	return c, nil
}

// commonTTL is how long a word found too common is not read again.
const commonTTL = time.Hour

// maxCommonWords bounds the words remembered as too common.
const maxCommonWords = 100_000

// countTTL is how long the number of claims, which weighs words, is
// remembered: counting 100,000 rows costs tens of milliseconds on
// PostgreSQL, and a weight a minute old is as good.
const countTTL = time.Minute

// commonWords remembers the words found too common to tell claims apart,
// and how many claims there are.
type commonWords struct {
	mu        sync.Mutex
	m         map[string]time.Time
	n         int
	countedAt time.Time
}

// claims returns the number of claims, counted at most once a countTTL.
func (cw *commonWords) claims(ctx context.Context, st Store, now time.Time) (int, error) {
	cw.mu.Lock()
	n, at := cw.n, cw.countedAt
	cw.mu.Unlock()
	if !at.IsZero() && now.Sub(at) < countTTL && now.Sub(at) >= 0 {
		return n, nil
	}
	n, err := st.CountClaims(ctx)
	if err != nil {
		return 0, err
	}
	cw.mu.Lock()
	cw.n, cw.countedAt = n, now
	cw.mu.Unlock()
	return n, nil
}

// maxAnalysed bounds the claims whose analysis is remembered (a few
// kilobytes each).
const maxAnalysed = 20_000

// analysedClaims remembers claims' texts as analysed for scoring: the
// claims an article's sentences propose are mostly the same from one
// article to the next, and stemming them was most of a match's CPU time.
type analysedClaims struct {
	mu sync.Mutex
	m  map[int64]*match.Text
}

// get returns the analysis of claim id's text, made once per text.
func (ac *analysedClaims) get(id int64, text string) *match.Text {
	ac.mu.Lock()
	a, ok := ac.m[id]
	ac.mu.Unlock()
	if ok && a.Raw == text {
		return a
	}
	a = match.Analyze(text)
	ac.mu.Lock()
	if ac.m == nil || len(ac.m) >= maxAnalysed {
		ac.m = map[int64]*match.Text{}
	}
	ac.m[id] = a
	ac.mu.Unlock()
	return a
}

// drop returns words without those known to be too common.
func (cw *commonWords) drop(words []string, now time.Time) []string {
	cw.mu.Lock()
	defer cw.mu.Unlock()
	out := words[:0:0]
	for _, w := range words {
		if at, ok := cw.m[w]; ok && now.Sub(at) < commonTTL {
			continue
		}
		out = append(out, w)
	}
	return out
}

// mark remembers the words postings found too common (nil lists).
func (cw *commonWords) mark(postings map[string][]int64, now time.Time) {
	cw.mu.Lock()
	defer cw.mu.Unlock()
	if cw.m == nil || len(cw.m) > maxCommonWords {
		cw.m = map[string]time.Time{}
	}
	for w, ids := range postings {
		if ids == nil {
			cw.m[w] = now
		}
	}
}

// topIDs returns the k ids of acc with the highest values (ties: lower id
// first), best first, in one pass: a sentence of common words can have
// tens of thousands.
func topIDs(acc map[int64]float64, k int) []int64 {
	top := make([]int64, 0, k+1)
	better := func(a, b int64) bool {
		if acc[a] != acc[b] {
			return acc[a] > acc[b]
		}
		return a < b
	}
	for id := range acc {
		if len(top) == k && !better(id, top[k-1]) {
			continue
		}
		j := len(top)
		top = append(top, id)
		for j > 0 && better(id, top[j-1]) {
			top[j] = top[j-1]
			j--
		}
		top[j] = id
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}

// round keeps three decimals: more would promise a precision the score
// does not have.
func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
