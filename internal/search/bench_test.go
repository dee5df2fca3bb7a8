package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/procstat"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// benchClaims is the size of the archive the speed goals are stated for.
const benchClaims = 100_000

// Words the generated claims are made of: varied enough that a word's
// claims number in the hundreds or thousands, as in a real archive.
var (
	benchSubjects = strings.Fields(`minister council company union hospital university police court regulator airline
bank mayor governor senator agency school ministry charity factory port railway museum club festival newspaper
broadcaster insurer retailer carmaker refinery mine utility prison army navy embassy party committee board trust`)
	benchVerbs = strings.Fields(`cut raised closed opened delayed approved rejected sold bought hired dismissed paid
fined banned launched cancelled moved doubled halved lost won sued audited inspected funded suspended`)
	benchObjects = strings.Fields(`jobs budget fares wages pensions contracts flights routes wards schools licences
permits grants loans shares bonds emissions imports exports prices rents taxes fees subsidies salaries
staff beds trains buses ferries reservoirs bridges roads tunnels pipelines clinics courts`)
	benchPlaces = strings.Fields(`Harlow Brenton Lisbon Ohio Dublin Kent Lyon Porto Leeds Malmo Gdansk Turin Cork Bergen
Utrecht Ghent Basel Graz Riga Tartu Split Aarhus Bilbao Nantes Seville Krakow Brno Pecs Kosice Varna`)
)

// benchClaim is the n-th generated claim.
func benchClaim(r *rand.Rand) string {
	pick := func(ws []string) string { return ws[r.IntN(len(ws))] }
	return fmt.Sprintf("The %s in %s %s %d %s in %d.", pick(benchSubjects), pick(benchPlaces), pick(benchVerbs),
		10+r.IntN(9990), pick(benchObjects), 2000+r.IntN(27))
}

// seedBench writes benchClaims published claims in 100 stories straight
// through the store (the timeline is not what is measured), the labelled
// claim set among them.
func seedBench(b testing.TB, db *store.DB) {
	ctx := b.Context()
	began := time.Now()
	r := rand.New(rand.NewPCG(1, 2))
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var storyIDs []int64
	for i := range 100 {
		st := &claims.Story{Slug: fmt.Sprintf("story-%d", i), Title: fmt.Sprintf("Story %d", i), Published: true, CreatedAt: now, UpdatedAt: now}
		if err := db.CreateStory(ctx, st); err != nil {
			b.Fatal(err)
		}
		storyIDs = append(storyIDs, st.ID)
	}
	fixed := readTSV(b, "testdata/matching_claims.tsv", 3)
	const batch = 2000
	for start := 0; start < benchClaims; start += batch {
		err := db.Tx(ctx, func(ctx context.Context) error {
			for i := start; i < start+batch; i++ {
				text := benchClaim(r)
				if i < len(fixed) {
					text = fixed[i][2]
				}
				c := &claims.Claim{StoryID: storyIDs[i%len(storyIDs)], Text: text, Status: "unverified", Position: i/len(storyIDs) + 1,
					CreatedAt: now, UpdatedAt: now}
				if err := db.CreateClaim(ctx, c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("setup: %d claims in %s", benchClaims, time.Since(began).Round(time.Millisecond))
}

// countingStore counts what search asks of storage: calls, and the rows
// (ids, texts, hits) they return, figures that the machine's load does not
// change.
type countingStore struct {
	*store.DB
	calls, rows int
}

func (s *countingStore) ClaimPostings(ctx context.Context, words []string, maxDF int) (map[string][]int64, error) {
	m, err := s.DB.ClaimPostings(ctx, words, maxDF)
	s.calls++
	for _, ids := range m {
		s.rows += len(ids)
	}
	return m, err
}

func (s *countingStore) ClaimTexts(ctx context.Context, ids []int64, drafts bool) ([]search.ClaimText, error) {
	t, err := s.DB.ClaimTexts(ctx, ids, drafts)
	s.calls++
	s.rows += len(t)
	return t, err
}

func (s *countingStore) CountClaims(ctx context.Context) (int, error) {
	s.calls++
	return s.DB.CountClaims(ctx)
}

func (s *countingStore) SearchIndex(ctx context.Context, q search.IndexQuery) ([]search.Hit, error) {
	h, err := s.DB.SearchIndex(ctx, q)
	s.calls++
	s.rows += len(h)
	return h, err
}

// measure runs op b.N times and reports its p50, p99 and first time, and,
// after the first, the process's CPU time per op (SQLite's work included;
// PostgreSQL's server not) and the store calls and rows per op.
func measure(b *testing.B, db *store.DB, op func(svc *search.Service) error) {
	cs := &countingStore{DB: db}
	svc := search.New(cs, claims.DefaultVocabulary(), 0, nil)
	var took []time.Duration
	var cpu0 time.Duration
	var calls, rows int
	for b.Loop() {
		t0 := time.Now()
		if err := op(svc); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(t0))
		if len(took) == 1 {
			// The first op also reads the words too common to read
			// again: the figures per op are those of the others.
			var err error
			if cpu0, err = procstat.CPU(); err != nil {
				b.Fatal(err)
			}
			calls, rows = cs.calls, cs.rows
		}
	}
	cpu1, _ := procstat.CPU()
	b.ReportMetric(float64(took[0].Microseconds())/1000, "first-ms")
	if n := float64(len(took) - 1); n > 0 {
		b.ReportMetric(float64((cpu1-cpu0).Microseconds())/1000/n, "cpu-ms/op")
		b.ReportMetric(float64(cs.calls-calls)/n, "store-calls/op")
		b.ReportMetric(float64(cs.rows-rows)/n, "rows/op")
	}
	reportPercentiles(b, took)
}

// BenchmarkSearch100k measures one search over 100,000 claims (goal: p99
// under 50 ms), queries of one to three words, common and rare.
func BenchmarkSearch100k(b *testing.B) {
	b.Run(store.DialectSQLite, func(b *testing.B) { benchSearch(b, storetest.SQLite(b)) })
	b.Run(store.DialectPostgres, func(b *testing.B) { benchSearch(b, storetest.Postgres(b)) })
}

func benchSearch(b *testing.B, db *store.DB) {
	seedBench(b, db)
	r := rand.New(rand.NewPCG(3, 4))
	var queries []string
	for range 50 {
		queries = append(queries, benchObjects[r.IntN(len(benchObjects))],
			benchSubjects[r.IntN(len(benchSubjects))]+" "+benchPlaces[r.IntN(len(benchPlaces))],
			benchVerbs[r.IntN(len(benchVerbs))]+" "+benchObjects[r.IntN(len(benchObjects))]+" "+benchPlaces[r.IntN(len(benchPlaces))])
	}
	queries = append(queries, "cracks dam wall", "petition signatures", "maternity ward")
	i := 0
	measure(b, db, func(svc *search.Service) error {
		q := queries[i%len(queries)]
		i++
		_, _, err := svc.Search(b.Context(), search.Query{Text: q, Limit: 20})
		return err
	})
}

// BenchmarkMatchArticle100k measures matching a 5,000-word article against
// 100,000 claims (goal: under 200 ms).
func BenchmarkMatchArticle100k(b *testing.B) {
	b.Run(store.DialectSQLite, func(b *testing.B) { benchMatch(b, storetest.SQLite(b)) })
	b.Run(store.DialectPostgres, func(b *testing.B) { benchMatch(b, storetest.Postgres(b)) })
}

func benchMatch(b *testing.B, db *store.DB) {
	seedBench(b, db)
	article := benchArticle(b)
	measure(b, db, func(svc *search.Service) error {
		_, err := svc.Match(b.Context(), "", article)
		return err
	})
}

// benchArticle is a 5,000-word article: the labelled sentences, then
// generated news sentences.
func benchArticle(b testing.TB) string {
	var sb strings.Builder
	words := 0
	for _, row := range readTSV(b, "testdata/matching_sentences.tsv", 3) {
		sb.WriteString(row[2] + " ")
		words += len(strings.Fields(row[2]))
	}
	r := rand.New(rand.NewPCG(5, 6))
	for words < 5000 {
		s := benchClaim(r)
		s = "Officials said " + strings.ToLower(s[:1]) + s[1:] + " "
		sb.WriteString(s)
		words += len(strings.Fields(s))
	}
	b.Logf("article: %d words, %d bytes", words, sb.Len())
	return sb.String()
}

func reportPercentiles(b *testing.B, took []time.Duration) {
	slices.Sort(took)
	at := func(p float64) float64 {
		return float64(took[min(len(took)-1, int(p*float64(len(took))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
