package store

import (
	"context"
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/search"
)

type claimTextRow struct {
	ID         int64
	StorySlug  string
	StoryTitle string
	Text       string
	Status     string
}

// postingsBatch is how many words one SQLite postings query asks about:
// matchinfo gives a bitfield per word and row, so rows grow with the batch.
const postingsBatch = 100

// ClaimPostings returns, for each of words, the ids of the claims whose
// text holds it (after the database's stemming), withdrawn and unpublished
// ones included; a word more than maxDF claims hold maps to nil. The
// caller remembers common words, so that they are read once an hour.
func (db *DB) ClaimPostings(ctx context.Context, words []string, maxDF int) (map[string][]int64, error) {
	out := make(map[string][]int64, len(words))
	var clean []string
	seen := map[string]bool{}
	for _, w := range words {
		if c := ftsWord(w); c != "" && !seen[c] {
			seen[c] = true
			clean = append(clean, c)
		}
	}
	if len(clean) == 0 {
		return out, nil
	}
	if db.dialect == DialectPostgres {
		if err := db.postgresPostings(ctx, clean, maxDF, out); err != nil {
			return nil, err
		}
	} else {
		for start := 0; start < len(clean); start += postingsBatch {
			if err := db.sqlitePostings(ctx, clean[start:min(start+postingsBatch, len(clean))], out); err != nil {
				return nil, err
			}
		}
	}
	for w, ids := range out {
		if len(ids) > maxDF {
			out[w] = nil
		}
	}
	return out, nil
}

// postgresPostings finds the words' lexemes with one query, then every
// lexeme's claims with another: one GIN lookup per lexeme, stopped past
// maxDF claims, so a common word costs at most maxDF+1 rows. (A tsquery
// of ORed words would read each claim once, but PostgreSQL estimates such
// a query to match a good part of the table and plans a scan of all of
// it: 1.9 s for 100 rare words.) A word PostgreSQL takes for a stop word
// has no lexeme and is left out (an empty tsquery would read every row).
func (db *DB) postgresPostings(ctx context.Context, words []string, maxDF int, out map[string][]int64) error {
	vals := make([]string, len(words))
	args := make([]any, len(words))
	for i, w := range words {
		vals[i], args[i] = "(?::text)", w
	}
	type lexRow struct {
		W   string
		Lex string
	}
	var lexes []lexRow
	err := db.conn(ctx).Raw(`SELECT v.w, to_tsquery('english', v.w)::text AS lex FROM (VALUES `+strings.Join(vals, ", ")+`) AS v(w)`,
		args...).Scan(&lexes).Error
	if err != nil {
		return err
	}
	byLex := map[string][]string{}
	var terms []string
	for _, l := range lexes {
		// A lexeme reads 'word'; more than that is a stop word (empty)
		// or a word PostgreSQL splits in several.
		if len(l.Lex) < 3 || strings.ContainsAny(strings.Trim(l.Lex, "'"), "' &|!<>") {
			continue
		}
		if len(byLex[l.Lex]) == 0 {
			terms = append(terms, l.Lex)
		}
		byLex[l.Lex] = append(byLex[l.Lex], l.W)
	}
	if len(terms) == 0 {
		return nil
	}
	// The planner prices a thousand lookups as a big query and compiles
	// it (JIT) first: 270-310 ms of a 360-440 ms run. Off for this one.
	return db.Tx(ctx, func(ctx context.Context) error {
		if err := db.conn(ctx).Exec("SET LOCAL jit = off").Error; err != nil {
			return err
		}
		rows, err := db.conn(ctx).Raw(`SELECT l.lex, c.id FROM unnest(string_to_array(?, ' ')) AS l(lex)
			CROSS JOIN LATERAL (SELECT c.id FROM claims c WHERE `+pgClaimDoc+` @@ l.lex::tsquery LIMIT ?) c`,
			strings.Join(terms, " "), maxDF+1).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var lex string
			var id int64
			if err := rows.Scan(&lex, &id); err != nil {
				return err
			}
			for _, w := range byLex[lex] {
				out[w] = append(out[w], id)
			}
		}
		return rows.Err()
	})
}

// sqlitePostings reads a batch of words' claims with one FTS4 query, the
// words joined by OR; matchinfo's "b" says which words each claim holds
// (a 32-bit column bitfield per word), so nothing but the index is read.
func (db *DB) sqlitePostings(ctx context.Context, batch []string, out map[string][]int64) error {
	rows, err := db.conn(ctx).Raw(`SELECT docid, matchinfo(claims_fts, 'b') FROM claims_fts WHERE claims_fts MATCH ?`,
		`"`+strings.Join(batch, `" OR "`)+`"`).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var info []byte
		if err := rows.Scan(&id, &info); err != nil {
			return err
		}
		for i, w := range batch {
			if 4*i+4 <= len(info) && binary.NativeEndian.Uint32(info[4*i:]) != 0 {
				out[w] = append(out[w], id)
			}
		}
	}
	return rows.Err()
}

// ClaimTexts returns the claims among ids that readers may see (published,
// not withdrawn) or, with drafts, that are not withdrawn, with one query:
// the ids go as one parameter, a list the database splits itself, not as
// thousands of placeholders.
func (db *DB) ClaimTexts(ctx context.Context, ids []int64, drafts bool) ([]search.ClaimText, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	visible := " AND s.published AND NOT c.withdrawn"
	if drafts {
		visible = " AND NOT c.withdrawn"
	}
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.FormatInt(id, 10)
	}
	in := "c.id IN (SELECT value FROM json_each(?))"
	arg := "[" + strings.Join(list, ",") + "]"
	if db.dialect == DialectPostgres {
		in = "c.id = ANY (string_to_array(?, ',')::bigint[])"
		arg = strings.Join(list, ",")
	}
	var rows []claimTextRow
	err := db.conn(ctx).Raw(`SELECT c.id, s.slug AS story_slug, s.title AS story_title, c.text, c.status
		FROM claims c JOIN stories s ON s.id = c.story_id WHERE `+in+visible, arg).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]search.ClaimText, len(rows))
	for i, r := range rows {
		out[i] = search.ClaimText(r)
	}
	return out, nil
}

// CountClaims returns how many claims exist, for weighing words by how
// many claims hold them.
func (db *DB) CountClaims(ctx context.Context) (int, error) {
	var n int64
	err := db.conn(ctx).Raw("SELECT COUNT(*) FROM claims").Scan(&n).Error
	return int(n), err
}
